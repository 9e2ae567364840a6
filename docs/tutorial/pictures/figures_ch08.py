"""Chapter 8's pictures: a training image's inked pixels, the only ones a sparse product visits;
the measured training times of the dated bench table (appendix B, the one home of timings)."""

import math
import os
import re

from common import HERE, TRAIN, mnist, titled
from purenn.network import Network
from purenn.pictures import svg
from purenn.pictures.plot import Axes

CELL = 12  # pixels a side for each of the 28 x 28 pixels


def sparse_image():
    x, label = mnist(TRAIN, 1, sparse=True)[0]  # a SparseVector: the inked pixels and where they are
    side, left, top = 28, 40, 80
    parts = []
    for i, v in zip(x.indices, x.values):  # only the inked pixels are stored, so only they are drawn
        row, column = divmod(i, side)
        grey = round(255 * (1 - v))
        parts.append(svg.rect(left + column * CELL, top + row * CELL, CELL, CELL,
                              fill=f"#{grey:02x}{grey:02x}{grey:02x}"))
    for k in range(side + 1):  # the grid of all 784 pixels, the blank ones included
        parts.append(svg.line(left + k * CELL, top, left + k * CELL, top + side * CELL, stroke="#ccc", width=0.5))
        parts.append(svg.line(left, top + k * CELL, left + side * CELL, top + k * CELL, stroke="#ccc", width=0.5))
    for i in x.indices:  # outlined, so that faint ink shows too
        row, column = divmod(i, side)
        parts.append(svg.rect(left + column * CELL + 1, top + row * CELL + 1, CELL - 2, CELL - 2, fill="none",
                              stroke="#D55E00", stroke_width=1.5))
    parts.append(svg.text(left + side * CELL / 2, top + side * CELL + 26,
                          f"label {label}: {len(x.indices)} of {len(x)} pixels are not 0 (outlined)",
                          anchor="middle", size=15))
    rows = Network([784, 30, 10], seed=1).weights[0].shape[0]
    counts = [("dense: every pixel", rows * len(x)), ("sparse: inked pixels only", rows * len(x.indices))]
    bar_left, bar_top, longest = 440, 150, 300
    parts.append(svg.text(bar_left, bar_top - 30, "multiplications in w¹ x, one image:", size=15, weight="bold"))
    for k, (name, count) in enumerate(counts):
        y = bar_top + k * 90
        parts.append(svg.text(bar_left, y, name, size=14))
        parts.append(svg.rect(bar_left, y + 10, longest * count / counts[0][1], 30,
                              fill="#bbbbbb" if k == 0 else "#0072B2", stroke="#000", stroke_width=1))
        parts.append(svg.text(bar_left + longest * count / counts[0][1] + 8, y + 31, f"{count:,}", size=14,
                              weight="bold"))
    parts.append(svg.text(bar_left, bar_top + 200, f"{rows} rows × {len(x)} pixels, or × {len(x.indices)}",
                          size=14))
    return titled(820, 480, "Most of an MNIST image is paper: a sparse vector stores only the ink", parts)


FIGURES = [("sparse-digit.svg", sparse_image)]


def bench_times():
    """{(python, "purenn" or "reference"): training ms per sample} from appendix B's dated bench table."""
    with open(os.path.join(os.path.dirname(HERE), "appendix-b-timings.md"), encoding="utf-8") as f:
        text = f.read()
    times = {}
    rows = {"purenn": r"train \[784, 30, 10\], ms per sample", "reference": r"index-loop reference \[784, 30, 10\], ms per sample"}
    for which, label in rows.items():  # | label (...) | CPython ms (s) | PyPy ms (s) | ratio |
        row = re.search(r"^\| " + label + r"[^|]*\| ([\d.]+) \([^|]*\| ([\d.]+) \(", text, re.MULTILINE)
        times["CPython", which], times["PyPy", which] = float(row.group(1)), float(row.group(2))
    return times


def speed_bars():
    """Chapter 8's measured training times per sample, on a log scale: each speed-up is a constant step."""
    times = bench_times()
    rows = [("CPython, index loops (tests/reference.py)", times["CPython", "reference"], "#bbbbbb"),
            ("CPython, purenn", times["CPython", "purenn"], "#0072B2"),
            ("PyPy, index loops", times["PyPy", "reference"], "#bbbbbb"),
            ("PyPy, purenn", times["PyPy", "purenn"], "#0072B2")]
    axes = Axes(300, 80, 420, 4 * 52, (-2, 1, 1), (0, 4, 1))
    labels = {v: f"{10.0 ** v:g}" for v in range(-2, 2)}
    parts = axes.frame("training time per sample, ms (log scale)", "", grid=False, x_labels=labels,
                       y_labels={})
    for v in labels:
        parts.append(svg.line(axes.x(v), axes.top, axes.x(v), axes.top + axes.height, stroke="#ddd", width=1))
    for k, (name, ms, fill) in enumerate(rows):
        top = axes.top + k * 52 + 12
        parts.append(svg.rect(axes.left, top, axes.x(math.log10(ms)) - axes.left, 28, fill=fill, stroke="#000",
                              stroke_width=1))
        parts.append(svg.text(axes.left - 10, top + 19, name, anchor="end", size=14))
        parts.append(svg.text(axes.x(math.log10(ms)) + 6, top + 19, f"{ms:g} ms", size=14, weight="bold"))
    return titled(820, 350, "Training [784, 30, 10]: one measured run of python -m purenn.bench", parts,
                  subtitle="times from the dated table above (2 December 2026); they vary from run to run, the ratios less")


FIGURES.append(("speed.svg", speed_bars))
