"""--shift N: each epoch, every training digit moved by a random (dr, dc), each from -N to N.

expand.shifted_at_random makes one epoch's copy; the command line draws it anew each epoch
with the network's own Random (the one that shuffles, saved in model files).
"""

import json
import random
from collections import Counter

import pytest

from commandline import MNIST_TEST, MNIST_TRAIN, mnist_csv, run_main, usage_error
from purenn.app import cli
from purenn.data import load_csv
from purenn.expand import ShiftedImage, shifted_at_random

def test_each_copy_is_the_digit_moved_by_its_drawn_shift():
    data = load_csv(MNIST_TRAIN, limit=5, sparse=True)
    copies = shifted_at_random(data, random.Random(0), most=2)
    assert len(copies) == len(data)
    for (shifted, label), (x, original_label) in zip(copies, data):
        assert label == original_label and isinstance(shifted, ShiftedImage) and shifted.image is x
        assert -2 <= shifted.dr <= 2 and -2 <= shifted.dc <= 2
        pixels, moved = x.to_list(), shifted.to_list()
        for r in range(28):
            for c in range(28):
                source_r, source_c = r - shifted.dr, c - shifted.dc
                inside = 0 <= source_r < 28 and 0 <= source_c < 28
                assert moved[r * 28 + c] == (pixels[source_r * 28 + source_c] if inside else 0.0)


def test_every_shift_from_minus_n_to_n_is_drawn_about_equally():
    image = [0.0] * 784
    copies = shifted_at_random([(image, 0)] * 9000, random.Random(1), most=1)
    counts = Counter((x.dr, x.dc) for x, _ in copies)
    assert set(counts) == {(dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)}
    # 1,000 expected each; a binomial's sd is about 30, so 850-1150 fails by chance almost never.
    assert all(850 < n < 1150 for n in counts.values()), counts


def test_no_shift_at_all_and_a_negative_one():
    copies = shifted_at_random([([1.0] * 4, 3)], random.Random(1), most=0, width=2)
    assert (copies[0][0].dr, copies[0][0].dc) == (0, 0) and copies[0][0].to_list() == [1.0] * 4
    with pytest.raises(ValueError, match="at least 0"):
        shifted_at_random([], random.Random(1), most=-1)


@pytest.mark.parametrize("args, message", [
    (["--shift", "1"], "--shift goes with --conv"),
    (["--conv", "4:5", "--shift", "1", "--expand"], "--shift and --expand are two ways"),
    (["--conv", "4:5", "--shift", "0"], "argument --shift: must be a whole number at least 1, got 0"),
    (["--conv", "4:5", "--shift", "28"], "argument --shift: must be less than 28, got 28"),
    (["--conv", "4:5", "--shift", "1.5"], "argument --shift: expected a whole number, got '1.5'"),
])
def test_bad_shifts_are_usage_errors_before_any_data_is_loaded(args, message):
    line = usage_error(*args)
    assert line.startswith("python main.py: error: ") and message in line, line


@pytest.fixture(scope="module")
def small_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shift")
    return (mnist_csv(folder / "train.csv", MNIST_TRAIN, 60), mnist_csv(folder / "test.csv", MNIST_TEST, 20))


def conv_args(train, test, *more):
    return ["--train", train, "--test", test, "--conv", "2:5", "--hidden", "8", "--activation", "relu",
            "--output", "softmax", "--eta", "0.05", "--quiet", "--seed", "3", *more]


def test_each_epoch_trains_on_its_own_draw(small_files, monkeypatch, capsys):
    train, test = small_files
    seen = []
    original = cli.TrainingRun.train_epoch
    monkeypatch.setattr(cli.TrainingRun, "train_epoch",
                        lambda self, net, data: seen.append([(x.dr, x.dc) for x, _ in data])
                        or original(self, net, data))
    assert cli.main(conv_args(train, test, "--shift", "2", "--epochs", "2")) == 0
    assert "each shifted at random by up to 2 pixels" in capsys.readouterr().out
    first, second = seen
    assert len(first) == 60 and first != second
    assert {dr for dr, _ in first} == {dc for _, dc in first} == {-2, -1, 0, 1, 2}


def test_a_continued_run_shifts_as_the_uninterrupted_one(small_files, tmp_path, capsys):
    train, test = small_files
    whole, half = tmp_path / "whole.json", tmp_path / "half.json"
    assert cli.main(conv_args(train, test, "--shift", "1", "--epochs", "2", "--save", str(whole))) == 0
    assert cli.main(conv_args(train, test, "--shift", "1", "--epochs", "1", "--save", str(half))) == 0
    more = ["--train", train, "--test", test, "--load", str(half), "--shift", "1", "--epochs", "1",
            "--quiet", "--save", str(half)]
    assert cli.main(more) == 0
    capsys.readouterr()
    saved = [json.loads(path.read_text()) for path in (whole, half)]
    assert saved[0]["layers"] == saved[1]["layers"]
    unshifted = tmp_path / "plain.json"
    assert cli.main(conv_args(train, test, "--epochs", "2", "--save", str(unshifted))) == 0
    assert json.loads(unshifted.read_text())["layers"] != saved[0]["layers"]


def test_shift_with_a_fully_connected_model_is_refused(small_files, tmp_path):
    train, test = small_files
    model = tmp_path / "fc.json"
    assert run_main("--train", train, "--test", test, "--hidden", "5", "--epochs", "1", "--quiet",
                    "--save", model).returncode == 0
    result = run_main("--train", train, "--test", test, "--load", model, "--shift", "1", "--epochs", "1")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith(
        "--shift goes with a conv network, and this one is [784, 5, 10]")
