"""Weight decay, and the speed trick that makes it almost free.

L2 regularisation (the tutorial's chapter 6c) shrinks every weight before each gradient step:

    w ← (1 - ηλ/n) w.

``Network.update_mini_batch`` writes it as it reads, ``w.scale_in_place(1 - ηλ/n)``:
one multiplication per weight after every mini-batch, 23,520 for the first
layer of [784, 30, 10], while the gradient step itself, with sparse images,
touches only the weights of the inked pixels.  (How much time that costs is
measured in the tutorial's timing table, appendix B.)

The trick (L. Bottou, "Stochastic Gradient Descent Tricks", in *Neural
Networks: Tricks of the Trade*, 2nd ed., LNCS 7700, Springer 2012; his
recommendation for sparse training examples) is to keep the matrix as one
number times a matrix,

    w = s · v,

so that shrinking w only multiplies s:  s ← (1 - ηλ/n) s, and v stays as it is.
Everything training does with w becomes the same thing done with v, plus a
multiplication or two by s:

    w a        = s (v a)                    (forward: a few numbers times s)
    wᵀ δ       = vᵀ (s δ)                   (backward: BP2)
    w + c δ aᵀ = s (v + (c/s) δ aᵀ)         (the gradient step: c/s, once)

``ScaledMatrix`` is a Matrix kept that way.  ``Network.train_epoch`` uses it
only while it trains with λ > 0 (``scaled_while_training``): within the epoch
each weight matrix is a ScaledMatrix, and after it a plain Matrix again, with
w's own numbers.  Outside an epoch nobody meets it.  The results agree with
the plain rule to rounding (tests/test_weight_decay.py).

>>> w = ScaledMatrix([[1.0, 2.0], [3.0, 4.0]])
>>> w.scale_in_place(0.75)
>>> w.s, w.v
(0.75, Matrix([[1.0, 2.0], [3.0, 4.0]]))
>>> w @ [1.0, 1.0]
[2.25, 5.25]
>>> w
Matrix([[0.75, 1.5], [2.25, 3.0]])
"""

from contextlib import contextmanager
from itertools import repeat
from operator import mul

from . import matrix
from .matrix import Matrix
from .vector import scale, scale_in_place


def shrink_plain(rows, factor):
    """In place, w ← factor · w, one multiplication per weight: the rule as written.

    rows: the rows of w (a Matrix's ``rows``, or a conv network layer's ``weights``).
    """
    for row in rows:
        scale_in_place(factor, row)


class ScaledMatrix(Matrix):
    """A Matrix kept as w = s · v: a number s times a Matrix v (Bottou's trick, above).

    It is a Matrix to everyone: ``rows``, ``shape``, ``@``, ``transpose_matvec``,
    ``add_outer``, ``add_scaled``, ``==`` all mean w; ``scale_in_place`` is the cheap one.
    """

    __slots__ = ("s", "v")

    def __init__(self, rows):
        """The matrix with these rows (copied), as s = 1 times v = Matrix(rows)."""
        self.v = Matrix(rows)
        self.s = 1.0

    @property
    def rows(self):
        """w's rows, its own numbers: s is multiplied into v first (see ``fold``)."""
        if self.s != 1.0:
            self.fold()
        return self.v.rows

    @property
    def shape(self):
        return self.v.shape

    def __reduce__(self):
        # Matrix's ``rows`` slot is hidden behind the property above, so copy and
        # pickle are told how to rebuild one: from s and v.
        return (_rebuilt, (self.s, self.v))

    def __matmul__(self, other):
        """w a = s (v a) for a vector a (a Matrix operand uses w's rows)."""
        if isinstance(other, Matrix):
            return Matrix(self.rows) @ other
        return self._times_s(self.v @ other)

    def transpose_matvec(self, delta):
        """wᵀ δ = vᵀ (s δ)."""
        return self.v.transpose_matvec(self._times_s(delta))

    def add_outer(self, c, u, a):
        """In place, w ← w + c u aᵀ, as v ← v + (c/s) u aᵀ (then s v is the new w)."""
        self.v.add_outer(c / self.s, u, a)

    def add_scaled(self, c, other):
        """In place, w ← w + c B, as v ← v + (c/s) B."""
        self.v.add_scaled(c / self.s, other)

    def scale_in_place(self, factor):
        """In place, w ← factor · w, as s ← factor · s: one multiplication.

        v stays unscaled, so it grows relative to w as s shrinks; once s falls
        below a half (or is 0 or nan), it is folded in, which keeps v's numbers
        near w's.  With ``matrix.FAST = False`` it folds every time: the plain rule.
        """
        self.s *= factor
        if not matrix.FAST or not abs(self.s) >= 0.5:
            self.fold()

    def fold(self):
        """Multiply s into v: v ← s v and s ← 1, leaving w = s v unchanged."""
        s = self.s
        self.v.rows = [list(map(mul, row, repeat(s))) for row in self.v.rows]
        self.s = 1.0

    def _times_s(self, a):
        return a if self.s == 1.0 else scale(self.s, a)


def _rebuilt(s, v):
    w = ScaledMatrix.__new__(ScaledMatrix)
    w.s, w.v = s, v
    return w


@contextmanager
def scaled_while_training(weights, lmbda):
    """Within the with-block, each Matrix of the list `weights` is a ScaledMatrix (if λ > 0).

    The list is changed in place: weights[l] becomes a ScaledMatrix with the
    same numbers, so that the block's ``w.scale_in_place`` calls cost one
    multiplication each; at the end (even on an error) s is folded in and
    weights[l] is a plain Matrix again.  With λ = 0, or ``matrix.FAST = False``,
    it changes nothing.
    """
    if not lmbda or not matrix.FAST:
        yield
        return
    for l, w in enumerate(weights):
        weights[l] = ScaledMatrix(w.rows)
    try:
        yield
    finally:
        for l, w in enumerate(weights):
            if isinstance(w, ScaledMatrix):
                weights[l] = Matrix(w.rows)
