"""Fully connected layers for a network of layers (convnet.py): every input to every neuron.

These are the layers of network.py, written as objects with their own forward
and backward passes so that they can follow convolutional ones (Nielsen's
network3.py: ``FullyConnectedLayer`` and ``SoftmaxLayer``).  With inputs
a^{l-1}, weights w (row j: the weights into neuron j) and biases b,

    z = w a^{l-1} + b,    a = f(z).

Backpropagation, given ∂C/∂a from the layer above (or δ = ∂C/∂z from the
cost, for the output layer: ``backward_z``):

    δ = ∂C/∂a ⊙ f'(z)                 (BP2's second half)
    ∂C/∂b = δ,   ∂C/∂w = δ (a^{l-1})ᵀ  (BP3, BP4)
    ∂C/∂a^{l-1} = wᵀ δ                 (BP2's first half, handed to the layer below)

Layout: ``weights[j]`` is the row of n_in weights into neuron j, as purenn's
Matrix rows (network3 stores the transpose, (n_in, n_out)); ``biases[j]`` is b_j.

Dropout (fully connected hidden layers only): in training each output is
multiplied by a mask of 0 and 1/(1-p) (inverted dropout, dropout.py), and so
is its ∂C/∂a on the way back.  network3.py drops a layer's *inputs* instead,
and scales the weights by 1-p at test time; the two differ only in which
layer's neurons are dropped (purenn: the hidden ones, not the conv outputs).
"""

import math

from .activations import Sigmoid, Softmax
from .dropout import dropout_mask
from .vector import add_outer_rows, affine_rows, fill_zeros, transpose_matvec_rows


class FullyConnectedLayer:
    """n_out neurons, each connected to all n_in inputs, with activation f and dropout p.

    fast: use the faster version of the sums (the same numbers to ~1e-15).
    """

    has_parameters = True

    def __init__(self, n_in, n_out, activation=Sigmoid, dropout=0.0, fast=True):
        if n_in < 1 or n_out < 1:
            raise ValueError(f"a fully connected layer needs at least one input and one neuron, "
                             f"got {n_in} and {n_out}")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must be at least 0 and less than 1, got {dropout}")
        self.n_in, self.n_out = n_in, n_out
        self.in_shape, self.out_shape = (n_in,), (n_out,)
        self.activation = activation
        self.dropout = dropout
        self.fast = fast
        self.weights = [[0.0] * n_in for _ in range(n_out)]
        self.biases = [0.0] * n_out
        self.nabla_w = [[0.0] * n_in for _ in range(n_out)]
        self.zero_gradient()

    def __repr__(self):
        return f"{type(self).__name__}({self.n_in}, {self.n_out}, activation={self.activation.__name__})"

    def initialize(self, rng):
        """Starting weights w ~ N(0, 1/n_out) and biases b ~ N(0, 1), as network3."""
        std = math.sqrt(1.0 / self.n_out)
        self.weights = [[rng.gauss(0.0, std) for _ in range(self.n_in)] for _ in range(self.n_out)]
        self.biases = [rng.gauss(0.0, 1.0) for _ in range(self.n_out)]

    def zero_gradient(self):
        """nabla_w, nabla_b: where backward adds ∂C/∂w and ∂C/∂b, shaped like weights and biases.

        nabla_w is made once and zeroed in place, not made anew for every
        mini-batch (2880 x 100 floats for the layer after Nielsen's conv layer).
        """
        for row in self.nabla_w:
            fill_zeros(row)
        self.nabla_b = [0.0] * self.n_out

    def weighted_inputs(self, a):
        """z = w a + b: z_j = b_j + Σ_i w_ji a_i."""
        return self._weighted_inputs_fast(a) if self.fast else self._weighted_inputs_plain(a)

    def feedforward(self, a):
        """a' = f(w a + b)."""
        return self.activation.fn(self.weighted_inputs(list(a)))

    def forward(self, a, rng=None):
        """feedforward, remembering a and z for backward; with dropout, masked by a mask from rng."""
        self.a_in = list(a)
        self.z = self.weighted_inputs(self.a_in)
        out = self.activation.fn(self.z)
        self.mask = dropout_mask(rng, self.n_out, self.dropout) if self.dropout else None
        if self.mask:
            out = [o * m for o, m in zip(out, self.mask)]
        return out

    def backward(self, delta_a, need_input_delta=True):
        """From ∂C/∂a: δ = ∂C/∂a ⊙ f'(z) (⊙ the dropout mask), then backward_z."""
        if self.mask:
            delta_a = [d * m for d, m in zip(delta_a, self.mask)]
        delta = [d * s for d, s in zip(delta_a, self.activation.prime(self.z))]
        return self.backward_z(delta, need_input_delta)

    def backward_z(self, delta, need_input_delta=True):
        """From δ = ∂C/∂z: add ∂C/∂b and ∂C/∂w into nabla_b and nabla_w; return ∂C/∂a_in.

            ∂C/∂b_j = δ_j,   ∂C/∂w_ji = δ_j a_i,   ∂C/∂a_i = Σ_j w_ji δ_j  (wᵀ δ)

        with a the input remembered by forward (None returned if not needed).
        """
        if self.fast:
            return self._backward_fast(delta, need_input_delta)
        return self._backward_plain(delta, need_input_delta)

    # The definition, one multiplication at a time.

    def _weighted_inputs_plain(self, a):
        z = []
        for row, b in zip(self.weights, self.biases):
            total = b
            for i in range(self.n_in):
                total += row[i] * a[i]
            z.append(total)
        return z

    def _backward_plain(self, delta, need_input_delta):
        a = self.a_in
        dx = [0.0] * self.n_in if need_input_delta else None
        for j, d in enumerate(delta):
            self.nabla_b[j] += d
            row, nrow = self.weights[j], self.nabla_w[j]
            for i in range(self.n_in):
                nrow[i] += d * a[i]
                if need_input_delta:
                    dx[i] += row[i] * d
        return dx

    # Faster versions: the same sums without their zero terms.  After ReLU and
    # max-pooling many inputs a_i are 0, and a neuron with δ_j = 0 (a ReLU that
    # was off, a dropped neuron) adds nothing to ∂C/∂w or to wᵀ δ: both are
    # skipped.  The three sums are vector.py's fast kernels, which choose how
    # to run their loops on the Python that runs them.

    def _weighted_inputs_fast(self, a):
        return affine_rows(self.weights, a, self.biases)

    def _backward_fast(self, delta, need_input_delta):
        for j, d in enumerate(delta):
            self.nabla_b[j] += d
        add_outer_rows(self.nabla_w, delta, self.a_in)
        return transpose_matvec_rows(self.weights, delta) if need_input_delta else None


class SoftmaxLayer(FullyConnectedLayer):
    """The output layer for the log-likelihood cost: a = softmax(w a_in + b).

    It starts at zero weights and biases, as in network3.py: every digit equally
    likely.  (A zero start is fine here, unlike in hidden layers, because the
    δ = a - y of each output neuron differs, so its weights move apart at once.)
    """

    def __init__(self, n_in, n_out, fast=True):
        super().__init__(n_in, n_out, activation=Softmax, fast=fast)

    def initialize(self, rng):
        """Zero weights and biases (network3): nothing is drawn."""
        self.weights = [[0.0] * self.n_in for _ in range(self.n_out)]
        self.biases = [0.0] * self.n_out
