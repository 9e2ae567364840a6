"""Contour lines of a function of two variables, by marching squares.

A contour line of f at level c joins the points where f(x, y) = c, like the height lines of
a map.  `contour_segments` samples f on a grid of n x n cells; in each cell it finds the
edges along which f crosses c (one corner below c, the other not) and places the crossing
by linear interpolation between the two corners: t = (c - f0) / (f1 - f0).  The pieces of
all cells together draw the line.  `contour_path` turns them into SVG path data.
"""

from .svg import num

# The four edges of a cell as pairs of its corners, numbered 0 (x0, y0), 1 (x1, y0),
# 2 (x1, y1), 3 (x0, y1): the bottom, right, top and left edges.
EDGES = ((0, 1), (1, 2), (2, 3), (3, 0))


def grid_values(f, x_range, y_range, n):
    """[[f(x_i, y_j) for i in 0..n] for j in 0..n]: f at the corners of n x n cells.

    >>> grid_values(lambda x, y: x + 10 * y, (0, 1), (0, 1), 1)
    [[0.0, 1.0], [10.0, 11.0]]
    """
    (x0, x1), (y0, y1) = x_range, y_range
    xs = [x0 + (x1 - x0) * i / n for i in range(n + 1)]
    ys = [y0 + (y1 - y0) * j / n for j in range(n + 1)]
    return [[float(f(x, y)) for x in xs] for y in ys]


def contour_segments(values, x_range, y_range, level):
    """[((x, y), (x, y)), ...]: the pieces of the level line in data coordinates.

    values: `grid_values`' table.  A cell crossed twice (a saddle) joins its crossings in
    order around the cell; the picture is the same up to the cell's size.

    >>> contour_segments([[0.0, 1.0], [1.0, 2.0]], (0, 1), (0, 1), 0.5)
    [((0.5, 0.0), (0.0, 0.5))]
    """
    (x0, x1), (y0, y1) = x_range, y_range
    n = len(values) - 1
    dx, dy = (x1 - x0) / n, (y1 - y0) / n
    segments = []
    for j in range(n):
        for i in range(n):
            corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
            heights = [values[b][a] for a, b in corners]
            crossings = []
            for a, b in EDGES:
                fa, fb = heights[a], heights[b]
                if (fa < level) != (fb < level):
                    t = (level - fa) / (fb - fa)
                    (ia, ja), (ib, jb) = corners[a], corners[b]
                    crossings.append((x0 + (ia + (ib - ia) * t) * dx, y0 + (ja + (jb - ja) * t) * dy))
            for k in range(0, len(crossings) - 1, 2):
                segments.append((crossings[k], crossings[k + 1]))
    return segments


def contour_path(segments, to_pixels):
    """SVG path data "M x y L x y ..." for the segments; to_pixels maps a data (x, y) to pixels."""
    pieces = []
    for start, end in segments:
        (xa, ya), (xb, yb) = to_pixels(*start), to_pixels(*end)
        pieces.append(f"M{num(xa)} {num(ya)}L{num(xb)} {num(yb)}")
    return "".join(pieces)
