"""matrix.py: hand-computed products, identities, shapes and errors."""

import random

import pytest

from purenn.matrix import Matrix, RankOneMatrix, outer
from purenn.vector import SparseVector

A = Matrix([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # 2x3
B = Matrix([[1.0, -1.0], [0.0, 2.0], [0.5, 1.0]])  # 3x2


def random_matrix(rng, n, m):
    return Matrix([[rng.uniform(-2, 2) for _ in range(m)] for _ in range(n)])


def test_shape_and_rows_are_copied():
    rows = [[1.0, 2.0], [3.0, 4.0]]
    m = Matrix(rows)
    rows[0][0] = 99.0
    assert m.shape == (2, 2) and m.rows == [[1.0, 2.0], [3.0, 4.0]]


def test_ragged_and_empty_rows_are_rejected():
    with pytest.raises(ValueError, match="row 0 has 2 entries, row 1 has 1"):
        Matrix([[1.0, 2.0], [3.0]])
    with pytest.raises(ValueError, match="at least one row"):
        Matrix([])


def test_zeros():
    assert Matrix.zeros(2, 3) == Matrix([[0.0] * 3, [0.0] * 3])


def test_gaussian_is_seeded():
    g1 = Matrix.gaussian(3, 4, random.Random(5), std=0.1)
    g2 = Matrix.gaussian(3, 4, random.Random(5), std=0.1)
    assert g1 == g2 and g1.shape == (3, 4)
    assert g1 != Matrix.gaussian(3, 4, random.Random(6), std=0.1)


def test_transpose_hand_computed():
    assert A.T == Matrix([[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]])
    assert A.transpose().shape == (3, 2)


def test_transpose_twice_is_identity():
    assert A.T.T == A


def test_matrix_vector_product():
    assert A @ [1.0, 0.0, -1.0] == [1.0 - 3.0, 4.0 - 6.0]


def test_matrix_matrix_product_hand_computed():
    # [1 2 3] · columns (1, 0, 0.5) and (-1, 2, 1): 2.5 and 6; [4 5 6]: 7 and 12.
    assert A @ B == Matrix([[2.5, 6.0], [7.0, 12.0]])


def test_transpose_of_product_is_product_of_transposes():
    rng = random.Random(1)
    P, Q = random_matrix(rng, 3, 4), random_matrix(rng, 4, 2)
    left, right = (P @ Q).T, Q.T @ P.T
    assert left.shape == right.shape == (2, 3)
    for r1, r2 in zip(left.rows, right.rows):
        assert r1 == pytest.approx(r2, rel=1e-12)


def test_product_with_sparse_vector_equals_dense_product():
    dense = [0.0, 0.5, 0.0]
    assert A @ SparseVector.from_list(dense) == A @ dense == [1.0, 2.5]
    assert A @ SparseVector(3, [], []) == [0.0, 0.0]


def test_shape_errors_name_both_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(2,\)"):
        A @ [1.0, 2.0]
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(2, 3\)"):
        A @ A
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(3, 2\)"):
        A + B
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(4,\)"):
        A @ SparseVector(4, [0], [1.0])


def test_transpose_matvec_equals_transpose_then_product():
    v = [2.0, -1.0]
    assert A.transpose_matvec(v) == A.T @ v == [-2.0, -1.0, 0.0]
    with pytest.raises(ValueError, match="do not align"):
        A.transpose_matvec([1.0, 2.0, 3.0])


def test_outer_hand_computed():
    m = outer([1.0, 2.0], [3.0, 4.0, 5.0])
    assert m.shape == (2, 3)
    assert m == Matrix([[3.0, 4.0, 5.0], [6.0, 8.0, 10.0]])
    assert m.rows == [[3.0, 4.0, 5.0], [6.0, 8.0, 10.0]]


def test_outer_is_a_matrix_to_its_user():
    """Kept as its factors for speed, it prints, compares, indexes and adds as a Matrix."""
    g = outer([1.0, -2.0], [0.5, 0.0, 4.0])
    assert isinstance(g, Matrix) and g.shape == (2, 3)
    assert repr(g) == "Matrix([[0.5, 0.0, 4.0], [-1.0, -0.0, -8.0]])"
    assert g.rows[1][2] == -8.0
    assert g + g == 2 * g == Matrix([[1.0, 0.0, 8.0], [-2.0, 0.0, -16.0]])
    assert g.T == Matrix([[0.5, -1.0], [0.0, -0.0], [4.0, -8.0]])
    assert g @ [1.0, 1.0, 1.0] == [4.5, -9.0]
    assert repr(outer([0.0] * 30, [0.0] * 784)) == "<Matrix 30x784>"
    with pytest.raises(AttributeError, match="no attribute 'colums'"):
        g.colums


def test_a_gradient_is_built_only_when_read():
    g = outer([1.0, 2.0], [3.0, 4.0])
    assert type(g) is RankOneMatrix and g.shape == (2, 2)
    with pytest.raises(AttributeError):
        object.__getattribute__(g, "rows")  # not made yet
    assert g.rows == [[3.0, 4.0], [6.0, 8.0]]
    assert object.__getattribute__(g, "rows") is g.rows  # made once, then kept


def test_outer_is_plain_when_not_fast(monkeypatch):
    from purenn import matrix
    monkeypatch.setattr(matrix, "FAST", False)
    assert type(outer([1.0], [2.0])) is Matrix


@pytest.mark.parametrize("fast", [True, False])
def test_add_scaled_adds_c_times_the_matrix(monkeypatch, fast):
    from purenn import matrix
    monkeypatch.setattr(matrix, "FAST", fast)
    m = Matrix(A.rows)
    m.add_scaled(-0.5, outer([1.0, -2.0], [0.0, 3.0, 0.5]))
    assert m == A + (-0.5) * Matrix([[0.0, 3.0, 0.5], [-0.0, -6.0, -1.0]])
    m.add_scaled(2.0, Matrix([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]))
    assert m.rows[0][0] == 1.0 + 2.0 and m.rows[1][2] == 6.0 + 0.5 + 2.0
    with pytest.raises(ValueError, match="differ"):
        m.add_scaled(1.0, Matrix([[1.0]]))


def test_scale_in_place():
    m = Matrix([[1.0, -2.0], [0.5, 4.0]])
    m.scale_in_place(0.25)
    assert m.rows == [[0.25, -0.5], [0.125, 1.0]]


@pytest.mark.parametrize("sparse", [False, True])
def test_add_outer_equals_adding_the_outer_product(sparse):
    u, v = [1.0, -2.0], [0.0, 3.0, 0.5]
    expected = A + (-0.5) * outer(u, v)
    m = Matrix(A.rows)
    m.add_outer(-0.5, u, SparseVector.from_list(v) if sparse else v)
    assert m == expected


def test_add_outer_checks_shapes():
    m = Matrix(A.rows)
    with pytest.raises(ValueError, match="3 and 2"):
        m.add_outer(1.0, [1.0, 2.0, 3.0], [1.0, 2.0, 3.0])


def test_elementwise_and_scalar_operations():
    assert A + A == 2 * A == A * 2.0
    assert A - A == Matrix.zeros(2, 3)
    assert A * A == Matrix([[1.0, 4.0, 9.0], [16.0, 25.0, 36.0]])


def test_a_matrix_is_its_list_of_rows():
    """No hidden state: changing an entry of rows changes every product."""
    m = Matrix([[1.0, 2.0], [3.0, 4.0]])
    m.rows[1][0] = 10.0
    assert m @ [1.0, 1.0] == [3.0, 14.0]
    assert m.transpose_matvec([1.0, 1.0]) == [11.0, 6.0]
    assert not hasattr(m, "__dict__") and Matrix.__slots__ == ("rows",)


def test_equality_and_repr():
    assert Matrix([[1.0]]) != Matrix([[2.0]])
    assert (A == "A") is False
    assert repr(Matrix([[1, 2], [3, 4]])) == "Matrix([[1, 2], [3, 4]])"
    assert repr(Matrix.zeros(30, 784)) == "<Matrix 30x784>"


def _random_matrix(rng, n_rows, n_cols):
    return Matrix([[rng.uniform(-1, 1) for _ in range(n_cols)] for _ in range(n_rows)])


@pytest.mark.parametrize("fast", [True, False])
def test_plain_and_fast_products_agree(monkeypatch, fast):
    """Each hot product's fast path gives the plain loop's numbers (to rounding)."""
    import random

    from purenn import matrix
    rng = random.Random(3)
    A = _random_matrix(rng, 5, 12)
    dense = [rng.uniform(-1, 1) if k % 3 else 0.0 for k in range(12)]
    sparse = SparseVector.from_list(dense)
    v = [rng.uniform(-1, 1) for _ in range(5)]
    monkeypatch.setattr(matrix, "FAST", False)
    plain = (A @ dense, A @ sparse, A.transpose_matvec(v))
    plain_outer = Matrix(A.rows), Matrix(A.rows)
    plain_outer[0].add_outer(-0.3, v, dense)
    plain_outer[1].add_outer(-0.3, v, sparse)
    monkeypatch.setattr(matrix, "FAST", fast)
    assert A @ dense == pytest.approx(plain[0], rel=1e-12)
    assert A @ sparse == pytest.approx(plain[1], rel=1e-12)
    assert A.transpose_matvec(v) == plain[2]  # the same multiply-adds in the same order
    for B, x, expected in ((Matrix(A.rows), dense, plain_outer[0]), (Matrix(A.rows), sparse, plain_outer[1])):
        B.add_outer(-0.3, v, x)
        assert B == expected
    # and the plain transpose_matvec really is Aᵀ v
    assert plain[2] == pytest.approx(A.T @ v, rel=1e-12)


def test_a_gradient_copies_and_pickles_as_a_matrix():
    import copy
    import pickle
    g = outer([1.0, 2.0], [3.0, 0.0])
    for twin in (copy.copy(g), copy.deepcopy(g), pickle.loads(pickle.dumps(g))):
        assert twin == g == Matrix([[3.0, 0.0], [6.0, 0.0]])
