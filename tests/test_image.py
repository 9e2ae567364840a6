"""Tests for purenn.pictures.image: MNIST-style preprocessing, rotation, text art, the error grid."""

import math
import random

import pytest

from purenn.pictures.image import (CAPTION_TOP, CELL_HEIGHT, CELL_WIDTH, PAD, error_grid_png, resample,
                          rotate, text_art, to_mnist)
from purenn.pictures.png import ImageError, read_image


def random_image(seed, size=28):
    rng = random.Random(seed)
    return [rng.random() for _ in range(size * size)]


def rows_of(pixels, size=28):
    return [pixels[y * size:(y + 1) * size] for y in range(size)]


def centre_and_box(pixels, size=28):
    """Centre of mass (pixel centres at x + 0.5, y + 0.5) and the ink's bounding box size."""
    total = sum(pixels)
    cx = sum(v * (i % size + 0.5) for i, v in enumerate(pixels)) / total
    cy = sum(v * (i // size + 0.5) for i, v in enumerate(pixels)) / total
    xs = [i % size for i, v in enumerate(pixels) if v > 0]
    ys = [i // size for i, v in enumerate(pixels) if v > 0]
    return (cx, cy), (max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)


def seven(width=60, height=90, ink=0, paper=255):
    """A thick '7' drawn off-centre on a larger canvas: a bar and a slanted stroke."""
    def near_stroke(x, y):
        # distance from (x, y) to the segment (46, 18)-(24, 80)
        ax, ay, bx, by = 46, 18, 24, 80
        t = max(0, min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)))
        return math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay)) <= 3.5

    return [[ink if (10 <= y <= 17 and 12 <= x <= 48) or near_stroke(x, y) else paper
             for x in range(width)] for y in range(height)]


# ---------------------------------------------------------------- to_mnist

def test_to_mnist_centres_by_mass_and_scales_to_20():
    pixels = to_mnist(seven())
    assert len(pixels) == 784 and all(0.0 <= v <= 1.0 for v in pixels) and max(pixels) == 1.0
    (cx, cy), (box_width, box_height) = centre_and_box(pixels)
    assert abs(cx - 14) <= 0.5 and abs(cy - 14) <= 0.5
    assert max(box_width, box_height) == 20 and box_width < 20  # the 7 is taller than wide


def test_to_mnist_of_a_bar_exactly():
    # A 6 x 40 black bar on white shrinks by 1/2 to 3 x 20 pixels of full ink;
    # its centre of mass (1.5, 10) in the box goes to (13.5, 14): left 12, top 4.
    gray = [[0 if 30 <= x < 36 and 50 <= y < 90 else 255 for x in range(100)] for y in range(100)]
    expected = [1.0 if 12 <= x < 15 and 4 <= y < 24 else 0.0 for y in range(28) for x in range(28)]
    assert to_mnist(gray) == expected


def test_dark_on_light_and_light_on_dark_give_the_same_digit():
    dark_on_white = seven()
    white_on_black = seven(ink=255, paper=0)
    gray_paper = seven(ink=40, paper=190)  # a dim photo: gray paper, dark gray ink
    assert to_mnist(dark_on_white) == to_mnist(white_on_black) == to_mnist(gray_paper)


def test_blank_image_has_no_digit():
    with pytest.raises(ImageError, match="^blank.png: no digit found"):
        to_mnist([[250] * 30 for _ in range(30)], name="blank.png")


def test_resample_keeps_the_total_ink():
    values = [0, 3, 1, 4, 1, 5, 9, 2, 6]
    for n in (2, 4, 9, 20):
        shrunk = resample(values, n)
        assert len(shrunk) == n
        assert sum(shrunk) * len(values) / n == pytest.approx(sum(values))


# ---------------------------------------------------------------- rotate

def test_rotate_by_zero_is_the_identity():
    image = random_image(1)
    assert rotate(image, 0) == image


def test_rotate_by_90_is_transpose_then_upside_down():
    image = random_image(2)
    transposed = [list(column) for column in zip(*rows_of(image))]
    expected = [v for row in reversed(transposed) for v in row]
    assert rotate(image, 90) == expected


def test_rotate_turns_anticlockwise():
    image = [0.0] * 784
    image[13 * 28 + 27] = 1.0  # a dot at the right edge, just above the middle row
    turned = rotate(image, 90)
    assert turned.index(1.0) == 0 * 28 + 13  # now at the top edge, just left of the middle


def test_rotate_by_360_and_by_four_quarters():
    image = random_image(3)
    assert max(abs(a - b) for a, b in zip(rotate(image, 360), image)) < 1e-9
    quarters = image
    for _ in range(4):
        quarters = rotate(quarters, 90)
    assert quarters == image
    assert rotate(image, 180) == image[::-1]


def test_rotate_by_other_angles_interpolates():
    image = random_image(4, size=5)
    turned = rotate(image, 30, size=5)
    centre = 2 * 5 + 2
    assert turned[centre] == pytest.approx(image[centre])  # the centre stays put
    assert all(0.0 <= v <= 1.0 for v in turned)
    assert rotate(turned, -30, size=5)[centre] == pytest.approx(image[centre])


# ---------------------------------------------------------------- text art

def test_text_art_exact():
    image = [0, 1, 0,
             0.5, 0.5, 0.5,
             0, 0.95, 0.1]
    assert text_art(image, size=3) == "  @@\n++++++\n  @@.."


def test_text_art_of_a_28_by_28_image_has_28_lines():
    lines = text_art(random_image(5)).split("\n")
    assert len(lines) == 28 and all(len(line) <= 56 for line in lines)


# ---------------------------------------------------------------- error grid

def test_error_grid_puts_each_digit_in_its_cell(tmp_path):
    samples = [(random_image(10 + k), k % 10, (k + 3) % 10) for k in range(12)]
    path = tmp_path / "errors.png"
    error_grid_png(path, samples, columns=5)
    width, height, rows = read_image(path)
    assert (width, height) == (5 * CELL_WIDTH, 3 * CELL_HEIGHT)
    for k, (pixels, _, _) in enumerate(samples):
        left, top = (k % 5) * CELL_WIDTH + PAD, (k // 5) * CELL_HEIGHT + PAD
        cell = [row[left:left + 28] for row in rows[top:top + 28]]
        assert cell == [[round(255 * v) for v in row] for row in rows_of(pixels)]
        caption = [row[left - PAD:left - PAD + CELL_WIDTH]
                   for row in rows[top - PAD + CAPTION_TOP:top - PAD + CELL_HEIGHT]]
        assert 0 in [v for row in caption for v in row]  # black caption text
    assert rows[CELL_HEIGHT * 3 - 1][width - 1] == 255  # the empty cells stay white paper


def test_error_grid_draws_the_caption_digits(tmp_path):
    path = tmp_path / "one.png"
    error_grid_png(path, [([0.0] * 784, 1, 7)])
    width, height, rows = read_image(path)
    assert (width, height) == (CELL_WIDTH, CELL_HEIGHT)
    caption = rows[CAPTION_TOP:CAPTION_TOP + 10]
    # '1>7' is 3 glyphs of 3 x 5 font pixels, 1 apart, each font pixel 2 x 2, centred: x from 5
    marks = ["".join("#" if v == 0 else "." for v in row[5:27:2]) for row in caption[::2]]
    assert marks == [".#..#...###",
                     "##...#....#",
                     ".#....#...#",
                     ".#...#...#.",
                     "###.#....#."]


def test_error_grid_draws_at_most_100(tmp_path):
    path = tmp_path / "many.png"
    error_grid_png(path, [([0.5] * 784, 1, 2)] * 150)
    width, height, _ = read_image(path)
    assert (width, height) == (10 * CELL_WIDTH, 10 * CELL_HEIGHT)
    with pytest.raises(ValueError, match="no samples"):
        error_grid_png(path, [])
