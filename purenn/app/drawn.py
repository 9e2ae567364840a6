"""``python -m purenn.app.drawn``: how saved models read digits drawn as a person draws them.

MNIST's digits are all alike in ways a person's drawing is not: each was scaled
into a 20 x 20 box and centred by its mass, with strokes of one pen.  This
program takes the first test images, changes them the ways a drawing differs,
and prints how many each model reads right:

- *prepared*: as the playground sees a drawing.  The digit is drawn on a canvas
  four times MNIST's size (a thicker or thinner pen, or drawn small), then put
  through `image.to_mnist`, the preparation the playground and ``predict`` apply:
  crop to the ink, scale into the 20-pixel box, centre by mass.  That
  preparation undoes size and position, so what is left is the stroke.
- *unprepared*: the 28 x 28 image moved or scaled and given to the network as
  it is, as if nothing centred it: what the network itself copes with.

    python -m purenn.app.drawn purenn/app/model.json purenn/app/conv-model.json
    python -m purenn.app.drawn purenn/app/model.json --limit 200

A measuring tool, like the bench: it prints a table and asserts nothing.
"""

import argparse
import sys
import time

from ..data import DataError, load_csv
from ..pictures.image import MNIST_SIZE, bilinear, to_mnist
from ..pictures.png import ImageError
from .datafiles import TEST_NAME, find_mnist
from .modelfile import ModelFileError, load

CANVAS = 4 * MNIST_SIZE  # the drawing canvas: 112 x 112, four canvas pixels to an MNIST pixel


# ---------------------------------------------------------------- image changes

def zoom(pixels, factor, dx=0.0, dy=0.0, size=MNIST_SIZE, out_size=None):
    """The size x size image scaled by `factor` about its centre, moved by (dx, dy) output pixels.

    Output pixel (x, y), centre (x + 0.5, y + 0.5), shows the input at
    ((x + 0.5 - dx - c_out) / factor + c_in - 0.5, likewise y): a bilinear
    look-up, 0 outside the picture (c_in = size / 2, c_out = out_size / 2).

    >>> zoom([0, 0, 0, 1], 1, dx=-1, size=2)
    [0, 0, 1, 0]
    >>> zoom([1.0], 2, size=1, out_size=2)  # one pixel blown up: bilinear, fading to 0 outside
    [0.5625, 0.5625, 0.5625, 0.5625]
    """
    out_size = out_size or size
    c_in, c_out = size / 2, out_size / 2
    out = []
    for y in range(out_size):
        v = (y + 0.5 - dy - c_out) / factor + c_in - 0.5
        for x in range(out_size):
            u = (x + 0.5 - dx - c_out) / factor + c_in - 0.5
            out.append(bilinear(pixels, size, u, v))
    return out


def spread(pixels, size, r, pick):
    """Each pixel becomes `pick` (max: a thicker pen; min: a thinner one) of the disc of radius r around it.

    >>> spread([0, 0, 0, 0, 1, 0, 0, 0, 0], 3, 1, max)
    [0, 1, 0, 1, 1, 1, 0, 1, 0]
    >>> block = [1 if 1 <= x <= 3 and 1 <= y <= 3 else 0 for y in range(5) for x in range(5)]
    >>> [i for i, v in enumerate(spread(block, 5, 1, min)) if v]  # a 3 x 3 block thins to its centre
    [12]
    """
    disc = [(a, b) for a in range(-r, r + 1) for b in range(-r, r + 1) if a * a + b * b <= r * r]
    out = []
    for y in range(size):
        for x in range(size):
            out.append(pick(pixels[(y + b) * size + x + a] if 0 <= x + a < size and 0 <= y + b < size
                            else 0 for a, b in disc))
    return out


def on_canvas(pixels, factor=1.0):
    """The digit drawn on the 112 x 112 canvas: four canvas pixels to each MNIST pixel, times factor."""
    return zoom(pixels, CANVAS / MNIST_SIZE * factor, size=MNIST_SIZE, out_size=CANVAS)


def prepared(canvas):
    """What the playground gives the network for a canvas of ink levels: `to_mnist`'s 784 floats."""
    rows = [[255 - round(255 * min(1.0, v)) for v in canvas[y * CANVAS:(y + 1) * CANVAS]]
            for y in range(CANVAS)]  # dark ink on white paper, as a drawing is sent
    return to_mnist(rows)


def changes():
    """[(name, function of 784 floats to 784 floats)]: the ways a drawing differs from MNIST."""
    return [
        ("MNIST as it is", lambda x: x),
        ("prepared: redrawn", lambda x: prepared(on_canvas(x))),
        ("prepared: thick pen", lambda x: prepared(spread(on_canvas(x), CANVAS, 3, max))),
        ("prepared: thin pen", lambda x: prepared(spread(on_canvas(x), CANVAS, 2, min))),
        ("prepared: drawn small", lambda x: prepared(on_canvas(x, 0.25))),
        ("unprepared: 3 px right", lambda x: zoom(x, 1, dx=3)),
        ("unprepared: 3 px up, 2 left", lambda x: zoom(x, 1, dx=-2, dy=-3)),
        ("unprepared: small (0.6x)", lambda x: zoom(x, 0.6)),
        ("unprepared: large (1.3x)", lambda x: zoom(x, 1.3)),
    ]


# ---------------------------------------------------------------- the table

def accuracy(net, images, labels):
    """The percentage of images the network reads as their label."""
    return 100.0 * sum(net.predict(x) == y for x, y in zip(images, labels)) / len(labels)


def measure(nets, samples):
    """{change name: [accuracy of each net]} on the samples [(x, label)], each changed as `changes` says."""
    labels = [y for _, y in samples]
    table = {}
    for name, change in changes():
        images = []
        for x, _ in samples:
            try:
                images.append(change(x))
            except ImageError:  # a thin pen can erase a faint digit: nothing to read
                images.append([0.0] * (MNIST_SIZE * MNIST_SIZE))
        table[name] = [accuracy(net, images, labels) for net in nets]
    return table


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m purenn.app.drawn",
                                     description="How saved models read digits drawn as a person draws.")
    parser.add_argument("models", nargs="+", metavar="MODEL.json", help="saved models to compare")
    parser.add_argument("--test", metavar="PATH", help="test CSV (default: data/mnist_test.csv.gz)")
    parser.add_argument("--limit", type=int, default=1000, metavar="N",
                        help="the first N test images (default: 1000)")
    args = parser.parse_args(argv)
    if args.limit < 1:
        parser.error(f"--limit must be at least 1, not {args.limit}")
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        nets = [load(path)[0] for path in args.models]
        samples = load_csv(args.test or find_mnist(TEST_NAME), limit=args.limit)
    except (ModelFileError, DataError, OSError) as e:
        sys.exit(f"error: {e}")
    start = time.perf_counter()
    table = measure(nets, samples)
    width = max(len(name) for name in table) + 2
    names = [path.rsplit("/", 1)[-1] for path in args.models]
    print(f"The first {len(samples)} test images, changed as a drawing differs; "
          "percentage read right:")
    print(" " * width + "".join(f"{name:>18}" for name in names))
    for change, row in table.items():
        print(f"{change:<{width}}" + "".join(f"{a:17.1f}%" for a in row))
    print(f"({time.perf_counter() - start:.0f} s, {sys.implementation.name})")


if __name__ == "__main__":
    main()
