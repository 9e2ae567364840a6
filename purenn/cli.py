"""The command line: ``python main.py --hidden 30 --epochs 5``.

This is the only module that prints.  It reads the options, loads the data,
trains a Network epoch by epoch while a progress bar runs, and reports the
test accuracy after each epoch.  Errors in the input become one line,
``error: ...``, and a non-zero exit status, not a traceback.
"""

import argparse
import math
import sys
import time

from .activations import HIDDEN
from .costs import COSTS
from .data import N_CLASSES, N_PIXELS, DataError, load_csv
from .network import INITS, Network

DEFAULT_TRAIN = "data/mnist_train.csv.gz"
DEFAULT_TEST = "data/mnist_test.csv.gz"


def positive_int(text):
    """argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def non_negative_int(text):
    """argparse type: a whole number of at least 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def positive_float(text):
    """argparse type: a finite number greater than 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive finite number, got {text}")
    return value


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="Train a pure-Python neural network on MNIST handwritten digits.")
    parser.add_argument("--hidden", type=positive_int, nargs="+", default=[30], metavar="N",
                        help="neurons in each hidden layer (default: 30); "
                             "--hidden 100 30 makes [784, 100, 30, 10]")
    parser.add_argument("--epochs", type=non_negative_int, default=5,
                        help="passes over the training data (default: 5)")
    parser.add_argument("--batch-size", type=positive_int, default=10,
                        help="samples per mini-batch (default: 10)")
    parser.add_argument("--eta", type=positive_float, default=0.5,
                        help="learning rate η (default: 0.5)")
    parser.add_argument("--cost", choices=sorted(COSTS), default="cross-entropy",
                        help="cost function (default: cross-entropy)")
    parser.add_argument("--activation", choices=sorted(HIDDEN), default="sigmoid",
                        help="activation of the hidden layers (default: sigmoid)")
    parser.add_argument("--init", choices=INITS, default="scaled",
                        help="weight initialisation (default: scaled, N(0, 1/n_in))")
    parser.add_argument("--seed", type=int, default=1,
                        help="random seed for weights and shuffling (default: 1)")
    parser.add_argument("--train", default=DEFAULT_TRAIN, metavar="PATH",
                        help=f"training CSV (default: {DEFAULT_TRAIN})")
    parser.add_argument("--test", default=DEFAULT_TEST, metavar="PATH",
                        help=f"test CSV (default: {DEFAULT_TEST})")
    parser.add_argument("--limit", type=positive_int, metavar="N",
                        help="use only the first N training samples (for quick tries)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--debug", action="store_true",
                        help="show the Python traceback of an error (for developers)")
    return parser


class PlainProgress:
    """A one-line progress report, for when tqdm is not installed."""

    def __init__(self, total, desc):
        self.total, self.desc, self.done = total, desc, 0
        self.start = self.last_shown = time.perf_counter()

    def update(self, n):
        self.done += n
        now = time.perf_counter()
        if now - self.last_shown >= 0.5 or self.done == self.total:
            rate = self.done / max(now - self.start, 1e-9)
            sys.stderr.write(f"\r{self.desc}: {self.done}/{self.total} samples, {rate:.0f} samples/s ")
            sys.stderr.flush()
            self.last_shown = now

    def close(self):
        sys.stderr.write("\r" + " " * 72 + "\r")
        sys.stderr.flush()


class NoProgress:
    def update(self, n):
        pass

    def close(self):
        pass


def progress_bar(total, desc, quiet):
    """A progress bar over `total` samples: tqdm's if installed, else a plain line."""
    if quiet or not sys.stderr.isatty():
        return NoProgress()
    try:
        from tqdm import tqdm
    except ImportError:
        return PlainProgress(total, desc)
    return tqdm(total=total, desc=desc, unit="sample", unit_scale=True, leave=False,
                dynamic_ncols=True)


def load(path, limit=None):
    """Load a CSV file, saying what is happening and how long it took."""
    start = time.perf_counter()
    print(f"Loading {path} ...", flush=True)
    data = load_csv(path, limit=limit)
    print(f"  {len(data)} samples in {time.perf_counter() - start:.1f} s")
    return data


def format_duration(seconds):
    """'42.0 s' or '3 min 12 s'."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds} s"


def run(args):
    """Train and evaluate as the options say; returns the exit status."""
    training_data = load(args.train, args.limit)
    test_data = load(args.test)
    sizes = [N_PIXELS] + args.hidden + [N_CLASSES]
    net = Network(sizes, cost=COSTS[args.cost], activation=HIDDEN[args.activation],
                  init=args.init, seed=args.seed)
    print(f"Training {net} for {args.epochs} epochs: batch size {args.batch_size}, "
          f"eta {args.eta}, seed {args.seed}")
    n_test = len(test_data)
    best = None
    run_start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        bar = progress_bar(len(training_data), f"Epoch {epoch}/{args.epochs}", args.quiet)
        try:
            net.train_epoch(training_data, args.batch_size, args.eta, progress=bar.update)
        finally:
            bar.close()
        correct = net.evaluate(test_data)
        elapsed = time.perf_counter() - start
        print(f"Epoch {epoch}/{args.epochs}: {correct} / {n_test} correct "
              f"({100 * correct / n_test:.2f}%), {elapsed:.1f} s", flush=True)
        if best is None or correct > best[1]:
            best = (epoch, correct)
    if best is None:
        correct = net.evaluate(test_data)
        print(f"Untrained network: {correct} / {n_test} correct ({100 * correct / n_test:.2f}%)")
    else:
        print(f"Done in {format_duration(time.perf_counter() - run_start)}: "
              f"final {100 * correct / n_test:.2f}%, best {100 * best[1] / n_test:.2f}% "
              f"(epoch {best[0]})")
    return 0


def main(argv=None):
    """Entry point of ``python main.py`` and the ``purenn`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except DataError as e:
        if args.debug:
            raise
        print(f"error: {e}", file=sys.stderr)
        return 1
