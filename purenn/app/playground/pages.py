"""class Playground: the answer to each of the page's requests, all computed by purenn (no HTTP here).

server.py turns each request into one call here and the returned dict into
JSON; a bad request raises `RequestError` (checks.py), answered with 400, one
that cannot be done now `StateError` (409), and a LookupError (no test set)
404.  The network is a fixed one (``python main.py serve``), which a learner
can teach (teach.py), or a training run's, as the page sees it while it learns
(live.py's LiveTraining, which has the same `current()`).

    status()              the version of the weights, training's progress, what teaching can do
    network()             the sizes and the first layer's weight tiles
    test_digit(index)     a test digit and every layer's output (digits.py)
    predict_drawing(body) a drawing, prepared like MNIST, and every layer's output
    backprop(body)        the step-through of forward_pass and backprop (stepper.py)
    teach(body), undo(body), reset(body), save(body)    teaching it your digit (teach.py)
"""

import random
import threading

from ...convnet import ConvNetwork
from ...network import Network
from ...pictures.image import MNIST_SIZE
from ...pictures.weights import NEGATIVE, POSITIVE
from ...vector import argmax
from .checks import RequestError, StateError, check_image, check_keys, check_label, check_number, check_whole
from .convview import conv_description, rounded, rounded_tiles
from .digits import analyse, drawing_to_input
from .models import load_shipped
from .stepper import SourceError, code_lines, step_through
from .teach import Teacher

ETA = (0.05, 3.0)  # the learning rates teaching allows, smallest and largest
STEPS = (1, 20)  # the numbers of steps one request may take


class Playground:
    """The page's data: a fixed network (or a LiveTraining's) and the test digits.

    save_path and training go to the Teacher: where ``serve --save PATH``
    writes what the network was taught, and the model file's training settings.
    """

    def __init__(self, net=None, test_data=(), live=None, seed=None, save_path=None, training=None):
        if net is None and live is None:
            raise ValueError("a playground needs a network or a live training run")
        self.net, self.live, self.test_data = net, live, list(test_data)
        self.rng = random.Random(seed)  # picks "another test digit"; not the network's
        self._cache_lock = threading.Lock()
        self._cached = (None, None)  # (version, network description)
        self.teacher = None
        if live:
            self.cannot_teach = ("teaching is off while a run trains (--serve): its weights are the training's; "
                                 "to teach the trained network, save it and python main.py serve --load it")
        elif not isinstance(net, Network):
            self.cannot_teach = ("teaching needs a fully connected network (python main.py serve "
                                 "--model fc): measuring a conv network on 1,000 test images after "
                                 "each lesson, as this page does, takes about 20 s on CPython")
        else:
            self.cannot_teach = None
            self.teacher = Teacher(net, test_data, save_path, training)
        self._shipped = None  # the step-through's network when the page serves a conv one
        self._shipped_lock = threading.Lock()
        try:  # once, at start: the source of the code that is running
            self.code, self.code_error = code_lines(), None
        except (SourceError, OSError, TypeError) as e:  # TypeError: no source (a frozen program)
            self.code, self.code_error = None, f"the step-through cannot read network.py: {e}"

    def current(self):
        """(network, version): the version changes whenever the weights the page sees do."""
        if self.live:
            return self.live.current()
        if self.teacher:
            return self.teacher.current()
        return self.net, 1

    def status(self):
        """What the page polls: the version, how training is going if it is, what teaching can do."""
        net, version = self.current()
        teaching = dict(self.teacher.status(), eta=ETA, steps=STEPS,
                        images=len(self.teacher.accuracy_data)) if self.teacher else None
        return {"version": version, "training": self.live.status() if self.live else None,
                "test_digits": len(self.test_data), "teaching": teaching, "cannot_teach": self.cannot_teach,
                "stepper": "served" if isinstance(net, Network) else "shipped"}

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

    # ------------------------------------------------------------ step through backprop

    def fully_connected(self):
        """(network, version, "served") for a Network, else (the shipped model, None, "shipped")."""
        net, version = self.current()
        if isinstance(net, Network):
            return net, version, "served"
        with self._shipped_lock:
            if self._shipped is None:
                self._shipped = load_shipped()
            return self._shipped, None, "shipped"

    def backprop(self, request):
        """Every step of forward_pass and backprop for {"image": 784 numbers 0-1, "label": 0-9}."""
        check_keys(request, ("image", "label"))
        x, label = check_image(request["image"]), check_label(request["label"])
        if self.code is None:
            raise StateError(self.code_error)
        net, version, which = self.fully_connected()
        return dict(step_through(net, x, label, self.code), network=which, version=version)

    # ------------------------------------------------------------ teach it your handwriting

    def _teacher(self):
        if self.teacher is None:
            raise StateError(self.cannot_teach)
        return self.teacher

    def teach(self, request):
        """SGD steps on {"image": 784 numbers 0-1, "label": 0-9, "eta": 0.05-3, "steps": 1-20}.

        Answers with the ten outputs and the digit read before and after each
        step, and the accuracy on the test images before and after.
        """
        check_keys(request, ("image", "label", "eta", "steps"))
        x, label = check_image(request["image"]), check_label(request["label"])
        eta, steps = check_number("eta", request["eta"], *ETA), check_whole("steps", request["steps"], *STEPS)
        taught = self._teacher().teach(x, label, eta, steps)
        outputs = [{"output": rounded(output), "prediction": argmax(output)} for output in taught["outputs"]]
        accuracy = taught["accuracy"]
        if accuracy["before"] is not None:
            accuracy["change"] = round(accuracy["after"] - accuracy["before"], 2)
        return dict(taught, outputs=outputs, label=label, eta=eta, steps=steps,
                    teaching=self.teacher.status())

    def undo(self, request):
        """{} : back to the weights before the last teach or reset."""
        check_keys(request, ())
        version = self._teacher().undo()
        return {"version": version, "teaching": self.teacher.status(),
                "accuracy": self.teacher.accuracy(self.teacher.current()[0])}

    def reset(self, request):
        """{} : back to the network the server started with."""
        check_keys(request, ())
        version = self._teacher().reset()
        return {"version": version, "teaching": self.teacher.status(),
                "accuracy": self.teacher.accuracy(self.teacher.current()[0])}

    def save(self, request):
        """{} : write the network as it is now to the path of serve --save."""
        check_keys(request, ())
        path, version = self._teacher().save()
        return {"saved": str(path), "version": version, "teaching": self.teacher.status()}

