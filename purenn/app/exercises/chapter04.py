"""Chapter 4, backpropagation: δ^L (BP1), BP2, BP3, BP4 one by one, then backprop made of them."""

import random

from ... import matrix
from ...activations import Sigmoid
from ...costs import QuadraticCost
from ...matrix import Matrix
from ...vector import hadamard
from . import chapter01, given
from .grading import Case, Exercise, Mistake
from .lists import add, hadamard as times, matvec, matvec_t, outer, sigma, sigma_prime, sub
from .reference import backprop, network, numbers, numerical_backprop, random_network, random_target, slope

NUMBER = 4
TITLE = "Backpropagation, derived"
DOC = "04-backpropagation.md"
INTRO = "The four equations of backpropagation, one function each, then backprop built from them."
IMPORTS = ["math"]


def purenn_forward_pass(weights, biases, x):
    net = network(weights, biases)
    zs, activations = net.forward_pass(x, net.activation_functions())
    return [list(z) for z in zs], [list(a) for a in activations]


def forward_cases():
    return [Case(*random_network([2, 3, 2], 41), [1.0, -0.5]),
            Case(*random_network([3, 2, 2, 1], 42), [0.5, 0.25, -1.0])]


FORWARD_PASS = Exercise(
    "forward_pass", ["weights", "biases", "x"], given.forward_pass,
    cases=forward_cases, reference=purenn_forward_pass, reference_name="purenn's Network.forward_pass")


def error_cases():
    """(z, a, y) with a = σ(z): the output layer's numbers."""
    cases = []
    for seed, n in ((43, 2), (44, 3), (45, 1)):
        rng = random.Random(seed)
        z = numbers(rng, n, -2.0, 2.0)
        cases.append(Case(z, Sigmoid.fn(z), random_target(rng, n)))
    return cases


WRONG_COST = ("δ^L of the wrong cost: a − y is the output error of the cross-entropy cost (chapter "
              "6). This chapter's cost is the quadratic C = ½ ‖a − y‖², and BP1 multiplies by "
              "σ'(z^L): δ^L = (a^L − y) ⊙ σ'(z^L).")

OUTPUT_ERROR = Exercise(
    "output_error", ["z", "a", "y"], given.output_error,
    cases=error_cases, reference=QuadraticCost.delta, reference_name="purenn's QuadraticCost.delta",
    mistakes=[
        Mistake(WRONG_COST, lambda z, a, y: sub(a, y)),
        Mistake("the sign: ∂C/∂a^L = a^L − y, not y − a^L.", lambda z, a, y: times(sub(y, a), sigma_prime(z))),
        Mistake("σ' of a: BP1 is δ^L = (a^L − y) ⊙ σ'(z^L), the slope at z^L, not at a^L = σ(z^L).",
                lambda z, a, y: times(sub(a, y), sigma_prime(a))),
        Mistake("σ where σ' belongs: δ^L = (a^L − y) ⊙ σ'(z^L), the sigmoid's slope.",
                lambda z, a, y: times(sub(a, y), sigma(z))),
        Mistake("σ' applied twice: δ^L = (a^L − y) ⊙ σ'(z^L), one factor σ'(z^L).",
                lambda z, a, y: times(times(sub(a, y), sigma_prime(z)), sigma_prime(z))),
    ])


def purenn_bp2(w_next, delta_next, z):
    """BP2 as Network.backprop's loop computes it."""
    return hadamard(Matrix(w_next).transpose_matvec(delta_next), Sigmoid.prime(z))


def numerical_bp2(w_next, delta_next, z):
    """∂C/∂z^l by central differences, where C changes with z^{l+1} = w^{l+1} σ(z^l) + b as δ^{l+1} says."""
    z = list(z)

    def c():
        return sum(d * z_k for d, z_k in zip(delta_next, matvec(w_next, sigma(z))))
    return [slope(c, z, j) for j in range(len(z))]


def bp2_cases():
    cases = []
    for seed, n_next, n in ((46, 2, 2), (47, 3, 2), (48, 2, 4)):
        rng = random.Random(seed)
        cases.append(Case([numbers(rng, n) for _ in range(n_next)], numbers(rng, n_next), numbers(rng, n, -2.0, 2.0)))
    return cases


NOT_TRANSPOSED = ("weights not transposed in BP2: the error goes back along w^{l+1}'s columns, "
                  "δ^l_j = Σ_k w^{l+1}_kj δ^{l+1}_k (column j: w_next[k][j]), that is (w^{l+1})ᵀ δ^{l+1}; "
                  "you computed w^{l+1} δ^{l+1} (w_next[j][k]).")
NO_PRIME = ("σ'(z^l) is missing: BP2 is δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l); z^l reaches the cost "
            "through a^l = σ(z^l), so the chain rule multiplies by its slope.")
PRIME_TWICE = ("σ' applied twice: δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l) has one factor σ'(z^l); the "
               "σ' of layer l+1 is already inside δ^{l+1}.")

BACKPROPAGATE_ERROR = Exercise(
    "backpropagate_error", ["w_next", "delta_next", "z"], given.backpropagate_error,
    cases=bp2_cases, reference=purenn_bp2,
    reference_name="purenn's Matrix.transpose_matvec and Sigmoid.prime, BP2 of Network.backprop",
    confirm=numerical_bp2,
    mistakes=[
        Mistake(NOT_TRANSPOSED, lambda w, d, z: times(matvec(w, d), sigma_prime(z))),
        Mistake(NO_PRIME, lambda w, d, z: matvec_t(w, d)),
        Mistake(PRIME_TWICE, lambda w, d, z: times(times(matvec_t(w, d), sigma_prime(z)), sigma_prime(z))),
        Mistake("σ where σ' belongs: BP2 multiplies by σ'(z^l), the slope, not σ(z^l) = a^l.",
                lambda w, d, z: times(matvec_t(w, d), sigma(z))),
        Mistake("the sum must run over k, the neurons of layer l+1: δ^l has one entry per neuron of "
                "layer l, as many as z (and as w_next has columns).",
                when=lambda got, args: isinstance(got, list) and len(got) == len(args[1]) != len(args[2])),
    ])

BIAS_GRADIENT = Exercise(
    "bias_gradient", ["delta"], given.bias_gradient,
    cases=lambda: [Case([0.25, -0.5]), Case([-0.1188]), Case([0.3, 0.0, -0.7])],
    reference=list, reference_name="BP3, as Network.backprop's nabla_b[l - 1] = delta")


def bp4_cases():
    return [Case([0.5, -0.25], [1.0, 0.5, 2.0]),  # chapter 4's Outer example
            Case([0.1, -0.2, 0.3], [0.5, -1.0]), Case([-0.1188], [0.0474, 0.0474]),
            Case([0.2, -0.4], [0.5, 1.5])]


def purenn_bp4(delta, a_prev):
    """BP4: the outer product, as purenn's matrix.outer computes it."""
    return matrix.outer(delta, a_prev).rows


WEIGHT_GRADIENT = Exercise(
    "weight_gradient", ["delta", "a_prev"], given.weight_gradient,
    cases=bp4_cases, reference=purenn_bp4, reference_name="purenn.matrix.outer(delta, a_prev)",
    mistakes=[
        Mistake("BP4 transposed: you built a^{l−1} δᵀ, one row per activation; ∂C/∂w^l = δ^l (a^{l−1})ᵀ "
                "is shaped like w^l, one row per neuron j of layer l: row j is δ_j times a^{l−1}.",
                lambda delta, a_prev: outer(a_prev, delta)),
        Mistake("∂C/∂w^l is a matrix, one entry per weight: entry (j, k) is δ_j a_k for every j and k "
                "(an outer product), not δ_j a_j.", lambda delta, a_prev: times(delta, a_prev)),
        Mistake("∂C/∂w^l is a matrix, one entry per weight (an outer product δ^l (a^{l−1})ᵀ), not the "
                "number δ·a.", lambda delta, a_prev: sum(times(delta, a_prev))),
    ])


def plain_backprop(weights, biases, x, y, output="quadratic", bp2="right", w_next_offset=1, a_offset=-1,
                   reverse=False, stop_early=False):
    """Backprop in the maths' numbering (W[l] is w^l), with one thing done wrongly if asked.

    output: δ^L of "quadratic" or "cross-entropy"; bp2: "right", "not transposed",
    "no prime" or "prime twice"; w_next_offset: BP2 reads W[l + offset] (1 is
    right); a_offset: BP4 reads a^{l + offset} (-1 is right); reverse: the lists
    come out from the output layer to the first; stop_early: no δ for layer 1.
    """
    L = len(weights)
    W = [None] + weights
    B = [None] + biases
    a = [list(x)] + [None] * L
    z = [None] * (L + 1)
    for l in range(1, L + 1):
        z[l] = add(matvec(W[l], a[l - 1]), B[l])
        a[l] = sigma(z[l])
    delta = [None] * (L + 1)
    delta[L] = sub(a[L], y) if output == "cross-entropy" else times(sub(a[L], y), sigma_prime(z[L]))
    for l in range(L - 1, 1 if stop_early else 0, -1):
        w = W[l + w_next_offset]
        back = matvec(w, delta[l + 1]) if bp2 == "not transposed" else matvec_t(w, delta[l + 1])
        if bp2 == "no prime":
            delta[l] = back
        elif bp2 == "prime twice":
            delta[l] = times(times(back, sigma_prime(z[l])), sigma_prime(z[l]))
        else:
            delta[l] = times(back, sigma_prime(z[l]))
    nabla_b = [None if delta[l] is None else list(delta[l]) for l in range(1, L + 1)]
    nabla_w = [None if delta[l] is None else outer(delta[l], a[l + a_offset]) for l in range(1, L + 1)]
    if reverse:
        nabla_b.reverse()
        nabla_w.reverse()
    return nabla_b, nabla_w


def backprop_cases():
    cases = []
    for sizes, seed in (([3, 3, 3], 51), ([2, 2, 2, 2], 52), ([3, 4, 2], 53), ([2, 3, 4, 2], 54)):
        rng = random.Random(seed)
        weights, biases = random_network(sizes, seed)
        cases.append(Case(weights, biases, numbers(rng, sizes[0], -2.0, 2.0), random_target(rng, sizes[-1])))
    return cases


def variant(**mistake):
    return lambda weights, biases, x, y: plain_backprop(weights, biases, x, y, **mistake)


BACKPROP = Exercise(
    "backprop", ["weights", "biases", "x", "y"], given.backprop,
    cases=backprop_cases,
    reference=lambda weights, biases, x, y: backprop(weights, biases, x, y),
    reference_name="purenn's Network.backprop", confirm=numerical_backprop,
    mistakes=[
        Mistake("the layer index is off by one in BP2: δ^l comes back through w^{l+1}, the weights "
                "out of layer l. In code, the δ of layer l+1 (the one weights[l] leads into) comes from "
                "weights[l+1] and the δ after it; you used the weights one layer earlier.",
                variant(w_next_offset=0)),
        Mistake("BP4 read the wrong layer's activations: ∂C/∂w^l = δ^l (a^{l−1})ᵀ, the activations the "
                "weights read, from the layer before. In code nabla_w[l] = δ^{l+1} times activations[l]; "
                "you used activations[l+1].", variant(a_offset=0)),
        Mistake("your lists are in reverse order: nabla_b[0] and nabla_w[0] belong to weights[0] and "
                "biases[0], the first layer, but you appended them as the backward pass found them, "
                "output layer first. Fill nabla_b[l] by its index (or reverse the lists at the end).",
                variant(reverse=True)),
        Mistake(WRONG_COST, variant(output="cross-entropy")),
        Mistake(NOT_TRANSPOSED, variant(bp2="not transposed")),
        Mistake(NO_PRIME, variant(bp2="no prime")),
        Mistake(PRIME_TWICE, variant(bp2="prime twice")),
        Mistake("the loop stops one layer early: the first layer (weights[0], w^1) needs δ^1 and its "
                "gradients too. Walk l down to the first layer.", variant(stop_early=True),
                when=lambda got, args: len(got[0]) == len(args[0]) - 1),
    ])

GIVEN = [chapter01.SIGMOID, chapter01.SIGMOID_PRIME, FORWARD_PASS]
EXERCISES = [OUTPUT_ERROR, BACKPROPAGATE_ERROR, BIAS_GRADIENT, WEIGHT_GRADIENT, BACKPROP]
