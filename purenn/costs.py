"""Cost functions: how wrong the network's output a is for the target y.

As in Nielsen's network2.py, a cost is a small class with two static methods:
``fn(a, y)``, the cost of one sample, and ``delta(z, a, y)``, the error of the
output layer δ^L = ∂C/∂z^L that backpropagation starts from.  y is the one-hot
target vector (1.0 at the right digit).  Each cost also names the ``output``
activation it is made for: its ``delta`` is only right for that one.

>>> QuadraticCost.fn([0.5, 0.5], [1.0, 0.0])
0.25
"""

import math
import sys

from .activations import Sigmoid, Softmax
from .vector import check_lengths, hadamard, sub

# log(0) is -inf; a tiny positive floor keeps every cost finite (log of it is about -708).
_TINY = sys.float_info.min


def _log(p):
    return math.log(max(p, _TINY))


class QuadraticCost:
    """C = ½ ‖a - y‖² = ½ Σ_j (a_j - y_j)², for a sigmoid output layer.

    ∂C/∂a_j = a_j - y_j (the ½ is there to cancel the 2 of the square), so by
    BP1 δ^L = (a - y) ⊙ σ'(z^L).  The σ' factor makes learning slow when a
    neuron is saturated (a near 0 or 1) and wrong: the problem cross-entropy fixes.
    """

    name = "quadratic"
    output = Sigmoid

    @staticmethod
    def fn(a, y):
        check_lengths(a, y)
        return 0.5 * sum((a_j - y_j) * (a_j - y_j) for a_j, y_j in zip(a, y))  # ** 2 can raise OverflowError

    @staticmethod
    def delta(z, a, y):
        return hadamard(sub(a, y), Sigmoid.prime(z))


class CrossEntropyCost:
    """C = -Σ_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)], for a sigmoid output layer.

    δ^L = a - y, because the σ'(z) of the chain rule cancels:

        ∂C/∂a_j = -y_j/a_j + (1 - y_j)/(1 - a_j) = (a_j - y_j) / (a_j (1 - a_j)),
        σ'(z_j) = σ(z_j)(1 - σ(z_j)) = a_j (1 - a_j),
        δ_j = ∂C/∂a_j · σ'(z_j) = a_j - y_j.

    So a wrong, saturated neuron still learns fast: the error is as big as the
    mistake.  a may be exactly 0.0 or 1.0 in floating point; the logarithms
    are taken of at least the smallest positive float.
    """

    name = "cross-entropy"
    output = Sigmoid

    @staticmethod
    def fn(a, y):
        check_lengths(a, y)
        return -sum(y_j * _log(a_j) + (1.0 - y_j) * _log(1.0 - a_j) for a_j, y_j in zip(a, y))

    @staticmethod
    def delta(z, a, y):
        return sub(a, y)


class LogLikelihoodCost:
    """C = -ln a_y, the log-probability of the right class, for a softmax output layer.

    δ^L = a - y, as for cross-entropy with sigmoid outputs.  Softmax mixes all
    the z's, so differentiate C through z directly: with a_j = e^{z_j} / Σ_k e^{z_k},

        C = -ln a_y = -z_y + ln Σ_k e^{z_k},
        ∂C/∂z_j = -[j = y] + e^{z_j} / Σ_k e^{z_k} = a_j - y_j.
    """

    name = "log-likelihood"
    output = Softmax

    @staticmethod
    def fn(a, y):
        check_lengths(a, y)
        return -sum(y_j * _log(a_j) for a_j, y_j in zip(a, y) if y_j)

    @staticmethod
    def delta(z, a, y):
        return sub(a, y)


COSTS = {cls.name: cls for cls in (QuadraticCost, CrossEntropyCost, LogLikelihoodCost)}
