"""Chapter 1, one neuron: sigmoid, sigmoid_prime and a neuron's output σ(w·x + b)."""

from ... import activations
from ...matrix import Matrix
from ...network import Network
from . import given
from .grading import Case, Exercise, Mistake

NUMBER = 1
TITLE = "One neuron"
DOC = "01-one-neuron.md"
INTRO = "A neuron's weighted input z = w·x + b, and the sigmoid σ(z) that squashes it."
IMPORTS = ["math"]
NOTATION = """\
Plain Python only: a number is a float, a vector (weights, inputs) a list of floats."""


SIGMOID = Exercise(
    "sigmoid", ["z"], given.sigmoid,
    cases=lambda: [Case(0.0), Case(1.0), Case(-2.0), Case(5.0), Case(1000.0), Case(-1000.0)],
    reference=activations.sigmoid, reference_name="purenn.activations.sigmoid",
    mistakes=[
        Mistake("math.exp overflows above about 709 (pure Python raises OverflowError where NumPy "
                "would give inf): only ever compute e^(−|z|), which is at most 1: 1/(1 + e^(−z)) for "
                "z ≥ 0, and the same number written e^z/(1 + e^z) for z < 0 (chapter 1, the end of "
                "'The sigmoid neuron'; purenn's sigmoid does this).", on_error=OverflowError),
        Mistake("the sign of the exponent: σ(z) = 1/(1 + e^(−z)), with minus z. With e^(+z) you get "
                "σ(−z) = 1 − σ(z), which falls where σ rises.", lambda z: activations.sigmoid(-z)),
        Mistake("that is the perceptron's step (1 if z > 0, else 0); the sigmoid is the smooth "
                "1/(1 + e^(−z)).", lambda z: 1.0 if z > 0 else 0.0),
    ])

SIGMOID_PRIME = Exercise(
    "sigmoid_prime", ["z"], given.sigmoid_prime,
    cases=lambda: [Case(0.0), Case(1.0), Case(-2.0), Case(4.0), Case(-1000.0)],
    reference=activations.sigmoid_prime, reference_name="purenn.activations.sigmoid_prime",
    mistakes=[
        Mistake("you computed z(1 − z): the formula takes σ of z first, σ'(z) = σ(z)(1 − σ(z)).",
                lambda z: z * (1 - z)),
        Mistake("that is σ(z) itself, not its slope: σ'(z) = σ(z)(1 − σ(z)).", activations.sigmoid),
        Mistake("that is 1 − σ(z); the slope is σ(z) times that: σ'(z) = σ(z)(1 − σ(z)).",
                lambda z: 1 - activations.sigmoid(z)),
        Mistake("1 − σ(z)² is the shape of tanh's derivative (1 − tanh²); the sigmoid's is "
                "σ(z)(1 − σ(z)).", lambda z: 1 - activations.sigmoid(z) ** 2),
        Mistake("σ(z)(1 + σ(z)): the sign inside; σ'(z) = σ(z)(1 − σ(z)), at most 0.25.",
                lambda z: activations.sigmoid(z) * (1 + activations.sigmoid(z))),
    ])


def purenn_neuron(w, b, x):
    """A Network([n, 1]) holding these weights is one sigmoid neuron (chapter 1, its last section)."""
    net = Network([len(w), 1])
    net.weights = [Matrix([list(w)])]
    net.biases = [[b]]
    return net.feedforward(x)[0]


def dot(w, x):
    return sum(w_j * x_j for w_j, x_j in zip(w, x))


NEURON = Exercise(
    "neuron", ["w", "b", "x"],
    """
    The output of one sigmoid neuron: a = σ(z), with z = w·x + b = Σ_j w_j x_j + b.

    w is the list of the neuron's weights, one per input; b its bias (a number);
    x the list of inputs.  Return a, one number.  (sigmoid is above: use it.)
    """,
    cases=lambda: [Case([0.0, 1.0], 4.0, [2.0, 3.0]), Case([-2.0, -2.0], 3.0, [1.0, 1.0]),
                   Case([0.5, -1.0, 2.0], -0.5, [1.0, 2.0, 0.25]), Case([0.3], -1.2, [-2.0])],
    reference=purenn_neuron, reference_name="purenn's Network([n, 1]).feedforward",
    mistakes=[
        Mistake("that is z = w·x + b, the weighted input; the neuron's output is σ(z).",
                lambda w, b, x: dot(w, x) + b),
        Mistake("the bias is missing: z = w·x + b, then a = σ(z).",
                lambda w, b, x: activations.sigmoid(dot(w, x))),
        Mistake("the bias is subtracted: z = w·x + b (b is minus the perceptron's threshold).",
                lambda w, b, x: activations.sigmoid(dot(w, x) - b)),
        Mistake("the bias was added after the sigmoid: a = σ(w·x + b), the bias inside.",
                lambda w, b, x: activations.sigmoid(dot(w, x)) + b),
        Mistake("that is the perceptron (1 if z > 0, else 0); the sigmoid neuron outputs σ(z).",
                lambda w, b, x: 1.0 if dot(w, x) + b > 0 else 0.0),
    ])

GIVEN = []
EXERCISES = [SIGMOID, SIGMOID_PRIME, NEURON]
