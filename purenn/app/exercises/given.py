"""Code a later chapter's exercise file is given: the worked answers of earlier chapters.

``python main.py exercise start 5`` copies the functions that chapter 5 builds on
(sigmoid, forward_pass, backprop, ...) from here into the learner's file, as
given code to read and use; their docstrings are also the ones the earlier
chapters' scaffolds give the same functions to write.  The check tests them
like any other function (a learner may have changed them).

Plain Python lists, the chapters' notation: layer 0 is the input; weights[l] is
w^{l+1}, a list of n_{l+1} rows of n_l numbers, row j holding the weights into
neuron j of layer l+1; biases[l] is b^{l+1}.
"""

import math


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)) for one number z, without ever overflowing.

    math.exp(710) raises OverflowError in pure Python, so compute e^(−|z|) only:
    1 / (1 + e^(−z)) for z ≥ 0, and the same value written e^z / (1 + e^z) for z < 0.
    """
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def sigmoid_prime(z):
    """σ'(z) = σ(z)(1 − σ(z)), the slope of the sigmoid at the number z."""
    s = sigmoid(z)
    return s * (1.0 - s)


def forward_pass(weights, biases, x):
    """(zs, activations) for input x: every z^l and a^l, kept for the backward pass.

    zs[l] is z^{l+1} = w^{l+1} a^l + b^{l+1} and activations[l] is a^l, so
    activations[0] is x itself and activations[-1] the output a^L; all are lists.
    """
    zs = []
    activations = [list(x)]
    for w, b in zip(weights, biases):
        a = activations[-1]
        z = [sum(w_jk * a_k for w_jk, a_k in zip(row, a)) + b_j for row, b_j in zip(w, b)]
        zs.append(z)
        activations.append([sigmoid(z_j) for z_j in z])
    return zs, activations


def feedforward(weights, biases, x):
    """The network's output a^L for input x: a^{l+1} = σ(w^{l+1} a^l + b^{l+1}), layer after layer."""
    zs, activations = forward_pass(weights, biases, x)
    return activations[-1]


def output_error(z, a, y):
    """BP1 for the quadratic cost C = ½ ‖a^L − y‖²: δ^L = (a^L − y) ⊙ σ'(z^L).

    z is z^L, a is a^L = σ(z^L) and y the target, three lists of the same length;
    return δ^L, a list of that length.
    """
    return [(a_j - y_j) * sigmoid_prime(z_j) for z_j, a_j, y_j in zip(z, a, y)]


def backpropagate_error(w_next, delta_next, z):
    """BP2: δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l), the error one layer back.

    w_next is w^{l+1}: n_{l+1} rows of n_l numbers (row k holds the weights into
    neuron k of layer l+1); delta_next is δ^{l+1} (n_{l+1} numbers); z is z^l
    (n_l numbers).  Return δ^l, n_l numbers: entry j is
    Σ_k w^{l+1}_kj δ^{l+1}_k times σ'(z^l_j): the sum runs down column j of w_next.
    """
    return [sum(w_next[k][j] * delta_next[k] for k in range(len(delta_next))) * sigmoid_prime(z_j)
            for j, z_j in enumerate(z)]


def bias_gradient(delta):
    """BP3: ∂C/∂b^l = δ^l, as a new list (one entry per neuron of layer l)."""
    return list(delta)


def weight_gradient(delta, a_prev):
    """BP4: ∂C/∂w^l = δ^l (a^{l−1})ᵀ, the outer product: entry (j, k) is δ^l_j a^{l−1}_k.

    delta is δ^l (n_l numbers), a_prev is a^{l−1} (n_{l−1} numbers); return a
    matrix shaped like w^l: n_l rows of n_{l−1} numbers.
    """
    return [[d_j * a_k for a_k in a_prev] for d_j in delta]


def backprop(weights, biases, x, y):
    """(nabla_b, nabla_w): the gradient of the quadratic cost C = ½ ‖a^L − y‖² for one sample.

    nabla_b[l] = ∂C/∂b^{l+1} is shaped like biases[l], and nabla_w[l] = ∂C/∂w^{l+1}
    like weights[l].  forward_pass first, then BP1 at the output (output_error),
    then back one layer at a time: BP3 and BP4 for that layer's gradients
    (bias_gradient, weight_gradient), BP2 for the δ of the layer before it
    (backpropagate_error).
    """
    zs, activations = forward_pass(weights, biases, x)
    L = len(weights)  # the number of layers after the input
    nabla_b = [None] * L
    nabla_w = [None] * L
    delta = output_error(zs[-1], activations[-1], y)  # δ^L
    for l in range(L - 1, -1, -1):  # weights[l] is w^{l+1}; delta is δ^{l+1}
        nabla_b[l] = bias_gradient(delta)
        nabla_w[l] = weight_gradient(delta, activations[l])  # a^l is the activation before layer l+1
        if l > 0:
            delta = backpropagate_error(weights[l], delta, zs[l - 1])  # δ^l from w^{l+1} and δ^{l+1}
    return nabla_b, nabla_w
