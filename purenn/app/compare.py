"""``python main.py compare a.json b.json --plot runs.svg``: several runs' curves together.

A model saved with ``--save`` keeps the accuracy of every epoch it was trained
for, its history (``--load`` and more epochs add to it).  ``compare`` prints
the test accuracy of each run after each epoch, one row per model file, and
with ``--plot`` draws them in one SVG: a test-accuracy curve per run, and
beside it the training cost of each run if every run measured it
(``--monitor training-cost``).  Runs differing in one option (the optimizer,
η, λ ...) show what that option does:

    python main.py --limit 10000 --epochs 2 --optimizer adam --save adam.json
    python main.py --limit 10000 --epochs 2 --save sgd.json
    python main.py compare sgd.json adam.json --plot runs.svg
"""

import argparse
import os

from ..files import check_writable
from ..pictures.plot import learning_curve_svg, write_svg
from .modelfile import ModelFileError, load


def build_compare_parser():
    parser = argparse.ArgumentParser(
        prog="python main.py compare",
        description="Compare the learning curves of models saved with --save.")
    parser.add_argument("models", nargs="+", metavar="MODEL", help="model files saved with --save")
    parser.add_argument("--labels", nargs="+", metavar="NAME",
                        help="a name for each run (default: the file names without .json)")
    parser.add_argument("--plot", metavar="PATH.svg", help="draw the curves in one SVG file")
    parser.add_argument("--title", default="Test accuracy after each epoch", help="the plot's title")
    parser.add_argument("--debug", action="store_true", help="show the Python traceback of an error")
    return parser


def check_compare_options(parser, args):
    """Usage errors (exit status 2): labels that do not fit the model files."""
    if args.labels and len(args.labels) != len(args.models):
        parser.error(f"{len(args.labels)} labels for {len(args.models)} model files")
    labels = args.labels or [run_label(path) for path in args.models]
    if len(set(labels)) != len(labels):
        parser.error("two runs have the same name; give --labels to tell them apart")


def run_label(path):
    """'adam' for 'runs/adam.json'."""
    name = os.path.basename(path)
    return name[:-5] if name.endswith(".json") else name


def read_history(path):
    """A saved model's history: [(test accuracy in %, training cost or None), ...], one per epoch."""
    _, training = load(path)
    history = training.get("history")
    if not isinstance(history, list) or not history:
        raise ModelFileError(f"{path}: no history of epochs to compare (was it saved by --save "
                             f"while training?)")
    epochs = []
    for k, entry in enumerate(history):
        try:
            accuracy = 100 * entry["test_correct"] / entry["test_samples"]
            cost = entry.get("training_cost")
            if cost is not None:
                cost = float(cost)
        except (TypeError, KeyError, ValueError, ZeroDivisionError, AttributeError):
            raise ModelFileError(f"{path}: training.history[{k}] is not an epoch's result") from None
        epochs.append((accuracy, cost))
    return epochs


def table(runs):
    """The lines of a table: one row per run, the test accuracy after each epoch."""
    header = "test accuracy"
    width = max(len(label) for label in list(runs) + [header])
    most = max(len(epochs) for epochs in runs.values())
    lines = [f"{header:<{width}}" + "".join(f"{'epoch ' + str(e):>10}" for e in range(1, most + 1))]
    for label, epochs in runs.items():
        lines.append(f"{label:<{width}}" + "".join(f"{accuracy:>9.2f}%" for accuracy, _ in epochs))
    return lines


def curves(runs):
    """(accuracy series, training-cost series or None) for learning_curve_svg."""
    accuracy = {label: [a for a, _ in epochs] for label, epochs in runs.items()}
    costs = {label: [c for _, c in epochs] for label, epochs in runs.items()}
    if any(c is None for values in costs.values() for c in values):
        return accuracy, None
    return accuracy, costs


def compare(args):
    """Print the table of the runs (and draw them with --plot); returns the exit status."""
    if args.plot:
        check_writable(args.plot)
    labels = args.labels or [run_label(path) for path in args.models]
    runs = {label: read_history(path) for label, path in zip(labels, args.models)}
    print("\n".join(table(runs)))
    if args.plot:
        accuracy, cost = curves(runs)
        write_svg(args.plot, learning_curve_svg(accuracy, args.title, ylabel="test accuracy (%)",
                                                cost=cost, cost_label="training cost"))
        print(f"Saved the curves to {args.plot}")
    return 0
