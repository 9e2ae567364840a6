"""Network: hand-worked numbers, numerical gradients (with L2 too), the index-loop
reference, weight initialisation, softmax outputs."""

import math
import random
import statistics

import pytest

from gradients import (assert_close, assert_gradient, flat_gradient, network_away_from_kinks,
                       numerical_gradient, parameter_values, random_batch)
from purenn.activations import HIDDEN, Sigmoid, Softmax, Tanh, sigmoid
from purenn.costs import CrossEntropyCost, LogLikelihoodCost, QuadraticCost
from purenn.matrix import Matrix
from purenn.network import INITS, Network, TrainingDiverged
from purenn.vector import SparseVector, one_hot
from reference import ReferenceNetwork

COSTS = [QuadraticCost, CrossEntropyCost]  # the ones the index-loop reference knows
EVERY_COST = [QuadraticCost, CrossEntropyCost, LogLikelihoodCost]


def test_worked_example_2_2_1():
    # Every weight vector [0, 1], every bias 0: both hidden neurons see z = 3,
    # the output sees z = σ(3) ≈ 0.9526, so a = σ(0.9526) ≈ 0.7216.
    net = Network([2, 2, 1], seed=0)
    net.weights = [Matrix([[0, 1], [0, 1]]), Matrix([[0, 1]])]
    net.biases = [[0.0, 0.0], [0.0]]
    (a,) = net.feedforward([2, 3])
    assert a == pytest.approx(0.7216, abs=5e-5)
    assert a == pytest.approx(sigmoid(sigmoid(3.0)), rel=1e-15)


# ---------------------------------------------------------------------------
# Gradients: backprop against central differences (gradients.py)

@pytest.mark.parametrize("sizes", [[3, 4, 2], [4, 5, 4, 3], [5, 4, 3, 2]], ids=lambda s: f"{s}")
@pytest.mark.parametrize("cost", EVERY_COST, ids=lambda c: c.name)
@pytest.mark.parametrize("activation", list(HIDDEN.values()), ids=list(HIDDEN))
def test_backprop_is_the_numerical_gradient_of_one_sample_cost(activation, cost, sizes):
    """backprop itself, without L2 or averaging: ∂C_x/∂p for every weight and bias p."""
    x, label = random_batch(random.Random(11), sizes[0], sizes[-1], 1)[0]
    net = network_away_from_kinks(sizes, cost, activation, [(x, label)])
    nabla_b, nabla_w = net.backprop(x, label)
    assert [nw.shape for nw in nabla_w] == [w.shape for w in net.weights]
    assert [len(nb) for nb in nabla_b] == [len(b) for b in net.biases]
    y = one_hot(label, sizes[-1])
    assert_gradient(lambda: net.cost.fn(net.feedforward(x), y), net, flat_gradient(nabla_b, nabla_w))


SIZES = [[4, 5, 3], [4, 5, 4, 3], [3, 4, 3, 4, 3]]  # depth 2, 3 and 4 (layers of weights)


@pytest.mark.parametrize("sizes", SIZES, ids=lambda s: f"depth{len(s) - 1}")
@pytest.mark.parametrize("cost", EVERY_COST, ids=lambda c: c.name)
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
    assert net.output_activation is cost.output
    numeric = numerical_gradient(lambda: net.total_cost(batch, lmbda, len(batch)), net)
    before = parameter_values(net)
    net.update_mini_batch(batch, eta, lmbda, len(batch))
    after = parameter_values(net)
    assert len(numeric) == len(before) == len(after)
    for (what, gradient), p0, p1 in zip(numeric, before, after):
        assert_close(gradient, (p0 - p1) / eta, what, abs_=1e-8)


def test_forward_pass_keeps_every_z_and_a():
    """zs[l-1] = z^l = w^l a^{l-1} + b^l and activations[l] = a^l = f(z^l), by hand on [2, 2, 1]."""
    net = Network([2, 2, 1], cost=QuadraticCost, seed=1)
    net.weights = [Matrix([[1.0, 1.0], [1.0, -1.0]]), Matrix([[2.0, 0.0]])]
    net.biases = [[0.0, 1.0], [-1.0]]
    x = [-2.0, -1.0]
    zs, activations = net.forward_pass(x, net.activation_functions())
    assert zs[0] == [-3.0, 0.0]  # (-2 - 1 + 0, -2 + 1 + 1)
    assert activations[0] == x and activations[1] == [sigmoid(-3.0), 0.5]
    assert zs[1] == [2.0 * sigmoid(-3.0) - 1.0]
    assert activations[2] == [sigmoid(zs[1][0])] == net.feedforward(x)

def test_weight_decay_uses_the_training_set_size_n_and_spares_the_biases():
    """w' = (1 - ηλ/n) w - (η/m) Σ ∂C/∂w: the L2 step differs from the plain one by -(ηλ/n) w."""
    eta, lmbda, n = 0.5, 2.0, 100
    batch = random_batch(random.Random(5), 6, 3, 4)
    plain, decayed = Network([6, 5, 3], seed=8), Network([6, 5, 3], seed=8)
    w0, b0 = [[list(row) for row in w.rows] for w in plain.weights], [list(b) for b in plain.biases]
    plain.update_mini_batch(batch, eta)
    decayed.update_mini_batch(batch, eta, lmbda, n)
    for w_start, w_plain, w_decayed in zip(w0, plain.weights, decayed.weights):
        for r0, r1, r2 in zip(w_start, w_plain.rows, w_decayed.rows):
            for v0, v1, v2 in zip(r0, r1, r2):
                assert v2 == pytest.approx(v1 - eta * lmbda / n * v0, rel=1e-12, abs=1e-15)
    assert decayed.biases == plain.biases
    assert plain.biases != b0  # the step did move the biases


def test_total_cost_l2_term_by_hand():
    """total_cost(data, λ, n) = mean cost over data + ½ (λ/n) Σ w², n the training set's size.

    n is not len(data): the cost of 2 test samples of a network trained on 100
    has the L2 term ½ (0.2/100) 25 = 0.025, not ½ (0.2/2) 25 = 1.25.
    """
    net = Network([2, 1], seed=0)
    net.weights = [Matrix([[3.0, -4.0]])]  # Σ w² = 9 + 16 = 25
    net.biases = [[0.0]]
    data = [([0.0, 0.0], 0), ([0.0, 0.0], 0)]  # z = 0: a = 0.5, cross-entropy ln 2 each
    assert net.total_cost(data) == pytest.approx(math.log(2), rel=1e-15)
    assert net.total_cost(data, 0.2, n=100) == pytest.approx(math.log(2) + 0.025, rel=1e-15)
    assert net.total_cost(data, 0.2, n=2) == pytest.approx(math.log(2) + 1.25, rel=1e-15)
    with pytest.raises(ValueError, match="the L2 term needs n, the number of training samples"):
        net.total_cost(data, 0.2)


def test_l2_without_n_is_a_clear_error():
    batch = random_batch(random.Random(1), 3, 2, 2)
    net = Network([3, 2], seed=1)
    with pytest.raises(ValueError, match="needs n, the size of the whole training set"):
        net.update_mini_batch(batch, 0.5, 0.1)


# ---------------------------------------------------------------------------
# Softmax outputs

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
    assert all(math.isfinite(v) for nw in nabla_w for row in nw.rows for v in row)
    assert math.isfinite(net.total_cost([([0.5, -0.5], 1)], 0.1, n=1))


def test_log_likelihood_network_uses_softmax_output():
    net = Network([3, 4, 5], cost=LogLikelihoodCost, hidden_activation=Tanh, seed=1)
    assert net.output_activation is Softmax and net.activation_functions() == [Tanh, Softmax]
    a = net.feedforward([0.2, -0.7, 0.9])
    assert len(a) == 5 and sum(a) == pytest.approx(1.0, rel=1e-15)
    assert net.total_cost([([0.2, -0.7, 0.9], 3)]) == pytest.approx(-math.log(a[3]), rel=1e-14)
    assert Network([3, 2], cost=QuadraticCost).output_activation is Sigmoid
    assert Network([3, 2]).output_activation is Sigmoid  # cross-entropy by default


# ---------------------------------------------------------------------------
# Training agrees with the index-loop reference

def test_update_mini_batch_lowers_the_cost_on_its_batch():
    rng = random.Random(3)
    net = Network([6, 5, 3], seed=11)
    batch = random_batch(rng, 6, 3, 8)
    before = net.total_cost(batch)
    net.update_mini_batch(batch, eta=0.5)
    after = net.total_cost(batch)
    assert after < before


@pytest.mark.parametrize("cost", COSTS, ids=lambda c: c.name)
def test_mini_batch_update_agrees_with_index_loop_reference(mnist_small, cost):
    net = Network([784, 30, 10], cost=cost, seed=5)
    batch = mnist_small[:10]
    reference = ReferenceNetwork([w.rows for w in net.weights], net.biases, cost=cost.name)
    net.update_mini_batch(batch, eta=3.0)
    reference.update_mini_batch(batch, eta=3.0)
    for w, ref_w in zip(net.weights, reference.weights):
        assert w.shape == (len(ref_w), len(ref_w[0]))
        worst = max(abs(a - b) for row, ref_row in zip(w.rows, ref_w) for a, b in zip(row, ref_row))
        assert worst <= 1e-9
    for b, ref_b in zip(net.biases, reference.biases):
        assert max(abs(p - q) for p, q in zip(b, ref_b)) <= 1e-9


def test_sparse_and_dense_inputs_give_the_same_update(mnist_small):
    dense_batch = [(list(x), label) for x, label in mnist_small[:10]]
    sparse_net = Network([784, 16, 10], seed=9)
    dense_net = Network([784, 16, 10], seed=9)
    sparse_net.update_mini_batch(mnist_small[:10], eta=0.5)
    dense_net.update_mini_batch(dense_batch, eta=0.5)
    for ws, wd in zip(sparse_net.weights, dense_net.weights):
        assert max(abs(a - b) for r1, r2 in zip(ws.rows, wd.rows) for a, b in zip(r1, r2)) <= 1e-12


def test_same_seed_same_network_and_training():
    data = [(SparseVector.from_list([0.0, 1.0, 0.5, 0.0]), 1), ([1.0, 0.0, 0.0, 0.25], 0)] * 5
    a, b = Network([4, 3, 2], seed=123), Network([4, 3, 2], seed=123)
    assert a.weights == b.weights and a.biases == b.biases
    a.train_epoch(data, 3, 0.5)
    b.train_epoch(data, 3, 0.5)
    assert a.weights == b.weights and a.biases == b.biases
    assert Network([4, 3, 2], seed=124).weights != Network([4, 3, 2], seed=123).weights


# ---------------------------------------------------------------------------
# Weight initialisation

@pytest.mark.parametrize("sizes", [[200, 200, 2], [50, 200, 2], [400, 200, 2]], ids=lambda s: f"{s}")
@pytest.mark.parametrize("init", INITS)
def test_init_standard_deviation_scales_by_inputs_not_outputs(init, sizes):
    """weights[0] of [n_in, 200, 2] is 200 x n_in, drawn with the std of its n_in
    (for [50, 200, 2], scaling by n_out = 200 would be √4 = 2x off)."""
    n_in = sizes[0]
    std = {"large": 1.0, "scaled": 1 / math.sqrt(n_in), "he": math.sqrt(2 / n_in)}[init]
    net = Network(sizes, init=init, seed=4)
    assert net.weights[0].shape == (200, n_in)
    values = [v for row in net.weights[0].rows for v in row]
    assert statistics.stdev(values) == pytest.approx(std, rel=0.05)
    assert abs(statistics.fmean(values)) < 0.05 * std


@pytest.mark.parametrize("init", ["large", "scaled"])
def test_large_and_scaled_biases_are_standard_normal(init):
    net = Network([20, 400, 2], init=init, seed=7)
    biases = net.biases[0]
    assert statistics.stdev(biases) == pytest.approx(1.0, rel=0.10)
    assert abs(statistics.fmean(biases)) < 0.2


def test_he_biases_are_zero_and_scaled_is_the_default():
    he = Network([30, 20, 10, 5], init="he", seed=3)
    assert all(b == 0.0 for layer in he.biases for b in layer)
    assert [len(b) for b in he.biases] == [20, 10, 5]
    default, scaled = Network([30, 20, 5], seed=3), Network([30, 20, 5], init="scaled", seed=3)
    assert default.init == "scaled"
    assert default.weights == scaled.weights and default.biases == scaled.biases


# ---------------------------------------------------------------------------
# No OverflowError, ZeroDivisionError or math domain error for finite input

EXTREME_INPUTS = [[1e308] * 5, [-1e308] * 5, [1e308, -1e308, 5e-324, -0.0, 1.0]]


@pytest.mark.parametrize("cost", EVERY_COST, ids=lambda c: c.name)
@pytest.mark.parametrize("activation", list(HIDDEN.values()), ids=list(HIDDEN))
def test_extreme_finite_inputs_raise_no_arithmetic_error(cost, activation):
    net = Network([5, 4, 3], cost=cost, hidden_activation=activation, init="large", seed=3)
    for x in EXTREME_INPUTS:
        a = net.feedforward(x)
        assert len(a) == 3 and all(math.isnan(v) or 0.0 <= v <= 1.0 for v in a)  # sigmoid or softmax outputs
        nabla_b, nabla_w = net.backprop(x, 2)
        assert [len(b) for b in nabla_b] == [4, 3] and [w.shape for w in nabla_w] == [(4, 5), (3, 4)]
        assert isinstance(net.total_cost([(x, 2)], lmbda=1e308, n=1), float)
    # Now the weights themselves at the edge of the floats, and a huge step.
    for w in net.weights:
        w.rows = [[1e308 if (j + k) % 2 else -1e308 for k in range(len(row))] for j, row in enumerate(w.rows)]
    for x in EXTREME_INPUTS + [[0.5] * 5]:
        assert len(net.feedforward(x)) == 3
        assert isinstance(net.total_cost([(x, 0)], lmbda=1e308, n=1), float)
        try:
            net.update_mini_batch([(x, 1), (x, 2)], 1e308, lmbda=1e308, n=1)
        except TrainingDiverged:  # the one arithmetic error allowed: it becomes exit 3
            pass


# ---------------------------------------------------------------------------
# Evaluation, training, bad arguments

def test_a_batch_larger_than_the_training_set_is_one_step(mnist_small):
    net = Network([784, 5, 10], seed=1)
    before = [list(b) for b in net.biases]
    batches = []
    net.train_epoch(mnist_small, 1000, 0.5, progress=batches.append)
    assert batches == [len(mnist_small)]
    assert net.biases != before


def test_evaluate_counts_correct_predictions():
    net = Network([2, 2], seed=0)
    # Output neuron 0 fires for x[0], neuron 1 for x[1].
    net.weights = [Matrix([[10.0, -10.0], [-10.0, 10.0]])]
    net.biases = [[0.0, 0.0]]
    data = [([1.0, 0.0], 0), ([0.0, 1.0], 1), ([1.0, 0.0], 1)]
    assert net.evaluate(data) == 2
    assert net.predict([0.0, 1.0]) == 1


def test_sgd_returns_one_score_per_epoch():
    rng = random.Random(0)
    data = random_batch(rng, 3, 2, 20)
    net = Network([3, 4, 2], seed=2)
    assert len(net.sgd(data, 3, 5, 0.5, test_data=data)) == 3
    assert net.sgd(data, 2, 5, 0.5) == []


@pytest.mark.parametrize("sizes", [[3], [3, 0, 2], [3, 2.5, 1]])
def test_bad_sizes_are_rejected(sizes):
    with pytest.raises(ValueError, match="sizes"):
        Network(sizes)


def test_unknown_init_is_rejected():
    with pytest.raises(ValueError, match="unknown init"):
        Network([2, 2], init="zeros")


def test_learns_mnist_from_2000_samples(mnist_train_2000, mnist_test_500):
    net = Network([784, 30, 10], seed=1)
    net.sgd(mnist_train_2000, 2, 10, 0.5)
    assert net.evaluate(mnist_test_500) / 500 > 0.80
    assert isinstance(net.output_activation, type) and net.output_activation is Sigmoid


def test_a_target_vector_works_like_its_label():
    """backprop, evaluate and total_cost accept one_hot(label) in place of the label."""
    net = Network([3, 4, 2], seed=5)
    x = [0.5, -0.2, 0.9]
    by_label = net.backprop(x, 1)
    by_target = net.backprop(x, [0.0, 1.0])
    assert by_label[0] == by_target[0]
    assert [o for o in by_label[1]] == [o for o in by_target[1]]
    data = [(x, 1), ([0.1, 0.1, -0.4], 0)]
    as_targets = [(x, one_hot(y, 2)) for x, y in data]
    assert net.total_cost(data) == net.total_cost(as_targets)
    assert net.evaluate(data) == net.evaluate(as_targets)
    with pytest.raises(ValueError, match="a target needs 2 numbers, found 3"):
        net.backprop(x, [0.0, 1.0, 0.0])


def test_one_output_neuron_learns_targets_0_and_1():
    """A [2, 3, 1] network learns AND-like data from the targets [0.0] and [1.0]."""
    data = [([0.0, 0.0], [0.0]), ([0.0, 1.0], [0.0]), ([1.0, 0.0], [0.0]), ([1.0, 1.0], [1.0])]
    net = Network([2, 3, 1], seed=2)
    before = net.total_cost(data)
    net.sgd(data, epochs=2000, mini_batch_size=4, eta=2.0)
    assert net.total_cost(data) < before / 10
    assert net.evaluate(data) == 4
    assert net.feedforward([1.0, 1.0])[0] > 0.5 > net.feedforward([0.0, 1.0])[0]


def test_sgd_reports_each_epoch_like_nielsens_network():
    data = [([0.0, 0.0], [0.0]), ([1.0, 1.0], [1.0])]
    lines = []
    history = Network([2, 2, 1], seed=1).sgd(data, 3, 2, 1.0, test_data=data, report=lines.append)
    assert lines == [f"Epoch {e}: {c} / 2" for e, c in zip((1, 2, 3), history)]
    lines.clear()
    assert Network([2, 2, 1], seed=1).sgd(data, 2, 2, 1.0, report=lines.append) == []
    assert lines == ["Epoch 1 complete", "Epoch 2 complete"]
