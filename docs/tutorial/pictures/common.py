"""What the figure modules share: where MNIST is, loaded once, and the temporary-file trick.

Not a figure module (its name does not start with ``figures_``); draw.py never collects it.
"""

import functools
import os
import tempfile

from purenn.data import load_csv

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))  # docs/tutorial/pictures -> top
TRAIN = os.path.join(ROOT, "data", "mnist_train.csv.gz")
TEST = os.path.join(ROOT, "data", "mnist_test.csv.gz")


@functools.lru_cache(maxsize=None)
def mnist(path, limit, sparse=False):
    """The first `limit` samples of an MNIST file, loaded once per run (a tuple: do not change it).

    sparse: images as SparseVectors (the same numbers, quicker to train on) instead of lists.
    """
    return tuple(load_csv(path, limit=limit, sparse=sparse))


def bytes_written_by(write, suffix=".png"):
    """The bytes a writer such as ``weight_grid_png(path, ...)`` puts in a file: write(path)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "picture" + suffix)
        write(path)
        with open(path, "rb") as f:
            return f.read()


def titled(width, height, title, parts, subtitle=None):
    """An SVG document with a title line (and an optional smaller line under it) at the top."""
    from purenn.pictures import svg
    head = [svg.text(width / 2, 26, title, size=17, anchor="middle", weight="bold")]
    if subtitle:
        head.append(svg.text(width / 2, 46, subtitle, size=13, anchor="middle", fill="#333"))
    return svg.document(width, height, head + list(parts))


def sampled(f, low, high, n=241):
    """[(x, f(x)), ...] at n evenly spaced x from low to high: a curve to draw as a polyline."""
    return [(low + (high - low) * i / (n - 1), f(low + (high - low) * i / (n - 1))) for i in range(n)]
