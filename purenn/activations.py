"""Activation functions: what a neuron does with its weighted input z.

Each activation is a small class with two static methods that work on a whole
layer (a list of z values): ``fn(z)`` gives the activations a = f(z) and
``prime(z)`` gives the derivatives f'(z) that backprop multiplies in.

Pure Python raises ``OverflowError`` for ``math.exp(710)``, so every function
here is written to stay finite for any finite z.

>>> sigmoid(0.0)
0.5
>>> Sigmoid.fn([-1000.0, 1000.0])
[0.0, 1.0]
"""

import math


def sigmoid(z):
    """The logistic function σ(z) = 1 / (1 + e^(-z)), for one number.

    Only e^(-|z|) is ever computed, which is at most 1, so it cannot overflow;
    for z < 0 the same value is written as e^z / (1 + e^z).
    """
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def sigmoid_prime(z):
    """The derivative σ'(z) = σ(z) (1 - σ(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


class Sigmoid:
    """σ(z) = 1 / (1 + e^(-z)): squashes any z into (0, 1)."""

    name = "sigmoid"

    @staticmethod
    def fn(z):
        return list(map(sigmoid, z))

    @staticmethod
    def prime(z):
        return list(map(sigmoid_prime, z))


def _tanh_prime(z):
    t = math.tanh(z)
    return 1.0 - t * t


class Tanh:
    """tanh(z) = (e^z - e^(-z)) / (e^z + e^(-z)), in (-1, 1); tanh'(z) = 1 - tanh(z)²."""

    name = "tanh"

    @staticmethod
    def fn(z):
        return list(map(math.tanh, z))

    @staticmethod
    def prime(z):
        return list(map(_tanh_prime, z))


class ReLU:
    """relu(z) = max(0, z); its derivative is 1 for z > 0 and 0 otherwise."""

    name = "relu"

    @staticmethod
    def fn(z):
        return [v if v > 0.0 else 0.0 for v in z]

    @staticmethod
    def prime(z):
        return [1.0 if v > 0.0 else 0.0 for v in z]


class LeakyReLU:
    """leaky_relu(z) = z for z > 0, else 0.01 z: negative inputs keep a small slope."""

    name = "leaky-relu"
    slope = 0.01

    @staticmethod
    def fn(z):
        return [v if v > 0.0 else LeakyReLU.slope * v for v in z]

    @staticmethod
    def prime(z):
        return [1.0 if v > 0.0 else LeakyReLU.slope for v in z]


class Softmax:
    """softmax(z)_j = e^(z_j) / Σ_k e^(z_k): a probability for each class.

    Softmax is for the output layer only, paired with the log-likelihood cost,
    whose output error δ = a - y needs no derivative of softmax.  Subtracting
    max(z) first changes nothing mathematically and keeps every e^x at most 1.
    """

    name = "softmax"

    @staticmethod
    def fn(z):
        top = max(z)
        exps = [math.exp(v - top) for v in z]
        total = sum(exps)
        return [e / total for e in exps]


HIDDEN = {cls.name: cls for cls in (Sigmoid, Tanh, ReLU, LeakyReLU)}
