"""Worked answers to the exercises of chapter 3, Cost and gradient descent (docs/tutorial/03-cost-and-gradient-descent.md).

How wrong the network is (the cost), and the step that makes it less wrong.

They are the file `exercise start` writes, with every function filled in. Check
them with:

    python main.py exercise check chapter_03.py

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


CHAPTER = 3  # tells `exercise check` which checks to run


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


def quadratic_cost(a, y):
    """The quadratic cost of one sample: C = ½ ‖a − y‖² = ½ Σ_j (a_j − y_j)².

    a is the network's output and y the target, two lists of the same length;
    return C, one number.
    """
    return 0.5 * sum((a_j - y_j) ** 2 for a_j, y_j in zip(a, y))


def quadratic_cost_gradient(a, y):
    """∂C/∂a for the quadratic cost C = ½ Σ_j (a_j − y_j)²: the list of ∂C/∂a_j.

    Differentiate one term: the ½ cancels the 2 of the square.  Return a list
    as long as a.
    """
    return [a_j - y_j for a_j, y_j in zip(a, y)]


def neuron_gradient(w, b, x, y):
    """(∂C/∂w, ∂C/∂b) for one sigmoid neuron's cost C = ½ (a − y)², a = σ(w·x + b).

    w and x are lists of the same length, b and y numbers.  By the chain rule,
    with z = w·x + b:  ∂C/∂b = (a − y) σ'(z)  and  ∂C/∂w_k = (a − y) σ'(z) x_k.
    Return the pair (a list as long as w, a number).
    """
    z = sum(w_k * x_k for w_k, x_k in zip(w, x)) + b
    a = sigmoid(z)
    delta = (a - y) * sigmoid_prime(z)  # ∂C/∂z, by the chain rule
    return [delta * x_k for x_k in x], delta


def gradient_descent_step(w, b, x, y, eta):
    """One step of gradient descent for the neuron of neuron_gradient: (new w, new b).

    w → w − η ∂C/∂w and b → b − η ∂C/∂b, with the gradient at the present w and
    b (use neuron_gradient) and eta = η > 0, the learning rate.  Return the pair
    (a new list of weights, a new bias).
    """
    nabla_w, nabla_b = neuron_gradient(w, b, x, y)
    new_w = [w_k - eta * g_k for w_k, g_k in zip(w, nabla_w)]
    return new_w, b - eta * nabla_b
