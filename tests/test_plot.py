"""Tests for purenn.pictures.plot: the SVG parses, one polyline a series, one point an epoch."""

import math
import os
import xml.etree.ElementTree as ET

import pytest

from purenn.pictures.plot import (PLOT_HEIGHT, TOP, axis_range, learning_curve_svg, nice_step, tick_label,
                         write_svg)

SVG = "{http://www.w3.org/2000/svg}"
TITLE = "[784, 30, 10] sigmoid, cross-entropy, eta 0.5, batch 10"


def parse(text):
    return ET.fromstring(text)


def polylines(root):
    """[(x, y), ...] for each polyline, in document order."""
    lines = []
    for line in root.iter(SVG + "polyline"):
        points = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
        lines.append(points)
    return lines


def texts(root):
    return [t.text for t in root.iter(SVG + "text")]


def test_one_polyline_per_series_one_point_per_epoch():
    accuracy = {"training accuracy": [90.0, 92.5, 94.0, 95.5], "test accuracy": [89.0, 91.0, 92.0, 92.5]}
    cost = {"training cost": [0.5, 0.3, 0.2, 0.15], "test cost": [0.55, 0.4, 0.35, 0.34]}
    root = parse(learning_curve_svg(accuracy, TITLE, cost=cost))
    lines = polylines(root)
    assert len(lines) == 4
    assert [len(points) for points in lines] == [4, 4, 4, 4]
    for points in lines:
        xs = [x for x, y in points]
        assert xs == sorted(xs) and len(set(xs)) == 4  # epochs run left to right
    assert TITLE in texts(root)
    for name in list(accuracy) + list(cost):
        assert name in texts(root)
    assert "epoch" in texts(root) and "accuracy (%)" in texts(root) and "cost" in texts(root)


def test_higher_values_are_drawn_higher_up():
    values = [20.0, 95.0, 50.0, 50.0, 10.0]
    (points,) = polylines(parse(learning_curve_svg({"test accuracy": values}, "t")))
    ys = [y for x, y in points]
    for (v1, y1), (v2, y2) in zip(zip(values, ys), zip(values[1:], ys[1:])):
        assert (v1 > v2) == (y1 < y2) and (v1 == v2) == (y1 == y2)
    assert all(TOP <= y <= TOP + PLOT_HEIGHT for y in ys)  # inside the plot area


def test_svg_has_size_and_namespace():
    root = parse(learning_curve_svg({"a": [1.0, 2.0]}, "t"))
    assert root.tag == SVG + "svg"
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width > 0 and height > 0


def test_one_epoch_and_constant_values():
    (points,) = polylines(parse(learning_curve_svg({"test accuracy": [93.2]}, "t")))
    assert len(points) == 1 and all(math.isfinite(c) for c in points[0])
    (points,) = polylines(parse(learning_curve_svg({"test accuracy": [50, 50, 50]}, "t")))
    assert len({y for x, y in points}) == 1


def test_fractions_work_as_well_as_percent():
    (points,) = polylines(parse(learning_curve_svg({"acc": [0.90, 0.95]}, "t", ylabel="accuracy")))
    assert points[0][1] > points[1][1]


def test_text_is_escaped():
    root = parse(learning_curve_svg({"a <b> & c": [1, 2]}, "eta < 1 & batch > 5"))
    assert "eta < 1 & batch > 5" in texts(root) and "a <b> & c" in texts(root)


def test_series_of_different_lengths():
    lines = polylines(parse(learning_curve_svg({"a": [1, 2, 3], "b": [2, 3]}, "t")))
    assert [len(points) for points in lines] == [3, 2]
    assert [x for x, y in lines[0][:2]] == [x for x, y in lines[1]]  # same epoch, same x


@pytest.mark.parametrize("series, message", [
    ({}, "no series"),
    ({"a": []}, "'a' has no values"),
    ({"a": [1.0, float("nan")]}, "'a' is nan at epoch 2"),
])
def test_bad_series(series, message):
    with pytest.raises(ValueError, match=message):
        learning_curve_svg(series, "t")


def test_axis_helpers():
    assert nice_step(10) == 2 and nice_step(87) == 20 and nice_step(0.3) == 0.05
    low, high, step = axis_range([0.912, 0.958])
    assert low <= 0.912 and high >= 0.958 and (high - low) / step <= 6
    assert axis_range([5, 5]) == (4, 6, 0.5)
    assert tick_label(0.05 * 3, 0.05) == "0.15"


def test_write_svg(tmp_path):
    path = tmp_path / "curve.svg"
    text = learning_curve_svg({"a": [1, 2]}, "t")
    write_svg(path, text)
    assert path.read_text(encoding="utf-8") == text
    assert os.listdir(tmp_path) == ["curve.svg"]
