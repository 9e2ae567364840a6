"""--serve: the playground page shows a training run as it learns, then stays up.

`LiveTraining` lets a training run share its network while it learns: after
every few thousand samples it copies the weights (a snapshot), so the page
can draw the weight tiles and test drawings against the network as it is at
that moment, without ever reading weights that a mini-batch is changing.

`serve_training` starts the page's server in a background thread and hangs a
`LiveTraining` on the run's ``after_batch`` and ``after_epoch``
lists: the training loop itself does not change.  When the epochs are over,
`keep_serving` leaves the page up, showing the trained network, until Ctrl-C.
"""

import threading
import time

from .models import snapshot
from .pages import Playground
from .server import exposure_warning, make_server, serve_in_background


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


def serve_training(run, net, test_data, host, port):
    """Serve the page for this TrainingRun; returns (the LiveTraining, the page's url).

    After every mini-batch the LiveTraining may copy the weights (a snapshot);
    after every epoch it adds the test accuracy, in percent, to the page's curve.
    """
    live = LiveTraining(net, test_data)
    n_test = len(test_data)
    run.after_batch.append(live.after_batch)
    run.after_epoch.append(lambda net, result: live.epoch_done(
        result.epoch, 100 * result.test_correct / n_test, net))
    server = make_server(Playground(live=live, test_data=test_data), host, port)
    if exposure_warning(host):
        print(exposure_warning(host), flush=True)
    serve_in_background(server)
    print(f"Watch it learn at {server.url}", flush=True)
    return live, server.url


def keep_serving(live, url):
    """After training: the page shows the trained network until Ctrl-C, which ends the run normally."""
    live.finish()
    print(f"Training is over; the page at {url} shows the trained network. Ctrl-C stops.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("\nStopped.")
