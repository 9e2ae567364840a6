"""Chapter 3, cost and gradient descent: the quadratic cost, its gradient, one step downhill."""

import math

from ... import vector
from ...activations import sigmoid, sigmoid_prime
from ...costs import QuadraticCost
from . import chapter01
from .grading import Case, Exercise, Mistake
from .lists import dot, sub
from .reference import backprop, network, numerical_backprop, parameters, slope

NUMBER = 3
TITLE = "Cost and gradient descent"
DOC = "03-cost-and-gradient-descent.md"
INTRO = "How wrong the network is (the cost), and the step that makes it less wrong."
IMPORTS = ["math"]


def squares(a, y):
    return sum((a_j - y_j) ** 2 for a_j, y_j in zip(a, y))


COST_CASES = lambda: [Case([0.5, 0.5], [1.0, 0.0]), Case([0.8, 0.1, 0.3], [1.0, 0.0, 0.0]),  # noqa: E731
                      Case([0.5237], [1.0]), Case([0.2, 0.9, 0.4, 0.05], [0.0, 1.0, 0.0, 0.0])]

QUADRATIC_COST = Exercise(
    "quadratic_cost", ["a", "y"],
    """
    The quadratic cost of one sample: C = ½ ‖a − y‖² = ½ Σ_j (a_j − y_j)².

    a is the network's output and y the target, two lists of the same length;
    return C, one number.
    """,
    cases=COST_CASES, reference=QuadraticCost.fn, reference_name="purenn's QuadraticCost.fn",
    mistakes=[
        Mistake("the ½ is missing: C = ½ Σ_j (a_j − y_j)² (it is there so that the derivative is "
                "plain a − y, chapter 3's 'Why purenn prints half of it').", lambda a, y: squares(a, y)),
        Mistake("you divided by the number of outputs (a mean); the cost of one sample is "
                "½ Σ_j (a_j − y_j)², halved, not averaged.", lambda a, y: squares(a, y) / len(a)),
        Mistake("the differences are not squared: C = ½ Σ_j (a_j − y_j)², each difference times "
                "itself (so that no error cancels another).", lambda a, y: 0.5 * sum(sub(a, y))),
        Mistake("you took the length ‖a − y‖; the cost is its square, halved: ½ ‖a − y‖².",
                lambda a, y: 0.5 * math.sqrt(squares(a, y))),
    ])

def numerical_cost_gradient(a, y):
    """∂C/∂a_j by central differences of purenn's QuadraticCost.fn."""
    a = list(a)
    return [slope(lambda: QuadraticCost.fn(a, y), a, j) for j in range(len(a))]


QUADRATIC_COST_GRADIENT = Exercise(
    "quadratic_cost_gradient", ["a", "y"],
    """
    ∂C/∂a for the quadratic cost C = ½ Σ_j (a_j − y_j)²: the list of ∂C/∂a_j.

    Differentiate one term: the ½ cancels the 2 of the square.  Return a list
    as long as a.
    """,
    cases=COST_CASES, reference=vector.sub, reference_name="purenn.vector.sub(a, y)",
    confirm=numerical_cost_gradient,
    mistakes=[
        Mistake("the sign: ∂C/∂a_j = a_j − y_j (positive when the output is too large, so that a "
                "step against it lowers the output).", lambda a, y: sub(y, a)),
        Mistake("the ½ of C cancels the 2 of the square: ∂C/∂a_j = a_j − y_j, not 2(a_j − y_j).",
                lambda a, y: [2 * d for d in sub(a, y)]),
        Mistake("∂C/∂a_j = a_j − y_j: the derivative of ½ u² is u, not ½ u.",
                lambda a, y: [0.5 * d for d in sub(a, y)]),
        Mistake("that is the cost C itself; the gradient is a list, one ∂C/∂a_j = a_j − y_j per "
                "output.", lambda a, y: 0.5 * squares(a, y)),
    ])


def purenn_neuron_gradient(w, b, x, y):
    nabla_b, nabla_w = backprop([[list(w)]], [[b]], x, [y])
    return nabla_w[0][0], nabla_b[0][0]


def numerical_neuron_gradient(w, b, x, y):
    nabla_b, nabla_w = numerical_backprop([[list(w)]], [[b]], x, [y])
    return nabla_w[0][0], nabla_b[0][0]


def neuron_parts(w, b, x, y):
    z = dot(w, x) + b
    return z, sigmoid(z)


def wrong_neuron_gradient(w, b, x, y, error):
    """(∂C/∂w, ∂C/∂b) with the neuron's δ = ∂C/∂z replaced by error(z, a, y)."""
    z, a = neuron_parts(w, b, x, y)
    delta = error(z, a, y)
    return [delta * x_k for x_k in x], delta


def right_delta(z, a, y):
    return (a - y) * sigmoid_prime(z)


def without_x(nabla_w, nabla_b):
    return [nabla_b] * len(nabla_w), nabla_b


NEURON_CASES = lambda: [Case([1.0, 1.0], 0.0, [-2.0, -1.0], 1.0),  # noqa: E731 (chapter 3's neuron)
                        Case([0.5, -0.3, 0.8], 0.1, [1.0, 2.0, -1.0], 0.0),
                        Case([-1.5, 0.4], 0.7, [0.3, -0.9], 1.0)]

NEURON_GRADIENT = Exercise(
    "neuron_gradient", ["w", "b", "x", "y"],
    """
    (∂C/∂w, ∂C/∂b) for one sigmoid neuron's cost C = ½ (a − y)², a = σ(w·x + b).

    w and x are lists of the same length, b and y numbers.  By the chain rule,
    with z = w·x + b:  ∂C/∂b = (a − y) σ'(z)  and  ∂C/∂w_k = (a − y) σ'(z) x_k.
    Return the pair (a list as long as w, a number).
    """,
    cases=NEURON_CASES, reference=purenn_neuron_gradient,
    reference_name="purenn's Network([n, 1], cost=QuadraticCost).backprop",
    confirm=numerical_neuron_gradient,
    mistakes=[
        Mistake("σ'(z) is missing: C depends on w through a = σ(z), so the chain rule multiplies "
                "(a − y) by σ'(z) (and ∂C/∂w_k by x_k as well).",
                lambda w, b, x, y: wrong_neuron_gradient(w, b, x, y, lambda z, a, y: a - y)),
        Mistake("the sign: ∂C/∂a = a − y, not y − a.",
                lambda w, b, x, y: wrong_neuron_gradient(w, b, x, y, lambda z, a, y: (y - a) * sigmoid_prime(z))),
        Mistake("σ' of a: the slope is σ'(z) at the weighted input z = w·x + b, not at a = σ(z).",
                lambda w, b, x, y: wrong_neuron_gradient(w, b, x, y, lambda z, a, y: (a - y) * sigmoid_prime(a))),
        Mistake("the ½ of C cancels the 2 of the square: (a − y) σ'(z), not 2(a − y) σ'(z).",
                lambda w, b, x, y: wrong_neuron_gradient(w, b, x, y, lambda z, a, y: 2 * (a - y) * sigmoid_prime(z))),
        Mistake("∂C/∂w_k is ∂C/∂b times x_k: the weight w_k meets the input x_k in z = w·x + b.",
                lambda w, b, x, y: without_x(*wrong_neuron_gradient(w, b, x, y, right_delta))),
        Mistake("the order: return (∂C/∂w, ∂C/∂b), the weights' list first.",
                lambda w, b, x, y: purenn_neuron_gradient(w, b, x, y)[::-1]),
    ])


def purenn_step(w, b, x, y, eta):
    net = network([[list(w)]], [[b]])
    net.update_mini_batch([(x, [y])], eta)
    weights, biases = parameters(net)
    return weights[0][0], biases[0][0]


def wrong_step(w, b, x, y, eta, sign=-1.0, eta_used=True, move_b=True):
    nabla_w, nabla_b = purenn_neuron_gradient(w, b, x, y)
    c = sign * (eta if eta_used else 1.0)
    return [w_k + c * g for w_k, g in zip(w, nabla_w)], (b + c * nabla_b) if move_b else b


GRADIENT_DESCENT_STEP = Exercise(
    "gradient_descent_step", ["w", "b", "x", "y", "eta"],
    """
    One step of gradient descent for the neuron of neuron_gradient: (new w, new b).

    w → w − η ∂C/∂w and b → b − η ∂C/∂b, with the gradient at the present w and
    b (use neuron_gradient) and eta = η > 0, the learning rate.  Return the pair
    (a new list of weights, a new bias).
    """,
    cases=lambda: [Case(*case.args, 1.0) for case in NEURON_CASES()[:1]]
    + [Case(*case.args, 0.5) for case in NEURON_CASES()[1:]],
    reference=purenn_step, reference_name="purenn's Network([n, 1]).update_mini_batch([(x, [y])], eta)",
    mistakes=[
        Mistake("the sign of the step: subtract η times the gradient (w − η ∂C/∂w). The gradient "
                "points uphill, where the cost grows.", lambda *args: wrong_step(*args, sign=1.0)),
        Mistake("η is missing: the step is η times the gradient, w − η ∂C/∂w.",
                lambda *args: wrong_step(*args, eta_used=False)),
        Mistake("the bias did not move: it takes its step too, b − η ∂C/∂b.",
                lambda *args: wrong_step(*args, move_b=False)),
    ])

GIVEN = [chapter01.SIGMOID, chapter01.SIGMOID_PRIME]
EXERCISES = [QUADRATIC_COST, QUADRATIC_COST_GRADIENT, NEURON_GRADIENT, GRADIENT_DESCENT_STEP]
