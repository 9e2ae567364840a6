"""A convolutional layer: small filters slid over the image, the same weights everywhere.

Nielsen, "Neural Networks and Deep Learning", chapter 6: each neuron of a
feature map looks at a k x k *local receptive field* of the input, and all the
neurons of one map share the same k x k weights and one bias ("shared weights
and biases"), so a map detects one feature wherever in the image it appears.
With c input channels (1 for an MNIST image, the feature maps of the layer
before otherwise) a filter has c x k x k weights.

Notation.  The input x has c channels of h x w; filter f has weights
w^f_{ch,p,q} and bias b_f.  With stride S (the filter moves S pixels at a
time) and zero padding P (P rows and columns of zeros laid around the input,
so x_{ch,r,s} = 0 when r or s is outside 0..h-1, 0..w-1):

    z^f_{i,j} = b_f + Σ_ch Σ_p Σ_q w^f_{ch,p,q} x_{ch, Si+p-P, Sj+q-P}.

Each output map is oh x ow: the filter's top-left tap starts at -P and
the last position must still fit inside the padded side h + 2P, so

    oh = (h + 2P - k)/S + 1,   ow = (w + 2P - k)/S + 1,

and S must divide h + 2P - k exactly (otherwise the last rows or columns
would be read by no filter position: purenn refuses such a layer rather than
drop them silently).  P = 0, S = 1 is the plain layer, h - k + 1 on a side;
P = (k - 1)/2 with S = 1 keeps the side: a 5 x 5 filter with P = 2 turns
28 x 28 into 28 x 28.  P must be less than k: a filter position that sees
only padding would compute nothing but b_f.

That is a cross-correlation: the filter is laid on the image as it is.
Nielsen's network3.py calls Theano's ``conv.conv2d``, a true convolution,
which flips the filter first (w_{k-1-p, k-1-q}).  For learning it makes no
difference (the flipped filter is learned instead); for a picture of the
filters it does: purenn's are shown the way they meet the image.

The layer is linear: it outputs z.  The activation comes after max-pooling
(pool.py), in network3's order f(pool(conv(x)) + b).

Backpropagation.  Given δ^f_{i,j} = ∂C/∂z^f_{i,j}, the chain rule through the
formula above gives, writing r = Si+p-P, s = Sj+q-P for the input a tap meets,

    ∂C/∂b_f          = Σ_{i,j} δ^f_{i,j}              (b_f is in every z^f)
    ∂C/∂w^f_{ch,p,q} = Σ_{i,j} δ^f_{i,j} x_{ch,r,s}   (w^f_{ch,p,q} meets x_{ch,r,s} in z^f_{i,j};
                                                      a padding zero adds nothing)
    ∂C/∂x_{ch,r,s}   = Σ_f Σ_{p,q} w^f_{ch,p,q} δ^f_{i,j}   over the (p, q) for which
                       i = (r+P-p)/S and j = (s+P-q)/S are whole and inside the map.

A shared weight gets the sum of what each of its uses would get.  The zeros
of the padding are not inputs: nothing is passed down to them.  What padding
changes is how often an edge pixel is used: with P = 0 a corner pixel meets
one tap of each filter and the centre k² of them, so the corner's ∂C/∂x has one
term per filter against the centre's k²; with P = k - 1 every pixel meets all
k² taps.  A stride S > 1 uses each pixel about k²/S² times.

Layout.  Every image and stack of maps is one flat list, channel by channel,
row by row: x_{ch,i,j} is x[(ch*h + i)*w + j].  ``weights[f]`` is filter f
flat in the same order: w^f_{ch,p,q} is weights[f][(ch*k + p)*k + q];
``biases[f]`` is b_f.
"""

import math

from .vector import fill_zeros


def output_side(side, k, padding=0, stride=1):
    """(side + 2P - k)/S + 1: how many positions a k x k filter takes along a side of the input.

    Raises ValueError if the filter does not fit, or S does not divide side + 2P - k.

    >>> output_side(28, 5), output_side(28, 5, padding=2), output_side(28, 4, stride=2)
    (24, 28, 13)
    """
    room = side + 2 * padding - k
    if room < 0:
        pad = f" padded by {padding} on each side" if padding else ""
        raise ValueError(f"a {k} x {k} filter does not fit in a side of {side}{pad}")
    if room % stride:
        raise ValueError(f"a {k} x {k} filter with padding {padding} and stride {stride} does not "
                         f"tile a side of {side}: {side} + 2·{padding} - {k} = {room} is not a multiple "
                         f"of the stride {stride}")
    return room // stride + 1


class ConvLayer:
    """n_filters filters of k x k over an input of shape in_shape = (channels, height, width).

    padding: P rows and columns of zeros around the input (0 <= P < k); stride: S >= 1.
    pool: the size of the max-pooling that follows it, used only for the spread
    of the starting weights (network3: N(0, 1/n_out), n_out = n_filters k² / pool²).
    fast: use the faster version of forward and backward (same numbers to ~1e-15).
    """

    has_parameters = True

    def __init__(self, n_filters, k, in_shape, pool=1, fast=True, padding=0, stride=1):
        c, h, w = in_shape
        if n_filters < 1 or k < 1:
            raise ValueError(f"a conv layer needs at least one filter of at least 1 x 1, "
                             f"got {n_filters} of {k} x {k}")
        if stride < 1:
            raise ValueError(f"a conv layer's stride must be at least 1, got {stride}")
        if not 0 <= padding < k:
            raise ValueError(f"a {k} x {k} filter's padding must be from 0 to {k - 1}, got {padding}")
        if padding == 0 and (k > h or k > w):
            raise ValueError(f"a {k} x {k} filter does not fit in its {h} x {w} input")
        self.n_filters, self.k, self.pool = n_filters, k, pool
        self.padding, self.stride = padding, stride
        self.in_shape = (c, h, w)
        self.out_shape = (n_filters, output_side(h, k, padding, stride), output_side(w, k, padding, stride))
        self.fast = fast
        self.patches = None  # the fast version's table, made when first needed
        self.weights = [[0.0] * (c * k * k) for _ in range(n_filters)]
        self.biases = [0.0] * n_filters
        self.nabla_w = [[0.0] * (c * k * k) for _ in range(n_filters)]
        self.zero_gradient()

    def __repr__(self):
        c, h, w = self.in_shape
        extra = (f", padding={self.padding}" if self.padding else "") + (
            f", stride={self.stride}" if self.stride != 1 else "")
        return f"ConvLayer({self.n_filters}, {self.k}, in_shape=({c}, {h}, {w}){extra})"

    def initialize(self, rng):
        """Starting weights w ~ N(0, 1/n_out) and biases b ~ N(0, 1), as network3."""
        n_out = self.n_filters * self.k * self.k / (self.pool * self.pool)
        std = math.sqrt(1.0 / n_out)
        self.weights = [[rng.gauss(0.0, std) for _ in row] for row in self.weights]
        self.biases = [rng.gauss(0.0, 1.0) for _ in self.biases]

    def zero_gradient(self):
        """nabla_w, nabla_b: where backward adds ∂C/∂w and ∂C/∂b, shaped like weights and biases.

        Made once and zeroed in place, as in dense.py.
        """
        for row in self.nabla_w:
            fill_zeros(row)
        self.nabla_b = [0.0] * len(self.biases)

    def feedforward(self, x):
        """z = the filters slid over x (the formula in the module docstring)."""
        x = dense(x)
        return self._forward_fast(x) if self.fast else self._forward_plain(x)

    def forward(self, x, rng=None):
        """feedforward, remembering the input for backward."""
        self.x = dense(x)
        return self._forward_fast(self.x) if self.fast else self._forward_plain(self.x)

    def backward(self, delta, need_input_delta=True):
        """Add ∂C/∂w and ∂C/∂b into nabla_w and nabla_b; return ∂C/∂x (None if not needed).

        delta is δ = ∂C/∂z, one number per output, in the layout of z.
        """
        if self.fast:
            return self._backward_fast(delta, need_input_delta)
        return self._backward_plain(delta, need_input_delta)

    # The definition, one multiplication at a time.  A tap that falls on the
    # padding (r or s outside the input) meets a zero: it is skipped.

    def _forward_plain(self, x):
        c, h, w = self.in_shape
        k, P, S = self.k, self.padding, self.stride
        _, oh, ow = self.out_shape
        z = []
        for f in range(self.n_filters):
            wf = self.weights[f]
            for i in range(oh):
                for j in range(ow):
                    total = self.biases[f]
                    for ch in range(c):
                        for p in range(k):
                            r = S * i + p - P
                            if not 0 <= r < h:
                                continue
                            for q in range(k):
                                s = S * j + q - P
                                if 0 <= s < w:
                                    total += wf[(ch * k + p) * k + q] * x[(ch * h + r) * w + s]
                    z.append(total)
        return z

    def _backward_plain(self, delta, need_input_delta):
        c, h, w = self.in_shape
        k, P, S = self.k, self.padding, self.stride
        _, oh, ow = self.out_shape
        x = self.x
        dx = [0.0] * (c * h * w) if need_input_delta else None
        for f in range(self.n_filters):
            wf, nwf = self.weights[f], self.nabla_w[f]
            for i in range(oh):
                for j in range(ow):
                    d = delta[(f * oh + i) * ow + j]  # δ^f_{i,j}
                    self.nabla_b[f] += d
                    for ch in range(c):
                        for p in range(k):
                            r = S * i + p - P
                            if not 0 <= r < h:
                                continue
                            for q in range(k):
                                s = S * j + q - P
                                if not 0 <= s < w:
                                    continue
                                t = (ch * k + p) * k + q
                                u = (ch * h + r) * w + s
                                nwf[t] += d * x[u]
                                if need_input_delta:
                                    dx[u] += wf[t] * d
        return dx

    # Faster versions: the same sums, fewer Python steps.
    #
    # Most of an MNIST image is blank, and after max-pooling at most one δ in
    # four is non-zero (ReLU silences more), so the fast versions visit only
    # the non-zero numbers, as purenn's first fully connected layer does.
    # self.patches[pos][t] is the input s under tap t = (ch, p, q) of the
    # filter when it sits at output position pos (tables made once); a tap on
    # the padding points at one extra zero placed after the input, index c·h·w:
    #
    #   forward:  each non-zero input x_s adds w^f_t x_s into every output
    #             z^f_pos it is in: the pairs (t, pos) of self.touches[s], the
    #             same table read the other way round;
    #   backward: each non-zero δ^f_pos adds δ x_s into ∂C/∂w^f_t, and w^f_t δ
    #             into ∂C/∂x_s, for the input s under each tap t of its patch.
    #
    # The sums are the plain ones without their zero terms (equal to ~1e-15).

    def _tables(self):
        c, h, w = self.in_shape
        k, P, S = self.k, self.padding, self.stride
        _, oh, ow = self.out_shape
        outside = c * h * w  # the extra zero

        def under(ch, r, s):
            return (ch * h + r) * w + s if 0 <= r < h and 0 <= s < w else outside

        self.patches = [[under(ch, S * i + p - P, S * j + q - P)
                         for ch in range(c) for p in range(k) for q in range(k)]
                        for i in range(oh) for j in range(ow)]
        self.touches = [[] for _ in range(c * h * w)]
        for pos, patch in enumerate(self.patches):
            for t, s in enumerate(patch):
                if s != outside:
                    self.touches[s].append((t, pos))

    def _forward_fast(self, x):
        if self.patches is None:
            self._tables()
        n = self.out_shape[1] * self.out_shape[2]
        inked = [(s, x_s) for s, x_s in enumerate(x) if x_s]
        z = []
        for wf, b in zip(self.weights, self.biases):
            zf = [b] * n
            for s, x_s in inked:
                for t, pos in self.touches[s]:
                    zf[pos] += wf[t] * x_s
            z += zf
        return z

    def _backward_fast(self, delta, need_input_delta):
        if self.patches is None:
            self._tables()
        n = self.out_shape[1] * self.out_shape[2]
        x = self.x + [0.0]  # the extra zero that padding taps read
        dx = [0.0] * len(x) if need_input_delta else None
        for index, d in enumerate(delta):
            if d:
                f, pos = divmod(index, n)
                self.nabla_b[f] += d
                wf, nwf = self.weights[f], self.nabla_w[f]
                patch = self.patches[pos]
                for t in range(len(patch)):
                    nwf[t] += d * x[patch[t]]
                if need_input_delta:
                    for t in range(len(patch)):
                        dx[patch[t]] += wf[t] * d
        if need_input_delta:
            dx.pop()  # what the padding would have got: nothing below needs it
        return dx


def dense(x):
    """x as a plain list (a SparseVector's zeros filled in): the layers index it freely.

    Anything with a ``to_list`` method (SparseVector, expand.ShiftedImage) is asked for it.
    """
    to_list = getattr(x, "to_list", None)
    return to_list() if to_list is not None else list(x)
