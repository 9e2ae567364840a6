"""The command line's convolutional networks: --conv N:K, --pool P, --expand.

A layer stack that cannot be built is a usage error (exit status 2) found before any data is
loaded: these runs name a training file that does not exist, so reaching the data would fail
differently.  A few short runs train a small conv network end to end.
"""

import re

import pytest

from commandline import MNIST_TEST, MNIST_TRAIN, mnist_csv, run_main, usage_error
from purenn.activations import ReLU
from purenn.app import cli
from purenn.convnet import ConvNetwork
from purenn.data import load_csv
from purenn.expand import SHIFTS, ShiftedImage, expand

@pytest.mark.parametrize("args, message", [
    (["--conv", "20"], "expected N:K"),
    (["--conv", "20:5:1:1:1"], "expected N:K or N:K:P:S"),
    (["--conv", "20:5:2.5"], "expected N:K or N:K:P:S"),
    (["--conv", "20:5:x:1"], "expected N:K or N:K:P:S"),
    (["--conv", "20:5:5"], "the padding P of N:K:P must be from 0 to K - 1, got 20:5:5"),
    (["--conv", "20:5:-1"], "the padding P of N:K:P must be from 0 to K - 1"),
    (["--conv", "20:5:0:0"], "the stride S of N:K:P:S must be at least 1, got 20:5:0:0"),
    (["--conv", "20:5:0:2"], "conv layer 1 on its 28 x 28 input: a 5 x 5 filter with padding 0 and stride 2 "
                             "does not tile a side of 28: 28 + 2·0 - 5 = 23 is not a multiple of the stride 2"),
    (["--conv", "8:5:2", "--pool", "3"], "conv layer 1: its 28 x 28 maps cannot be pooled in 3 x 3 blocks"),
    (["--conv", "8:5:2", "--conv", "16:5:2", "--pool", "2", "--pool", "3"],
     "conv layer 2: its 14 x 14 maps cannot be pooled in 3 x 3 blocks"),
    (["--conv", "8:5:2", "--conv", "16:5:2", "--pool", "2", "--pool", "2", "--pool", "2"],
     "3 pool sizes for 2 conv layers"),
    (["--conv", "a:5"], "expected N:K"),
    (["--conv", "0:5"], "at least 1 filter"),
    (["--conv", "20:0"], "at least 1 filter"),
    (["--conv", "20:29"], "conv layer 1: a 29 x 29 filter does not fit in its 28 x 28 input"),
    (["--conv", "20:5", "--conv", "40:13"], "conv layer 2: a 13 x 13 filter does not fit in its 12 x 12 input"),
    (["--conv", "20:5", "--pool", "5"], "conv layer 1: its 24 x 24 maps cannot be pooled in 5 x 5 blocks"),
    (["--conv", "20:5", "--conv", "40:5", "--pool", "3"], "conv layer 2: its 4 x 4 maps cannot be pooled in 3 x 3"),
    (["--pool", "3"], "--pool goes with --conv"),
    (["--expand"], "--expand goes with --conv"),
])
def test_bad_layer_specs_are_usage_errors_before_any_data_is_loaded(args, message):
    line = usage_error(*args)
    assert line.startswith("python main.py: error: ") and message in line, line


@pytest.fixture(scope="module")
def small_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("conv")
    return (mnist_csv(folder / "train.csv", MNIST_TRAIN, 120), mnist_csv(folder / "test.csv", MNIST_TEST, 40))


def test_a_conv_network_trains_from_the_command_line(small_files, capsys):
    train, test = small_files
    args = ["--train", train, "--test", test, "--conv", "3:5", "--pool", "2", "--hidden", "10",
            "--activation", "relu", "--output", "softmax", "--eta", "0.05", "--lmbda", "1.0",
            "--epochs", "2", "--validation", "20", "--early-stop", "1", "--quiet"]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "Training ConvNetwork([ConvLayer(3, 5, in_shape=(1, 28, 28))" in out
    assert "on 100 samples" in out and "Epoch 2/2" in out


def test_same_seed_same_output(small_files, capsys):
    train, test = small_files
    args = ["--train", train, "--test", test, "--conv", "2:5", "--hidden", "8", "--epochs", "1",
            "--dropout", "0.2", "--quiet", "--seed", "7"]
    outputs = []
    for _ in range(2):
        assert cli.main(args) == 0
        outputs.append([line.rsplit(",", 1)[0] for line in capsys.readouterr().out.splitlines()
                        if "correct" in line])  # without the epoch's time
    assert outputs[0] == outputs[1] and outputs[0]


def test_options_reach_the_network(monkeypatch):
    built = []
    monkeypatch.setattr(cli.TrainingRun, "run", lambda self, args: built.append(args) or 0)
    assert cli.main(["--conv", "20:5", "--conv", "40:5", "--hidden", "100"]) == 0
    from purenn.app.training import network_from_options
    net, _ = network_from_options(built[0])
    assert isinstance(net, ConvNetwork)
    assert net.describe() == "[1x28x28, conv 20 5x5, pool 2 sigmoid, conv 40 5x5, pool 2 sigmoid, 100 sigmoid, 10 sigmoid]"
    net.dropout = 0.5
    assert [getattr(layer, "dropout", None) for layer in net.layers] == [None, None, None, None, 0.5, 0.0]


def test_padding_stride_and_a_pool_per_conv_reach_the_network(monkeypatch):
    # ConvNetJS's MNIST shape, with pool 2 twice: 28 -(5x5, P=2)-> 28 -pool 2-> 14 -(5x5, P=2)-> 14 -> 7.
    built = []
    monkeypatch.setattr(cli.TrainingRun, "run", lambda self, args: built.append(args) or 0)
    assert cli.main(["--conv", "8:5:2", "--pool", "2", "--conv", "16:5:2:1", "--pool", "2", "--hidden",
                     "--activation", "relu", "--output", "softmax"]) == 0
    from purenn.app.training import network_from_options
    net, _ = network_from_options(built[0])
    assert net.describe() == ("[1x28x28, conv 8 5x5 pad 2, pool 2 relu, conv 16 5x5 pad 2, pool 2 relu, "
                              "10 softmax]")
    assert [layer.out_shape for layer in net.layers[:4]] == [(8, 28, 28), (8, 14, 14), (16, 14, 14), (16, 7, 7)]
    built.clear()
    assert cli.main(["--conv", "4:4:0:2", "--conv", "6:4:1", "--pool", "1", "--pool", "2"]) == 0
    net, _ = network_from_options(built[0])
    assert [layer.out_shape for layer in net.layers[:4]] == [(4, 13, 13), (4, 13, 13), (6, 12, 12), (6, 6, 6)]


def test_relu_and_softmax_from_options(monkeypatch):
    built = []
    monkeypatch.setattr(cli.TrainingRun, "run", lambda self, args: built.append(args) or 0)
    cli.main(["--conv", "20:5", "--hidden", "100", "--activation", "relu", "--output", "softmax"])
    from purenn.app.training import network_from_options
    net, _ = network_from_options(built[0])
    assert net.hidden_activation is ReLU and net.output_activation.name == "softmax"


def test_expand_adds_four_shifted_copies(mnist_small):
    data = mnist_small[:3]
    expanded = expand(data)
    assert len(expanded) == 15 and expanded[:3] == data
    x, label = data[0]
    pixels = list(x)
    for k, (dr, dc) in enumerate(SHIFTS):
        shifted, shifted_label = expanded[3 + 3 * k]
        assert shifted_label == label
        moved = shifted.to_list()
        for r in range(28):
            for c in range(28):
                source_r, source_c = r - dr, c - dc
                inside = 0 <= source_r < 28 and 0 <= source_c < 28
                assert moved[r * 28 + c] == (pixels[source_r * 28 + source_c] if inside else 0.0)


def test_shifted_image_drops_the_pixels_pushed_over_the_edge():
    image = [1.0, 2.0, 3.0, 4.0]  # 2 x 2
    assert ShiftedImage(image, 1, 0, width=2).to_list() == [0.0, 0.0, 1.0, 2.0]
    assert ShiftedImage(image, 0, -1, width=2).to_list() == [2.0, 0.0, 4.0, 0.0]


def test_expand_from_the_command_line(small_files, capsys):
    train, test = small_files
    args = ["--train", train, "--test", test, "--conv", "2:5", "--hidden", "8", "--epochs", "1",
            "--expand", "--quiet", "--limit", "20"]
    assert cli.main(args) == 0
    assert "expanded to 100 samples" in capsys.readouterr().out


def test_expanded_training_data_stays_small():
    data = load_csv(MNIST_TRAIN, limit=50)
    extra = expand(data)[50:]
    assert all(isinstance(x, ShiftedImage) and x.image is original for (x, _), (original, _)
               in zip(extra, data * 4))


def test_the_bench_times_the_conv_network_plain_and_fast(capsys, small_files):
    from purenn.app import bench
    train, test = small_files
    bench.main(["--train", train, "--test", test, "--sizes", "784,10,10", "--train-samples", "20",
                "--eval-samples", "20", "--reference-samples", "0", "--optimizers", "--conv-samples", "5"])
    out = capsys.readouterr().out
    rows = re.findall(r"^(relu|sigmoid) +(plain|fast) +(\d+\.\d+) +(\d+) +(\d+\.\d+) +(\d+\.\d+)$", out, re.M)
    assert [row[:2] for row in rows] == [("relu", "plain"), ("relu", "fast"), ("sigmoid", "plain"), ("sigmoid", "fast")]
    for _, loops, ms, seconds, _, ratio in rows:
        assert abs(float(ms) * 60 - int(seconds)) <= 1  # s per 60,000-sample epoch; both rounded
        if loops == "fast":
            assert ratio == "1.0"
