"""Digit images: make any picture look like MNIST, rotate, draw as text, save a grid.

An image here is a flat list of size*size floats in [0, 1], row by row, 0 for
background and 1 for full ink: the form the network reads (size 28 for MNIST).
Pictures from files (see png.py) are rows of gray ints 0-255, 0 black.

Not here: anything a learner would need NumPy or Pillow to follow.  Every pixel
is computed in plain loops, which is fine for 28 x 28 images; a multi-megapixel
photo is shrunk while it is read (png.read_image's shrink_to) before it gets here.
"""

import math

from .png import ImageError, write_png

MNIST_SIZE = 28
BOX_SIZE = 20  # MNIST digits fit a 20 x 20 box inside the 28 x 28 image
INK_LEVEL = 0.25  # fraction of the way from background to the darkest stroke that counts as ink
# Pictures are shrunk to at most this many pixels a side as they are read (see png.shrink):
# a digit taking up a 28th of the picture still keeps the 20 pixels it is scaled to.
SHRINK_TO = 20 * MNIST_SIZE


# ---------------------------------------------------------------- like MNIST

def to_mnist(gray_rows, name="image"):
    """Turn rows of gray ints 0-255 (any size) into 784 floats laid out like MNIST.

    As LeCun et al. made MNIST: the digit is scaled so its longer side is 20
    pixels, keeping its shape, then placed in a 28 x 28 image so its centre of mass
    falls on the centre of the image (pixel (x, y) has its centre at x + 0.5,
    y + 0.5, so the image centre is (14, 14)).  Steps:

    1. ink = darkness if the border (taken to be paper) is light, else brightness;
    2. the border's mean ink level becomes 0 and the strongest ink 1, and anything
       under INK_LEVEL of the way up is paper texture or shadow: ink' = clamp((ink
       - INK_LEVEL) / (1 - INK_LEVEL));
    3. crop to the bounding box of the ink and scale by area averaging (see
       `resample`);
    4. shift by whole pixels so the centre of mass is within half a pixel of
       (14, 14), unless that would push ink off the edge.

    `name` names the picture in the ImageError raised when there is no ink.
    """
    ink = _ink(gray_rows, name)
    ink = _crop(ink)
    height, width = len(ink), len(ink[0])
    factor = BOX_SIZE / max(width, height)
    new_width, new_height = max(1, round(width * factor)), max(1, round(height * factor))
    ink = [resample(row, new_width) for row in ink]
    columns = [resample(column, new_height) for column in zip(*ink)]
    ink = [list(row) for row in zip(*columns)]
    return _centre(ink, MNIST_SIZE)


def _ink(gray_rows, name):
    """Ink levels in [0, 1] from gray rows: steps 1 and 2 of `to_mnist`."""
    border = gray_rows[0] + gray_rows[-1] + [row[0] for row in gray_rows] + [row[-1] for row in gray_rows]
    paper = sum(border) / len(border)
    if paper > 127.5:  # light paper, dark ink
        rows = [[255 - v for v in row] for row in gray_rows]
        paper = 255 - paper
    else:
        rows = [list(row) for row in gray_rows]
    strongest = max(max(row) for row in rows)
    if strongest - paper < 255 * 0.1:
        raise ImageError(f"{name}: no digit found (the picture is all one shade)")
    scale = (strongest - paper) * (1 - INK_LEVEL)
    low = paper + (strongest - paper) * INK_LEVEL
    return [[min(1.0, max(0.0, (v - low) / scale)) for v in row] for row in rows]


def _crop(rows):
    """The smallest rectangle of rows holding every non-zero value."""
    inked_rows = [y for y, row in enumerate(rows) if any(row)]
    inked_columns = [x for x, column in enumerate(zip(*rows)) if any(column)]
    top, bottom, left, right = inked_rows[0], inked_rows[-1], inked_columns[0], inked_columns[-1]
    return [row[left:right + 1] for row in rows[top:bottom + 1]]


def resample(values, n):
    """Stretch or shrink a list of values to n values by area averaging.

    Output k covers the stretch [k s, (k + 1) s) of the input, s = len(values) / n,
    and is the mean of the input over it, each value weighted by how much of it lies
    inside.  Shrinking a photo this way blurs instead of dropping pixels (bilinear
    sampling would skip most of them); enlarging gives soft-edged blocks.

    >>> resample([0, 1, 1, 0], 2)
    [0.5, 0.5]
    >>> resample([0, 1], 4)
    [0.0, 0.0, 1.0, 1.0]
    """
    s = len(values) / n
    out = []
    for k in range(n):
        low, high = k * s, (k + 1) * s
        total, i = 0.0, int(low)
        while i < high and i < len(values):
            total += values[i] * (min(high, i + 1) - max(low, i))
            i += 1
        out.append(total / s)
    return out


def centre_of_mass(rows):
    """(x, y), the ink-weighted mean of pixel centres (x + 0.5, y + 0.5).

    >>> centre_of_mass([[0, 1], [0, 1]])
    (1.5, 1.0)
    """
    total = sum(map(sum, rows))
    x = sum(v * (i + 0.5) for row in rows for i, v in enumerate(row)) / total
    y = sum(sum(row) * (j + 0.5) for j, row in enumerate(rows)) / total
    return x, y


def _centre(rows, size):
    """Paste rows into a size x size image, centre of mass near the middle: flat list."""
    height, width = len(rows), len(rows[0])
    x, y = centre_of_mass(rows)
    left = min(max(0, round(size / 2 - x)), size - width)
    top = min(max(0, round(size / 2 - y)), size - height)
    image = [0.0] * (size * size)
    for j, row in enumerate(rows):
        image[(top + j) * size + left:(top + j) * size + left + width] = [min(1.0, v) for v in row]
    return image


# ---------------------------------------------------------------- rotation

def rotate(pixels, degrees, size=MNIST_SIZE):
    """Rotate a size x size image about its centre; positive turns anticlockwise on screen.

    Each output pixel (x, y) looks up the point it came from, turning back by θ
    about the centre c = (size - 1) / 2 (rows go down the screen, hence the signs):

        x_src = c + (x - c) cos θ - (y - c) sin θ
        y_src = c + (x - c) sin θ + (y - c) cos θ

    and reads it by bilinear interpolation between the four nearest pixels;
    points outside the image are background (0).  Multiples of 90° use exact
    cosines and sines, so they only move pixels: 90° puts the top row, read right
    to left, in the left column.

    >>> rotate([1, 2, 3, 4], 90, size=2)
    [2, 4, 1, 3]
    """
    cos, sin = _cos_sin(degrees)
    c = (size - 1) / 2
    out = []
    for y in range(size):
        for x in range(size):
            out.append(bilinear(pixels, size, c + (x - c) * cos - (y - c) * sin,
                                 c + (x - c) * sin + (y - c) * cos))
    return out


def _cos_sin(degrees):
    """cos and sin of an angle in degrees; exactly 0 and ±1 at multiples of 90°."""
    if degrees % 90 == 0:
        return {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}[degrees % 360]
    radians = math.radians(degrees)
    return math.cos(radians), math.sin(radians)


def bilinear(pixels, size, x, y):
    """The image at a point between pixels: the four around it, weighted by nearness; 0 outside."""
    x0, y0 = math.floor(x), math.floor(y)
    fx, fy = x - x0, y - y0

    def at(i, j):
        return pixels[j * size + i] if 0 <= i < size and 0 <= j < size else 0

    if fx == 0 and fy == 0:
        return at(x0, y0)
    return ((1 - fx) * (1 - fy) * at(x0, y0) + fx * (1 - fy) * at(x0 + 1, y0)
            + (1 - fx) * fy * at(x0, y0 + 1) + fx * fy * at(x0 + 1, y0 + 1))


# ---------------------------------------------------------------- text

SHADES = " .:-=+*#%@"  # from no ink to full ink


def text_art(pixels, size=MNIST_SIZE):
    """Draw an image as lines of text, two characters a pixel (characters are tall).

    A value v in [0, 1] becomes SHADES[min(9, int(10 v))]; trailing spaces are dropped.

    >>> print(text_art([0, 0.5, 1, 0.25], size=2))
      ++
    @@::
    """
    lines = []
    for y in range(size):
        row = pixels[y * size:(y + 1) * size]
        lines.append("".join(2 * SHADES[min(9, max(0, int(10 * v)))] for v in row).rstrip())
    return "\n".join(lines)


# ---------------------------------------------------------------- error grid

# A 3 x 5 pixel font: '#' is ink.  '>' reads "was taken for".
FONT = {
    "0": "### #.# #.# #.# ###", "1": ".#. ##. .#. .#. ###", "2": "### ..# ### #.. ###",
    "3": "### ..# ### ..# ###", "4": "#.# #.# ### ..# ..#", "5": "### #.. ### ..# ###",
    "6": "### #.. ### #.# ###", "7": "### ..# ..# .#. .#.", "8": "### #.# ### #.# ###",
    "9": "### #.# ### ..# ###", ">": "#.. .#. ..# .#. #..", "?": "### ..# .## ... .#.",
}
FONT_SCALE = 2  # each font pixel drawn as 2 x 2
PAD = 2  # white space around each digit, in pixels
CELL_WIDTH = MNIST_SIZE + 2 * PAD  # 32
CAPTION_TOP = PAD + MNIST_SIZE + 2  # caption starts 2 pixels under the digit
CELL_HEIGHT = CAPTION_TOP + 5 * FONT_SCALE + PAD  # 44


def error_grid_png(path, samples, columns=10):
    """Save up to 100 digits as a PNG grid, each captioned 'true>predicted'.

    samples: (pixels, true_label, predicted_label) triples, pixels 784 floats.
    Each cell is 32 x 44 pixels: the digit as MNIST shows it (white ink on a
    black square) at (2, 2), and under it, in black on white, e.g. '7>1': a 7
    that the network took for a 1.  Cells fill rows of `columns` left to right.
    """
    samples = samples[:100]
    if not samples:
        raise ValueError("no samples to draw")
    columns = min(columns, len(samples))
    grid_rows = -(-len(samples) // columns)
    width, height = columns * CELL_WIDTH, grid_rows * CELL_HEIGHT
    canvas = [[255] * width for _ in range(height)]
    for k, (pixels, true_label, predicted) in enumerate(samples):
        left, top = (k % columns) * CELL_WIDTH, (k // columns) * CELL_HEIGHT
        for y in range(MNIST_SIZE):
            row = pixels[y * MNIST_SIZE:(y + 1) * MNIST_SIZE]
            canvas[top + PAD + y][left + PAD:left + PAD + MNIST_SIZE] = [round(255 * v) for v in row]
        caption = f"{true_label}>{predicted}"[:CELL_WIDTH // (4 * FONT_SCALE)]  # what fits
        text_left = left + (CELL_WIDTH - text_width(caption)) // 2
        draw_text(canvas, caption, text_left, top + CAPTION_TOP)
    write_png(path, canvas, width, height)


def text_width(text):
    """How many pixels wide draw_text draws `text`: 3 font pixels a character and 1 between."""
    return (4 * len(text) - 1) * FONT_SCALE


def draw_text(canvas, text, left, top, channels=1):
    """Draw text in FONT in black with its top-left corner at pixel (left, top).

    canvas: rows of ints, `channels` of them a pixel (1 gray, 3 RGB); black is 0 in each.
    """
    for n, char in enumerate(text):
        glyph = FONT.get(char, FONT["?"]).split()
        for j, line in enumerate(glyph):
            for i, mark in enumerate(line):
                if mark == "#":
                    x, y = left + (4 * n + i) * FONT_SCALE, top + j * FONT_SCALE
                    for dy in range(FONT_SCALE):
                        canvas[y + dy][x * channels:(x + FONT_SCALE) * channels] = [0] * (FONT_SCALE * channels)
