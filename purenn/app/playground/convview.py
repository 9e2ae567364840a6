"""What the playground page shows of a conv network (convnet.py): its filters and feature maps.

pages.py answers the page for any network; for a ConvNetwork it asks here for
every layer's output, the first conv layer's feature maps of the digit on the pad, and
the network's description with the filters as tiles.
"""

from ...pictures.weights import weight_tiles

DECIMALS = 4  # numbers sent to the page are rounded to this many decimals: enough to draw


def rounded(values):
    """values rounded to DECIMALS, for the page (digits.py uses it too)."""
    return [round(v, DECIMALS) for v in values]


def rounded_tiles(rows):
    """weight_tiles(rows) for the page: one tile per row (neuron or filter), its numbers rounded."""
    return [{"neuron": t["neuron"], "scale": round(t["scale"], DECIMALS), "values": rounded(t["values"])}
            for t in weight_tiles(rows)]


def conv_activations(net, x):
    """Every layer's output for input x, as ``ConvNetwork.feedforward`` computes them."""
    outputs = []
    a = x
    for layer in net.layers:
        a = layer.feedforward(a)
        outputs.append(a)
    return outputs


def feature_maps(net, x):
    """The first conv layer's feature maps of x, after the activation: f(z^f), one list per filter.

    z^f is the filter slid over the image (conv.py), side (28 - k + 1); f is the
    activation the pooling layer after it applies (pool.py: pooling f(z) and
    f(pooling z) are the same, since f never decreases).
    """
    conv, pool = net.layers[0], net.layers[1]
    z = conv.feedforward(x)
    n = conv.out_shape[1] * conv.out_shape[2]
    return [pool.activation.fn(z[f * n:(f + 1) * n]) for f in range(conv.n_filters)]


def conv_description(net):
    """A ConvNetwork for the page: its layers in words, the first conv layer's filters as tiles.

    Each filter is a k x k tile ("side": k), its weights on the tile's own scale
    as weights.py draws a neuron's; "neuron" is the filter's number f.  The page
    also needs the side of the feature maps ("map_side", 28 - k + 1).
    """
    conv = net.layers[0]
    return {"kind": "conv", "layers": net.describe(), "side": conv.k, "map_side": conv.out_shape[1],
            "tiles": rounded_tiles(conv.weights)}
