"""Chapter 6, learning better: cross-entropy and its δ, the L2 step, softmax."""

import math
import random

from ...activations import Sigmoid, Softmax
from ...costs import CrossEntropyCost
from ...vector import sub
from . import chapter01
from .grading import Case, Exercise, Mistake
from .lists import hadamard, matrix_step, scale, sigma_prime
from .lists import sub as minus
from .reference import backprop, network, numbers, parameters, random_network, random_target, slope

NUMBER = 6
TITLE = "Learning better: the cost and the output layer"
DOC = "06-learning-better.md"
INTRO = "A cost whose gradient is the error, weights that decay, outputs that are probabilities."
IMPORTS = ["math"]


def output_cases():
    cases = []
    for seed, n in ((71, 2), (72, 3), (73, 4)):
        rng = random.Random(seed)
        z = numbers(rng, n, -3.0, 3.0)
        cases.append(Case(z, Sigmoid.fn(z), random_target(rng, n)))
    return cases


CROSS_ENTROPY_COST = Exercise(
    "cross_entropy_cost", ["a", "y"],
    """
    The cross-entropy cost of one sample: C = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)].

    a (every a_j between 0 and 1, never exactly 0 or 1 here) and y are lists of
    the same length; return C, one number.  ln is math.log.
    """,
    cases=lambda: [Case(case.args[1], case.args[2]) for case in output_cases()],
    reference=CrossEntropyCost.fn, reference_name="purenn's CrossEntropyCost.fn",
    mistakes=[
        Mistake("the (1 − y_j) ln(1 − a_j) term is missing: it is what makes a neuron that fires where "
                "it should not (a_j near 1, y_j = 0) cost a lot.",
                lambda a, y: -sum(y_j * math.log(a_j) for a_j, y_j in zip(a, y))),
        Mistake("the sign: ln of a number below 1 is negative, so C = −Σ_j [...] with the minus in "
                "front is positive.", lambda a, y: -CrossEntropyCost.fn(a, y)),
        Mistake("math.log10 is the logarithm to base 10; ln, the natural logarithm, is math.log.",
                lambda a, y: CrossEntropyCost.fn(a, y) / math.log(10)),
    ])

def numerical_cross_entropy_delta(z, a, y):
    """δ^L = ∂C/∂z^L by central differences of purenn's CrossEntropyCost.fn(σ(z), y)."""
    z = list(z)
    return [slope(lambda: CrossEntropyCost.fn(Sigmoid.fn(z), y), z, j) for j in range(len(z))]


CROSS_ENTROPY_OUTPUT_ERROR = Exercise(
    "cross_entropy_output_error", ["z", "a", "y"],
    """
    BP1 for the cross-entropy cost with a sigmoid output layer: δ^L = a^L − y.

    z is z^L, a is a^L = σ(z^L), y the target.  ∂C/∂a_j = (a_j − y_j) / (a_j (1 − a_j))
    and σ'(z_j) = a_j (1 − a_j), so the product δ_j = ∂C/∂a_j σ'(z_j) has no σ'
    left in it.  Return δ^L, a list.
    """,
    cases=output_cases, reference=CrossEntropyCost.delta, reference_name="purenn's CrossEntropyCost.delta",
    confirm=numerical_cross_entropy_delta,
    mistakes=[
        Mistake("δ^L of the wrong cost: (a − y) ⊙ σ'(z) is the quadratic cost's output error (chapter "
                "4). For cross-entropy the σ'(z) cancels: δ^L = a^L − y, which is why it does not learn "
                "slowly when badly wrong.", lambda z, a, y: hadamard(minus(a, y), sigma_prime(z))),
        Mistake("the sign: δ^L = a^L − y, not y − a^L.", lambda z, a, y: sub(y, a)),
        Mistake("that is ∂C/∂a, before the chain rule's factor σ'(z) = a(1 − a), which cancels its "
                "denominator: δ^L = ∂C/∂a ⊙ σ'(z) = a^L − y.",
                lambda z, a, y: [(a_j - y_j) / (a_j * (1 - a_j)) for a_j, y_j in zip(a, y)]),
    ])


def l2_cases():
    """One layer's w, b and the gradients summed over m samples, with purenn's step as the answer."""
    cases = []
    for sizes, m, eta, lmbda, n, seed in (([3, 2], 2, 0.5, 5.0, 50, 74), ([2, 3], 3, 1.0, 2.0, 20, 75)):
        rng = random.Random(seed)
        weights, biases = random_network(sizes, seed)
        batch = [(numbers(rng, sizes[0], -2.0, 2.0), random_target(rng, sizes[1])) for _ in range(m)]
        gradients = [backprop(weights, biases, x, y) for x, y in batch]
        nabla_b = [sum(g[0][0][j] for g in gradients) for j in range(sizes[1])]
        nabla_w = [[sum(g[1][0][j][k] for g in gradients) for k in range(sizes[0])] for j in range(sizes[1])]
        net = network(weights, biases)
        net.update_mini_batch(batch, eta, lmbda, n)
        new_weights, new_biases = parameters(net)
        cases.append(Case(weights[0], biases[0], nabla_w, nabla_b, eta, lmbda, m, n,
                          expected=(new_weights[0], new_biases[0])))
    return cases


def l2_by_formula(w, b, nabla_w, nabla_b, eta, lmbda, m, n, decay=None, decay_b=False, after=False, mean=True):
    """w → (1 − ηλ/n) w − (η/m) ∇w, b → b − (η/m) ∇b, or a variant (decay: another factor)."""
    factor = 1 - eta * lmbda / n if decay is None else decay
    step = eta / m if mean else eta
    if after:
        new_w = [scale(factor, row) for row in matrix_step(w, nabla_w, -step)]
    else:
        new_w = matrix_step([scale(factor, row) for row in w], nabla_w, -step)
    new_b = [(factor if decay_b else 1.0) * b_j - step * g for b_j, g in zip(b, nabla_b)]
    return new_w, new_b


def l2_variant(decay=None, **mistake):
    """The L2 step with one mistake; decay(eta, lmbda, m, n), if given, is the wrong factor."""
    def answer(w, b, nabla_w, nabla_b, eta, lmbda, m, n):
        factor = decay(eta, lmbda, m, n) if decay else None
        return l2_by_formula(w, b, nabla_w, nabla_b, eta, lmbda, m, n, decay=factor, **mistake)
    return answer


L2_STEP = Exercise(
    "l2_step", ["w", "b", "nabla_w", "nabla_b", "eta", "lmbda", "m", "n"],
    """
    One gradient step with L2 regularisation for one layer: return (new w, new b).

    w (a matrix) and b (a list) are one layer's weights and biases; nabla_w and
    nabla_b their gradients summed over a mini-batch of m samples; n is the size
    of the whole training set, lmbda = λ.  The L2 term ½(λ/n) Σ w² of the cost
    makes every weight shrink before the step:

        w → (1 − ηλ/n) w − (η/m) nabla_w,    b → b − (η/m) nabla_b   (biases do not decay).
    """,
    cases=l2_cases, reference=None, reference_name="purenn's Network.update_mini_batch(batch, eta, lmbda, n)",
    confirm=lambda *args: l2_by_formula(*args),
    mistakes=[
        Mistake("L2 factor wrong: λ/m instead of λ/n. The decay comes from the cost's term ½(λ/n) Σ w², "
                "n the size of the whole training set, whatever the mini-batch: (1 − ηλ/n) w.",
                l2_variant(decay=lambda eta, lmbda, m, n: 1 - eta * lmbda / m)),
        Mistake("the decay was applied to the biases too: only weights shrink, b → b − (η/m) nabla_b "
                "(chapter 6: a large bias does not make a neuron sensitive to its inputs).",
                l2_variant(decay_b=True)),
        Mistake("η is missing from the decay: the L2 gradient (λ/n) w takes a step of η like the rest, "
                "so the factor is 1 − ηλ/n.", l2_variant(decay=lambda eta, lmbda, m, n: 1 - lmbda / n)),
        Mistake("the sign of the decay: weights shrink, w → (1 − ηλ/n) w; with 1 + ηλ/n they grow.",
                l2_variant(decay=lambda eta, lmbda, m, n: 1 + eta * lmbda / n)),
        Mistake("the decay shrank the step too: shrink w first, then subtract the whole step, "
                "(1 − ηλ/n) w − (η/m) nabla_w.", l2_variant(after=True)),
        Mistake("the gradient is not divided by the mini-batch size: (η/m) nabla_w, nabla_w being the "
                "sum over the m samples.", l2_variant(mean=False)),
    ])


def softmax_overflows():
    return ("math.exp overflowed (or every e^z rounded to 0): subtract max(z) from every z_j first. "
            "e^(z_j − max z) / Σ_k e^(z_k − max z) is the same softmax (the factor e^(−max z) cancels), "
            "and every e^x is then at most 1.")


SOFTMAX = Exercise(
    "softmax", ["z"],
    """
    softmax(z)_j = e^(z_j) / Σ_k e^(z_k): positive numbers that add up to 1.

    z is a list of numbers, which may be large: math.exp(1000) raises
    OverflowError, and math.exp(-1000) is 0.0.  Return a list as long as z.
    """,
    cases=lambda: [Case([1.0, 2.0, 3.0]), Case([1.0, 2.0, 5.0]), Case([0.5]), Case([1000.0, 1001.0, 999.0]),
                   Case([-1000.0, -1001.0])],
    reference=Softmax.fn, reference_name="purenn's Softmax.fn",
    mistakes=[
        Mistake(softmax_overflows(), on_error=(OverflowError, ZeroDivisionError)),
        Mistake("normalised wrongly: divide each e^(z_j) by the sum of all the e^(z_k), not by the sum "
                "of the z_k.", lambda z: [math.exp(v) / sum(z) for v in z]),
        Mistake("normalised wrongly: divide each e^(z_j) by the sum of all of them (so that they add up "
                "to 1), not by the largest.",
                lambda z: [math.exp(v - max(z)) for v in z]),
        Mistake("not normalised: the e^(z_j) must be divided by their sum, Σ_k e^(z_k), to add up to 1.",
                lambda z: [math.exp(v) for v in z]),
        Mistake("the e^ is missing: softmax divides e^(z_j) by Σ_k e^(z_k), the exponentials, not the "
                "z's themselves.", lambda z: [v / sum(z) for v in z]),
        Mistake("subtract max(z) inside the exponential only, then divide by the sum of the same "
                "exponentials: e^(z_j − max z) / Σ_k e^(z_k − max z).",
                lambda z: [math.exp(v - max(z)) / sum(math.exp(u) for u in z) for v in z]),
    ])

GIVEN = [chapter01.SIGMOID, chapter01.SIGMOID_PRIME]
EXERCISES = [CROSS_ENTROPY_COST, CROSS_ENTROPY_OUTPUT_ERROR, L2_STEP, SOFTMAX]
