"""What each neuron learned: its incoming weights drawn as a small picture.

Neuron j of the first layer computes z_j = Σ_k w_jk x_k + b_j, one weight for
each of the 784 pixels, so its weights can be laid out as a 28 x 28 image: the
pixels where ink makes the neuron fire more (w_jk > 0) in one colour, those
where ink holds it back (w_jk < 0) in another, and the pixels it ignores
(w_jk near 0) dark.  Each tile has its own scale, max |w_jk| over its row, so
a neuron with small weights is as easy to read as one with large weights.

For a network with no hidden layer, [784, 10], the ten tiles are the ten
digit templates the network matches an image against.

`weight_tiles` gives the tiles as numbers (the playground page draws them);
`weight_grid_png` saves them as one PNG grid, each tile captioned with its
neuron's number.  A conv layer's filters are tiles too, k x k each
(`filter_grid_png`): a filter's weights meet a k x k patch of the image the way
a neuron's 784 weights meet the whole of it.
"""

import math

from .image import FONT_SCALE, draw_text, text_width
from .png import write_png

POSITIVE = (255, 160, 32)  # orange: ink here pushes the neuron's z up
NEGATIVE = (48, 144, 255)  # blue: ink here pushes z down
ZOOM = 2  # each weight drawn as 2 x 2 pixels
PAD = 3  # white space around each tile
CAPTION_HEIGHT = 5 * FONT_SCALE + 3  # the 3 x 5 font at FONT_SCALE, and a gap above it


def tile_side(n_in):
    """The side of the square image that n_in weights fill: 28 for 784.

    >>> tile_side(784), tile_side(4)
    (28, 2)
    """
    side = math.isqrt(n_in)
    if side * side != n_in:
        raise ValueError(f"{n_in} weights do not make a square picture")
    return side


def scaled_tile(weights_row):
    """One neuron's weights divided by their largest magnitude: values in [-1, 1].

    v_k = w_k / max_k |w_k|; all zeros stay zeros.

    >>> scaled_tile([0.5, -2.0, 0.0, 1.0])
    [0.25, -1.0, 0.0, 0.5]
    """
    largest = max(map(abs, weights_row))
    if largest == 0:
        return [0.0] * len(weights_row)
    return [w / largest for w in weights_row]


def colour(v):
    """The RGB colour of a scaled weight v in [-1, 1]: |v| of POSITIVE or NEGATIVE, 0 black.

    >>> colour(1.0), colour(-0.5), colour(0.0)
    ((255, 160, 32), (24, 72, 128), (0, 0, 0))
    """
    r, g, b = POSITIVE if v > 0 else NEGATIVE
    m = min(1.0, abs(v))
    return round(r * m), round(g * m), round(b * m)


def weight_tiles(weights):
    """The tiles of a weight matrix as data: one dict per neuron (row j).

    weights: a Matrix (e.g. ``net.weights[0]``) or a list of rows, each row a
    square number of weights.  Each dict has "neuron" (j), "side" (28), "scale"
    (max |w_jk|, the weight drawn at full colour) and "values" (`scaled_tile`
    of the row, row by row of the picture).
    """
    rows = getattr(weights, "rows", weights)
    if not rows:
        raise ValueError("no neurons to draw")
    side = tile_side(len(rows[0]))
    return [{"neuron": j, "side": side, "scale": max(map(abs, row)), "values": scaled_tile(row)}
            for j, row in enumerate(rows)]


def weight_grid_png(path, weights, columns=10, zoom=ZOOM):
    """Save every neuron's weights as one RGB PNG: tiles in rows of `columns`, captioned j.

    Each cell is PAD + side·zoom + PAD pixels wide; the tile's top-left corner
    is at (PAD, PAD) in its cell and the neuron's number is centred under it,
    in black on white.  Returns (width, height) of the picture.
    """
    tiles = weight_tiles(weights)
    side = tiles[0]["side"]
    columns = min(columns, len(tiles))
    cell_width = 2 * PAD + side * zoom
    cell_height = cell_width + CAPTION_HEIGHT
    grid_rows = -(-len(tiles) // columns)
    width, height = columns * cell_width, grid_rows * cell_height
    canvas = [[255] * (3 * width) for _ in range(height)]  # white, r g b per pixel
    for tile in tiles:
        j = tile["neuron"]
        left, top = (j % columns) * cell_width + PAD, (j // columns) * cell_height + PAD
        _draw_tile(canvas, tile["values"], side, left, top, zoom)
        caption = str(j)
        text_left = left - PAD + (cell_width - text_width(caption)) // 2
        draw_text(canvas, caption, text_left, top + side * zoom + 2, channels=3)
    write_png(path, canvas, width, height, channels=3, filter_type=2)  # Up: zoomed rows repeat
    return width, height


def _draw_tile(canvas, values, side, left, top, zoom):
    """Paint scaled weights as side x side blocks of zoom x zoom pixels of their colour."""
    for y in range(side):
        line = []
        for v in values[y * side:(y + 1) * side]:
            line.extend(colour(v) * zoom)
        for dy in range(zoom):
            canvas[top + y * zoom + dy][3 * left:3 * (left + side * zoom)] = line



FILTER_ZOOM = 8  # a 5 x 5 filter drawn 40 pixels a side


def filter_grid_png(path, filters, channels=1, columns=10, zoom=FILTER_ZOOM):
    """Save a conv layer's filters as a PNG grid: one k x k tile per filter, captioned f.

    filters: ``ConvLayer.weights``, filter f one flat list of k·k weights, row by
    row (w^f_{p,q} is filters[f][p*k + q]); drawn as they are laid on the image
    (purenn's conv layer does not flip them), each on its own scale as in
    `weight_grid_png`.  Only filters over one channel (a gray image: the first
    conv layer of an MNIST network) make a picture.  Returns (width, height).
    """
    if channels != 1:
        raise ValueError(f"only filters over one channel can be drawn as tiles, not {channels}")
    return weight_grid_png(path, filters, columns=columns, zoom=zoom)
