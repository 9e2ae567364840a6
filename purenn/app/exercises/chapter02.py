"""Chapter 2, layers are matrices: one layer σ(w a + b), and the whole forward pass."""

from ...activations import Sigmoid
from ...matrix import Matrix
from ...vector import add
from . import chapter01, given
from .grading import Case, Exercise, Mistake
from .lists import matvec, matvec_t, sigma
from .reference import network, random_network

NUMBER = 2
TITLE = "Layers are matrices"
DOC = "02-layers-are-matrices.md"
INTRO = "A layer is one matrix-vector product, a network a few layers in a row."
IMPORTS = ["math"]


def purenn_layer(w, b, a):
    """The layer equation as Network.feedforward's loop body computes it."""
    return Sigmoid.fn(add(Matrix(w) @ a, b))


def layer_cases():
    w3, b3 = random_network([2, 3], 21)
    w4, b4 = random_network([4, 2], 22)
    return [Case([[0.0, 1.0], [0.0, 1.0]], [0.0, 0.0], [2.0, 3.0]),  # chapter 2's two neurons
            Case([[0.5, -1.0], [2.0, 0.25]], [0.1, -0.3], [1.0, -2.0]),
            Case(w3[0], b3[0], [0.5, -1.0]),
            Case(w4[0], b4[0], [1.0, 0.5, -0.5, 2.0])]


ONE_NUMBER_PER_INPUT = (
    "your answer has one number per input, where a layer has one per neuron: w has one row per "
    "neuron (n_out rows of n_in numbers), and neuron j's weighted input is row j of w times a.")

LAYER = Exercise(
    "layer", ["w", "b", "a"],
    """
    The activations of one layer: σ(w a + b), σ applied to each entry.

    w is a matrix of n_out rows and n_in columns, row j holding the weights into
    neuron j (w[j][k] is the weight from input k to neuron j); b the n_out biases;
    a the n_in activations of the layer before.  Return a list of n_out numbers:
    entry j is σ(Σ_k w[j][k] a[k] + b[j]).
    """,
    cases=layer_cases, reference=purenn_layer, reference_name="purenn: Sigmoid.fn(add(w @ a, b))",
    mistakes=[
        Mistake("weights transposed: you went down the columns of w (Σ_k w[k][j] a[k]); neuron j's "
                "weights are row j, so its weighted input is Σ_k w[j][k] a[k].",
                lambda w, b, a: sigma(add(matvec_t(w, a), b))),
        Mistake(ONE_NUMBER_PER_INPUT, when=lambda got, args: len(got) == len(args[2]) != len(args[0])),
        Mistake("σ is missing: you returned z = w a + b, the weighted inputs; the layer's "
                "activations are σ(z).", lambda w, b, a: add(matvec(w, a), b)),
        Mistake("the biases are missing: σ(w a + b).", lambda w, b, a: sigma(matvec(w, a))),
        Mistake("the biases were added after σ: σ(w a + b), the bias inside.",
                lambda w, b, a: add(sigma(matvec(w, a)), b)),
    ])


def layers_of(weights, biases, x, transposed=False, squash=(True,), skip_last=False, squash_input=False,
              all_activations=False, return_z=False):
    """A forward pass with one thing done wrongly (the keywords say which)."""
    a = sigma(x) if squash_input else list(x)
    activations = [a]
    pairs = list(zip(weights, biases))
    if skip_last:
        pairs = pairs[:-1]
    z = None
    for l, (w, b) in enumerate(pairs):
        z = add(matvec_t(w, a) if transposed else matvec(w, a), b)
        squashed = squash[0] if l < len(pairs) - 1 else squash[-1]
        a = sigma(z) if squashed else z
        activations.append(a)
    if return_z:
        return z
    return activations if all_activations else a


def feedforward_cases():
    return [Case(*random_network([3, 3, 3], 23), [0.5, -1.0, 2.0]),  # square: a transpose shows
            Case([[[0.0, 1.0], [0.0, 1.0]], [[0.0, 1.0]]], [[0.0, 0.0], [0.0]], [2.0, 3.0]),  # chapter 2
            Case(*random_network([2, 3, 2], 24), [1.0, -0.5]),
            Case(*random_network([4, 3, 2, 1], 25), [0.2, 0.4, -0.6, 0.8])]


FEEDFORWARD = Exercise(
    "feedforward", ["weights", "biases", "x"],
    """
    The network's output a^L for input x: a^0 = x, then a^{l+1} = σ(w^{l+1} a^l + b^{l+1}).

    weights[l] is w^{l+1}, the matrix into layer l+1 (a list of rows, row j the
    weights into neuron j); biases[l] is b^{l+1}; x is a^0, the input.  Apply the
    layers in order and return a^L, one number per output neuron.  (Your layer
    function is made for this.)
    """,
    given=given.feedforward, cases=feedforward_cases,
    reference=lambda weights, biases, x: network(weights, biases).feedforward(x),
    reference_name="purenn's Network.feedforward",
    mistakes=[
        Mistake("weights transposed: in each layer, neuron j's weights are row j of w, so its "
                "weighted input is Σ_k w[j][k] a[k] (not Σ_k w[k][j] a[k]).",
                lambda weights, biases, x: layers_of(weights, biases, x, transposed=True)),
        Mistake("the last layer's σ is missing: every layer, the output layer too, computes "
                "a = σ(w a + b).", lambda weights, biases, x: layers_of(weights, biases, x, squash=(True, False))),
        Mistake("σ is missing: you returned w a + b of every layer without squashing it; each layer "
                "is a = σ(w a + b).", lambda weights, biases, x: layers_of(weights, biases, x, squash=(False,))),
        Mistake("you returned z^L, the output layer's weighted input; the output is a^L = σ(z^L).",
                lambda weights, biases, x: layers_of(weights, biases, x, return_z=True)),
        Mistake("one layer short: the loop stopped before the output layer. There are len(weights) "
                "layers after the input, and each one is applied.",
                lambda weights, biases, x: layers_of(weights, biases, x, skip_last=True)),
        Mistake("σ was applied to the input first: a^0 = x as it is; σ comes after each w a + b.",
                lambda weights, biases, x: layers_of(weights, biases, x, squash_input=True)),
        Mistake("you returned every layer's activations; feedforward returns the output a^L only "
                "(the last of them).", lambda weights, biases, x: layers_of(weights, biases, x, all_activations=True)),
    ])

GIVEN = [chapter01.SIGMOID]
EXERCISES = [LAYER, FEEDFORWARD]
