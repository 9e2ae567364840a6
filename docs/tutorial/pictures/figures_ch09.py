"""Chapter 9's picture: the valley C = ½(w₁² + 25 w₂²) and the paths three optimizers take."""

import math

from common import titled
from purenn.optimizers import SGD, Adam, Momentum
from purenn.pictures import svg
from purenn.pictures.contour import contour_path, contour_segments, grid_values
from purenn.pictures.plot import Axes, legend


def cost(w1, w2):
    """Chapter 9's valley: C(w) = ½ (w₁² + 25 w₂²)."""
    return 0.5 * (w1 * w1 + 25 * w2 * w2)


def path(optimizer, eta, steps, start=(1.0, 1.0)):
    """The points (w₁, w₂) an optimizer visits from `start`, its own `step` on ∇C = (w₁, 25 w₂)."""
    w = [list(start)]
    points = [tuple(start)]
    for _ in range(steps):
        optimizer.step(w, [[w[0][0], 25 * w[0][1]]], eta)
        points.append((w[0][0], w[0][1]))
    return points


RUNS = [("plain gradient descent, η = 0.07", SGD, {}, 0.07),
        ("momentum, μ = 0.5, η = 0.1", Momentum, {"momentum": 0.5}, 0.1),
        ("Adam, η = 0.1: each weight moves about η a step", Adam, {}, 0.1)]
STEPS = 30


def valley():
    # w₂ from -1.6: momentum's first step lands at (0.9, -1.5), and every point is drawn.
    axes = Axes(80, 70, 560, 400, (-0.4, 1.2, 0.2), (-1.6, 1.2, 0.4))
    x_range, y_range = (-0.4, 1.2), (-1.6, 1.2)
    values = grid_values(cost, x_range, y_range, 80)
    parts = axes.frame("w₁ (along the valley)", "w₂ (across)", grid=False)
    for level in (0.02, 0.1, 0.5, 2, 5, 10, 18):  # the height lines of the valley
        d = contour_path(contour_segments(values, x_range, y_range, level), axes.point)
        parts.append(svg.path(d, stroke="#bbb", width=1))
    parts.append(svg.text(axes.x(0), axes.y(0) + 5, "✕", anchor="middle", size=14))
    parts.append(svg.line(axes.x(0), axes.y(-0.05), axes.x(0.1), axes.y(-0.55), width=1))
    parts.append(svg.text(axes.x(0.1) + 4, axes.y(-0.55) + 14, "bottom (0, 0)", size=13))
    entries = []
    for (label, kind, settings, eta), (colour, dash) in zip(RUNS, svg.INKS):
        points = [axes.point(*p) for p in path(kind(**settings), eta, STEPS)]
        parts.append(svg.polyline(points, stroke=colour, width=2, dash=dash))
        parts.extend(svg.circle(x, y, 2.5, fill=colour, stroke=None) for x, y in points)
        entries.append((label, colour, dash))
    parts.append(svg.text(axes.x(1) + 8, axes.y(1) + 4, "start (1, 1)", size=13))
    parts.extend(legend(axes.left, axes.top + axes.height + 70, entries))
    return titled(720, 600, f"The valley C = ½(w₁² + 25 w₂²): {STEPS} steps of three optimizers",
                  parts)


def across_the_valley():
    """|w₂| after each plain gradient step, for three η: each step multiplies w₂ by 1 − 25η."""
    steps = 30
    axes = Axes(90, 80, 480, 300, (0, steps, 5), (-4, 3, 1))
    labels = {v: f"{10.0 ** v:g}" for v in range(-4, 4)}
    parts = axes.frame("step", "|w₂| (log scale)", y_labels=labels)
    entries = []
    for eta, (colour, dash) in zip((0.07, 0.08, 0.09), svg.INKS):
        points = [axes.point(k, math.log10(abs(w2))) for k, (_, w2) in enumerate(path(SGD(), eta, steps))]
        parts.append(svg.polyline(points, stroke=colour, width=2.5, dash=dash))
        entries.append((f"η = {eta:g}: w₂ × {1 - 25 * eta:+.2f} a step", colour, dash))
    parts.extend(legend(axes.left, axes.top + axes.height + 70, entries))
    return titled(640, 500, "Across the valley: plain gradient descent's w₂, step by step", parts,
                  subtitle="25η < 2: the zigzag shrinks; 25η = 2: it never shrinks; 25η > 2: it grows (diverges)")


FIGURES = [("valley-optimizers.svg", valley), ("valley-eta.svg", across_the_valley)]
