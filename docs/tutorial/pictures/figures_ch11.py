"""Chapter 11's pictures: a filter sliding over an image, and max-pooling's gradient.

Both use the chapter's hand-made example (a 6 x 6 "7", a 3 x 3 filter that looks for
"/" strokes), and every number in them is computed by purenn's ConvLayer and MaxPoolLayer.
"""

from common import titled
from purenn.activations import ReLU
from purenn.conv import ConvLayer
from purenn.pictures import svg
from purenn.pool import MaxPoolLayer

# The chapter's example: the same numbers as its doctests.
IMAGE = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
         0.0, 0.6, 0.8, 0.9, 0.8, 0.0,
         0.0, 0.0, 0.3, 0.2, 0.9, 0.0,
         0.0, 0.0, 0.1, 0.9, 0.3, 0.0,
         0.0, 0.0, 0.8, 0.4, 0.0, 0.0,
         0.0, 0.2, 0.9, 0.0, 0.0, 0.0]
FILTER = [0.0, 0.0, 1.0,
          0.0, 1.0, 0.0,
          1.0, 0.0, 0.0]
BIAS = -1.0
DELTA_A = [0.3, -0.2, 0.5, 0.1]  # ∂C/∂a for the four pooled outputs: made up, as if from the layer above

ORANGE, BLUE = svg.INKS[1][0], svg.INKS[2][0]


def example_layers():
    """(conv, pool): the chapter's 3 x 3 filter over 1 x 6 x 6, then 2 x 2 max-pooling with ReLU."""
    conv = ConvLayer(1, 3, (1, 6, 6))
    conv.weights, conv.biases = [list(FILTER)], [BIAS]
    return conv, MaxPoolLayer(conv.out_shape, 2, ReLU)


def signed(v):
    """A number as the figures print it: one decimal, a real minus sign, no "-0.0"."""
    text = f"{v:.1f}"
    return "0.0" if text == "-0.0" else text.replace("-", "−")


def grid(left, top, side, cell, values, label, fills=None, bold=(), faint=()):
    """A side x side grid of cells with a number in each; its label above it."""
    parts = [svg.text(left + side * cell / 2, top - 12, label, anchor="middle", size=15, weight="bold",
                      markup=True)]
    for i in range(side):
        for j in range(side):
            k = i * side + j
            fill = fills[k] if fills else "#fff"
            parts.append(svg.rect(left + j * cell, top + i * cell, cell, cell, fill=fill, stroke="#888",
                                  stroke_width=1))
            dark = fill != "#fff" and int(fill[1:3], 16) < 110
            colour = "#fff" if dark else ("#999" if k in faint else "#000")
            parts.append(svg.text(left + (j + 0.5) * cell, top + (i + 0.5) * cell + 5, values[k], size=14,
                                  anchor="middle", fill=colour, weight="bold" if k in bold else None))
    return parts


def ink(v):
    """Pixel value v in [0, 1] as a grey: 0 white paper, 1 black ink (prints as it looks)."""
    g = round(255 * (1 - v))
    return f"#{g:02x}{g:02x}{g:02x}"


def outline(left, top, cell, i, j, size, colour, dash):
    return svg.rect(left + j * cell - 2, top + i * cell - 2, size * cell + 4, size * cell + 4, fill="none",
                    stroke=colour, stroke_width=3.5, dash=dash)


def conv_sliding():
    conv, _ = example_layers()
    z = conv.feedforward(IMAGE)
    x_left, x_top, x_cell = 40, 110, 46
    w_left, w_top, w_cell = 380, 175, 46
    z_left, z_top, z_cell = 640, 133, 56
    parts = grid(x_left, x_top, 6, x_cell, [f"{v:.1f}" if v else "" for v in IMAGE],
                 "input image x (6 x 6)", fills=[ink(v) for v in IMAGE])
    parts += grid(w_left, w_top, 3, w_cell, [f"{v:g}" for v in FILTER], "filter w (3 x 3)",
                  fills=["#e8e8e8" if v else "#fff" for v in FILTER])
    parts.append(svg.text(w_left + 1.5 * w_cell, w_top + 3 * w_cell + 26, f"bias b = {signed(BIAS)}",
                          anchor="middle", size=15))
    positions = [((2, 2), ORANGE, ""), ((0, 0), BLUE, "6 4")]
    parts += grid(z_left, z_top, 4, z_cell, [signed(v) for v in z], "feature map z (4 x 4)",
                  bold=[i * 4 + j for (i, j), _, _ in positions])
    for (i, j), colour, dash in positions:
        parts.append(outline(x_left, x_top, x_cell, i, j, 3, colour, dash))
        parts.append(outline(z_left, z_top, z_cell, i, j, 1, colour, dash))
        start = (x_left + (j + 3) * x_cell + 2, x_top + (i + 1.5) * x_cell)
        end = (z_left - 4, z_top + (i + 0.5) * z_cell)  # the map's edge: the outline marks the cell
        parts.append(svg.path(f"M {svg.num(start[0])} {svg.num(start[1])} C {svg.num(start[0] + 150)} "
                              f"{svg.num(start[1] + (150 if i == 2 else -110))}, {svg.num(end[0] - 150)} "
                              f"{svg.num(end[1] + (120 if i == 2 else -90))}, {svg.num(end[0] - 9)} "
                              f"{svg.num(end[1])}", stroke=colour, width=2.5, dash=dash))
        parts.append(svg.arrow(end[0] - 10, end[1], end[0], end[1], stroke=colour, width=2.5))
    i, j = 2, 2
    terms = [(p, q) for p in range(3) for q in range(3) if FILTER[p * 3 + q]]
    sums = " + ".join(f"{IMAGE[(i + p) * 6 + j + q]:.1f}" for p, q in terms)
    x_names = " + ".join(f"x{svg.sub(f'{i + p},{j + q}', 12)}" for p, q in terms)
    parts.append(svg.text(40, 440, f"z{svg.sub('2,2', 12)} = b + Σ{svg.sub('p,q', 12)} "
                                   f"w{svg.sub('p,q', 12)} x{svg.sub('2+p, 2+q', 12)} "
                                   f"= b + {x_names} = {signed(BIAS)} + {sums} = {signed(z[i * 4 + j])}",
                          size=16, fill=ORANGE, markup=True))
    parts.append(svg.text(40, 468, f"z{svg.sub('0,0', 12)} = {signed(BIAS)} + "
                                   + " + ".join(f"{IMAGE[p * 6 + q]:.1f}" for p, q in terms)
                                   + f" = {signed(z[0])}: no \u201c/\u201d stroke under the filter there",
                          size=16, fill=BLUE, markup=True))
    return titled(940, 495, "One filter slid over the image: the same 9 weights and the same bias at "
                  "every position", parts, subtitle="each number of the map sees only a 3 x 3 patch of x, "
                  "its local receptive field; stride 1, no padding: 6 − 3 + 1 = 4 positions a side")


def pool_gradient():
    conv, pool = example_layers()
    z = conv.feedforward(IMAGE)
    a = pool.forward(z)
    dz = pool.backward(DELTA_A)
    cell, small = 54, 62
    big_left, small_left = 60, 470
    forward_top, backward_top = 110, 400
    maxima = pool.argmax
    fills = ["#d8d8d8" if k in maxima else "#fff" for k in range(16)]
    parts = []
    for top, label, values, faint in ((forward_top, "z: the feature map, in 2 x 2 blocks", z, ()),
                                      (backward_top, "∂C/∂z", dz, [k for k in range(16) if k not in maxima])):
        parts += grid(big_left, top, 4, cell, [signed(v) for v in values], label, fills=fills, bold=maxima,
                      faint=faint)
        parts.append(svg.line(big_left + 2 * cell, top, big_left + 2 * cell, top + 4 * cell, width=3.5))
        parts.append(svg.line(big_left, top + 2 * cell, big_left + 4 * cell, top + 2 * cell, width=3.5))
    small_top = {forward_top: forward_top + 2 * cell - small, backward_top: backward_top + 2 * cell - small}
    parts += grid(small_left, small_top[forward_top], 2, small, [signed(v) for v in a], "a = ReLU(max)",
                  fills=["#d8d8d8"] * 4)
    parts += grid(small_left, small_top[backward_top], 2, small, [signed(v) for v in DELTA_A],
                  "∂C/∂a (from above)", fills=["#d8d8d8"] * 4)
    gap_left, gap_right = big_left + 4 * cell + 16, small_left - 16
    middle = forward_top + 2 * cell
    parts.append(svg.arrow(gap_left, middle, gap_right, middle, width=2.5, head=11))
    parts.append(svg.text((gap_left + gap_right) / 2, middle - 12, "forward: the largest", anchor="middle",
                          size=14))
    parts.append(svg.text((gap_left + gap_right) / 2, middle + 24, "z of each block", anchor="middle", size=14))
    middle = backward_top + 2 * cell
    parts.append(svg.arrow(gap_right, middle, gap_left, middle, stroke=ORANGE, width=3, head=12))
    parts.append(svg.text((gap_left + gap_right) / 2, middle - 12, "backward: to where", anchor="middle",
                          size=14, fill=ORANGE, weight="bold"))
    parts.append(svg.text((gap_left + gap_right) / 2, middle + 24, "the maximum was", anchor="middle",
                          size=14, fill=ORANGE, weight="bold"))
    parts.append(svg.text(big_left, backward_top + 4 * cell + 40, "The other three z of a block could change "
                          "a little without changing its maximum: their ∂C/∂z is 0.", size=15))
    parts.append(svg.text(big_left, backward_top + 4 * cell + 64, "ReLU' = 1 at every maximum here (all are "
                          "positive), so each maximum gets its block's ∂C/∂a.", size=15))
    return titled(770, backward_top + 4 * cell + 90, "Max-pooling's gradient goes only to the maximum of "
                  "each block", parts, subtitle="the feature map of the previous picture; "
                  "MaxPoolLayer.backward routes ∂C/∂a · f'(max) to where the maximum was")


FIGURES = [("conv-sliding.svg", conv_sliding), ("pool-gradient.svg", pool_gradient)]


# A trained conv network's filters and one digit's feature maps (PNG).  The network is small so
# that the script trains it in a few seconds: 6 filters of 5 x 5, 2 x 2 pooling with ReLU, a
# softmax output straight after, one epoch on the first 1,000 training images.
FEATURE_FILTERS, FEATURE_IMAGES, FEATURE_ETA = 6, 1000, 0.1


def feature_network():
    """The small conv network of conv-features.png, trained (the same every run: seed 1)."""
    from common import TRAIN, mnist
    from purenn.convnet import ConvNetwork, conv_layers
    net = ConvNetwork(conv_layers((1, 28, 28), [(FEATURE_FILTERS, 5)], 2, [], activation=ReLU), seed=1)
    net.train_epoch(list(mnist(TRAIN, FEATURE_IMAGES)), 10, FEATURE_ETA)
    return net


def paint(canvas, left, top, side, zoom, pixels):
    """Paint side x side RGB pixels, each as a zoom x zoom block, top-left corner at (left, top)."""
    for y in range(side):
        line = []
        for rgb in pixels[y * side:(y + 1) * side]:
            line.extend(rgb * zoom)
        for dy in range(zoom):
            canvas[top + y * zoom + dy][3 * left:3 * (left + side * zoom)] = line


def conv_features():
    """Top: a test digit and the filters; under each filter, the map z^f it makes of the digit.

    Filters and maps in chapter 7's colours: orange positive, blue negative, black 0.  Each
    filter on its own scale (as weights.py draws tiles); the maps on one scale, the largest
    |z| of them all, so that a map's brightness says how strongly its filter answers.  ReLU
    then keeps the orange of each map and sets the blue to 0.
    """
    from common import TEST, mnist
    from purenn.pictures.image import draw_text, text_width
    from purenn.pictures.png import encode_png
    from purenn.pictures.weights import colour, scaled_tile
    net = feature_network()
    x, _ = mnist(TEST, 1)[0]
    conv = net.layers[0]
    z, n = conv.feedforward(x), conv.out_shape[1] * conv.out_shape[2]
    maps = [z[f * n:(f + 1) * n] for f in range(conv.n_filters)]
    largest = max(abs(v) for v in z) or 1.0
    column, top = 84, 8
    width, height = 134 + FEATURE_FILTERS * column, top + 60 + 72 + 8 + 10 + 8
    canvas = [[255] * (3 * width) for _ in range(height)]
    gray = [(round(255 * (1 - v)),) * 3 for v in x]  # ink black on white paper, as MNIST looks
    paint(canvas, 8, top + 12, 28, 4, gray)
    for f, (weights, feature) in enumerate(zip(conv.weights, maps)):
        left = 134 + f * column
        paint(canvas, left + 6, top, 5, 12, [colour(v) for v in scaled_tile(weights)])
        paint(canvas, left, top + 66, 24, 3, [colour(v / largest) for v in feature])
        caption = str(f)
        draw_text(canvas, caption, left + 36 - text_width(caption) // 2, top + 66 + 72 + 6, channels=3)
    return encode_png(canvas, width, height, channels=3, filter_type=2)


FIGURES.append(("conv-features.png", conv_features))
