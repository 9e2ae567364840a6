"""What the playground page shows, all computed by purenn: no HTTP here (see server.py).

The page sends a drawing; `Playground.predict_drawing` prepares it exactly as
``python main.py predict`` prepares an image file (`image.to_mnist`: crop to the
ink, scale into a 20-pixel box, centre by mass in 28 x 28) and answers with
what every layer of the network did with it:

    {"input": 784 numbers, "hidden": [[a^1_j ...], ...], "output": [a^L_j ...],
     "prediction": 7, ...}

and, for a conv network (convnet.py), "maps": the first conv layer's feature
maps of the input, the filters' tiles coming with the network's description.

`LiveTraining` lets a training run share its network while it learns: after
every few thousand samples it copies the weights (a snapshot), so the page
can draw the weight tiles and test drawings against the network as it is at
that moment, without ever reading weights that a mini-batch is changing.

Requests are checked field by field; whatever is wrong raises `RequestError`
with one line saying what, which the server answers with 400.
"""

import copy
import os
import random
import sys
import threading

from ..convnet import ConvNetwork
from .convview import conv_activations, conv_description, feature_maps, rounded, rounded_tiles
from ..dense import FullyConnectedLayer
from ..matrix import Matrix
from ..pictures.image import MNIST_SIZE, to_mnist
from ..pictures.png import ImageError
from ..pictures.weights import NEGATIVE, POSITIVE
from ..vector import add, argmax
from . import modelfile

SHIPPED_MODEL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.json")
SHIPPED_DECIMALS = 4  # the shipped model's weights are rounded to this many decimals
MAX_SIDE = 200  # the largest drawing accepted, in pixels each way


class RequestError(ValueError):
    """A request that cannot be answered as asked: bad JSON, a wrong size, a value out of range."""


# ---------------------------------------------------------------- one input, every layer

def layer_activations(net, x):
    """[a^1, ..., a^L]: every layer's activations for input x, a^l = f(w^l a^{l-1} + b^l).

    The same loop as ``Network.feedforward``, keeping each layer's a instead of
    only the last.  For a ConvNetwork: every layer's output, in its list of layers.
    """
    if isinstance(net, ConvNetwork):
        return conv_activations(net, x)
    activations = []
    a = x
    for w, b, f in zip(net.weights, net.biases, net.activation_functions()):
        a = f.fn(add(w @ a, b))
        activations.append(a)
    return activations


def analyse(net, x):
    """What the network does with one input x (784 floats): a JSON-ready dict.

    For a ConvNetwork, "hidden" holds the fully connected hidden layers, and
    "maps" the first conv layer's feature maps (see feature_maps).
    """
    activations = layer_activations(net, x)
    output = activations[-1]
    if isinstance(net, ConvNetwork):
        hidden = [a for layer, a in zip(net.layers[:-1], activations) if isinstance(layer, FullyConnectedLayer)]
        return {"input": rounded(x), "hidden": [rounded(a) for a in hidden],
                "maps": [rounded(m) for m in feature_maps(net, x)],
                "output": rounded(output), "prediction": argmax(output)}
    return {"input": rounded(x), "hidden": [rounded(a) for a in activations[:-1]],
            "output": rounded(output), "prediction": argmax(output)}


def drawing_to_input(request):
    """784 floats from a drawing {"width": w, "height": h, "pixels": [w*h gray ints 0-255]}.

    The pixels go row by row, 0 black; ink may be dark on light or light on dark,
    as in any image file `predict` reads.  Raises RequestError for a bad request,
    and for a drawing with no ink (to_mnist's ImageError).
    """
    if not isinstance(request, dict):
        raise RequestError("expected a JSON object with width, height and pixels")
    width, height, pixels = request.get("width"), request.get("height"), request.get("pixels")
    for name, side in (("width", width), ("height", height)):
        if type(side) is not int or not 1 <= side <= MAX_SIDE:
            raise RequestError(f"{name} must be a whole number from 1 to {MAX_SIDE}, found {side!r}"[:120])
    if not isinstance(pixels, list) or len(pixels) != width * height:
        found = len(pixels) if isinstance(pixels, list) else type(pixels).__name__
        raise RequestError(f"pixels must be a list of width x height = {width * height} numbers, "
                           f"found {found}")
    for i, v in enumerate(pixels):
        if type(v) is not int or not 0 <= v <= 255:
            raise RequestError(f"pixels[{i}] must be a whole number from 0 to 255, found {v!r}"[:120])
    rows = [pixels[y * width:(y + 1) * width] for y in range(height)]
    try:
        return to_mnist(rows, name="drawing")
    except ImageError as e:
        raise RequestError(str(e)) from None


# ---------------------------------------------------------------- the network, live or not

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


class LiveTraining:
    """A training run's network as the page sees it: a snapshot every `every` samples.

    The training loop calls `after_batch(net, done)` after each mini-batch, done
    being the samples trained on so far in this epoch, and `epoch_done(epoch,
    accuracy, net)` after each epoch; the server reads `current()` and `status()`
    from its own threads.  Each snapshot also measures the accuracy on the first
    `curve_samples` test images: the points of the page's learning curve.  None
    of it touches the network's random numbers, so the run prints the same
    numbers as without the page.
    """

    def __init__(self, net, test_data=(), every=5000, curve_samples=250):
        self.every, self.curve_data = every, list(test_data[:curve_samples])
        self.lock = threading.Lock()
        self.samples = 0  # trained on so far, over all epochs
        self.before_epoch = 0  # of which in earlier epochs
        self.at_snapshot = 0  # samples when the last snapshot was taken
        self.epoch, self.version, self.finished = 0, 0, False
        self.curve = []  # (samples seen, accuracy % on curve_data)
        self.epochs = []  # (epoch, samples seen, test accuracy %)
        self._take(net)

    def _take(self, net):
        """Copy the network and measure its accuracy; `version` counts the snapshots."""
        net = snapshot(net)
        point = None
        if self.curve_data:
            correct = net.evaluate(self.curve_data)
            point = (self.samples, round(100 * correct / len(self.curve_data), 2))
        with self.lock:
            self.net = net
            self.version += 1
            self.at_snapshot = self.samples
            if point:
                self.curve.append(point)

    def after_batch(self, net, done):
        """`done` samples of this epoch trained on: a snapshot if `every` have passed since the last."""
        self.samples = self.before_epoch + done
        if self.samples - self.at_snapshot >= self.every:
            self._take(net)

    def epoch_done(self, epoch, accuracy, net):
        """Record an epoch's test accuracy (in percent) and take a snapshot of its end."""
        with self.lock:
            self.epoch = epoch
            self.epochs.append((epoch, self.samples, round(accuracy, 2)))
        self.before_epoch = self.samples
        if self.samples != self.at_snapshot:
            self._take(net)

    def finish(self):
        """Training is over: the page stops asking for news."""
        with self.lock:
            self.finished = True
            self.version += 1

    def current(self):
        with self.lock:
            return self.net, self.version

    def status(self):
        with self.lock:
            return {"samples": self.samples, "epoch": self.epoch, "finished": self.finished,
                    "curve": list(self.curve), "epochs": list(self.epochs)}


class Playground:
    """The page's data: a fixed network (or a LiveTraining's) and the test digits."""

    def __init__(self, net=None, test_data=(), live=None, seed=None):
        if net is None and live is None:
            raise ValueError("a playground needs a network or a live training run")
        self.net, self.live, self.test_data = net, live, list(test_data)
        self.rng = random.Random(seed)  # picks "another test digit"; not the network's
        self._cache_lock = threading.Lock()
        self._cached = (None, None)  # (version, network description)

    def current(self):
        """(network, version): the version changes whenever the weights the page sees do."""
        return self.live.current() if self.live else (self.net, 1)

    def status(self):
        """What the page polls: the version, and how training is going if it is."""
        _, version = self.current()
        return {"version": version, "training": self.live.status() if self.live else None,
                "test_digits": len(self.test_data)}

    def network(self):
        """The network's shape and its first layer's weight tiles (cached per version)."""
        net, version = self.current()
        with self._cache_lock:
            if self._cached[0] == version:
                return self._cached[1]
        if isinstance(net, ConvNetwork):
            description = conv_description(net)
        else:
            description = {"sizes": net.sizes, "side": MNIST_SIZE, "tiles": rounded_tiles(net.weights[0])}
        description.update(version=version, activation=net.hidden_activation.name,
                           output=net.output_activation.name,
                           colours={"positive": POSITIVE, "negative": NEGATIVE})
        with self._cache_lock:
            self._cached = (version, description)
        return description

    def predict_drawing(self, request):
        """The answer to a drawing (see `drawing_to_input`)."""
        x = drawing_to_input(request)
        net, version = self.current()
        return dict(analyse(net, x), version=version)

    def test_digit(self, index=None):
        """A test digit, as it is (already like MNIST), and what the network makes of it.

        index None picks one at random.  Raises LookupError without a test set
        and RequestError for an index out of range.
        """
        if not self.test_data:
            raise LookupError("no test set loaded")
        if index is None:
            index = self.rng.randrange(len(self.test_data))
        if type(index) is not int or not 0 <= index < len(self.test_data):
            raise RequestError(f"index must be a whole number from 0 to {len(self.test_data) - 1}")
        x, label = self.test_data[index]
        net, version = self.current()
        return dict(analyse(net, list(x)), version=version, index=index, label=label)


# ---------------------------------------------------------------- the shipped model

def round_weights(net, decimals=SHIPPED_DECIMALS):
    """Round every weight and bias to `decimals` places, in place: a smaller model file."""
    net.weights = [Matrix([[round(w, decimals) for w in row] for row in m.rows]) for m in net.weights]
    net.biases = [[round(b, decimals) for b in layer] for layer in net.biases]


def make_shipped_model(source, target=SHIPPED_MODEL, decimals=SHIPPED_DECIMALS):
    """Write the model in `source`, rounded (see `round_weights`), to `target`."""
    net, training = modelfile.load(source)
    round_weights(net, decimals)
    modelfile.save(net, target, training=dict(training, rounded_to_decimals=decimals))


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python -m purenn.app.playground SAVED.json [SHIPPED.json]\n"
                 "rounds a saved model's weights to 4 decimals: the model `python main.py serve` ships with")
    make_shipped_model(*sys.argv[1:])
