"""Worked answers to the exercises of chapter 5, Learning MNIST (docs/tutorial/05-learning-mnist.md).

One step per mini-batch, one epoch of steps; then your network learns to read digits.

They are the file `exercise start` writes, with every function filled in. Check
them with:

    python main.py exercise check chapter_05.py

The check calls each function on small inputs and compares its answers with
purenn's own code (and gradients with central differences).  At the first
function that is wrong it shows what the function was given, what it returned
and what was expected, and, when the answer is a classic mistake's, names it.
It never changes this file.

When every function passes, the check trains your network on a few thousand MNIST
images with your epoch() and prints how many test digits it then reads right.

Plain Python only: a vector is a list of floats, a matrix a list of rows
(w[j][k] is row j, column k).  Layers are numbered as in the chapters: layer 0
is the input; weights[l] is w^{l+1}, n_{l+1} rows of n_l numbers, row j holding
the weights into neuron j of layer l+1; biases[l] is b^{l+1}.
"""


import math


CHAPTER = 5  # tells `exercise check` which checks to run


# --------------------------------------------------------------------------------------
# Given: written for you (from chapters 1, 2 and 4). Read them and use them; the check
# tests them too, in case you change them.
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Worked answers: the functions the learner writes, done plainly (compare yours once it
# passes).
# --------------------------------------------------------------------------------------


def update_mini_batch(weights, biases, mini_batch, eta):
    """One gradient-descent step on a mini-batch: return (weights, biases) after it.

    mini_batch is a list of m pairs (x, y), y the target vector.  With each
    pair's gradient from backprop, summed over the mini-batch:

        w → w − (η/m) Σ_x ∂C_x/∂w    and    b → b − (η/m) Σ_x ∂C_x/∂b

    for every layer, all of it computed from the weights as they were before
    the step.  Change weights and biases in place or build new lists, as you
    like; return them either way.
    """
    m = len(mini_batch)
    sum_b = [[0.0] * len(b) for b in biases]
    sum_w = [[[0.0] * len(row) for row in w] for w in weights]
    for x, y in mini_batch:
        nabla_b, nabla_w = backprop(weights, biases, x, y)
        for l in range(len(weights)):
            sum_b[l] = [s + g for s, g in zip(sum_b[l], nabla_b[l])]
            sum_w[l] = [[s + g for s, g in zip(s_row, g_row)] for s_row, g_row in zip(sum_w[l], nabla_w[l])]
    step = eta / m
    new_weights = [[[w_jk - step * g for w_jk, g in zip(row, g_row)] for row, g_row in zip(w, g_w)]
                   for w, g_w in zip(weights, sum_w)]
    new_biases = [[b_j - step * g for b_j, g in zip(b, g_b)] for b, g_b in zip(biases, sum_b)]
    return new_weights, new_biases


def epoch(weights, biases, training_data, mini_batch_size, eta, rng):
    """One epoch of mini-batch SGD: shuffle, cut into mini-batches, one step each.

    training_data is a list of pairs (x, y); do not change it.  Shuffle a copy
    with the random generator you are given, data = list(training_data) then
    rng.shuffle(data) (the check replays your shuffle, so use rng, once), then
    call update_mini_batch on data[k:k + m] for k = 0, m, 2m, ... with m =
    mini_batch_size: the last mini-batch may be shorter.  Return (weights,
    biases) after the last step.
    """
    data = list(training_data)
    rng.shuffle(data)
    for k in range(0, len(data), mini_batch_size):
        weights, biases = update_mini_batch(weights, biases, data[k:k + mini_batch_size], eta)
    return weights, biases
