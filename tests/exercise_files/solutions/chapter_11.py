"""Worked answers to the exercises of chapter 11, Convolutional networks (docs/tutorial/11-convolutional-networks.md).

Small filters slid over the image, the same weights everywhere; pooling keeps the
largest.

They are the file `exercise start` writes, with every function filled in. Check
them with:

    python main.py exercise check chapter_11.py

The check calls each function on small inputs and compares its answers with
purenn's own code (and gradients with central differences).  At the first
function that is wrong it shows what the function was given, what it returned
and what was expected, and, when the answer is a classic mistake's, names it.
It never changes this file.

Plain Python only: every image, map and filter is one flat list of floats
(the layout is in each docstring, as in purenn's conv.py and pool.py).
"""


CHAPTER = 11  # tells `exercise check` which checks to run


# --------------------------------------------------------------------------------------
# Worked answers: the functions the learner writes, done plainly (compare yours once it
# passes).
# --------------------------------------------------------------------------------------


def conv_forward(x, in_shape, filters, biases, k):
    """A conv layer's weighted inputs: z^f_{i,j} = b_f + Σ_ch Σ_p Σ_q w^f_{ch,p,q} x_{ch, i+p, j+q}.

    Stride 1, no padding, and the filter laid on the image as it is (a
    cross-correlation, as purenn and most libraries compute it).  in_shape is
    [c, h, w]; filters holds one flat filter of c*k*k weights per feature map,
    biases one number per filter.  Return z, one flat list.

    Layout, as in purenn's conv.py: an image of c channels of h x w is one flat
    list, channel by channel, row by row: x_{ch,i,j} is x[(ch*h + i)*w + j].
    Filter f is a flat list too: w^f_{ch,p,q} is filters[f][(ch*k + p)*k + q].
    The output has one map of oh x ow = (h − k + 1) x (w − k + 1) per filter:
    z^f_{i,j} is z[(f*oh + i)*ow + j].
    """
    c, h, w = in_shape
    oh, ow = h - k + 1, w - k + 1
    z = []
    for f, weights in enumerate(filters):
        for i in range(oh):
            for j in range(ow):
                total = biases[f]
                for ch in range(c):
                    for p in range(k):
                        for q in range(k):
                            total += weights[(ch * k + p) * k + q] * x[(ch * h + i + p) * w + j + q]
                z.append(total)
    return z


def conv_backward(x, in_shape, filters, k, delta):
    """A conv layer's backward pass: (nabla_w, nabla_b, dx) from delta = ∂C/∂z.

    By the chain rule through the formula of conv_forward, summing over every z
    a number is in:

        nabla_w[f][(ch*k + p)*k + q] = ∂C/∂w^f_{ch,p,q} = Σ_{i,j} δ^f_{i,j} x_{ch, i+p, j+q}
        nabla_b[f]                   = ∂C/∂b_f          = Σ_{i,j} δ^f_{i,j}
        dx[(ch*h + r)*w + s]         = ∂C/∂x_{ch,r,s}   = Σ_f Σ_{p,q} w^f_{ch,p,q} δ^f_{r−p, s−q}

    (the last only over the positions inside the map).  nabla_w is shaped like
    filters, nabla_b has one number per filter, dx is shaped like x.

    Layout, as in purenn's conv.py: an image of c channels of h x w is one flat
    list, channel by channel, row by row: x_{ch,i,j} is x[(ch*h + i)*w + j].
    Filter f is a flat list too: w^f_{ch,p,q} is filters[f][(ch*k + p)*k + q].
    The output has one map of oh x ow = (h − k + 1) x (w − k + 1) per filter:
    z^f_{i,j} is z[(f*oh + i)*ow + j].
    """
    c, h, w = in_shape
    oh, ow = h - k + 1, w - k + 1
    nabla_w = [[0.0] * len(weights) for weights in filters]
    nabla_b = [0.0] * len(filters)
    dx = [0.0] * len(x)
    for f, weights in enumerate(filters):
        for i in range(oh):
            for j in range(ow):
                d = delta[(f * oh + i) * ow + j]  # δ^f_{i,j}
                nabla_b[f] += d
                for ch in range(c):
                    for p in range(k):
                        for q in range(k):
                            t = (ch * k + p) * k + q  # the weight w^f_{ch,p,q}
                            s = (ch * h + i + p) * w + j + q  # the input x_{ch,i+p,j+q} it meets here
                            nabla_w[f][t] += d * x[s]
                            dx[s] += weights[t] * d
    return nabla_w, nabla_b, dx


def max_pool(z, in_shape, size):
    """Max-pooling: the largest z of each size x size block, m_{I,J} = max of block (I, J).

    in_shape is [c, h, w], z flat as in conv_forward (z[(ch*h + i)*w + j]).  Block
    (I, J) of channel ch holds rows I*size ... I*size + size − 1 and the same
    columns; there are h // size x w // size blocks a channel (rows and columns
    left over are dropped), and the output is flat in the same order,
    channel by channel, row by row.
    """
    c, h, w = in_shape
    pooled = []
    for ch in range(c):
        for I in range(h // size):
            for J in range(w // size):
                block = [z[(ch * h + I * size + p) * w + J * size + q] for p in range(size) for q in range(size)]
                pooled.append(max(block))
    return pooled


def max_pool_backward(z, in_shape, size, delta):
    """The max-pooling gradient: ∂C/∂z from delta = ∂C/∂m, one number per block.

    m_{I,J} moves with its block's largest z (slope 1) and not at all with the
    others (slope 0), so each block's δ goes to the position of its maximum
    (the first one, on a tie, as purenn does) and every other entry of ∂C/∂z,
    the dropped rows and columns too, is 0.  Return a list shaped like z.

    in_shape is [c, h, w], z flat as in conv_forward (z[(ch*h + i)*w + j]).  Block
    (I, J) of channel ch holds rows I*size ... I*size + size − 1 and the same
    columns; there are h // size x w // size blocks a channel (rows and columns
    left over are dropped), and the output is flat in the same order,
    channel by channel, row by row.
    """
    c, h, w = in_shape
    dz = [0.0] * len(z)
    n = 0  # the block's number, the index of its δ
    for ch in range(c):
        for I in range(h // size):
            for J in range(w // size):
                block = [(ch * h + I * size + p) * w + J * size + q for p in range(size) for q in range(size)]
                best = block[0]
                for i in block:
                    if z[i] > z[best]:  # `>`: on a tie the first maximum keeps it
                        best = i
                dz[best] = delta[n]
                n += 1
    return dz
