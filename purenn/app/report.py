"""What a training run prints: its description, a progress bar, a line per epoch, its mistakes.

Every line the command writes to stdout while training is formatted here, so
that a figure appears in one shape wherever it appears (``percent``).
"""

import sys
import time

from ..pictures.image import text_art
from . import show


def percent(correct, total):
    return f"{100 * correct / total:.2f}%"


def format_duration(seconds):
    """'42.0 s' or '3 min 12 s'."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds} s"


def describe_optimizer(optimizer):
    """'adam (beta1 0.9, beta2 0.999, epsilon 1e-08)'; '' for plain sgd, the default."""
    if optimizer.name == "sgd":
        return ""
    settings = ", ".join(f"{name} {value}" for name, value in optimizer.hyperparameters().items())
    return f"{optimizer.name} ({settings})"


def describe_run(net, settings, n_training):
    """The run in words: (the line printed before training, the title of its plot)."""
    s = settings
    extras = "".join(f", {name} {value}" for name, value in
                     (("optimizer", describe_optimizer(net.optimizer)), ("lmbda", s.lmbda),
                      ("dropout", s.dropout), ("input dropout", s.input_dropout),
                      ("each shifted at random by up to", s.shift and f"{s.shift} pixel{'s' * (s.shift > 1)}"))
                     if value)
    eta = f"{s.eta} (times {s.eta_decay} after each epoch)" if s.eta_decay != 1 else f"{s.eta}"
    line = (f"Training {net} for {s.epochs} epoch{'s' if s.epochs > 1 else ''} on {n_training} samples: "
            f"batch size {s.batch_size}, eta {eta}, seed {s.seed}{extras}")
    shape = net.describe() if hasattr(net, "describe") else net.sizes  # a ConvNetwork has no sizes
    title = (f"{shape} {net.hidden_activation.name}, {net.cost.name}, eta {s.eta}, "
             f"batch {s.batch_size}{extras}")
    return line, title


def print_epoch(result, seconds, counts, epochs):
    """Print the epoch line, and a second line with whatever else was measured.

    result: an EpochResult; counts: the SampleCounts its numbers are out of.
    """
    print(f"Epoch {result.epoch}/{epochs}: {result.test_correct} / {counts.test} correct "
          f"({percent(result.test_correct, counts.test)}), {seconds:.1f} s")
    extras = []
    if result.validation_correct is not None:
        extras.append(f"validation {result.validation_correct} / {counts.validation} "
                      f"({percent(result.validation_correct, counts.validation)})")
    if result.evaluation_cost is not None:
        extras.append(f"{'validation' if counts.validation else 'test'} cost {result.evaluation_cost:.4f}")
    if result.training_cost is not None:
        extras.append(f"training cost {result.training_cost:.4f}")
    if result.training_correct is not None:
        extras.append(f"training accuracy {percent(result.training_correct, counts.training)}")
    if extras:
        print("  " + ", ".join(extras))
    sys.stdout.flush()


def show_errors(path, net, test_data):
    """--errors: the misclassified test digits as a PNG grid, or (path "-") a few as text art."""
    if path:
        show_mistakes(path, show.mistakes(net, test_data, limit=3 if path == "-" else 100))


def show_mistakes(path, wrong):
    """--errors' output for a list of (pixels, true label, predicted label), at most 100 (3 for "-")."""
    if not wrong:
        print("No misclassified test digits to show.")
    elif path == "-":
        for pixels, label, predicted in wrong:
            print(f"\nA {label} taken for a {predicted}:\n{text_art(pixels).strip(chr(10))}")
    else:
        show.save_mistakes(path, wrong)
        print(f"Saved {len(wrong)} misclassified test digits to {path}")


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
