"""purenn as the reference: a learner's plain lists in, purenn's answers out as plain lists.

Every call the checks make into purenn's network goes through here, and this is
the one place that reads what ``Network.backprop`` returns (``gradient_rows``)
and what ``load_csv`` gives as an image (``image``): if purenn changes those
types, only these lines change.  Also here: small random networks with fixed
seeds, and central differences, the yardstick the gradients are held to.
"""

import copy
import random

from ...costs import QuadraticCost
from ...matrix import Matrix
from ...network import Network

H = 1e-5  # the step of the central differences: error about h² ≈ 1e-10


def gradient_rows(nabla_w_l):
    """One weight gradient from Network.backprop (a Matrix) as a new list of rows."""
    return [list(row) for row in nabla_w_l.rows]


def image(x):
    """An MNIST image from purenn.data.load_csv as a new plain list of 784 floats."""
    return [float(v) for v in x]


def network(weights, biases, cost=QuadraticCost):
    """A purenn Network holding these weights (lists of rows) and biases (lists)."""
    sizes = [len(weights[0][0])] + [len(w) for w in weights]
    net = Network(sizes, cost=cost, seed=0)
    net.weights = [Matrix(copy.deepcopy(w)) for w in weights]
    net.biases = copy.deepcopy(biases)
    return net


def parameters(net):
    """(weights, biases) of a purenn Network as plain lists: lists of rows, lists."""
    return [[list(row) for row in w.rows] for w in net.weights], [list(b) for b in net.biases]


def backprop(weights, biases, x, y, cost=QuadraticCost):
    """(nabla_b, nabla_w) from purenn's Network.backprop, as plain lists."""
    nabla_b, nabla_w = network(weights, biases, cost).backprop(x, y)
    return [list(nb) for nb in nabla_b], [gradient_rows(nw) for nw in nabla_w]


def numerical_backprop(weights, biases, x, y, cost=QuadraticCost):
    """The same (nabla_b, nabla_w) by central differences of the cost, one parameter at a time."""
    net = network(weights, biases, cost)

    def c():
        return cost.fn(net.feedforward(x), y)
    nabla_b = [[slope(c, b, j) for j in range(len(b))] for b in net.biases]
    nabla_w = [[[slope(c, row, k) for k in range(len(row))] for row in w.rows] for w in net.weights]
    return nabla_b, nabla_w


def slope(f, values, i, h=H):
    """∂f/∂values[i] by central differences: values[i] moved by ±h in place, then put back."""
    saved = values[i]
    values[i] = saved + h
    up = f()
    values[i] = saved - h
    down = f()
    values[i] = saved
    return (up - down) / (2 * h)


def numbers(rng, n, low=-1.0, high=1.0):
    """n random numbers, rounded to 2 decimals so that a report is easy to read."""
    return [round(rng.uniform(low, high), 2) for _ in range(n)]


def random_network(sizes, seed):
    """(weights, biases) for layer sizes, e.g. [3, 4, 2]: weights[l] has sizes[l+1] rows of sizes[l]."""
    rng = random.Random(seed)
    weights = [[numbers(rng, n_in) for _ in range(n_out)] for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [numbers(rng, n_out) for n_out in sizes[1:]]
    return weights, biases


def random_target(rng, n):
    """A target vector of n numbers: one-hot, as a digit's target is."""
    target = [0.0] * n
    target[rng.randrange(n)] = 1.0
    return target


class SeededRandom(random.Random):
    """A random.Random that remembers its seed, so a report can say random.Random(seed)."""

    def __init__(self, seed):
        super().__init__(seed)
        self.seed_value = seed

    def __repr__(self):
        return f"random.Random({self.seed_value})"

    def __deepcopy__(self, memo):
        twin = SeededRandom(self.seed_value)
        twin.setstate(self.getstate())
        return twin

    def unused(self):
        """Whether nothing has been drawn from it yet."""
        return self.getstate() == random.Random(self.seed_value).getstate()
