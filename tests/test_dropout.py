"""Input dropout (``Network(..., input_dropout=p)``): each pixel silenced with
probability p in training, the kept ones scaled by 1/(1 - p), beside the hidden
layers' own rate ``dropout`` (the 0.2 / 0.5 recipe of Srivastava et al., 2014).

Checked: the masks' values, fraction and seeding; that a sparse input stays sparse
and equals the dense one; that backprop draws exactly one mask per dropped layer
(and none without dropout); that evaluation ignores it; and that backprop is the
exact gradient of the network with every mask held fixed (central differences, gradients.py).
"""

import gzip
import math
import os
import random

import pytest

from gradients import (assert_gradient, flat_gradient, masked_forward, network_away_from_kinks,
                       random_batch, sample_cost)
from purenn.activations import ReLU, Sigmoid
from purenn.app import modelfile
from purenn.app.cli import main
from purenn.data import load_csv
from purenn.costs import CrossEntropyCost, LogLikelihoodCost
from purenn.dropout import Masked
from purenn.network import Network
from purenn.vector import SparseVector

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def record_masks(net):
    """Wrap net.dropout_mask so that every mask it hands out is appended to the returned list."""
    masks, draw = [], net.dropout_mask

    def recording(n, p=None):
        mask = draw(n, p)
        masks.append(list(mask))
        return mask
    net.dropout_mask = recording
    return masks


def test_a_mask_of_a_given_rate_has_that_fraction_of_zeros():
    net = Network([3, 4, 2], dropout=0.5, seed=12)
    mask = net.dropout_mask(20000, 0.2)
    assert set(mask) == {0.0, 1.25}  # kept inputs are scaled by 1/(1 - 0.2)
    assert mask.count(0.0) / len(mask) == pytest.approx(0.2, abs=0.015)
    assert sum(mask) / len(mask) == pytest.approx(1.0, abs=0.03)  # E[mask] = 1
    assert set(net.dropout_mask(10)) <= {0.0, 2.0}  # without p: the hidden rate, 0.5


def test_dropped_inputs_are_the_input_times_a_seeded_mask():
    x = [0.0, 0.5, 0.25, 1.0, 0.0, 0.75]
    net = Network([6, 3, 2], input_dropout=0.5, seed=5)
    state = net.rng.getstate()
    dropped = net.dropped_inputs(x)
    net.rng.setstate(state)
    mask = net.dropout_mask(6, 0.5)  # the same draws again
    assert dropped == [x_k * m_k for x_k, m_k in zip(x, mask)]
    assert 0.0 in mask and 2.0 in mask
    assert Network([6, 3, 2], input_dropout=0.5, seed=5).dropped_inputs(x) == dropped


def test_a_sparse_input_stays_sparse_and_equals_the_dense_one():
    x = [0.0, 0.5, 0.25, 1.0, 0.0, 0.75, 0.0, 0.1]
    dense = Network([8, 3, 2], input_dropout=0.5, seed=6).dropped_inputs(x)
    sparse = Network([8, 3, 2], input_dropout=0.5, seed=6).dropped_inputs(SparseVector.from_list(x))
    assert isinstance(sparse, SparseVector)
    assert sparse.to_list() == dense
    assert sparse.indices == tuple(k for k, v in enumerate(dense) if v != 0.0)  # dropped pixels left out


def test_training_on_sparse_or_dense_inputs_gives_the_same_network():
    rng = random.Random(3)
    dense = [([rng.choice([0.0, 0.0, rng.random()]) for _ in range(12)], rng.randrange(3)) for _ in range(20)]
    sparse = [(SparseVector.from_list(x), y) for x, y in dense]
    a = Network([12, 5, 3], dropout=0.5, input_dropout=0.2, seed=7)
    b = Network([12, 5, 3], dropout=0.5, input_dropout=0.2, seed=7)
    a.train_epoch(dense, 5, 0.5)
    b.train_epoch(sparse, 5, 0.5)
    for wa, wb in zip(a.weights, b.weights):
        for ra, rb in zip(wa.rows, wb.rows):
            assert ra == pytest.approx(rb, rel=1e-12, abs=1e-15)


def test_backprop_draws_an_input_mask_then_one_per_hidden_layer():
    x = [0.1, -0.2, 0.3, 0.4, -0.5]
    both = Network([5, 6, 4, 3], dropout=0.5, input_dropout=0.2, seed=31)
    masks = record_masks(both)
    both.backprop(x, 2)
    assert [len(m) for m in masks] == [5, 6, 4]
    assert set(masks[0]) <= {0.0, 1.25} and set(masks[1] + masks[2]) <= {0.0, 2.0}
    inputs_only = Network([5, 6, 4, 3], input_dropout=0.2, seed=31)
    masks = record_masks(inputs_only)
    inputs_only.backprop(x, 2)
    assert [len(m) for m in masks] == [5]


def test_without_input_dropout_no_input_mask_is_drawn():
    """input_dropout=0 draws no random number for the input, so runs without it are unchanged."""
    net = Network([5, 6, 4, 3], dropout=0.5, seed=30)
    draws = []
    draw = net.rng.random
    net.rng.random = lambda: draws.append(1) or draw()
    net.backprop([0.1, -0.2, 0.3, 0.4, -0.5], 1)
    assert len(draws) == 6 + 4  # the two hidden masks, nothing for the input


def test_input_dropout_is_off_at_evaluation():
    x = [0.2, 0.0, 0.9, 0.4]
    net = Network([4, 3, 2], seed=8)
    dropped = Network([4, 3, 2], input_dropout=0.5, seed=8)
    state = dropped.rng.getstate()
    assert dropped.feedforward(x) == net.feedforward(x)
    assert dropped.evaluate([(x, 1)]) == net.evaluate([(x, 1)])
    assert dropped.rng.getstate() == state


def test_a_dropped_pixel_gets_no_weight_gradient():
    x = [0.3, 0.6, 0.9, 0.2, 0.5, 0.8, 0.1, 0.4]
    net = Network([8, 4, 3], input_dropout=0.5, seed=11)
    masks = record_masks(net)
    nabla_b, nabla_w = net.backprop(x, 1)
    first = nabla_w[0].rows
    dropped = [k for k, m in enumerate(masks[0]) if m == 0.0]
    kept = [k for k, m in enumerate(masks[0]) if m == 2.0]
    assert dropped and kept
    for k in dropped:
        assert all(row[k] == 0.0 for row in first)
    for k in kept:  # BP4 with the masked input: δ_j · 2 x_k
        assert [row[k] for row in first] == pytest.approx([d * 2.0 * x[k] for d in nabla_b[0]])


@pytest.mark.parametrize("activation, cost", [(Sigmoid, CrossEntropyCost), (ReLU, LogLikelihoodCost)],
                         ids=["sigmoid-cross-entropy", "relu-softmax"])
def test_backprop_is_the_gradient_with_every_mask_fixed(activation, cost):
    x, label = [0.9, -0.4, 0.7, 0.3, -0.8, 0.5], 2
    for seed in range(100):  # a network whose ReLU kinks are not within reach of h
        net = Network([6, 5, 4, 3], cost=cost, hidden_activation=activation, dropout=0.5,
                      input_dropout=0.3, seed=seed)
        masks = record_masks(net)
        nabla_b, nabla_w = net.backprop(x, label)
        fixed = dict(enumerate(masks))  # the input's mask, then each hidden layer's, held fixed
        if all(abs(z) > 1e-3 for z in masked_forward(net, x, fixed)[0]):
            break
    assert [len(m) for m in masks] == [6, 5, 4]
    assert_gradient(lambda: sample_cost(net, x, label, fixed), net, flat_gradient(nabla_b, nabla_w), abs_=1e-8)


@pytest.mark.parametrize("p", [-0.1, 1.0, math.nan])
def test_bad_input_dropout_is_rejected(p):
    with pytest.raises(ValueError, match="input_dropout must be at least 0 and less than 1"):
        Network([3, 2], input_dropout=p)


# ---------------------------------------------------------------------------
# The command line: --input-dropout P

@pytest.fixture(scope="module")
def train_csv(tmp_path_factory):
    """The first 200 MNIST training samples as a plain CSV file."""
    with gzip.open(os.path.join(ROOT, "data", "mnist_train.csv.gz"), "rt") as f:
        lines = [next(f) for _ in range(200)]
    path = tmp_path_factory.mktemp("input-dropout") / "train.csv"
    path.write_text("".join(lines))
    return str(path)


def test_cli_input_dropout_trains_saves_and_loads_it(capsys, train_csv, tmp_path):
    """The saved model equals a Network trained by hand with the same two dropout rates,
    and the model file remembers input_dropout for a run that continues from it."""
    path = str(tmp_path / "model.json")
    args = ["--train", train_csv, "--test", train_csv, "--quiet", "--hidden", "8", "--epochs", "1",
            "--dropout", "0.5", "--input-dropout", "0.2", "--seed", "3", "--save", path]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "batch size 10, eta 0.5, seed 3, dropout 0.5, input dropout 0.2" in out
    saved, training = modelfile.load(path)
    assert training["input_dropout"] == 0.2 and training["dropout"] == 0.5
    net = Network([784, 8, 10], dropout=0.5, input_dropout=0.2, seed=3)
    net.train_epoch(load_csv(train_csv), 10, 0.5)
    assert saved.weights == net.weights and saved.biases == net.biases
    without = Network([784, 8, 10], dropout=0.5, seed=3)
    without.train_epoch(load_csv(train_csv), 10, 0.5)
    assert saved.weights != without.weights
    # Continuing from the file keeps the input dropout it was trained with.
    assert main(["--train", train_csv, "--test", train_csv, "--quiet", "--load", path, "--epochs", "1"]) == 0
    assert "input dropout 0.2" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["1", "-0.1", "x"])
def test_cli_bad_input_dropout_is_a_usage_error(capsys, value):
    with pytest.raises(SystemExit) as exit_info:
        main(["--input-dropout", value])
    assert exit_info.value.code == 2
    assert "argument --input-dropout" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# Hidden-layer dropout (``Network(..., dropout=p)``): each hidden neuron silenced with
# probability p in training; the same checks as for the inputs above.

@pytest.mark.parametrize("p", [0.2, 0.5])
def test_dropout_mask_values_and_fraction(p):
    net = Network([3, 4, 2], dropout=p, seed=12)
    mask = net.dropout_mask(20000)
    keep = 1.0 / (1.0 - p)
    assert len(mask) == 20000 and set(mask) == {0.0, keep}
    assert mask.count(0.0) / len(mask) == pytest.approx(p, abs=0.015)
    assert sum(mask) / len(mask) == pytest.approx(1.0, abs=0.03)  # inverted dropout: E[mask] = 1


def test_dropout_masks_are_seeded_by_the_network():
    a = Network([3, 4, 2], dropout=0.5, seed=21)
    b = Network([3, 4, 2], dropout=0.5, seed=21)
    c = Network([3, 4, 2], dropout=0.5, seed=22)
    masks_a = [a.dropout_mask(50) for _ in range(3)]
    assert masks_a == [b.dropout_mask(50) for _ in range(3)]
    assert masks_a != [c.dropout_mask(50) for _ in range(3)]
    # Drawn from the network's own Random: reseeding it repeats the masks.
    a.rng = random.Random(99)
    first = a.dropout_mask(50)
    a.rng = random.Random(99)
    assert a.dropout_mask(50) == first


def test_same_seed_same_dropout_training_and_dropout_changes_training():
    data = random_batch(random.Random(2), 5, 3, 12)
    a = Network([5, 6, 4, 3], dropout=0.5, seed=30)
    b = Network([5, 6, 4, 3], dropout=0.5, seed=30)
    plain = Network([5, 6, 4, 3], seed=30)
    for net in (a, b, plain):
        net.train_epoch(data, 4, 0.5, lmbda=0.1)
    assert a.weights == b.weights and a.biases == b.biases
    assert a.weights != plain.weights


def test_backprop_draws_one_mask_per_hidden_layer_only():
    net = Network([5, 6, 4, 3], dropout=0.5, seed=31)
    masks = record_masks(net)
    net.backprop([0.1, -0.2, 0.3, 0.4, -0.5], 2)
    assert [len(m) for m in masks] == [6, 4]
    without = Network([5, 6, 4, 3], seed=31)
    state = without.rng.getstate()
    without.backprop([0.1, -0.2, 0.3, 0.4, -0.5], 2)
    assert without.rng.getstate() == state  # no dropout: no random numbers drawn


def test_apply_dropout_masks_the_hidden_activation_functions_only():
    """Each hidden layer's f becomes Masked(f, its mask), drawn in layer order; the output's stays."""
    net = Network([5, 6, 4, 3], hidden_activation=ReLU, dropout=0.5, seed=32)
    masks = record_masks(net)
    x = [0.1, -0.2, 0.3, 0.4, -0.5]
    same_x, fs = net.apply_dropout(x, net.activation_functions())
    assert same_x is x  # no input dropout
    assert isinstance(fs[0], Masked) and isinstance(fs[1], Masked) and fs[2] is Sigmoid
    assert (fs[0].f, fs[0].mask, fs[1].f, fs[1].mask) == (ReLU, masks[0], ReLU, masks[1])
    assert fs[0].fn([1.0] * 6) == [m for m in masks[0]]  # ReLU(1) = 1, times the mask
    assert fs[1].prime([-1.0, 1.0, 2.0, 3.0]) == [0.0] + masks[1][1:]  # ReLU' = 0 or 1, times the mask

def test_dropout_is_off_at_evaluation():
    data = random_batch(random.Random(4), 6, 4, 20)
    net = Network([6, 7, 5, 4], seed=40)
    dropped = Network([6, 7, 5, 4], dropout=0.5, seed=40)
    assert dropped.weights == net.weights and dropped.biases == net.biases
    state = dropped.rng.getstate()
    for x, _ in data:
        assert dropped.feedforward(x) == net.feedforward(x)
    assert dropped.evaluate(data) == net.evaluate(data)
    assert dropped.total_cost(data, 0.5, 100) == net.total_cost(data, 0.5, 100)
    assert dropped.rng.getstate() == state  # evaluating draws no masks


@pytest.mark.parametrize("activation", [Sigmoid, ReLU], ids=["sigmoid", "relu"])
def test_dropout_backprop_is_the_gradient_with_the_mask_fixed(activation):
    x, label = random_batch(random.Random(8), 5, 3, 1)[0]
    net = network_away_from_kinks([5, 6, 4, 3], CrossEntropyCost, activation, [(x, label)])
    net.dropout = 0.5
    masks = record_masks(net)
    nabla_b, nabla_w = net.backprop(x, label)
    assert len(masks) == 2
    dropped = [(l, j) for l, m in enumerate(masks) for j, v in enumerate(m) if v == 0.0]
    kept = [(l, j) for l, m in enumerate(masks) for j, v in enumerate(m) if v == 2.0]
    assert dropped and kept and len(dropped) + len(kept) == 10
    dense_w = [nw.rows for nw in nabla_w]
    for l, j in dropped:
        # Nothing flows into or out of a silenced neuron.
        assert nabla_b[l][j] == 0.0
        assert all(v == 0.0 for v in dense_w[l][j])
        assert all(row[j] == 0.0 for row in dense_w[l + 1])
    fixed = dict(enumerate(masks, 1))  # the hidden layers' masks, held fixed
    assert_gradient(lambda: sample_cost(net, x, label, fixed), net, flat_gradient(nabla_b, nabla_w), abs_=1e-8)


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5, float("nan")])
def test_bad_hidden_dropout_is_rejected(p):
    with pytest.raises(ValueError, match="dropout"):
        Network([3, 2], dropout=p)
