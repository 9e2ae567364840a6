"""costs.py: values by hand and each delta against a finite difference of fn."""

import math

import pytest

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
    a = cost.output.fn(Z)
    delta = cost.delta(Z, a, Y)
    for j in range(len(Z)):
        plus, minus = list(Z), list(Z)
        plus[j] += H
        minus[j] -= H
        numeric = (cost_of_z(cost, plus, Y) - cost_of_z(cost, minus, Y)) / (2 * H)
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
