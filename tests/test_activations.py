"""activations.py: values by hand, symmetry, derivatives against central differences, extremes."""

import math
import random

import pytest

from gradients import derivative
from purenn.activations import HIDDEN, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh, sigmoid, sigmoid_prime

H = 1e-6  # the step of the central differences here


def test_sigmoid_hand_computed():
    assert sigmoid(0.0) == 0.5
    assert sigmoid(1.0) == pytest.approx(1 / (1 + 1 / math.e), rel=1e-15)
    assert sigmoid(-2.0) == pytest.approx(1 / (1 + math.e ** 2), rel=1e-15)


@pytest.mark.parametrize("z", [-30.0, -3.5, -0.1, 0.0, 0.7, 4.0, 25.0])
def test_sigmoid_symmetry(z):
    assert sigmoid(-z) == pytest.approx(1.0 - sigmoid(z), abs=1e-15)


def test_sigmoid_never_overflows():
    assert sigmoid(-1000.0) == 0.0
    assert sigmoid(1000.0) == 1.0
    assert sigmoid(-1e308) == 0.0 and sigmoid(1e308) == 1.0
    assert sigmoid_prime(1000.0) == 0.0 and sigmoid_prime(-1000.0) == 0.0


@pytest.mark.parametrize("z", [-5.0, -1.0, 0.0, 0.3, 2.0, 6.0])
def test_sigmoid_prime_against_finite_difference(z):
    assert sigmoid_prime(z) == pytest.approx(derivative(sigmoid, z, H), rel=1e-7)
    assert sigmoid_prime(0.0) == 0.25


@pytest.mark.parametrize("activation", list(HIDDEN.values()), ids=list(HIDDEN))
@pytest.mark.parametrize("z", [-3.0, -2.5, -0.5, -0.3, 0.25, 0.4, 1.5, 3.0, 4.0])  # not 0: relu's kink
def test_every_prime_against_finite_difference(activation, z):
    numeric = derivative(lambda v: activation.fn([v])[0], z, H)
    assert activation.prime([z])[0] == pytest.approx(numeric, rel=1e-7, abs=1e-10)


def test_vector_forms_hand_computed():
    z = [-2.0, 0.0, 3.0]
    assert Sigmoid.fn(z) == [sigmoid(-2.0), 0.5, sigmoid(3.0)]
    assert Tanh.fn(z) == [math.tanh(-2.0), 0.0, math.tanh(3.0)]
    assert ReLU.fn(z) == [0.0, 0.0, 3.0] and ReLU.prime(z) == [0.0, 0.0, 1.0]
    assert LeakyReLU.fn(z) == [-0.02, 0.0, 3.0] and LeakyReLU.prime(z) == [0.01, 0.01, 1.0]
    z = [-1.0, 2.0]
    assert HIDDEN["sigmoid"].fn(z) == pytest.approx([1 / (1 + math.e), 1 / (1 + math.exp(-2))], rel=1e-15)
    assert HIDDEN["tanh"].fn(z) == pytest.approx([-0.7615941559557649, 0.9640275800758169], rel=1e-15)
    assert HIDDEN["tanh"].prime([0.0]) == [1.0]
    assert HIDDEN["relu"].fn(z) == [0.0, 2.0] and HIDDEN["relu"].prime(z) == [0.0, 1.0]
    assert HIDDEN["leaky-relu"].fn(z) == [-0.01, 2.0] and HIDDEN["leaky-relu"].prime(z) == [0.01, 1.0]
    assert set(HIDDEN) == {"sigmoid", "tanh", "relu", "leaky-relu"}


# z at the edges of the floats: exp(710) and exp(-745) are where math.exp overflows and underflows.
EXTREME_Z = [1e308, -1e308, 5e-324, -5e-324, 0.0, 745.0, -745.0, 710.0, -710.0, 1000.0, -1000.0]


@pytest.mark.parametrize("activation", sorted(HIDDEN) + ["softmax"])
def test_activations_stay_finite_for_extreme_z(activation):
    f = Softmax if activation == "softmax" else HIDDEN[activation]
    values = f.fn(EXTREME_Z)
    assert len(values) == len(EXTREME_Z) and all(math.isfinite(v) for v in values)
    if activation != "softmax":
        assert all(math.isfinite(v) for v in f.prime(EXTREME_Z))


def test_softmax_hand_computed_and_sums_to_one():
    a = Softmax.fn([0.0, math.log(3.0)])
    assert a == pytest.approx([0.25, 0.75], rel=1e-15)
    assert sum(Softmax.fn([1.0, 2.0, -3.0, 0.5])) == pytest.approx(1.0, rel=1e-15)


def test_softmax_is_a_distribution_whose_largest_z_is_most_likely():
    rng = random.Random(3)
    for _ in range(200):
        z = [rng.uniform(-50.0, 50.0) for _ in range(10)]
        a = Softmax.fn(z)
        assert abs(sum(a) - 1.0) <= 1e-12
        assert all(0.0 <= p <= 1.0 for p in a)
        assert a.index(max(a)) == z.index(max(z))


def test_softmax_survives_large_inputs():
    a = Softmax.fn([1000.0, 999.0, -1000.0])
    e = math.exp(-1.0)
    assert a == pytest.approx([1 / (1 + e), e / (1 + e), 0.0], rel=1e-14, abs=0.0)
    assert sum(a) == pytest.approx(1.0, rel=1e-15)
    assert Softmax.fn([1000.0, 1000.0, -1000.0]) == [0.5, 0.5, 0.0]
    assert Softmax.fn([1000.0] * 4) == [0.25] * 4
    assert Softmax.fn([-1000.0] * 4) == [0.25] * 4
    assert Softmax.fn([1000.0, -1000.0]) == [1.0, 0.0]
    assert Softmax.fn([1e308, 0.0]) == [1.0, 0.0]


def test_softmax_is_shift_invariant():
    z = [0.3, -1.2, 2.5]
    assert Softmax.fn(z) == pytest.approx(Softmax.fn([v + 50.0 for v in z]), rel=1e-12)
