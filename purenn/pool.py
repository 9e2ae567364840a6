"""Max-pooling: each size x size block of a feature map is summed up by its largest value.

Nielsen, chapter 6: pooling asks only *whether* a feature was found somewhere
in a region, not exactly where, and shrinks each map (24 x 24 to 12 x 12 with
2 x 2 blocks), so the next layer has fewer numbers to look at.  Rows and columns
left over when size does not divide the map are dropped, as Theano's
``max_pool_2d(..., ignore_border=True)`` does in network3.py.

This layer also applies the activation f, after the pooling:

    a^f_{I,J} = f(m^f_{I,J}),   m^f_{I,J} = max { z^f_{i,j} : (i, j) in block (I, J) }.

Why there.  network3.py computes f(pool(conv(x)) + b), the bias added after
the pooling.  The bias of a map is the same number everywhere in it, so
max(z + b) = max(z) + b, and purenn's conv layer may add it first (conv.py);
and f (sigmoid, ReLU, tanh) never decreases, so f(max z) = max f(z): pooling
the activations or activating the pooled maxima gives the same numbers.  The
latter computes f a quarter as often.

Backpropagation.  m^f_{I,J} depends only on the largest z of its block, with
slope 1; the others could change a little without changing m at all.  So
with δ_{I,J} = ∂C/∂a_{I,J} · f'(m_{I,J}),

    ∂C/∂z_{i,j} = δ_{I,J}   if z_{i,j} is the maximum of its block (I, J),
                  0         otherwise (and for the dropped rows and columns).

The gradient goes to the maximum only (the first one, on a tie).

Layout: flat lists, channel by channel, row by row, as in conv.py.
"""

from .activations import Sigmoid


class MaxPoolLayer:
    """Max-pooling of size x size blocks over in_shape = (channels, height, width), then f."""

    has_parameters = False

    def __init__(self, in_shape, size=2, activation=Sigmoid):
        c, h, w = in_shape
        if size < 1 or size > h or size > w:
            raise ValueError(f"a {size} x {size} pool does not fit in a {h} x {w} map")
        self.size = size
        self.activation = activation
        self.in_shape = (c, h, w)
        self.out_shape = (c, h // size, w // size)
        self.weights, self.biases = [], []
        self.nabla_w, self.nabla_b = [], []
        self.blocks = self._blocks()

    def __repr__(self):
        c, h, w = self.in_shape
        return f"MaxPoolLayer(({c}, {h}, {w}), size={self.size}, activation={self.activation.__name__})"

    def initialize(self, rng):
        """Nothing to draw: pooling learns nothing."""

    def zero_gradient(self):
        """Nothing to reset."""

    def _blocks(self):
        """For each output (I, J) of each channel, the flat indices of its size x size block."""
        c, h, w = self.in_shape
        _, oh, ow = self.out_shape
        s = self.size
        return [[(ch * h + I * s + p) * w + J * s + q for p in range(s) for q in range(s)]
                for ch in range(c) for I in range(oh) for J in range(ow)]

    def feedforward(self, z):
        """a = f(the maximum of each block)."""
        return self.activation.fn([max([z[i] for i in block]) for block in self.blocks])

    def forward(self, z, rng=None):
        """feedforward, remembering where each maximum was (and the maxima, for f')."""
        self.n_in = len(z)
        self.argmax = []
        self.maxima = []
        for block in self.blocks:
            best = block[0]
            for i in block:
                if z[i] > z[best]:
                    best = i
            self.argmax.append(best)
            self.maxima.append(z[best])
        return self.activation.fn(self.maxima)

    def backward(self, delta, need_input_delta=True):
        """∂C/∂z from delta = ∂C/∂a: δ ⊙ f'(m), each routed to its block's maximum."""
        dz = [0.0] * self.n_in
        argmax = self.argmax
        slopes = self.activation.prime(self.maxima)
        for b in range(len(argmax)):
            d = delta[b]
            if d:  # most are 0 after ReLU: nothing to write into the zeros
                dz[argmax[b]] = d * slopes[b]
        return dz
