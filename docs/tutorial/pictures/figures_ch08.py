"""Chapter 8's picture: the first training image's inked pixels, the only ones a sparse product visits."""

from common import TRAIN, mnist, titled
from purenn.network import Network
from purenn.pictures import svg

CELL = 12  # pixels a side for each of the 28 x 28 pixels


def sparse_image():
    x, label = mnist(TRAIN, 1)[0]
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
