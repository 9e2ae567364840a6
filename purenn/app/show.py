"""Seeing what the network learned: curves, its mistakes, your own digits.

The command line's ``--plot``, ``--errors``, ``--augment`` and ``predict`` are
built from these functions, which return values and write files but never
print.  The drawing itself is in plot.py (SVG) and image.py (PNG, text art).
"""

from ..pictures.image import SHRINK_TO, error_grid_png, rotate, to_mnist
from ..pictures.plot import learning_curve_svg, write_svg
from ..pictures.png import read_image
from ..vector import SparseVector


def learning_curves(history, counts):
    """(accuracy series, cost series) in percent and cost per epoch, from a run's history.

    history: one EpochResult per epoch (see training.py), whose measurements are
    None where they were not taken.  counts: the SampleCounts (test, validation,
    training) that the numbers of correct answers are out of.
    """
    first = history[0]
    accuracy, cost = {}, {}
    if first.training_correct is not None:
        accuracy["training accuracy"] = [100 * r.training_correct / counts.training for r in history]
    if first.validation_correct is not None:
        accuracy["validation accuracy"] = [100 * r.validation_correct / counts.validation for r in history]
    accuracy["test accuracy"] = [100 * r.test_correct / counts.test for r in history]
    if first.training_cost is not None:
        cost["training cost"] = [r.training_cost for r in history]
    if first.evaluation_cost is not None:
        evaluation = "validation" if counts.validation else "test"
        cost[f"{evaluation} cost"] = [r.evaluation_cost for r in history]
    return accuracy, cost


def plot_history(path, history, counts, title):
    """Write the learning curves so far as an SVG file (rewritten after every epoch)."""
    accuracy, cost = learning_curves(history, counts)
    write_svg(path, learning_curve_svg(accuracy, title, cost=cost or None))


def mistakes(net, data, limit=100):
    """Up to `limit` (pixels, true label, predicted label) for the samples the network gets wrong."""
    wrong = []
    for x, label in data:
        predicted = net.predict(x)
        if predicted != label:
            wrong.append((list(x), label, predicted))
            if len(wrong) == limit:
                break
    return wrong


def save_mistakes(path, wrong):
    """Save mistakes as a PNG grid, each digit captioned 'true>predicted'."""
    error_grid_png(path, wrong)


def augmented(training_data, degrees=10.0):
    """The training data plus two rotated copies of each sample, by +degrees and -degrees.

    A digit tilted a little is still the same digit, so the copies teach the
    network to ignore small tilts (the seed article's 784-200-10 network did this).
    """
    result = list(training_data)
    for angle in (degrees, -degrees):
        for x, label in training_data:
            result.append((SparseVector.from_list(rotate(list(x), angle)), label))
    return result


def read_digit(path):
    """An image file (PNG or PGM) as 784 floats prepared like MNIST (see image.to_mnist).

    A big picture (a phone photo) is shrunk to at most SHRINK_TO pixels a side as
    it is read: to_mnist scales the digit down to 20 pixels anyway.
    """
    _, _, rows = read_image(path, shrink_to=SHRINK_TO)
    return to_mnist(rows, name=str(path))


def top_scores(net, pixels, k=3):
    """The network's k best guesses for an image: [(digit, output value), ...], best first."""
    output = net.feedforward(pixels)
    ranked = sorted(range(len(output)), key=output.__getitem__, reverse=True)
    return [(digit, output[digit]) for digit in ranked[:k]]
