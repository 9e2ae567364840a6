"""Seeing what the network learned: curves, its mistakes, your own digits.

The command line's ``--plot``, ``--errors``, ``--augment`` and ``predict`` are
built from these functions, which return values and write files but never
print.  The drawing itself is in plot.py (SVG) and image.py (PNG, text art).
"""

from ..pictures.image import error_grid_png, rotate, to_mnist
from ..pictures.plot import learning_curve_svg, write_svg
from ..pictures.png import read_image
from ..vector import SparseVector


def learning_curves(history, sizes):
    """(accuracy series, cost series) in percent and cost per epoch, from the CLI's history.

    history: one dict per epoch with "test_correct" and, when measured,
    "validation_correct", "training_correct", "training_cost", "evaluation_cost".
    sizes: (n_test, n_validation, n_training), to turn counts into percentages.
    """
    n_test, n_validation, n_training = sizes
    accuracy, cost = {}, {}
    evaluation = "validation" if n_validation else "test"
    for key, name, n in (("training_correct", "training", n_training),
                         ("validation_correct", "validation", n_validation),
                         ("test_correct", "test", n_test)):
        if key in history[0]:
            accuracy[f"{name} accuracy"] = [100 * epoch[key] / n for epoch in history]
    for key, name in (("training_cost", "training"), ("evaluation_cost", evaluation)):
        if key in history[0]:
            cost[f"{name} cost"] = [epoch[key] for epoch in history]
    return accuracy, cost


def plot_history(path, history, sizes, title):
    """Write the learning curves so far as an SVG file (rewritten after every epoch)."""
    accuracy, cost = learning_curves(history, sizes)
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
    """An image file (PNG or PGM) as 784 floats prepared like MNIST (see image.to_mnist)."""
    _, _, rows = read_image(path)
    return to_mnist(rows, name=str(path))


def top_scores(net, pixels, k=3):
    """The network's k best guesses for an image: [(digit, output value), ...], best first."""
    output = net.feedforward(pixels)
    ranked = sorted(range(len(output)), key=output.__getitem__, reverse=True)
    return [(digit, output[digit]) for digit in ranked[:k]]
