"""The "features" issue: activations, softmax, inits, L2, dropout, depth, validation,
early stopping and eta decay.

Backprop is checked against numerical gradients of ``total_cost`` (with L2 on) for
every hidden activation x cost/output pair at three depths; dropout against a
hand-written forward pass with the mask held fixed; the command-line features by
running ``purenn.app.cli.main`` in-process on small CSV files and comparing what it
prints and saves with a Network trained step by step the same way.
"""

import argparse
import gzip
import json
import math
import os
import random
import re
import statistics

import pytest

from purenn.app import modelfile
from purenn.activations import HIDDEN, ReLU, Sigmoid, Softmax, Tanh
from purenn.app.cli import TrainingRun, main
from purenn.costs import COSTS, CrossEntropyCost, LogLikelihoodCost, QuadraticCost
from purenn.data import load_csv, split
from purenn.matrix import Matrix
from purenn.network import Network
from purenn.vector import one_hot

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
H = 1e-5  # step of the central differences


# ---------------------------------------------------------------------------
# Helpers

def random_batch(rng, n_in, n_out, m):
    return [([rng.uniform(-1.0, 1.0) for _ in range(n_in)], rng.randrange(n_out)) for _ in range(m)]


def hidden_zs(net, x):
    """Every hidden layer's weighted inputs z for input x (no dropout)."""
    zs, a = [], list(x)
    for l, (w, b) in enumerate(zip(net.weights, net.biases)):
        z = [sum(w_jk * a_k for w_jk, a_k in zip(row, a)) + b_j for row, b_j in zip(w.rows, b)]
        if l < len(net.weights) - 1:
            zs.extend(z)
        a = net.activation_functions()[l].fn(z)
    return zs


def parameters(net):
    """(description, get, put) for every weight and bias of net, read and written in place."""
    for l, w in enumerate(net.weights):
        for j, row in enumerate(w.rows):
            for k in range(len(row)):
                yield (f"w[{l}][{j}][{k}]", (lambda row=row, k=k: row[k]),
                       (lambda v, row=row, k=k: row.__setitem__(k, v)))
    for l, b in enumerate(net.biases):
        for j in range(len(b)):
            yield (f"b[{l}][{j}]", (lambda b=b, j=j: b[j]), (lambda v, b=b, j=j: b.__setitem__(j, v)))


def central_difference(f, get, put, h=H):
    original = get()
    put(original + h)
    plus = f()
    put(original - h)
    minus = f()
    put(original)
    return (plus - minus) / (2 * h)


def snapshot(net):
    return [[list(row) for row in w.rows] for w in net.weights], [list(b) for b in net.biases]


def assert_close(numeric, analytic, what, rel=1e-6, abs_=1e-8):
    assert abs(numeric - analytic) <= rel * max(abs(numeric), abs(analytic)) + abs_, \
        f"{what}: numerical {numeric!r}, analytic {analytic!r}"


def network_away_from_kinks(sizes, cost, activation, batch):
    """A seeded network none of whose hidden z lies within 1e-3 of 0 on the batch.

    ReLU and leaky ReLU have a kink at 0 where a central difference is meaningless;
    a perturbation of H moves any z by far less than 1e-3 here (inputs are in [-1, 1]).
    """
    for seed in range(100):
        net = Network(sizes, cost=cost, activation=activation, seed=seed)
        if min(abs(z) for x, _ in batch for z in hidden_zs(net, x)) > 1e-3:
            return net
    raise AssertionError("no seed in 0..99 keeps every hidden z away from 0")


# ---------------------------------------------------------------------------
# Gradient checks with L2 on

COST_LIST = [QuadraticCost, CrossEntropyCost, LogLikelihoodCost]
SIZES = [[4, 5, 3], [4, 5, 4, 3], [3, 4, 3, 4, 3]]  # depth 2, 3 and 4 (layers of weights)


@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: f"depth{len(s) - 1}")
@pytest.mark.parametrize("cost", COST_LIST, ids=lambda c: c.name)
@pytest.mark.parametrize("activation", list(HIDDEN.values()), ids=list(HIDDEN))
def test_l2_update_is_a_step_down_the_numerical_gradient_of_total_cost(activation, cost, sizes):
    """One update_mini_batch with n = m = len(batch) is exactly w - η ∇ total_cost(batch, λ).

    total_cost = (1/m) Σ_x C_x + ½(λ/m) Σ w², so ∂/∂w = (1/m) Σ ∂C_x/∂w + (λ/m) w, and
    update_mini_batch gives w' = (1 - ηλ/n) w - (η/m) Σ ∂C_x/∂w = w - η ∂total_cost/∂w
    when n = m; biases are not decayed and the L2 term does not depend on them.
    """
    eta, lmbda = 0.5, 0.3
    batch = random_batch(random.Random(len(sizes)), sizes[0], sizes[-1], 3)
    net = network_away_from_kinks(sizes, cost, activation, batch)
    assert net.output is cost.output
    numeric = [(what, central_difference(lambda: net.total_cost(batch, lmbda), get, put))
               for what, get, put in parameters(net)]
    before = [get() for _, get, _ in parameters(net)]
    net.update_mini_batch(batch, eta, lmbda, len(batch))
    after = [get() for _, get, _ in parameters(net)]
    assert len(numeric) == len(before) == len(after)
    for (what, gradient), p0, p1 in zip(numeric, before, after):
        assert_close(gradient, (p0 - p1) / eta, what)


@pytest.mark.parametrize("cost", COST_LIST, ids=lambda c: c.name)
@pytest.mark.parametrize("activation", list(HIDDEN.values()), ids=list(HIDDEN))
def test_backprop_is_the_numerical_gradient_of_one_sample_cost(activation, cost):
    """backprop itself, without L2 or averaging: ∂C_x/∂p for every parameter p."""
    sizes = [4, 5, 4, 3]
    x, label = random_batch(random.Random(11), 4, 3, 1)[0]
    net = network_away_from_kinks(sizes, cost, activation, [(x, label)])
    nabla_b, nabla_w = net.backprop(x, label)
    analytic = [v for nw in nabla_w for row in nw.to_matrix().rows for v in row]
    analytic += [v for nb in nabla_b for v in nb]
    y = one_hot(label, sizes[-1])
    params = list(parameters(net))
    assert len(params) == len(analytic)
    for (what, get, put), a in zip(params, analytic):
        assert_close(central_difference(lambda: net.cost.fn(net.feedforward(x), y), get, put), a, what)


def test_weight_decay_uses_the_training_set_size_n_and_spares_the_biases():
    """w' = (1 - ηλ/n) w - (η/m) Σ ∂C/∂w: the L2 step differs from the plain one by -(ηλ/n) w."""
    eta, lmbda, n = 0.5, 2.0, 100
    batch = random_batch(random.Random(5), 6, 3, 4)
    plain, decayed = Network([6, 5, 3], seed=8), Network([6, 5, 3], seed=8)
    w0, b0 = snapshot(plain)
    plain.update_mini_batch(batch, eta)
    decayed.update_mini_batch(batch, eta, lmbda, n)
    for w_start, w_plain, w_decayed in zip(w0, plain.weights, decayed.weights):
        for r0, r1, r2 in zip(w_start, w_plain.rows, w_decayed.rows):
            for v0, v1, v2 in zip(r0, r1, r2):
                assert v2 == pytest.approx(v1 - eta * lmbda / n * v0, rel=1e-12, abs=1e-15)
    assert decayed.biases == plain.biases
    assert plain.biases != b0  # the step did move the biases


def test_total_cost_l2_term_by_hand():
    """total_cost(data, λ) = mean cost + ½ (λ/n) Σ w², n = len(data)."""
    net = Network([2, 1], seed=0)
    net.weights = [Matrix([[3.0, -4.0]])]  # Σ w² = 25
    net.biases = [[0.0]]
    data = [([0.0, 0.0], 0), ([0.0, 0.0], 0)]  # z = 0: a = 0.5, cross-entropy ln 2 each
    assert net.total_cost(data) == pytest.approx(math.log(2), rel=1e-15)
    assert net.total_cost(data, 0.2) == pytest.approx(math.log(2) + 0.5 * (0.2 / 2) * 25, rel=1e-15)


def test_l2_without_n_is_a_clear_error():
    batch = random_batch(random.Random(1), 3, 2, 2)
    net = Network([3, 2], seed=1)
    with pytest.raises(ValueError, match="needs n, the size of the whole training set"):
        net.update_mini_batch(batch, 0.5, 0.1)


# ---------------------------------------------------------------------------
# Activations and softmax

@pytest.mark.parametrize("activation", list(HIDDEN.values()), ids=list(HIDDEN))
@pytest.mark.parametrize("z", [-2.5, -0.3, 0.4, 3.0])
def test_hidden_activation_prime_is_its_derivative(activation, z):
    numeric = (activation.fn([z + 1e-6])[0] - activation.fn([z - 1e-6])[0]) / 2e-6
    assert activation.prime([z])[0] == pytest.approx(numeric, rel=1e-7, abs=1e-10)


def test_hidden_activations_hand_computed():
    z = [-1.0, 2.0]
    assert HIDDEN["sigmoid"].fn(z) == pytest.approx([1 / (1 + math.e), 1 / (1 + math.exp(-2))], rel=1e-15)
    assert HIDDEN["tanh"].fn(z) == pytest.approx([-0.7615941559557649, 0.9640275800758169], rel=1e-15)
    assert HIDDEN["tanh"].prime([0.0]) == [1.0]
    assert HIDDEN["relu"].fn(z) == [0.0, 2.0] and HIDDEN["relu"].prime(z) == [0.0, 1.0]
    assert HIDDEN["leaky-relu"].fn(z) == [-0.01, 2.0] and HIDDEN["leaky-relu"].prime(z) == [0.01, 1.0]
    assert set(HIDDEN) == {"sigmoid", "tanh", "relu", "leaky-relu"}


def test_softmax_sums_to_one():
    rng = random.Random(3)
    for _ in range(200):
        z = [rng.uniform(-50.0, 50.0) for _ in range(10)]
        a = Softmax.fn(z)
        assert abs(sum(a) - 1.0) <= 1e-12
        assert all(0.0 <= p <= 1.0 for p in a)
        assert a.index(max(a)) == z.index(max(z))


def test_softmax_survives_inputs_of_1000():
    a = Softmax.fn([1000.0, 999.0, -1000.0])
    e = math.exp(-1.0)
    assert a == pytest.approx([1 / (1 + e), e / (1 + e), 0.0], rel=1e-14, abs=0.0)
    assert sum(a) == pytest.approx(1.0, rel=1e-15)
    assert Softmax.fn([1000.0] * 4) == [0.25] * 4
    assert Softmax.fn([-1000.0] * 4) == [0.25] * 4
    assert Softmax.fn([1000.0, -1000.0]) == [1.0, 0.0]


def test_softmax_network_with_huge_weighted_inputs_stays_finite():
    """An output z of about ±1000: the softmax output, the cost and backprop stay finite."""
    net = Network([2, 3, 3], cost=LogLikelihoodCost, seed=2)
    net.weights[1] = Matrix([[1000.0] * 3, [-1000.0] * 3, [0.0] * 3])
    a = net.feedforward([0.5, -0.5])
    assert sum(a) == pytest.approx(1.0, rel=1e-15) and all(map(math.isfinite, a))
    assert a.index(max(a)) == 0
    nabla_b, nabla_w = net.backprop([0.5, -0.5], 1)
    assert nabla_b[-1] == pytest.approx([a[0], a[1] - 1.0, a[2]], abs=1e-15)  # δ^L = a - y
    assert all(math.isfinite(v) for nb in nabla_b for v in nb)
    assert all(math.isfinite(v) for nw in nabla_w for row in nw.to_matrix().rows for v in row)
    assert math.isfinite(net.total_cost([([0.5, -0.5], 1)], 0.1))


def test_log_likelihood_network_uses_softmax_output():
    net = Network([3, 4, 5], cost=LogLikelihoodCost, activation=Tanh, seed=1)
    assert net.output is Softmax and net.activation_functions()[0] is Tanh and net.activation_functions()[1] is Softmax
    a = net.feedforward([0.2, -0.7, 0.9])
    assert len(a) == 5 and sum(a) == pytest.approx(1.0, rel=1e-15)
    assert net.total_cost([([0.2, -0.7, 0.9], 3)]) == pytest.approx(-math.log(a[3]), rel=1e-14)
    assert Network([3, 2], cost=QuadraticCost).output is Sigmoid
    assert Network([3, 2]).output is Sigmoid  # cross-entropy by default


# ---------------------------------------------------------------------------
# Weight initialisation

def sample_std(values):
    return statistics.stdev(values)


@pytest.mark.parametrize("init, std", [("large", 1.0), ("scaled", 1 / math.sqrt(200)),
                                       ("he", math.sqrt(2 / 200))])
def test_init_standard_deviation_on_a_200x200_matrix(init, std):
    net = Network([200, 200, 2], init=init, seed=4)
    assert net.weights[0].shape == (200, 200)
    values = [v for row in net.weights[0].rows for v in row]
    assert sample_std(values) == pytest.approx(std, rel=0.10)
    assert abs(statistics.fmean(values)) < 0.05 * std


@pytest.mark.parametrize("init, std", [("large", 1.0), ("scaled", 1 / math.sqrt(50)),
                                       ("he", math.sqrt(2 / 50))])
def test_init_scales_by_inputs_not_outputs(init, std):
    """weights[0] of [50, 200, 2] is 200x50: n_in = 50 (n_out = 200 would be √4 = 2x off)."""
    net = Network([50, 200, 2], init=init, seed=6)
    assert net.weights[0].shape == (200, 50)
    values = [v for row in net.weights[0].rows for v in row]
    assert sample_std(values) == pytest.approx(std, rel=0.10)


@pytest.mark.parametrize("init", ["large", "scaled"])
def test_large_and_scaled_biases_are_standard_normal(init):
    net = Network([20, 400, 2], init=init, seed=7)
    biases = net.biases[0]
    assert sample_std(biases) == pytest.approx(1.0, rel=0.10)
    assert abs(statistics.fmean(biases)) < 0.2


def test_he_biases_are_zero_and_scaled_is_the_default():
    he = Network([30, 20, 10, 5], init="he", seed=3)
    assert all(b == 0.0 for layer in he.biases for b in layer)
    assert [len(b) for b in he.biases] == [20, 10, 5]
    default, scaled = Network([30, 20, 5], seed=3), Network([30, 20, 5], init="scaled", seed=3)
    assert default.init == "scaled"
    assert default.weights == scaled.weights and default.biases == scaled.biases


# ---------------------------------------------------------------------------
# Dropout

def record_masks(net):
    """Wrap net.dropout_mask so every mask it hands out is appended to the returned list."""
    masks, draw = [], net.dropout_mask

    def recording(n):
        mask = draw(n)
        masks.append(list(mask))
        return mask
    net.dropout_mask = recording
    return masks


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_dropout_mask_values_and_fraction(p):
    net = Network([3, 4, 2], dropout=p, seed=12)
    mask = net.dropout_mask(20000)
    keep = 1.0 / (1.0 - p)
    assert len(mask) == 20000 and set(mask) == {0.0, keep}
    assert mask.count(0.0) / len(mask) == pytest.approx(p, abs=0.015)
    assert statistics.fmean(mask) == pytest.approx(1.0, abs=0.03)  # inverted dropout: E[mask] = 1


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


def test_dropout_is_off_at_evaluation():
    data = random_batch(random.Random(4), 6, 4, 20)
    net = Network([6, 7, 5, 4], seed=40)
    dropped = Network([6, 7, 5, 4], dropout=0.5, seed=40)
    assert dropped.weights == net.weights and dropped.biases == net.biases
    state = dropped.rng.getstate()
    for x, _ in data:
        assert dropped.feedforward(x) == net.feedforward(x)
    assert dropped.evaluate(data) == net.evaluate(data)
    assert dropped.total_cost(data, 0.5) == net.total_cost(data, 0.5)
    assert dropped.rng.getstate() == state  # evaluating draws no masks


def masked_cost(net, x, label, masks):
    """The cost of one sample with the hidden activations multiplied by fixed masks."""
    a = list(x)
    for l, (w, b) in enumerate(zip(net.weights, net.biases)):
        z = [sum(w_jk * a_k for w_jk, a_k in zip(row, a)) + b_j for row, b_j in zip(w.rows, b)]
        a = net.activation_functions()[l].fn(z)
        if l < len(net.weights) - 1:
            a = [a_j * m_j for a_j, m_j in zip(a, masks[l])]
    return net.cost.fn(a, one_hot(label, net.sizes[-1]))


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
    dense_w = [nw.to_matrix().rows for nw in nabla_w]
    for l, j in dropped:
        # Nothing flows into or out of a silenced neuron.
        assert nabla_b[l][j] == 0.0
        assert all(v == 0.0 for v in dense_w[l][j])
        assert all(row[j] == 0.0 for row in dense_w[l + 1])
    analytic = [v for rows in dense_w for row in rows for v in row] + [v for nb in nabla_b for v in nb]
    for (what, get, put), a in zip(parameters(net), analytic):
        numeric = central_difference(lambda: masked_cost(net, x, label, masks), get, put)
        assert_close(numeric, a, what)


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5, float("nan")])
def test_bad_dropout_is_rejected(p):
    with pytest.raises(ValueError, match="dropout"):
        Network([3, 2], dropout=p)


# ---------------------------------------------------------------------------
# Validation split

def test_split_sizes():
    data = list(range(400))
    training, validation = split(data, 100)
    assert (len(training), len(validation)) == (300, 100)
    assert training == list(range(300)) and validation == list(range(300, 400))
    assert split(data, 1) == (list(range(399)), [399])
    for bad in (0, 400, 401):
        with pytest.raises(ValueError, match="validation"):
            split(data, bad)


# ---------------------------------------------------------------------------
# The command line: validation, early stopping, eta decay, depth, the new options

@pytest.fixture(scope="module")
def csv_files(tmp_path_factory):
    """400 MNIST training samples and 200 test samples as plain CSV files."""
    folder = tmp_path_factory.mktemp("features")
    paths = {}
    for name, source, count in (("train", "mnist_train.csv.gz", 400), ("test", "mnist_test.csv.gz", 200)):
        with gzip.open(os.path.join(ROOT, "data", source), "rt") as f:
            lines = [next(f) for _ in range(count)]
        paths[name] = str(folder / f"{name}.csv")
        with open(paths[name], "w") as f:
            f.write("".join(lines))
    return paths


def run_cli(capsys, csv_files, *args):
    code = main(["--train", csv_files["train"], "--test", csv_files["test"], "--quiet", *map(str, args)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def epoch_results(out):
    """[(epoch, test correct, validation correct or None)] from the per-epoch lines."""
    results = []
    for line in out.splitlines():
        m = re.match(r"Epoch (\d+)/\d+: (\d+) / 200 correct", line)
        if m:
            results.append([int(m.group(1)), int(m.group(2)), None])
        m = re.match(r"  validation (\d+) / (\d+) ", line)
        if m:
            assert int(m.group(2)) == 100
            results[-1][2] = int(m.group(1))
    return [tuple(r) for r in results]


def test_validation_holds_out_the_last_n_training_samples(capsys, csv_files):
    out = run_cli(capsys, csv_files, "--validation", 100, "--epochs", 2, "--hidden", 10, "--seed", 2)
    assert re.search(r"^Training Network\(\[784, 10, 10\].* for 2 epochs on 300 samples:", out, re.M)
    results = epoch_results(out)
    assert [r[0] for r in results] == [1, 2]
    assert all(r[2] is not None for r in results)
    without = run_cli(capsys, csv_files, "--epochs", 1, "--hidden", 10)
    assert " on 400 samples:" in without and "validation" not in without.split("Training")[1]


def test_validation_too_large_is_an_error(capsys, csv_files):
    code = main(["--train", csv_files["train"], "--test", csv_files["test"], "--quiet",
                 "--validation", "400", "--epochs", "1"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "--validation 400 leaves no samples to train on" in err and "Traceback" not in err


@pytest.mark.parametrize("args, message", [
    (["--early-stop", "2"], "--early-stop needs --validation"),
    (["--dropout", "1"], "--dropout"),
    (["--dropout", "-0.5"], "--dropout"),
    (["--eta-decay", "0"], "--eta-decay"),
    (["--lmbda", "-1"], "--lmbda"),
    (["--output", "softmax", "--cost", "quadratic"], "softmax goes with the log-likelihood"),
    (["--output", "sigmoid", "--cost", "log-likelihood"], "needs --output softmax"),
    (["--activation", "swish"], "--activation"),
    (["--init", "zeros"], "--init"),
])
def test_feature_usage_errors_exit_2(capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "usage:" in err and message in err


def test_early_stopping_keeps_and_saves_the_best_epoch(capsys, csv_files, tmp_path):
    k = 2
    for seed in (5, 1, 2, 3, 4):  # the first should do; more in case training numerics change
        path = str(tmp_path / f"model{seed}.json")
        out = run_cli(capsys, csv_files, "--validation", 100, "--early-stop", k, "--epochs", 15,
                      "--hidden", 20, "--eta", 1, "--seed", seed, "--save", path)
        results = epoch_results(out)
        validation = [r[2] for r in results]
        best = validation.index(max(validation))  # first of ties
        if best < len(results) - 1:
            break
    else:
        pytest.fail("no seed gave a run whose best validation epoch was not its last")
    best_epoch, best_test, best_validation = results[best]
    # It stopped after K epochs without a better validation accuracy.
    assert len(results) == best_epoch + k < 15
    assert "stopping early" in out
    assert max(validation[best + 1:]) <= best_validation
    # In memory: the kept weights are the best epoch's (their test accuracy is that epoch's).
    kept = re.search(r"^Kept the weights of epoch (\d+): test (\d+\.\d\d)%$", out, re.M)
    assert kept, out
    assert int(kept.group(1)) == best_epoch
    assert kept.group(2) == f"{100 * best_test / 200:.2f}"
    # On disk: the saved model is the best epoch's.
    net, training = modelfile.load(path)
    assert training["epochs"] == best_epoch
    validation_data = load_csv(csv_files["train"])[300:]
    assert net.evaluate(validation_data) == best_validation
    assert net.evaluate(load_csv(csv_files["test"])) == best_test


def test_early_stopping_ties_keep_the_first_epoch():
    """Of epochs with equal validation accuracy the first is kept, with its own weights."""
    run = TrainingRun(argparse.Namespace())
    net = Network([2, 2], seed=0)
    kept = []
    for epoch, score in enumerate((3, 7, 7, 6), start=1):
        run.epoch = epoch
        net.biases[0][0] = float(epoch)  # marks whose weights these are
        kept.append(run.keep_if_best(net, {"test_correct": 1, "validation_correct": score}))
    assert kept == [True, True, False, False]
    score, best_epoch, weights, biases = run.best
    assert (score, best_epoch, biases[0][0]) == (7, 2, 2.0)
    assert weights == net.weights and weights[0] is not net.weights[0]  # a copy


def test_cli_training_is_network_training_with_validation_l2_dropout_and_eta_decay(capsys, csv_files,
                                                                                   tmp_path):
    """The saved model equals a Network trained by hand on the first 300 samples with
    eta 0.5 then 0.25, L2 with n = 300 and the seeded dropout masks."""
    path = str(tmp_path / "model.json")
    out = run_cli(capsys, csv_files, "--validation", 100, "--epochs", 2, "--hidden", 8, "--eta", 0.5,
                  "--eta-decay", 0.5, "--lmbda", 2, "--dropout", 0.2, "--seed", 4, "--save", path)
    assert "on 300 samples: batch size 10, eta 0.5, seed 4, lmbda 2.0, dropout 0.2" in out
    saved, training = modelfile.load(path)
    assert training["eta"] == pytest.approx(0.5 * 0.25, rel=1e-15)  # the next epoch's eta
    assert training["eta_decay"] == 0.5 and training["lmbda"] == 2.0 and training["dropout"] == 0.2
    assert training["epochs"] == 2
    data = load_csv(csv_files["train"])[:300]

    def by_hand(etas):
        net = Network([784, 8, 10], dropout=0.2, seed=4)
        for eta in etas:
            net.train_epoch(data, 10, eta, 2.0)
        return net
    net = by_hand([0.5, 0.25])
    assert saved.weights == net.weights and saved.biases == net.biases
    undecayed = by_hand([0.5, 0.5])
    assert saved.weights != undecayed.weights


def test_hidden_takes_several_layers_and_new_options_are_saved(capsys, csv_files, tmp_path):
    path = str(tmp_path / "deep.json")
    out = run_cli(capsys, csv_files, "--hidden", 20, 10, "--activation", "relu", "--init", "he",
                  "--output", "softmax", "--epochs", 1, "--eta", 0.1, "--save", path)
    assert ("Training Network([784, 20, 10, 10], cost=log-likelihood, activation=relu, init=he)"
            in out)
    with open(path) as f:
        model = json.load(f)
    assert model["sizes"] == [784, 20, 10, 10]
    assert (model["cost"], model["activation"], model["init"]) == ("log-likelihood", "relu", "he")
    net, _ = modelfile.load(path)
    assert net.output is Softmax and net.activation is ReLU
    (epoch, test_correct, _), = epoch_results(out)
    assert net.evaluate(load_csv(csv_files["test"])) == test_correct
    assert test_correct > 20  # learnt something in one epoch on 400 samples (chance is 10%)


def test_every_cost_and_activation_is_a_cli_choice():
    from purenn.app.cli import build_parser
    help_text = build_parser().format_help()
    for name in list(COSTS) + list(HIDDEN) + ["softmax", "he", "large", "scaled", "--validation",
                                              "--early-stop", "--eta-decay", "--lmbda", "--dropout"]:
        assert name in help_text
