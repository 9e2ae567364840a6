"""The networks the playground serves: the model shipped with purenn, and copies of a network.

Two models ship: ``purenn/app/conv-model.json``, the conv network ``serve``
reads drawings with, and ``purenn/app/model.json``, [784, 30, 10] trained for 3
epochs with ``--seed 1``, which ``predict`` uses, the step-through steps through and
``serve --model fc`` serves.  Each is a saved run with its weights rounded to 4
decimals (`make_shipped_model`, run as ``python -m purenn.app.playground SAVED.json
SHIPPED.json``; docs/playground.md gives the commands that trained them).  A `snapshot` is a copy whose weights nothing else
changes: what a training run shares with the page (live.py), and each state
teaching goes through (teach.py).
"""

import copy
import os

from ...convnet import ConvNetwork
from ...matrix import Matrix
from .. import modelfile

APP_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIPPED_MODEL = os.path.join(APP_DIR, "model.json")
SHIPPED_CONV_MODEL = os.path.join(APP_DIR, "conv-model.json")
SHIPPED_MODELS = {"conv": SHIPPED_CONV_MODEL, "fc": SHIPPED_MODEL}  # serve --model
SHIPPED_DECIMALS = 4  # the shipped model's weights are rounded to this many decimals


def snapshot(net):
    """A copy of the network whose weights and biases later training cannot change."""
    copied = copy.copy(net)  # shares the settings (sizes, activations); never used to train
    if isinstance(net, ConvNetwork):  # each layer copied, with its own weight rows and biases
        copied.layers = [copy.copy(layer) for layer in net.layers]
        for layer in copied.layers:
            layer.weights = [list(row) for row in layer.weights]
            layer.biases = list(layer.biases)
        return copied
    copied.weights = [Matrix(w.rows) for w in net.weights]  # Matrix() copies each row
    copied.biases = [list(b) for b in net.biases]
    return copied


def load_shipped():
    """The shipped model, a Network([784, 30, 10])."""
    return modelfile.load(SHIPPED_MODEL)[0]


def round_weights(net, decimals=SHIPPED_DECIMALS):
    """Round every weight and bias to `decimals` places, in place: a smaller model file."""
    if isinstance(net, ConvNetwork):
        for layer in filter(lambda layer: layer.has_parameters, net.layers):
            layer.weights[:] = [[round(w, decimals) for w in row] for row in layer.weights]
            layer.biases[:] = [round(b, decimals) for b in layer.biases]
        return
    net.weights = [Matrix([[round(w, decimals) for w in row] for row in m.rows]) for m in net.weights]
    net.biases = [[round(b, decimals) for b in layer] for layer in net.biases]


def make_shipped_model(source, target=SHIPPED_MODEL, decimals=SHIPPED_DECIMALS):
    """Write the model in `source`, rounded (see `round_weights`), to `target`."""
    net, training = modelfile.load(source)
    round_weights(net, decimals)
    modelfile.save(net, target, training=dict(training, rounded_to_decimals=decimals))
