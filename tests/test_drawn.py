"""The drawn-digits measure (purenn/app/drawn.py): its image changes and its table."""

import os

import pytest

from purenn.app import drawn
from purenn.app.modelfile import load
from purenn.data import load_csv
from purenn.pictures.image import centre_of_mass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "purenn", "app", "model.json")
TEST = os.path.join(ROOT, "data", "mnist_test.csv.gz")


@pytest.fixture(scope="module")
def samples():
    return load_csv(TEST, limit=8)


def rows(x, size=28):
    return [x[y * size:(y + 1) * size] for y in range(size)]


def test_zoom_by_one_with_no_move_is_the_image(samples):
    x = samples[0][0]
    assert drawn.zoom(x, 1) == x


def test_a_whole_pixel_move_moves_the_centre_of_mass_by_exactly_that(samples):
    x = samples[0][0]
    cx, cy = centre_of_mass(rows(x))
    mx, my = centre_of_mass(rows(drawn.zoom(x, 1, dx=3, dy=-2)))
    assert (mx - cx, my - cy) == pytest.approx((3, -2), abs=1e-12)


def test_scaling_about_the_centre_scales_the_spread_of_the_ink(samples):
    x = samples[1][0]
    cx, cy = centre_of_mass(rows(x))
    small = drawn.zoom(x, 0.5)
    sx, sy = centre_of_mass(rows(small))
    # scaling about (14, 14) takes the centre of mass c to 14 + 0.5 (c - 14), up to sampling
    assert (sx, sy) == pytest.approx((14 + 0.5 * (cx - 14), 14 + 0.5 * (cy - 14)), abs=0.3)
    assert sum(small) == pytest.approx(0.25 * sum(x), rel=0.05)  # a quarter of the area


def test_a_thick_pen_of_radius_two_makes_a_point_a_disc_of_thirteen():
    point = [0] * 49
    point[24] = 1
    disc = drawn.spread(point, 7, 2, max)
    assert sum(disc) == 13  # the (a, b) with a² + b² <= 4
    assert drawn.spread(disc, 7, 2, min) == point


def test_prepared_drawings_are_centred_as_mnist_is(samples):
    for x, _ in samples[:5]:
        for name, change in drawn.changes()[1:5]:
            image = change(x)
            assert len(image) == 784 and 0.5 < max(image) <= 1.0
            cx, cy = centre_of_mass(rows(image))
            assert abs(cx - 14) <= 0.5 + 1e-9 and abs(cy - 14) <= 0.5 + 1e-9, name


def test_the_first_row_of_the_table_is_the_models_accuracy(samples):
    net = load(MODEL)[0]
    table = drawn.measure([net, net], samples)
    assert list(table) == [name for name, _ in drawn.changes()]
    assert table["MNIST as it is"] == [100.0 * net.evaluate(samples) / 8] * 2


def test_the_command_prints_the_table_and_a_missing_model_is_one_line(capsys):
    drawn.main([MODEL, "--limit", "2", "--test", TEST])
    out = capsys.readouterr().out
    assert out.startswith("The first 2 test images")
    assert len([line for line in out.splitlines() if line.endswith("%")]) == len(drawn.changes())
    with pytest.raises(SystemExit) as e:
        drawn.main(["no-such-model.json", "--test", TEST])
    assert str(e.value).startswith("error: no-such-model.json") and "\n" not in str(e.value)


@pytest.mark.slow
def test_the_conv_model_reads_every_kind_of_drawing_at_least_as_well(samples):
    """docs/playground.md's table, on the first 200 test images: conv >= fully connected, row by row."""
    from purenn.app.playground.models import SHIPPED_CONV_MODEL
    nets = [load(MODEL)[0], load(SHIPPED_CONV_MODEL)[0]]
    table = drawn.measure(nets, load_csv(TEST, limit=200))
    for change, (fc, conv) in table.items():
        assert conv >= fc, change
    assert table["unprepared: 3 px right"][1] - table["unprepared: 3 px right"][0] > 20
