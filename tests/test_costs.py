"""costs.py: values by hand, each delta against a central difference of fn, extremes."""

import math

import pytest

from gradients import partial_derivative
from purenn.activations import Sigmoid, Softmax
from purenn.costs import COSTS, CrossEntropyCost, LogLikelihoodCost, QuadraticCost

H = 1e-6
Z = [0.3, -1.2, 2.0]
Y = [0.0, 1.0, 0.0]


def cost_of_z(cost, z, y):
    return cost.fn(cost.output.fn(z), y)


def test_quadratic_value_by_hand():
    assert QuadraticCost.fn([0.5, 0.25], [1.0, 0.0]) == 0.5 * (0.25 + 0.0625)


def test_cross_entropy_value_by_hand():
    expected = -(math.log(0.8) + math.log(1 - 0.4))
    assert CrossEntropyCost.fn([0.8, 0.4], [1.0, 0.0]) == pytest.approx(expected, rel=1e-15)


def test_log_likelihood_value_by_hand():
    assert LogLikelihoodCost.fn([0.2, 0.5, 0.3], [0.0, 1.0, 0.0]) == pytest.approx(math.log(2), rel=1e-15)


@pytest.mark.parametrize("cost", list(COSTS.values()), ids=list(COSTS))
def test_delta_is_the_derivative_of_the_cost_by_z(cost):
    z = list(Z)
    delta = cost.delta(z, cost.output.fn(z), Y)
    for j in range(len(z)):
        numeric = partial_derivative(lambda: cost_of_z(cost, z, Y), z, j, H)
        assert delta[j] == pytest.approx(numeric, rel=1e-6, abs=1e-10)


def test_outputs_pair_with_costs():
    assert QuadraticCost.output is Sigmoid and CrossEntropyCost.output is Sigmoid
    assert LogLikelihoodCost.output is Softmax


def test_cross_entropy_never_takes_log_of_zero():
    # a = 1.0 exactly for the wrong class, a = 0.0 for the right one: large but finite.
    value = CrossEntropyCost.fn([1.0, 0.0], [0.0, 1.0])
    assert math.isfinite(value) and value > 1000
    assert CrossEntropyCost.fn([0.0, 1.0], [0.0, 1.0]) == 0.0
    assert math.isfinite(LogLikelihoodCost.fn([1.0, 0.0], [0.0, 1.0]))


def test_length_mismatch():
    with pytest.raises(ValueError, match="2 and 3"):
        QuadraticCost.fn([0.1, 0.2], [0.0, 1.0, 0.0])


# The cost of a = [0, 1, 5e-324, 1 - 2**-53] for the digit 0: two outputs exactly wrong.
# ln 0 is taken as ln of the smallest float, about -708.4; ln 2**-53 is about -36.7.
EDGE_COSTS = {"quadratic": 1.5, "cross-entropy": 2 * 708.396 + 36.737, "log-likelihood": 708.396}


@pytest.mark.parametrize("cost", sorted(COSTS))
def test_costs_stay_finite_at_outputs_of_exactly_0_and_1(cost):
    a, y = [0.0, 1.0, 5e-324, 1.0 - 2 ** -53], [1.0, 0.0, 0.0, 0.0]
    assert COSTS[cost].fn(a, y) == pytest.approx(EDGE_COSTS[cost], abs=1e-3)
    assert all(math.isfinite(d) for d in COSTS[cost].delta([1e308, -1e308, 5e-324, -5e-324], a, y))
