"""A small Matrix class: a row-major list of rows, and the products a network needs.

``Matrix([[1, 2], [3, 4]])`` holds its numbers in ``.rows``, a list of row
lists; ``.shape`` is ``(number of rows, number of columns)``.  A weight matrix
w of a layer has one row per neuron, so row j holds the weights into neuron j
and ``w @ a`` computes every neuron's weighted input at once.

Training spends nearly all its time in three products: ``w @ x``,
``transpose_matvec`` (wᵀv without building wᵀ) and ``add_scaled`` (w ← w + c g
in place, for a gradient g).  Each is written first as its plain loop, one
multiply-add at a time.  The section "Faster versions" at the end computes the
same numbers with fewer steps (chapter 8 of the tutorial tells how): a
gradient δ aᵀ is kept as its two factors until someone reads its entries, and
adding it into w touches only the columns where a is not 0.  Set
``purenn.matrix.FAST = False`` to train with the plain loops only: the same
numbers to rounding, slower; tests/test_matrix.py checks that both agree.

>>> A = Matrix([[1, 2], [3, 4]])
>>> A @ [1, 1]
[3, 7]
>>> A.T
Matrix([[1, 3], [2, 4]])
>>> outer([1, 2], [3, 4, 5])
Matrix([[3, 4, 5], [6, 8, 10]])
"""

from itertools import repeat
from numbers import Number
from operator import add, mul, sub

from . import vector
from .vector import SparseVector, check_lengths, dot, sparse_dot

FAST = True  # False: the plain loops only (see above)


class Matrix:
    """A rectangular table of numbers, stored as a list of rows."""

    __slots__ = ("rows",)

    def __init__(self, rows):
        """Build a matrix from a list of equally long rows (each row is copied).

        ``rows`` is then the list of row lists: row i holds A_i0, A_i1, ...
        """
        self.rows = [list(row) for row in rows]
        if not self.rows or not self.rows[0]:
            raise ValueError("a Matrix needs at least one row and one column")
        width = len(self.rows[0])
        for i, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"ragged rows: row 0 has {width} entries, row {i} has {len(row)}")

    @classmethod
    def zeros(cls, n_rows, n_cols):
        """The n_rows x n_cols matrix of zeros."""
        return cls([[0.0] * n_cols for _ in range(n_rows)])

    @classmethod
    def gaussian(cls, n_rows, n_cols, rng, std=1.0):
        """An n_rows x n_cols matrix of independent draws from N(0, std²).

        `rng` is a ``random.Random``: the same seed gives the same matrix.
        """
        return cls([[rng.gauss(0.0, std) for _ in range(n_cols)] for _ in range(n_rows)])

    @property
    def shape(self):
        """(number of rows, number of columns)."""
        return (len(self.rows), len(self.rows[0]))

    def transpose(self):
        """The transpose: (Aᵀ)_ij = A_ji."""
        return Matrix(zip(*self.rows))

    T = property(transpose)

    def __matmul__(self, other):
        """A @ v (matrix-vector) or A @ B (matrix-matrix).

        (A v)_i = Σ_k A_ik v_k  and  (A B)_ij = Σ_k A_ik B_kj.
        """
        if isinstance(other, Matrix):
            return self._matmat(other)
        if isinstance(other, SparseVector):
            return self._matvec_sparse(other)
        if len(other) != self.shape[1]:
            raise ValueError(f"shapes {self.shape} and ({len(other)},) do not align for @")
        return [dot(row, other) for row in self.rows]

    def _matmat(self, other):
        if self.shape[1] != other.shape[0]:
            raise ValueError(f"shapes {self.shape} and {other.shape} do not align for @")
        columns = list(zip(*other.rows))
        return Matrix([[dot(row, col) for col in columns] for row in self.rows])

    def _matvec_sparse(self, x):
        """A x for a sparse x: each row's dot product uses only x's non-zero entries.

        (A x)_i = Σ_{k : x_k ≠ 0} A_ik x_k, which is the full sum minus terms that are 0.
        """
        if x.size != self.shape[1]:
            raise ValueError(f"shapes {self.shape} and ({x.size},) do not align for @")
        if not FAST:
            return [sparse_dot(row, x) for row in self.rows]
        return vector.sparse_dots(self.rows, x)  # the same sums, quicker: see vector.py

    def transpose_matvec(self, v):
        """Aᵀ v without building Aᵀ: the sum of the rows of A weighted by v.

        (Aᵀ v)_k = Σ_i v_i A_ik.  Backprop uses it to send δ back one layer.
        """
        if len(v) != self.shape[0]:
            raise ValueError(f"shapes {self.shape[::-1]} (transposed) and ({len(v)},) do not align for @")
        total = [0.0] * self.shape[1]
        for v_i, row in zip(v, self.rows):
            for k, a_ik in enumerate(row):
                total[k] += a_ik * v_i
        return total

    def add_outer(self, c, u, v):
        """In place, A ← A + c u vᵀ, where (u vᵀ)_ij = u_i v_j; returns nothing.

        The rank-1 matrix u vᵀ is never built: A_ij += c u_i v_j, entry by entry.
        Where v_j = 0 column j does not change, so only v's non-zero entries are
        visited (for an MNIST image, about 150 of 784).
        """
        check_lengths(u, self.rows)
        check_lengths(v, self.rows[0])
        # One list of the (j, v_j) with v_j ≠ 0 serves every row; iterating over
        # it is about a quarter faster than zipping two sequences again per row.
        if isinstance(v, SparseVector):
            pairs = list(zip(v.indices, v.values))
        else:
            pairs = [(j, v_j) for j, v_j in enumerate(v) if v_j]
        for row, u_i in zip(self.rows, u):
            k = c * u_i
            for j, v_j in pairs:
                row[j] += k * v_j

    def add_scaled(self, c, other):
        """In place, A ← A + c B for a Matrix B of the same shape; returns nothing.

        (A + c B)_ij = A_ij + c B_ij: how a gradient step changes the weights.
        """
        if FAST and isinstance(other, RankOneMatrix):
            self.add_outer(c, other.u, other.v)  # the same step, quicker: see RankOneMatrix
            return
        if self.shape != other.shape:
            raise ValueError(f"shapes {self.shape} and {other.shape} differ for add_scaled")
        for row, other_row in zip(self.rows, other.rows):
            for j, b_ij in enumerate(other_row):
                row[j] += c * b_ij

    def scale_in_place(self, c):
        """In place, A ← c A; returns nothing.  (Weight decay: w ← (1 - ηλ/n) w.)"""
        for row in self.rows:
            vector.scale_in_place(c, row)

    def _elementwise(self, other, op, name):
        if not isinstance(other, Matrix):
            return NotImplemented
        if self.shape != other.shape:
            raise ValueError(f"shapes {self.shape} and {other.shape} differ for {name}")
        return Matrix([list(map(op, a, b)) for a, b in zip(self.rows, other.rows)])

    def __add__(self, other):
        """A + B, entry by entry."""
        return self._elementwise(other, add, "+")

    def __sub__(self, other):
        """A - B, entry by entry."""
        return self._elementwise(other, sub, "-")

    def __mul__(self, other):
        """A * B entry by entry (Hadamard product), or A * c for a number c."""
        if isinstance(other, Number):
            return Matrix([list(map(mul, row, repeat(other))) for row in self.rows])
        return self._elementwise(other, mul, "*")

    def __rmul__(self, other):
        """c * A for a number c."""
        if isinstance(other, Number):
            return self * other
        return NotImplemented

    def __eq__(self, other):
        if not isinstance(other, Matrix):
            return NotImplemented
        return self.rows == other.rows

    __hash__ = None

    def __repr__(self):
        n_rows, n_cols = self.shape
        if n_rows * n_cols <= 36:
            return f"Matrix({self.rows!r})"
        return f"<Matrix {n_rows}x{n_cols}>"


def outer(u, v):
    """The outer product u vᵀ, the matrix with (u vᵀ)_ij = u_i v_j.

    It is the gradient ∂C/∂w = δ aᵀ of backpropagation (BP4).

    >>> outer([1, 2], [3, 4, 5])
    Matrix([[3, 4, 5], [6, 8, 10]])
    """
    if FAST:
        return RankOneMatrix(u, v)  # the same matrix, kept as u and v: see below
    return Matrix([[u_i * v_j for v_j in v] for u_i in u])


# ---------------------------------------------------------------------------
# Faster versions
#
# Everything above is the definition; what follows gives the same numbers in
# fewer steps, and is worth reading once the above is clear (chapter 8).
#
# Backprop's weight gradient for one sample is δ aᵀ (BP4).  For the first layer
# of a [784, 30, 10] network that is 23,520 numbers, made from just 30 + 784;
# and a step w ← w - (η/m) δ aᵀ changes only the columns where a is not 0,
# about 150 of an image's 784 pixels.  So ``outer`` returns a RankOneMatrix: a
# Matrix like any other to whoever uses it, which keeps u and v and computes
# its rows only when they are first read.  ``add_scaled`` sees one and calls
# ``add_outer``, which adds c u vᵀ without ever building it.


class RankOneMatrix(Matrix):
    """The matrix u vᵀ, kept as its factors u and v; its rows are made when first read.

    >>> g = outer([0.5, -1.0], [0.0, 2.0])
    >>> g.u, g.v
    ([0.5, -1.0], [0.0, 2.0])
    >>> g.rows
    [[0.0, 1.0], [-0.0, -2.0]]
    """

    __slots__ = ("u", "v")

    def __init__(self, u, v):
        self.u = u
        self.v = v

    def __getattr__(self, name):
        # Called only when ``rows`` has not been set yet (or for a name that does not exist).
        if name != "rows":
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self.rows = [[u_i * v_j for v_j in self.v] for u_i in self.u]
        return self.rows

    @property
    def shape(self):
        return (len(self.u), len(self.v))
