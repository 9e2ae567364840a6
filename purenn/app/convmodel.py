"""Conv networks (purenn/convnet.py) in a model file: a list of layers, each with its numbers.

modelfile.py saves and loads the plain Network; a ConvNetwork's file is the same
JSON object with ``"kind": "conv"`` and, instead of "sizes", the layers in order:

    {"format": "purenn-model", "version": 3, "kind": "conv", "cost": "log-likelihood",
     "input": [1, 28, 28],
     "layers": [
       {"type": "conv", "filters": 20, "size": 5, "padding": 0, "stride": 1, "in_shape": [1, 28, 28],
        "weights": [[25 numbers], ... 20 filters], "biases": [20 numbers]},
       {"type": "pool", "size": 2, "in_shape": [20, 24, 24], "activation": "relu"},
       {"type": "dense", "in": 2880, "out": 100, "activation": "relu", "dropout": 0.0,
        "weights": [[2880 numbers], ... 100 rows], "biases": [100 numbers]},
       {"type": "softmax", "in": 100, "out": 10, "weights": [...], "biases": [...]}],
     "training": {...}, "optimizer": {...}, "random_state": [...]}

A conv filter f is one flat list of c·k·k weights, channel by channel, row by row:
w^f_{ch,p,q} is ``weights[f][(ch*k + p)*k + q]``, and the layer computes
z^f_{i,j} = b_f + Σ_ch Σ_p Σ_q w^f_{ch,p,q} x_{ch,Si+p-P,Sj+q-P} (the filter as it is laid
on the image, not flipped; x is 0 outside the image), P the "padding" and S the "stride".
Files written before padding and stride existed have neither field: they load as P = 0, S = 1.
Images and maps are flat lists in the same order,
x_{ch,i,j} = x[(ch*h + i)*w + j].  A dense row j holds the weights into neuron j.
README ("Conv model files") says the same for readers with their own code.

The optimizer's state has one vector per bias list and per weight row, in the
order of ``ConvNetwork.parameters`` (each layer's biases, then its rows).
"""

from ..activations import HIDDEN
from ..conv import ConvLayer
from ..convnet import ConvNetwork, size
from ..costs import COSTS
from ..dense import FullyConnectedLayer, SoftmaxLayer
from ..pool import MaxPoolLayer

KIND = "conv"
VERSION = 3  # the first version with conv networks; plain networks are still saved as version 2
MAX_NUMBERS = 10 ** 7  # a layer's input or output larger than this is not an MNIST network
LAYER_TYPES = ("conv", "pool", "dense", "softmax")


def to_dict(net, format_name, training, optimizer, random_state):
    """The ConvNetwork as a JSON-ready dict, with the fields every model file has (modelfile.py)."""
    return {"format": format_name, "version": VERSION, "kind": KIND, "cost": net.cost.name,
            "input": list(net.layers[0].in_shape), "layers": [layer_dict(layer) for layer in net.layers],
            "training": training, "optimizer": optimizer, "random_state": random_state}


def layer_dict(layer):
    """One layer as a dict: its type, its shape and (if it learns any) its numbers."""
    if isinstance(layer, ConvLayer):
        return {"type": "conv", "filters": layer.n_filters, "size": layer.k,
                "padding": layer.padding, "stride": layer.stride, "in_shape": list(layer.in_shape),
                "weights": layer.weights, "biases": layer.biases}
    if isinstance(layer, MaxPoolLayer):
        return {"type": "pool", "size": layer.size, "in_shape": list(layer.in_shape),
                "activation": layer.activation.name}
    if isinstance(layer, SoftmaxLayer):
        return {"type": "softmax", "in": layer.n_in, "out": layer.n_out,
                "weights": layer.weights, "biases": layer.biases}
    if isinstance(layer, FullyConnectedLayer):
        return {"type": "dense", "in": layer.n_in, "out": layer.n_out, "activation": layer.activation.name,
                "dropout": layer.dropout, "weights": layer.weights, "biases": layer.biases}
    raise TypeError(f"cannot save a {type(layer).__name__}")


def from_dict(model, check_numbers, choose, make_optimizer, set_random_state):
    """Build a ConvNetwork from a dict made by ``to_dict``; ValueError says what is wrong.

    The other arguments are modelfile.py's checks, shared with the plain Network.
    """
    version = model.get("version")
    if type(version) is not int or version != VERSION:
        raise ValueError(f"a conv model needs version {VERSION}, found {version!r}")
    cost = choose(model, "cost", COSTS)
    training = model.get("training", {})
    if not isinstance(training, dict):
        raise ValueError("training must be an object")
    saved_layers = model.get("layers")
    if not isinstance(saved_layers, list) or not saved_layers:
        raise ValueError("layers must be a list of at least one layer")
    shape = _shape(model.get("input"), "input")
    layers = []
    for number, saved in enumerate(saved_layers):
        layer = _layer(saved, shape, f"layers[{number}]", check_numbers)
        layers.append(layer)
        shape = layer.out_shape
    for conv, pool in zip(layers, layers[1:]):  # the spread of the starting weights, as built
        if isinstance(conv, ConvLayer) and isinstance(pool, MaxPoolLayer):
            conv.pool = pool.size
    lengths = [n for layer in layers if layer.has_parameters
               for n in [len(layer.biases)] + [len(row) for row in layer.weights]]
    optimizer = make_optimizer(model.get("optimizer", {"name": "sgd"}), lengths, "the layers")
    saved_numbers = [(layer.weights, layer.biases) for layer in layers]
    net = ConvNetwork(layers, cost=cost, optimizer=optimizer)  # draws starting weights: replaced below
    for layer, (weights, biases) in zip(layers, saved_numbers):
        layer.weights, layer.biases = weights, biases
    net.zero_gradient()
    if "random_state" in model:
        set_random_state(net.rng, model["random_state"])
    return net, training


def _shape(value, what):
    """A (channels, height, width) from a list of three positive whole numbers."""
    if (not isinstance(value, list) or len(value) != 3
            or not all(type(n) is int and n >= 1 for n in value)):
        raise ValueError(f"{what} must be [channels, height, width], three positive whole numbers, "
                         f"found {_short(value)}")
    if size(value) > MAX_NUMBERS:
        raise ValueError(f"{what} {value} holds more than {MAX_NUMBERS} numbers")
    return tuple(value)


def _layer(saved, shape, what, check_numbers):
    """One layer from its dict, which must take the `shape` the layer below gives."""
    if not isinstance(saved, dict):
        raise ValueError(f"{what} must be an object")
    kind = saved.get("type")
    if not isinstance(kind, str) or kind not in LAYER_TYPES:
        raise ValueError(f"{what}.type must be one of {', '.join(LAYER_TYPES)}, found {_short(kind)}")
    what = f"{what} ({kind})"
    if kind in ("conv", "pool"):
        in_shape = _shape(saved.get("in_shape"), f"{what}.in_shape")
        if len(shape) != 3 or in_shape != shape:
            raise ValueError(f"{what}.in_shape is {list(in_shape)}, but the layer below gives "
                             f"{_shape_text(shape)}")
        c, h, w = in_shape
        k = _whole(saved, "size", what)
        if kind == "conv":
            return _conv_layer(saved, in_shape, k, what, check_numbers)
        if k > h or k > w:
            raise ValueError(f"{what}: a {k} x {k} pool does not fit in its {h} x {w} input")
        return MaxPoolLayer(in_shape, k, _activation(saved, what))
    else:
        n_in, n_out = _whole(saved, "in", what), _whole(saved, "out", what)
        if size(shape) != n_in:
            raise ValueError(f"{what}.in is {n_in}, but the layer below gives {size(shape)} numbers")
        if n_out > MAX_NUMBERS:
            raise ValueError(f"{what}.out is more than {MAX_NUMBERS}")
        check_numbers(saved.get("weights"), (n_out, n_in), f"{what}.weights")
        check_numbers(saved.get("biases"), (n_out,), f"{what}.biases")
        if kind == "softmax":
            layer = SoftmaxLayer(n_in, n_out)
        else:
            dropout = saved.get("dropout", 0.0)
            if type(dropout) not in (int, float) or not 0 <= dropout < 1:
                raise ValueError(f"{what}.dropout must be a number from 0 to less than 1, "
                                 f"found {_short(dropout)}")
            layer = FullyConnectedLayer(n_in, n_out, _activation(saved, what), dropout=float(dropout))
    layer.weights = [[float(v) for v in row] for row in saved["weights"]]
    layer.biases = [float(v) for v in saved["biases"]]
    return layer


def _conv_layer(saved, in_shape, k, what, check_numbers):
    """A conv layer from its dict; "padding" and "stride" default to 0 and 1 (files before them)."""
    c, h, w = in_shape
    n = _whole(saved, "filters", what)
    padding = saved.get("padding", 0)
    if type(padding) is not int or not 0 <= padding < k:
        raise ValueError(f"{what}.padding must be a whole number from 0 to {k - 1} (its size - 1), "
                         f"found {_short(padding)}")
    stride = _whole(saved, "stride", what) if "stride" in saved else 1
    try:
        layer = ConvLayer(n, k, in_shape, padding=padding, stride=stride)
    except ValueError as e:
        raise ValueError(f"{what}: {e}") from None
    check_numbers(saved.get("weights"), (n, c * k * k), f"{what}.weights")
    check_numbers(saved.get("biases"), (n,), f"{what}.biases")
    layer.weights = [[float(v) for v in row] for row in saved["weights"]]
    layer.biases = [float(v) for v in saved["biases"]]
    return layer


def _whole(saved, key, what):
    value = saved.get(key)
    if type(value) is not int or not 1 <= value <= MAX_NUMBERS:
        raise ValueError(f"{what}.{key} must be a positive whole number, found {_short(value)}")
    return value


def _activation(saved, what):
    name = saved.get("activation")
    if not isinstance(name, str) or name not in HIDDEN:
        raise ValueError(f"{what}.activation must be one of {', '.join(sorted(HIDDEN))}, "
                         f"found {_short(name)}")
    return HIDDEN[name]


def _shape_text(shape):
    return str(list(shape)) if len(shape) == 3 else f"{size(shape)} numbers"


def _short(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
