"""Chapter 4b's picture: one neuron's cost as a graph of Values, after backward().

Every number in it comes from purenn.autograd: the graph is built and
``backward()`` run here, the boxes show each Value's data and grad, and each
arrow is labelled with its local derivative ∂(head)/∂(tail).
"""

from purenn.autograd import Value
from purenn.pictures.svg import arrow, document, rect, text

BOX_WIDTH, BOX_HEIGHT = 108, 58
COLUMN, ROW = 162, 96  # distance between the left edges of columns, and between rows' tops
LEFT, TOP = 24, 70  # where column 0, row 0 starts: under the title


def neuron_cost():
    """{name: Value} for C = ½(σ(w·x + b) - y)², w = 0.8, x = 1.5, b = -0.2, y = 1, after backward()."""
    w, x, b = Value(0.8), Value(1.5), Value(-0.2)
    wx = w * x
    z = wx + b
    a = z.sigmoid()
    error = a - 1.0
    square = error ** 2
    C = 0.5 * square
    C.backward()
    y, half = error.inputs[1], C.inputs[1]  # the constants, made Values by - and *
    return {"w": w, "x": x, "b": b, "w·x": wx, "z = w·x + b": z, "a = σ(z)": a, "y": y,
            "a − y": error, "(a − y)²": square, "½": half, "C": C}


# (column, row, kind) of each box; kind: "parameter" (learned), "input", "constant" or "result"
PLACES = {"w": (0, 0, "parameter"), "x": (0, 1, "input"), "b": (1, 2, "parameter"),
          "w·x": (1, 0.5, "result"), "z = w·x + b": (2, 1, "result"), "a = σ(z)": (3, 1, "result"),
          "y": (3, 2, "constant"), "a − y": (4, 1, "result"), "(a − y)²": (5, 1, "result"),
          "½": (5, 2, "constant"), "C": (6, 1, "result")}
FILLS = {"parameter": "#d9d9d9", "input": "#ffffff", "constant": "#ffffff", "result": "#ffffff"}


def corner(name):
    """The top-left corner of a box."""
    column, row, _ = PLACES[name]
    return LEFT + column * COLUMN, TOP + row * ROW


def number(v):
    """A number with four decimals, and never "-0.0000"."""
    text_ = f"{v:.4f}"
    return "0.0000" if text_ == "-0.0000" else text_


def short(v):
    """A local derivative with at most four decimals and no trailing zeros: 1.5, -1, 0.1966."""
    text_ = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if text_ in ("-0", "") else text_


def box(name, value):
    """A box: the Value's name, its data and its grad; dashed for a constant."""
    x, y = corner(name)
    kind = PLACES[name][2]
    return "\n".join([
        rect(x, y, BOX_WIDTH, BOX_HEIGHT, fill=FILLS[kind], stroke="#000", stroke_width=1.5,
             dash="5 3" if kind == "constant" else ""),
        text(x + BOX_WIDTH / 2, y + 17, name, anchor="middle", weight="bold"),
        text(x + 8, y + 35, f"data {number(value.data)}", size=12),
        text(x + 8, y + 51, f"grad {number(value.grad)}", size=12),
    ])


def link(tail, head, local_grad):
    """An arrow from the right side of box `tail` to the left side of box `head`, with
    ∂head/∂tail written above its middle."""
    tx, ty = corner(tail)
    hx, hy = corner(head)
    x1, y1 = tx + BOX_WIDTH, ty + BOX_HEIGHT / 2
    x2, y2 = hx, hy + BOX_HEIGHT / 2
    if hx == tx:  # the same column (not used here, kept simple): down the middle
        x1, y1, x2, y2 = tx + BOX_WIDTH / 2, ty + BOX_HEIGHT, hx + BOX_WIDTH / 2, hy
    label = short(local_grad)
    label_x, label_y = (x1 + x2) / 2, (y1 + y2) / 2 - 5  # just above a level arrow
    half_width = 3.6 * len(label) + 3  # about the label's width at 12 px, on a white patch
    return "\n".join([arrow(x1, y1, x2, y2, stroke="#444", width=1.5),
                      rect(label_x - half_width, label_y - 11, 2 * half_width, 15, fill="#fff"),
                      text(label_x, label_y, label, size=12, anchor="middle", italic=True)])


def neuron_graph_svg():
    """The figure: title, the boxes, an arrow per input with its local derivative, a key."""
    values = neuron_cost()
    names = {id(v): name for name, v in values.items()}
    parts = [text(LEFT, 28, "One neuron's cost C = ½(σ(w·x + b) − y)² as a graph, "
                            "after C.backward()", size=16, weight="bold"),
             text(LEFT, 50, "each box: a Value with its data and grad = ∂C/∂(the box); "
                            "each arrow: an input, labelled with the local derivative "
                            "∂(head)/∂(tail)", size=12)]
    for name, v in values.items():
        for u, local_grad in zip(v.inputs, v.local_grads):
            parts.append(link(names[id(u)], name, local_grad))
    parts.extend(box(name, v) for name, v in values.items())
    key_y = TOP + 3 * ROW + 8
    parts += [rect(LEFT, key_y - 12, 22, 14, fill=FILLS["parameter"], stroke="#000", stroke_width=1),
              text(LEFT + 30, key_y, "parameter (learning changes it)", size=12),
              rect(LEFT + 260, key_y - 12, 22, 14, fill="#fff", stroke="#000", stroke_width=1),
              text(LEFT + 290, key_y, "input or result", size=12),
              rect(LEFT + 420, key_y - 12, 22, 14, fill="#fff", stroke="#000", stroke_width=1,
                   dash="4 2"),
              text(LEFT + 450, key_y, "constant (a plain number made a Value)", size=12),
              text(LEFT, key_y + 24, "grad of a box = Σ over its outgoing arrows of "
                                     "(grad at the arrow's head) × (number on the arrow)", size=12)]
    width = LEFT + 6 * COLUMN + BOX_WIDTH + LEFT
    return document(width, key_y + 40, parts)


FIGURES = [("neuron-graph.svg", neuron_graph_svg)]
