"""Chapter 6's pictures: activation functions and their slopes, δ per layer, learning curves."""

import math
import statistics

from common import TRAIN, mnist, sampled, titled
from purenn.activations import ReLU, Sigmoid, Tanh
from purenn.costs import CrossEntropyCost
from purenn.network import Network
from purenn.pictures import svg
from purenn.pictures.plot import Axes, legend

ACTIVATIONS = [(Sigmoid, "σ(z)", "σ'(z)"), (Tanh, "tanh(z)", "tanh'(z)"), (ReLU, "ReLU(z) = max(0, z)", "ReLU'(z)")]


def pieces(points, jump=0.5):
    """Split a sampled curve where it jumps (ReLU' at 0) so the jump is not drawn as a slope."""
    runs = [[points[0]]]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if abs(y1 - y0) > jump:
            runs.append([])
        runs[-1].append((x1, y1))
    return runs


def activation_curves():
    """σ, tanh and ReLU beside each other, each with its slope f'(z), from purenn.activations."""
    parts = []
    y_low, y_high = -1.0, 2.0
    for n, (f, name, slope_name) in enumerate(ACTIVATIONS):
        axes = Axes(70 + n * 300, 80, 230, 230, (-3, 3, 1), (y_low, y_high, 0.5))
        parts.extend(axes.frame("z", "", grid=True))
        parts.append(svg.line(axes.left, axes.y(0), axes.left + axes.width, axes.y(0), stroke="#888", width=1))
        parts.append(svg.text(axes.left + axes.width / 2, axes.top - 12, f.name, anchor="middle", size=15,
                              weight="bold"))
        for function, (colour, dash) in ((lambda z: f.fn([z])[0], svg.INKS[0]),
                                         (lambda z: f.prime([z])[0], svg.INKS[1])):
            points = [axes.point(z, v) for z, v in sampled(function, -3, 3, 601) if y_low <= v <= y_high]
            for run in pieces(points, jump=axes.height / 6):
                parts.append(svg.polyline(run, stroke=colour, width=2.5, dash=dash))
        parts.extend(legend(axes.left, axes.top + axes.height + 64,
                            [(name, svg.INKS[0][0], svg.INKS[0][1]), (slope_name, svg.INKS[1][0], svg.INKS[1][1])]))
    return titled(960, 430, "Three activation functions (solid) and their slopes (dashed)", parts,
                  subtitle="σ' is at most 0.25; tanh' reaches 1 at z = 0; ReLU' is 0 or 1")


DEEP = [784, 30, 30, 30, 30, 10]
RUNS = [(Sigmoid, "scaled"), (Tanh, "scaled"), (ReLU, "he")]


def mean_abs_delta(net, samples):
    """The average |δ^l_j| over the neurons of each layer l = 1 ... L and the samples (chapter 6)."""
    totals = [0.0] * (len(net.sizes) - 1)
    for x, label in samples:
        nabla_b, _ = net.backprop(x, label)  # nabla_b[l - 1] is δ^l (BP3)
        for l, delta in enumerate(nabla_b):
            totals[l] += statistics.mean(abs(d) for d in delta)
    return [total / len(samples) for total in totals]


def vanishing_gradient():
    """Mean |δ^l| per layer of [784, 30, 30, 30, 30, 10] on ten training images, log scale."""
    samples = list(mnist(TRAIN, 10))
    axes = Axes(90, 80, 520, 300, (0.5, 5.5, 1), (-4, 0, 1))
    labels = {v: f"{10.0 ** v:g}" for v in range(-4, 1)}
    parts = axes.frame("layer l (1 = first hidden layer, 5 = output)", "mean |δ| (log scale)",
                       x_labels={l: str(l) for l in range(1, 6)}, y_labels=labels)
    entries = []
    for (hidden, init), (colour, dash), marker in zip(RUNS, svg.INKS, ("circle", "square", "triangle")):
        net = Network(DEEP, CrossEntropyCost, hidden, init, seed=1)
        sizes = mean_abs_delta(net, samples)
        points = [axes.point(l, math.log10(d)) for l, d in enumerate(sizes, start=1)]
        parts.append(svg.polyline(points, stroke=colour, width=2.5, dash=dash))
        for x, y in points:
            if marker == "circle":
                parts.append(svg.circle(x, y, 5, fill=colour, stroke=colour))
            elif marker == "square":
                parts.append(svg.rect(x - 5, y - 5, 10, 10, fill=colour))
            else:
                parts.append(svg.polygon([(x, y - 7), (x - 6, y + 5), (x + 6, y + 5)], fill=colour))
        entries.append((f"{hidden.name} ({init} start): output / layer 1 = {sizes[-1] / sizes[0]:.0f}",
                        colour, dash))
    parts.extend(legend(axes.left, axes.top + axes.height + 72, entries))
    return titled(660, 530, "How big δ is in each layer of [784, 30, 30, 30, 30, 10]", parts,
                  subtitle="the average |δ| of each layer's neurons, by Network.backprop on 10 training images")


FIGURES = [("activations.svg", activation_curves), ("vanishing-gradient.svg", vanishing_gradient)]
