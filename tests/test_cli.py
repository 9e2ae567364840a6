"""The command line end to end, as a user runs it: subprocesses on small CSV files."""

import re
import sys

import pytest

from commandline import MNIST_TRAIN, mnist_csv, run_main
from purenn.activations import HIDDEN
from purenn.costs import COSTS


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory):
    """300 real MNIST training samples as a plain CSV."""
    return mnist_csv(tmp_path_factory.mktemp("csv") / "small.csv", MNIST_TRAIN, 300)


def test_trains_and_prints_one_line_per_epoch(small_csv):
    result = run_main("--train", small_csv, "--test", small_csv, "--epochs", "2",
                      "--hidden", "20", "--seed", "3")
    assert result.returncode == 0, result.stderr
    lines = re.findall(r"^Epoch (\d)/2: (\d+) / 300 correct \((\d+\.\d\d)%\), \d+\.\d s$",
                       result.stdout, re.M)
    assert [epoch for epoch, _, _ in lines] == ["1", "2"]
    for _, correct, percent in lines:
        assert f"{100 * int(correct) / 300:.2f}" == percent
    assert "Done in" in result.stdout
    assert "Traceback" not in result.stderr


def test_same_seed_same_output(small_csv):
    args = ("--train", small_csv, "--test", small_csv, "--epochs", "1", "--limit", "100", "--quiet")
    first, second = run_main(*args), run_main(*args)
    strip_times = lambda text: re.sub(r"\d+\.\d s", "", text)  # noqa: E731
    assert strip_times(first.stdout) == strip_times(second.stdout)


def test_help_lists_the_options_and_every_choice():
    result = run_main("--help")
    assert result.returncode == 0
    for option in ("--hidden", "--epochs", "--batch-size", "--eta", "--cost", "--seed", "--train",
                   "--test", "--limit", "--quiet", "--validation", "--early-stop", "--eta-decay",
                   "--lmbda", "--dropout"):
        assert option in result.stdout
    for name in list(COSTS) + list(HIDDEN) + ["softmax", "he", "large", "scaled"]:
        assert name in result.stdout


@pytest.mark.slow
def test_readme_command_reaches_95_percent():
    """The README's headline: python main.py --hidden 30 --epochs 5 (5 to 15 minutes on a busy machine)."""
    result = run_main("--hidden", "30", "--epochs", "5", "--quiet", timeout=1800)
    assert result.returncode == 0, result.stderr
    epochs = re.findall(r"^Epoch \d/5: (\d+) / 10000 correct", result.stdout, re.M)
    assert len(epochs) == 5
    assert int(epochs[-1]) >= 9500


def test_without_tqdm_a_plain_progress_line_is_shown(monkeypatch, capsys):
    from purenn.app import report

    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm now fails
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    bar = report.progress_bar(20, "Epoch 1/1", quiet=False)
    assert isinstance(bar, report.PlainProgress)
    for _ in range(2):
        bar.update(10)
    bar.close()
    err = capsys.readouterr().err
    assert "Epoch 1/1: 20/20 samples, " in err and "samples/s" in err
    assert isinstance(report.progress_bar(20, "x", quiet=True), report.NoProgress)


def test_with_tqdm_on_a_terminal_the_bar_counts_samples(monkeypatch):
    tqdm = pytest.importorskip("tqdm")
    from purenn.app import report

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    bar = report.progress_bar(30, "Epoch 2/5", quiet=False)
    assert isinstance(bar, tqdm.tqdm) and bar.total == 30 and bar.unit == "sample"
    bar.close()
