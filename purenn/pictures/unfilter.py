"""PNG's row filters: the guess each makes, byte by byte; then undoing them fast.

A PNG stores each row filtered: every byte minus a guess made from three bytes
next to it, the one to its left (a), the one above (b) and the one above-left
(c), so that a smooth picture becomes mostly small numbers, which zlib packs
well.  `guess` is the prediction, `filter_row` and `unfilter_row` the definition:

    line[i] = (row[i] - guess(filter_type, a, b, c)) mod 256
    row[i] = (line[i] + guess(filter_type, a, b, c)) mod 256

Undone byte by byte, that is one Python loop step for each of the 36 million
bytes of a 12-megapixel RGB photo: about 15 seconds on CPython.  `unfilter_band`,
the fast path, does the same sums for a whole band of rows at once.  Byte i of
row y depends only on bytes of rows y and y-1 at i and to its left, so all the
bytes on a diagonal (row y, byte t - y) can be decoded together once diagonal
t - 1 is done.  The bytes of one diagonal are packed into one Python int,
16 bits per row (a "lane"), and every step of `guess` becomes a few operations on those ints, which
CPython does in C: adding two ints adds every lane at once, as long as no lane
overflows into the next (each lane holds a value under 2048, far from 65536).
Comparisons and absolute values use the usual trick: add 1024 to a difference
so it is never negative, and read bit 10 to learn its sign.

tests/test_png_fast.py checks the fast path against `unfilter_row` on random
rows of every filter type.
"""

LANE = 16  # bits per row in a packed diagonal
OFFSET = 1024  # added to a difference of two lane values (each < 1024) so it stays positive
SIGN_BIT = 10  # bit 10 of difference + OFFSET is set exactly when the difference is >= 0


# ---------------------------------------------------------------- the definition, byte by byte

def paeth(a, b, c):
    """Paeth's predictor: whichever of left a, up b, upper-left c is nearest to a + b - c.

    >>> paeth(10, 20, 10), paeth(10, 20, 20), paeth(10, 20, 15)
    (20, 10, 15)
    """
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def guess(filter_type, a, b, c):
    """The guess each PNG filter makes for a byte from left a, up b, upper-left c.

    0 None: 0;  1 Sub: a;  2 Up: b;  3 Average: (a + b) // 2;  4 Paeth: paeth(a, b, c).
    The file stores (byte - guess) mod 256: small numbers when the guess is good.
    """
    if filter_type == 0:
        return 0
    if filter_type == 1:
        return a
    if filter_type == 2:
        return b
    if filter_type == 3:
        return (a + b) // 2
    return paeth(a, b, c)


def filter_row(filter_type, row, prev, bpp):
    """Filter one row of bytes: out_i = (row_i - guess(a, b, c)) mod 256; bpp bytes a pixel."""
    if filter_type == 0:
        return bytearray([0]) + row
    if filter_type == 2:
        return bytearray([2]) + _subtract_bytes(row, prev)
    out = bytearray([filter_type])
    for i, x in enumerate(row):
        a, c = (row[i - bpp], prev[i - bpp]) if i >= bpp else (0, 0)
        out.append((x - guess(filter_type, a, prev[i], c)) & 255)
    return out


def _subtract_bytes(row, prev):
    """(row_i - prev_i) mod 256 for every i at once: Up's filter for a whole row.

    Each byte gets a 16-bit lane; 256 + row_i - prev_i is never negative, so one
    subtraction of ints does them all, and the low byte of each lane is the answer.
    """
    n = len(row)
    lanes = [bytearray(2 * n), bytearray(2 * n)]
    lanes[0][0::2], lanes[0][1::2], lanes[1][0::2] = row, b"\x01" * n, prev
    difference = int.from_bytes(lanes[0], "little") - int.from_bytes(lanes[1], "little")
    return difference.to_bytes(2 * n, "little")[0::2]


def unfilter_row(filter_type, line, prev, bpp):
    """Undo `filter_row`: row_i = (line_i + guess(a, b, c)) mod 256, left to right."""
    row = bytearray(line)
    if filter_type == 0:
        return row
    for i in range(len(row)):
        a, c = (row[i - bpp], prev[i - bpp]) if i >= bpp else (0, 0)
        row[i] = (row[i] + guess(filter_type, a, prev[i], c)) & 255
    return row


# ---------------------------------------------------------------- the fast path

def repeat_lane(value, lanes):
    """An int holding `value` in each of `lanes` 16-bit lanes: repeat_lane(255, 2) == 0x00FF00FF."""
    return int.from_bytes(value.to_bytes(2, "little") * lanes, "little")


class Lanes:
    """The constants for `lanes` rows: lane masks and the offset, as repeated lanes."""

    def __init__(self, lanes):
        self.n = lanes
        self.ones = repeat_lane(1, lanes)
        self.byte = repeat_lane(0xFF, lanes)
        self.full = repeat_lane(0xFFFF, lanes)
        self.offset = repeat_lane(OFFSET, lanes)

    def mask(self, flags):
        """Lane j all ones where flags (lane j holding 0 or 1) is 1: a selector."""
        return flags * 0xFFFF  # 1 * 0xFFFF fills a lane exactly, so nothing carries

    def at_least(self, u, v):
        """Lane j is 1 where u_j >= v_j, else 0 (lanes under 1024)."""
        return ((u + self.offset - v) >> SIGN_BIT) & self.ones

    def abs_diff(self, u, v):
        """|u_j - v_j| in every lane: u - v where u >= v, else v - u (never negative, no borrow)."""
        keep = self.mask(self.at_least(u, v))
        return (((u + self.offset - v) & keep) | ((v + self.offset - u) & (self.full ^ keep))) - self.offset

    def paeth(self, a, b, c):
        """Paeth's predictor in every lane: whichever of a, b, c is nearest to p = a + b - c.

        |p - a| = |b - c|, |p - b| = |a - c|, |p - c| = |a + b - 2c|; ties go to a, then b.
        """
        pa, pb, pc = self.abs_diff(b, c), self.abs_diff(a, c), self.abs_diff(a + b, c << 1)
        take_a = self.at_least(pb, pa) & self.at_least(pc, pa)
        take_b = (self.ones ^ take_a) & self.at_least(pc, pb)
        take_c = self.ones ^ take_a ^ take_b
        return (a & self.mask(take_a)) | (b & self.mask(take_b)) | (c & self.mask(take_c))


def unfilter_band(raw, first, rows, stride, bpp, above):
    """Rows first .. first + rows - 1 of an image, unfiltered: a list of bytearrays.

    raw: the inflated image data, each row a filter-type byte and `stride`
    bytes; bpp: bytes per pixel; above: the unfiltered row before `first`
    (zeros for the first row).  Filter types must already be checked (0-4).
    """
    lanes = Lanes(rows)
    starts = [(first + j) * (stride + 1) for j in range(rows)]
    # which lanes (rows) use which filter: a selector per filter type
    by_type = [0] * 5
    for j, start in enumerate(starts):
        by_type[raw[start]] |= 0xFFFF << (LANE * j)
    sub, up, average, paeth = by_type[1:]
    out = bytearray(rows * (stride + 1))  # row j at j * (stride + 1); one spare byte a row
    base = starts[0] + 1
    done = [0] * (bpp + 1)  # the last bpp + 1 diagonals, newest last
    spread = bytearray(2 * rows)
    for t in range(stride + rows - 1):
        # lane j holds row j's byte i = t - j; rows with i < 0 have not started (all zeros)
        low, high = max(0, t - stride + 1), min(rows - 1, t)
        line = raw[base + t + low * stride:base + t + high * stride + 1:stride]
        spread[:] = bytes(2 * rows)
        spread[2 * low:2 * (high + 1):2] = line
        x = int.from_bytes(spread, "little")
        a = done[-bpp]  # left: this row, byte i - bpp
        b = ((done[-1] << LANE) & lanes.full) | (above[t] if t < stride else 0)  # up: row j - 1
        c = ((done[-1 - bpp] << LANE) & lanes.full) | (above[t - bpp] if bpp <= t < stride + bpp else 0)
        guess = (a & sub) | (b & up)
        if average:
            guess |= ((a + b) >> 1) & lanes.byte & average
        if paeth:
            guess |= lanes.paeth(a, b, c) & paeth
        diagonal = (x + guess) & lanes.byte
        done.append(diagonal)
        del done[0]
        # lane j of this diagonal is byte t - j of row j: write the ones inside the rows
        out[t + low * stride:t + high * stride + 1:stride] = diagonal.to_bytes(2 * rows, "little")[
            2 * low:2 * (high + 1):2]
    return [out[j * (stride + 1):j * (stride + 1) + stride] for j in range(rows)]
