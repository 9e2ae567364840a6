"""--serve: the playground page shows a training run as it learns, then stays up.

`serve_training` starts the page's server in a background thread and hangs a
`playground.LiveTraining` on the run's ``after_batch`` and ``after_epoch``
lists: the training loop itself does not change.  When the epochs are over,
`keep_serving` leaves the page up, showing the trained network, until Ctrl-C.
"""

import time

from .playground import LiveTraining, Playground
from .server import exposure_warning, make_server, serve_in_background


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
