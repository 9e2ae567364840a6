"""Chapter 2's picture: a [3, 4, 2] network as circles and arrows, numbered as purenn numbers it."""

import math

from common import titled
from purenn.network import Network
from purenn.pictures import svg

SIZES = [3, 4, 2]
COLUMN_X = (130, 390, 650)
RADIUS = 22
HIGHLIGHT = (1, 2)  # the weight drawn in black: from neuron k = 1 of layer 0 to neuron j = 2 of layer 1


def neuron_y(layer_size, j, middle=270, gap=84):
    """The row of neuron j of a layer with layer_size neurons, the column centred on `middle`."""
    return middle + (j - (layer_size - 1) / 2) * gap


def edge_to_edge(x1, y1, x2, y2, r=RADIUS):
    """The ends of a line from circle (x1, y1) to circle (x2, y2), each on its circle's edge."""
    d = math.hypot(x2 - x1, y2 - y1)
    return svg.along(x1, y1, x2, y2, r / d) + svg.along(x1, y1, x2, y2, 1 - (r + 1) / d)


def maths(base, upper, lower=""):
    """Markup for base^upper_lower, e.g. w, "1", "jk" for w¹ⱼₖ."""
    back = 7 if len(upper) == 1 else 0  # under a one-letter superscript; after a longer one
    return base + svg.sup(upper, 13) + (svg.sub(lower, 13, back=back) if lower else "")


def network_diagram():
    net = Network(SIZES, seed=1)
    parts = []
    headings = [("layer 0: input", maths("a", "0") + " = x"),
                ("layer 1: hidden", maths("a", "1") + " = σ(" + maths("w", "1") + maths("a", "0") + " + "
                 + maths("b", "1") + ")"),
                ("layer 2: output", maths("a", "2") + " = σ(" + maths("w", "2") + maths("a", "1") + " + "
                 + maths("b", "2") + ")")]
    for x, (name, formula) in zip(COLUMN_X, headings):
        parts.append(svg.text(x, 76, name, anchor="middle", size=15, weight="bold"))
        parts.append(svg.text(x, 100, formula, anchor="middle", size=15, markup=True))
    k_high, j_high = HIGHLIGHT
    for l in range(1, len(SIZES)):  # the arrows of w^l, from layer l-1 to layer l
        x1, x2 = COLUMN_X[l - 1], COLUMN_X[l]
        for j in range(SIZES[l]):
            for k in range(SIZES[l - 1]):
                if (l, k, j) != (1, k_high, j_high):
                    ends = edge_to_edge(x1, neuron_y(SIZES[l - 1], k), x2, neuron_y(SIZES[l], j))
                    parts.append(svg.arrow(*ends, stroke="#999", width=1, head=7))
    ends = edge_to_edge(COLUMN_X[0], neuron_y(SIZES[0], k_high), COLUMN_X[1], neuron_y(SIZES[1], j_high))
    parts.append(svg.arrow(*ends, stroke="#000", width=3, head=12))
    mx, my = svg.along(*ends, 0.5)
    parts.append(svg.rect(mx - 26, my - 33, 52, 26, fill="#fff"))
    parts.append(svg.text(mx, my - 13, maths("w", "1", "jk"), anchor="middle", size=18, markup=True))
    for l, size in enumerate(SIZES):
        for j in range(size):
            x, y = COLUMN_X[l], neuron_y(size, j)
            highlighted = (l, j) in ((0, k_high), (1, j_high))
            parts.append(svg.circle(x, y, RADIUS, fill="#e8e8e8" if highlighted else "#fff", width=2))
            if highlighted:
                parts.append(svg.text(x, y + 6, "k" if l == 0 else "j", anchor="middle", size=17,
                                      italic=True))
    xj, yj = COLUMN_X[1], neuron_y(SIZES[1], j_high)
    parts.append(svg.text(xj + RADIUS + 6, yj + 26, "+ " + maths("b", "1", "j"), size=16, markup=True))
    notes = [(COLUMN_X[0] + COLUMN_X[1]) / 2, (COLUMN_X[1] + COLUMN_X[2]) / 2]
    for l, x in enumerate(notes, start=1):
        rows, columns = net.weights[l - 1].shape
        parts.append(svg.text(x, 470, maths("w", str(l)) + f": {rows} × {columns} matrix", anchor="middle",
                              size=15, markup=True))
        parts.append(svg.text(x, 492, f"net.weights[{l - 1}]", anchor="middle", size=14, fill="#333"))
        parts.append(svg.text(x, 518, maths("b", str(l)) + f": {len(net.biases[l - 1])} numbers",
                              anchor="middle", size=15, markup=True))
        parts.append(svg.text(x, 540, f"net.biases[{l - 1}]", anchor="middle", size=14, fill="#333"))
    parts.append(svg.text(390, 582, maths("w", "1", "jk") + ": the weight from neuron k of layer 0 into "
                          "neuron j of layer 1, row j and column k of " + maths("w", "1"), anchor="middle",
                          size=15, markup=True))
    return titled(780, 600, "The network [3, 4, 2]: layers numbered from 0, the input", parts)


FIGURES = [("network-diagram.svg", network_diagram)]
