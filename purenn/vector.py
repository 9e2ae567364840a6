"""Vectors as plain Python lists of floats.

This is the bottom layer of purenn: everything a neural network does is built
from the few operations below.  A vector is an ordinary ``list`` (or tuple) of
numbers; there is no vector class.  The one exception is ``SparseVector``, which
stores only the non-zero entries of a long, mostly-zero vector such as an MNIST
image (about 81% of its 784 pixels are 0).

Every function checks that its two vectors have the same length: ``zip`` would
silently stop at the shorter one and hide a bug.

Read it top to bottom: each operation is first defined the plain way, one
multiplication at a time.  The section "Faster versions" at the end swaps in
a quicker way to compute the very same sums (as Python's own ``statistics``
module does), and tests/test_vector.py checks that the two agree.  That
section, the fast kernels, is the only place in purenn that asks which Python
runs it (chapter 8, appendix C); it ends with the kernels of dense.py's layers.

>>> dot([1, 2, 3], [4, 5, 6])
32
>>> add([1, 2], [10, 20])
[11, 22]
"""

import operator
import sys
from itertools import compress, repeat
from operator import itemgetter, mul


def check_lengths(a, b):
    """Raise ValueError unless vectors a and b have the same length."""
    if len(a) != len(b):
        raise ValueError(f"vector lengths differ: {len(a)} and {len(b)}")


def sumprod(a, b):
    """Σ_i a_i b_i for equally long a and b: the loop inside every dot product.

    Like sum(), it starts from the int 0, so whole numbers stay whole.  This is
    the definition; "Faster versions" below may replace it with a C loop.
    """
    total = 0
    for a_i, b_i in zip(a, b):
        total += a_i * b_i
    return total


def dot(a, b):
    """Dot product: a·b = Σ_i a_i b_i.

    >>> dot([1.0, 2.0], [3.0, 4.0])
    11.0
    """
    check_lengths(a, b)
    return sumprod(a, b)


def add(a, b):
    """Elementwise sum: (a + b)_i = a_i + b_i."""
    check_lengths(a, b)
    return [a_i + b_i for a_i, b_i in zip(a, b)]


def sub(a, b):
    """Elementwise difference: (a - b)_i = a_i - b_i."""
    check_lengths(a, b)
    return [a_i - b_i for a_i, b_i in zip(a, b)]


def scale(c, a):
    """Scalar multiple: (c a)_i = c a_i.

    >>> scale(2, [1, -3])
    [2, -6]
    """
    return [a_i * c for a_i in a]


def hadamard(a, b):
    """Elementwise (Hadamard) product: (a ⊙ b)_i = a_i b_i."""
    check_lengths(a, b)
    return [a_i * b_i for a_i, b_i in zip(a, b)]


def zeros(n):
    """A vector of n zeros."""
    return [0.0] * n


def fill_zeros(v):
    """v_i ← 0 for every i, in place: a list of sums made ready to add into again."""
    for i in range(len(v)):
        v[i] = 0.0


def scale_in_place(c, v):
    """v_i ← c v_i for every i, in place (the same numbers as scale(c, v))."""
    for i in range(len(v)):
        v[i] *= c


def one_hot(index, n):
    """The n-vector that is 1.0 at index and 0.0 elsewhere: how a label becomes a target.

    >>> one_hot(2, 4)
    [0.0, 0.0, 1.0, 0.0]
    """
    if not 0 <= index < n:
        raise ValueError(f"index {index} is outside 0..{n - 1}")
    y = [0.0] * n
    y[index] = 1.0
    return y


def argmax(a):
    """The index of the largest entry (the first one on a tie): the network's answer.

    >>> argmax([0.1, 0.7, 0.2])
    1
    """
    if len(a) == 0:
        raise ValueError("argmax of an empty vector")
    return max(range(len(a)), key=a.__getitem__)


def sparse_dot(w, x):
    """w·x for a SparseVector x: Σ_k w[x.indices[k]] x.values[k], skipping x's zeros.

    >>> sparse_dot([1.0, 2.0, 3.0], SparseVector.from_list([0.0, 0.5, 2.0]))
    7.0
    """
    total = 0.0
    for i, x_i in zip(x.indices, x.values):
        total += w[i] * x_i
    return total


class SparseVector:
    """A vector of `size` entries that stores only the non-zero ones.

    Entry ``indices[k]`` is ``values[k]``; every other entry is 0.  For an MNIST
    image this keeps about 150 of 784 numbers, and every product with it can skip
    the zeros: w·x needs only the weights at the inked pixels.

    It behaves like a read-only sequence of all `size` entries, so ``len(x)``,
    ``x[i]`` and ``list(x)`` work as for a dense vector.

    >>> x = SparseVector.from_list([0.0, 0.5, 0.0, 1.0])
    >>> x.indices, x.values
    ((1, 3), (0.5, 1.0))
    >>> list(x)
    [0.0, 0.5, 0.0, 1.0]
    """

    __slots__ = ("size", "indices", "values")

    def __init__(self, size, indices, values):
        self.size = size
        self.indices = tuple(indices)
        self.values = tuple(values)
        check_lengths(self.indices, self.values)

    @classmethod
    def from_list(cls, a):
        """The sparse form of the dense vector a."""
        return cls(len(a), compress(range(len(a)), a), filter(None, a))

    def to_list(self):
        """The dense form: a list of `size` floats."""
        dense = [0.0] * self.size
        for i, value in zip(self.indices, self.values):
            dense[i] = value
        return dense

    def __len__(self):
        return self.size

    def __iter__(self):
        return iter(self.to_list())

    def __getitem__(self, i):
        """x[i]: values[k] if indices[k] == i, else 0, found without building the dense list.

        A slice, x[a:b], is the dense list's slice.
        """
        if isinstance(i, slice):
            return self.to_list()[i]
        i = operator.index(i)  # a whole number, as for a list
        if not -self.size <= i < self.size:
            raise IndexError(f"index {i} is outside a vector of {self.size} entries")
        try:
            return self.values[self.indices.index(i % self.size)]
        except ValueError:  # i is not among the stored indices
            return 0.0

    def __eq__(self, other):
        if isinstance(other, SparseVector):
            other = other.to_list()
        return self.to_list() == list(other)

    __hash__ = None

    def __repr__(self):
        return f"SparseVector(size={self.size}, non-zero={len(self.indices)})"


# ---------------------------------------------------------------------------
# Faster versions: the fast kernels
#
# Everything above is the definition.  What follows computes the same sums in
# fewer Python steps, and is worth reading only once the above is clear.  It
# is the one place in purenn that asks which Python runs it (ON_PYPY): the
# modules above it are the maths, and call these kernels by name.
#
# PyPy compiles plain Python loops to machine code, so there the plain loop is
# already the fastest.  CPython runs bytecode, one step at a time, so there the
# fastest code hands a whole loop to one C function: math.sumprod (Python
# 3.12+) or sum(map(mul, a, b)).  The results agree with the plain loop to the
# last bit or two (math.sumprod even rounds a little less).

ON_PYPY = sys.implementation.name == "pypy"

_plain_sumprod = sumprod  # kept so that the tests can compare the two

if not ON_PYPY:
    try:
        from math import sumprod  # noqa: F811 (replaces the plain definition)
    except ImportError:  # CPython 3.9-3.11

        def sumprod(a, b):  # noqa: F811
            """Σ_i a_i b_i, with the loop run in C by sum() and map()."""
            return sum(map(mul, a, b))


# The two in-place loops go the other way round.  On CPython, building a new
# list in C and copying it in is ten times faster than a loop over the entries.
# On PyPy the loop is fast, and the new list would be worse than slow: it is
# still in use when PyPy next looks for garbage among its young objects, so it
# joins the old ones, to be swept later (purenn/app/pypy.py tells the story).

_plain_fill_zeros, _plain_scale_in_place = fill_zeros, scale_in_place  # for the tests

if not ON_PYPY:

    def fill_zeros(v):  # noqa: F811
        """v_i ← 0 for every i: a new list of zeros, copied in by C."""
        v[:] = [0.0] * len(v)

    def scale_in_place(c, v):  # noqa: F811
        """v_i ← c v_i for every i: a new list, copied in by C."""
        v[:] = [v_i * c for v_i in v]


def sparse_dots(rows, x):
    """[sparse_dot(row, x) for row in rows]: w x for a sparse x, one row of w at a time.

    PyPy compiles that plain loop well, so it keeps it.  On CPython, each row's
    entries at x's indices are gathered by one C call (an itemgetter) and
    multiplied and added by another (sumprod): the same sums, in the same order.
    """
    if ON_PYPY:
        return [sparse_dot(row, x) for row in rows]
    pick = _picker(x.indices)
    return list(map(sumprod, map(pick, rows), repeat(x.values)))


def _picker(indices):
    """A function that returns the entries of a list at `indices`, always as a tuple.

    ``operator.itemgetter`` does the gathering in C; it just returns a bare item
    (not a tuple) when given one index, and cannot be made with none.
    """
    if len(indices) == 0:
        return lambda a: ()
    if len(indices) == 1:
        (i,) = indices
        return lambda a: (a[i],)
    return itemgetter(*indices)


# Kernels for the fully connected layers of dense.py, on a matrix w given as
# its list of rows (rows[j][i] = w_ji).  Each skips the terms that are 0 (an
# input a_i = 0 after ReLU or pooling, a δ_j = 0 of a ReLU that was off) and
# adds the rest in the same order on either Python, so both give the same
# numbers, to the last bit (tests/test_dense.py).  Each is the plain loop, the
# fast way on PyPy, with CPython's version, made of C loops, after it.


def nonzero_entries(a):
    """The indices i of a's non-zero entries and their values a_i, as two lists.

    Why two lists and not one list of pairs (i, a_i): PyPy keeps a list of only
    ints, or only floats, as one block of machine numbers, which its compiled
    loops read directly; a list of pairs is a list of tuple objects, each to be
    found and unpacked.  The kernels below run about 1.5 times as fast so.

    With hardly any zeros (over 90% of a non-zero, as after a sigmoid), picking
    costs more than it saves: then every index, range(len(a)), and a itself.
    """
    indices = [i for i, a_i in enumerate(a) if a_i]
    if len(indices) > 0.9 * len(a):
        return range(len(a)), a
    return indices, [a[i] for i in indices]


def affine_rows(rows, a, biases):
    """z = w a + b: z_j = (Σ_i w_ji a_i) + b_j, the sum over the non-zero a_i only.

    Why: after ReLU and max-pooling about half of a layer's inputs are 0, and
    each saves a multiply-add in every row.
    """
    if not ON_PYPY:
        return _affine_rows_c(rows, a, biases)
    indices, values = nonzero_entries(a)
    terms = range(len(indices))
    z = []
    for row, b in zip(rows, biases):
        total = 0.0
        for k in terms:
            total += row[indices[k]] * values[k]
        z.append(total + b)
    return z


def _affine_rows_c(rows, a, biases):
    """affine_rows with each Σ_i run by sumprod, over the a_i an itemgetter picks out.

    With hardly any zeros (over 90% of a non-zero), picking costs more than it
    saves, and each row meets the whole of a.
    """
    indices, values = nonzero_entries(a)
    if values is a:
        return [sumprod(row, a) + b for row, b in zip(rows, biases)]
    pick = _picker(indices)
    return [sumprod(pick(row), values) + b for row, b in zip(rows, biases)]


def add_outer_rows(rows, delta, a):
    """w ← w + δ aᵀ in place: w_ji ← w_ji + δ_j a_i, for the non-zero δ_j and a_i only.

    Why: it adds one sample's ∂C/∂w = δ aᵀ into nabla_w without building δ aᵀ.
    """
    if not ON_PYPY:
        return _add_outer_rows_c(rows, delta, a)
    indices, values = nonzero_entries(a)
    terms = range(len(indices))
    for row, d in zip(rows, delta):
        if d:
            for k in terms:
                row[indices[k]] += d * values[k]


def _add_outer_rows_c(rows, delta, a):
    """add_outer_rows for CPython: with few zeros in a (under 10%), each row in two C loops."""
    indices, values = nonzero_entries(a)
    inputs = list(zip(indices, values))
    for row, d in zip(rows, delta):
        if d:
            if values is a:
                row[:] = map(operator.add, row, map(mul, a, repeat(d)))
            else:
                for i, a_i in inputs:
                    row[i] += d * a_i


def transpose_matvec_rows(rows, delta):
    """wᵀ δ: (wᵀ δ)_i = Σ_j w_ji δ_j, the sum over the non-zero δ_j only.

    Why: it is the ∂C/∂a a layer hands to the one below (BP2), and a neuron
    with δ_j = 0 (a ReLU that was off, a dropped neuron) saves its whole row.
    """
    if not ON_PYPY:
        return _transpose_matvec_rows_c(rows, delta)
    dx = [0.0] * len(rows[0])
    for row, d in zip(rows, delta):
        if d:
            for i in range(len(row)):
                dx[i] += row[i] * d
    return dx


def _transpose_matvec_rows_c(rows, delta):
    """transpose_matvec_rows for CPython: each row's δ_j w_j added into the sum by two C loops.

    (One sumprod per column of w, over zip(*rows), would also skip nothing and
    first build w's transpose, a tuple per input.)
    """
    dx = [0.0] * len(rows[0])
    for row, d in zip(rows, delta):
        if d:
            dx = list(map(operator.add, dx, map(mul, row, repeat(d))))
    return dx
