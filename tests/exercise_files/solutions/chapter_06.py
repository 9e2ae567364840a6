"""Worked answers to the exercises of chapter 6, Learning better (docs/tutorial/06-learning-better.md).

A cost whose gradient is the error, weights that decay, outputs that are probabilities.

They are the file `exercise start` writes, with every function filled in. Check
them with:

    python main.py exercise check chapter_06.py

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


CHAPTER = 6  # tells `exercise check` which checks to run


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


def sigmoid_prime(z):
    """σ'(z) = σ(z)(1 − σ(z)), the slope of the sigmoid at the number z."""
    s = sigmoid(z)
    return s * (1.0 - s)


# --------------------------------------------------------------------------------------
# Worked answers: the functions the learner writes, done plainly (compare yours once it
# passes).
# --------------------------------------------------------------------------------------


def cross_entropy_cost(a, y):
    """The cross-entropy cost of one sample: C = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)].

    a (every a_j between 0 and 1, never exactly 0 or 1 here) and y are lists of
    the same length; return C, one number.  ln is math.log.
    """
    return -sum(y_j * math.log(a_j) + (1 - y_j) * math.log(1 - a_j) for a_j, y_j in zip(a, y))


def cross_entropy_output_error(z, a, y):
    """BP1 for the cross-entropy cost with a sigmoid output layer: δ^L = a^L − y.

    z is z^L, a is a^L = σ(z^L), y the target.  ∂C/∂a_j = (a_j − y_j) / (a_j (1 − a_j))
    and σ'(z_j) = a_j (1 − a_j), so the product δ_j = ∂C/∂a_j σ'(z_j) has no σ'
    left in it.  Return δ^L, a list.
    """
    return [a_j - y_j for a_j, y_j in zip(a, y)]


def l2_step(w, b, nabla_w, nabla_b, eta, lmbda, m, n):
    """One gradient step with L2 regularisation for one layer: return (new w, new b).

    w (a matrix) and b (a list) are one layer's weights and biases; nabla_w and
    nabla_b their gradients summed over a mini-batch of m samples; n is the size
    of the whole training set, lmbda = λ.  The L2 term ½(λ/n) Σ w² of the cost
    makes every weight shrink before the step:

        w → (1 − ηλ/n) w − (η/m) nabla_w,    b → b − (η/m) nabla_b   (biases do not decay).
    """
    decay = 1 - eta * lmbda / n
    step = eta / m
    new_w = [[decay * w_jk - step * g for w_jk, g in zip(row, g_row)] for row, g_row in zip(w, nabla_w)]
    new_b = [b_j - step * g for b_j, g in zip(b, nabla_b)]
    return new_w, new_b


def softmax(z):
    """softmax(z)_j = e^(z_j) / Σ_k e^(z_k): positive numbers that add up to 1.

    z is a list of numbers, which may be large: math.exp(1000) raises
    OverflowError, and math.exp(-1000) is 0.0.  Return a list as long as z.
    """
    top = max(z)
    exps = [math.exp(z_j - top) for z_j in z]  # each at most e^0 = 1
    total = sum(exps)
    return [e / total for e in exps]
