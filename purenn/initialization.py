"""How a network's weights and biases start: small random numbers, and why how small matters.

A neuron's weighted input is z = Σ_k w_k x_k + b.  With independent weights
of variance σ², Var(Σ_k w_k x_k) = σ² Σ_k x_k², which grows with the number
of inputs n_in.  With σ = 1, an MNIST digit (about 140 inked pixels and
Σ_k x_k² ≈ 80 on average over the first 1,000 test images) gives z a spread of
about 9 (chapter 6b of the tutorial measures 8.6): most z are beyond ±4, where the sigmoid is
flat (σ'(z) ≈ 0), and the neuron hardly learns.  With σ² = 1/n_in the variance is at most 1, so z starts where the
sigmoid is steep.  ReLU is zero for half its inputs, which halves the variance
passed on; He's scheme doubles σ² to 2/n_in to make up for it.

>>> import random
>>> biases, weights = initial_parameters([3, 2], "he", random.Random(1))
>>> biases, weights[0].shape
([[0.0, 0.0]], (2, 3))
"""

import math

from .matrix import Matrix
from .vector import zeros

INITS = ("scaled", "large", "he")


def weight_std(init, n_in):
    """σ, the spread of the starting weights into a neuron with n_in inputs.

    "scaled": σ = 1/√n_in (Nielsen ch. 3, the default); "large": σ = 1
    (Nielsen ch. 1); "he": σ = √(2/n_in), for ReLU.
    """
    if init == "large":
        return 1.0
    if init == "he":
        return math.sqrt(2.0 / n_in)
    return 1.0 / math.sqrt(n_in)


def initial_parameters(sizes, init, rng):
    """(biases, weights) for layer sizes `sizes`, drawn from `rng` (a random.Random).

    weights[l] ~ N(0, σ²) with σ from weight_std; biases ~ N(0, 1) as in
    Nielsen, except zero with "he" (the usual choice with ReLU).  The draws
    come in a fixed order, so the same seed gives the same network.
    """
    biases, weights = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        weights.append(Matrix.gaussian(n_out, n_in, rng, weight_std(init, n_in)))
        if init == "he":
            biases.append(zeros(n_out))
        else:
            biases.append([rng.gauss(0.0, 1.0) for _ in range(n_out)])
    return biases, weights
