"""More training data for free: each image also shifted one pixel up, down, left and right.

(Or, for the price of no extra data: each image moved to a random place each epoch,
``shifted_at_random``.)

Nielsen's ``expand_mnist.py`` (chapter 6) turns the 50,000 training images
into 250,000 this way: a digit moved by one pixel is still the same digit, so
the network learns to ignore small shifts.  His code rolls the 28 x 28 array
with ``np.roll`` and blanks the row or column that wrapped around: a shift
with zeros coming in and the pixels pushed over the edge dropped, as here.

A shifted copy is not stored: ``ShiftedImage`` keeps the original image and
the shift, and makes its 784 numbers when a layer asks for them (``to_list``),
so four shifted copies of 60,000 images cost a few megabytes, not the ~600 MB
of their pixels.

>>> from .vector import SparseVector
>>> x = SparseVector.from_list([0.0, 0.0, 0.0,
...                             0.0, 1.0, 0.5,
...                             0.0, 0.0, 0.0])
>>> ShiftedImage(x, 0, 1, width=3).to_list()  # right: the 0.5 falls off the edge
[0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
>>> ShiftedImage(x, -1, 0, width=3).to_list()  # up
[0.0, 1.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
"""

SHIFTS = ((1, 0), (-1, 0), (0, 1), (0, -1))
"""(rows down, columns right) of each copy: down, up, right, left, in expand_mnist.py's order."""


class ShiftedImage:
    """The image x (a flat list or SparseVector of width x width pixels) moved by (dr, dc) pixels."""

    __slots__ = ("image", "dr", "dc", "width")

    def __init__(self, image, dr, dc, width=28):
        self.image, self.dr, self.dc, self.width = image, dr, dc, width

    def __len__(self):
        return len(self.image)

    def __iter__(self):
        return iter(self.to_list())

    def to_list(self):
        """The shifted pixels: pixel (r, c) of the image lands at (r + dr, c + dc), if inside."""
        width, dr, dc = self.width, self.dr, self.dc
        image = self.image
        pairs = zip(image.indices, image.values) if hasattr(image, "indices") else enumerate(image)
        shifted = [0.0] * len(image)
        for i, value in pairs:
            r, c = divmod(i, width)
            r, c = r + dr, c + dc
            if value and 0 <= r < width and 0 <= c < width:
                shifted[r * width + c] = value
        return shifted

    def __repr__(self):
        return f"ShiftedImage({self.image!r}, {self.dr}, {self.dc})"


def expand(training_data, width=28):
    """The (x, label) pairs and, after them, their four shifted copies: five times the data."""
    expanded = list(training_data)
    for dr, dc in SHIFTS:
        expanded += [(ShiftedImage(x, dr, dc, width), label) for x, label in training_data]
    return expanded


def shifted_at_random(training_data, rng, most=1, width=28):
    """Each (x, label) with x moved by (dr, dc), each drawn from -most, ..., most by rng.

    A copy as big as the data, not five times it: drawn afresh each epoch, it
    shows the network each digit in up to (2·most + 1)² places over the epochs,
    each epoch costing what an epoch of the unshifted data costs.  ConvNetJS's
    MNIST demo does the same with a random 24 x 24 crop of each 28 x 28 digit
    (``convnetjs.augment(x, 24)`` in its demo/mnist.html); here the image keeps
    its size, and zeros come in at the edges.

    >>> import random
    >>> from .vector import SparseVector
    >>> x = SparseVector.from_list([0.0] * 4 + [1.0] + [0.0] * 4)
    >>> copies = shifted_at_random([(x, 7)] * 4, random.Random(3), width=3)
    >>> [(image.dr, image.dc) for image, label in copies]
    [(-1, 1), (1, -1), (0, 1), (0, 1)]
    >>> copies[0][0].to_list()  # up and right: the centre pixel goes to the top right corner
    [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    """
    if most < 0:
        raise ValueError(f"a shift of at most {most} pixels: it must be at least 0")
    return [(ShiftedImage(x, rng.randint(-most, most), rng.randint(-most, most), width), label)
            for x, label in training_data]
