"""Fully connected layers (dense.py): hand-worked kernels, the plain and the fast loops agreeing on
random layers, and vector.py's CPython and PyPy kernels giving the same bits."""

import random
import re
from pathlib import Path

import pytest

from purenn import vector
from purenn.activations import ReLU, Sigmoid, Tanh
from purenn.dense import FullyConnectedLayer, SoftmaxLayer
from purenn.vector import SparseVector, add_outer_rows, affine_rows, transpose_matvec_rows

ROOT = Path(__file__).resolve().parent.parent

W = [[1.0, 2.0, 0.0],
     [-1.0, 0.5, 3.0]]


@pytest.fixture(params=[False, True], ids=["cpython-kernels", "pypy-kernels"])
def either_kernels(request, monkeypatch):
    """Run a test with the kernels vector.py picks on CPython, then with PyPy's."""
    monkeypatch.setattr(vector, "ON_PYPY", request.param)


def test_affine_rows_by_hand(either_kernels):
    # z_0 = 1·0 + 2·4 + 0·2 + 1 = 9;  z_1 = -1·0 + 0.5·4 + 3·2 - 1 = 7
    assert affine_rows(W, [0.0, 4.0, 2.0], [1.0, -1.0]) == [9.0, 7.0]
    assert affine_rows(W, [0.0, 0.0, 0.0], [1.0, -1.0]) == [1.0, -1.0]  # no inputs: z = b
    assert affine_rows(W, [1.0, 1.0, 1.0], [0.0, 0.0]) == [3.0, 2.5]  # no zeros at all


def test_add_outer_rows_by_hand(either_kernels):
    rows = [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [5.0, 5.0, 5.0]]
    add_outer_rows(rows, [2.0, 0.0, -1.0], [0.0, 3.0, 0.5])  # w_ji += δ_j a_i
    assert rows == [[1.0, 7.0, 2.0], [0.0, 0.0, 0.0], [5.0, 2.0, 4.5]]
    add_outer_rows(rows, [1.0, 1.0, 1.0], [1.0, 1.0, 1.0])  # no zeros: the whole-row path
    assert rows == [[2.0, 8.0, 3.0], [1.0, 1.0, 1.0], [6.0, 3.0, 5.5]]


def test_transpose_matvec_rows_by_hand(either_kernels):
    # (wᵀδ)_i = Σ_j w_ji δ_j with δ = [2, -1]: [2·1 + 1, 2·2 - 0.5, 0 - 3]
    assert transpose_matvec_rows(W, [2.0, -1.0]) == [3.0, 3.5, -3.0]
    assert transpose_matvec_rows(W, [0.0, 2.0]) == [-2.0, 1.0, 6.0]
    assert transpose_matvec_rows(W, [0.0, 0.0]) == [0.0, 0.0, 0.0]


def test_nonzero_entries_are_two_lists_or_everything():
    assert vector.nonzero_entries([0.0, 2.5, 0.0, -1.0]) == ([1, 3], [2.5, -1.0])
    assert vector.nonzero_entries([0.0] * 3) == ([], [])
    a = [1.0] * 9 + [0.0]  # 90% non-zero: still picked
    assert vector.nonzero_entries(a) == (list(range(9)), [1.0] * 9)
    a = [1.0] * 10 + [0.0]  # over 90%: every index, and a itself
    indices, values = vector.nonzero_entries(a)
    assert indices == range(11) and values is a


def random_input(rng, n, kind):
    """An input of n numbers: 'dense' (no zeros), 'sparse' (about 60% zeros, as after ReLU and
    pooling), 'one' (a single non-zero), 'zeros', or 'vector' (the sparse one as a SparseVector)."""
    if kind == "dense":
        return [rng.uniform(-1.0, 1.0) for _ in range(n)]
    if kind == "zeros":
        return [0.0] * n
    if kind == "one":
        x = [0.0] * n
        x[rng.randrange(n)] = rng.uniform(0.5, 1.0)
        return x
    x = [rng.uniform(0.0, 1.0) if rng.random() < 0.4 else 0.0 for _ in range(n)]
    return SparseVector.from_list(x) if kind == "vector" else x


def random_layer(rng, n_in, n_out, activation, fast):
    layer = SoftmaxLayer(n_in, n_out, fast=fast) if activation is None else \
        FullyConnectedLayer(n_in, n_out, activation, fast=fast)
    layer.weights = [[rng.gauss(0.0, 1.0) for _ in range(n_in)] for _ in range(n_out)]
    layer.biases = [rng.gauss(0.0, 1.0) for _ in range(n_out)]
    return layer


def close(a, b):
    return len(a) == len(b) and all(abs(p - q) <= 1e-12 for p, q in zip(a, b))


@pytest.mark.parametrize("need_input_delta", [True, False])
@pytest.mark.parametrize("kind", ["dense", "sparse", "vector", "one", "zeros"])
@pytest.mark.parametrize("activation", [ReLU, Sigmoid, Tanh, None], ids=["relu", "sigmoid", "tanh", "softmax"])
def test_plain_and_fast_layers_agree(either_kernels, activation, kind, need_input_delta):
    """Forward and backward, three samples summed into nabla: the same numbers to 1e-12."""
    layers = []
    for fast in (False, True):
        rng = random.Random(11)  # the same layer, samples and δ for both
        n_in, n_out = 37, 13
        layer = random_layer(rng, n_in, n_out, activation, fast)
        layer.zero_gradient()
        outputs = []
        for _ in range(3):
            out = layer.forward(random_input(rng, n_in, kind))
            delta = [rng.gauss(0.0, 1.0) for _ in range(n_out)]
            delta[rng.randrange(n_out)] = 0.0  # a neuron that was off: the fast loops skip it
            if activation is None:
                dx = layer.backward_z(delta, need_input_delta)
            else:
                dx = layer.backward(delta, need_input_delta)
            outputs.append((layer.z, out, dx))
        layers.append((layer, outputs))
    (plain, plain_outputs), (fast, fast_outputs) = layers
    for (z, out, dx), (fz, fout, fdx) in zip(plain_outputs, fast_outputs):
        assert close(z, fz) and close(out, fout)
        if need_input_delta:
            assert close(dx, fdx) and any(dx)
        else:
            assert dx is None and fdx is None
    assert close(plain.nabla_b, fast.nabla_b)
    for row, fast_row in zip(plain.nabla_w, fast.nabla_w):
        assert close(row, fast_row)
    if kind != "zeros":
        assert any(any(row) for row in fast.nabla_w)


@pytest.mark.parametrize("kind", ["dense", "sparse", "one", "zeros"])
def test_the_cpython_and_pypy_kernels_give_the_same_bits(monkeypatch, kind):
    """vector.py's kernels add the same terms in the same order on either Python.

    Exactly so while sumprod is a chain of additions (PyPy, CPython up to 3.11); CPython 3.12's
    math.sumprod rounds a little less, and there w a + b agrees to 1e-12.
    """
    rng = random.Random(12)
    rows = [[rng.gauss(0.0, 1.0) for _ in range(50)] for _ in range(9)]
    biases = [rng.gauss(0.0, 1.0) for _ in range(9)]
    a = random_input(rng, 50, kind)
    delta = [rng.gauss(0.0, 1.0) if rng.random() < 0.5 else 0.0 for _ in range(9)]
    results = []
    for on_pypy in (False, True):
        monkeypatch.setattr(vector, "ON_PYPY", on_pypy)
        nabla = [list(row) for row in rows]
        add_outer_rows(nabla, delta, a)
        results.append((affine_rows(rows, a, biases), nabla, transpose_matvec_rows(rows, delta)))
    (z, nabla, dx), (pz, pnabla, pdx) = results
    assert nabla == pnabla and dx == pdx  # no sumprod in either: the same additions
    if getattr(vector.sumprod, "__module__", None) == "math":
        assert close(z, pz)
    else:
        assert z == pz


CORE = sorted(path.name for path in (ROOT / "purenn").glob("*.py") if path.name not in ("vector.py", "bench.py"))


@pytest.mark.parametrize("name", CORE)
def test_only_vector_py_knows_the_interpreter(name):
    """The modules read for the maths never ask which Python runs them: vector.py's fast kernels do.

    (bench.py is the entry point of a program, purenn/app/bench.py.)
    """
    text = (ROOT / "purenn" / name).read_text(encoding="utf-8")
    assert not re.search(r"ON_PYPY|pypy", text, re.IGNORECASE), f"purenn/{name} names the interpreter"
