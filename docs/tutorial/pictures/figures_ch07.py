"""Chapter 7's pictures: the weights a network learned, drawn as tiles (PNG, weights.py)."""

import contextlib
import functools
import io

from common import TEST, TRAIN, bytes_written_by, mnist
from purenn.network import Network
from purenn.pictures.image import error_grid_png
from purenn.pictures.weights import weight_grid_png


@functools.lru_cache(maxsize=None)
def template_network():
    """Chapter 7's [784, 10] after one epoch on 5000 images (trained once per run; do not change it)."""
    net = Network([784, 10], seed=1)
    net.train_epoch(list(mnist(TRAIN, 5000)), 10, 0.5)
    return net


def templates():
    """The ten rows of w^1 of the template network: chapter 7's first example."""
    net = template_network()
    return bytes_written_by(lambda path: weight_grid_png(path, net.weights[0], columns=5, zoom=4))


def template_mistakes():
    """The template network's first 30 mistakes on the first 1000 test images, captioned true>predicted."""
    from purenn.app.show import mistakes
    wrong = mistakes(template_network(), mnist(TEST, 1000), limit=30)
    return bytes_written_by(lambda path: error_grid_png(path, wrong, columns=10))


def hidden_weights():
    """The 30 hidden neurons' weights of chapter 7's command, run in this process."""
    from purenn.app.cli import main
    arguments = ["--limit", "10000", "--epochs", "1", "--train", TRAIN, "--test", TEST, "--quiet"]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return bytes_written_by(lambda path: main(arguments + ["--weights", path]))


FIGURES = [("templates.png", templates), ("hidden-weights.png", hidden_weights),
           ("template-mistakes.png", template_mistakes)]
SLOW = {"hidden-weights.png"}
