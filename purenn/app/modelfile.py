"""Save a trained Network to a JSON file and load it back, checking everything.

A model file is plain JSON a person can open and read:

    {"format": "purenn-model", "version": 2,
     "sizes": [784, 30, 10], "cost": "cross-entropy", "activation": "sigmoid",
     "init": "scaled", "training": {...},
     "weights": [[[w00, w01, ...], ...], ...], "biases": [[b0, b1, ...], ...],
     "optimizer": {"name": "momentum", "momentum": 0.9, "state": {"velocities": [...]}},
     "random_state": [3, [...], null]}

``training`` holds whatever the caller wants to remember (the command line
keeps its options and the epochs done there).  ``optimizer`` is the network's
optimizer with its settings and what it remembers (see optimizers.py: one
vector per bias vector and per weight row, in the order of
``Network.parameters``), and ``random_state`` is the state of the network's
random.Random, which shuffles the data and draws dropout masks: with both, a
loaded model trains on exactly as if it had never stopped.  Version 1 files,
which have neither, still load, with plain SGD and a fresh random state.
A conv network (convnet.py) is saved as version 3 with ``"kind": "conv"`` and
a list of layers instead of sizes, weights and biases: see convmodel.py.  An
ensemble (several networks whose outputs are averaged) is version 4 with
``"kind": "ensemble"`` and its members' own model objects: see ensemblemodel.py.

Loading never runs code (unlike pickle) and checks every field, so a
damaged or hand-edited file gets one clear ``ModelFileError``.  Saving writes a temporary file in the same folder
and renames it over the old one, so a crash mid-write leaves the old model.
"""

import json
import math
import sys

from ..activations import HIDDEN
from ..costs import COSTS
from ..files import cannot_read, write_atomically
from ..convnet import ConvNetwork
from ..matrix import Matrix
from ..network import INITS, Network
from ..optimizers import OPTIMIZERS
from . import convmodel, ensemblemodel
from .ensemblemodel import Ensemble

FORMAT = "purenn-model"
VERSION = 2
READS = (1, 2)  # the versions load() understands


class ModelFileError(ValueError):
    """A model file is missing, unreadable, or not a valid purenn model."""


def to_dict(net, training=None):
    """The network as a JSON-ready dict (a ConvNetwork's: see convmodel.py; an Ensemble's,
    its members' dicts: see ensemblemodel.py)."""
    if isinstance(net, Ensemble):
        return ensemblemodel.to_dict([to_dict(member) for member in net.members], FORMAT, training or {})
    if isinstance(net, ConvNetwork):
        return convmodel.to_dict(net, FORMAT, training or {}, _optimizer_dict(net), net.rng.getstate())
    return {
        "format": FORMAT,
        "version": VERSION,
        "sizes": net.sizes,
        "cost": net.cost.name,
        "activation": net.hidden_activation.name,
        "init": net.init,
        "training": training or {},
        "weights": [w.rows for w in net.weights],
        "biases": net.biases,
        "optimizer": _optimizer_dict(net),
        "random_state": net.rng.getstate(),  # a tuple (3, 625 ints, None): a JSON list
    }


def _optimizer_dict(net):
    """The optimizer's name, settings and state (what it remembers from step to step)."""
    return dict(name=net.optimizer.name, **net.optimizer.hyperparameters(), state=net.optimizer.state())


def save(net, path, training=None):
    """Write the network to `path` as JSON, atomically."""
    write_text(path, model_text(net, path, training))


def model_text(net, path, training=None):
    """The network's model file as JSON text; ModelFileError (naming `path`) if a number is not finite."""
    try:
        return json.dumps(to_dict(net, training), allow_nan=False)
    except ValueError:  # json's allow_nan=False: a nan or infinity somewhere
        nets = net.members if isinstance(net, Ensemble) else [net]
        numbers = [v for each in nets for vector in each.parameters() for v in vector]
        finite = all(map(_is_finite_number, numbers))
        what = "a training setting is" if finite else "the network has a weight that is"
        raise ModelFileError(f"{path}: not saved, {what} not a finite number") from None


def save_ensemble(member_dicts, path, training):
    """Write an ensemble from its members' model dicts (as to_dict makes them), atomically."""
    try:
        text = json.dumps(ensemblemodel.to_dict(member_dicts, FORMAT, training), allow_nan=False)
    except ValueError:
        raise ModelFileError(f"{path}: not saved, a member has a number that is not finite") from None
    write_text(path, text)


def write_text(path, text):
    """Write a model file's text to `path` in one step (files.write_atomically)."""
    try:
        write_atomically(path, text)
    except OSError as e:
        raise ModelFileError(f"{path}: cannot write ({e.strerror or e})") from None


def load(path):
    """Read a network saved by ``save``; returns (network, training dict)."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError:
        raise ModelFileError(f"{path}: not a text file (is it really a purenn model?)") from None
    except OSError as e:
        raise ModelFileError(cannot_read(path, e, "a model file")) from None
    try:
        model = json.loads(text, parse_constant=_reject_constant)
    except ValueError as e:
        raise ModelFileError(f"{path}: not valid JSON ({e})") from None
    except RecursionError:  # "[[[[...": thousands of nested lists
        raise ModelFileError(f"{path}: not valid JSON (nested too deeply)") from None
    try:
        return from_dict(model)
    except ValueError as e:
        raise ModelFileError(f"{path}: {e}") from None


def _reject_constant(name):
    raise ValueError(f"{name} is not a finite number")


def from_dict(model):
    """Build a Network from a dict made by ``to_dict``; ValueError says what is wrong."""
    if not isinstance(model, dict) or model.get("format") != FORMAT:
        raise ValueError(f"not a purenn model (no \"format\": \"{FORMAT}\")")
    kind = model.get("kind", "network")
    if kind == convmodel.KIND:
        return convmodel.from_dict(model, _check_numbers, _choose, _optimizer, _set_random_state)
    if kind == ensemblemodel.KIND:
        return ensemblemodel.from_dict(model, from_dict)
    if kind != "network":
        raise ValueError(f"unknown kind {_shorten(kind)}; expected network, {convmodel.KIND} "
                         f"or {ensemblemodel.KIND}")
    version = model.get("version")
    if type(version) is not int or version not in READS:  # true == 1 in Python, but is no version
        raise ValueError(f"unknown model version {version!r} (this purenn reads versions 1 and 2)")
    sizes = model.get("sizes")
    if (not isinstance(sizes, list) or len(sizes) < 2
            or not all(type(n) is int and n >= 1 for n in sizes)):
        raise ValueError(f"sizes must be a list of at least two positive whole numbers, found {sizes!r}")
    cost = _choose(model, "cost", COSTS)
    activation = _choose(model, "activation", HIDDEN)
    init = model.get("init", "scaled")
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}")
    training = model.get("training", {})
    if not isinstance(training, dict):
        raise ValueError("training must be an object")
    weights, biases = model.get("weights"), model.get("biases")
    layers = len(sizes) - 1
    if not isinstance(weights, list) or len(weights) != layers:
        raise ValueError(f"expected {layers} weight matrices for sizes {sizes}")
    if not isinstance(biases, list) or len(biases) != layers:
        raise ValueError(f"expected {layers} bias vectors for sizes {sizes}")
    # Check every shape before building the Network: sizes [784, 10**9, 10]
    # would otherwise draw billions of random initial weights first.
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        _check_numbers(weights[l], (n_out, n_in), f"weights[{l}]")
        _check_numbers(biases[l], (n_out,), f"biases[{l}]")
    # One vector per bias vector, then one per weight row, as Network.parameters orders them.
    lengths = sizes[1:] + [n_in for n_in, n_out in zip(sizes[:-1], sizes[1:]) for _ in range(n_out)]
    optimizer = _optimizer(model.get("optimizer", {"name": "sgd"}), lengths, f"sizes {sizes}")
    net = Network(sizes, cost=cost, hidden_activation=activation, init=init, optimizer=optimizer)
    net.weights = [Matrix([[float(w_jk) for w_jk in row] for row in w]) for w in weights]
    net.biases = [[float(b) for b in layer] for layer in biases]
    if "random_state" in model:
        _set_random_state(net.rng, model["random_state"])
    return net, training


def _optimizer(saved, lengths, shape):
    """The optimizer a model file describes, with its settings and its state checked.

    lengths: the length of each vector of its state, one per parameter vector of
    the network; shape: the network's shape in words, for the error message.
    """
    if not isinstance(saved, dict):
        raise ValueError("optimizer must be an object")
    kind = _choose(saved, "name", OPTIMIZERS)
    fresh = kind()
    settings = {name: saved[name] for name in fresh.settings if name in saved}
    for name, value in settings.items():
        if not _is_finite_number(value):
            raise ValueError(f"optimizer.{name} is not a finite number: {_shorten(value)}")
    try:
        optimizer = kind(**settings)
    except ValueError as e:
        raise ValueError(f"optimizer: {e}") from None
    state = saved.get("state", {})
    if not isinstance(state, dict):
        raise ValueError("optimizer.state must be an object")
    for name, start in optimizer.state().items():
        value = state.get(name, start)
        what = f"optimizer.state.{name}"
        if type(start) is int:  # a count of steps, like Adam's t
            if type(value) is not int or value < 0:
                raise ValueError(f"{what} should be a whole number of at least 0, found {_shorten(value)}")
        elif value is not None:
            if not isinstance(value, list) or len(value) != len(lengths):
                found = len(value) if isinstance(value, list) else type(value).__name__
                raise ValueError(f"{what} should have {len(lengths)} vectors for {shape}, found {found}")
            for k, n in enumerate(lengths):
                _check_numbers(value[k], (n,), f"{what}[{k}]")
            value = [[float(x) for x in vector] for vector in value]
        state[name] = value
    optimizer.load_state(state)
    return optimizer


def _set_random_state(rng, saved):
    """Give rng the state saved from Random.getstate(): [version, [625 ints], gauss_next]."""
    try:
        version, internal, gauss_next = saved
        if gauss_next is not None and not _is_finite_number(gauss_next):
            raise ValueError
        # CPython checks these itself; PyPy would quietly accept a negative word.
        if not all(type(word) is int and 0 <= word < 2**32 for word in internal):
            raise ValueError
        rng.setstate((version, tuple(internal), gauss_next))
    except (ValueError, TypeError, OverflowError):
        raise ValueError("random_state is not a state of Python's random number generator "
                         "(delete it to continue with a fresh one)") from None


def _choose(model, key, known):
    name = model.get(key)
    if not isinstance(name, str) or name not in known:  # a list is not even hashable
        raise ValueError(f"unknown {key} {name!r}; expected one of {', '.join(sorted(known))}")
    return known[name]


def _check_numbers(value, shape, what):
    """Check that `value` is a nested list of finite numbers of the given shape."""
    if not isinstance(value, list) or len(value) != shape[0]:
        found = len(value) if isinstance(value, list) else type(value).__name__
        raise ValueError(f"{what} should have {shape[0]} entries, found {found}")
    for i, item in enumerate(value):
        if len(shape) > 1:
            _check_numbers(item, shape[1:], f"{what}[{i}]")
        elif not _is_finite_number(item):
            raise ValueError(f"{what}[{i}] is not a finite number: {_shorten(item)}")


def _is_finite_number(x):
    """True for an int or float that is a finite float; False for bools, strings, 10**400 ..."""
    if type(x) is int:
        return abs(x) <= sys.float_info.max  # exact comparison; math.isfinite(10**400) raises
    return type(x) is float and math.isfinite(x)


def _shorten(item):
    """repr(item), cut to one readable line (the item may be a 5,000-digit number)."""
    text = repr(item)
    return text if len(text) <= 40 else text[:37] + "..."
