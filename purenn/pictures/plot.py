"""Learning curves as SVG pictures, written as plain text: no plotting library.

``learning_curve_svg({"test accuracy": [90.1, 93.4, 94.0]}, "[784, 30, 10] ...")``
returns the text of an SVG file with one line chart: epochs 1, 2, 3 across, the
values up, axes with ticks, a legend and the title.  Give a `cost` dict as well
and a second chart of the costs appears beside it.  Any browser opens the file.

Each series is drawn as one ``<polyline>`` with one point per epoch, plus a
``<circle>`` on each point.  Accuracy is expected in percent (0-100), as the
default y label says; the axes fit whatever numbers they are given.

`Axes` maps any data to a plot area and draws its frame, and `legend` names the lines:
the tutorial's figures are built from them and from svg.py's shapes.

Not here: log scales, zooming, interactivity.
"""

import math
from xml.sax.saxutils import escape

from ..files import write_atomically
from . import svg

# Okabe and Ito's palette, told apart by colour-blind readers too.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
PLOT_WIDTH, PLOT_HEIGHT = 420, 260  # the area inside the axes of one chart
LEFT, RIGHT, TOP, BOTTOM = 70, 30, 50, 50  # margins around it: tick labels, axis labels
LEGEND_LINE = 18


def nice_step(span, most_ticks=6):
    """The smallest of 1, 2, 5 times a power of ten giving at most `most_ticks` steps over span.

    >>> nice_step(10), nice_step(3.2), nice_step(0.07)
    (2, 1, 0.02)
    """
    power = 10.0 ** math.floor(math.log10(span / most_ticks))
    for multiple in (1, 2, 5, 10):
        if span / (multiple * power) <= most_ticks:
            step = multiple * power
            return int(step) if step >= 1 else round(step, 12)


def axis_range(values):
    """(low, high, step): ticks every `step` from low to high, covering all values.

    A constant series gets a range of one unit either side of its value.

    >>> axis_range([91.3, 95.8])
    (91, 96, 1)
    """
    low, high = min(values), max(values)
    if high - low < 1e-12:
        low, high = low - 1, high + 1
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def tick_label(value, step):
    """A tick value with as many decimals as the step needs: 95, 0.5, 0.05.

    >>> tick_label(97.5, 0.5), tick_label(3.0, 1)
    ('97.5', '3')
    """
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return f"{value:.{decimals}f}"


def _check(series):
    """ValueError unless every series has at least one value, all finite."""
    if not series:
        raise ValueError("nothing to plot: no series given")
    for name, values in series.items():
        if len(values) == 0:
            raise ValueError(f"series {name!r} has no values")
        for epoch, v in enumerate(values, start=1):
            if not math.isfinite(v):
                raise ValueError(f"series {name!r} is {v} at epoch {epoch}: cannot plot it")


def _chart(series, ylabel, left, top):
    """SVG elements for one line chart whose plot area's top-left corner is (left, top)."""
    epochs = max(len(values) for values in series.values())
    low, high, step = axis_range([v for values in series.values() for v in values])

    def x_at(epoch):  # epochs 1..n in the middle of n equal slots
        return left + (epoch - 0.5) * PLOT_WIDTH / epochs

    def y_at(value):  # the higher the value, the nearer the top (SVG's y grows downwards)
        return top + (high - value) / (high - low) * PLOT_HEIGHT

    right, bottom = left + PLOT_WIDTH, top + PLOT_HEIGHT
    parts = []
    for k in range(round((high - low) / step) + 1):  # horizontal grid lines, y tick labels
        y = y_at(low + k * step)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
                     f'{tick_label(low + k * step, step)}</text>')
    x_step = max(1, nice_step(epochs))
    for epoch in range(x_step, epochs + 1, x_step):  # x ticks at whole epochs
        x = x_at(epoch)
        parts.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 5}" stroke="#000"/>')
        parts.append(f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle">{epoch}</text>')
    parts.append(f'<rect x="{left}" y="{top}" width="{PLOT_WIDTH}" height="{PLOT_HEIGHT}" '
                 f'fill="none" stroke="#000"/>')
    parts.append(f'<text x="{left + PLOT_WIDTH / 2}" y="{bottom + 38}" text-anchor="middle">epoch</text>')
    parts.append(f'<text transform="translate({left - 50} {top + PLOT_HEIGHT / 2}) rotate(-90)" '
                 f'text-anchor="middle">{escape(ylabel)}</text>')
    for n, (name, values) in enumerate(series.items()):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{x_at(e):.1f},{y_at(v):.1f}" for e, v in enumerate(values, start=1))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.extend(f'<circle cx="{x_at(e):.1f}" cy="{y_at(v):.1f}" r="2.5" fill="{colour}"/>'
                     for e, v in enumerate(values, start=1))
        y = bottom + BOTTOM + n * LEGEND_LINE  # the legend, under the chart
        parts.append(f'<line x1="{left}" y1="{y - 4}" x2="{left + 24}" y2="{y - 4}" '
                     f'stroke="{colour}" stroke-width="2"/>')
        parts.append(f'<text x="{left + 30}" y="{y}">{escape(name)}</text>')
    return parts


def learning_curve_svg(series, title, ylabel="accuracy (%)", cost=None, cost_label="cost"):
    """The text of an SVG file charting per-epoch values; a cost chart beside it if given.

    series: {name: [value after epoch 1, after epoch 2, ...]}, e.g.
    {"training accuracy": [...], "test accuracy": [...]}; cost: the same for costs.
    The k-th series of each chart gets the k-th colour, so list data sets in the
    same order in both.
    """
    charts = [(series, ylabel)] + ([(cost, cost_label)] if cost else [])
    for chart_series, _ in charts:
        _check(chart_series)
    chart_width = LEFT + PLOT_WIDTH + RIGHT
    width = len(charts) * chart_width
    legend_lines = max(len(chart_series) for chart_series, _ in charts)
    height = TOP + PLOT_HEIGHT + BOTTOM + legend_lines * LEGEND_LINE + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="#fff"/>',
             f'<text x="{width / 2}" y="28" text-anchor="middle" font-size="15">{escape(title)}</text>']
    for n, (chart_series, label) in enumerate(charts):
        parts.extend(_chart(chart_series, label, n * chart_width + LEFT, TOP))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def write_svg(path, text):
    """Save SVG text to `path` atomically (see files.py)."""
    write_atomically(path, text)


class Axes:
    """A plot area: data coordinates (x, y) to picture pixels, and the axes drawn around it.

    x_range and y_range are (low, high, step), as `axis_range` gives them; ticks every step.

    >>> axes = Axes(70, 50, 400, 200, (0, 10, 2), (-1, 1, 0.5))
    >>> axes.x(5), axes.y(1), axes.y(-1)
    (270.0, 50.0, 250.0)
    """

    def __init__(self, left, top, width, height, x_range, y_range):
        self.left, self.top, self.width, self.height = left, top, width, height
        self.x_low, self.x_high, self.x_step = x_range
        self.y_low, self.y_high, self.y_step = y_range

    def x(self, value):
        """The pixel column of data value x."""
        return self.left + (value - self.x_low) / (self.x_high - self.x_low) * self.width

    def y(self, value):
        """The pixel row of data value y: the higher the value, the nearer the top."""
        return self.top + (self.y_high - value) / (self.y_high - self.y_low) * self.height

    def point(self, x, y):
        """The pixel (column, row) of the data point (x, y)."""
        return self.x(x), self.y(y)

    def x_ticks(self):
        """The data values at which the x axis has a tick."""
        return _ticks(self.x_low, self.x_high, self.x_step)

    def y_ticks(self):
        """The data values at which the y axis has a tick."""
        return _ticks(self.y_low, self.y_high, self.y_step)

    def frame(self, xlabel, ylabel, grid=True, x_labels=None, y_labels=None):
        """SVG elements: grid lines, ticks with their values, the box, the two axis labels.

        x_labels, y_labels: {value: text} to name the ticks instead of numbering them
        (e.g. {-2: "0.01", -1: "0.1"} for a logarithmic axis).
        """
        right, bottom = self.left + self.width, self.top + self.height
        parts = []
        y_ticks = y_labels.items() if y_labels is not None else (
            (v, tick_label(v, self.y_step)) for v in self.y_ticks())
        for v, label in y_ticks:
            y = self.y(v)
            if grid:
                parts.append(svg.line(self.left, y, right, y, stroke="#ddd", width=1))
            parts.append(svg.text(self.left - 7, y + 5, label, anchor="end"))
        ticks = x_labels.items() if x_labels is not None else (
            (v, tick_label(v, self.x_step)) for v in self.x_ticks())
        for v, label in ticks:
            x = self.x(v)
            if grid and x_labels is None:
                parts.append(svg.line(x, self.top, x, bottom, stroke="#ddd", width=1))
            parts.append(svg.line(x, bottom, x, bottom + 5, width=1))
            parts.append(svg.text(x, bottom + 20, label, anchor="middle"))
        parts.append(svg.rect(self.left, self.top, self.width, self.height, fill="none",
                              stroke="#000", stroke_width=1))
        parts.append(svg.text(self.left + self.width / 2, bottom + 42, xlabel, anchor="middle"))
        parts.append(svg.text(self.left - 48, self.top + self.height / 2, ylabel, anchor="middle",
                              rotate=-90))
        return parts


def _ticks(low, high, step):
    """low, low + step, ..., high, each rounded so that 0.1 + 0.2 prints as 0.3."""
    return [round(low + k * step, 10) for k in range(round((high - low) / step) + 1)]


def legend(left, top, entries, line_height=20):
    """SVG elements for a legend: one (label, colour, dash) entry a line, a short stroke before it."""
    parts = []
    for n, (label, colour, dash) in enumerate(entries):
        y = top + n * line_height
        parts.append(svg.line(left, y - 5, left + 30, y - 5, stroke=colour, width=2.5, dash=dash))
        parts.append(svg.text(left + 38, y, label))
    return parts
