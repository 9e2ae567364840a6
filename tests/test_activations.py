"""activations.py: values, symmetry, derivatives against finite differences, extremes."""

import math

import pytest

from purenn.activations import HIDDEN, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh, sigmoid, sigmoid_prime

H = 1e-6


def central_difference(f, z):
    return (f(z + H) - f(z - H)) / (2 * H)


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
    assert sigmoid_prime(z) == pytest.approx(central_difference(sigmoid, z), rel=1e-7)
    assert sigmoid_prime(0.0) == 0.25


@pytest.mark.parametrize("activation", list(HIDDEN.values()), ids=list(HIDDEN))
@pytest.mark.parametrize("z", [-3.0, -0.5, 0.25, 1.5, 4.0])  # not 0: relu has a kink there
def test_every_prime_against_finite_difference(activation, z):
    numeric = (activation.fn([z + H])[0] - activation.fn([z - H])[0]) / (2 * H)
    assert activation.prime([z])[0] == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_vector_forms_hand_computed():
    z = [-2.0, 0.0, 3.0]
    assert Sigmoid.fn(z) == [sigmoid(-2.0), 0.5, sigmoid(3.0)]
    assert Tanh.fn(z) == [math.tanh(-2.0), 0.0, math.tanh(3.0)]
    assert ReLU.fn(z) == [0.0, 0.0, 3.0] and ReLU.prime(z) == [0.0, 0.0, 1.0]
    assert LeakyReLU.fn(z) == [-0.02, 0.0, 3.0] and LeakyReLU.prime(z) == [0.01, 0.01, 1.0]


@pytest.mark.parametrize("activation", list(HIDDEN.values()), ids=list(HIDDEN))
def test_extreme_inputs_stay_finite(activation):
    for v in activation.fn([-1e308, -1000.0, 1000.0, 1e308]) + activation.prime([-1000.0, 1000.0]):
        assert math.isfinite(v)


def test_softmax_hand_computed_and_sums_to_one():
    a = Softmax.fn([0.0, math.log(3.0)])
    assert a == pytest.approx([0.25, 0.75], rel=1e-15)
    assert sum(Softmax.fn([1.0, 2.0, -3.0, 0.5])) == pytest.approx(1.0, rel=1e-15)


def test_softmax_survives_large_inputs():
    a = Softmax.fn([1000.0, 1000.0, -1000.0])
    assert a == [0.5, 0.5, 0.0]
    assert Softmax.fn([1e308, 0.0]) == [1.0, 0.0]


def test_softmax_is_shift_invariant():
    z = [0.3, -1.2, 2.5]
    assert Softmax.fn(z) == pytest.approx(Softmax.fn([v + 50.0 for v in z]), rel=1e-12)
