"""Chapter 5's picture: the baselines beside the networks' accuracy, as bars."""

import os
import random
import re
from collections import Counter

from common import HERE, TEST, TRAIN, mnist, titled
from purenn.network import Network
from purenn.pictures import svg
from purenn.pictures.plot import Axes, legend

CHAPTER = os.path.join(os.path.dirname(HERE), "05-learning-mnist.md")


def final_accuracy(command):
    """The "final X%" that chapter 5 prints for `command` (re-run by the slow command test)."""
    with open(CHAPTER, encoding="utf-8") as f:
        text = f.read()
    block = text[text.index(f"$ {command}\n"):]
    return float(re.search(r"final (\d+\.\d+)%", block).group(1))


def baselines():
    """[(name, accuracy %), ...]: chapter 5's classifiers, the cheap ones measured here."""
    test_data, training_data = mnist(TEST, 10000), mnist(TRAIN, 10000)
    rng = random.Random(1)
    chance = sum(rng.randrange(10) == label for _, label in test_data)
    untrained = Network([784, 10], seed=1).evaluate(test_data)
    most_common = Counter(label for _, label in test_data).most_common(1)[0][1]
    totals, counts = [0.0] * 10, [0] * 10
    for x, label in training_data:
        totals[label] += sum(x)
        counts[label] += 1
    averages = [total / count for total, count in zip(totals, counts)]

    def guess_by_darkness(x):
        d = sum(x)
        return min(range(10), key=lambda digit: abs(averages[digit] - d))

    darkness = sum(guess_by_darkness(x) == label for x, label in test_data)
    n = len(test_data)
    return [("random guess", 100 * chance / n), ("untrained [784, 10]", 100 * untrained / n),
            ('always "1"', 100 * most_common / n), ("average darkness", 100 * darkness / n),
            ("[784, 10], 2 epochs", final_accuracy("python main.py --hidden --epochs 2")),
            ("[784, 30, 10], 5 epochs", final_accuracy("python main.py --hidden 30 --epochs 5"))]


def baseline_bars():
    rows = baselines()
    axes = Axes(230, 70, 520, 6 * 48, (0, 100, 10), (0, 6, 1))
    parts = axes.frame("accuracy on the 10,000 test images (%)", "", grid=False, y_labels={})
    for v in axes.x_ticks():
        parts.append(svg.line(axes.x(v), axes.top, axes.x(v), axes.top + axes.height, stroke="#ddd", width=1))
    for k, (name, accuracy) in enumerate(rows):
        top = axes.top + k * 48 + 10
        learned = k >= 4  # the networks, against the four that learn nothing or next to nothing
        parts.append(svg.rect(axes.left, top, axes.x(accuracy) - axes.left, 28,
                              fill="#0072B2" if learned else "#bbbbbb", stroke="#000", stroke_width=1))
        parts.append(svg.text(axes.left - 10, top + 19, name, anchor="end", size=14))
        parts.append(svg.text(axes.x(accuracy) + 6, top + 19, f"{accuracy:.2f}%", size=14, weight="bold"))
    return titled(840, 440, "Baselines beside the networks (chapter 5)", parts,
                  subtitle="grey: learns nothing, or one number per image; blue: networks trained on 60,000 images")


FIGURES = [("baselines.svg", baseline_bars)]



EPOCHS, ETA = 5, 5.0


def mini_batch_paths():
    """Chapter 3's neuron, 5 epochs of Network.train_epoch: one step per epoch vs one per sample."""
    from figures_ch03 import B_RANGE, DATA, START, W_RANGE, contour_map, neuron, place
    axes = Axes(80, 70, 480, 400, W_RANGE + (1,), B_RANGE + (1,))
    parts = contour_map(axes)
    entries = []
    runs = [(len(DATA), f"m = {len(DATA)}, the whole set: {EPOCHS} exact steps", "#000", ""),
            (1, f"m = 1: {EPOCHS * len(DATA)} rough steps, one per sample", "#D55E00", "6 3")]
    for m, label, colour, dash in runs:
        net = neuron()
        place(net, *START)
        points = [START]

        def after_step(size):  # train_epoch calls this after each mini-batch
            points.append((net.weights[0].rows[0][0], net.biases[0][0]))

        for _ in range(EPOCHS):
            net.train_epoch(DATA, m, ETA, progress=after_step)
        pixels = [axes.point(w, b) for w, b in points]
        parts.append(svg.polyline(pixels, stroke=colour, width=2.5, dash=dash))
        parts.extend(svg.circle(x, y, 3, fill=colour, stroke=None) for x, y in pixels)
        entries.append((label, colour, dash))
    x0, y0 = axes.point(*START)
    parts.append(svg.text(x0 - 4, y0 + 22, "start", size=14))
    parts.extend(legend(axes.left, axes.top + axes.height + 70, entries))
    return titled(600, 585, f"{EPOCHS} epochs on 7 samples, η = {ETA:g}: mini-batches of 7 and of 1", parts,
                  subtitle="chapter 3's neuron; each dot is one step of Network.train_epoch")


FIGURES.append(("mini-batches.svg", mini_batch_paths))
