"""Dropout: switch neurons off at random while training, so none can be relied on.

For each training sample each neuron is kept or dropped at random, dropped
with probability p.  purenn uses *inverted* dropout: a kept neuron's output is
multiplied by 1/(1-p), so its expected value, (1-p) · a/(1-p) = a, is what it
would be without dropout, and evaluation uses the whole network unchanged.

>>> import random
>>> dropout_mask(random.Random(2), 6, 0.5)
[2.0, 2.0, 0.0, 0.0, 2.0, 2.0]

In backpropagation a hidden layer's mask m simply becomes part of its
activation function: a = f(z) ⊙ m, so a' = f'(z) ⊙ m (``Masked``), and the four
equations need no change (``Network.apply_dropout``).
"""

from .vector import SparseVector, hadamard


def dropout_mask(rng, n, p):
    """n factors drawn from rng: each 0 with probability p, else 1/(1-p)."""
    keep = 1.0 / (1.0 - p)
    return [0.0 if rng.random() < p else keep for _ in range(n)]


def apply_mask(x, mask):
    """x ⊙ mask.  A sparse x stays sparse (dropped entries join its zeros), so the
    first layer can still skip them."""
    dropped = hadamard(list(x), mask)
    return SparseVector.from_list(dropped) if isinstance(x, SparseVector) else dropped


class Masked:
    """Activation function f followed by a dropout mask m: fn(z) = f(z) ⊙ m, prime(z) = f'(z) ⊙ m.

    One hidden layer's activation function for one training sample.  A neuron
    with m_j = 0 outputs 0 whatever z_j is, so its derivative is 0 too: it
    passes no error back (BP2) and its weights and bias get no gradient.

    >>> from purenn.activations import Sigmoid
    >>> f = Masked(Sigmoid, [2.0, 0.0])
    >>> f.fn([0.0, 0.0]), f.prime([0.0, 0.0])
    ([1.0, 0.0], [0.5, 0.0])
    """

    def __init__(self, f, mask):
        self.f = f
        self.mask = mask

    def fn(self, z):
        """f(z) ⊙ m: the layer's activations, the dropped ones 0."""
        return hadamard(self.f.fn(z), self.mask)

    def prime(self, z):
        """f'(z) ⊙ m: the derivative of fn, 0 for a dropped neuron."""
        return hadamard(self.f.prime(z), self.mask)

    def __repr__(self):
        return f"Masked({self.f.name}, mask of {len(self.mask)})"
