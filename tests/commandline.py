"""Running the command line in tests: ``python main.py`` in a subprocess, and slices of the
shipped MNIST files written as the plain CSV files a user might pass it."""

import gzip
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAIN = os.path.join(ROOT, "main.py")
MNIST_TRAIN = os.path.join(ROOT, "data", "mnist_train.csv.gz")
MNIST_TEST = os.path.join(ROOT, "data", "mnist_test.csv.gz")


def run_main(*args, cwd=ROOT, timeout=300):
    """``python main.py ARGS`` in `cwd`; the CompletedProcess, with stdout and stderr as text.

    timeout: seconds before the run counts as hung (a slow machine takes 3 times as long).
    """
    return subprocess.run([sys.executable, MAIN, *map(str, args)], cwd=str(cwd), capture_output=True,
                          text=True, timeout=timeout)


def mnist_lines(path, n):
    """The first n lines of a gzipped MNIST CSV."""
    with gzip.open(path, "rt") as f:
        return [next(f) for _ in range(n)]


def mnist_csv(path, source, n):
    """Write the first n samples of `source` (MNIST_TRAIN or MNIST_TEST) as a plain CSV at path."""
    with open(path, "w") as f:
        f.write("".join(mnist_lines(source, n)))
    return str(path)


MISSING = "no-such-file.csv"


def usage_error(*args):
    """Run with args (and a missing training file); check exit status 2; return the error line."""
    result = run_main("--train", MISSING, "--test", MISSING, *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Loading" not in result.stdout
    return result.stderr.splitlines()[-1]
