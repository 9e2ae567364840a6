"""Chapter 1's pictures: one neuron as a diagram, and the perceptron's step beside the sigmoid."""

from common import sampled, titled
from purenn.activations import sigmoid, sigmoid_prime
from purenn.pictures import svg
from purenn.pictures.plot import Axes, legend
from purenn.vector import dot

# The chapter's first neuron: weights [0, 1], bias 4, input [2, 3].
W, B, X = [0, 1], 4, [2, 3]


def neuron():
    """Inputs, weights on the arrows, the bias, z = w·x + b and a = σ(z), with the chapter's numbers."""
    z = dot(W, X) + B
    a = sigmoid(z)
    cx, cy, r = 400, 190, 62
    parts = []
    for j, (x_j, w_j, y) in enumerate(zip(X, W, (120, 260)), start=1):
        parts.append(svg.circle(90, y, 30, fill="#f2f2f2"))
        parts.append(svg.text(90, y + 6, f"x{'₁₂'[j - 1]} = {x_j}", anchor="middle", size=15))
        end = svg.along(cx, cy, 90, y, r / ((cx - 90) ** 2 + (cy - y) ** 2) ** 0.5)
        parts.append(svg.arrow(120, y, end[0], end[1], width=2))
        mx, my = svg.along(120, y, end[0], end[1], 0.45)
        parts.append(svg.text(mx, my - 12, f"w{'₁₂'[j - 1]} = {w_j}", anchor="middle", size=15,
                              fill="#D55E00", weight="bold"))
    parts.append(svg.arrow(cx, 345, cx, cy + r, width=2))
    parts.append(svg.text(cx + 10, 335, f"bias b = {B}", size=15, fill="#0072B2", weight="bold"))
    parts.append(svg.circle(cx, cy, r, fill="#fff", width=2))
    parts.append(svg.text(cx, cy - 14, "z = w·x + b", anchor="middle", size=15))
    parts.append(svg.text(cx, cy + 8, f"= {z}", anchor="middle", size=15))
    parts.append(svg.text(cx, cy + 32, "a = σ(z)", anchor="middle", size=15))
    parts.append(svg.arrow(cx + r, cy, 640, cy, width=2))
    parts.append(svg.text(552, cy - 12, "output", anchor="middle", size=14))
    parts.append(svg.text(552, cy + 26, f"a = {a:.4f}", anchor="middle", size=15, weight="bold"))
    parts.append(svg.text(60, 395, f"z = {W[0]}·{X[0]} + {W[1]}·{X[1]} + {B} = {z};  "
                                   f"σ({z}) = 1 / (1 + e^−{z}) = {a:.4f}", size=14))
    return titled(680, 420, "One neuron: weigh the inputs, add the bias, squash", parts)


def step(z):
    """The perceptron's output for weighted input z: 1 if z > 0, else 0."""
    return 1 if z > 0 else 0


def step_and_sigmoid():
    """The perceptron's step and σ(z) side by side, and σ(5z): a sigmoid with weights five times larger."""
    parts = []
    panels = [("the perceptron: 1 if z > 0, else 0", [("step", step, "#000", "")]),
              ("the sigmoid neuron: σ(z) = 1 / (1 + e^−z)",
               [("σ(z)", sigmoid, "#000", ""), ("σ(5z): weights and bias × 5", lambda z: sigmoid(5 * z),
                                              "#D55E00", "7 4")])]
    for n, (heading, curves) in enumerate(panels):
        axes = Axes(80 + n * 400, 80, 300, 220, (-6, 6, 2), (0, 1, 0.2))
        parts.extend(axes.frame("weighted input z", "output", grid=True))
        parts.append(svg.text(axes.left + axes.width / 2, axes.top - 12, heading, anchor="middle", size=14))
        for label, f, colour, dash in curves:
            if f is step:  # a jump: draw the two flat pieces and an open/closed end, not a slope
                parts.append(svg.polyline([axes.point(-6, 0), axes.point(0, 0)], stroke=colour, width=2.5))
                parts.append(svg.polyline([axes.point(0, 1), axes.point(6, 1)], stroke=colour, width=2.5))
                parts.append(svg.line(*axes.point(0, 0), *axes.point(0, 1), stroke=colour, width=1, dash="3 3"))
                parts.append(svg.circle(*axes.point(0, 0), 4, fill=colour, stroke=colour))
                parts.append(svg.circle(*axes.point(0, 1), 4, fill="#fff", stroke=colour))
            else:
                points = [axes.point(z, a) for z, a in sampled(f, -6, 6)]
                parts.append(svg.polyline(points, stroke=colour, width=2.5, dash=dash))
        if len(curves) > 1:
            parts.extend(legend(axes.left + 10, axes.top + axes.height + 72,
                                [(label, colour, dash) for label, _, colour, dash in curves]))
    return titled(820, 420, "A perceptron jumps; a sigmoid neuron changes smoothly", parts)


def sigmoid_slope():
    """σ and its slope σ' = σ(1 − σ), with the tangent at z = 1: Δa ≈ σ'(z) Δb."""
    axes = Axes(80, 70, 560, 300, (-6, 6, 1), (0, 1, 0.2))
    parts = axes.frame("weighted input z", "", grid=True)
    entries = [("σ(z)", *svg.INKS[0]), ("σ'(z) = σ(z)(1 − σ(z)), the slope of σ", *svg.INKS[1]),
               ("the tangent at z = 1: slope σ'(1)", *svg.INKS[2])]
    for f, (_, colour, dash) in zip((sigmoid, sigmoid_prime), entries):
        parts.append(svg.polyline([axes.point(z, a) for z, a in sampled(f, -6, 6)], stroke=colour, width=2.5,
                                  dash=dash))
    z0, slope = 1.0, sigmoid_prime(1.0)
    tangent = [(z0 + (a - sigmoid(z0)) / slope, a) for a in (0.35, 1.0)]  # inside the box
    parts.append(svg.polyline([axes.point(z, a) for z, a in tangent], stroke=entries[2][1], width=2.5,
                              dash=entries[2][2]))
    parts.append(svg.circle(*axes.point(z0, sigmoid(z0)), 5, fill="#000", stroke="#000"))
    parts.append(svg.text(axes.x(z0) + 10, axes.y(sigmoid(z0)) + 22, f"σ'(1) = {slope:.4f}", size=14))
    parts.append(svg.circle(*axes.point(0, sigmoid_prime(0.0)), 5, fill=entries[1][1], stroke=entries[1][1]))
    parts.append(svg.text(axes.x(0.2), axes.y(0.3), f"largest: σ'(0) = {sigmoid_prime(0.0):g}", size=14))
    parts.extend(legend(axes.left, axes.top + axes.height + 70, entries))
    return titled(700, 520, "The sigmoid and its slope", parts)


FIGURES = [("neuron.svg", neuron), ("step-and-sigmoid.svg", step_and_sigmoid),
           ("sigmoid-slope.svg", sigmoid_slope)]
