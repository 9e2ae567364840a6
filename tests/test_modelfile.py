"""modelfile.py and files.py: a Network saved as JSON, loaded back, and every way a file can be bad.

A model file must come back exactly (the same floats, the same predictions),
and a damaged one must give one ``ModelFileError`` line that names the file.
Saving must never leave a half-written file, even if the writer dies mid-way.
"""

import glob
import json
import math
import os
import re
import time

import pytest

from purenn import files
from purenn.app import modelfile
from purenn.activations import HIDDEN
from purenn.costs import COSTS
from purenn.app.modelfile import ModelFileError, load, save
from purenn.network import Network
from purenn.optimizers import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSProp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def temporary_files(folder):
    """The temporary files write_atomically may have left behind in `folder`."""
    return glob.glob(os.path.join(str(folder), ".purenn-*.tmp"))


@pytest.fixture
def small_net():
    return Network([4, 3, 2], seed=5)


@pytest.fixture
def good_file(tmp_path, small_net):
    """A valid model file of small_net, saved with a training dict."""
    path = str(tmp_path / "model.json")
    save(small_net, path, training={"epochs": 3, "eta": 0.5})
    return path


# Round trips ------------------------------------------------------------------------------------

def test_round_trip_gives_identical_weights_and_predictions(tmp_path, mnist_train_2000, mnist_test_500):
    net = Network([784, 30, 10], seed=7)
    net.train_epoch(mnist_train_2000[:300], 10, 0.5)
    path = str(tmp_path / "mnist.json")
    save(net, path, training={"epochs": 1, "eta": 0.5, "batch_size": 10})

    loaded, training = load(path)

    assert training == {"epochs": 1, "eta": 0.5, "batch_size": 10}
    assert loaded.sizes == [784, 30, 10]
    assert (loaded.cost, loaded.hidden_activation, loaded.init) == (net.cost, net.hidden_activation, "scaled")
    assert [w.rows for w in loaded.weights] == [w.rows for w in net.weights]  # exact, float for float
    assert loaded.biases == net.biases
    samples = mnist_test_500[:100]
    assert [loaded.feedforward(x) for x, _ in samples] == [net.feedforward(x) for x, _ in samples]
    predictions = [net.predict(x) for x, _ in samples]
    assert [loaded.predict(x) for x, _ in samples] == predictions
    assert len(set(predictions)) >= 5  # a trained network, not one that always says the same digit
    assert loaded.evaluate(samples) == net.evaluate(samples) > 30


@pytest.mark.parametrize("cost", sorted(COSTS))
@pytest.mark.parametrize("activation", sorted(HIDDEN))
def test_round_trip_keeps_cost_activation_and_init(tmp_path, cost, activation):
    net = Network([6, 5, 4, 3], cost=COSTS[cost], hidden_activation=HIDDEN[activation], init="he", seed=2)
    net.biases[0][0] = -1.25  # "he" starts biases at 0: make sure a non-zero one comes back
    path = str(tmp_path / "m.json")
    save(net, path)
    loaded, training = load(path)
    assert training == {}
    assert (loaded.cost.name, loaded.hidden_activation.name, loaded.init) == (cost, activation, "he")
    assert loaded.output_activation is COSTS[cost].output
    assert loaded.biases == net.biases and loaded.biases[0][0] == -1.25
    x = [0.1, -0.2, 0.3, 0.9, 0.0, 1.0]
    assert loaded.feedforward(x) == net.feedforward(x)


def test_the_file_is_readable_json_with_every_field(good_file, small_net):
    with open(good_file, encoding="utf-8") as f:
        model = json.load(f)
    assert model["format"] == "purenn-model" and model["version"] == 2
    assert model["sizes"] == [4, 3, 2]
    assert (model["cost"], model["activation"], model["init"]) == ("cross-entropy", "sigmoid", "scaled")
    assert model["training"] == {"epochs": 3, "eta": 0.5}
    assert model["weights"] == [w.rows for w in small_net.weights]
    assert model["biases"] == small_net.biases
    assert model["optimizer"] == {"name": "sgd", "state": {}}
    version, internal, gauss_next = model["random_state"]
    assert small_net.rng.getstate() == (version, tuple(internal), gauss_next)
    assert temporary_files(os.path.dirname(good_file)) == []


def test_saving_again_replaces_the_file(good_file, small_net):
    small_net.biases[1][1] = 42.0
    save(small_net, good_file, training={"epochs": 4})
    net, training = load(good_file)
    assert net.biases[1][1] == 42.0 and training == {"epochs": 4}
    assert temporary_files(os.path.dirname(good_file)) == []


def test_integers_in_a_hand_written_file_load_as_floats(tmp_path):
    model = {"format": "purenn-model", "version": 1, "sizes": [2, 1], "cost": "quadratic",
             "activation": "relu", "weights": [[[1, -2]]], "biases": [[3]]}
    path = tmp_path / "hand.json"
    path.write_text(json.dumps(model))
    net, training = load(str(path))
    assert net.weights[0].rows == [[1.0, -2.0]] and net.biases == [[3.0]]
    assert all(type(v) is float for v in net.weights[0].rows[0] + net.biases[0])
    assert net.init == "scaled" and training == {}  # the defaults of the optional fields


def test_no_pickle_anywhere_in_the_package():
    """Loading a pickle runs code: the package must not even import it."""
    for path in glob.glob(os.path.join(ROOT, "purenn", "*.py")):
        with open(path, encoding="utf-8") as f:
            source = f.read()
        assert not re.search(r"^\s*(import|from)\s+(c?pickle|shelve|marshal|dill)\b", source, re.M), path


# Damaged files: each gives one ModelFileError line naming the file ----------------------------

def model_dict(net):
    return json.loads(json.dumps(modelfile.to_dict(net, {"epochs": 1})))


def load_error(path):
    """Load `path`, expecting a ModelFileError; return its one-line message."""
    with pytest.raises(ModelFileError) as info:
        load(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    return message


def with_change(change):
    """A function that applies `change` to a copy of the model dict and returns the copy."""
    def apply(model):
        change(model)
        return model
    return apply


def set_key(key, value):
    return with_change(lambda model: model.__setitem__(key, value))


def without(key):
    return with_change(lambda model: model.pop(key))


def set_weight(l, j, k, value):
    return with_change(lambda model: model["weights"][l][j].__setitem__(k, value))


# (id, change to the model dict of Network([4, 3, 2]), regex the message must contain)
BAD_MODELS = [
    ("list-not-object", lambda model: [model], r'not a purenn model \(no "format": "purenn-model"\)'),
    ("string-not-object", lambda model: "purenn-model", r'not a purenn model \(no "format"'),
    ("null", lambda model: None, r'not a purenn model \(no "format"'),
    ("wrong-format", set_key("format", "keras-model"), r'not a purenn model \(no "format": "purenn-model"\)'),
    ("no-format", without("format"), r"not a purenn model"),
    ("version-3", set_key("version", 3), r"unknown model version 3 \(this purenn reads versions 1 and 2\)"),
    ("version-string", set_key("version", "1"), r"unknown model version '1' \(this purenn reads versions 1 and 2\)"),
    ("version-true", set_key("version", True), r"unknown model version True"),
    ("version-float", set_key("version", 1.5), r"unknown model version 1.5"),
    ("no-version", without("version"), r"unknown model version None"),
    ("sizes-string", set_key("sizes", "4,3,2"),
     r"sizes must be a list of at least two positive whole numbers, found '4,3,2'"),
    ("sizes-string-entry", set_key("sizes", [4, "3", 2]), r"positive whole numbers, found \[4, '3', 2\]"),
    ("sizes-float-entry", set_key("sizes", [4, 3.0, 2]), r"positive whole numbers, found \[4, 3.0, 2\]"),
    ("sizes-bool-entry", set_key("sizes", [4, True, 2]), r"positive whole numbers, found \[4, True, 2\]"),
    ("sizes-negative", set_key("sizes", [4, -3, 2]), r"positive whole numbers, found \[4, -3, 2\]"),
    ("sizes-zero", set_key("sizes", [4, 0, 2]), r"positive whole numbers, found \[4, 0, 2\]"),
    ("sizes-too-short", set_key("sizes", [4]), r"at least two positive whole numbers, found \[4\]"),
    ("sizes-empty", set_key("sizes", []), r"at least two positive whole numbers, found \[\]"),
    ("no-sizes", without("sizes"), r"at least two positive whole numbers, found None"),
    ("sizes-disagree-with-weights", set_key("sizes", [4, 5, 2]),
     r"weights\[0\] should have 5 entries, found 3"),
    ("unknown-cost", set_key("cost", "hinge"),
     r"unknown cost 'hinge'; expected one of cross-entropy, log-likelihood, quadratic"),
    ("cost-list", set_key("cost", ["quadratic"]), r"unknown cost \['quadratic'\]"),
    ("no-cost", without("cost"), r"unknown cost None"),
    ("unknown-activation", set_key("activation", "softmax"),
     r"unknown activation 'softmax'; expected one of leaky-relu, relu, sigmoid, tanh"),
    ("activation-number", set_key("activation", 1), r"unknown activation 1;"),
    ("unknown-init", set_key("init", "xavier"), r"unknown init 'xavier'"),
    ("training-list", set_key("training", [1, 2]), r"training must be an object"),
    ("one-weight-matrix-missing", with_change(lambda model: model["weights"].pop()),
     r"expected 2 weight matrices for sizes \[4, 3, 2\]"),
    ("one-weight-matrix-too-many", with_change(lambda model: model["weights"].append([[0.0]])),
     r"expected 2 weight matrices for sizes \[4, 3, 2\]"),
    ("weights-not-a-list", set_key("weights", {"0": []}), r"expected 2 weight matrices"),
    ("no-weights", without("weights"), r"expected 2 weight matrices"),
    ("one-bias-vector-missing", with_change(lambda model: model["biases"].pop(0)),
     r"expected 2 bias vectors for sizes \[4, 3, 2\]"),
    ("no-biases", without("biases"), r"expected 2 bias vectors"),
    ("matrix-too-few-rows", with_change(lambda model: model["weights"][0].pop()),
     r"weights\[0\] should have 3 entries, found 2"),
    ("matrix-too-many-columns", with_change(lambda model: [row.append(0.5) for row in model["weights"][1]]),
     r"weights\[1\]\[0\] should have 3 entries, found 4"),
    ("matrix-transposed", with_change(lambda model: model["weights"].__setitem__(
        1, [list(col) for col in zip(*model["weights"][1])])),
     r"weights\[1\] should have 2 entries, found 3"),
    ("ragged-rows", with_change(lambda model: model["weights"][0][2].pop()),
     r"weights\[0\]\[2\] should have 4 entries, found 3"),
    ("row-is-a-number", with_change(lambda model: model["weights"][0].__setitem__(1, 0.5)),
     r"weights\[0\]\[1\] should have 4 entries, found float"),
    ("matrix-is-a-string", with_change(lambda model: model["weights"].__setitem__(0, "w")),
     r"weights\[0\] should have 3 entries, found str"),
    ("bias-vector-too-long", with_change(lambda model: model["biases"][0].append(0.0)),
     r"biases\[0\] should have 3 entries, found 4"),
    ("bias-vector-too-short", with_change(lambda model: model["biases"][1].pop()),
     r"biases\[1\] should have 2 entries, found 1"),
    ("bias-vector-is-a-number", with_change(lambda model: model["biases"].__setitem__(1, 0.5)),
     r"biases\[1\] should have 2 entries, found float"),
    ("string-in-weights", set_weight(0, 1, 2, "0.5"),
     r"weights\[0\]\[1\]\[2\] is not a finite number: '0.5'"),
    ("bool-in-weights", set_weight(1, 0, 0, True), r"weights\[1\]\[0\]\[0\] is not a finite number: True"),
    ("null-in-weights", set_weight(0, 2, 3, None), r"weights\[0\]\[2\]\[3\] is not a finite number: None"),
    ("list-in-weights", set_weight(0, 0, 0, [0.5]),
     r"weights\[0\]\[0\]\[0\] is not a finite number: \[0.5\]"),
    ("huge-int-in-weights", set_weight(0, 0, 1, 10 ** 400),
     r"weights\[0\]\[0\]\[1\] is not a finite number: 1000000000000000000000000000000000000\.\.\.$"),
    ("string-in-biases", with_change(lambda model: model["biases"][1].__setitem__(0, "x")),
     r"biases\[1\]\[0\] is not a finite number: 'x'"),
]


@pytest.mark.parametrize("change, expected", [case[1:] for case in BAD_MODELS],
                         ids=[case[0] for case in BAD_MODELS])
def test_a_damaged_model_gives_one_clear_error(tmp_path, small_net, change, expected):
    path = str(tmp_path / "bad.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(change(model_dict(small_net)), f)
    message = load_error(path)
    assert re.search(expected, message), message


# (id, how to damage the text of a good file, regex the message must contain)
BAD_TEXTS = [
    ("not-json", lambda text: "hello, I am not a model",
     r"not valid JSON \(Expecting value: line 1 column 1"),
    ("empty", lambda text: "", r"not valid JSON \(Expecting value: line 1 column 1 \(char 0\)\)"),
    ("truncated", lambda text: text[: len(text) // 2], r"not valid JSON \("),
    ("trailing-garbage", lambda text: text + "}", r"not valid JSON \(Extra data"),
    ("deeply-nested", lambda text: "[" * 100000 + "]" * 100000, r"not valid JSON \(nested too deeply\)"),
]


@pytest.mark.parametrize("damage, expected", [case[1:] for case in BAD_TEXTS],
                         ids=[case[0] for case in BAD_TEXTS])
def test_a_damaged_text_gives_one_clear_error(good_file, damage, expected):
    with open(good_file, encoding="utf-8") as f:
        text = f.read()
    with open(good_file, "w", encoding="utf-8") as f:
        f.write(damage(text))
    message = load_error(good_file)
    assert re.search(expected, message), message


# (what replaces weights[1][0][2] in the text of the file, what the message ends with)
NOT_FINITE = [
    ("NaN", r"not valid JSON \(NaN is not a finite number\)"),
    ("Infinity", r"not valid JSON \(Infinity is not a finite number\)"),
    ("-Infinity", r"not valid JSON \(-Infinity is not a finite number\)"),
    ("1e999", r"weights\[1\]\[0\]\[2\] is not a finite number: inf"),  # json reads it as inf
    ("-1e999", r"weights\[1\]\[0\]\[2\] is not a finite number: -inf"),
    ("2" * 400, r"weights\[1\]\[0\]\[2\] is not a finite number: " + "2" * 37 + r"\.\.\."),
    # Python 3.11 refuses to read an int of more than 4300 digits; older ones read it and we refuse it.
    ("9" * 5000, r"not valid JSON \(Exceeds the limit \(4300( digits)?\).*\)"
                 r"|weights\[1\]\[0\]\[2\] is not a finite number: 99999"),
    ('"0.5"', r"weights\[1\]\[0\]\[2\] is not a finite number: '0.5'"),
]


@pytest.mark.parametrize("replacement, expected", NOT_FINITE, ids=[r[:12] for r, _ in NOT_FINITE])
def test_a_weight_that_is_not_a_finite_number(tmp_path, small_net, replacement, expected):
    text = json.dumps(model_dict(small_net))
    weight = repr(small_net.weights[1].rows[0][2])
    assert text.count(weight) == 1
    path = tmp_path / "bad.json"
    path.write_text(text.replace(weight, replacement))
    message = load_error(str(path))
    assert re.search(f"(?:{expected})$", message), message


def test_the_largest_finite_weight_loads(tmp_path, small_net):
    text = json.dumps(model_dict(small_net))
    path = tmp_path / "big.json"
    path.write_text(text.replace(repr(small_net.weights[1].rows[0][2]), "1.7976931348623157e308"))
    net, _ = load(str(path))
    assert net.weights[1].rows[0][2] == 1.7976931348623157e308


def test_huge_sizes_are_rejected_before_any_weights_are_drawn(tmp_path, small_net):
    """sizes [4, 10**6, 2] must fail on the shapes, not first draw millions of random weights."""
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(set_key("sizes", [4, 10 ** 6, 2])(model_dict(small_net))))
    start = time.perf_counter()
    message = load_error(str(path))
    assert message.endswith("weights[0] should have 1000000 entries, found 3")
    assert time.perf_counter() - start < 1.0


def test_missing_file(tmp_path):
    path = str(tmp_path / "nowhere.json")
    assert load_error(path) == f"{path}: no such file"


def test_folder_instead_of_file(tmp_path):
    assert load_error(str(tmp_path)) == f"{tmp_path}: is a folder, not a model file"


def test_binary_file(tmp_path):
    path = tmp_path / "model.bin"
    path.write_bytes(b"\x80\x04\x95pickle\xff\xfe" * 10)
    assert load_error(str(path)) == f"{path}: not a text file (is it really a purenn model?)"


def test_model_file_errors_are_value_errors():
    assert issubclass(ModelFileError, ValueError)


# Saving: never a broken file ---------------------------------------------------------------------

def test_a_write_that_dies_half_way_leaves_the_old_file(good_file, small_net, monkeypatch):
    """Simulate a crash mid-write: the writer puts half the bytes in the temporary file, then dies."""
    with open(good_file, "rb") as f:
        old = f.read()
    seen = {}
    real_fdopen = os.fdopen

    class DyingFile:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def fileno(self):
            return self.f.fileno()

        def flush(self):
            self.f.flush()

        def write(self, data):
            self.f.write(data[: len(data) // 2])
            self.f.flush()
            seen["temporary"] = temporary_files(os.path.dirname(good_file))
            seen["size"] = os.path.getsize(seen["temporary"][0])
            raise RuntimeError("killed mid-write")

    monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: DyingFile(real_fdopen(fd, mode)))
    small_net.biases[0][0] = 99.0
    with pytest.raises(RuntimeError, match="killed mid-write"):
        save(small_net, good_file, training={"epochs": 4})
    monkeypatch.undo()
    assert len(seen["temporary"]) == 1 and seen["size"] > 100  # the half-written file did exist ...
    assert temporary_files(os.path.dirname(good_file)) == []  # ... and is gone
    with open(good_file, "rb") as f:
        assert f.read() == old
    net, training = load(good_file)
    assert training == {"epochs": 3, "eta": 0.5} and net.biases[0][0] != 99.0


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), OSError(28, "No space left on device")],
                         ids=["ctrl-c", "disk-full"])
def test_a_failing_fsync_leaves_the_old_file(good_file, small_net, monkeypatch, failure):
    with open(good_file, "rb") as f:
        old = f.read()

    def fsync(fd):
        raise failure

    monkeypatch.setattr(files.os, "fsync", fsync)
    small_net.biases[0][0] = 99.0
    if isinstance(failure, OSError):  # save turns it into one clear line
        with pytest.raises(ModelFileError) as info:
            save(small_net, good_file)
        assert str(info.value) == f"{good_file}: cannot write (No space left on device)"
    else:
        with pytest.raises(KeyboardInterrupt):
            save(small_net, good_file)
    monkeypatch.undo()
    with open(good_file, "rb") as f:
        assert f.read() == old
    assert temporary_files(os.path.dirname(good_file)) == []


def test_a_failing_rename_leaves_the_old_file(good_file, small_net, monkeypatch):
    with open(good_file, "rb") as f:
        old = f.read()

    def replace(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", replace)
    with pytest.raises(ModelFileError, match=r"model.json: cannot write \(Permission denied\)$"):
        save(small_net, good_file)
    monkeypatch.undo()
    with open(good_file, "rb") as f:
        assert f.read() == old
    assert temporary_files(os.path.dirname(good_file)) == []


def test_save_into_a_missing_folder(tmp_path, small_net):
    path = str(tmp_path / "no" / "such" / "folder" / "model.json")
    with pytest.raises(ModelFileError) as info:
        save(small_net, path)
    assert str(info.value) == f"{path}: cannot write (No such file or directory)"
    assert os.listdir(str(tmp_path)) == []


def test_save_onto_a_folder(tmp_path, small_net):
    folder = tmp_path / "models"
    folder.mkdir()
    with pytest.raises(ModelFileError, match=r"models: cannot write \(.+\)$"):
        save(small_net, str(folder))
    assert folder.is_dir() and temporary_files(tmp_path) == []


def test_a_network_with_a_nan_weight_is_not_saved(good_file, small_net):
    with open(good_file, "rb") as f:
        old = f.read()
    small_net.weights[1].rows[1][0] = math.nan
    with pytest.raises(ModelFileError) as info:
        save(small_net, good_file)
    assert str(info.value) == f"{good_file}: not saved, the network has a weight that is not a finite number"
    with open(good_file, "rb") as f:
        assert f.read() == old


def test_an_infinite_training_setting_is_not_saved_and_says_so(tmp_path, small_net):
    path = str(tmp_path / "m.json")
    with pytest.raises(ModelFileError) as info:
        save(small_net, path, training={"eta": math.inf})
    assert str(info.value) == f"{path}: not saved, a training setting is not a finite number"
    assert not os.path.exists(path)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")
def test_saved_files_get_normal_permissions_not_the_temporary_files(tmp_path, small_net):
    """mkstemp makes a private 0600 file; the model should get what any new file gets, or keep its own."""
    umask = os.umask(0o022)
    try:
        path = str(tmp_path / "m.json")
        save(small_net, path)
        assert os.stat(path).st_mode & 0o777 == 0o644
        os.chmod(path, 0o640)
        save(small_net, path)
        assert os.stat(path).st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


# The optimizer and the random state: a loaded model trains on as if it had never stopped -------

def weights_and_biases(net):
    return [w.rows for w in net.weights], net.biases


@pytest.mark.parametrize("optimizer", [SGD(), Momentum(0.8), Nesterov(0.5), AdaGrad(1e-6), RMSProp(0.8),
                                       Adam(0.8, 0.99, 1e-7)], ids=lambda o: o.name)
def test_save_load_and_go_on_is_one_uninterrupted_run(tmp_path, mnist_train_2000, optimizer):
    data = mnist_train_2000[:60]
    straight = Network([784, 8, 10], seed=3, dropout=0.2, optimizer=optimizer)
    for _ in range(3):
        straight.train_epoch(data, 10, 0.05, lmbda=2.0)

    first = Network([784, 8, 10], seed=3, dropout=0.2, optimizer=type(optimizer)(**optimizer.hyperparameters()))
    first.train_epoch(data, 10, 0.05, lmbda=2.0)
    path = str(tmp_path / "half.json")
    save(first, path)
    resumed, _ = load(path)
    resumed.dropout = 0.2  # a training setting: the caller keeps it (the command line in "training")
    assert repr(resumed.optimizer) == repr(optimizer)
    for _ in range(2):
        resumed.train_epoch(data, 10, 0.05, lmbda=2.0)
    assert weights_and_biases(resumed) == weights_and_biases(straight)  # float for float


def test_a_version_1_file_loads_with_plain_sgd(tmp_path, small_net):
    model = model_dict(small_net)
    model["version"] = 1
    del model["optimizer"], model["random_state"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(model))
    net, _ = load(str(path))
    assert isinstance(net.optimizer, SGD)
    assert weights_and_biases(net) == weights_and_biases(small_net)


def adam_model(net=None):
    net = net or Network([4, 3, 2], seed=5, optimizer=Adam())
    net.update_mini_batch([([0.5, 0.0, 1.0, 0.2], 1)], 0.01)
    return model_dict(net)


def set_optimizer(key, value):
    return lambda model: model["optimizer"].__setitem__(key, value) or model


def set_state(key, value):
    return lambda model: model["optimizer"]["state"].__setitem__(key, value) or model


BAD_OPTIMIZERS = [
    ("optimizer-list", lambda model: model.__setitem__("optimizer", []) or model, r"optimizer must be an object"),
    ("unknown-optimizer", set_optimizer("name", "lbfgs"),
     r"unknown name 'lbfgs'; expected one of adagrad, adam, momentum, nesterov, rmsprop, sgd"),
    ("beta1-one", set_optimizer("beta1", 1.0), r"optimizer: beta1 must be at least 0 and less than 1, got 1.0"),
    ("epsilon-string", set_optimizer("epsilon", "1e-8"), r"optimizer.epsilon is not a finite number: '1e-8'"),
    ("state-list", set_optimizer("state", [1]), r"optimizer.state must be an object"),
    ("t-negative", set_state("t", -1), r"optimizer.state.t should be a whole number of at least 0, found -1"),
    ("t-float", set_state("t", 1.5), r"optimizer.state.t should be a whole number of at least 0, found 1.5"),
    ("m-too-few", lambda model: model["optimizer"]["state"]["m"].pop() and model,
     r"optimizer.state.m should have 7 vectors for sizes \[4, 3, 2\], found 6"),
    ("v-short-vector", lambda model: model["optimizer"]["state"]["v"][3].pop() and model,
     r"optimizer.state.v\[3\] should have 4 entries, found 3"),
    ("m-string", lambda model: model["optimizer"]["state"]["m"][0].__setitem__(1, "x") or model,
     r"optimizer.state.m\[0\]\[1\] is not a finite number: 'x'"),
    ("random-state-short", lambda model: model["random_state"][1].pop() and model,
     r"random_state is not a state of Python's random number generator"),
    ("random-state-negative", lambda model: model["random_state"][1].__setitem__(0, -1) or model,
     r"random_state is not a state"),
    ("random-state-string", lambda model: model.__setitem__("random_state", "seed 1") or model,
     r"random_state is not a state"),
]


@pytest.mark.parametrize("change, expected", [case[1:] for case in BAD_OPTIMIZERS],
                         ids=[case[0] for case in BAD_OPTIMIZERS])
def test_a_damaged_optimizer_or_random_state_gives_one_clear_error(tmp_path, change, expected):
    path = str(tmp_path / "bad.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(change(adam_model()), f)
    message = load_error(path)
    assert re.search(expected, message), message
