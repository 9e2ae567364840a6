"""Worked answers to the exercises of chapter 2, Layers are matrices (docs/tutorial/02-layers-are-matrices.md).

A layer is one matrix-vector product, a network a few layers in a row.

They are the file `exercise start` writes, with every function filled in. Check
them with:

    python main.py exercise check chapter_02.py

The check calls each function on small inputs and compares its answers with
purenn's own code (and gradients with central differences).  At the first
function that is wrong it shows what the function was given, what it returned
and what was expected, and, when the answer is a classic mistake's, names it.
It never changes this file.

Plain Python only: a vector is a list of floats, a matrix a list of rows
(w[j][k] is row j, column k).  Layers are numbered as in the chapters: layer 0
is the input; weights[l] is w^{l+1}, n_{l+1} rows of n_l numbers, row j holding
the weights into neuron j of layer l+1; biases[l] is b^{l+1}.
"""


import math


CHAPTER = 2  # tells `exercise check` which checks to run


# --------------------------------------------------------------------------------------
# Given: written for you (from chapter 1). Read them and use them; the check tests them
# too, in case you change them.
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


# --------------------------------------------------------------------------------------
# Worked answers: the functions the learner writes, done plainly (compare yours once it
# passes).
# --------------------------------------------------------------------------------------


def layer(w, b, a):
    """The activations of one layer: σ(w a + b), σ applied to each entry.

    w is a matrix of n_out rows and n_in columns, row j holding the weights into
    neuron j (w[j][k] is the weight from input k to neuron j); b the n_out biases;
    a the n_in activations of the layer before.  Return a list of n_out numbers:
    entry j is σ(Σ_k w[j][k] a[k] + b[j]).
    """
    return [sigmoid(sum(w_jk * a_k for w_jk, a_k in zip(row, a)) + b_j) for row, b_j in zip(w, b)]


def feedforward(weights, biases, x):
    """The network's output a^L for input x: a^0 = x, then a^{l+1} = σ(w^{l+1} a^l + b^{l+1}).

    weights[l] is w^{l+1}, the matrix into layer l+1 (a list of rows, row j the
    weights into neuron j); biases[l] is b^{l+1}; x is a^0, the input.  Apply the
    layers in order and return a^L, one number per output neuron.  (Your layer
    function is made for this.)
    """
    a = list(x)
    for w, b in zip(weights, biases):
        a = layer(w, b, a)
    return a
