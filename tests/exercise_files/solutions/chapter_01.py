"""Worked answers to the exercises of chapter 1, One neuron (docs/tutorial/01-one-neuron.md).

A neuron's weighted input z = w·x + b, and the sigmoid σ(z) that squashes it.

They are the file `exercise start` writes, with every function filled in. Check
them with:

    python main.py exercise check chapter_01.py

The check calls each function on small inputs and compares its answers with
purenn's own code (and gradients with central differences).  At the first
function that is wrong it shows what the function was given, what it returned
and what was expected, and, when the answer is a classic mistake's, names it.
It never changes this file.

Plain Python only: a number is a float, a vector (weights, inputs) a list of floats.
"""


import math


CHAPTER = 1  # tells `exercise check` which checks to run


# --------------------------------------------------------------------------------------
# Worked answers: the functions the learner writes, done plainly (compare yours once it
# passes).
# --------------------------------------------------------------------------------------


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)) for one number z, without ever overflowing.

    math.exp(710) raises OverflowError in pure Python, so compute e^(−|z|) only:
    1 / (1 + e^(−z)) for z ≥ 0, and the same value written e^z / (1 + e^z) for z < 0.
    """
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)  # z < 0: e^z is at most 1, so it cannot overflow
    return e / (1.0 + e)


def sigmoid_prime(z):
    """σ'(z) = σ(z)(1 − σ(z)), the slope of the sigmoid at the number z."""
    s = sigmoid(z)
    return s * (1.0 - s)


def neuron(w, b, x):
    """The output of one sigmoid neuron: a = σ(z), with z = w·x + b = Σ_j w_j x_j + b.

    w is the list of the neuron's weights, one per input; b its bias (a number);
    x the list of inputs.  Return a, one number.  (sigmoid is above: use it.)
    """
    z = sum(w_j * x_j for w_j, x_j in zip(w, x)) + b
    return sigmoid(z)
