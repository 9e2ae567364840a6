"""Tests for purenn.pictures.svg and contour: exact numbers, arrow geometry, contour points on the level."""

import math
import xml.etree.ElementTree as ET

from purenn.pictures import svg
from purenn.pictures.contour import contour_path, contour_segments, grid_values
from purenn.pictures.plot import Axes, legend

SVG = "{http://www.w3.org/2000/svg}"


def test_num_is_fixed_precision_and_never_minus_zero():
    assert [svg.num(v) for v in (0.004, -0.004, 1.005, 2.5, -3.25, 1e-9, 100.0)] == \
        ["0", "0", "1", "2.5", "-3.25", "0", "100"]  # 1.005 is 1.00499.. in binary


def test_document_parses_and_escapes_text():
    parts = [svg.text(10, 20, "η < 1 & w > 0"), svg.circle(5, 5, 3), svg.rect(0, 0, 4, 4),
             svg.polyline([(0, 0), (1, 2.345)]), svg.path("M0 0L1 1"), svg.arrow(0, 0, 10, 0)]
    root = ET.fromstring(svg.document(100, 50, parts))
    assert root.get("viewBox") == "0 0 100 50"
    assert [t.text for t in root.iter(SVG + "text")] == ["η < 1 & w > 0"]
    assert root.find(SVG + "polyline").get("points") == "0,0 1,2.35"


def test_arrow_tip_touches_the_end_point_and_shaft_stops_at_the_head():
    root = ET.fromstring(svg.document(100, 100, [svg.arrow(10, 10, 40, 50, head=10)]))
    shaft = root.find(SVG + "line")
    corners = [tuple(map(float, p.split(","))) for p in root.find(SVG + "polygon").get("points").split()]
    assert corners[0] == (40, 50)
    end = float(shaft.get("x2")), float(shaft.get("y2"))
    assert math.hypot(40 - end[0], 50 - end[1]) == 10  # 3-4-5 triangle: (6, 8)
    base_middle = ((corners[1][0] + corners[2][0]) / 2, (corners[1][1] + corners[2][1]) / 2)
    assert math.isclose(base_middle[0], end[0], abs_tol=0.01) and math.isclose(base_middle[1], end[1], abs_tol=0.01)


def test_sup_and_sub_make_nested_tspans():
    markup = "w" + svg.sup("l") + svg.sub("jk")
    root = ET.fromstring(svg.document(50, 30, [svg.text(5, 20, markup, markup=True)]))
    spans = list(root.iter(SVG + "tspan"))
    assert [(s.text, s.get("baseline-shift")) for s in spans] == [("l", "super"), ("jk", "sub")]


def test_sub_can_step_back_under_a_superscript():
    assert ' dx="-7"' in svg.sub("jk", back=7) and "dx" not in svg.sub("jk")


def test_axes_name_ticks_by_a_dict_for_a_log_scale():
    axes = Axes(50, 10, 100, 100, (0, 1, 1), (-2, 0, 1))
    root = ET.fromstring(svg.document(200, 200, axes.frame("x", "y", y_labels={-2: "0.01", -1: "0.1", 0: "1"})))
    texts = {t.text: float(t.get("y")) for t in root.iter(SVG + "text") if t.get("text-anchor") == "end"}
    assert texts["0.01"] > texts["0.1"] > texts["1"]  # larger values higher up
    assert "-2" not in texts


def test_contour_points_of_a_circle_lie_on_it():
    values = grid_values(lambda x, y: x * x + y * y, (-2, 2), (-2, 2), 40)
    segments = contour_segments(values, (-2, 2), (-2, 2), 1.0)
    points = [p for segment in segments for p in segment]
    assert len(segments) > 20
    for x, y in points:  # linear interpolation along a cell edge of 0.1: error below 0.01
        assert abs(math.hypot(x, y) - 1.0) < 0.01
    angles = sorted(math.atan2(y, x) for x, y in points)
    assert max(b - a for a, b in zip(angles, angles[1:])) < 0.2  # all the way round, no gap
    assert contour_path(segments[:1], lambda x, y: (x, y)).startswith("M")


def test_no_contour_where_the_function_never_reaches_the_level():
    values = grid_values(lambda x, y: x + y, (0, 1), (0, 1), 5)
    assert contour_segments(values, (0, 1), (0, 1), 5.0) == []


def test_axes_map_data_to_pixels_and_label_ticks():
    axes = Axes(100, 20, 200, 100, (0, 1, 0.2), (-2, 2, 1))
    assert axes.point(0, 2) == (100, 20) and axes.point(1, -2) == (300, 120)
    assert axes.x_ticks() == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    root = ET.fromstring(svg.document(400, 200, axes.frame("x", "y") + legend(10, 10, [("a", "#000", "4 2")])))
    labels = [t.text for t in root.iter(SVG + "text")]
    assert labels[:5] == ["-2", "-1", "0", "1", "2"] and "0.6" in labels and "x" in labels and "a" in labels
