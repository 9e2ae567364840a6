"""Chapter 3's picture: one neuron's cost over its weight and bias, and gradient descent's path."""

from common import titled
from purenn.costs import QuadraticCost
from purenn.network import Network
from purenn.pictures import svg
from purenn.pictures.contour import contour_path, contour_segments, grid_values
from purenn.pictures.plot import Axes

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


def cost_surface():
    net = neuron()
    axes = Axes(80, 70, 480, 400, W_RANGE + (1,), B_RANGE + (1,))
    values = grid_values(lambda w, b: cost_at(net, w, b), W_RANGE, B_RANGE, 70)
    parts = axes.frame("weight w", "bias b", grid=False)
    for level in (0.07, 0.09, 0.12, 0.16, 0.2, 0.25, 0.3):
        segments = contour_segments(values, W_RANGE, B_RANGE, level)
        parts.append(svg.path(contour_path(segments, axes.point), stroke="#999", width=1))
        w, b = min((point for segment in segments for point in segment), key=lambda p: p[1])
        x = min(axes.x(w) + 4, axes.left + axes.width - 30)  # inside the box
        parts.append(svg.text(x, axes.y(b) - 5, f"{level:g}", size=12, fill="#555"))
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


FIGURES = [("cost-surface-descent.svg", cost_surface)]
