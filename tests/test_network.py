"""Network: hand-worked numbers, numerical gradients, and the index-loop reference."""

import random

import pytest

from purenn.activations import Sigmoid, sigmoid
from purenn.costs import CrossEntropyCost, QuadraticCost
from purenn.matrix import Matrix
from purenn.network import Network
from purenn.vector import SparseVector, one_hot
from reference import ReferenceNetwork

COSTS = [QuadraticCost, CrossEntropyCost]


def random_sample(rng, n_in, n_out):
    return [rng.uniform(-1, 1) for _ in range(n_in)], rng.randrange(n_out)


def sample_cost(net, x, label):
    return net.cost.fn(net.feedforward(x), one_hot(label, net.sizes[-1]))


def numerical_gradient(net, x, label, get, put, h=1e-5):
    """(C(p + h) - C(p - h)) / 2h for the parameter read by get() and written by put(v)."""
    original = get()
    put(original + h)
    plus = sample_cost(net, x, label)
    put(original - h)
    minus = sample_cost(net, x, label)
    put(original)
    return (plus - minus) / (2 * h)


def assert_close(numeric, analytic, rel=1e-6, abs_=1e-9):
    assert abs(numeric - analytic) <= rel * max(abs(numeric), abs(analytic)) + abs_, (numeric, analytic)


def test_worked_example_2_2_1():
    # Every weight vector [0, 1], every bias 0: both hidden neurons see z = 3,
    # the output sees z = σ(3) ≈ 0.9526, so a = σ(0.9526) ≈ 0.7216.
    net = Network([2, 2, 1], seed=0)
    net.weights = [Matrix([[0, 1], [0, 1]]), Matrix([[0, 1]])]
    net.biases = [[0.0, 0.0], [0.0]]
    (a,) = net.feedforward([2, 3])
    assert a == pytest.approx(0.7216, abs=5e-5)
    assert a == pytest.approx(sigmoid(sigmoid(3.0)), rel=1e-15)


@pytest.mark.parametrize("sizes", [[3, 4, 2], [5, 4, 3, 2]])
@pytest.mark.parametrize("cost", COSTS, ids=lambda c: c.name)
def test_backprop_matches_numerical_gradient(sizes, cost):
    rng = random.Random(42)
    net = Network(sizes, cost=cost, seed=7)
    x, label = random_sample(rng, sizes[0], sizes[-1])
    nabla_b, nabla_w = net.backprop(x, label)
    for l, w in enumerate(net.weights):
        dense = nabla_w[l].to_matrix()
        assert dense.shape == w.shape
        for j, row in enumerate(w.rows):
            for k in range(len(row)):
                numeric = numerical_gradient(net, x, label, lambda: row[k],
                                             lambda v: row.__setitem__(k, v))
                assert_close(numeric, dense.rows[j][k])
        b = net.biases[l]
        for j in range(len(b)):
            numeric = numerical_gradient(net, x, label, lambda: b[j], lambda v: b.__setitem__(j, v))
            assert_close(numeric, nabla_b[l][j])


def test_update_mini_batch_lowers_the_cost_on_its_batch():
    rng = random.Random(3)
    net = Network([6, 5, 3], seed=11)
    batch = [random_sample(rng, 6, 3) for _ in range(8)]
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


def test_scaled_init_has_standard_deviation_one_over_sqrt_n_in():
    net = Network([400, 200, 2], seed=1)
    values = [v for row in net.weights[0].rows for v in row]
    mean = sum(values) / len(values)
    std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    assert std == pytest.approx(1 / 400 ** 0.5, rel=0.05)
    biases = net.biases[0]
    assert 0.8 < (sum(b * b for b in biases) / len(biases)) ** 0.5 < 1.2


def test_large_init_is_standard_normal():
    net = Network([200, 200, 2], init="large", seed=1)
    values = [v for row in net.weights[0].rows for v in row]
    std = (sum(v * v for v in values) / len(values)) ** 0.5
    assert std == pytest.approx(1.0, rel=0.05)


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
    data = [random_sample(rng, 3, 2) for _ in range(20)]
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
    assert isinstance(net.output, type) and net.output is Sigmoid


def test_a_target_vector_works_like_its_label():
    """backprop, evaluate and total_cost accept one_hot(label) in place of the label."""
    net = Network([3, 4, 2], seed=5)
    x = [0.5, -0.2, 0.9]
    by_label = net.backprop(x, 1)
    by_target = net.backprop(x, [0.0, 1.0])
    assert by_label[0] == by_target[0]
    assert [o.to_matrix() for o in by_label[1]] == [o.to_matrix() for o in by_target[1]]
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
