"""Chapter 11, convolutional networks: a conv layer forward and backward, max-pooling and its gradient."""

import random

from ...conv import ConvLayer
from ...pool import MaxPoolLayer
from .grading import Case, Exercise, Mistake
from .reference import numbers, slope

NUMBER = 11
TITLE = "Convolutional networks"
DOC = "11-convolutional-networks.md"
INTRO = "Small filters slid over the image, the same weights everywhere; pooling keeps the largest."
IMPORTS = []
NOTATION = """\
Plain Python only: every image, map and filter is one flat list of floats
(the layout is in each docstring, as in purenn's conv.py and pool.py)."""

LAYOUT = """
    Layout, as in purenn's conv.py: an image of c channels of h x w is one flat
    list, channel by channel, row by row: x_{ch,i,j} is x[(ch*h + i)*w + j].
    Filter f is a flat list too: w^f_{ch,p,q} is filters[f][(ch*k + p)*k + q].
    The output has one map of oh x ow = (h − k + 1) x (w − k + 1) per filter:
    z^f_{i,j} is z[(f*oh + i)*ow + j].
"""


def conv_layer(in_shape, filters, biases, k):
    layer = ConvLayer(len(filters), k, tuple(in_shape))
    layer.weights = [list(f) for f in filters]
    layer.biases = list(biases)
    return layer


def purenn_conv_forward(x, in_shape, filters, biases, k):
    return conv_layer(in_shape, filters, biases, k).feedforward(x)


def plain_conv_forward(x, in_shape, filters, biases, k, flip=False, bias=True, shrink=0, channels=None,
                       transpose_filter=False):
    """The formula z^f_{i,j} = b_f + Σ_ch Σ_p Σ_q w^f_{ch,p,q} x_{ch,i+p,j+q}, or a mistaken variant."""
    c, h, w = in_shape
    oh, ow = h - k + 1 - shrink, w - k + 1 - shrink
    z = []
    for f, wf in enumerate(filters):
        for i in range(oh):
            for j in range(ow):
                total = biases[f] if bias else 0.0
                for ch in range(c if channels is None else channels):
                    for p in range(k):
                        for q in range(k):
                            pp, qq = (k - 1 - p, k - 1 - q) if flip else (q, p) if transpose_filter else (p, q)
                            total += wf[(ch * k + pp) * k + qq] * x[(ch * h + i + p) * w + j + q]
                z.append(total)
    return z


def conv_shapes():
    """(in_shape, number of filters, k, seed): one channel first, then a non-square image, then two channels."""
    return [((1, 4, 4), 1, 2, 81), ((1, 5, 4), 2, 3, 82), ((2, 4, 5), 3, 2, 83)]


def conv_forward_cases():
    cases = []
    for in_shape, n_filters, k, seed in conv_shapes():
        rng = random.Random(seed)
        c, h, w = in_shape
        cases.append(Case(numbers(rng, c * h * w, 0.0, 1.0), list(in_shape),
                          [numbers(rng, c * k * k) for _ in range(n_filters)], numbers(rng, n_filters), k))
    return cases


CONV_FORWARD = Exercise(
    "conv_forward", ["x", "in_shape", "filters", "biases", "k"],
    """
    A conv layer's weighted inputs: z^f_{i,j} = b_f + Σ_ch Σ_p Σ_q w^f_{ch,p,q} x_{ch, i+p, j+q}.

    Stride 1, no padding, and the filter laid on the image as it is (a
    cross-correlation, as purenn and most libraries compute it).  in_shape is
    [c, h, w]; filters holds one flat filter of c*k*k weights per feature map,
    biases one number per filter.  Return z, one flat list.
    """ + LAYOUT,
    cases=conv_forward_cases, reference=purenn_conv_forward, reference_name="purenn's ConvLayer.feedforward",
    mistakes=[
        Mistake("you flipped the filter (a true convolution, w_{k−1−p, k−1−q}); purenn's conv layer lays "
                "it on the image as it is: w^f_{ch,p,q} meets x_{ch, i+p, j+q} (chapter 11, the end of "
                "'Local receptive fields and shared weights').",
                lambda *args: plain_conv_forward(*args, flip=True)),
        Mistake("the filter is read transposed, w_{q,p}: w^f_{ch,p,q} is filters[f][(ch*k + p)*k + q], "
                "p the row and q the column, meeting x_{ch, i+p, j+q}.",
                lambda *args: plain_conv_forward(*args, transpose_filter=True)),
        Mistake("the bias is missing: each z^f_{i,j} starts from b_f.",
                lambda *args: plain_conv_forward(*args, bias=False)),
        Mistake("one position short each way: a k x k filter fits at h − k + 1 rows and w − k + 1 "
                "columns (range(h - k + 1)).", lambda *args: plain_conv_forward(*args, shrink=1)),
        Mistake("only the first channel was used: a filter spans all c channels, and the sum runs over "
                "ch as well as p and q.", lambda *args: plain_conv_forward(*args, channels=1)),
    ])


def conv_backward_cases():
    cases = []
    for in_shape, n_filters, k, seed in conv_shapes():
        rng = random.Random(seed)
        c, h, w = in_shape
        x = numbers(rng, c * h * w, 0.0, 1.0)
        filters = [numbers(rng, c * k * k) for _ in range(n_filters)]
        delta = numbers(rng, n_filters * (h - k + 1) * (w - k + 1))
        cases.append(Case(x, list(in_shape), filters, k, delta))
    return cases


def purenn_conv_backward(x, in_shape, filters, k, delta):
    layer = conv_layer(in_shape, filters, [0.0] * len(filters), k)
    layer.zero_gradient()
    layer.forward(x)
    dx = layer.backward(delta)
    return [list(row) for row in layer.nabla_w], list(layer.nabla_b), list(dx)


def numerical_conv_backward(x, in_shape, filters, k, delta):
    """The three gradients of C = Σ δ z by central differences of purenn's ConvLayer.feedforward."""
    layer = conv_layer(in_shape, filters, [0.0] * len(filters), k)
    x = list(x)

    def c():
        return sum(d * z for d, z in zip(delta, layer.feedforward(x)))
    return ([[slope(c, wf, t) for t in range(len(wf))] for wf in layer.weights],
            [slope(c, layer.biases, f) for f in range(len(filters))],
            [slope(c, x, s) for s in range(len(x))])


def plain_conv_backward(x, in_shape, filters, k, delta, assign_w=False, assign_b=False, assign_x=False,
                        first_position_only=False):
    """The three sums of chapter 11 in purenn's plain loop order, or with `=` where `+=` belongs."""
    c, h, w = in_shape
    oh, ow = h - k + 1, w - k + 1
    nabla_w = [[0.0] * (c * k * k) for _ in filters]
    nabla_b = [0.0] * len(filters)
    dx = [0.0] * (c * h * w)
    for f, wf in enumerate(filters):
        for i in range(oh):
            for j in range(ow):
                if first_position_only and (i, j) != (0, 0):
                    continue
                d = delta[(f * oh + i) * ow + j]
                nabla_b[f] = d if assign_b else nabla_b[f] + d
                for ch in range(c):
                    for p in range(k):
                        for q in range(k):
                            t, s = (ch * k + p) * k + q, (ch * h + i + p) * w + j + q
                            nabla_w[f][t] = d * x[s] if assign_w else nabla_w[f][t] + d * x[s]
                            dx[s] = wf[t] * d if assign_x else dx[s] + wf[t] * d
    return nabla_w, nabla_b, dx


NO_SUM = ("conv backward is missing the sum over positions: a filter's weight is shared by every "
          "position (i, j), so its gradient adds what each use gives, ∂C/∂w^f_{ch,p,q} = Σ_{i,j} "
          "δ^f_{i,j} x_{ch,i+p,j+q} (`+=`, not `=`), and likewise ∂C/∂b_f = Σ_{i,j} δ^f_{i,j}.")

CONV_BACKWARD = Exercise(
    "conv_backward", ["x", "in_shape", "filters", "k", "delta"],
    """
    A conv layer's backward pass: (nabla_w, nabla_b, dx) from delta = ∂C/∂z.

    By the chain rule through the formula of conv_forward, summing over every z
    a number is in:

        nabla_w[f][(ch*k + p)*k + q] = ∂C/∂w^f_{ch,p,q} = Σ_{i,j} δ^f_{i,j} x_{ch, i+p, j+q}
        nabla_b[f]                   = ∂C/∂b_f          = Σ_{i,j} δ^f_{i,j}
        dx[(ch*h + r)*w + s]         = ∂C/∂x_{ch,r,s}   = Σ_f Σ_{p,q} w^f_{ch,p,q} δ^f_{r−p, s−q}

    (the last only over the positions inside the map).  nabla_w is shaped like
    filters, nabla_b has one number per filter, dx is shaped like x.
    """ + LAYOUT,
    cases=conv_backward_cases, reference=purenn_conv_backward,
    reference_name="purenn's ConvLayer.backward", confirm=numerical_conv_backward,
    mistakes=[
        Mistake(NO_SUM, lambda *args: plain_conv_backward(*args, assign_w=True)),
        Mistake(NO_SUM, lambda *args: plain_conv_backward(*args, assign_w=True, assign_b=True)),
        Mistake(NO_SUM, lambda *args: plain_conv_backward(*args, assign_w=True, assign_b=True, assign_x=True)),
        Mistake(NO_SUM, lambda *args: plain_conv_backward(*args, first_position_only=True)),
        Mistake("∂C/∂b_f is the sum of all of filter f's δ^f_{i,j} (the bias is in every z^f_{i,j}); "
                "yours kept one of them.", lambda *args: plain_conv_backward(*args, assign_b=True)),
        Mistake("dx must add up: an input x_{ch,r,s} is in the patches of several positions, and "
                "∂C/∂x_{ch,r,s} sums what comes back from each (`+=`, not `=`).",
                lambda *args: plain_conv_backward(*args, assign_x=True)),
    ])


class Identity:
    """f(m) = m: max-pooling alone, no activation after it (MaxPoolLayer applies f)."""

    name = "identity"

    @staticmethod
    def fn(z):
        return list(z)

    @staticmethod
    def prime(z):
        return [1.0] * len(z)


POOL_LAYOUT = """
    in_shape is [c, h, w], z flat as in conv_forward (z[(ch*h + i)*w + j]).  Block
    (I, J) of channel ch holds rows I*size ... I*size + size − 1 and the same
    columns; there are h // size x w // size blocks a channel (rows and columns
    left over are dropped), and the output is flat in the same order,
    channel by channel, row by row.
"""


def pool_cases(with_delta):
    shapes = [((1, 4, 4), 2, 91, False), ((1, 4, 4), 2, 92, True), ((2, 4, 6), 2, 93, False),
              ((1, 5, 5), 2, 94, False)]
    if not with_delta:
        shapes = [s for s in shapes if not s[3]]
    cases = []
    for in_shape, size, seed, tie in shapes:
        rng = random.Random(seed)
        c, h, w = in_shape
        z = numbers(rng, c * h * w, -1.0, 1.0)
        if tie:
            z[0] = z[1] = max(z[0], z[1], z[4], z[5]) + 0.5  # the top-left block has two equal maxima
        args = [z, list(in_shape), size]
        if with_delta:
            args.append(numbers(rng, c * (h // size) * (w // size)))
        cases.append(Case(*args))
    return cases


def blocks(in_shape, size, stride=None, ceil=False):
    """The flat indices of each block (I, J) of each channel; stride 1 or a last partial block if asked."""
    c, h, w = in_shape
    stride = stride or size
    rows = range(0, h - size + 1, stride) if not ceil else range(0, h, stride)
    cols = range(0, w - size + 1, stride) if not ceil else range(0, w, stride)
    return [[(ch * h + i + p) * w + j + q for p in range(size) for q in range(size) if i + p < h and j + q < w]
            for ch in range(c) for i in rows for j in cols]


def purenn_max_pool(z, in_shape, size):
    return MaxPoolLayer(tuple(in_shape), size, Identity).feedforward(z)


MAX_POOL = Exercise(
    "max_pool", ["z", "in_shape", "size"],
    """
    Max-pooling: the largest z of each size x size block, m_{I,J} = max of block (I, J).
    """ + POOL_LAYOUT,
    cases=lambda: pool_cases(False), reference=purenn_max_pool, reference_name="purenn's MaxPoolLayer",
    mistakes=[
        Mistake("the blocks overlap: they are size x size and side by side (I*size, J*size), not one "
                "at every position.", lambda z, s, size: [max(z[i] for i in b) for b in blocks(s, size, 1)]),
        Mistake("the rows and columns left over are dropped: h // size blocks down, w // size across.",
                lambda z, s, size: [max(z[i] for i in b) for b in blocks(s, size, ceil=True)]),
        Mistake("that is average pooling; max-pooling keeps each block's largest value.",
                lambda z, s, size: [sum(z[i] for i in b) / len(b) for b in blocks(s, size)]),
    ])


def purenn_pool_backward(z, in_shape, size, delta):
    layer = MaxPoolLayer(tuple(in_shape), size, Identity)
    layer.forward(z)
    return layer.backward(delta)


def numerical_pool_backward(z, in_shape, size, delta):
    """∂C/∂z for C = Σ δ m by central differences; None at a tie, where the slope is not defined."""
    layer = MaxPoolLayer(tuple(in_shape), size, Identity)
    for block in layer.blocks:
        values = sorted((z[i] for i in block), reverse=True)
        if len(values) > 1 and values[0] - values[1] < 1e-3:
            return None
    z = list(z)
    return [slope(lambda: sum(d * m for d, m in zip(delta, layer.feedforward(z))), z, i) for i in range(len(z))]


def pool_gradient(z, in_shape, size, delta, spread=False, average=False, last_on_tie=False):
    dz = [0.0] * len(z)
    for block, d in zip(blocks(in_shape, size), delta):
        if spread or average:
            for i in block:
                dz[i] = d / len(block) if average else d
            continue
        best = block[0]
        for i in block:
            if z[i] > z[best] or (last_on_tie and z[i] == z[best]):
                best = i
        dz[best] = d
    return dz


MAX_POOL_BACKWARD = Exercise(
    "max_pool_backward", ["z", "in_shape", "size", "delta"],
    """
    The max-pooling gradient: ∂C/∂z from delta = ∂C/∂m, one number per block.

    m_{I,J} moves with its block's largest z (slope 1) and not at all with the
    others (slope 0), so each block's δ goes to the position of its maximum
    (the first one, on a tie, as purenn does) and every other entry of ∂C/∂z,
    the dropped rows and columns too, is 0.  Return a list shaped like z.
    """ + POOL_LAYOUT,
    cases=lambda: pool_cases(True), reference=purenn_pool_backward,
    reference_name="purenn's MaxPoolLayer.backward", confirm=numerical_pool_backward,
    mistakes=[
        Mistake("the pooling gradient was sent to every position of the block; only the maximum "
                "changes m, so the block's δ goes to that one position and the others get 0.",
                lambda *args: pool_gradient(*args, spread=True)),
        Mistake("that is average pooling's gradient (δ/size² everywhere in the block); max-pooling "
                "sends the whole δ to the block's maximum, 0 to the rest.",
                lambda *args: pool_gradient(*args, average=True)),
        Mistake("on a tie, give the gradient to the first of the equal maxima, as purenn does: compare "
                "with `>` (a new maximum must be larger), not `>=`.",
                lambda *args: pool_gradient(*args, last_on_tie=True)),
    ])

GIVEN = []
EXERCISES = [CONV_FORWARD, CONV_BACKWARD, MAX_POOL, MAX_POOL_BACKWARD]
