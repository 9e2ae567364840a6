"""Make a big picture small as it is read: the mean of each k x k block of pixels.

A phone photo has 12 million pixels; the network sees 784.  `image.to_mnist`
scales the digit down to 20 pixels anyway, so the PNG and PGM readers shrink a
big picture as they read it (`png.read_image`'s shrink_to), holding only k rows
at a time, and to_mnist works on a picture a few hundred pixels wide.

`shrink` is the plain definition; `shrink_rows` does the same sums with C loops
(tests/test_png_fast.py checks that they agree).
"""

import sys


def shrink_factor(width, height, shrink_to):
    """The smallest k with ceil(width / k) and ceil(height / k) both at most shrink_to.

    >>> shrink_factor(4000, 3000, 560), shrink_factor(500, 20, 560), shrink_factor(9, 9, None)
    (8, 1, 1)
    """
    if shrink_to is None:
        return 1
    return max(1, -(-max(width, height) // shrink_to))


def shrink(rows, k):
    """Average k x k blocks of gray rows: the plain definition.

    Block (X, Y) covers columns kX ... kX + k - 1 and rows kY ... kY + k - 1 (fewer
    at the right and bottom edges) and becomes their mean, rounded half up.

    >>> shrink([[0, 10, 20], [30, 40, 50]], 2)
    [[20, 35]]
    """
    out = []
    for top in range(0, len(rows), k):
        band = rows[top:top + k]
        line = []
        for left in range(0, len(rows[0]), k):
            block = [v for row in band for v in row[left:left + k]]
            line.append((2 * sum(block) + len(block)) // (2 * len(block)))
        out.append(line)
    return out


def shrink_rows(rows, width, k):
    """`shrink` of gray rows (bytes, an iterable) without holding more than k of them.

    The k rows of a band are added as ints holding one column every 32 bits (a
    column's sum is at most 255 k), then each block's columns are summed from a
    memoryview of those 32-bit numbers.
    """
    out, total, count = [], 0, 0
    lanes = bytearray(4 * width)
    low = 0 if sys.byteorder == "little" else 3  # where a byte's value sits in a 32-bit lane
    for row in rows:
        lanes[low::4] = row
        total += int.from_bytes(lanes, sys.byteorder)
        count += 1
        if count == k:
            out.append(_block_means(total, width, k, count))
            total, count = 0, 0
    if count:
        out.append(_block_means(total, width, k, count))
    return out


def _block_means(total, width, k, count):
    """The means of k-column blocks of `count` rows whose column sums are packed in `total`."""
    sums = memoryview(total.to_bytes(4 * width, sys.byteorder)).cast("I")
    line = []
    for left in range(0, width, k):
        n = count * min(k, width - left)
        line.append((2 * sum(sums[left:left + k]) + n) // (2 * n))
    return line
