"""Chapter 6's pictures: activation functions and their slopes, δ per layer, learning curves."""

import math
import statistics

from common import TEST, TRAIN, mnist, sampled, titled
from purenn.activations import ReLU, Sigmoid, Tanh
from purenn.costs import CrossEntropyCost, LogLikelihoodCost, QuadraticCost
from purenn.matrix import Matrix
from purenn.network import Network
from purenn.vector import add
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


def neuron_outputs(w, b, cost, steps=300, eta=0.15):
    """What chapter 6's one neuron answers for x = 1 (target 0) before each of `steps` gradient steps."""
    net = Network([1, 1], cost=cost)
    net.weights, net.biases = [Matrix([[w]])], [[b]]
    x, y = [1.0], [0.0]
    answers = []
    for _ in range(steps + 1):
        answers.append(net.feedforward(x)[0])
        net.update_mini_batch([(x, y)], eta)
    return answers


def slow_learning():
    """Chapter 6's two neurons, quadratic cost beside cross-entropy: a stall against none."""
    parts = []
    starts = [((0.6, 0.9), "w = 0.6, b = 0.9: starts at 0.82"), ((2.0, 2.0), "w = 2, b = 2: starts at 0.98")]
    for n, (cost, name) in enumerate(((QuadraticCost, "quadratic cost"), (CrossEntropyCost, "cross-entropy"))):
        axes = Axes(80 + n * 380, 80, 300, 250, (0, 300, 50), (0, 1, 0.2))
        parts.extend(axes.frame("gradient steps (η = 0.15)", "output a (target 0)" if n == 0 else "", grid=True))
        parts.append(svg.text(axes.left + axes.width / 2, axes.top - 12, name, anchor="middle", size=15,
                              weight="bold"))
        for ((w, b), _), (colour, dash) in zip(starts, svg.INKS[1:]):
            answers = neuron_outputs(w, b, cost)
            parts.append(svg.polyline([axes.point(step, a) for step, a in enumerate(answers)], stroke=colour,
                                      width=2.5, dash=dash))
    parts.extend(legend(80, 412, [(label, *ink) for (_, label), ink in zip(starts, svg.INKS[1:])]))
    return titled(800, 460, "One neuron learning to answer 0: the badly wrong one stalls with the quadratic cost",
                  parts)


def weighted_inputs(init, images):
    """z = w¹x + b¹ of the 30 hidden neurons of [784, 30, 10] for each image (chapter 6)."""
    net = Network([784, 30, 10], init=init, seed=1)
    return [z for x, _ in images for z in add(net.weights[0] @ x, net.biases[0])]


def starting_weights():
    """How the weighted inputs z spread with N(0, 1) weights against N(0, 1/n_in): histograms."""
    images = list(mnist(TEST, 100))
    axes = Axes(90, 80, 600, 300, (-24, 24, 4), (0, 50, 10))
    parts = [svg.rect(axes.x(-24), axes.top, axes.x(-4) - axes.x(-24), axes.height, fill="#eeeeee"),
             svg.rect(axes.x(4), axes.top, axes.x(24) - axes.x(4), axes.height, fill="#eeeeee")]
    parts += axes.frame("weighted input z of a hidden neuron", "share of all z (% per unit of z)", grid=True)
    parts.append(svg.text(axes.x(-14), axes.top + 24, "|z| > 4: σ is flat", anchor="middle", size=14))
    parts.append(svg.text(axes.x(14), axes.top + 24, "|z| > 4: σ is flat", anchor="middle", size=14))
    entries = []
    for init, label, (colour, dash) in (("large", "N(0, 1) weights (init large)", svg.INKS[0]),
                                        ("scaled", "N(0, 1/784) weights (init scaled, the default)", svg.INKS[1])):
        zs = weighted_inputs(init, images)
        counts = [0] * 48
        for z in zs:
            if -24 <= z < 24:
                counts[int(z + 24)] += 1
        outline = [axes.point(-24, 0)]
        for k, count in enumerate(counts):  # a histogram drawn as one stepped line
            share = 100 * count / len(zs)
            outline += [axes.point(k - 24, share), axes.point(k - 23, share)]
        outline.append(axes.point(24, 0))
        parts.append(svg.polyline(outline, stroke=colour, width=2.5, dash=dash))
        saturated = sum(abs(z) > 4 for z in zs) / len(zs)
        entries.append((f"{label}: spread {statistics.pstdev(zs):.2f}, {saturated:.0%} beyond ±4", colour, dash))
    parts.extend(legend(axes.left, axes.top + axes.height + 70, entries))
    return titled(740, 500, "Where the hidden neurons start: z for 100 test images, two initialisations",
                  parts)


def softmax_outputs():
    """The ten outputs for the fifth test image (a 4): sigmoid outputs beside softmax outputs."""
    training_data, (x4, label) = list(mnist(TRAIN, 2000)), mnist(TEST, 5)[4]
    axes = Axes(90, 80, 600, 280, (-0.5, 9.5, 1), (0, 1, 0.2))
    parts = axes.frame(f"digit j (the image is a {label})", "output of neuron j", grid=True,
                       x_labels={j: str(j) for j in range(10)})
    entries = []
    for n, (cost, fill) in enumerate(((CrossEntropyCost, "#bbbbbb"), (LogLikelihoodCost, "#0072B2"))):
        net = Network([784, 10], cost=cost, seed=1)
        net.train_epoch(training_data, 10, 0.5)
        a = net.feedforward(x4)
        for j, a_j in enumerate(a):
            left = axes.x(j) - 22 + n * 22
            parts.append(svg.rect(left, axes.y(a_j), 22, axes.y(0) - axes.y(a_j), fill=fill, stroke="#000",
                                  stroke_width=1))
            if a_j > 0.1:
                parts.append(svg.text(left + 11, axes.y(a_j) - 6, f"{a_j:.2f}", anchor="middle", size=13))
        entries.append((net.output_activation.name, fill, f"sum of the ten outputs: {sum(a):.2f}"))
    for n, (name, fill, total) in enumerate(entries):
        y = axes.top + axes.height + 70 + 24 * n
        parts.append(svg.rect(axes.left, y - 14, 30, 16, fill=fill, stroke="#000", stroke_width=1))
        parts.append(svg.text(axes.left + 40, y, f"{name} outputs: {total}", size=14))
    return titled(740, 480, "One image, two output layers: [784, 10] after one epoch on 2000 images", parts,
                  subtitle="sigmoid answers ten separate questions; softmax shares out one unit of belief")


FIGURES = [("activations.svg", activation_curves), ("vanishing-gradient.svg", vanishing_gradient),
           ("slow-learning.svg", slow_learning), ("starting-weights.svg", starting_weights),
           ("softmax-outputs.svg", softmax_outputs)]


# Nielsen's chapter-3 overfitting setting: 1000 training images and the N(0, 1) start of his
# chapter 1 ("large"), where a network memorises its images and regularisation pays.  His λ = 0.1
# needs hundreds of epochs to show it; λ = 0.5 shows it within EPOCHS (the picture: after 60 epochs
# 81.6% of the validation images without regularisation, 87.4% with λ = 0.5, 83.1% with dropout).
EPOCHS = 60
REGULARISERS = [("no regularisation", {"init": "large"}, 0.0), ("L2, λ = 0.5", {"init": "large"}, 0.5),
                ("dropout, p = 0.5", {"init": "large", "dropout": 0.5}, 0.0)]


def accuracy_curves(network_options, lmbda, training, validation):
    """(training %, validation %) after each epoch of [784, 30, 10], η = 0.5, mini-batches of 10.

    The same run as `--limit 2000 --validation 1000 --init large`, for EPOCHS epochs.
    """
    net = Network([784, 30, 10], seed=1, **network_options)
    train_curve, validation_curve = [], []
    for _ in range(EPOCHS):
        net.train_epoch(training, 10, 0.5, lmbda)
        train_curve.append(100 * net.evaluate(training) / len(training))
        validation_curve.append(100 * net.evaluate(validation) / len(validation))
    return train_curve, validation_curve


def overfitting():
    first_2000 = list(mnist(TRAIN, 2000, sparse=True))  # sparse: the same numbers, sooner
    training, validation = first_2000[:1000], first_2000[1000:]
    parts, gaps = [], []
    for n, (name, options, lmbda) in enumerate(REGULARISERS):
        curves = accuracy_curves(options, lmbda, training, validation)
        axes = Axes(75 + n * 330, 90, 260, 260, (0, EPOCHS, 10), (40, 100, 10))  # from 40: the first epoch is drawn too
        parts.extend(axes.frame("epoch", "accuracy (%)" if n == 0 else "", grid=True))
        parts.append(svg.text(axes.left + axes.width / 2, axes.top - 12, name, anchor="middle", size=15,
                              weight="bold"))
        for values, (colour, dash) in zip(curves, svg.INKS):
            points = [axes.point(epoch, v) for epoch, v in enumerate(values, start=1)]
            parts.append(svg.polyline(points, stroke=colour, width=2.5, dash=dash))
        train_end, validation_end = curves[0][-1], curves[1][-1]
        gaps.append(f"{train_end - validation_end:.1f}")
        parts.append(svg.text(axes.left + axes.width - 6, axes.top + axes.height - 30,
                              f"after {EPOCHS}: {train_end:.1f}% / {validation_end:.1f}%", anchor="end",
                              size=13))
        parts.append(svg.text(axes.left + axes.width - 6, axes.top + axes.height - 12,
                              f"gap {train_end - validation_end:.1f} points", anchor="end", size=13))
    parts.extend(legend(75, 420, [("training accuracy (the 1000 images it learns from)", *svg.INKS[0]),
                                  ("validation accuracy (1000 images it never sees)", *svg.INKS[1])]))
    return titled(1040, 470, f"Overfitting on 1000 images: [784, 30, 10] from N(0, 1), η = 0.5, {EPOCHS} epochs",
                  parts,
                  subtitle=f"the gap between the curves is what the network memorised: after {EPOCHS} "
                           f"epochs {gaps[0]}, {gaps[1]} and {gaps[2]} points")


FIGURES.append(("overfitting.svg", overfitting))
SLOW = {"overfitting.svg"}
