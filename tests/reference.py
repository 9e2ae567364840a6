"""A slow, obviously correct reference: the same network with index loops only.

Nothing here is shared with purenn except the idea.  Tests start it from the
same weights as a purenn Network and check that one mini-batch update gives
the same numbers; the bench times it as the "straightforward" baseline.

weights[l][j][k] is the weight from neuron k of layer l to neuron j of layer l+1.
"""

import math


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    return math.exp(z) / (1.0 + math.exp(z))


def sigmoid_prime(z):
    return sigmoid(z) * (1.0 - sigmoid(z))


def dense(x):
    """Any sequence (list, tuple, purenn SparseVector) as a list of floats."""
    return [float(v) for v in x]


class ReferenceNetwork:
    """Sigmoid layers; cost "cross-entropy" (δ^L = a - y) or "quadratic" (δ^L = (a - y) σ'(z))."""

    def __init__(self, weights, biases, cost="cross-entropy"):
        self.weights = [[list(row) for row in w] for w in weights]
        self.biases = [list(b) for b in biases]
        self.cost = cost

    def forward(self, x):
        a = dense(x)
        zs, activations = [], [a]
        for w, b in zip(self.weights, self.biases):
            z = []
            for j in range(len(w)):
                total = b[j]
                for k in range(len(a)):
                    total += w[j][k] * a[k]
                z.append(total)
            a = [sigmoid(v) for v in z]
            zs.append(z)
            activations.append(a)
        return zs, activations

    def backprop(self, x, label):
        """Dense gradients: nabla_b[l][j] and nabla_w[l][j][k]."""
        zs, activations = self.forward(x)
        out = activations[-1]
        y = [1.0 if j == label else 0.0 for j in range(len(out))]
        if self.cost == "quadratic":
            delta = [(out[j] - y[j]) * sigmoid_prime(zs[-1][j]) for j in range(len(out))]
        else:
            delta = [out[j] - y[j] for j in range(len(out))]
        n_layers = len(self.weights)
        nabla_b = [None] * n_layers
        nabla_w = [None] * n_layers
        for l in range(n_layers - 1, -1, -1):
            a_prev = activations[l]
            nabla_b[l] = list(delta)
            nabla_w[l] = [[delta[j] * a_prev[k] for k in range(len(a_prev))] for j in range(len(delta))]
            if l > 0:
                w = self.weights[l]
                new_delta = []
                for k in range(len(a_prev)):
                    total = 0.0
                    for j in range(len(delta)):
                        total += w[j][k] * delta[j]
                    new_delta.append(total * sigmoid_prime(zs[l - 1][k]))
                delta = new_delta
        return nabla_b, nabla_w

    def update_mini_batch(self, batch, eta):
        sum_b = [[0.0] * len(b) for b in self.biases]
        sum_w = [[[0.0] * len(row) for row in w] for w in self.weights]
        for x, label in batch:
            nabla_b, nabla_w = self.backprop(x, label)
            for l in range(len(self.weights)):
                for j in range(len(self.biases[l])):
                    sum_b[l][j] += nabla_b[l][j]
                    for k in range(len(self.weights[l][j])):
                        sum_w[l][j][k] += nabla_w[l][j][k]
        step = eta / len(batch)
        for l in range(len(self.weights)):
            for j in range(len(self.biases[l])):
                self.biases[l][j] -= step * sum_b[l][j]
                for k in range(len(self.weights[l][j])):
                    self.weights[l][j][k] -= step * sum_w[l][j][k]
