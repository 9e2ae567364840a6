"""The command line: ``python main.py --hidden 30 --epochs 5``.

This is the only module that prints.  It reads the options, loads the data,
trains a Network epoch by epoch while a progress bar runs, and reports the
accuracy after each epoch.  Whatever goes wrong becomes one line on stderr
and an exit status, never a traceback (``--debug`` shows it):

    1  bad input: a data or model file that cannot be used
    2  bad options (argparse's usage error)
    3  training diverged (a cost or weight became nan or infinite)
    130  interrupted with Ctrl-C; with --save the last completed epoch is on disk
"""

import argparse
import math
import sys
import time

from . import modelfile, show
from ..activations import HIDDEN
from ..costs import COSTS
from ..data import N_CLASSES, N_PIXELS, DataError, load_csv, split
from ..files import OutputError, check_writable
from ..pictures.image import text_art
from ..matrix import Matrix
from .modelfile import ModelFileError
from ..network import INITS, Network, TrainingDiverged
from ..pictures.png import ImageError

DEFAULT_TRAIN = "data/mnist_train.csv.gz"
DEFAULT_TEST = "data/mnist_test.csv.gz"
MONITORS = ("training-cost", "training-accuracy", "evaluation-cost")
# Training settings a saved model remembers, and their defaults (eta's: see default_eta).
SETTINGS = {"batch_size": 10, "eta": None, "lmbda": 0.0, "dropout": 0.0, "eta_decay": 1.0}


def number(kind, low, low_ok=True, high=None):
    """An argparse type: a finite int or float, at least (or above) `low`, below `high`."""
    def convert(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected a {'whole number' if kind is int else 'number'}, got {text!r}") from None
        if not math.isfinite(value) or value < low or (value == low and not low_ok):
            bound = f"at least {low}" if low_ok else f"greater than {low}"
            what = "whole number" if kind is int else "finite number"
            raise argparse.ArgumentTypeError(f"must be a {what} {bound}, got {text}")
        if high is not None and value >= high:
            raise argparse.ArgumentTypeError(f"must be less than {high}, got {text}")
        return value
    return convert


positive_int = number(int, 1)
non_negative_int = number(int, 0)
positive_float = number(float, 0.0, low_ok=False)
non_negative_float = number(float, 0.0)
probability = number(float, 0.0, high=1.0)
SETTING_TYPES = {"batch_size": positive_int, "eta": positive_float, "lmbda": non_negative_float,
                 "dropout": probability, "eta_decay": positive_float}


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="Train a pure-Python neural network on MNIST handwritten digits.",
        epilog="To read your own digits with a saved model: "
               "python main.py predict --load model.json IMAGE [IMAGE ...]")
    net = parser.add_argument_group("the network")
    net.add_argument("--hidden", type=positive_int, nargs="+", metavar="N",
                     help="neurons in each hidden layer (default: 30); "
                          "--hidden 100 30 makes [784, 100, 30, 10]")
    net.add_argument("--cost", choices=sorted(COSTS),
                     help="cost function (default: cross-entropy; log-likelihood means a softmax output)")
    net.add_argument("--output", choices=("sigmoid", "softmax"),
                     help="output layer: sigmoid, or softmax with the log-likelihood cost")
    net.add_argument("--activation", choices=sorted(HIDDEN),
                     help="activation of the hidden layers (default: sigmoid)")
    net.add_argument("--init", choices=INITS,
                     help="initial weights: scaled N(0,1/n_in) (default), large N(0,1), he N(0,2/n_in)")
    net.add_argument("--load", metavar="PATH",
                     help="start from a saved model (its shape, cost and activation come with it)")
    train = parser.add_argument_group("training")
    train.add_argument("--epochs", type=non_negative_int, default=5,
                       help="passes over the training data (default: 5); 0 only evaluates")
    train.add_argument("--batch-size", type=positive_int, help="samples per mini-batch (default: 10)")
    train.add_argument("--eta", type=positive_float,
                       help="learning rate η (default: 0.5 for sigmoid hidden layers, else 0.1)")
    train.add_argument("--eta-decay", type=positive_float, metavar="F",
                       help="multiply η by F after each epoch (default: 1, no decay)")
    train.add_argument("--lmbda", type=non_negative_float,
                       help="L2 regularisation λ: weight decay (1 - ηλ/n) each step (default: 0)")
    train.add_argument("--dropout", type=probability, metavar="P",
                       help="drop each hidden neuron with probability P in training (default: 0)")
    train.add_argument("--seed", type=int, default=1,
                       help="random seed for weights, shuffling and dropout (default: 1)")
    data = parser.add_argument_group("data and reports")
    data.add_argument("--train", default=DEFAULT_TRAIN, metavar="PATH",
                      help=f"training CSV (default: {DEFAULT_TRAIN})")
    data.add_argument("--test", default=DEFAULT_TEST, metavar="PATH",
                      help=f"test CSV (default: {DEFAULT_TEST})")
    data.add_argument("--limit", type=positive_int, metavar="N",
                      help="use only the first N training samples (for quick tries)")
    data.add_argument("--validation", type=positive_int, metavar="N",
                      help="hold out the last N training samples to validate on")
    data.add_argument("--monitor", nargs="+", choices=MONITORS, default=[], metavar="WHAT",
                      help=f"also report each epoch: {', '.join(MONITORS)}")
    data.add_argument("--early-stop", type=positive_int, metavar="K",
                      help="stop after K epochs without a better validation accuracy, keep the best")
    data.add_argument("--save", metavar="PATH", help="save the model (JSON) after every epoch")
    data.add_argument("--plot", metavar="PATH.svg",
                      help="draw the learning curves as SVG, updated after every epoch")
    data.add_argument("--errors", metavar="PATH.png",
                      help="save up to 100 misclassified test digits as a PNG grid; - prints a few as text")
    data.add_argument("--augment", action="store_true",
                      help="also train on copies of each sample rotated by +-10 degrees (3x the data)")
    data.add_argument("--quiet", action="store_true", help="no progress bar")
    data.add_argument("--debug", action="store_true",
                      help="show the Python traceback of an error (for developers)")
    return parser


def check_options(parser, args):
    """Usage errors that no single option can see (argparse exits with status 2)."""
    if args.load:
        given = [f"--{name}" for name in ("hidden", "cost", "output", "activation", "init")
                 if getattr(args, name) is not None]
        if given:
            parser.error(f"{', '.join(given)} cannot be used with --load: the model file fixes them")
    if args.output == "softmax" and args.cost not in (None, "log-likelihood"):
        parser.error(f"--output softmax goes with the log-likelihood cost, not {args.cost}")
    if args.output == "sigmoid" and args.cost == "log-likelihood":
        parser.error("the log-likelihood cost needs --output softmax")
    if args.early_stop and not args.validation:
        parser.error("--early-stop needs --validation N to decide which epoch is best")


def saved_setting(path, saved, name):
    """A training setting from a model file, checked like the option of the same name."""
    value = saved[name]
    kind = int if name == "batch_size" else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind):
        raise ModelFileError(f"{path}: training.{name} should be a number, found {value!r}")
    try:
        return SETTING_TYPES[name](repr(value))
    except argparse.ArgumentTypeError as e:
        raise ModelFileError(f"{path}: training.{name} {e}") from None


def load_mnist_model(path):
    """A saved (network, training settings) that fits MNIST: 784 inputs, 10 outputs."""
    net, saved = modelfile.load(path)
    if net.sizes[0] != N_PIXELS or net.sizes[-1] != N_CLASSES:
        raise ModelFileError(f"{path}: the network is {net.sizes}, but MNIST needs "
                             f"{N_PIXELS} inputs and {N_CLASSES} outputs")
    return net, saved


def default_eta(activation):
    """η = 0.5 suits sigmoid neurons; ReLU and tanh, with steeper slopes, learn best with 0.1."""
    return 0.5 if activation == "sigmoid" else 0.1


def choose_cost(args):
    if args.cost:
        return COSTS[args.cost]
    return COSTS["log-likelihood" if args.output == "softmax" else "cross-entropy"]


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


def format_duration(seconds):
    """'42.0 s' or '3 min 12 s'."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds} s"


def percent(correct, total):
    return f"{100 * correct / total:.2f}%"


class TrainingRun:
    """One run of the command: the data, the network, the epochs and what is printed."""

    def __init__(self, args):
        self.args = args
        self.epoch = 0
        self.batch = 0
        self.history = []  # one dict of measurements per epoch
        self.best = None  # (score, epoch, weights, biases)

    def load(self, path, limit=None):
        start = time.perf_counter()
        print(f"Loading {path} ...", flush=True)
        data = load_csv(path, limit=limit)
        print(f"  {len(data)} samples in {time.perf_counter() - start:.1f} s", flush=True)
        return data

    def make_network(self):
        """A new network, or the one in --load with its saved training settings."""
        args = self.args
        saved = {}
        if args.load:
            net, saved = load_mnist_model(args.load)
            print(f"Loaded {net} from {args.load}")
        else:
            net = Network([N_PIXELS] + (args.hidden or [30]) + [N_CLASSES], cost=choose_cost(args),
                          activation=HIDDEN[args.activation or "sigmoid"], init=args.init or "scaled",
                          seed=args.seed)
        if args.eta is None and "eta" not in saved:
            args.eta = default_eta(net.activation.name)
        for name, default in SETTINGS.items():
            if getattr(args, name) is None:
                setattr(args, name, saved_setting(args.load, saved, name) if name in saved else default)
        net.dropout = args.dropout
        self.epochs_before = saved.get("epochs", 0) if isinstance(saved.get("epochs"), int) else 0
        return net

    def train_epoch(self, net, training_data, eta):
        args = self.args
        self.batch = 0
        bar = progress_bar(len(training_data), f"Epoch {self.epoch}/{args.epochs}", args.quiet)

        def progress(m):
            self.batch += 1
            bar.update(m)
        try:
            net.train_epoch(training_data, args.batch_size, eta, args.lmbda, progress=progress)
        finally:
            bar.close()

    def measure(self, net, training_data, validation_data, test_data):
        """The accuracies (and costs) this epoch reports, as a dict."""
        args = self.args
        result = {"epoch": self.epoch, "test_correct": net.evaluate(test_data)}
        evaluation = test_data
        if validation_data:
            result["validation_correct"] = net.evaluate(validation_data)
            evaluation = validation_data
        if "evaluation-cost" in args.monitor:
            result["evaluation_cost"] = net.total_cost(evaluation, args.lmbda)
        if "training-cost" in args.monitor:
            result["training_cost"] = net.total_cost(training_data, args.lmbda)
        if "training-accuracy" in args.monitor:
            result["training_correct"] = net.evaluate(training_data)
        return result

    def report(self, result, elapsed, sizes):
        """Print the epoch line, and a second line with whatever else is monitored."""
        n_test, n_val, n_train = sizes
        correct = result["test_correct"]
        print(f"Epoch {self.epoch}/{self.args.epochs}: {correct} / {n_test} correct "
              f"({percent(correct, n_test)}), {elapsed:.1f} s")
        extras = []
        if "validation_correct" in result:
            extras.append(f"validation {result['validation_correct']} / {n_val} "
                          f"({percent(result['validation_correct'], n_val)})")
        if "evaluation_cost" in result:
            extras.append(f"{'validation' if n_val else 'test'} cost {result['evaluation_cost']:.4f}")
        if "training_cost" in result:
            extras.append(f"training cost {result['training_cost']:.4f}")
        if "training_correct" in result:
            extras.append(f"training accuracy {percent(result['training_correct'], n_train)}")
        if extras:
            print("  " + ", ".join(extras))
        sys.stdout.flush()

    def keep_if_best(self, net, result):
        """Remember the weights of the best epoch so far (by validation, else test accuracy)."""
        score = result.get("validation_correct", result["test_correct"])
        if self.best is None or score > self.best[0]:
            self.best = (score, self.epoch, [Matrix(w.rows) for w in net.weights],
                         [list(b) for b in net.biases])
            return True
        return False

    def save(self, net, eta):
        """Save the network with the settings to continue from, eta being the next epoch's."""
        settings = {name: getattr(self.args, name) for name in SETTINGS}
        settings.update(eta=eta, epochs=self.epochs_before + self.epoch, seed=self.args.seed)
        modelfile.save(net, self.args.save, training=settings)

    def run(self):
        args = self.args
        for path in (args.save, args.plot, args.errors):
            if path and path != "-":
                check_writable(path)
        net = self.make_network()
        training_data = self.load(args.train, args.limit) if args.epochs else []
        validation_data = []
        if args.validation and args.epochs:
            if args.validation >= len(training_data):
                raise DataError(f"{args.train}: --validation {args.validation} leaves no samples "
                                f"to train on (the file has {len(training_data)})")
            training_data, validation_data = split(training_data, args.validation)
        if args.augment and training_data:
            start = time.perf_counter()
            print(f"Rotating {len(training_data)} training images by +-10 degrees ...", flush=True)
            training_data = show.augmented(training_data)
            print(f"  {len(training_data)} samples in {time.perf_counter() - start:.1f} s")
        test_data = self.load(args.test)
        sizes = (len(test_data), len(validation_data), len(training_data))
        if not args.epochs:
            correct = net.evaluate(test_data)
            print(f"Test: {correct} / {len(test_data)} correct ({percent(correct, len(test_data))})")
            self.show_errors(net, test_data)
            return 0
        print(f"Training {net} for {args.epochs} epoch{'s' if args.epochs > 1 else ''} on {len(training_data)} samples: "
              f"batch size {args.batch_size}, eta {args.eta}, seed {args.seed}"
              + (f", lmbda {args.lmbda}" if args.lmbda else "")
              + (f", dropout {args.dropout}" if args.dropout else ""))
        eta = args.eta
        run_start = time.perf_counter()
        since_best = 0
        for self.epoch in range(1, args.epochs + 1):
            start = time.perf_counter()
            self.train_epoch(net, training_data, eta)
            result = self.measure(net, training_data, validation_data, test_data)
            self.history.append(result)
            eta *= args.eta_decay
            improved = self.keep_if_best(net, result)
            since_best = 0 if improved else since_best + 1
            if args.save and (improved or not args.early_stop):
                self.save(net, eta)  # before the epoch line, so a printed epoch is a saved one
            self.report(result, time.perf_counter() - start, sizes)
            if args.plot:
                show.plot_history(args.plot, self.history, sizes, self.title(net))
            if args.early_stop and since_best >= args.early_stop:
                print(f"No better validation accuracy for {since_best} epochs: stopping early.")
                break
        self.finish(net, test_data, time.perf_counter() - run_start)
        self.show_errors(net, test_data)
        return 0

    def title(self, net):
        """The plot's title: the network and its hyperparameters."""
        args = self.args
        extras = "".join(f", {name} {value}" for name, value in
                         (("lmbda", args.lmbda), ("dropout", args.dropout)) if value)
        return (f"{net.sizes} {net.activation.name}, {net.cost.name}, eta {args.eta}, "
                f"batch {args.batch_size}{extras}")

    def show_errors(self, net, test_data):
        """--errors: the misclassified test digits as a PNG grid, or a few as text art."""
        path = self.args.errors
        if not path:
            return
        wrong = show.mistakes(net, test_data, limit=3 if path == "-" else 100)
        if not wrong:
            print("No misclassified test digits to show.")
        elif path == "-":
            for pixels, label, predicted in wrong:
                print(f"\nA {label} taken for a {predicted}:\n{text_art(pixels).strip(chr(10))}")
        else:
            show.save_mistakes(path, wrong)
            print(f"Saved {len(wrong)} misclassified test digits to {path}")

    def finish(self, net, test_data, elapsed):
        score, best_epoch, weights, biases = self.best
        n_test = len(test_data)
        last = self.history[-1]["test_correct"]
        if self.args.early_stop:
            net.weights, net.biases = weights, biases
            last = net.evaluate(test_data)
            print(f"Kept the weights of epoch {best_epoch}: test {percent(last, n_test)}")
        best_test = max(result["test_correct"] for result in self.history)
        print(f"Done in {format_duration(elapsed)}: final {percent(last, n_test)}, "
              f"best {percent(best_test, n_test)}"
              + (f", best validation epoch {best_epoch}" if self.args.validation else ""))


def build_predict_parser():
    parser = argparse.ArgumentParser(
        prog="python main.py predict",
        description="Read digits from image files (PNG or PGM) and say what a saved model sees.")
    parser.add_argument("--load", required=True, metavar="PATH", help="a model saved with --save")
    parser.add_argument("images", nargs="+", metavar="IMAGE", help="PNG (8-bit gray, RGB, RGBA) or PGM")
    parser.add_argument("--debug", action="store_true", help="show the Python traceback of an error")
    return parser


def predict(args):
    """Print each image's top-3 digits and what the network saw; returns the exit status."""
    net, _ = load_mnist_model(args.load)
    kind = "probability" if net.output.name == "softmax" else "output"
    for path in args.images:
        pixels = show.read_digit(path)
        scores = show.top_scores(net, pixels)
        guesses = ", ".join(f"{digit} ({kind} {value:.3f})" for digit, value in scores)
        print(f"{path}: {scores[0][0]}   top 3: {guesses}")
        print(text_art(pixels).strip("\n") + "\n")
    return 0


def main(argv=None):
    """Entry point of ``python main.py`` and the ``purenn`` command; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["predict"]:
        args = build_predict_parser().parse_args(argv[1:])
        return report_errors(args, None, lambda: predict(args))
    parser = build_parser()
    args = parser.parse_args(argv)
    check_options(parser, args)
    run = TrainingRun(args)
    return report_errors(args, run, run.run)


def report_errors(args, run, action):
    """Call action(); turn the errors a user can cause into one line and an exit status."""
    try:
        return action()
    except (DataError, ModelFileError, ImageError, OutputError) as e:
        if args.debug:
            raise
        print(f"error: {e}", file=sys.stderr)
        return 1
    except OSError as e:  # e.g. the disk filled up while writing a plot
        if args.debug:
            raise
        print(f"error: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return 1
    except TrainingDiverged as e:
        if args.debug:
            raise
        print(f"error: training diverged in epoch {run.epoch} (cost became {e.value}); "
              f"try a smaller --eta", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        if args.debug:
            raise
        where = f"in epoch {run.epoch}, batch {run.batch}" if run and run.epoch else "before training started"
        print(f"\ninterrupted {where}", file=sys.stderr)
        return 130
