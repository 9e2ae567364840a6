"""Chapter 3's picture: one neuron's cost over its weight and bias, and gradient descent's path."""

import math

from common import sampled, titled
from purenn.costs import QuadraticCost
from purenn.network import Network
from purenn.pictures import svg
from purenn.pictures.contour import contour_path, contour_segments, grid_values
from purenn.pictures.plot import Axes, axis_range, legend

# Seven points on a line, labelled 0 (left) or 1 (right) with one exception on each side,
# so that no weight fits them all and the lowest cost lies inside the picture.
DATA = [([-2.0], [0.0]), ([-1.0], [0.0]), ([-0.5], [1.0]), ([0.0], [0.0]), ([0.5], [1.0]),
        ([1.0], [1.0]), ([2.0], [1.0])]
START, ETA, STEPS = (-2.0, 2.5), 5.0, 40
W_RANGE, B_RANGE = (-3.0, 4.0), (-2.0, 4.0)


def neuron():
    """A [1, 1] network: one sigmoid neuron, quadratic cost; its w and b are set by `place`."""
    return Network([1, 1], cost=QuadraticCost, seed=1)


def place(net, w, b):
    net.weights[0].rows[0][0], net.biases[0][0] = w, b


def cost_at(net, w, b):
    """C(w, b): the neuron's average quadratic cost on DATA with weight w and bias b."""
    place(net, w, b)
    return net.total_cost(DATA)


def descent_path():
    """[(w, b), ...]: where Network.update_mini_batch takes the neuron from START, step by step."""
    net = neuron()
    place(net, *START)
    points = [START]
    for _ in range(STEPS):
        net.update_mini_batch(DATA, ETA)
        points.append((net.weights[0].rows[0][0], net.biases[0][0]))
    return points


def contour_map(axes):
    """The frame and the labelled lines of equal cost of the neuron's C(w, b), on `axes`."""
    net = neuron()
    values = grid_values(lambda w, b: cost_at(net, w, b), W_RANGE, B_RANGE, 70)
    parts = axes.frame("weight w", "bias b", grid=False)
    for level in (0.07, 0.09, 0.12, 0.16, 0.2, 0.25, 0.3):
        segments = contour_segments(values, W_RANGE, B_RANGE, level)
        parts.append(svg.path(contour_path(segments, axes.point), stroke="#999", width=1))
        w, b = min((point for segment in segments for point in segment), key=lambda p: p[1])
        x = min(axes.x(w) + 4, axes.left + axes.width - 30)  # inside the box
        parts.append(svg.text(x, axes.y(b) - 5, f"{level:g}", size=12, fill="#555"))
    return parts


def cost_surface():
    axes = Axes(80, 70, 480, 400, W_RANGE + (1,), B_RANGE + (1,))
    parts = contour_map(axes)
    points = [axes.point(w, b) for w, b in descent_path()]
    parts.append(svg.polyline(points, stroke="#D55E00", width=2))
    parts.extend(svg.circle(x, y, 2.5, fill="#000", stroke=None) for x, y in points)
    (x0, y0), (x1, y1) = points[0], points[-1]
    parts.append(svg.text(x0 - 4, y0 + 22, "start", size=14))
    parts.append(svg.text(x1 + 12, y1 + 20, f"after {STEPS} steps", size=14))
    parts.append(svg.text(axes.left, axes.top + axes.height + 70,
                          f"Grey: lines of equal cost (their values). Dots: one step of "
                          f"gradient descent each, η = {ETA:g}.", size=13))
    return titled(600, 570, "One neuron's cost C(w, b) and the path downhill", parts,
                  subtitle="σ(w x + b), quadratic cost on 7 points; steps by Network.update_mini_batch")


POINT, EPS = (1.0, 1.5), 0.1  # where the steps start, and their length


def gradient_at(net, w, b):
    """∇C = (∂C/∂w, ∂C/∂b) at (w, b): Network.backprop's gradient averaged over DATA."""
    place(net, w, b)
    dw = db = 0.0
    for x, y in DATA:
        nabla_b, nabla_w = net.backprop(x, y)
        dw += nabla_w[0].rows[0][0]
        db += nabla_b[0][0]
    return dw / len(DATA), db / len(DATA)


def steepest_descent():
    """Steps of one length ε in every direction from one point: the one along −∇C lowers C most."""
    net = neuron()
    w0, b0 = POINT
    gw, gb = gradient_at(net, w0, b0)
    norm = math.hypot(gw, gb)
    c0 = cost_at(net, w0, b0)
    downhill = math.atan2(-gb, -gw)  # the angle of −∇C

    def change(theta):  # ΔC for a step of length EPS at angle theta from −∇C
        return cost_at(net, w0 + EPS * math.cos(downhill + theta), b0 + EPS * math.sin(downhill + theta)) - c0

    box = 0.2
    w_range, b_range = (w0 - box, w0 + box), (b0 - box, b0 + box)
    left = Axes(80, 80, 320, 320, w_range + (0.1,), b_range + (0.1,))
    parts = left.frame("weight w", "bias b", grid=False)
    values = grid_values(lambda w, b: cost_at(net, w, b), w_range, b_range, 48)
    for k in range(-8, 9):
        segments = contour_segments(values, w_range, b_range, c0 + k * 0.0015)
        parts.append(svg.path(contour_path(segments, left.point), stroke="#bbb", width=1))
    for n in range(24):
        theta = 2 * math.pi * n / 24
        if n == 0:
            continue
        end = (w0 + EPS * math.cos(downhill + theta), b0 + EPS * math.sin(downhill + theta))
        parts.append(svg.arrow(*left.point(w0, b0), *left.point(*end), stroke="#888", width=1.2, head=7))
    end = (w0 + EPS * math.cos(downhill), b0 + EPS * math.sin(downhill))
    parts.append(svg.arrow(*left.point(w0, b0), *left.point(*end), stroke="#D55E00", width=3.5, head=12))
    parts.append(svg.text(left.x(end[0]) + 8, left.y(end[1]) + 18, "−∇C", size=16, fill="#D55E00",
                          weight="bold"))
    parts.append(svg.text(left.left + 160, left.top - 10, f"24 steps of length ε = {EPS:g}", anchor="middle",
                          size=14))
    measured = sampled(lambda degrees: change(math.radians(degrees)), -180, 180, 121)
    predicted = sampled(lambda degrees: -EPS * norm * math.cos(math.radians(degrees)), -180, 180, 121)
    right = Axes(540, 80, 320, 320, (-180, 180, 90), axis_range([v for _, v in measured + predicted]))
    parts += right.frame("angle between the step and −∇C (degrees)", "ΔC", grid=True)
    real = [right.point(d, v) for d, v in measured]
    linear = [right.point(d, v) for d, v in predicted]
    parts.append(svg.polyline(linear, stroke="#0072B2", width=2.5, dash="7 4"))
    parts.append(svg.polyline(real, stroke="#000", width=2.5))
    parts.append(svg.circle(*right.point(0, change(0.0)), 5, fill="#D55E00", stroke="#D55E00"))
    parts.extend(legend(520, 472, [("ΔC measured: C(step) − C", "#000", ""),
                                   ("∇C·Δv = −ε‖∇C‖ cos(angle), lowest at 0°", "#0072B2", "7 4")]))
    parts.append(svg.text(80, 472, f"at (w, b) = ({w0:g}, {b0:g}):  ‖∇C‖ = {norm:.4f}", size=14))
    parts.append(svg.text(80, 494, f"along −∇C: ΔC = {change(0.0):.4f}, about −ε‖∇C‖ = {-EPS * norm:.4f}",
                          size=14))
    return titled(920, 520, "Why −∇C: of all steps of one length, the one against the gradient goes down most",
                  parts, subtitle="the neuron of the picture above; ΔC by Network.total_cost, ∇C by Network.backprop")


FIGURES = [("cost-surface-descent.svg", cost_surface), ("steepest-descent.svg", steepest_descent)]
