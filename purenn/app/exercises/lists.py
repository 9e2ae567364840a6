"""The small list arithmetic the mistaken versions are written with.

A mistake's answer is computed by doing the maths wrongly in one place, so these
are plain, strict helpers: a product of shapes that do not fit raises, and then
that mistake simply does not match.
"""

from ...activations import sigmoid, sigmoid_prime


def check(condition):
    if not condition:
        raise ValueError("shapes do not fit")


def dot(u, v):
    check(len(u) == len(v))
    return sum(u_i * v_i for u_i, v_i in zip(u, v))


def matvec(w, a):
    """w a: one entry per row of w."""
    return [dot(row, a) for row in w]


def transpose(w):
    check(len({len(row) for row in w}) == 1)
    return [list(column) for column in zip(*w)]


def matvec_t(w, d):
    """wᵀ d: one entry per column of w."""
    return matvec(transpose(w), d)


def add(u, v):
    check(len(u) == len(v))
    return [u_i + v_i for u_i, v_i in zip(u, v)]


def sub(u, v):
    check(len(u) == len(v))
    return [u_i - v_i for u_i, v_i in zip(u, v)]


def hadamard(u, v):
    check(len(u) == len(v))
    return [u_i * v_i for u_i, v_i in zip(u, v)]


def scale(c, u):
    return [c * u_i for u_i in u]


def outer(u, v):
    return [[u_i * v_j for v_j in v] for u_i in u]


def sigma(z):
    return [sigmoid(z_j) for z_j in z]


def sigma_prime(z):
    return [sigmoid_prime(z_j) for z_j in z]


def matrix_step(w, g, c):
    """w + c g, entry by entry, for two matrices (lists of rows)."""
    check(len(w) == len(g))
    return [add(row, scale(c, g_row)) for row, g_row in zip(w, g)]
