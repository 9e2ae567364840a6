"""class Playground: the answer to each of the page's requests, all computed by purenn (no HTTP here).

server.py turns each request into one call here and the returned dict into
JSON; a bad request raises `RequestError` (checks.py), answered with 400, and
a LookupError (no test set) with 404.  The network is a fixed one (``python
main.py serve``) or a training run's, as the page sees it while it learns
(live.py's LiveTraining, which has the same `current()`).
"""

import random
import threading

from ...convnet import ConvNetwork
from ...pictures.image import MNIST_SIZE
from ...pictures.weights import NEGATIVE, POSITIVE
from .checks import RequestError
from .convview import conv_description, rounded_tiles
from .digits import analyse, drawing_to_input


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
