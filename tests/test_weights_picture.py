"""The picture of what each neuron learned: colours, scale, layout and captions, read back from the PNG."""

import pytest

from purenn.matrix import Matrix
from purenn.network import Network
from purenn.pictures.image import FONT, FONT_SCALE
from purenn.pictures.png import decode_png_rows
from purenn.pictures.weights import (CAPTION_HEIGHT, NEGATIVE, PAD, POSITIVE, colour, scaled_tile,
                                     tile_side, weight_grid_png, weight_tiles)

BLACK, WHITE = (0, 0, 0), (255, 255, 255)


def read_rgb(path):
    """The PNG as rows of (r, g, b) pixels, decoded by purenn's own reader."""
    with open(path, "rb") as f:
        width, height, channels, rows = decode_png_rows(f.read())
    assert channels == 3
    return [[tuple(row[3 * x:3 * x + 3]) for x in range(width)] for row in rows]


def test_scaled_tile_and_colours_by_hand():
    assert scaled_tile([2.0, -4.0, 0.0, 4.0]) == [0.5, -1.0, 0.0, 1.0]
    assert scaled_tile([0.0, 0.0]) == [0.0, 0.0]
    assert colour(1.0) == POSITIVE and colour(-1.0) == NEGATIVE and colour(0.0) == BLACK
    assert colour(0.5) == (128, 80, 16) and colour(-0.25) == (12, 36, 64)


def test_tile_side():
    assert tile_side(784) == 28 and tile_side(1) == 1
    with pytest.raises(ValueError, match="785 weights do not make a square"):
        tile_side(785)


def test_known_weights_give_known_colours(tmp_path):
    # Two neurons of 4 inputs: 2 x 2 tiles, each weight drawn as 2 x 2 pixels at (PAD, PAD).
    weights = Matrix([[2.0, -4.0, 0.0, 4.0],   # neuron 0: max |w| = 4
                      [0.0, 0.0, -0.1, 0.0]])  # neuron 1: only a small negative weight
    path = tmp_path / "w.png"
    width, height = weight_grid_png(path, weights, zoom=2)
    cell = 2 * PAD + 4
    assert (width, height) == (2 * cell, cell + CAPTION_HEIGHT)
    pixels = read_rgb(path)
    assert len(pixels) == height and len(pixels[0]) == width

    def weight_pixels(neuron, k):  # the 2 x 2 pixels of weight k of a neuron
        left, top = neuron * cell + PAD + 2 * (k % 2), PAD + 2 * (k // 2)
        return {pixels[top + dy][left + dx] for dy in (0, 1) for dx in (0, 1)}

    assert weight_pixels(0, 0) == {(128, 80, 16)}  # +2 of 4: half the positive colour
    assert weight_pixels(0, 1) == {NEGATIVE}  # -4: the largest magnitude, full negative colour
    assert weight_pixels(0, 2) == {BLACK}  # 0: dark
    assert weight_pixels(0, 3) == {POSITIVE}  # +4
    # each tile has its own scale: -0.1 is neuron 1's largest magnitude, so full colour
    assert weight_pixels(1, 2) == {NEGATIVE} and weight_pixels(1, 0) == {BLACK}
    assert pixels[0][0] == WHITE and pixels[PAD - 1][PAD] == WHITE  # white around the tiles


def caption_pixels(pixels, neuron, cell, top):
    """The black pixels of a caption's area, relative to the area's top-left corner."""
    return {(x - neuron * cell, y - top) for y in range(top, top + 5 * FONT_SCALE)
            for x in range(neuron * cell, (neuron + 1) * cell) if pixels[y][x] == BLACK}


def glyph_pixels(text, left):
    """The pixels FONT puts ink on for `text` drawn at (left, 0), each font pixel FONT_SCALE wide."""
    ink = set()
    for n, char in enumerate(text):
        for j, line in enumerate(FONT[char].split()):
            for i, mark in enumerate(line):
                if mark == "#":
                    x, y = left + (4 * n + i) * FONT_SCALE, j * FONT_SCALE
                    ink |= {(x + dx, y + dy) for dx in range(FONT_SCALE) for dy in range(FONT_SCALE)}
    return ink


def test_each_tile_is_captioned_with_its_neuron_number(tmp_path):
    net = Network([784, 12, 10], seed=1)
    path = tmp_path / "hidden.png"
    width, height = weight_grid_png(path, net.weights[0], columns=10)
    cell = 2 * PAD + 56
    assert (width, height) == (10 * cell, 2 * (cell + CAPTION_HEIGHT))
    pixels = read_rgb(path)
    top = PAD + 56 + 2
    # "7" (neuron 7, first row), "11" (neuron 11, second row, second cell): centred under the tile
    assert caption_pixels(pixels, 7, cell, top) == glyph_pixels("7", (cell - 3 * FONT_SCALE) // 2)
    second_row = [row[cell:2 * cell] for row in pixels[cell + CAPTION_HEIGHT:]]
    assert caption_pixels(second_row, 0, cell, top) == glyph_pixels("11", (cell - 7 * FONT_SCALE) // 2)
    # the tiles show the real weights: in every tile, the largest weight is at full colour
    for j, row in enumerate(net.weights[0].rows):
        k = max(range(784), key=lambda k: abs(row[k]))
        x = (j % 10) * cell + PAD + 2 * (k % 28)
        y = (j // 10) * (cell + CAPTION_HEIGHT) + PAD + 2 * (k // 28)
        assert pixels[y][x] == (POSITIVE if row[k] > 0 else NEGATIVE)


def test_no_hidden_layer_gives_the_ten_digit_templates(tmp_path):
    net = Network([784, 10], seed=2)
    tiles = weight_tiles(net.weights[0])
    assert [t["neuron"] for t in tiles] == list(range(10)) and tiles[0]["side"] == 28
    assert tiles[4]["scale"] == max(map(abs, net.weights[0].rows[4]))
    assert weight_grid_png(tmp_path / "templates.png", net.weights[0]) == (620, 62 + CAPTION_HEIGHT)


def test_weight_tiles_of_a_plain_list_and_of_nothing():
    assert weight_tiles([[1.0, -2.0, 0.0, 0.5]])[0]["values"] == [0.5, -1.0, 0.0, 0.25]
    with pytest.raises(ValueError, match="no neurons"):
        weight_tiles([])
