"""The playground with a conv network: the filters as tiles, the feature maps of a digit, over
HTTP as over plain calls, and the page in a real browser (skipped without Chromium)."""

import json
import re
import shutil
import subprocess
import urllib.request

import pytest

from purenn.activations import ReLU
from purenn.app.playground.convview import feature_maps
from purenn.app.playground.digits import analyse
from purenn.app.playground.pages import Playground
from purenn.app.playground.server import make_server, serve_in_background
from purenn.convnet import ConvNetwork, conv_layers


def conv_net():
    """4 filters 5 x 5 over 28 x 28, pool 2, 6 hidden ReLU, softmax: small but MNIST-shaped."""
    return ConvNetwork(conv_layers((1, 28, 28), [(4, 5)], 2, [6], 10, ReLU), seed=3)


def stroke():
    """A 28 x 28 'digit': a vertical bar, 3 pixels wide, rows 5-22."""
    return [1.0 if 5 <= i // 28 <= 22 and 12 <= i % 28 <= 14 else 0.0 for i in range(784)]


def test_feature_maps_are_the_filters_slid_over_the_image_then_relu():
    net, x = conv_net(), stroke()
    conv = net.layers[0]
    maps = feature_maps(net, x)
    assert len(maps) == 4 and all(len(m) == 24 * 24 for m in maps)
    for f, i, j in [(0, 0, 0), (1, 10, 9), (2, 3, 12), (3, 20, 11)]:  # by the formula, one at a time
        z = conv.biases[f] + sum(conv.weights[f][p * 5 + q] * x[(i + p) * 28 + j + q]
                                 for p in range(5) for q in range(5))
        assert maps[f][i * 24 + j] == pytest.approx(max(0.0, z), abs=1e-12)
    # and max-pooling them gives what the pooling layer hands on
    pooled = [max(maps[f][(2 * I + p) * 24 + 2 * J + q] for p in range(2) for q in range(2))
              for f in range(4) for I in range(12) for J in range(12)]
    assert pooled == pytest.approx(net.layers[1].feedforward(conv.feedforward(x)), abs=1e-12)


def test_analyse_a_conv_network():
    net, x = conv_net(), stroke()
    result = analyse(net, x)
    assert set(result) == {"input", "hidden", "maps", "output", "prediction"}
    hidden = net.layers[2].feedforward(net.layers[1].feedforward(net.layers[0].feedforward(x)))
    assert result["hidden"] == [[round(a, 4) for a in hidden]]  # the fully connected hidden layer
    assert result["output"] == [round(a, 4) for a in net.feedforward(x)]
    assert result["prediction"] == net.predict(x)
    assert result["maps"] == [[round(v, 4) for v in m] for m in feature_maps(net, x)]


def test_the_network_description_has_the_filters_as_tiles():
    net = conv_net()
    description = Playground(net).network()
    assert description["kind"] == "conv" and description["side"] == 5 and description["map_side"] == 24
    assert description["layers"] == "[1x28x28, conv 4 5x5, pool 2 relu, 6 relu, 10 softmax]"
    assert (description["activation"], description["output"]) == ("relu", "softmax")
    tiles = description["tiles"]
    assert [t["neuron"] for t in tiles] == [0, 1, 2, 3]
    for tile, filt in zip(tiles, net.layers[0].weights):
        largest = max(map(abs, filt))
        assert tile["scale"] == round(largest, 4)
        assert tile["values"] == [round(w / largest, 4) for w in filt]


@pytest.fixture(scope="module")
def server():
    server = make_server(Playground(conv_net(), [(stroke(), 1)], seed=1), port=0)
    serve_in_background(server)
    yield server
    server.shutdown()
    server.server_close()


def get(server, path, body=None):
    request = urllib.request.Request(server.url + path.lstrip("/"), data=body,
                                     headers={"Content-Type": "application/json"} if body else {})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def test_the_server_answers_a_drawing_with_the_feature_maps(server):
    pixels = [255 if 4 <= y <= 35 and 18 <= x <= 21 else 0 for y in range(40) for x in range(40)]
    answer = get(server, "/api/predict", json.dumps({"width": 40, "height": 40, "pixels": pixels}).encode())
    assert len(answer["maps"]) == 4 and len(answer["maps"][0]) == 576
    assert len(answer["hidden"]) == 1 and len(answer["hidden"][0]) == 6
    assert get(server, "/api/network")["kind"] == "conv"


CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_the_page_shows_filters_and_feature_maps(server, tmp_path):
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
         f"--user-data-dir={tmp_path}", "--virtual-time-budget=10000", "--window-size=1200,900",
         "--dump-dom", f"{server.url}?digit=0"], capture_output=True, text=True, timeout=120)
    dom = result.stdout
    assert 'data-state="classified"' in dom
    assert "What each filter looks for: [1x28x28, conv 4 5x5, pool 2 relu, 6 relu, 10 softmax]" in dom
    assert '<div id="conv-maps">' in dom  # no longer hidden
    assert len(re.findall(r'<div class="map"', dom)) == 4
    assert len(re.findall(r'<div class="tile( firing)?"', dom)) == 4
    assert len(re.findall(r'<div class="cell"', dom)) == 6
    assert "one of the first conv layer's 4 filters, its 5 x 5 weights" in dom


def test_a_conv_snapshot_keeps_its_weights_while_the_network_learns():
    from purenn.app.playground.models import snapshot
    net = conv_net()
    copy = snapshot(net)
    before = [[list(row) for row in layer.weights] for layer in copy.layers]
    net.train_epoch([(stroke(), 1), ([0.0] * 784, 0)] * 5, 5, 0.5)
    after = [[list(row) for row in layer.weights] for layer in copy.layers]
    assert after == before != [[list(row) for row in layer.weights] for layer in net.layers]
    assert copy.feedforward(stroke()) != net.feedforward(stroke())


def test_watching_a_conv_network_learn_changes_nothing_in_its_training():
    from purenn.app.playground.live import LiveTraining
    data = [(stroke(), 1), ([0.0] * 784, 0)] * 6
    plain = conv_net()
    plain.train_epoch(data, 4, 0.5)
    watched = conv_net()
    live = LiveTraining(watched, data, every=4, curve_samples=2)
    done = []
    watched.train_epoch(data, 4, 0.5, progress=lambda m: (done.append(m), live.after_batch(watched, sum(done))))
    live.epoch_done(1, 50.0, watched)
    assert watched.parameters() == plain.parameters()
    assert [s for s, _ in live.status()["curve"]] == [0, 4, 8, 12]
    playground = Playground(live=live, test_data=data)
    assert playground.network()["kind"] == "conv" and playground.network()["version"] == live.current()[1]
    assert playground.test_digit(0)["maps"] == analyse(watched, stroke())["maps"]
