"""Chapter 5, learning MNIST: the mini-batch step, an epoch, and the learner's network on real digits."""

import copy
import random
import time

from ...costs import QuadraticCost
from ...data import load_csv
from ...network import Network
from ..datafiles import TEST_NAME, TRAIN_NAME, find_mnist
from . import chapter01, chapter02, chapter04
from .grading import Case, Exercise, Mistake
from .reference import SeededRandom, image, network, parameters, random_network, random_target, numbers

NUMBER = 5
TITLE = "Learning MNIST"
DOC = "05-learning-mnist.md"
INTRO = ("One step per mini-batch, one epoch of steps; then your network learns to read digits.")
IMPORTS = ["math"]


def samples(rng, n, n_in, n_out):
    return [(numbers(rng, n_in, -2.0, 2.0), random_target(rng, n_out)) for _ in range(n)]


def mini_batch_cases():
    cases = []
    for sizes, m, eta, seed in (([2, 3, 2], 2, 0.5, 61), ([3, 2, 2], 3, 3.0, 62), ([2, 2, 3, 1], 4, 1.0, 63)):
        weights, biases = random_network(sizes, seed)
        cases.append(Case(weights, biases, samples(random.Random(seed), m, sizes[0], sizes[-1]), eta))
    return cases


def purenn_steps(weights, biases, steps):
    """(weights, biases) after purenn's update_mini_batch(batch, eta) for each (batch, eta) in steps."""
    net = network(weights, biases)
    for batch, eta in steps:
        net.update_mini_batch(batch, eta)
    return parameters(net)


def only_weights(weights, biases, batch, eta):
    new_weights, _ = purenn_steps(weights, biases, [(batch, eta)])
    return new_weights, biases


UPDATE_MINI_BATCH = Exercise(
    "update_mini_batch", ["weights", "biases", "mini_batch", "eta"],
    """
    One gradient-descent step on a mini-batch: return (weights, biases) after it.

    mini_batch is a list of m pairs (x, y), y the target vector.  With each
    pair's gradient from backprop, summed over the mini-batch:

        w → w − (η/m) Σ_x ∂C_x/∂w    and    b → b − (η/m) Σ_x ∂C_x/∂b

    for every layer, all of it computed from the weights as they were before
    the step.  Change weights and biases in place or build new lists, as you
    like; return them either way.
    """,
    cases=mini_batch_cases,
    reference=lambda weights, biases, batch, eta: purenn_steps(weights, biases, [(batch, eta)]),
    reference_name="purenn's Network.update_mini_batch",
    mistakes=[
        Mistake("the gradient is not divided by the mini-batch size: the step is (η/m) Σ_x ∂C_x/∂w, "
                "the average over the m samples times η, so that η means the same for every batch "
                "size (chapter 5, 'Why η/m, not η').",
                lambda w, b, batch, eta: purenn_steps(w, b, [(batch, eta * len(batch))])),
        Mistake("the sign of the step: subtract, w − (η/m) Σ ∂C/∂w; the gradient points uphill.",
                lambda w, b, batch, eta: purenn_steps(w, b, [(batch, -eta)])),
        Mistake("one step per sample: you changed the weights after each sample, so later samples' "
                "gradients came from changed weights. Sum all m gradients first (with the weights as "
                "they were), then take one step.",
                lambda w, b, batch, eta: purenn_steps(w, b, [([sample], eta / len(batch)) for sample in batch])),
        Mistake("only the last sample's gradient counts: each pass through the loop replaced the sum "
                "instead of adding to it (nabla_b = ... instead of nabla_b = nabla_b + ...).",
                lambda w, b, batch, eta: purenn_steps(w, b, [(batch[-1:], eta / len(batch))])),
        Mistake("only the last sample's gradient counts: the sum was replaced in each pass through the "
                "loop, not added to.", lambda w, b, batch, eta: purenn_steps(w, b, [(batch[-1:], eta)])),
        Mistake("only the first sample's gradient counts: is a `return` (or the step) inside the for "
                "loop over the mini-batch?",
                lambda w, b, batch, eta: purenn_steps(w, b, [(batch[:1], eta / len(batch))])),
        Mistake("only the first sample's gradient counts: is a `return` (or the step) inside the for "
                "loop over the mini-batch?", lambda w, b, batch, eta: purenn_steps(w, b, [(batch[:1], eta)])),
        Mistake("the biases did not move: they take their step too, b − (η/m) Σ ∂C/∂b.", only_weights),
    ])


def epoch_cases():
    cases = []
    for sizes, n, m, eta, seed in (([2, 3, 2], 7, 3, 1.0, 64), ([3, 2, 2], 6, 2, 3.0, 65)):
        weights, biases = random_network(sizes, seed)
        cases.append(Case(weights, biases, samples(random.Random(seed), n, sizes[0], sizes[-1]), m, eta,
                          SeededRandom(seed)))
    return cases


def purenn_epoch(weights, biases, training_data, m, eta, rng):
    net = network(weights, biases)
    net.rng = rng
    net.train_epoch(training_data, m, eta)
    return parameters(net)


def wrong_epoch(weights, biases, training_data, m, eta, rng, shuffle=True, drop_last=False):
    data = list(training_data)
    if shuffle:
        rng.shuffle(data)
    batches = [data[k:k + m] for k in range(0, len(data), m)]
    if drop_last and len(batches[-1]) < m:
        batches.pop()
    return purenn_steps(weights, biases, [(batch, eta) for batch in batches])


EPOCH = Exercise(
    "epoch", ["weights", "biases", "training_data", "mini_batch_size", "eta", "rng"],
    """
    One epoch of mini-batch SGD: shuffle, cut into mini-batches, one step each.

    training_data is a list of pairs (x, y); do not change it.  Shuffle a copy
    with the random generator you are given, data = list(training_data) then
    rng.shuffle(data) (the check replays your shuffle, so use rng, once), then
    call update_mini_batch on data[k:k + m] for k = 0, m, 2m, ... with m =
    mini_batch_size: the last mini-batch may be shorter.  Return (weights,
    biases) after the last step.
    """,
    cases=epoch_cases, reference=purenn_epoch, reference_name="purenn's Network.train_epoch with the same rng",
    unchanged=["training_data"],
    mistakes=[
        Mistake("the data were not shuffled: an epoch shuffles a copy first, rng.shuffle(data), so "
                "that each mini-batch is a fair sample (chapter 5, 'Why shuffle').",
                lambda *args: wrong_epoch(*args, shuffle=False)),
        Mistake("the last, shorter mini-batch was left out: with n samples and mini-batches of m, the "
                "slices data[k:k + m] for k in range(0, n, m) include the rest at the end.",
                lambda *args: wrong_epoch(*args, drop_last=True)),
        Mistake("rng was never used: shuffle with the generator you are given, rng.shuffle(data), "
                "not random.shuffle; the same seed then gives the same run, and the check can replay it.",
                when=lambda got, args: args[5].unused()),
    ],
    changed_hint="shuffle a copy, data = list(training_data), then rng.shuffle(data): the caller's "
                 "list stays in its order.")

GIVEN = [chapter01.SIGMOID, chapter01.SIGMOID_PRIME, chapter04.FORWARD_PASS, chapter02.FEEDFORWARD,
         chapter04.OUTPUT_ERROR, chapter04.BACKPROPAGATE_ERROR, chapter04.BIAS_GRADIENT,
         chapter04.WEIGHT_GRADIENT, chapter04.BACKPROP]
EXERCISES = [UPDATE_MINI_BATCH, EPOCH]

IMAGES = 3000  # training images for "your network learns": about 20 s on CPython
TEST_IMAGES = 1000
SIZES = [784, 30, 10]
MINI_BATCH, ETA, SEED = 10, 3.0, 1
TRAINING_LIMIT = 600  # seconds the training run may take before it is stopped


def learns(module, call, say, images=IMAGES):
    """Train the learner's network on `images` MNIST images with their epoch; None, or a failure report.

    The starting weights are purenn's Network(SIZES, seed=1)'s; the accuracy on
    the first TEST_IMAGES test images is measured with purenn's Network.evaluate
    (the weights are the learner's, the counting is purenn's, which is quicker).
    """
    train_path, test_path = find_mnist(TRAIN_NAME), find_mnist(TEST_NAME)
    if not (train_path and test_path):
        say(f"(The MNIST files, data/{TRAIN_NAME} and data/{TEST_NAME}, were not found: no training run.)")
        return None
    training_data = [(image(x), one_hot(label)) for x, label in load_csv(train_path, limit=images)]
    test_data = load_csv(test_path, limit=TEST_IMAGES)
    start = Network(SIZES, cost=QuadraticCost, seed=SEED)
    weights, biases = parameters(start)
    before = start.evaluate(test_data)
    say(f"Your network learns: one epoch of your epoch() on {len(training_data)} MNIST training images\n"
        f"({SIZES}, mini-batches of {MINI_BATCH}, η = {ETA}; about {seconds_guess(len(training_data))} on "
        f"CPython, less on PyPy) ...")
    inputs = (f"epoch(weights, biases, training_data, {MINI_BATCH}, {ETA}, random.Random({SEED})) on "
              f"{len(training_data)} MNIST images and a {SIZES} network")
    began = time.perf_counter()
    raised, value, printed = call(module.epoch, (weights, biases, copy.copy(training_data), MINI_BATCH, ETA,
                                                 SeededRandom(SEED)), inputs, TRAINING_LIMIT)
    took = time.perf_counter() - began
    if raised:
        return f"{inputs}\nraised {type(value).__name__}: {value}"
    try:
        after = network(*value).evaluate(test_data)
    except Exception as e:  # a shape the small checks did not catch
        return f"{inputs}\nreturned weights and biases that purenn cannot use: {type(e).__name__}: {e}"
    n = len(test_data)
    say(f"  after it ({took:.1f} s), your network reads {after} of the first {n} test images right "
        f"({100 * after / n:.1f}%);\n  with its starting weights it read {before} ({100 * before / n:.1f}%).")
    return None


def seconds_guess(n):
    return f"{max(1, round(n * 0.006))} s"


def one_hot(label):
    target = [0.0] * 10
    target[label] = 1.0
    return target
