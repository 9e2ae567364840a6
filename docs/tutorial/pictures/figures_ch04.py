"""Chapter 4's pictures: the two paths from w to C with their factors, and BP2's paths."""

import math

from common import titled
from figures_ch02 import RADIUS, edge_to_edge, maths, neuron_y
from purenn.activations import sigmoid, sigmoid_prime
from purenn.costs import QuadraticCost
from purenn.matrix import Matrix
from purenn.network import Network
from purenn.pictures import svg

PATH_INKS = (("#D55E00", ""), ("#0072B2", "7 4"))  # path 1 solid orange, path 2 dashed blue


def fork():
    """Chapter 4's [1, 1, 2] network: w = 0.5, output weights v = (2, 1), biases 0, quadratic cost."""
    net = Network([1, 1, 2], cost=QuadraticCost)
    net.weights = [Matrix([[0.5]]), Matrix([[2.0], [1.0]])]
    net.biases = [[0.0], [0.0, 0.0]]
    return net


def box(x, y, name, value, width=96):
    """A node of the computation: its name (markup) above its value, in a box centred on (x, y)."""
    return [svg.rect(x - width / 2, y - 26, width, 52, fill="#f4f4f4", stroke="#000", stroke_width=1.5),
            svg.text(x, y - 5, name, anchor="middle", size=16, markup=True),
            svg.text(x, y + 17, value, anchor="middle", size=14)]


def factor(x1, y1, x2, y2, label, colour, side="above", dash=""):
    """An arrow between two boxes' sides with its chain-rule factor written beside it.

    side: where the label goes, "above" or "below" the arrow's middle, or beside it
    ("above left", "below right", ...) for slanted arrows, whose middle a centred label would cross.
    """
    parts = [svg.arrow(x1, y1, x2, y2, stroke=colour, width=2.5, dash=dash)]
    mx, my = svg.along(x1, y1, x2, y2, 0.5)
    x, y, anchor = {"above": (mx, my - 10, "middle"), "below": (mx, my + 24, "middle"),
                    "above left": (mx - 12, my - 6, "end"), "below left": (mx - 12, my + 22, "end"),
                    "above right": (mx + 12, my - 10, "start"), "below right": (mx + 12, my + 22, "start")}[side]
    parts.append(svg.text(x, y, label, anchor=anchor, size=14, fill=colour, markup=True))
    return parts


def two_paths():
    net, x, y = fork(), [1.0], [1.0, 0.0]
    w, v = net.weights[0].rows[0][0], [row[0] for row in net.weights[1].rows]
    z = w * x[0]
    a = sigmoid(z)
    z_out = [v_k * a for v_k in v]
    a_out = [sigmoid(z_k) for z_k in z_out]
    paths = [(a_out[k] - y[k]) * sigmoid_prime(z_out[k]) * v[k] * sigmoid_prime(z) * x[0] for k in range(2)]
    backprop = net.backprop(x, y)[1][0].rows[0][0]
    X = {"w": 60, "z": 220, "a": 420, "z2": 640, "a2": 880, "C": 1070}
    half = 48  # half a box's width
    parts = box(X["w"], 230, "w", f"{w:g}", 70) + box(X["z"], 230, "z", f"{z:.4f}")
    parts += box(X["a"], 230, "a", f"{a:.4f}")
    parts += factor(X["w"] + 35, 230, X["z"] - half, 230, f"x = {x[0]:g}", "#000")
    parts += factor(X["z"] + half, 230, X["a"] - half, 230, f"σ'(z) = {sigmoid_prime(z):.4f}", "#000")
    parts.append(svg.text((X["w"] + X["a"]) / 2, 178, "shared by both paths", anchor="middle", size=14,
                          fill="#333"))
    for k, ((colour, dash), row) in enumerate(zip(PATH_INKS, (110, 350))):
        n, out = str(k + 1), (-26 if k == 0 else 26)  # out: from the middle row up or down
        parts += box(X["z2"], row, maths("z", "2", n), f"{z_out[k]:.4f}")
        parts += box(X["a2"], row, maths("a", "2", n), f"{a_out[k]:.4f}")
        parts += factor(X["a"] + half, 230 + out, X["z2"] - half, row - out,
                        "v" + svg.sub(n, 13) + f" = {v[k]:g}", colour,
                        "above left" if k == 0 else "below left", dash)
        parts += factor(X["z2"] + half, row, X["a2"] - half, row,
                        f"σ'({maths('z', '2', n)}) = {sigmoid_prime(z_out[k]):.4f}", colour,
                        "above" if k == 0 else "below", dash)
        parts += factor(X["a2"] + half, row - out, X["C"] - 35, 230 + out,
                        f"{maths('a', '2', n)} − y{svg.sub(n, 13)} = {a_out[k] - y[k]:.4f}", colour,
                        "above right" if k == 0 else "below right", dash)
        parts.append(svg.text(60, 450 + 24 * k, f"path {n}: ({a_out[k] - y[k]:.4f}) · ({sigmoid_prime(z_out[k]):.4f})"
                              f" · {v[k]:g} · ({sigmoid_prime(z):.4f}) · {x[0]:g} = {paths[k]:+.4f}",
                              size=15, fill=colour, weight="bold"))
    parts += box(X["C"], 230, "C", f"{QuadraticCost.fn(a_out, y):.4f}", 70)
    parts.append(svg.text(60, 504, f"∂C/∂w = path 1 + path 2 = {sum(paths):.4f};  "
                                   f"Network.backprop gives {backprop:.4f}", size=15, weight="bold"))
    return titled(1130, 530, "Two paths from w to the cost: the chain rule multiplies along each, "
                  "and the paths add", parts, subtitle="Network([1, 1, 2]), x = 1, y = (1, 0); "
                  "each arrow carries the derivative of its head by its tail")


FIGURES = [("two-paths.svg", two_paths)]


BP2_SIZES = [3, 3, 3, 2]  # layers l-1, l, l+1 and the output layer L
BP2_X = (90, 300, 510, 720)
WEIGHT = (1, 0)  # the weight w^l_jk drawn thick: from neuron k = 1 of layer l-1 to neuron j = 0 of layer l


# Advance widths of the index characters, in em, of a typical sans-serif font (Helvetica's and
# DejaVu Sans's are within a few percent of these): enough to stack a subscript under its
# superscript and to start the next character after the wider of the two.
INDEX_WIDTH = {"l": 0.25, "j": 0.25, "k": 0.52, "L": 0.56, "+": 0.6, "-": 0.36, "1": 0.56, "2": 0.56,
               "3": 0.56}


def index_width(text, size):
    return sum(INDEX_WIDTH.get(c, 0.56) for c in text) * size


def stacked(base, upper, lower, size=13):
    """Markup for base^upper_lower with the lower index under the upper one, not after it."""
    up, down = index_width(upper, size), index_width(lower, size)
    after = max(up, down) - down  # from the end of the lower index to the end of the wider one
    tail = f'<tspan dx="{svg.num(after)}">\u200b</tspan>' if after else ""  # an empty tspan is not moved
    return (base + svg.sup(upper, size) + svg.sub(lower, size, back=up) + tail)


def bp2_paths():
    """One weight w^l_jk, and every path along which a change in it reaches C."""
    net = Network(BP2_SIZES, seed=1)  # its shapes: one arrow for each weight it has
    k_high, j_high = WEIGHT
    ys = [[neuron_y(size, j, middle=280, gap=100) for j in range(size)] for size in BP2_SIZES]
    parts = []
    for l in range(1, len(BP2_SIZES)):
        rows, columns = net.weights[l - 1].shape
        for j in range(rows):
            for k in range(columns):
                ends = edge_to_edge(BP2_X[l - 1], ys[l - 1][k], BP2_X[l], ys[l][j])
                if l == 1 and (k, j) == (k_high, j_high):
                    parts.append(svg.arrow(*ends, stroke="#D55E00", width=4, head=13))
                elif l == 2 and k == j_high:  # from neuron j to every neuron of layer l+1
                    parts.append(svg.arrow(*ends, stroke="#000", width=2.5, head=10))
                elif l == 3:  # from every neuron of layer l+1 to every output: still on a path
                    parts.append(svg.arrow(*ends, stroke="#000", width=1.5, head=8, dash="5 3"))
                else:  # weights a change in w^l_jk never passes through
                    parts.append(svg.arrow(*ends, stroke="#ccc", width=1, head=7))
    c_x, c_y = 880, 280
    for y in ys[-1]:
        parts.append(svg.arrow(*edge_to_edge(BP2_X[-1], y, c_x, c_y, r=24), stroke="#000", width=1.5,
                               head=8, dash="5 3"))
    parts.append(svg.circle(c_x, c_y, 24, fill="#f4f4f4", width=2))
    parts.append(svg.text(c_x, c_y + 7, "C", anchor="middle", size=20, weight="bold"))
    names = ["layer l − 1", "layer l", "layer l + 1", "output layer L"]
    for l, (x, name) in enumerate(zip(BP2_X, names)):
        parts.append(svg.text(x, 84, name, anchor="middle", size=15, weight="bold"))
        for j, y in enumerate(ys[l]):
            on_path = (l == 0 and j == k_high) or (l == 1 and j == j_high) or l >= 2
            parts.append(svg.circle(x, y, RADIUS, fill="#e8e8e8" if on_path else "#fff", width=2))
            if l == 2:  # the errors that BP2 adds up
                parts.append(svg.text(x + 12, y - RADIUS - 8, stacked("δ", "l+1", str(j + 1), 12), size=15,
                                      markup=True))
    parts.append(svg.text(BP2_X[0], ys[0][k_high] + 7, "k", anchor="middle", size=17, italic=True))
    parts.append(svg.text(BP2_X[1], ys[1][j_high] + 7, "j", anchor="middle", size=17, italic=True))
    parts.append(svg.text(BP2_X[1], ys[1][j_high] - RADIUS - 16, stacked("δ", "l", "j", 13) + " = ?",
                          anchor="middle", size=16, markup=True, weight="bold"))
    mx, my = svg.along(BP2_X[0], ys[0][k_high], BP2_X[1], ys[1][j_high], 0.5)
    parts.append(svg.text(mx - 10, my - 14, stacked("w", "l", "jk", 14), anchor="middle", size=18, fill="#D55E00",
                          markup=True, weight="bold"))
    # Each w^{l+1}_{nj} sits just above the middle of its own arrow (the steep third one: to its left).
    for n, (t, dx, dy, anchor) in enumerate([(0.5, 0, -15, "middle"), (0.45, 20, -13, "middle"),
                                             (0.45, -8, 4, "end")]):
        mx, my = svg.along(BP2_X[1], ys[1][j_high], BP2_X[2], ys[2][n], t)
        parts.append(svg.text(mx + dx, my + dy, stacked("w", "l+1", f"{n + 1}j", 12), anchor=anchor, size=15,
                              markup=True))
    lines = [("A change in " + stacked("w", "l", "jk") + " changes " + stacked("z", "l", "j") + ", which reaches C "
              "along one path through each neuron of layer l + 1 (black).", "#000"),
             (stacked("δ", "l", "j") + " = (" + " + ".join(stacked("w", "l+1", f"{n}j") + " " + stacked("δ", "l+1", str(n))
                                                         for n in (1, 2, 3))
              + ") · σ′(" + stacked("z", "l", "j") + ")    (BP2: the paths add up)", "#000"),
             ("Grey: weights whose paths to C do not start at " + stacked("w", "l", "jk") + ".", "#555")]
    for n, (line, colour) in enumerate(lines):
        parts.append(svg.text(40, 520 + 34 * n, line, size=15, fill=colour, markup=True))
    return titled(940, 630, "BP2: the paths along which one weight's change reaches the cost", parts)


FIGURES.append(("bp2-paths.svg", bp2_paths))


BACKWARD_X = (110, 470, 810)  # the input, hidden and output columns
BACKWARD_ROWS = ((265, 395), (200, 330, 460), (265, 395))
DEMAND_INKS = {True: ("#D55E00", ""), False: ("#0072B2", "7 4")}  # wants a down: orange; up: blue dashed


def backward_network():
    """Chapter 4's [2, 3, 2] network for the whole backward pass: hand-set weights, biases 0."""
    net = Network([2, 3, 2], cost=QuadraticCost)
    net.weights = [Matrix([[0.5, -1.0], [1.0, 0.5], [-0.5, 1.5]]), Matrix([[1.0, -2.0, 0.5], [-1.5, 1.0, 2.0]])]
    net.biases = [[0.0, 0.0, 0.0], [0.0, 0.0]]
    return net


def signed(v):
    """A number with its sign and three decimals, a true minus sign for negatives."""
    return f"{v:+.3f}".replace("-", "−")


def backward_pass():
    """Every output neuron's demand w²_kj δ²_k on every hidden neuron, and BP2's sum of them."""
    net, x, y = backward_network(), [1.0, 0.5], [1.0, 0.0]
    nabla_b, nabla_w = net.backprop(x, y)
    delta2 = nabla_b[1]
    w2 = net.weights[1].rows
    z1 = [sum(w * a for w, a in zip(row, x)) + b for row, b in zip(net.weights[0].rows, net.biases[0])]
    slopes = [sigmoid_prime(z) for z in z1]
    demands = [[w2[k][j] * delta2[k] for j in range(3)] for k in range(2)]
    sums = [demands[0][j] + demands[1][j] for j in range(3)]
    for j in range(3):  # what is drawn is what backprop computes
        assert abs(sums[j] * slopes[j] - nabla_b[0][j]) < 1e-12
    (in_x, hid_x, out_x), (in_y, hid_y, out_y) = BACKWARD_X, BACKWARD_ROWS
    parts = []
    for j, hy in enumerate(hid_y):  # the first layer's weights, drawn faintly: BP4 reads them last
        for iy in in_y:
            parts.append(svg.arrow(*edge_to_edge(hid_x, hy, in_x, iy), stroke="#bbb", width=1.2, head=8))
    for k, oy in enumerate(out_y):
        for j, hy in enumerate(hid_y):
            d = demands[k][j]
            colour, dash = DEMAND_INKS[d > 0]
            ends = edge_to_edge(out_x, oy, hid_x, hy)
            parts.append(svg.arrow(*ends, stroke=colour, width=1.5 + 14 * abs(d), head=12 + 10 * abs(d), dash=dash))
            # The label sits beside the arrow's hidden end, 70 px out: above the arrow from
            # output 1, below the one from output 2, where the two arrows into a neuron part.
            t = 1 - 70 / math.hypot(ends[2] - ends[0], ends[3] - ends[1])
            lx, ly = svg.along(*ends, t)
            ly += -10 if k == 0 else 22
            parts.append(svg.rect(lx - 27, ly - 15, 54, 19, fill="#fff"))
            parts.append(svg.text(lx, ly, signed(d), anchor="middle", size=14, fill=colour, weight="bold"))
    for layer, (cx, rows) in enumerate(zip(BACKWARD_X, BACKWARD_ROWS)):
        for n, cy in enumerate(rows):
            parts.append(svg.circle(cx, cy, RADIUS, fill="#f4f4f4", width=2))
            parts.append(svg.text(cx, cy + 6, str(n + 1), anchor="middle", size=16, weight="bold"))
    for i, iy in enumerate(in_y):
        parts.append(svg.text(in_x - 32, iy + 5, f"x{svg.sub(str(i + 1), 13)} = {x[i]:g}", anchor="end",
                              size=15, markup=True))
    for k, oy in enumerate(out_y):
        parts.append(svg.text(out_x + 32, oy - 4, f"{stacked('δ', '2', str(k + 1))} = {signed(delta2[k])}",
                              size=15, markup=True, weight="bold"))
        parts.append(svg.text(out_x + 32, oy + 22, f"{stacked('a', '2', str(k + 1))} = {net.feedforward(x)[k]:.3f},"
                              f" y{svg.sub(str(k + 1), 13)} = {y[k]:g}", size=13, markup=True, fill="#333"))
    for j, hy in enumerate(hid_y):  # BP2 at each hidden neuron: the sum, the slope, δ
        top = hy - 52
        parts.append(svg.rect(hid_x - 200, top - 16, 150, 70, fill="#fff", stroke="#999", stroke_width=1))
        parts.append(svg.text(hid_x - 190, top, f"sum {signed(sums[j])}", size=14))
        parts.append(svg.text(hid_x - 190, top + 21, f"× σ′({stacked('z', '1', str(j + 1))}) {slopes[j]:.3f}",
                              size=14, markup=True))
        delta = f"{stacked('δ', '1', str(j + 1))} = {signed(nabla_b[0][j])}"
        parts.append(svg.text(hid_x - 190, top + 44, delta, size=14, markup=True, weight="bold"))
    for x_, name in zip(BACKWARD_X, ("input", "hidden layer 1", "output layer 2")):
        parts.append(svg.text(x_, 100, name, anchor="middle", size=15, weight="bold"))
    demand = stacked("w", "2", "kj") + " " + stacked("δ", "2", "k")
    lines = ["Each arrow is what output neuron k asks of hidden neuron j: ∂C/∂" + stacked("a", "1", "j")
             + " along k, " + demand + " (thicker: asks more).",
             "Orange, solid: it wants " + stacked("a", "1", "j") + " lower; blue, dashed: higher. "
             "Neuron 3 is asked both ways, and the larger demand wins.",
             "BP2 adds the demands and scales by the slope: " + stacked("δ", "1", "j") + " = (Σ"
             + svg.sub("k", 13) + " " + demand + ") σ′(" + stacked("z", "1", "j") + "); then BP4, e.g. ∂C/∂"
             + stacked("w", "1", "11") + " = " + stacked("δ", "1", "1") + " x" + svg.sub("1", 13)
             + f" = {signed(nabla_w[0].rows[0][0])}."]
    for n, line in enumerate(lines):
        parts.append(svg.text(40, 540 + 28 * n, line, size=15, markup=True))
    return titled(1000, 640, "The backward pass: what each output neuron asks of each hidden neuron, summed",
                  parts, subtitle="Network([2, 3, 2]), x = (1, 0.5), y = (1, 0), quadratic cost; "
                  "the numbers are Network.backprop's")


FIGURES.append(("backward-pass.svg", backward_pass))
