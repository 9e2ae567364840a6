"""The playground's computations without HTTP: every layer, drawings, live snapshots, the shipped model."""

import json
import math
import os
import subprocess
import sys

import pytest

from purenn.app import modelfile
from purenn.app.playground.checks import RequestError
from purenn.app.playground.digits import analyse, drawing_to_input, layer_activations
from purenn.app.playground.live import LiveTraining
from purenn.app.playground.models import (SHIPPED_CONV_MODEL, SHIPPED_DECIMALS, SHIPPED_MODEL,
                                          make_shipped_model, round_weights,
                                          snapshot)
from purenn.app.playground.pages import Playground
from purenn.convnet import ConvNetwork
from purenn.matrix import Matrix
from purenn.network import Network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def tiny_network():
    """[3, 2, 2] with hand-picked weights: every activation can be worked out by hand."""
    net = Network([3, 2, 2], seed=0)
    net.weights = [Matrix([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]]), Matrix([[2.0, -2.0], [0.0, 1.0]])]
    net.biases = [[0.0, -1.0], [0.5, 0.0]]
    return net


def test_layer_activations_by_hand():
    x = [1.0, 2.0, 3.0]
    hidden = [sigmoid(1 - 3), sigmoid(0.5 * 6 - 1)]  # z = w·x + b for each hidden neuron
    output = [sigmoid(2 * hidden[0] - 2 * hidden[1] + 0.5), sigmoid(hidden[1])]
    a1, a2 = layer_activations(tiny_network(), x)
    assert a1 == pytest.approx(hidden, abs=1e-15) and a2 == pytest.approx(output, abs=1e-15)
    assert a2 == tiny_network().feedforward(x)


def test_analyse_rounds_and_picks_the_largest_output():
    result = analyse(tiny_network(), [1.0, 2.0, 3.0])
    assert result["hidden"] == [[0.1192, 0.8808]]
    assert result["output"] == [round(sigmoid(2 * 0.11920292 - 2 * 0.88079708 + 0.5), 4), 0.707]
    assert result["prediction"] == 1 and result["input"] == [1.0, 2.0, 3.0]


def test_a_drawing_becomes_784_inputs_like_mnist():
    pixels = [0] * 100
    for y in range(2, 8):  # a vertical bar, 2 pixels wide, 6 tall, in a 10 x 10 drawing
        pixels[y * 10 + 4] = pixels[y * 10 + 5] = 255
    x = drawing_to_input({"width": 10, "height": 10, "pixels": pixels})
    assert len(x) == 784
    # scaled by 20/6 so it is 20 tall and round(2 * 20/6) = 7 wide, all full ink, centred:
    # rows 4..23 and columns 10..16 (its centre of mass 10 + 3.5 = 13.5, within half a pixel of 14)
    assert sorted({i // 28 for i, v in enumerate(x) if v > 0}) == list(range(4, 24))
    assert sorted({i % 28 for i, v in enumerate(x) if v > 0}) == list(range(10, 17))
    assert sum(x) == pytest.approx(20 * 7, abs=1e-9) and max(x) == 1.0  # 3.12+ sums more exactly


@pytest.mark.parametrize("request_body", [None, [], {"width": 1}, {"width": 1, "height": 1, "pixels": [0]}])
def test_bad_or_blank_drawings_raise_request_error(request_body):
    with pytest.raises(RequestError):
        drawing_to_input(request_body)


def test_playground_needs_a_network():
    with pytest.raises(ValueError):
        Playground()


def test_test_digit_out_of_range(mnist_small):
    playground = Playground(tiny_network(), [])
    with pytest.raises(LookupError):
        playground.test_digit(0)
    with pytest.raises(RequestError):
        Playground(Network([784, 10], seed=1), mnist_small).test_digit(20)


def test_snapshot_keeps_its_weights_while_the_network_learns(mnist_small):
    net = Network([784, 5, 10], seed=3)
    copy = snapshot(net)
    before = [list(row) for row in copy.weights[0].rows]
    net.train_epoch(mnist_small, 5, 0.5)
    assert copy.weights[0].rows == before != net.weights[0].rows
    assert copy.biases != net.biases


def train_two_epochs(data, live=None):
    net = Network([784, 8, 10], seed=7)
    watcher = live(net) if live else None
    for epoch in (1, 2):
        done = 0

        def progress(m):
            nonlocal done
            done += m
            if watcher:
                watcher.after_batch(net, done)
        net.train_epoch(data, 10, 0.5, progress=progress)
        if watcher:
            watcher.epoch_done(epoch, 100 * net.evaluate(data[:100]) / 100, net)
    return net, watcher


def test_live_training_takes_snapshots_without_changing_the_training(mnist_train_2000, mnist_test_500):
    data = mnist_train_2000[:500]
    plain, _ = train_two_epochs(data)
    watched, live = train_two_epochs(data, lambda net: LiveTraining(net, mnist_test_500, every=200,
                                                                    curve_samples=50))
    assert watched.weights == plain.weights and watched.biases == plain.biases
    status = live.status()
    # snapshots: the start, after 200 and 400 samples, the end of epoch 1 (500), 700, 900, 1000
    assert [s for s, _ in status["curve"]] == [0, 200, 400, 500, 700, 900, 1000]
    assert live.current()[1] == 7
    assert [(e, s) for e, s, _ in status["epochs"]] == [(1, 500), (2, 1000)]
    net, _ = live.current()
    assert net.weights == watched.weights  # the last snapshot is the trained network
    correct = sum(watched.predict(x) == label for x, label in mnist_test_500[:50])
    assert status["curve"][-1][1] == round(100 * correct / 50, 2)
    live.finish()
    assert live.status()["finished"] and live.current()[1] == 8


def test_playground_follows_the_live_network(mnist_small):
    net = Network([784, 4, 10], seed=2)
    live = LiveTraining(net, mnist_small, every=10)
    playground = Playground(live=live, test_data=mnist_small)
    first = playground.network()
    assert first["version"] == 1 and playground.network() is first  # cached while unchanged
    done = []
    net.train_epoch(mnist_small, 5, 0.5, progress=lambda m: (done.append(m), live.after_batch(net, sum(done))))
    live.epoch_done(1, 50.0, net)  # snapshots after 10 and 20 samples, and none at the end: 20 again
    second = playground.network()
    assert second["version"] == 3 and second["tiles"] != first["tiles"]
    answer = playground.test_digit(3)
    assert answer["version"] == 3
    assert answer["output"] == pytest.approx(net.feedforward(mnist_small[3][0]), abs=1e-4)
    assert playground.status()["training"]["samples"] == 20


def test_round_weights_and_the_shipped_file(tmp_path):
    net = tiny_network()
    net.weights[0].rows[0][0] = 0.123456
    net.biases[1][0] = -2.00004999
    modelfile.save(net, tmp_path / "full.json", training={"seed": 1})
    make_shipped_model(tmp_path / "full.json", tmp_path / "small.json")
    small, training = modelfile.load(tmp_path / "small.json")
    assert small.weights[0].rows[0][0] == 0.1235 and small.biases[1][0] == -2.0
    assert training == {"seed": 1, "rounded_to_decimals": 4}
    round_weights(net, 1)
    assert net.weights[0].rows[0][0] == 0.1


def test_the_shipped_model_is_small_and_good(mnist_test_500):
    assert os.path.getsize(SHIPPED_MODEL) < 300_000
    net, training = modelfile.load(SHIPPED_MODEL)
    assert net.sizes == [784, 30, 10] and training["rounded_to_decimals"] == SHIPPED_DECIMALS
    assert net.evaluate(mnist_test_500) >= 0.93 * 500
    with open(SHIPPED_MODEL) as f:
        text = f.read()
    assert all(len(repr(w).split(".")[-1]) <= SHIPPED_DECIMALS
               for w in json.loads(text)["weights"][0][0])


def test_the_shipped_conv_model_is_a_few_hundred_kb_and_reads_99_percent(mnist_test_500):
    assert os.path.getsize(SHIPPED_CONV_MODEL) < 1_000_000
    net, training = modelfile.load(SHIPPED_CONV_MODEL)
    assert isinstance(net, ConvNetwork) and training["rounded_to_decimals"] == SHIPPED_DECIMALS
    assert [layer.n_filters for layer in net.layers if hasattr(layer, "n_filters")] == [20, 40]
    assert training["seed"] == 1 and training["eta_decay"] == 0.8
    best = training["history"][-1]
    assert best["test_correct"] >= 9900 and best["test_samples"] == 10000  # as the run measured it
    assert net.evaluate(mnist_test_500) >= 0.99 * 500  # and as it is now, rounded
    assert all(round(w, SHIPPED_DECIMALS) == w for layer in net.layers if layer.has_parameters
               for row in layer.weights for w in row)


def numbers(net):
    """Every weight and bias of a network, in one list."""
    return [v for w in net.weights for row in w.rows for v in row] + [v for b in net.biases for v in b]


# The command (README, "Playground") that made purenn/app/model.json, before rounding.
SHIPPED_COMMAND = ["main.py", "--hidden", "30", "--epochs", "3", "--seed", "1", "--quiet"]


@pytest.mark.slow
def test_the_shipped_model_is_what_its_command_makes(tmp_path):
    saved = tmp_path / "model.json"
    subprocess.run([sys.executable, *SHIPPED_COMMAND, "--save", str(saved)], cwd=ROOT, check=True,
                   capture_output=True, timeout=1800)
    retrained, _ = modelfile.load(saved)
    shipped, _ = modelfile.load(SHIPPED_MODEL)
    # Rounding to 4 decimals moves each number by at most 0.00005: the same weights, rounded.
    assert retrained.sizes == shipped.sizes
    pairs = list(zip(numbers(retrained), numbers(shipped)))
    assert len(pairs) == 784 * 30 + 30 * 10 + 30 + 10
    assert max(abs(u - v) for u, v in pairs) <= 0.5 * 10 ** -SHIPPED_DECIMALS + 1e-12
    make_shipped_model(saved, tmp_path / "shipped.json")
    assert modelfile.load(tmp_path / "shipped.json")[0].weights == shipped.weights
