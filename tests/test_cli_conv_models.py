"""Conv networks from the command line, saved and used again: --save and --load (go on
training, or --epochs 0 to evaluate), predict on your own digit, --weights drawing the filters,
and bad conv model files as one-line errors.
"""

import json
import os
import re

import pytest

from commandline import MNIST_TEST, MNIST_TRAIN, ROOT, mnist_csv, run_main
from purenn.app import cli, modelfile
from purenn.app.show import read_digit, top_scores
from purenn.convnet import ConvNetwork
from purenn.data import load_csv
from purenn.pictures.png import decode_png_rows

MY_DIGIT = os.path.join(ROOT, "docs", "my-digit.png")
SMALL = ["--conv", "3:5", "--hidden", "10", "--activation", "relu", "--output", "softmax",
         "--eta", "0.05", "--quiet"]


@pytest.fixture(scope="module")
def small_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("convmodels")
    return (mnist_csv(folder / "train.csv", MNIST_TRAIN, 60), mnist_csv(folder / "test.csv", MNIST_TEST, 30))


def accuracy_lines(out):
    return [line for line in out.splitlines() if "correct" in line]


def correct(line):
    """'8 / 30' of an epoch's line."""
    return re.search(r"\d+ / \d+", line).group()


def saved_conv_model(small_files, tmp_path, capsys):
    """The path of a small conv model trained one epoch and saved by the command line."""
    train, test = small_files
    path = str(tmp_path / "conv.json")
    assert cli.main(["--train", train, "--test", test] + SMALL + ["--epochs", "1", "--save", path]) == 0
    capsys.readouterr()
    return path


def test_save_then_load_goes_on_as_one_run(small_files, tmp_path, capsys):
    train, test = small_files
    data = ["--train", train, "--test", test, "--seed", "4"]
    straight_path = str(tmp_path / "straight.json")
    assert cli.main(data + SMALL + ["--epochs", "3", "--save", straight_path]) == 0
    straight = accuracy_lines(capsys.readouterr().out)

    path = str(tmp_path / "conv.json")
    assert cli.main(data + SMALL + ["--epochs", "1", "--save", path]) == 0
    first = accuracy_lines(capsys.readouterr().out)
    assert cli.main(data + ["--load", path, "--epochs", "2", "--quiet", "--save", path]) == 0
    out = capsys.readouterr().out
    assert "Loaded ConvNetwork([ConvLayer(3, 5, in_shape=(1, 28, 28))" in out
    assert "eta 0.05" in out  # the saved training settings come back
    # The same epochs, the same numbers: weights, optimizer and shuffling all went on where they were.
    assert [correct(line) for line in first + accuracy_lines(out)] == [correct(line) for line in straight]
    resumed, training = modelfile.load(path)
    assert training["epochs"] == 3
    assert resumed.parameters() == modelfile.load(straight_path)[0].parameters()  # float for float


def test_epochs_0_evaluates_a_saved_conv_model(small_files, tmp_path, capsys):
    _, test = small_files
    path = saved_conv_model(small_files, tmp_path, capsys)
    net, _ = modelfile.load(path)
    correct = net.evaluate(load_csv(test))
    assert cli.main(["--test", test, "--load", path, "--epochs", "0"]) == 0
    assert f"Test: {correct} / 30 correct" in capsys.readouterr().out


def test_predict_reads_my_digit_with_a_conv_model(small_files, tmp_path, capsys):
    path = saved_conv_model(small_files, tmp_path, capsys)
    assert cli.main(["predict", "--load", path, MY_DIGIT]) == 0
    out = capsys.readouterr().out
    net, _ = modelfile.load(path)
    (best, p), *_ = top_scores(net, read_digit(MY_DIGIT))
    assert out.startswith(f"{MY_DIGIT}: {best}   top 3: {best} (probability {p:.3f})")
    assert "@@" in out  # and the text picture of what it saw


def test_weights_draws_the_filters_as_tiles(small_files, tmp_path, capsys):
    train, test = small_files
    picture = str(tmp_path / "filters.png")
    model = str(tmp_path / "conv.json")
    assert cli.main(["--train", train, "--test", test] + SMALL
                    + ["--epochs", "1", "--weights", picture, "--save", model]) == 0
    assert f"Saved the 3 filters (5 x 5) of the first conv layer to {picture}" in capsys.readouterr().out
    with open(picture, "rb") as f:
        width, height, channels, rows = decode_png_rows(f.read())
    rows = [bytes(row) for row in rows]
    assert (width, height, channels) == (3 * (2 * 3 + 5 * 8), 2 * 3 + 5 * 8 + 5 * 2 + 3, 3)
    # Tile f's pixel (p, q) is filter f's weight w_pq on the filter's own scale: the largest
    # magnitude at full colour, its sign the colour (orange positive, blue negative).
    net, _ = modelfile.load(model)
    for f, filt in enumerate(net.layers[0].weights):
        largest = max(range(25), key=lambda t: abs(filt[t]))
        p, q = divmod(largest, 5)
        x, y = f * 46 + 3 + q * 8 + 4, 3 + p * 8 + 4
        pixel = tuple(rows[y][3 * x:3 * x + 3])
        assert pixel == ((255, 160, 32) if filt[largest] > 0 else (48, 144, 255))


def test_conv_options_with_load_are_usage_errors(tmp_path):
    for args, option in ((["--conv", "20:5"], "--conv"), (["--pool", "2"], "--pool")):
        result = run_main("--load", tmp_path / "m.json", *args)
        assert result.returncode == 2
        assert f"{option} cannot be used with --load: the model file fixes them" in result.stderr


def test_a_conv_model_that_is_not_for_mnist_is_one_line(tmp_path):
    from purenn.activations import ReLU
    from purenn.convnet import conv_layers
    path = str(tmp_path / "small.json")
    modelfile.save(ConvNetwork(conv_layers((1, 8, 8), [(2, 3)], 2, [], 10, ReLU)), path)
    result = run_main("predict", "--load", path, MY_DIGIT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"error: {path}: the network is [1x8x8, conv 2 3x3, pool 2 relu, "
                                      f"10 softmax], but MNIST needs 1x28x28 inputs and 10 outputs")


def test_a_damaged_conv_model_is_one_line_and_exit_1(tmp_path):
    from purenn.activations import ReLU
    from purenn.convnet import conv_layers
    path = str(tmp_path / "bad.json")
    modelfile.save(ConvNetwork(conv_layers((1, 28, 28), [(2, 5)], 2, [], 10, ReLU)), path)
    with open(path, encoding="utf-8") as f:
        model = json.load(f)
    model["layers"][0]["weights"][1] = model["layers"][0]["weights"][1][:20]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(model, f)
    result = run_main("--load", path, "--epochs", "0")
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {path}: layers[0] (conv).weights[1] should have 25 entries, found 20"


def test_test_limit_evaluates_on_the_first_test_samples(small_files, tmp_path, capsys):
    train, test = small_files
    path = str(tmp_path / "conv.json")
    assert cli.main(["--train", train, "--test", test, "--test-limit", "12"] + SMALL
                    + ["--epochs", "1", "--save", path]) == 0
    out = capsys.readouterr().out
    assert "  12 samples in" in out and re.search(r"Epoch 1/1: \d+ / 12 correct", out)
    net, _ = modelfile.load(path)
    correct = net.evaluate(load_csv(test, limit=12))
    assert cli.main(["--test", test, "--test-limit", "12", "--load", path, "--epochs", "0"]) == 0
    assert f"Test: {correct} / 12 correct" in capsys.readouterr().out


def test_a_loaded_conv_model_goes_on_with_expand_and_a_plain_one_cannot(small_files, tmp_path, capsys):
    train, test = small_files
    path = saved_conv_model(small_files, tmp_path, capsys)
    assert cli.main(["--train", train, "--test", test, "--load", path, "--expand", "--limit", "20",
                     "--epochs", "1", "--quiet"]) == 0
    assert "expanded to 100 samples" in capsys.readouterr().out
    plain = str(tmp_path / "plain.json")
    assert cli.main(["--train", train, "--test", test, "--hidden", "5", "--epochs", "1", "--quiet",
                     "--save", plain]) == 0
    capsys.readouterr()
    assert cli.main(["--train", train, "--test", test, "--load", plain, "--expand", "--epochs", "1"]) == 1
    assert capsys.readouterr().err.strip() == \
        f"error: {plain}: --expand goes with a conv network, and this one is [784, 5, 10]"
