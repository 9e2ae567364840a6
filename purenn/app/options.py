"""The command line's options, and the Settings a training run resolves them into.

``build_parser`` declares every option, in groups (the network, training, data
and reports).  To add an option: add it to a group below, then, if a training
run needs its value, a field of the same name to ``Settings`` (with a default,
if the option may be absent): ``Settings.resolve`` copies it over.

Argparse answers a bad value with a usage error (exit status 2); so does
``check_options``, for the combinations that no single option can see.
"""

import argparse
import math
from dataclasses import dataclass, fields
from typing import Optional, Tuple

from ..activations import HIDDEN
from ..convnet import LayerSpecError, conv_layers
from ..costs import COSTS
from ..data import IMAGE_SIZE, N_CLASSES
from ..network import INITS
from ..optimizers import OPTIMIZERS
from .modelfile import ModelFileError

DEFAULT_TRAIN = "data/mnist_train.csv.gz"
DEFAULT_TEST = "data/mnist_test.csv.gz"
DEFAULT_HIDDEN = [30]
MONITORS = ("training-cost", "training-accuracy", "evaluation-cost")


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


def conv_spec(text):
    """--conv's type: 'N:K', 'N:K:P' or 'N:K:P:S' (N filters of K x K, padding P, stride S), as (N, K, P, S)."""
    parts = text.split(":")
    try:
        if not 2 <= len(parts) <= 4:
            raise ValueError
        numbers = [int(part) for part in parts]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected N:K or N:K:P:S, filters, their size, padding and stride as whole numbers "
            f"(e.g. 20:5 or 8:5:2), got {text!r}") from None
    n_filters, k, padding, stride = numbers + [0, 1][len(numbers) - 2:]
    if n_filters < 1 or k < 1:
        raise argparse.ArgumentTypeError(f"needs at least 1 filter of at least 1 x 1, got {text}")
    if not 0 <= padding < k:
        raise argparse.ArgumentTypeError(f"the padding P of N:K:P must be from 0 to K - 1, got {text}")
    if stride < 1:
        raise argparse.ArgumentTypeError(f"the stride S of N:K:P:S must be at least 1, got {text}")
    return n_filters, k, padding, stride


def pool_sizes(args):
    """--pool as conv_layers takes it: 2 if not given, one size for all, or a list of one per --conv."""
    if not args.pool:
        return 2
    return args.pool[0] if len(args.pool) == 1 else list(args.pool)


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="Train a pure-Python neural network on MNIST handwritten digits.",
        epilog="To read your own digits with a saved model: "
               "python main.py predict --load model.json IMAGE [IMAGE ...]; "
               "to draw them in your browser: python main.py serve [--load model.json]; "
               "to compare the curves of saved runs: python main.py compare A.json B.json --plot runs.svg")
    net = parser.add_argument_group("the network")
    net.add_argument("--hidden", type=positive_int, nargs="*", metavar="N",
                     help="neurons in each hidden layer (default: 30); "
                          "--hidden 100 30 makes [784, 100, 30, 10], --hidden alone [784, 10]")
    net.add_argument("--conv", type=conv_spec, action="append", metavar="N:K[:P[:S]]",
                     help="a convolutional layer of N filters K x K, with zero padding P (default 0) and "
                          "stride S (default 1), then max-pooling (see --pool), before the --hidden layers; "
                          "repeat for more, in order (Nielsen ch. 6: --conv 20:5; ConvNetJS: --conv 8:5:2)")
    net.add_argument("--pool", type=positive_int, action="append", metavar="B",
                     help="max-pooling after each --conv layer in B x B blocks (default: 2); "
                          "given once it applies to every --conv, else once per --conv, in order")
    net.add_argument("--cost", choices=sorted(COSTS),
                     help="cost function (default: cross-entropy; log-likelihood means a softmax output)")
    net.add_argument("--output", choices=("sigmoid", "softmax"),
                     help="output layer: sigmoid, or softmax with the log-likelihood cost")
    net.add_argument("--activation", choices=sorted(HIDDEN),
                     help="activation of the hidden layers (default: sigmoid)")
    net.add_argument("--init", choices=INITS,
                     help="initial weights: scaled N(0,1/n_in) (default), large N(0,1), he N(0,2/n_in); "
                          "a conv filter's n_in is K·K·channels (without --init, --conv's weights "
                          "start as network3's, N(0,1/n_out))")
    net.add_argument("--load", metavar="PATH",
                     help="start from a saved model (its shape, cost and activation come with it)")
    train = parser.add_argument_group("training")
    train.add_argument("--epochs", type=non_negative_int, default=5,
                       help="passes over the training data (default: 5); 0 only evaluates")
    train.add_argument("--batch-size", type=positive_int, help="samples per mini-batch (default: 10)")
    train.add_argument("--eta", type=positive_float,
                       help="learning rate η (default: 0.5 for sigmoid hidden layers, else 0.1; "
                            "other optimizers: see --optimizer)")
    train.add_argument("--eta-decay", type=positive_float, metavar="F",
                       help="multiply η by F after each epoch (default: 1, no decay)")
    train.add_argument("--lmbda", type=non_negative_float,
                       help="L2 regularisation λ: weight decay (1 - ηλ/n) each step (default: 0); "
                            "network3.py's λ with mini-batches of m is λ·m here")
    train.add_argument("--dropout", type=probability, metavar="P",
                       help="drop each hidden neuron with probability P in training (default: 0)")
    train.add_argument("--input-dropout", type=probability, metavar="P",
                       help="drop each input pixel with probability P in training (default: 0); "
                            "with --conv, pixels of the image the first conv layer reads")
    train.add_argument("--optimizer", choices=list(OPTIMIZERS), help=optimizer_help())
    train.add_argument("--momentum", type=probability, metavar="MU",
                       help="momentum μ of --optimizer momentum and nesterov (default: 0.9)")
    train.add_argument("--beta1", type=probability, help="Adam's β₁, the gradient's decay (default: 0.9)")
    train.add_argument("--beta2", type=probability,
                       help="Adam's β₂, the squared gradient's decay (default: 0.999)")
    train.add_argument("--rho", type=probability, help="RMSProp's decay ρ (default: 0.9)")
    train.add_argument("--epsilon", type=positive_float,
                       help="ε of adagrad, rmsprop and adam, which keeps divisions finite (default: 1e-8)")
    train.add_argument("--seed", type=int, default=1,
                       help="random seed for weights, shuffling and dropout (default: 1)")
    train.add_argument("--ensemble", type=number(int, 2), metavar="K",
                       help="train K networks, seeds S to S+K-1 (S: --seed), and average their outputs")
    train.add_argument("--jobs", type=positive_int, metavar="N",
                       help="with --ensemble: train N members at a time, each in a process of its own "
                            "(default: the number of cores; 1: one after the other in this process)")
    data = parser.add_argument_group("data and reports")
    data.add_argument("--train", default=DEFAULT_TRAIN, metavar="PATH",
                      help=f"training CSV (default: {DEFAULT_TRAIN})")
    data.add_argument("--test", default=DEFAULT_TEST, metavar="PATH",
                      help=f"test CSV (default: {DEFAULT_TEST})")
    data.add_argument("--limit", type=positive_int, metavar="N",
                      help="use only the first N training samples (for quick tries)")
    data.add_argument("--test-limit", type=positive_int, metavar="N",
                      help="evaluate on only the first N test samples (for quick tries)")
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
    data.add_argument("--weights", metavar="PATH.png",
                      help="after training, save each first-layer neuron's weights as a 28 x 28 tile in a PNG grid "
                           "(with --conv: each filter of the first conv layer as a K x K tile)")
    data.add_argument("--augment", action="store_true",
                      help="also train on copies of each sample rotated by +-10 degrees (3x the data)")
    data.add_argument("--expand", action="store_true",
                      help="also train on each sample shifted one pixel up, down, left and right "
                           "(5x the data; Nielsen's expand_mnist)")
    data.add_argument("--shift", type=number(int, 1, high=28), metavar="N",
                      help="each epoch, train on each sample moved by a random -N to N pixels down (up if "
                           "negative) and right (left), drawn anew every epoch (the data's size, not 5x; with --conv)")
    data.add_argument("--quiet", action="store_true", help="no progress bar")
    live = parser.add_argument_group("watching it learn")
    live.add_argument("--serve", action="store_true",
                      help="serve the playground page while training: weights and learning curve as they change")
    add_address_options(live)
    data.add_argument("--debug", action="store_true",
                      help="show the Python traceback of an error (for developers)")
    return parser


port_number = number(int, 0, high=65536)


def add_address_options(group):
    """--port and --host, for `serve` and for training with --serve."""
    group.add_argument("--port", type=port_number, default=8000,
                       help="port of the playground page (default: 8000; 0 picks a free one)")
    group.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this computer only; "
                            "0.0.0.0 lets other computers in)")


def build_serve_parser():
    parser = argparse.ArgumentParser(
        prog="python main.py serve",
        description="Serve the playground: draw a digit in your browser and watch the network read it.")
    parser.add_argument("--load", metavar="PATH",
                        help="a model saved with --save (default: a model shipped with purenn, see --model)")
    parser.add_argument("--model", choices=("conv", "fc"), default=None,
                        help="which shipped model: conv, the conv network (default), or fc, the "
                             "fully connected [784, 30, 10] of chapters 1-5")
    parser.add_argument("--test", metavar="PATH",
                        help=f"test CSV to show digits from (default: {DEFAULT_TEST})")
    parser.add_argument("--save", metavar="PATH",
                        help="where the page's save button writes the network you taught it "
                             "(default: no saving; the loaded file is never changed otherwise)")
    add_address_options(parser)
    parser.add_argument("--debug", action="store_true", help="show the Python traceback of an error")
    return parser


def check_options(parser, args):
    """Usage errors that no single option can see (argparse exits with status 2)."""
    if args.load:
        given = [f"--{name}" for name in ("hidden", "conv", "pool", "cost", "output", "activation", "init")
                 if getattr(args, name) is not None]
        if given:
            parser.error(f"{', '.join(given)} cannot be used with --load: the model file fixes them")
    if args.output == "softmax" and args.cost not in (None, "log-likelihood"):
        parser.error(f"--output softmax goes with the log-likelihood cost, not {args.cost}")
    if args.output == "sigmoid" and args.cost == "log-likelihood":
        parser.error("the log-likelihood cost needs --output softmax")
    if not args.serve and (args.port != 8000 or args.host != "127.0.0.1"):
        parser.error("--port and --host go with --serve")
    if args.serve and args.epochs == 0:
        parser.error("--serve shows a network while it trains; for a saved one: python main.py serve --load PATH")
    if args.early_stop and not args.validation:
        parser.error("--early-stop needs --validation N to decide which epoch is best")
    check_conv_options(parser, args)
    check_ensemble_options(parser, args)
    for name in OPTIMIZER_SETTINGS:
        users = [optimizer for optimizer, kind in OPTIMIZERS.items() if name in kind.settings]
        if getattr(args, name) is not None and args.optimizer not in users:
            parser.error(f"--{name} goes with --optimizer {' or '.join(users)}")


def check_conv_options(parser, args):
    """--conv and --pool: the layers must fit the 28 x 28 image, checked before any data is loaded."""
    if args.pool is not None and not args.conv:
        parser.error("--pool goes with --conv")
    if args.expand and not (args.conv or args.load):  # a loaded model: training.py checks it is a conv one
        parser.error("--expand goes with --conv (the shifted copies are made as the conv layer reads them)")
    if args.shift and not (args.conv or args.load):
        parser.error("--shift goes with --conv (the shifted copies are made as the conv layer reads them)")
    if args.shift and args.expand:
        parser.error("--shift and --expand are two ways to train on shifted digits: choose one")
    if not args.conv:
        return
    try:
        conv_layers((1, IMAGE_SIZE, IMAGE_SIZE), args.conv, pool_sizes(args),
                    DEFAULT_HIDDEN if args.hidden is None else args.hidden, N_CLASSES)
    except LayerSpecError as e:
        parser.error(str(e))


def check_ensemble_options(parser, args):
    """--ensemble and --jobs: the options an ensemble cannot take, refused before any data is loaded."""
    if args.jobs is not None and not args.ensemble:
        parser.error("--jobs goes with --ensemble")
    if not args.ensemble:
        return
    if args.load:
        parser.error("--load cannot be used with --ensemble, which trains new networks "
                     "(to evaluate a saved ensemble: --load PATH --epochs 0)")
    if args.epochs == 0:
        parser.error("--ensemble trains its networks: it needs --epochs of at least 1")
    shown = [option for option, given in (("--plot", args.plot), ("--weights", args.weights),
                                          ("--serve", args.serve)) if given]
    if shown:
        parser.error(f"{', '.join(shown)} cannot be used with --ensemble: each shows one network, "
                     f"and an ensemble has {args.ensemble}")


OPTIMIZER_SETTINGS = ("momentum", "beta1", "beta2", "rho", "epsilon")


def optimizer_settings(args):
    """The optimizer settings given on the command line, as a dict: {"momentum": 0.5}."""
    return {name: getattr(args, name) for name in OPTIMIZER_SETTINGS if getattr(args, name) is not None}


def build_predict_parser():
    parser = argparse.ArgumentParser(
        prog="python main.py predict",
        description="Read digits from image files (PNG or PGM) and say what a saved model sees.")
    parser.add_argument("--load", required=True, metavar="PATH", help="a model saved with --save")
    parser.add_argument("images", nargs="+", metavar="IMAGE", help="PNG (8-bit gray, RGB, RGBA) or PGM")
    parser.add_argument("--debug", action="store_true", help="show the Python traceback of an error")
    return parser


# The training settings a saved model remembers: the option each one is checked like, and its
# default when neither the command line nor the model gives it (eta's: see default_eta).
REMEMBERED = {"batch_size": (positive_int, 10), "eta": (positive_float, None),
              "lmbda": (non_negative_float, 0.0), "dropout": (probability, 0.0),
              "input_dropout": (probability, 0.0),
              "eta_decay": (positive_float, 1.0)}


# Each optimizer's default η: (with sigmoid hidden layers, with the others), chosen on
# 10,000 MNIST samples in 2 epochs (README, "Optimizers").
DEFAULT_ETA = {"sgd": (0.5, 0.1), "momentum": (0.05, 0.01), "nesterov": (0.05, 0.01),
               "adagrad": (0.1, 0.02), "rmsprop": (0.01, 0.002), "adam": (0.005, 0.001)}


def optimizer_help():
    """--optimizer's help, with each optimizer's default η."""
    etas = ", ".join(f"{name} {eta}" for name, (eta, _) in DEFAULT_ETA.items() if name != "sgd")
    return (f"how a gradient becomes a step (default: sgd); default η: {etas} "
            f"(a fifth of it with non-sigmoid hidden layers)")


def default_eta(activation, optimizer="sgd"):
    """η = 0.5 suits sigmoid neurons; ReLU and tanh, with steeper slopes, learn best with 0.1.

    The other optimizers take larger effective steps (momentum about η/(1 - μ))
    or steps of about η per weight (rmsprop, adam), so they need smaller ones.
    """
    sigmoid, other = DEFAULT_ETA[optimizer]
    return sigmoid if activation == "sigmoid" else other


@dataclass(frozen=True)
class Settings:
    """Everything a training run needs to know, resolved once (see ``resolve``)."""

    batch_size: int
    eta: float  # the first epoch's; it is multiplied by eta_decay after each epoch
    lmbda: float
    dropout: float
    eta_decay: float
    input_dropout: float = 0.0
    epochs: int = 5
    seed: int = 1
    train: str = DEFAULT_TRAIN
    test: str = DEFAULT_TEST
    limit: Optional[int] = None
    test_limit: Optional[int] = None
    validation: Optional[int] = None
    monitor: Tuple[str, ...] = ()
    early_stop: Optional[int] = None
    save: Optional[str] = None
    plot: Optional[str] = None
    errors: Optional[str] = None
    weights: Optional[str] = None
    serve: bool = False
    port: int = 8000
    host: str = "127.0.0.1"
    augment: bool = False
    expand: bool = False
    shift: Optional[int] = None
    quiet: bool = False
    load: Optional[str] = None
    epochs_before: int = 0  # how many epochs a loaded model had been trained for

    @classmethod
    def resolve(cls, args, saved, activation, optimizer="sgd"):
        """The settings from the options; for those not given, the loaded model's `saved`
        training settings, else the defaults (η's depends on the hidden `activation` and
        the optimizer's name)."""
        values = {f.name: getattr(args, f.name) for f in fields(cls) if hasattr(args, f.name)}
        for name, (_, default) in REMEMBERED.items():
            if values[name] is None:
                values[name] = saved_setting(args.load, saved, name) if name in saved else default
        if values["eta"] is None:
            values["eta"] = default_eta(activation, optimizer)
        values["monitor"] = tuple(values["monitor"])
        epochs = saved.get("epochs")
        values["epochs_before"] = epochs if isinstance(epochs, int) else 0
        return cls(**values)

    def remembered(self):
        """The settings a saved model keeps, to continue training where it stopped."""
        return {name: getattr(self, name) for name in REMEMBERED}


def saved_setting(path, saved, name):
    """A training setting from a model file, checked like the option of the same name."""
    value = saved[name]
    kind = int if name == "batch_size" else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind):
        raise ModelFileError(f"{path}: training.{name} should be a number, found {value!r}")
    check, _ = REMEMBERED[name]
    try:
        return check(repr(value))
    except argparse.ArgumentTypeError as e:
        raise ModelFileError(f"{path}: training.{name} {e}") from None
