"""weight_decay.py: w = s·v gives a plain Matrix's numbers, and training with it gives the
numbers of the plain rule w ← (1 - ηλ/n) w applied to every weight."""

import random

import pytest

import copy
import pickle

from purenn import matrix
from purenn.matrix import Matrix
from purenn.network import Network
from purenn.optimizers import OPTIMIZERS
from purenn.vector import SparseVector
from purenn.matrix import outer
from purenn.weight_decay import ScaledMatrix, scaled_while_training, shrink_plain


def random_rows(rng, n_rows, n_cols):
    return [[rng.uniform(-1, 1) for _ in range(n_cols)] for _ in range(n_rows)]


def test_shrink_plain_by_hand():
    w = Matrix([[1.0, -2.0], [0.5, 4.0]])
    shrink_plain(w.rows, 0.5)
    assert w.rows == [[0.5, -1.0], [0.25, 2.0]]


def test_scaled_matrix_by_hand():
    """w = 0.75 v with v = [[1, 2], [3, 4]]: every product, and a step, worked by hand."""
    w = ScaledMatrix([[1.0, 2.0], [3.0, 4.0]])
    w.scale_in_place(0.75)
    assert (w.s, w.v.rows) == (0.75, [[1.0, 2.0], [3.0, 4.0]])  # no weight touched
    assert w @ [1.0, 1.0] == [2.25, 5.25]  # 0.75 (1 + 2), 0.75 (3 + 4)
    assert w.transpose_matvec([1.0, 1.0]) == [3.0, 4.5]  # 0.75 (1 + 3), 0.75 (2 + 4)
    # w + 1.0 [1, 0]ᵀ [0, 4]: only w_01 changes, 1.5 + 4 = 5.5; as v_01 ← 2 + 4/0.75.
    w.add_outer(1.0, [1.0, 0.0], [0.0, 4.0])
    assert w.v.rows[0][1] == pytest.approx(2.0 + 4.0 / 0.75, rel=1e-15)
    rows = w.rows
    assert w.s == 1.0  # reading rows folded s into v
    assert rows[0] == pytest.approx([0.75, 5.5], rel=1e-15) and rows[1] == [2.25, 3.0]


def test_scaled_matrix_gives_the_plain_matrix_numbers():
    """Each product of s·v equals the same product of the Matrix with the rows s·v."""
    rng = random.Random(4)
    w = ScaledMatrix(random_rows(rng, 5, 12))
    for factor in (0.9, 0.8, 0.95):  # s = 0.684: kept aside
        w.scale_in_place(factor)
    assert w.s == pytest.approx(0.684)
    plain = Matrix([[w.s * v_jk for v_jk in row] for row in w.v.rows])
    dense = [rng.uniform(-1, 1) if k % 3 else 0.0 for k in range(12)]
    sparse = SparseVector.from_list(dense)
    delta = [rng.uniform(-1, 1) for _ in range(5)]
    assert w.shape == plain.shape == (5, 12)
    assert w @ dense == pytest.approx(plain @ dense, rel=1e-12)
    assert w @ sparse == pytest.approx(plain @ sparse, rel=1e-12)
    assert w.transpose_matvec(delta) == pytest.approx(plain.transpose_matvec(delta), rel=1e-12)
    for a in (dense, sparse):
        w.add_outer(-0.3, delta, a)
        plain.add_outer(-0.3, delta, a)
    assert w.s != 1.0  # still kept aside through the steps
    B = Matrix(random_rows(rng, 12, 3))
    for got, expected in zip((w @ B).rows, (plain @ B).rows):
        assert got == pytest.approx(expected, rel=1e-12)
    for got, expected in zip(w.rows, plain.rows):
        assert got == pytest.approx(expected, rel=1e-12)


def test_scaled_matrix_is_a_matrix_to_everyone():
    w = ScaledMatrix([[1.0, 2.0]])
    w.scale_in_place(0.5)
    assert isinstance(w, Matrix)
    assert w == Matrix([[0.5, 1.0]]) and repr(w) == "Matrix([[0.5, 1.0]])"
    assert w.T == Matrix([[0.5], [1.0]])


def test_s_is_folded_in_when_it_gets_small():
    w = ScaledMatrix([[1.0, 2.0]])
    for _ in range(3):
        w.scale_in_place(0.8)  # 0.8, 0.64, 0.512: kept aside
    assert w.s == pytest.approx(0.512) and w.v.rows == [[1.0, 2.0]]
    w.scale_in_place(0.9)  # 0.4608 < 0.5: folded into v
    assert w.s == 1.0 and w.v.rows[0] == pytest.approx([0.4608, 0.9216])


def test_plain_rule_when_not_fast(monkeypatch):
    monkeypatch.setattr(matrix, "FAST", False)
    w = ScaledMatrix([[1.0, 2.0]])
    w.scale_in_place(0.5)
    assert w.s == 1.0 and w.v.rows == [[0.5, 1.0]]


def test_scaled_matrix_adds_a_gradient_as_the_plain_matrix_does():
    w = ScaledMatrix([[1.0, 2.0], [3.0, 4.0]])
    w.scale_in_place(0.5)
    w.add_scaled(-1.0, outer([1.0, 0.0], [2.0, 0.0]))  # w_00: 0.5 - 2
    assert w.s == 0.5 and w.rows == [[-1.5, 1.0], [1.5, 2.0]]


def test_scaled_matrix_copies_and_pickles():
    w = ScaledMatrix([[1.0, 2.0]])
    w.scale_in_place(0.75)
    for twin in (copy.copy(w), copy.deepcopy(w), pickle.loads(pickle.dumps(w))):
        assert type(twin) is ScaledMatrix and twin.s == 0.75 and twin == Matrix([[0.75, 1.5]])


def test_scaled_only_within_the_block():
    weights = [Matrix([[1.0, 2.0]]), Matrix([[4.0], [8.0]])]
    with scaled_while_training(weights, lmbda=5.0):
        assert all(type(w) is ScaledMatrix for w in weights)
        for w in weights:
            w.scale_in_place(0.75)
        assert weights[0].v.rows == [[1.0, 2.0]]  # nothing multiplied yet
    assert all(type(w) is Matrix for w in weights)
    assert [w.rows for w in weights] == [[[0.75, 1.5]], [[3.0], [6.0]]]
    with scaled_while_training(weights, lmbda=0.0):
        assert all(type(w) is Matrix for w in weights)


def test_scaled_is_undone_on_an_error():
    weights = [Matrix([[1.0, 2.0]])]
    with pytest.raises(RuntimeError):
        with scaled_while_training(weights, lmbda=1.0):
            weights[0].scale_in_place(0.5)
            raise RuntimeError("stop")
    assert type(weights[0]) is Matrix and weights[0].rows == [[0.5, 1.0]]


def eager_epoch(net, data, eta, lmbda):
    """train_epoch without the trick: update_mini_batch multiplies every weight each step."""
    data = list(data)
    net.rng.shuffle(data)
    for k in range(0, len(data), 10):
        net.update_mini_batch(data[k:k + 10], eta, lmbda, len(data))


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_training_with_the_trick_gives_the_eager_rule_numbers(name, mnist_train_2000, monkeypatch):
    """An epoch of 40 steps with λ = 50, n = 400 (w shrinks by 0.9375 per step with plain SGD,
    so s is folded in several times): the same weights as multiplying every weight each step."""
    eta = 0.5 if name == "sgd" else 0.01

    def network():
        return Network([784, 16, 10], seed=2, optimizer=OPTIMIZERS[name]())

    lazy = network()
    seen = []
    lazy.train_epoch(mnist_train_2000[:400], 10, eta, lmbda=50.0,
                     progress=lambda m: seen.append({type(w) for w in lazy.weights}))
    assert all(type(w) is Matrix for w in lazy.weights)  # plain again after the epoch
    if name == "sgd":
        assert seen[0] == {ScaledMatrix}  # and kept as s·v within it
    eager = network()
    eager_epoch(eager, mnist_train_2000[:400], eta, 50.0)
    assert all(type(w) is Matrix for w in eager.weights)
    with monkeypatch.context() as patch:
        patch.setattr(matrix, "FAST", False)
        plain = network()
        plain.train_epoch(mnist_train_2000[:400], 10, eta, lmbda=50.0)
    for p, q, r in zip(lazy.parameters(), eager.parameters(), plain.parameters()):
        assert max(abs(a - b) for a, b in zip(p, q)) <= 1e-9
        assert max(abs(a - b) for a, b in zip(p, r)) <= 1e-9


@pytest.mark.parametrize("lmbda", [0.0, 5.0])
def test_a_network_copies_and_pickles_after_any_step(lmbda, mnist_train_2000):
    net = Network([784, 8, 10], seed=3)
    net.update_mini_batch(mnist_train_2000[:10], 0.5, lmbda, 100)
    net.train_epoch(mnist_train_2000[:40], 10, 0.5, lmbda)
    for twin in (copy.copy(net), copy.deepcopy(net), pickle.loads(pickle.dumps(net))):
        assert all(type(w) is Matrix for w in twin.weights)
        assert [w.rows for w in twin.weights] == [w.rows for w in net.weights]
        assert twin.biases == net.biases
    twin = copy.deepcopy(net)
    x, y = mnist_train_2000[50]
    assert twin.feedforward(x) == net.feedforward(x)
    twin.update_mini_batch(mnist_train_2000[50:60], 0.5, lmbda, 100)  # trains on its own copy
    assert twin.weights[0].rows != net.weights[0].rows


def test_without_weight_decay_the_weights_stay_plain_matrices(mnist_train_2000):
    net = Network([784, 8, 10], seed=1)
    net.train_epoch(mnist_train_2000[:50], 10, 0.5)
    assert all(type(w) is Matrix for w in net.weights)
