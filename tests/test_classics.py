"""The classic networks of README's "The classics, reproduced", trained in full.

Each classic is the network and training of a well-known tutorial, as a purenn command, with
the accuracy purenn measured for it (seed 1).  The full runs take from two minutes to an hour
each on PyPy (ten times that on CPython), so they carry the ``classics`` marker, which the
default run leaves out:

    pypy3 -m pytest -m classics              # pytest for PyPy: pypy3 -m venv venv &&
                                             #   venv/bin/python -m pip install -e '.[test]'
    pypy3 -m pytest -m classics -k nielsen   # only some of them

The training runs with whatever Python runs pytest (``sys.executable``): hence PyPy.  A run
must end at least at its measured accuracies (final test, final validation, best epoch) minus
MARGIN.  The seed makes a run repeat exactly; the margin allows for last-bit differences of
floating point (another Python, or a change to purenn that only changes rounding), which over
thousands of steps can move a few digits across the line.  Chapter 10's table of seeds adds
Nielsen's two [784, 30, 10] runs with seeds 2 and 3 (SEEDS), checked the same way.

The fast tests (default run) check that every command is one the command line accepts and
that README and the tutorial's chapter 10 show exactly these commands and numbers.
"""

import os
import re
import shlex
import subprocess
import sys
from typing import NamedTuple, Optional

import pytest

from purenn.app.options import build_parser, check_options

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARGIN = 0.3  # percentage points


class Classic(NamedTuple):
    name: str
    command: str  # the options after "python main.py"
    test: float  # purenn's final test accuracy, in %
    validation: Optional[float] = None  # and its final validation accuracy, with --validation
    best: Optional[float] = None  # the best epoch's test accuracy, where the text quotes it


CLASSICS = [
    Classic("nielsen-ch1-quadratic",
            "--hidden 30 --cost quadratic --init large --eta 3.0 --batch-size 10 --epochs 30 "
            "--validation 10000", test=95.08, validation=95.52, best=95.23),
    Classic("nielsen-ch3-cross-entropy",
            "--hidden 30 --cost cross-entropy --init large --eta 0.5 --batch-size 10 --epochs 30 "
            "--validation 10000", test=95.25, validation=95.12, best=95.32),
    Classic("nielsen-ch3-l2",
            "--hidden 100 --cost cross-entropy --init large --eta 0.5 --lmbda 5 --batch-size 10 "
            "--epochs 30 --validation 10000", test=97.69, validation=97.55),
    Classic("rashid-rotations",
            "--hidden 200 --cost quadratic --eta 0.1 --batch-size 1 --epochs 5 --augment",
            test=98.21),
    Classic("layered-dropout",
            "--hidden 512 256 --activation relu --output softmax --init he --input-dropout 0.2 "
            "--dropout 0.5 --lmbda 5 --eta 0.1 --batch-size 10 --epochs 10", test=96.81, best=97.25),
    Classic("two-layer-validation",
            "--hidden 50 --activation relu --output softmax --init he --batch-size 100 --eta 0.1 "
            "--epochs 20 --validation 10000", test=97.05, validation=96.97),
]

# Chapter 10's table of seeds: Nielsen's two [784, 30, 10] runs again with seeds 2 and 3.
SEEDS = [
    Classic(f"{classic.name}-seed{seed}", f"{classic.command} --seed {seed}", test, validation, best)
    for classic, runs in ((CLASSICS[0], [(2, 94.51, 94.99, 94.73), (3, 94.86, 95.30, 94.91)]),
                          (CLASSICS[1], [(2, 94.78, 95.18, 94.99), (3, 94.78, 94.85, 95.05)]))
    for seed, test, validation, best in runs
]


class ConvClassic(NamedTuple):
    """A network of Nielsen's chapter 6 (network3.py), his test accuracy beside purenn's."""
    name: str
    command: str
    nielsen: float  # his test accuracy, in % (chapter 6; 60 epochs, network3.py on Theano)
    test: Optional[float] = None  # purenn's test accuracy at the best validation epoch; None: not measured yet


# Nielsen's chapter-6 networks: 50,000 training images (--validation 10000), mini-batches of 10,
# network3's λ = 0.1 being purenn's --lmbda 1.0 (λ·m: see convnet.py).  Fewer epochs than his 60;
# ReLU gets there sooner.
CHAPTER6 = [
    ConvClassic("nielsen-ch6-shallow",
                "--hidden 100 --output softmax --eta 0.1 --epochs 30 --validation 10000", nielsen=97.80),
    ConvClassic("nielsen-ch6-conv",
                "--conv 20:5 --hidden 100 --output softmax --eta 0.1 --epochs 20 --validation 10000",
                nielsen=98.78),
    ConvClassic("nielsen-ch6-two-conv",
                "--conv 20:5 --conv 40:5 --hidden 100 --output softmax --eta 0.1 --epochs 20 "
                "--validation 10000", nielsen=99.06),
    ConvClassic("nielsen-ch6-relu-l2",
                "--conv 20:5 --conv 40:5 --hidden 100 --activation relu --output softmax --eta 0.03 "
                "--lmbda 1.0 --epochs 10 --validation 10000", nielsen=99.23),
    ConvClassic("nielsen-ch6-expanded",
                "--conv 20:5 --conv 40:5 --hidden 100 --activation relu --output softmax --eta 0.03 "
                "--lmbda 1.0 --epochs 5 --validation 10000 --expand", nielsen=99.37),
    ConvClassic("purenn-ch6-conv-relu",
                "--conv 20:5 --hidden 100 --activation relu --output softmax --eta 0.03 --lmbda 1.0 "
                "--epochs 10 --validation 10000", nielsen=98.78),
]


def accuracy_at_best_validation(out):
    """The test accuracy (%) of the epoch with the best validation accuracy, from the last line."""
    found = re.search(r"^Done in .*best validation epoch \d+ \(test (\d+\.\d+)%\)", out, re.MULTILINE)
    assert found, f"no test accuracy of the best validation epoch in:\n{out}"
    return float(found.group(1))


def final_accuracies(out):
    """(final test %, final validation % or None, best epoch's test %) from what main.py prints."""
    done = re.search(r"^Done in .*: final (\d+\.\d+)%, best (\d+\.\d+)%", out, re.MULTILINE)
    validation = re.findall(r"^  validation \d+ / \d+ \((\d+\.\d+)%\)", out, re.MULTILINE)
    assert done, f"no final line in:\n{out}"
    return float(done.group(1)), (float(validation[-1]) if validation else None), float(done.group(2))


def test_final_accuracies_are_read_from_the_last_lines():
    out = ("Epoch 1/2: 9045 / 10000 correct (90.45%), 5.0 s\n  validation 9118 / 10000 (91.18%)\n"
           "Epoch 2/2: 9276 / 10000 correct (92.76%), 7.6 s\n  validation 9308 / 10000 (93.08%)\n"
           "Done in 1 min 2 s: final 92.76%, best 92.76%, best validation epoch 2\n")
    assert final_accuracies(out) == (92.76, 93.08, 92.76)
    assert final_accuracies("Done in 3.0 s: final 9.80%, best 10.20%\n") == (9.80, None, 10.20)


@pytest.mark.parametrize("classic", CLASSICS + SEEDS, ids=[c.name for c in CLASSICS + SEEDS])
def test_every_classic_is_a_valid_command(classic):
    parser = build_parser()
    args = parser.parse_args(shlex.split(classic.command))
    check_options(parser, args)  # exits on a bad combination
    assert (classic.validation is not None) == (args.validation is not None)


def test_the_test_accuracy_at_the_best_validation_epoch_is_read():
    out = "Done in 41 min 3 s: final 98.95%, best 99.01%, best validation epoch 8 (test 98.97%)\n"
    assert accuracy_at_best_validation(out) == 98.97


@pytest.mark.parametrize("classic", CHAPTER6, ids=[c.name for c in CHAPTER6])
def test_every_chapter6_network_is_a_valid_command(classic):
    parser = build_parser()
    args = parser.parse_args(shlex.split(classic.command))
    check_options(parser, args)
    assert args.validation == 10000


@pytest.mark.parametrize("page", ["README.md", os.path.join("docs", "tutorial", "10-the-classics.md")])
def test_the_tables_show_these_commands_and_numbers(page):
    with open(os.path.join(ROOT, page), encoding="utf-8") as f:
        text = f.read()
    for classic in CLASSICS:
        row = next((line for line in text.splitlines() if f" main.py {classic.command}`" in line), None)
        assert row, f"{page}: no table row shows `... main.py {classic.command}`"
        assert f"{classic.test:.2f}%" in row, f"{page}: the row of {classic.name} should say {classic.test:.2f}%"
        if classic.validation is not None:
            assert f"{classic.validation:.2f}%" in row, f"{page}: {classic.name}: {classic.validation:.2f}%"
        if classic.best is not None and "layered" in classic.name:  # the one row that quotes it
            assert f"{classic.best:.2f}%" in row, f"{page}: {classic.name}: best {classic.best:.2f}%"


def test_the_chapter_shows_the_seeds():
    with open(os.path.join(ROOT, "docs", "tutorial", "10-the-classics.md"), encoding="utf-8") as f:
        text = f.read()
    for i, label in enumerate(["Nielsen ch. 1 (quadratic)", "Nielsen ch. 3 (cross-entropy)"]):
        runs = [CLASSICS[i]] + SEEDS[2 * i:2 * i + 2]
        final = " | ".join(f"{run.test:.2f}%" for run in runs)
        best = " | ".join(f"{run.best:.2f}%" for run in runs)
        assert f"| {label}, final test accuracy | {final} |" in text
        assert f"| the same, best epoch | {best} |" in text


@pytest.mark.classics
@pytest.mark.parametrize("classic", CLASSICS + SEEDS, ids=[c.name for c in CLASSICS + SEEDS])
def test_classic_reaches_its_measured_accuracy(classic):
    run = subprocess.run([sys.executable, "main.py", *shlex.split(classic.command), "--quiet"],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert run.returncode == 0, run.stdout
    test, validation, best = final_accuracies(run.stdout)
    assert test >= classic.test - MARGIN, run.stdout
    if classic.validation is not None:
        assert validation >= classic.validation - MARGIN, run.stdout
    if classic.best is not None:
        assert best >= classic.best - MARGIN, run.stdout


@pytest.mark.classics
@pytest.mark.parametrize("classic", CHAPTER6, ids=[c.name for c in CHAPTER6])
def test_chapter6_network_reaches_its_measured_accuracy(classic):
    if classic.test is None:
        pytest.skip(f"{classic.name}: not measured yet (Nielsen: {classic.nielsen:.2f}%)")
    run = subprocess.run([sys.executable, "main.py", *shlex.split(classic.command), "--quiet"],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert run.returncode == 0, run.stdout
    assert accuracy_at_best_validation(run.stdout) >= classic.test - MARGIN, run.stdout
