"""Conv networks in model files (convmodel.py): saved, loaded back exactly, readable by
someone else's code from the layout docs/model-files.md documents, and every way a file can be bad.
"""

import json
import re

import pytest

from purenn.activations import ReLU, Sigmoid
from purenn.app.modelfile import ModelFileError, load, save, to_dict
from purenn.convnet import ConvNetwork, conv_layers
from purenn.costs import CrossEntropyCost
from purenn.optimizers import SGD, Adam, Momentum


def small_convnet(seed=5, optimizer=None, dropout=0.0, activation=ReLU):
    """1 x 8 x 8 input, 3 filters 3 x 3, pool 2, 5 hidden, 10 softmax outputs."""
    return ConvNetwork(conv_layers((1, 8, 8), [(3, 3)], 2, [5], 10, activation, dropout=dropout),
                       seed=seed, optimizer=optimizer)


def image(seed):
    """A made-up 8 x 8 'image' with some blank pixels, as MNIST's are."""
    return [((i * 37 + seed * 11) % 17) / 16 if (i + seed) % 3 else 0.0 for i in range(64)]


DATA = [(image(s), s % 10) for s in range(40)]


def parameters(net):
    return [list(v) for v in net.parameters()]


@pytest.fixture
def good_file(tmp_path):
    path = str(tmp_path / "conv.json")
    save(small_convnet(), path, training={"epochs": 2, "eta": 0.1})
    return path


def test_round_trip_gives_identical_layers_and_outputs(good_file):
    net = small_convnet()
    loaded, training = load(good_file)
    assert training == {"epochs": 2, "eta": 0.1}
    assert repr(loaded) == repr(net)
    assert loaded.cost is net.cost
    assert parameters(loaded) == parameters(net)  # float for float
    for x, _ in DATA[:5]:
        assert loaded.feedforward(x) == net.feedforward(x)


def test_the_file_lists_the_layers_in_order(good_file):
    with open(good_file, encoding="utf-8") as f:
        model = json.load(f)
    assert (model["format"], model["version"], model["kind"]) == ("purenn-model", 3, "conv")
    assert model["cost"] == "log-likelihood" and model["input"] == [1, 8, 8]
    shapes = [{key: value for key, value in layer.items() if key not in ("weights", "biases")}
              for layer in model["layers"]]
    assert shapes == [
        {"type": "conv", "filters": 3, "size": 3, "padding": 0, "stride": 1, "in_shape": [1, 8, 8]},
        {"type": "pool", "size": 2, "in_shape": [3, 6, 6], "activation": "relu"},
        {"type": "dense", "in": 27, "out": 5, "activation": "relu", "dropout": 0.0},
        {"type": "softmax", "in": 5, "out": 10}]
    conv = model["layers"][0]
    assert len(conv["weights"]) == 3 and all(len(f) == 9 for f in conv["weights"])
    assert len(model["layers"][2]["weights"]) == 5 and len(model["layers"][2]["weights"][0]) == 27


def own_reading(model, x):
    """What docs/model-files.md's "Conv model files" says, computed straight from the JSON, no purenn."""
    import math
    activations = {"relu": lambda z: max(0.0, z), "sigmoid": lambda z: 1 / (1 + math.exp(-z))}
    a, (c, h, w) = x, model["input"]
    for layer in model["layers"]:
        if layer["type"] == "conv":
            k, P, S = layer["size"], layer.get("padding", 0), layer.get("stride", 1)
            oh, ow = (h + 2 * P - k) // S + 1, (w + 2 * P - k) // S + 1

            def pixel(ch, r, s):  # 0 on the padding
                return a[(ch * h + r) * w + s] if 0 <= r < h and 0 <= s < w else 0.0
            z = []
            for filt, b in zip(layer["weights"], layer["biases"]):
                for i in range(oh):
                    for j in range(ow):
                        z.append(b + sum(filt[(ch * k + p) * k + q] * pixel(ch, S * i + p - P, S * j + q - P)
                                         for ch in range(c) for p in range(k) for q in range(k)))
            a, (c, h, w) = z, (len(layer["weights"]), oh, ow)
        elif layer["type"] == "pool":
            s, f = layer["size"], activations[layer["activation"]]
            a = [f(max(a[(ch * h + I * s + p) * w + J * s + q] for p in range(s) for q in range(s)))
                 for ch in range(c) for I in range(h // s) for J in range(w // s)]
            h, w = h // s, w // s
        else:
            z = [b + sum(wi * ai for wi, ai in zip(row, a)) for row, b in zip(layer["weights"], layer["biases"])]
            if layer["type"] == "softmax":
                top = max(z)
                e = [math.exp(v - top) for v in z]
                a = [v / sum(e) for v in e]
            else:
                a = [activations[layer["activation"]](v) for v in z]
    return a


def test_someone_elses_code_reads_the_file_as_the_docs_say(tmp_path):
    net = small_convnet(activation=Sigmoid)
    net.train_epoch(DATA, 10, 0.5)
    path = str(tmp_path / "trained.json")
    save(net, path)
    with open(path, encoding="utf-8") as f:
        model = json.load(f)
    for x, _ in DATA[:4]:
        assert own_reading(model, x) == pytest.approx(net.feedforward(x), abs=1e-12)


def padded_convnet(seed=6):
    """1 x 8 x 8, 3 filters 3 x 3 with P = 1 (8 x 8), pool 2, 2 filters 2 x 2 with P = 1, S = 2 (3 x 3), 10 out."""
    return ConvNetwork(conv_layers((1, 8, 8), [(3, 3, 1), (2, 2, 1, 2)], [2, 1], [], 10, Sigmoid), seed=seed)


def test_padding_and_stride_are_saved_and_read_back(tmp_path):
    net = padded_convnet()
    net.train_epoch(DATA, 10, 0.5)
    path = str(tmp_path / "padded.json")
    save(net, path)
    with open(path, encoding="utf-8") as f:
        model = json.load(f)
    convs = [layer for layer in model["layers"] if layer["type"] == "conv"]
    assert [(layer["padding"], layer["stride"]) for layer in convs] == [(1, 1), (1, 2)]
    loaded, _ = load(path)
    assert repr(loaded) == repr(net) and "padding=1, stride=2" in repr(loaded)
    for x, _ in DATA[:4]:
        assert loaded.feedforward(x) == net.feedforward(x)
        assert own_reading(model, x) == pytest.approx(net.feedforward(x), abs=1e-12)


def test_a_file_from_before_padding_and_stride_loads_as_padding_0_stride_1(tmp_path):
    net = small_convnet()
    model = to_dict(net)
    for layer in model["layers"]:
        if layer["type"] == "conv":
            del layer["padding"], layer["stride"]
    path = str(tmp_path / "old.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(model, f)
    loaded, _ = load(path)
    conv = loaded.layers[0]
    assert (conv.padding, conv.stride, conv.out_shape) == (0, 1, (3, 6, 6))
    for x, _ in DATA[:4]:
        assert loaded.feedforward(x) == net.feedforward(x)


def test_the_docs_document_the_layout():
    import os
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(root, "docs", "model-files.md"), encoding="utf-8") as f:
        page = f.read()
    assert "\n## Conv model files" in page
    section = page.split("\n## Conv model files", 1)[1].split("\n#", 1)[0]
    for words in ('"kind": "conv"', "(ch*k + p)*k + q", "(ch*h + i)*w + j", "not flipped"):
        assert words in section, words


@pytest.mark.parametrize("optimizer", [SGD(), Momentum(0.8), Adam(0.8, 0.99, 1e-7)], ids=lambda o: o.name)
def test_save_load_and_go_on_is_one_uninterrupted_run(tmp_path, optimizer):
    def fresh():
        return small_convnet(seed=3, dropout=0.2, optimizer=type(optimizer)(**optimizer.hyperparameters()))
    straight = fresh()
    for _ in range(3):
        straight.train_epoch(DATA, 10, 0.1, lmbda=2.0)
    first = fresh()
    first.train_epoch(DATA, 10, 0.1, lmbda=2.0)
    path = str(tmp_path / "half.json")
    save(first, path)
    resumed, _ = load(path)
    assert resumed.dropout == 0.2  # a conv file keeps each dense layer's dropout
    assert repr(resumed.optimizer) == repr(optimizer)
    for _ in range(2):
        resumed.train_epoch(DATA, 10, 0.1, lmbda=2.0)
    assert parameters(resumed) == parameters(straight)  # float for float


def test_a_sigmoid_output_with_cross_entropy_round_trips(tmp_path):
    layers = conv_layers((1, 8, 8), [(2, 3)], 3, [], 10, Sigmoid, output=Sigmoid)
    net = ConvNetwork(layers, cost=CrossEntropyCost, seed=1)
    path = str(tmp_path / "sigmoid.json")
    save(net, path)
    loaded, _ = load(path)
    assert repr(loaded) == repr(net) and loaded.cost is CrossEntropyCost
    assert loaded.feedforward(image(1)) == net.feedforward(image(1))


# Bad files: (id, change to the dict, regex of the one-line message) ------------------------------

def model_dict():
    """A good conv model as the dict json.load gives."""
    return json.loads(json.dumps(to_dict(small_convnet())))


def setting(*path_and_value):
    *path, value = path_and_value

    def change(model):
        target = model
        for key in path[:-1]:
            target = target[key]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return model
    return change


DELETE = object()

BAD_CONV_MODELS = [
    ("version-2", setting("version", 2), r"a conv model needs version 3, found 2"),
    ("version-true", setting("version", True), r"a conv model needs version 3, found True"),
    ("unknown-kind", setting("kind", "rnn"), r"unknown kind 'rnn'; expected network, conv or ensemble"),
    ("no-layers", setting("layers", []), r"layers must be a list of at least one layer"),
    ("layers-not-list", setting("layers", {"type": "conv"}), r"layers must be a list"),
    ("bad-input", setting("input", [1, 8]), r"input must be \[channels, height, width\]"),
    ("huge-input", setting("input", [1, 100000, 100000]), r"input \[1, 100000, 100000\] holds more than"),
    ("unknown-type", setting("layers", 1, "type", "maxout"),
     r"layers\[1\]\.type must be one of conv, pool, dense, softmax, found 'maxout'"),
    ("layer-not-object", setting("layers", 2, [1, 2]), r"layers\[2\] must be an object"),
    ("shape-mismatch", setting("layers", 1, "in_shape", [3, 7, 7]),
     r"layers\[1\] \(pool\)\.in_shape is \[3, 7, 7\], but the layer below gives \[3, 6, 6\]"),
    ("filter-too-big", setting("layers", 0, "size", 9),
     r"layers\[0\] \(conv\): a 9 x 9 filter does not fit in its 8 x 8 input"),
    ("padding-too-big", setting("layers", 0, "padding", 3),
     r"layers\[0\] \(conv\)\.padding must be a whole number from 0 to 2 \(its size - 1\), found 3"),
    ("padding-float", setting("layers", 0, "padding", 1.0),
     r"layers\[0\] \(conv\)\.padding must be a whole number from 0 to 2 .*found 1.0"),
    ("stride-zero", setting("layers", 0, "stride", 0),
     r"layers\[0\] \(conv\)\.stride must be a positive whole number, found 0"),
    ("stride-does-not-tile", setting("layers", 0, "stride", 2),
     r"layers\[0\] \(conv\): a 3 x 3 filter with padding 0 and stride 2 does not tile a side of 8"),
    ("padding-changes-the-shape", setting("layers", 0, "padding", 1),
     r"layers\[1\] \(pool\)\.in_shape is \[3, 6, 6\], but the layer below gives \[3, 8, 8\]"),
    ("zero-filters", setting("layers", 0, "filters", 0),
     r"layers\[0\] \(conv\)\.filters must be a positive whole number, found 0"),
    ("filters-vs-weights", setting("layers", 0, "filters", 4),
     r"layers\[0\] \(conv\)\.weights should have 4 entries, found 3"),
    ("short-filter", lambda m: (m["layers"][0]["weights"][1].pop(), m)[1],
     r"layers\[0\] \(conv\)\.weights\[1\] should have 9 entries, found 8"),
    ("string-in-filter", setting("layers", 0, "weights", 2, 4, "0.5"),
     r"layers\[0\] \(conv\)\.weights\[2\]\[4\] is not a finite number: '0.5'"),
    ("missing-biases", setting("layers", 0, "biases", DELETE),
     r"layers\[0\] \(conv\)\.biases should have 3 entries, found NoneType"),
    ("unknown-activation", setting("layers", 1, "activation", "swish"),
     r"layers\[1\] \(pool\)\.activation must be one of .*found 'swish'"),
    ("dense-in-mismatch", setting("layers", 2, "in", 28),
     r"layers\[2\] \(dense\)\.in is 28, but the layer below gives 27 numbers"),
    ("bad-dropout", setting("layers", 2, "dropout", 1.5),
     r"layers\[2\] \(dense\)\.dropout must be a number from 0 to less than 1, found 1.5"),
    ("nan-like-bias", setting("layers", 3, "biases", 0, None),
     r"layers\[3\] \(softmax\)\.biases\[0\] is not a finite number: None"),
    ("output-vs-cost", setting("cost", "cross-entropy"), r"the cross-entropy cost needs a sigmoid output layer"),
    ("unknown-cost", setting("cost", "hinge"), r"unknown cost 'hinge'"),
    ("optimizer-state", setting("optimizer", {"name": "momentum", "state": {"velocities": [[0.0]]}}),
     r"optimizer\.state\.velocities should have \d+ vectors for the layers, found 1"),
    ("training-not-object", setting("training", []), r"training must be an object"),
]


@pytest.mark.parametrize("change, expected", [case[1:] for case in BAD_CONV_MODELS],
                         ids=[case[0] for case in BAD_CONV_MODELS])
def test_a_damaged_conv_model_gives_one_clear_error(tmp_path, change, expected):
    path = str(tmp_path / "bad.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(change(model_dict()), f)
    with pytest.raises(ModelFileError) as caught:
        load(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(path + ": "), message
    assert re.search(expected, message), message
