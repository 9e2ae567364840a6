"""The step-through of backprop: its lines are network.py's own, its numbers Network.backprop's.

Plain calls first, then real HTTP requests to /api/backprop (good and bad ones), then a conv
page and a training run's page, which step through a fully connected network all the same.
"""

import inspect
import json
import math
import os

import pytest

from purenn.activations import ReLU
from purenn.app.playground.live import LiveTraining
from purenn.app.playground.models import load_shipped
from purenn.app.playground.pages import Playground
from purenn.app.playground.server import IMAGE_BODY, make_server, serve_in_background
from purenn.app.playground.stepper import (PRECISION, SourceError, code_lines, significant, source_lines,
                                           step_through, steps)
from purenn.convnet import ConvNetwork, conv_layers
from purenn.matrix import Matrix
from purenn.network import Network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NETWORK_PY = os.path.join(ROOT, "purenn", "network.py")


@pytest.fixture(scope="module")
def shipped():
    return load_shipped()


def network_py_lines():
    with open(NETWORK_PY, encoding="utf-8") as f:
        return f.read().split("\n")


# ---------------------------------------------------------------- the lines of code

def test_every_line_shown_is_that_line_of_the_running_network_py():
    lines = network_py_lines()
    code = code_lines()
    assert set(code) == {"input", "z", "a", "BP1", "BP2", "BP3 L", "BP4 L", "BP3 l", "BP4 l"}
    for what, where in code.items():
        assert where["file"] == "purenn/network.py"
        for number, text in where["lines"]:
            assert lines[number - 1].strip() == text, what
    assert code["z"]["function"] == code["a"]["function"] == "Network.forward_pass"
    assert "(BP1)" in code["BP1"]["lines"][0][1] and code["BP1"]["function"] == "Network.backprop"
    # BP2 is its comment and the line under it that computes δ^l
    (comment, _), (line, text) = code["BP2"]["lines"]
    assert line == comment + 1 and text.startswith("delta = hadamard(")
    # BP3 and BP4: first the output layer's line, then the loop's, further down
    for bp in ("BP3", "BP4"):
        assert code[f"{bp} L"]["lines"][0][0] < code["BP2"]["lines"][0][0] < code[f"{bp} l"]["lines"][0][0]
        assert code[f"{bp} l"]["lines"][0][1].startswith(f"nabla_{'b' if bp == 'BP3' else 'w'}[l - 1] = ")


def test_the_lines_are_the_functions_own_source():
    """inspect's source of the methods themselves, so a monkeypatched Network would show its own."""
    source, first = inspect.getsourcelines(Network.backprop)
    number, text = code_lines()["BP1"]["lines"][0]
    assert source[number - first].strip() == text


def test_a_docstring_is_never_taken_for_code():
    class Quoting(Network):
        def backprop(self, x, y):
            """Quotes its own comments: delta = ...  # (BP1) δ^L, and (BP2), (BP3), (BP4)."""
            return super().backprop(x, y)

    assert all("(BP1)" not in line for _, line in source_lines(Quoting.backprop))
    with pytest.raises(SourceError, match=r"Quoting.backprop should have 1 line\(s\) matching"):
        code_lines(Quoting)


def test_code_whose_comments_are_gone_is_a_clear_error():
    class Uncommented(Network):
        def forward_pass(self, x, fs):
            activation = x
            activations = [activation]
            zs = []
            for w, b, f in zip(self.weights, self.biases, fs):
                z = w @ activation
                zs.append(z)
                activation = f.fn(z)
                activations.append(activation)
            return zs, activations

    with pytest.raises(SourceError, match="has network.py changed"):
        code_lines(Uncommented)


# ---------------------------------------------------------------- the numbers

def test_significant_digits():
    assert [significant(v) for v in (0.000123456, -98765.4, 1.0, 0.0, 2.5e-12)] == [
        0.0001235, -98770.0, 1.0, 0.0, 2.5e-12]
    assert PRECISION == 4


def test_every_number_is_forward_pass_and_backprops_to_the_precision(shipped, mnist_test_500):
    x, label = list(mnist_test_500[8][0]), 3  # a 5, pushed towards 3
    answer = step_through(shipped, x, label)
    fs = shipped.activation_functions()
    zs, activations = shipped.forward_pass(x, fs)
    nabla_b, nabla_w = shipped.backprop(x, label)
    sig = lambda values: [float(f"{v:.4g}") for v in values]  # noqa: E731
    assert answer["prediction"] == shipped.predict(x) == 5 and answer["label"] == 3
    by_symbol = {step["symbol"]: step for step in answer["steps"]}
    assert [step["symbol"] for step in answer["steps"]] == [
        "a^0", "z^1", "a^1", "z^2", "a^2", "δ^2", "∂C/∂b^2", "∂C/∂w^2", "δ^1", "∂C/∂b^1", "∂C/∂w^1"]
    assert [step["pass"] for step in answer["steps"]] == ["forward"] * 5 + ["backward"] * 6
    assert by_symbol["a^0"]["values"] == sig(x)
    for l in (1, 2):
        assert by_symbol[f"z^{l}"]["values"] == sig(zs[l - 1])
        assert by_symbol[f"a^{l}"]["values"] == sig(activations[l])
        assert by_symbol[f"δ^{l}"]["values"] == by_symbol[f"∂C/∂b^{l}"]["values"] == sig(nabla_b[l - 1])
    assert by_symbol["δ^2"]["target"] == [1.0 if j == 3 else 0.0 for j in range(10)]
    assert by_symbol["∂C/∂w^2"]["kind"] == "matrix"
    assert by_symbol["∂C/∂w^2"]["rows"] == [sig(row) for row in nabla_w[1].rows]
    tiles = by_symbol["∂C/∂w^1"]
    assert tiles["kind"] == "tiles" and len(tiles["tiles"]) == 30
    for j, tile in enumerate(tiles["tiles"]):
        assert tile["neuron"] == j and tile["delta"] == significant(nabla_b[0][j])
        assert tile["values"] == sig(nabla_w[0].rows[j])
        # each tile is δ_j times the image, to the precision shown
        assert all(math.isclose(v, nabla_b[0][j] * x_k, rel_tol=1e-3, abs_tol=1e-300)
                   for v, x_k in zip(tile["values"], x))
    assert tiles["scale"] == significant(max(abs(v) for row in nabla_w[0].rows for v in row))
    equations = [(step.get("bp"), step["equation"]) for step in answer["steps"]]
    assert equations[1] == (None, "z^1 = w^1 a^0 + b^1")
    assert equations[5][0] == "BP1" and equations[8] == ("BP2", "δ^1 = ((w^2)ᵀ δ^2) ⊙ sigmoid'(z^1)")


def test_by_hand_on_a_tiny_network():
    """[3, 2, 2], cross-entropy: δ^2 = a^2 - y, δ^1 = (w^2ᵀ δ^2) ⊙ σ'(z^1), worked out here."""
    net = Network([3, 2, 2], seed=0)
    net.weights = [Matrix([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]]), Matrix([[2.0, -2.0], [0.0, 1.0]])]
    net.biases = [[0.0, -1.0], [0.5, 0.0]]
    x = [1.0, 0.5, 0.0]
    s = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    z1 = [1.0, 0.75 - 1.0]
    a1 = [s(z) for z in z1]
    z2 = [2 * a1[0] - 2 * a1[1] + 0.5, a1[1]]
    a2 = [s(z) for z in z2]
    d2 = [a2[0] - 0.0, a2[1] - 1.0]  # label 1
    d1 = [(2 * d2[0] + 0 * d2[1]) * a1[0] * (1 - a1[0]), (-2 * d2[0] + 1 * d2[1]) * a1[1] * (1 - a1[1])]
    got = {step["symbol"]: step for step in steps(net, x, 1)}
    assert got["z^1"]["values"] == [significant(v) for v in z1]
    assert got["a^2"]["values"] == [significant(v) for v in a2]
    assert got["δ^2"]["values"] == [significant(v) for v in d2]
    assert got["δ^1"]["values"] == [significant(v) for v in d1]
    assert got["∂C/∂w^1"]["kind"] == "matrix"  # 3 inputs are no image: a matrix, not tiles
    assert got["∂C/∂w^1"]["rows"] == [[significant(d * xk) for xk in x] for d in d1]


def test_a_network_trained_with_dropout_is_stepped_through_without_it(shipped, mnist_test_500):
    x = list(mnist_test_500[0][0])
    dropped = Network([784, 30, 10], dropout=0.5, seed=1)
    dropped.weights, dropped.biases = shipped.weights, shipped.biases
    assert steps(dropped, x, 7) == steps(shipped, x, 7)
    assert dropped.dropout == 0.5  # the network itself is left as it was


# ---------------------------------------------------------------- over HTTP

def request(server, method, path, body=b"", headers=None):
    import http.client
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def post(server, path, value):
    return request(server, "POST", path, json.dumps(value).encode(), {"Content-Type": "application/json"})


@pytest.fixture(scope="module")
def server(shipped, mnist_test_500):
    server = make_server(Playground(shipped, mnist_test_500, seed=1), port=0)
    serve_in_background(server)
    yield server
    server.shutdown()
    server.server_close()


def test_the_server_answers_with_backprops_numbers(server, shipped, mnist_test_500):
    x = [round(v, 4) for v in mnist_test_500[8][0]]  # as the page sends the input it was given
    status, answer = post(server, "/api/backprop", {"image": x, "label": 5})
    assert status == 200 and answer["network"] == "served" and answer["version"] == 1
    assert answer["steps"] == json.loads(json.dumps(steps(shipped, x, 5)))
    assert answer["steps"][7]["code"] == code_lines()["BP4 L"]


@pytest.mark.parametrize("body, says", [
    ({"image": [0.0] * 784}, "missing label"),
    ({"label": 3}, "missing image"),
    ({"image": [0.0] * 784, "label": 3, "eta": 1}, "unexpected key 'eta'"),
    ({"image": [0.0] * 783, "label": 3}, "image must be a list of 784 numbers from 0 to 1, found 783"),
    ({"image": "0" * 784, "label": 3}, "found str"),
    ({"image": [0.0] * 783 + [1.5], "label": 3}, "image[783] must be a number from 0 to 1"),
    ({"image": [-0.1] + [0.0] * 783, "label": 3}, "image[0] must be"),
    ({"image": [True] + [0.0] * 783, "label": 3}, "image[0] must be"),
    ({"image": [None] + [0.0] * 783, "label": 3}, "image[0] must be"),
    ({"image": [0.0] * 784, "label": 10}, "label must be a whole number from 0 to 9"),
    ({"image": [0.0] * 784, "label": "3"}, "label must be"),
    ({"image": [0.0] * 784, "label": 3.0}, "label must be"),
    ([0.0] * 784, "expected a JSON object with image, label"),
])
def test_bad_step_through_requests_get_400(server, body, says):
    status, answer = post(server, "/api/backprop", body)
    assert status == 400 and says in answer["error"] and "\n" not in answer["error"]
    assert request(server, "GET", "/api/status")[0] == 200


def test_infinity_and_oversized_bodies(server):
    body = b'{"image": [' + b"0, " * 783 + b'1e999], "label": 3}'  # json reads 1e999 as infinity
    assert request(server, "POST", "/api/backprop", body)[0] == 400
    big = json.dumps({"image": [0.12345678901234567] * 784, "label": 3}).ljust(IMAGE_BODY + 1).encode()
    status, answer = request(server, "POST", "/api/backprop", big)
    assert status == 413 and f"the limit is {IMAGE_BODY}" in answer["error"]
    # the largest honest body fits: 784 numbers of 17 digits
    assert len(json.dumps({"image": [0.12345678901234567] * 784, "label": 3})) < IMAGE_BODY
    assert request(server, "GET", "/api/backprop")[0] == 405


def test_a_conv_page_steps_through_the_shipped_model(shipped, mnist_test_500):
    conv = ConvNetwork(conv_layers((1, 28, 28), [(2, 5)], 2, [4], 10, ReLU), seed=3)
    server = make_server(Playground(conv, mnist_test_500[:5]), port=0)
    serve_in_background(server)
    try:
        x = list(mnist_test_500[1][0])
        status, answer = post(server, "/api/backprop", {"image": x, "label": 2})
        assert status == 200 and answer["network"] == "shipped" and answer["sizes"] == [784, 30, 10]
        assert answer["steps"] == json.loads(json.dumps(steps(shipped, x, 2)))
        state = request(server, "GET", "/api/status")[1]
        assert state["stepper"] == "shipped" and state["teaching"] is None
        assert "fully connected" in state["cannot_teach"]
        status, answer = post(server, "/api/teach", {"image": x, "label": 2, "eta": 1, "steps": 1})
        assert status == 409 and "teaching needs a fully connected network" in answer["error"]
    finally:
        server.shutdown()
        server.server_close()


def test_a_training_runs_page_steps_through_its_network_as_it_is_but_cannot_teach(mnist_test_500):
    net = Network([784, 6, 10], seed=2)
    live = LiveTraining(net, mnist_test_500[:20], every=10)
    server = make_server(Playground(live=live, test_data=mnist_test_500[:20]), port=0)
    serve_in_background(server)
    try:
        x = list(mnist_test_500[0][0])
        status, answer = post(server, "/api/backprop", {"image": x, "label": 7})
        assert status == 200 and answer["network"] == "served" and answer["sizes"] == [784, 6, 10]
        first_row = net.backprop(x, 7)[1][0].rows[0]
        assert answer["steps"][-1]["tiles"][0]["values"] == [significant(v) for v in first_row]
        status, answer = post(server, "/api/teach", {"image": x, "label": 7, "eta": 1, "steps": 1})
        assert status == 409 and "training" in answer["error"]
    finally:
        server.shutdown()
        server.server_close()
