"""Teach it your handwriting: a few SGD steps on one digit, with undo, reset and save.

When the network reads your drawing wrong, you give it the right label, and
`Teacher.teach` takes `steps` steps of gradient descent on that one sample,

    w ← w - η ∂C/∂w,    b ← b - η ∂C/∂b    (``Network.update_mini_batch`` on [(x, y)]),

keeping the ten outputs after each step, so the page can show them move.  One
digit is not a training set: to show what it costs, the accuracy on the first
ACCURACY_SAMPLES test images is measured before and after, and a learner sees
both the learning and the forgetting.

The network in memory changes, never a file: only `save` writes, and only to
the path the command line gave (``serve --save PATH``), atomically
(modelfile.save).  Every state the network goes through is a new copy
(models.snapshot); a state, once the page can see it, is never changed again.
So a drawing read while another browser teaches sees the old weights or the
new ones, never a mix; and teaching, undo, reset and save take `lock` in
turn, so two browsers teaching at once take their steps one after the other.
"""

import threading

from ...network import TrainingDiverged
from ...optimizers import SGD
from ...vector import SparseVector
from .. import modelfile
from .checks import StateError
from .models import snapshot

ACCURACY_SAMPLES = 1000  # test images measured before and after teaching
MAX_UNDO = 20  # earlier states kept for undo (a [784, 30, 10] state is about 0.6 MB)


class Teacher:
    """A fully connected network that learns from the digits it is taught, one request at a time.

    net:        the network as the server starts (reset goes back to it)
    test_data:  (x, label) pairs; the first ACCURACY_SAMPLES measure the accuracy
    save_path:  where `save` writes (``serve --save PATH``), or None: no saving
    training:   the model file's training settings, kept in what `save` writes
    """

    def __init__(self, net, test_data=(), save_path=None, training=None):
        self.start = net
        self.net = net
        self.version = 1  # goes up with every change of the weights
        self.lessons = []  # what made self.net from self.start: {"label", "eta", "steps"} each
        self.history = []  # earlier (net, lessons), the last one first undone
        self.save_path, self.training = save_path, dict(training or {})
        # kept sparse (only the inked pixels), as the command line loads them: 1000 images are read
        # in 0.5 s instead of 1.6 s (CPython 3.11, the shipped model)
        self.accuracy_data = [(x if isinstance(x, SparseVector) else SparseVector.from_list(x), label)
                              for x, label in test_data[:ACCURACY_SAMPLES]]
        self.lock = threading.Lock()  # teach, undo, reset and save: one at a time
        self._state = threading.Lock()  # held only to read or replace (net, version, ...) together
        self._measured = []  # (network, how many of accuracy_data it reads right), found by `is`
        self._measure_lock = threading.Lock()

    def current(self):
        """(network, version): the state the page sees now."""
        with self._state:
            return self.net, self.version

    def _publish(self, net, lessons):
        """Make `net` the state the page sees; the one before it can be undone.  Hold `lock`."""
        with self._state:
            self.history.append((self.net, self.lessons))
            del self.history[:-MAX_UNDO]
            self.net, self.lessons = net, lessons
            self.version += 1
        kept = [n for n, _ in self.history] + [self.net, self.start]
        with self._measure_lock:  # forget the states that can no longer come back
            self._measured = [(n, c) for n, c in self._measured if any(n is k for k in kept)]

    def teach(self, x, label, eta, steps):
        """`steps` SGD steps of size η on the one sample (x, label); the outputs after each.

        Returns {"outputs": [a^L before, after step 1, ...], "version", "accuracy": {"before",
        "after", "images"}}, the accuracies in percent.
        """
        with self.lock:
            before = self.net
            net = snapshot(before)
            net.optimizer = SGD()  # plain steps: no momentum carried from a training run
            net.dropout = net.input_dropout = 0.0  # and no neurons silenced at random
            outputs = [net.feedforward(x)]
            try:
                for _ in range(steps):
                    net.update_mini_batch([(x, label)], eta)
                    outputs.append(net.feedforward(x))
            except TrainingDiverged:
                raise StateError(f"the weights became infinite with η = {eta}; nothing changed") from None
            self._publish(net, self.lessons + [{"label": label, "eta": eta, "steps": steps}])
            version = self.version
        return {"outputs": outputs, "version": version,
                "accuracy": {"before": self.accuracy(before), "after": self.accuracy(net),
                             "images": len(self.accuracy_data)}}

    def undo(self):
        """Back to the weights before the last teach or reset."""
        with self.lock:
            if not self.history:
                raise StateError("nothing to undo: the network is as the server started it")
            with self._state:
                self.net, self.lessons = self.history.pop()
                self.version += 1
                return self.version

    def reset(self):
        """Back to the network the server started with (undo brings the taught one back)."""
        with self.lock:
            self._publish(self.start, [])
            return self.version

    def save(self):
        """Write the network as it is now to save_path (atomically); returns (path, version)."""
        if self.save_path is None:
            raise StateError("saving is off: start the server with python main.py serve --save PATH")
        with self.lock:
            training = dict(self.training)
            if self.lessons:
                training.pop("rounded_to_decimals", None)  # taught weights are rounded no more
                training["taught_in_playground"] = list(self.lessons)
            try:
                modelfile.save(self.net, self.save_path, training=training)
            except modelfile.ModelFileError as e:  # a full disk, a folder gone since the start
                raise StateError(f"not saved: {e}") from None
            return self.save_path, self.version

    def accuracy(self, net):
        """The percentage of accuracy_data that `net` reads right (None without test images)."""
        if not self.accuracy_data:
            return None
        with self._measure_lock:
            correct = next((c for n, c in self._measured if n is net), None)
        if correct is None:
            correct = net.evaluate(self.accuracy_data)  # about half a second for 1000 images
            with self._measure_lock:
                self._measured.append((net, correct))
        return round(100 * correct / len(self.accuracy_data), 2)

    def status(self):
        """For the page: what can be undone, what was taught, whether save is on."""
        with self._state:
            return {"version": self.version, "undo": len(self.history), "lessons": len(self.lessons),
                    "save": self.save_path is not None}
