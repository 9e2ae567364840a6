"""Noticing that training has blown up: a weight or gradient became nan or infinite.

Too large a learning rate makes the steps overshoot and grow until a float
overflows to inf, and then inf - inf gives nan.  From then on every number
the network computes is nan, so it is best to stop at once and say so.
"""

import math


class TrainingDiverged(ArithmeticError):
    """The gradient stopped being a finite number: eta is too large for this network."""

    def __init__(self, value):
        super().__init__(f"the cost's gradient became {value}")
        self.value = value  # nan or inf


def check_finite(vectors):
    """Raise TrainingDiverged if any number in the vectors is nan or infinite.

    Once any weight is inf or nan, every later δ is nan too, so checking the
    few bias gradients of each mini-batch catches a diverging run at once; the
    weights themselves are checked after each epoch.  One sum is enough: it is
    finite only if every number is (or, rarely, overflows when all are finite,
    which means training has gone wrong anyway).
    """
    total = sum(map(sum, vectors))
    if not math.isfinite(total):
        raise TrainingDiverged("nan" if math.isnan(total) else "inf")
