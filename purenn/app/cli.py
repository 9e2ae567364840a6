"""The command line: ``python main.py --hidden 30 --epochs 5``.

The program around the core prints; the core never does.  This module reads
the options (options.py), runs the training (training.py, which prints through
report.py), or a subcommand: ``predict`` (your own images), ``serve`` (the
playground page), ``compare`` (compare.py: the curves of saved runs side by
side) or ``exercise`` (exercises/: write backprop yourself, purenn checks it,
with exit statuses of its own); and it turns whatever goes wrong into one line on stderr and an exit status, never a traceback (``--debug`` shows it):

    1  bad input: a data or model file that cannot be used
    2  bad options (argparse's usage error)
    3  training diverged (a cost or weight became nan or infinite)
    130  interrupted with Ctrl-C; with --save the last completed epoch is on disk
         (an --ensemble's file is written only when every member has finished: ensemble.py)

An --ensemble member that fails gives its own status (3 if it diverged).
"""

import os
import sys

from ..data import DataError
from ..files import OutputError, check_writable
from ..network import TrainingDiverged
from ..pictures.image import text_art
from ..pictures.png import ImageError
from . import show
from .compare import build_compare_parser, check_compare_options, compare
from .datafiles import TEST_NAME, find_mnist, resolve_default
from .exercises.command import build_parser as build_exercise_parser  # noqa: F401 (docs' test reads it)
from .exercises.command import main as exercise
from .options import (DEFAULT_TEST, DEFAULT_TRAIN, build_parser, build_predict_parser, build_serve_parser,
                      check_options)
from .modelfile import ModelFileError
from .playground import server
from .playground.models import SHIPPED_MODEL, SHIPPED_MODELS
from .playground.pages import Playground
from .pypy import restart_with_larger_nursery
from .ensemble import EnsembleRun, MemberFailed
from .ensemblemodel import Ensemble
from .training import TrainingRun, load_mnist_model, load_samples


def main(argv=None):
    """Entry point of ``python main.py`` and the ``purenn`` command; returns the exit status."""
    if argv is None:
        restart_with_larger_nursery()  # PyPy only: see pypy.py
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["predict"]:
        args = as_called(build_predict_parser()).parse_args(argv[1:])
        return report_errors(args.debug, None, lambda: predict_images(args))
    if argv[:1] == ["serve"]:
        parser = as_called(build_serve_parser())
        args = parser.parse_args(argv[1:])
        if args.load and args.model:
            parser.error("--model picks a shipped model and --load a saved one: give one of them")
        return report_errors(args.debug, None, lambda: serve(args))
    if argv[:1] == ["exercise"]:
        return exercise(argv[1:])
    if argv[:1] == ["compare"]:
        parser = as_called(build_compare_parser())
        args = parser.parse_args(argv[1:])
        check_compare_options(parser, args)
        return report_errors(args.debug, None, lambda: compare(args))
    parser = as_called(build_parser())
    args = parser.parse_args(argv)
    check_options(parser, args)
    args.train = resolve_default(args.train, DEFAULT_TRAIN)  # an installed purenn finds its own copy
    args.test = resolve_default(args.test, DEFAULT_TEST)
    run = EnsembleRun() if args.ensemble else TrainingRun()
    return report_errors(args.debug, run, lambda: run.run(args))


def as_called(parser):
    """The parser, its usage saying ``purenn`` where the installed command is what ran."""
    if os.path.basename(sys.argv[0]) in ("purenn", "purenn.exe"):
        parser.prog = parser.prog.replace("python main.py", "purenn")
    return parser


def predict_images(args):
    """Print each image's top-3 digits and what the network saw; returns the exit status."""
    net, _ = load_mnist_model(args.load)
    kind = "probability" if net.output_activation.name == "softmax" else "output"
    for path in args.images:
        pixels = show.read_digit(path)
        scores = show.top_scores(net, pixels)
        guesses = ", ".join(f"{digit} ({kind} {value:.3f})" for digit, value in scores)
        print(f"{path}: {scores[0][0]}   top 3: {guesses}")
        print(text_art(pixels).strip("\n") + "\n")
    return 0


def serve(args):
    """Serve the playground page until Ctrl-C, which ends it normally (exit status 0)."""
    path = args.load or SHIPPED_MODELS[args.model or "conv"]
    net, training = load_mnist_model(path)
    if isinstance(net, Ensemble):
        raise ModelFileError(f"{path}: an ensemble of {len(net.members)} networks; the playground shows one "
                             f"network (to read your digits with the ensemble: python main.py predict --load {path})")
    if args.save:
        check_writable(args.save)
    test_path = args.test or find_mnist(TEST_NAME)
    test_data = load_samples(test_path) if test_path else []
    if not test_path:
        print(f"No test set found ({DEFAULT_TEST}): the page opens without a test digit.")
    playground = Playground(net, test_data, save_path=args.save, training=training)
    source = args.load or f"the {args.model or 'conv'} model shipped with purenn"
    warning = server.exposure_warning(args.host)
    if warning:
        print(warning, flush=True)
    if args.save:
        print(f"The page's Save button writes what you teach it to {args.save}", flush=True)
    ready = lambda url: print(f"Serving {net} from {source} at {url} (Ctrl-C stops)", flush=True)  # noqa: E731
    try:
        server.serve(playground, args.host, args.port, ready=ready)
    except KeyboardInterrupt:
        print("\nStopped.")
    return 0


def interrupted(run):
    """Where Ctrl-C stopped the run (`run` is None for predict)."""
    if hasattr(run, "progress"):  # an EnsembleRun
        return "\n" + run.progress()
    if run and run.epoch:
        return f"\ninterrupted in epoch {run.epoch}, batch {run.batch}"
    return "\ninterrupted before training started"


# The errors a user can cause: (exception types, exit status, the line for stderr), first match
# wins.  Anything else is a bug in purenn and keeps its traceback.
ERRORS = [
    ((DataError, ModelFileError, ImageError, OutputError), 1, lambda e, run: f"error: {e}"),
    (MemberFailed, None, lambda e, run: f"error: {e}"),  # an ensemble's member: its own status
    (OSError, 1, lambda e, run: f"error: {e.filename or ''}: {e.strerror or e}"),  # e.g. a full disk
    (TrainingDiverged, 3, lambda e, run: f"error: training diverged in epoch {run.epoch} "
                                         f"(cost became {e.value}); try a smaller --eta"),
    (KeyboardInterrupt, 130, lambda e, run: interrupted(run)),
]


def report_errors(debug, run, action):
    """Call action(); turn the errors a user can cause into one line and an exit status."""
    try:
        return action()
    except BaseException as e:
        for kinds, status, message in ERRORS:
            if isinstance(e, kinds) and not debug:
                print(message(e, run), file=sys.stderr)
                return e.status if status is None else status
        raise
