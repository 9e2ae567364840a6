"""Every option with --conv: --init's rule for conv filters and dense layers, --input-dropout on the
image before the first conv layer.

The init tests redraw every starting weight from a fresh random.Random with the σ worked out by
hand (a filter over c channels of k x k has n_in = c·k·k inputs); the dropout test checks that
the gradient with input dropout is the gradient of the masked image, the mask being the next
draws of the network's Random.
"""

import math
import random
import statistics

import pytest

from purenn.activations import ReLU
from purenn.app import cli, modelfile
from purenn.app.training import network_from_options
from purenn.convnet import ConvNetwork, conv_layers
from purenn.data import load_csv
from purenn.dropout import dropout_mask
from purenn.vector import SparseVector

from commandline import MNIST_TEST, MNIST_TRAIN, mnist_csv


def small_layers():
    """(1, 8, 8) -> conv 3 of 3x3 -> (3, 6, 6) -> conv 4 of 2x2 -> (4, 5, 5) -> 5 -> 4 (pool 1: none)."""
    return conv_layers((1, 8, 8), [(3, 3), (4, 2)], pool=1, hidden=[5], n_out=4, activation=ReLU)


# σ of each learning layer, by hand: n_in = 1·3·3 = 9, 3·2·2 = 12, 4·5·5 = 100, then 5.
SIGMAS = {"scaled": [1 / 3, 1 / math.sqrt(12), 1 / 10, 1 / math.sqrt(5)],
          "he": [math.sqrt(2 / 9), math.sqrt(2 / 12), math.sqrt(2 / 100), math.sqrt(2 / 5)],
          "large": [1.0, 1.0, 1.0, 1.0]}


@pytest.mark.parametrize("init", sorted(SIGMAS))
def test_init_draws_each_layer_from_n_0_sigma_squared_with_n_in_the_inputs_of_one_neuron(init):
    net = ConvNetwork(small_layers(), seed=5, init=init)
    rng = random.Random(5)
    learning = [layer for layer in net.layers if layer.has_parameters]
    assert len(learning) == len(SIGMAS[init])
    for layer, sigma in zip(learning, SIGMAS[init]):
        expected = [[rng.gauss(0.0, sigma) for _ in row] for row in layer.weights]
        biases = [0.0] * len(layer.biases) if init == "he" else [rng.gauss(0.0, 1.0) for _ in layer.biases]
        assert layer.weights == expected and layer.biases == biases, layer


def test_a_filter_spread_is_the_rule_measured():
    """3,200 weights of 64 filters over 2 channels of 5 x 5: their spread is √(2/50) = 0.2 for he."""
    layers = conv_layers((2, 9, 9), [(64, 5)], pool=1, hidden=[], n_out=3)
    net = ConvNetwork(layers, seed=1, init="he")
    weights = [w for row in net.layers[0].weights for w in row]
    assert len(weights) == 3200
    # The standard error of a sample sd is about σ/√(2n) = 0.0025: 4 of them either side.
    assert abs(statistics.pstdev(weights) - 0.2) < 0.01
    assert abs(statistics.mean(weights)) < 4 * 0.2 / math.sqrt(3200)


def test_without_init_the_layers_start_as_network3s():
    net = ConvNetwork(small_layers(), seed=3)
    rng = random.Random(3)
    fresh = small_layers()
    for layer in fresh:
        layer.initialize(rng)
    assert [layer.weights for layer in net.layers] == [layer.weights for layer in fresh]
    assert net.init is None
    assert repr(net).endswith("])")  # no "init=": network3's start is the one a bare repr means


def test_bad_init_and_input_dropout_are_refused():
    with pytest.raises(ValueError, match="unknown init 'xavier'"):
        ConvNetwork(small_layers(), init="xavier")
    with pytest.raises(ValueError, match="input_dropout must be at least 0 and less than 1"):
        ConvNetwork(small_layers(), input_dropout=1.0)


def image(seed):
    rng = random.Random(seed)
    return [rng.random() if rng.random() < 0.4 else 0.0 for _ in range(64)]


@pytest.mark.parametrize("sparse", [False, True])
def test_input_dropout_masks_the_image_the_first_conv_layer_reads(sparse):
    """∇C with input dropout p = ∇C without it, at the image x ⊙ m, m the next p-mask drawn."""
    x, y = image(1), 2
    net = ConvNetwork(small_layers(), seed=4, input_dropout=0.5)
    twin = ConvNetwork(small_layers(), seed=4)  # the same weights, no dropout
    following = random.Random()
    following.setstate(net.rng.getstate())
    mask = dropout_mask(following, 64, 0.5)
    assert set(mask) == {0.0, 2.0}  # dropped, or kept and scaled by 1/(1 - p)
    masked = [xi * mi for xi, mi in zip(x, mask)]
    gradient = net.gradient(SparseVector.from_list(x) if sparse else x, y)
    assert gradient == twin.gradient(masked, y)
    assert gradient != twin.gradient(x, y)
    assert net.rng.getstate() == following.getstate()  # the mask was the only thing drawn


def test_input_dropout_is_for_training_only():
    net = ConvNetwork(small_layers(), seed=4, input_dropout=0.5)
    twin = ConvNetwork(small_layers(), seed=4)
    state = net.rng.getstate()
    assert net.feedforward(image(2)) == twin.feedforward(image(2))
    assert net.rng.getstate() == state


@pytest.fixture(scope="module")
def small_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("convopts")
    return (mnist_csv(folder / "train.csv", MNIST_TRAIN, 60), mnist_csv(folder / "test.csv", MNIST_TEST, 30))


def test_init_and_input_dropout_from_the_command_line(small_files, tmp_path, capsys, monkeypatch):
    """The options reach the network, and a run trains exactly as the library trains it."""
    train, test = small_files
    args = ["--train", train, "--test", test, "--conv", "2:5", "--hidden", "6", "--activation", "relu",
            "--output", "softmax", "--init", "he", "--input-dropout", "0.2", "--eta", "0.05",
            "--epochs", "1", "--seed", "3", "--quiet"]
    path = str(tmp_path / "conv.json")
    assert cli.main(args + ["--save", path]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Training "))
    assert line.endswith(", input dropout 0.2")
    assert "SoftmaxLayer(6, 10, activation=Softmax)], init=he) for 1 epoch" in line  # the start is said

    built = []
    monkeypatch.setattr(cli.TrainingRun, "run", lambda self, parsed: built.append(parsed) or 0)
    cli.main(args)
    net, _ = network_from_options(built[0])
    assert net.init == "he" and net.layers[0].biases == [0.0, 0.0]
    net.input_dropout = 0.2
    net.train_epoch(load_csv(train, sparse=True), 10, 0.05)
    saved, training = modelfile.load(path)
    assert training["input_dropout"] == 0.2
    assert saved.parameters() == net.parameters()
    without = ConvNetwork(conv_layers((1, 28, 28), [(2, 5)], 2, [6], 10, ReLU), seed=3, init="he")
    without.train_epoch(load_csv(train, sparse=True), 10, 0.05)
    assert without.parameters() != net.parameters()  # the dropout made a difference
