"""The network on one page: purenn's Network in plain lists, trained on MNIST.

What it is: purenn's default Network([784, 30, 10]) in one file, standard library
only (no purenn import): sigmoid neurons, the cross-entropy cost, weights from
N(0, 1/n_in), biases from N(0, 1), backpropagation and mini-batch SGD, with the
names of Michael Nielsen's network.py.  From the same start it ends with the same
weights as purenn (tests/test_network_on_one_page.py).  What it is not: fast.

purenn is this, plus one idea per module:
    vector.py, matrix.py   these loops, named once, and made fast
    activations.py         tanh, ReLU and softmax beside the sigmoid
    costs.py               the cost as a class: quadratic, cross-entropy, ...
    initialization.py      other starting weights ("large", "he")
    weight_decay.py        L2 regularisation: weights shrink every step
    dropout.py             dropout: random neurons silenced in training
    optimizers.py          momentum, Adam and others instead of plain steps
    data.py                this loader, with precise errors for a bad file

Layers are numbered as in purenn: layer 0 is the input, a^0 = x, so weights[l]
is w^{l+1}, n_{l+1} rows of n_l numbers (row j: the weights into neuron j of
layer l+1), and biases[l] is b^{l+1}.  Nielsen's book calls the input layer 1,
so his layer numbers are ours plus one.
"""

import argparse
import csv
import gzip
import itertools
import math
import random
import time


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(-z)); for z < 0 as e^z / (1 + e^z), so exp never overflows."""
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def sigmoid_prime(z):
    """σ'(z) = σ(z) (1 - σ(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def dot(u, v):
    """u · v = Σ_k u_k v_k."""
    return sum(u_k * v_k for u_k, v_k in zip(u, v))


def add(u, v, c=1.0):
    """u + c v, entry by entry."""
    return [u_k + c * v_k for u_k, v_k in zip(u, v)]


def outer(u, v):
    """The matrix u vᵀ: its row j is u_j v."""
    return [[u_j * v_k for v_k in v] for u_j in u]


def argmax(a):
    """The index of the largest entry of a (the first, if several are equal)."""
    return max(range(len(a)), key=a.__getitem__)


class Network:
    def __init__(self, sizes, seed=1):
        """Layer sizes, e.g. [784, 30, 10]; its own Random(seed) draws w ~ N(0, 1/n_in), b ~ N(0, 1)."""
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.weights, self.biases = [], []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            std = 1.0 / math.sqrt(n_in)
            self.weights.append([[self.rng.gauss(0.0, std) for k in range(n_in)] for j in range(n_out)])
            self.biases.append([self.rng.gauss(0.0, 1.0) for j in range(n_out)])

    def feedforward(self, a):
        """The output a^L for the input a^0 = a: a^l = σ(w^l a^{l-1} + b^l), l = 1 ... L."""
        for w, b in zip(self.weights, self.biases):
            a = [sigmoid(dot(w_j, a) + b_j) for w_j, b_j in zip(w, b)]
        return a

    def backprop(self, x, y):
        """(nabla_b, nabla_w), the gradient of the cost C of one image x with label y.

        nabla_b[l] = ∂C/∂b^{l+1} and nabla_w[l] = ∂C/∂w^{l+1}, the shapes of biases[l], weights[l].
        (BP1) δ^L = a^L - y, for the cross-entropy cost (the σ'(z^L) of the chain rule cancels)
        (BP2) δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l)
        (BP3) ∂C/∂b^l = δ^l
        (BP4) ∂C/∂w^l = δ^l (a^{l-1})ᵀ
        """
        activation = x
        activations = [x]  # activations[l] is a^l
        zs = []  # zs[l-1] is z^l = w^l a^{l-1} + b^l
        for w, b in zip(self.weights, self.biases):
            z = [dot(w_j, activation) + b_j for w_j, b_j in zip(w, b)]
            zs.append(z)
            activation = [sigmoid(z_j) for z_j in z]
            activations.append(activation)
        L = len(self.weights)
        nabla_b, nabla_w = [None] * L, [None] * L
        target = [1.0 if j == y else 0.0 for j in range(self.sizes[-1])]  # y as a vector: 1 at the label
        delta = add(activations[-1], target, -1.0)  # (BP1) δ^L = a^L - y
        nabla_b[-1] = delta  # (BP3)
        nabla_w[-1] = outer(delta, activations[-2])  # (BP4)
        for l in range(L - 1, 0, -1):  # l = L-1, ..., 1
            w = self.weights[l]  # w^{l+1}; (BP2), with ((w^{l+1})ᵀ δ^{l+1})_j = Σ_k w^{l+1}_kj δ^{l+1}_k
            delta = [sum(w[k][j] * delta_k for k, delta_k in enumerate(delta)) * sigmoid_prime(z_j)
                     for j, z_j in enumerate(zs[l - 1])]
            nabla_b[l - 1] = delta  # (BP3)
            nabla_w[l - 1] = outer(delta, activations[l - 1])  # (BP4)
        return nabla_b, nabla_w

    def update_mini_batch(self, mini_batch, eta):
        """One step: w ← w - (η/m) Σ_x ∂C_x/∂w, b ← b - (η/m) Σ_x ∂C_x/∂b, over the m pairs (x, y)."""
        nabla_b = [[0.0] * len(b) for b in self.biases]
        nabla_w = [[[0.0] * len(w_j) for w_j in w] for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [add(nb, dnb) for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [[add(nw_j, dnw_j) for nw_j, dnw_j in zip(nw, dnw)]
                       for nw, dnw in zip(nabla_w, delta_nabla_w)]
        step = eta / len(mini_batch)
        self.weights = [[add(w_j, nw_j, -step) for w_j, nw_j in zip(w, nw)]
                        for w, nw in zip(self.weights, nabla_w)]
        self.biases = [add(b, nb, -step) for b, nb in zip(self.biases, nabla_b)]

    def sgd(self, training_data, epochs, mini_batch_size, eta, test_data=None):
        """Each epoch: shuffle, cut into mini-batches, step on each; print "Epoch e: right / total"."""
        for epoch in range(1, epochs + 1):
            data = list(training_data)
            self.rng.shuffle(data)
            for k in range(0, len(data), mini_batch_size):
                self.update_mini_batch(data[k:k + mini_batch_size], eta)
            if test_data is not None:
                print(f"Epoch {epoch}: {self.evaluate(test_data)} / {len(test_data)}")

    def evaluate(self, test_data):
        """How many pairs (x, y) the network gets right: its largest output a^L_j is at j = y."""
        return sum(argmax(self.feedforward(x)) == y for x, y in test_data)


def load_mnist(path, limit=None):
    """[(x, label)] from an MNIST .csv.gz, a line 'label,p_0,...,p_783' per image: x_k = p_k / 255."""
    with gzip.open(path, "rt", newline="") as f:
        return [([int(p) / 255 for p in row[1:]], int(row[0]))
                for row in itertools.islice(csv.reader(f), limit)]


PARSER = argparse.ArgumentParser(description="Train the network on one page on MNIST.")
PARSER.add_argument("--epochs", type=int, default=3, help="passes over the training data (default: 3)")
PARSER.add_argument("--limit", type=int, help="train on only the first N training images")
PARSER.add_argument("--test-limit", type=int, help="test on only the first N test images")


def main(argv=None):
    """Train [784, 30, 10] (mini-batches of 10, η = 0.5, seed 1) and print each epoch's accuracy."""
    args = PARSER.parse_args(argv)
    start = time.perf_counter()
    training_data = load_mnist("data/mnist_train.csv.gz", args.limit)
    test_data = load_mnist("data/mnist_test.csv.gz", args.test_limit)
    print(f"Training [784, 30, 10] on {len(training_data)} images, testing on {len(test_data)}")
    Network([784, 30, 10], seed=1).sgd(training_data, args.epochs, 10, 0.5, test_data=test_data)
    print(f"Done in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
