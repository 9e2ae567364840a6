"""SVG drawing written as plain text: shapes, arrows and labels for the tutorial's figures.

Each function returns one SVG element as a string; `document` wraps a list of them into
the text of a whole file.  Coordinates are in pixels, y growing downwards as in SVG.
Every number goes through `num`, which writes at most two decimals, so the same
drawing always gives the same bytes.

>>> print(document(120, 40, [line(0, 20, 120, 20), text(60, 15, "a < b", anchor="middle")]))
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40" font-family="sans-serif" font-size="14">
<rect width="120" height="40" fill="#fff"/>
<line x1="0" y1="20" x2="120" y2="20" stroke="#000" stroke-width="1.5"/>
<text x="60" y="15" text-anchor="middle">a &lt; b</text>
</svg>
<BLANKLINE>

Not here: charts with axes (see plot.py), anything interactive.
"""

import math
from xml.sax.saxutils import escape

# Grey levels that stay apart when printed without colour: (colour, dash pattern) pairs,
# dark to light, each with its own dashes.  Okabe and Ito's colour-blind-safe hues.
INKS = (("#000000", ""), ("#D55E00", "7 4"), ("#0072B2", "2 3"), ("#009E73", "10 3 2 3"),
        ("#CC79A7", "4 2"))


def num(x):
    """A coordinate as short, fixed text: at most two decimals, no trailing zeros, no "-0".

    >>> num(3.0), num(2.456), num(-0.001), num(120)
    ('3', '2.46', '0', '120')
    """
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _style(stroke=None, width=None, dash="", fill=None, extra=""):
    """The presentation attributes shared by the shapes, in a fixed order."""
    parts = []
    if fill is not None:
        parts.append(f'fill="{fill}"')
    if stroke is not None:
        parts.append(f'stroke="{stroke}"')
    if width is not None:
        parts.append(f'stroke-width="{num(width)}"')
    if dash:
        parts.append(f'stroke-dasharray="{dash}"')
    if extra:
        parts.append(extra)
    return (" " + " ".join(parts)) if parts else ""


def document(width, height, parts, font_size=14):
    """The text of an SVG file of width x height pixels: a white page, then `parts` in order."""
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(width)}" height="{num(height)}" '
            f'viewBox="0 0 {num(width)} {num(height)}" font-family="sans-serif" '
            f'font-size="{font_size}">')
    page = f'<rect width="{num(width)}" height="{num(height)}" fill="#fff"/>'
    return "\n".join([head, page] + list(parts) + ["</svg>"]) + "\n"


def text(x, y, content, size=None, anchor="start", fill=None, weight=None, italic=False,
         rotate=None, markup=False):
    """A line of text whose baseline starts (or is centred, anchor="middle") at (x, y).

    `content` is escaped unless markup=True (text built with `sup`/`sub`).
    rotate: degrees about (x, y), e.g. -90 for a y-axis label.
    """
    attributes = f'x="{num(x)}" y="{num(y)}"'
    if rotate is not None:
        attributes = f'transform="translate({num(x)} {num(y)}) rotate({num(rotate)})"'
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if size is not None:
        attributes += f' font-size="{num(size)}"'
    if fill is not None:
        attributes += f' fill="{fill}"'
    if weight is not None:
        attributes += f' font-weight="{weight}"'
    if italic:
        attributes += ' font-style="italic"'
    body = content if markup else escape(content)
    return f"<text {attributes}>{body}</text>"


def sup(content, size=12):
    """A raised index inside `text(..., markup=True)`: w + sup("l") reads w^l."""
    return f'<tspan baseline-shift="super" font-size="{num(size)}">{escape(content)}</tspan>'


def sub(content, size=12, back=0):
    """A lowered index inside `text(..., markup=True)`: w + sub("jk") reads w_jk.

    back: pixels to step left first, to put the index under a `sup` just before it (w¹ⱼₖ).
    """
    shift = f' dx="{num(-back)}"' if back else ""
    return f'<tspan{shift} baseline-shift="sub" font-size="{num(size)}">{escape(content)}</tspan>'


def line(x1, y1, x2, y2, stroke="#000", width=1.5, dash=""):
    """A straight line from (x1, y1) to (x2, y2)."""
    return (f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}"'
            f'{_style(stroke, width, dash)}/>')


def polyline(points, stroke="#000", width=2, dash=""):
    """An open line through the points [(x, y), ...], not filled."""
    coordinates = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    return f'<polyline points="{coordinates}"{_style(stroke, width, dash, fill="none")}/>'


def polygon(points, fill="#000", stroke=None, width=None):
    """A closed, filled shape with corners at the points [(x, y), ...]."""
    coordinates = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    return f'<polygon points="{coordinates}"{_style(stroke, width, fill=fill)}/>'


def circle(cx, cy, r, fill="#fff", stroke="#000", width=1.5):
    """A circle centred at (cx, cy) with radius r."""
    return f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}"{_style(stroke, width, fill=fill)}/>'


def rect(x, y, width, height, fill="#fff", stroke=None, stroke_width=None, dash=""):
    """A rectangle whose top-left corner is (x, y)."""
    return (f'<rect x="{num(x)}" y="{num(y)}" width="{num(width)}" height="{num(height)}"'
            f'{_style(stroke, stroke_width, dash, fill=fill)}/>')


def path(d, stroke="#000", width=1.5, fill="none", dash=""):
    """A path from SVG path data `d`, e.g. "M 0 0 L 10 10" (write its numbers with `num`)."""
    return f'<path d="{d}"{_style(stroke, width, dash, fill=fill)}/>'


def arrow(x1, y1, x2, y2, stroke="#000", width=1.5, head=9, dash=""):
    """A line from (x1, y1) whose triangular head's tip touches (x2, y2): two elements in one string.

    The head is drawn as a polygon, not an SVG marker, so it takes the line's colour in
    every viewer.  The shaft stops where the head starts, so thick lines keep a sharp tip.
    """
    length = math.hypot(x2 - x1, y2 - y1)
    if length == 0:
        raise ValueError("an arrow needs two different points")
    ux, uy = (x2 - x1) / length, (y2 - y1) / length  # unit vector along the arrow
    bx, by = x2 - ux * head, y2 - uy * head  # middle of the head's base
    half = head * 0.45
    corners = [(x2, y2), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)]
    return line(x1, y1, bx, by, stroke, width, dash) + "\n" + polygon(corners, fill=stroke)


def along(x1, y1, x2, y2, t):
    """The point a fraction t of the way from (x1, y1) to (x2, y2).

    >>> along(0, 0, 10, 20, 0.25)
    (2.5, 5.0)
    """
    return x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
