"""vector.py: hand-computed values, identities and errors."""

import pytest

from purenn import vector
from purenn.vector import (SparseVector, _picker as picker, add, argmax, dot, hadamard, one_hot, scale,
                           sparse_dot, sub, zeros)


def test_dot_hand_computed():
    assert dot([1.0, 2.0, 3.0], [4.0, -5.0, 6.0]) == 1 * 4 - 2 * 5 + 3 * 6 == 12.0


def test_dot_is_symmetric_and_linear():
    a, b, c = [0.5, -1.25, 3.0], [2.0, 0.75, -1.5], [1.0, 1.0, -2.0]
    assert dot(a, b) == dot(b, a)
    assert dot(add(a, c), b) == pytest.approx(dot(a, b) + dot(c, b), rel=1e-15)
    assert dot(scale(3.0, a), b) == pytest.approx(3.0 * dot(a, b), rel=1e-15)


def test_dot_of_empty_vectors_is_zero():
    assert dot([], []) == 0


def test_sumprod_in_use_is_exact_on_simple_values():
    # math.sumprod on 3.12+, sum(map(mul, ...)) before: both exact here.
    assert vector.sumprod([1.5, 2.0], [4.0, 0.25]) == 6.5


def test_elementwise_operations():
    assert add([1.0, 2.0], [0.5, -2.0]) == [1.5, 0.0]
    assert sub([1.0, 2.0], [0.5, -2.0]) == [0.5, 4.0]
    assert hadamard([1.0, 2.0, 3.0], [2.0, 0.5, -1.0]) == [2.0, 1.0, -3.0]
    assert scale(-2.0, [1.0, 0.0, 2.5]) == [-2.0, -0.0, -5.0]


def test_add_then_sub_is_identity():
    a, b = [0.1, 0.2, 0.3], [1.0, -4.0, 9.5]
    assert sub(add(a, b), b) == pytest.approx(a, abs=1e-15)


@pytest.mark.parametrize("fn", [dot, add, sub, hadamard])
def test_mismatched_lengths_name_both_lengths(fn):
    with pytest.raises(ValueError, match="3 and 2"):
        fn([1.0, 2.0, 3.0], [1.0, 2.0])


def test_zeros_and_one_hot():
    assert zeros(3) == [0.0, 0.0, 0.0]
    assert one_hot(0, 3) == [1.0, 0.0, 0.0]
    assert one_hot(9, 10)[9] == 1.0 and sum(one_hot(9, 10)) == 1.0
    with pytest.raises(ValueError, match="outside 0..9"):
        one_hot(10, 10)


def test_argmax_first_of_ties_and_errors():
    assert argmax([0.1, 0.9, 0.3]) == 1
    assert argmax([2.0, 5.0, 5.0]) == 1
    assert argmax([-3.0]) == 0
    with pytest.raises(ValueError, match="empty"):
        argmax([])


@pytest.mark.parametrize("indices", [(), (2,), (0, 3, 1)])
def test_picker_always_returns_a_tuple(indices):
    a = [10, 11, 12, 13]
    assert picker(indices)(a) == tuple(a[i] for i in indices)


def test_sparse_vector_round_trip():
    dense = [0.0, 0.5, 0.0, 0.0, 1.0]
    x = SparseVector.from_list(dense)
    assert x.indices == (1, 4) and x.values == (0.5, 1.0)
    assert len(x) == 5 and x.to_list() == dense and list(x) == dense
    assert x[1] == 0.5 and x[0] == 0.0
    assert x == dense and x == SparseVector(5, [1, 4], [0.5, 1.0])



def test_sparse_vector_indexing_is_dense_indexing():
    dense = [0.0, 0.5, 0.0, 0.0, 1.0]
    x = SparseVector.from_list(dense)
    for i in range(-5, 5):
        assert x[i] == dense[i]
    assert x[1:4] == dense[1:4] and x[::-1] == dense[::-1]
    for i in (5, -6):
        with pytest.raises(IndexError, match="outside a vector of 5 entries"):
            x[i]
    with pytest.raises(TypeError):
        x[1.0]


def test_sparse_vector_indexing_does_not_build_the_dense_list(monkeypatch):
    """x[i] looks i up among the stored indices: to_list() (784 floats each time) is not called."""
    x = SparseVector.from_list([0.0] * 780 + [0.25, 0.0, 0.5, 0.0])
    monkeypatch.setattr(SparseVector, "to_list", lambda self: pytest.fail("x[i] built the dense list"))
    assert (x[782], x[783], x[0], x[-2]) == (0.5, 0.0, 0.0, 0.5)

def test_sparse_vector_dot_equals_dense_dot():
    dense = [0.0, 0.25, 0.0, 2.0]
    w = [1.0, 2.0, 3.0, 4.0]
    x = SparseVector.from_list(dense)
    assert dot(picker(x.indices)(w), x.values) == dot(w, dense) == 8.5


def test_sparse_vector_rejects_mismatched_parts():
    with pytest.raises(ValueError, match="2 and 1"):
        SparseVector(4, [0, 1], [1.0])


def test_sparse_dot_equals_dense_dot_and_the_gathered_sumprod():
    w = [0.5, -1.0, 2.0, 4.0, 0.25]
    dense = [0.0, 3.0, 0.0, 0.5, 1.0]
    x = SparseVector.from_list(dense)
    assert sparse_dot(w, x) == dot(w, dense) == dot(picker(x.indices)(w), x.values) == -0.75


def test_fast_sumprod_agrees_with_the_plain_loop():
    # The plain loop is the definition; the one in use may be math.sumprod or
    # sum(map(mul)), which must give the same sums (to rounding).
    import random
    rng = random.Random(7)
    for n in (0, 1, 2, 30, 784):
        a = [rng.uniform(-1, 1) for _ in range(n)]
        b = [rng.uniform(-1, 1) for _ in range(n)]
        assert vector.sumprod(a, b) == pytest.approx(vector._plain_sumprod(a, b), rel=1e-12, abs=1e-12)
    assert vector._plain_sumprod([1, 2], [3, 4]) == 11 and isinstance(vector._plain_sumprod([1], [2]), int)


@pytest.mark.parametrize("fill, rescale", [(vector.fill_zeros, vector.scale_in_place),
                                           (vector._plain_fill_zeros, vector._plain_scale_in_place)],
                         ids=["in use", "plain loops"])
def test_in_place_operations_change_the_list_itself(fill, rescale):
    """Both versions keep the list object (its owner holds it) and give the same numbers as scale."""
    v = [1.5, -2.0, 0.1]
    same = v
    rescale(0.3, v)
    assert v is same and v == vector.scale(0.3, [1.5, -2.0, 0.1]) == [1.5 * 0.3, -2.0 * 0.3, 0.1 * 0.3]
    fill(v)
    assert v is same and v == [0.0, 0.0, 0.0]
