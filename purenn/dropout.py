"""Dropout: switch neurons off at random while training, so none can be relied on.

For each training sample each neuron is kept or dropped at random, dropped
with probability p.  purenn uses *inverted* dropout: a kept neuron's output is
multiplied by 1/(1-p), so its expected value, (1-p) · a/(1-p) = a, is what it
would be without dropout, and evaluation uses the whole network unchanged.

>>> import random
>>> dropout_mask(random.Random(2), 6, 0.5)
[2.0, 2.0, 0.0, 0.0, 2.0, 2.0]
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
