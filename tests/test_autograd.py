"""autograd.py: every rule against central differences, numbers on either side of an operator,
the walk through the graph, and whole networks' gradients against Network.backprop."""

import math
import random

import pytest

from gradients import assert_close, derivative, flat_gradient
from purenn.activations import LeakyReLU, ReLU, Sigmoid, Tanh, sigmoid
from purenn.autograd import Value
from purenn.costs import CrossEntropyCost, LogLikelihoodCost, QuadraticCost
from purenn.network import Network
from purenn.vector import one_hot

POINTS = [-2.5, -0.7, -0.1, 0.3, 1.0, 3.2]  # none at 0, where ReLU has its kink


def gradient_of(rule, *xs):
    """(value, [∂rule/∂x for each x]) from Value.backward(), at the plain numbers xs."""
    inputs = [Value(x) for x in xs]
    out = rule(*inputs)
    out.backward()
    return out.data, [v.grad for v in inputs]


UNARY = {  # name: (the rule on a Value, the same function on a float: an independent reference)
    "exp": (Value.exp, math.exp),
    "sigmoid": (Value.sigmoid, lambda x: 1.0 / (1.0 + math.exp(-x))),
    "relu": (Value.relu, lambda x: max(0.0, x)),
    "tanh": (Value.tanh, math.tanh),
    "neg": (lambda v: -v, lambda x: -x),
    "square": (lambda v: v ** 2, lambda x: x * x),
    "cube": (lambda v: v ** 3, lambda x: x * x * x),
}
POSITIVE_ONLY = {  # rules defined for x > 0 only
    "log": (Value.log, math.log),
    "reciprocal": (lambda v: v ** -1, lambda x: 1.0 / x),
    "square root": (lambda v: v ** 0.5, math.sqrt),
    "power 1.5": (lambda v: v ** 1.5, lambda x: x * math.sqrt(x)),
}
BINARY = {
    "+": (lambda a, b: a + b, lambda a, b: a + b),
    "-": (lambda a, b: a - b, lambda a, b: a - b),
    "*": (lambda a, b: a * b, lambda a, b: a * b),
    "/": (lambda a, b: a / b, lambda a, b: a / b),
}


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("x", POINTS)
def test_unary_rule_against_central_difference(name, x):
    rule, reference = UNARY[name]
    value, (grad,) = gradient_of(rule, x)
    assert value == pytest.approx(reference(x), rel=1e-15)
    assert_close(derivative(reference, x), grad, f"{name}'({x})", rel=1e-7, abs_=1e-10)


@pytest.mark.parametrize("name", POSITIVE_ONLY)
@pytest.mark.parametrize("x", [0.05, 0.3, 1.0, 2.7, 40.0])
def test_positive_only_rule_against_central_difference(name, x):
    rule, reference = POSITIVE_ONLY[name]
    value, (grad,) = gradient_of(rule, x)
    assert value == pytest.approx(reference(x), rel=1e-15)
    assert_close(derivative(reference, x, h=1e-7 * max(1.0, x)), grad, f"{name}'({x})",
                 rel=1e-6, abs_=1e-10)


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("a, b", [(1.5, -0.4), (-2.0, 3.0), (0.25, 0.75), (-7.0, -0.5)])
def test_binary_rule_against_central_differences(name, a, b):
    rule, reference = BINARY[name]
    value, (grad_a, grad_b) = gradient_of(rule, a, b)
    assert value == reference(a, b)
    assert_close(derivative(lambda t: reference(t, b), a), grad_a, f"∂({name})/∂a", rel=1e-7)
    assert_close(derivative(lambda t: reference(a, t), b), grad_b, f"∂({name})/∂b", rel=1e-7)


def test_rules_by_hand():
    # d(a·b)/da = b, d(a/b)/db = -a/b², d(e^a)/da = e^a, d(ln a)/da = 1/a, σ'(0) = 1/4, tanh'(0) = 1
    assert gradient_of(lambda a, b: a * b, 3.0, -2.0)[1] == [-2.0, 3.0]
    assert gradient_of(lambda a, b: a / b, 3.0, 2.0)[1] == [0.5, -0.75]
    assert gradient_of(Value.exp, 0.0) == (1.0, [1.0])
    assert gradient_of(Value.log, 4.0)[1] == [0.25]
    assert gradient_of(Value.sigmoid, 0.0) == (0.5, [0.25])
    assert gradient_of(Value.tanh, 0.0) == (0.0, [1.0])
    assert gradient_of(lambda a: a ** 3, 2.0) == (8.0, [12.0])
    assert gradient_of(Value.relu, -1.0) == (0.0, [0.0])
    assert gradient_of(Value.relu, 0.0) == (0.0, [0.0])  # the kink: ReLU.prime's 0
    assert gradient_of(Value.relu, 2.0) == (2.0, [1.0])


@pytest.mark.parametrize("rule, value, grad", [
    (lambda a: a + 2, 5.0, 1.0), (lambda a: 2 + a, 5.0, 1.0),
    (lambda a: a - 2, 1.0, 1.0), (lambda a: 2 - a, -1.0, -1.0),
    (lambda a: a * 2, 6.0, 2.0), (lambda a: 2 * a, 6.0, 2.0),
    (lambda a: a / 2, 1.5, 0.5), (lambda a: 6 / a, 2.0, -6 / 9),
    (lambda a: -a, -3.0, -1.0), (lambda a: 1 - a.sigmoid(), 1 - sigmoid(3.0), -sigmoid(3.0) * sigmoid(-3.0)),
    (lambda a: sum([a, a, a]), 9.0, 3.0),  # sum() starts from the plain number 0
])
def test_plain_numbers_on_either_side(rule, value, grad):
    a = Value(3.0)
    out = rule(a)
    out.backward()
    assert isinstance(out, Value)
    assert out.data == pytest.approx(value, rel=1e-15)
    assert a.grad == pytest.approx(grad, rel=1e-15)


def test_power_only_by_a_plain_number():
    with pytest.raises(TypeError, match="plain number"):
        Value(2.0) ** Value(3.0)


@pytest.mark.parametrize("x", [0.0, 2.5, -3.0])
def test_power_zero_is_one_with_slope_zero(x):
    assert gradient_of(lambda a: a ** 0, x) == (1.0, [0.0])


@pytest.mark.parametrize("x", [0.0, 2.5, -3.0])
def test_power_one_is_the_identity(x):
    assert gradient_of(lambda a: a ** 1, x) == (x, [1.0])


@pytest.mark.parametrize("n, value, slope", [(2, 9.0, -6.0), (3, -27.0, 27.0), (-1, -1 / 3, -1 / 9),
                                             (-2, 1 / 9, 2 / 27), (2.0, 9.0, -6.0)])
def test_whole_powers_of_a_negative_number(n, value, slope):
    """(-3)^n and its slope n (-3)^(n-1), worked by hand."""
    v, (g,) = gradient_of(lambda a: a ** n, -3.0)
    assert v == pytest.approx(value, rel=1e-15) and g == pytest.approx(slope, rel=1e-15)


@pytest.mark.parametrize("n, slope", [(2, 0.0), (3, 0.0), (1.5, 0.0)])
def test_powers_at_zero_with_a_finite_slope(n, slope):
    assert gradient_of(lambda a: a ** n, 0.0) == (0.0, [slope])


@pytest.mark.parametrize("n", [-1, -2, 0.5])
def test_powers_at_zero_without_a_finite_slope_say_so(n):
    with pytest.raises(ValueError, match="no finite slope at 0"):
        Value(0.0) ** n


def test_a_recursive_walk_would_fail_on_a_long_sum_and_the_stack_does_not():
    """The reason topological_order uses a stack (its docstring): a 2,000-term sum."""
    import sys
    total = Value(0.0)
    for k in range(2000):
        total = total + Value(float(k))

    def walk(v, seen):
        if v not in seen:
            seen.add(v)
            for u in v.inputs:
                walk(u, seen)

    if sys.getrecursionlimit() < 2100:
        with pytest.raises(RecursionError):
            walk(total, set())
    total.backward()
    assert total.data == 1999 * 2000 / 2 and len(total.topological_order()) == 1 + 2000 + 2000  # the start, the terms, the sums


def test_fractional_power_of_a_negative_number_says_so():
    with pytest.raises(ValueError, match="not a real number"):
        Value(-4.0) ** 0.5
    assert (Value(-2.0) ** 3).data == -8.0  # a whole power is fine


def test_log_of_zero_says_so():
    with pytest.raises(ValueError, match="positive"):
        Value(0.0).log()


def test_a_value_used_twice_adds_both_paths():
    a = Value(3.0)
    square = a * a  # two arrows from a: ∂(a·a)/∂a = a + a
    square.backward()
    assert a.grad == 6.0
    b = Value(-1.5)
    c = a * b + a.exp() * b  # ∂c/∂a = b + e^a b, ∂c/∂b = a + e^a
    c.backward()
    assert a.grad == pytest.approx(-1.5 - 1.5 * math.exp(3.0), rel=1e-15)
    assert b.grad == pytest.approx(3.0 + math.exp(3.0), rel=1e-15)


def test_backward_twice_gives_the_same_grads():
    a, b = Value(0.5), Value(2.0)
    c = (a * b).tanh() + a / b
    c.backward()
    first = (a.grad, b.grad, c.grad)
    c.backward()
    assert (a.grad, b.grad, c.grad) == first


def test_topological_order_lists_each_value_once_after_its_inputs():
    x = [Value(float(k)) for k in range(5)]
    out = (x[0] * x[1] + x[1] * x[2]).sigmoid() * x[3] + x[1]
    order = out.topological_order()
    assert order[-1] is out
    assert len(order) == len({id(v) for v in order}) == 4 + 6  # x[0..3] and 6 results; not x[4]
    position = {id(v): n for n, v in enumerate(order)}
    assert all(position[id(u)] < position[id(v)] for v in order for u in v.inputs)


def test_a_graph_deeper_than_the_recursion_limit():
    xs = [Value(k / 10000) for k in range(10000)]
    total = sum(x * x for x in xs)  # a chain of 10,000 additions
    total.backward()
    assert len(total.topological_order()) == 1 + 3 * 10000  # the 0 sum() starts from, x, x·x, +
    assert all(x.grad == 2 * x.data for x in xs)


def test_repr_shows_value_and_gradient():
    a = Value(2.0)
    b = a * 3
    assert repr(b) == "Value(6.0, grad=0.0)"
    b.backward()
    assert repr(a) == "Value(2.0, grad=3.0)"
    assert b.op == "*" and b.inputs[0] is a and b.local_grads == (3.0, 2.0)


# Whole networks: a cost built from Values, one per number, against Network.backprop.

HIDDEN = {  # each hidden activation purenn has, written with Value's rules
    Sigmoid: Value.sigmoid,
    Tanh: Value.tanh,
    ReLU: Value.relu,
    LeakyReLU: lambda z: z.relu() - LeakyReLU.slope * (-z).relu(),  # z if z > 0 else 0.01 z
}


def softmax(zs):
    """e^(z_j - m) / Σ_k e^(z_k - m), m = max z: the largest z (a plain number) changes nothing."""
    top = max(z.data for z in zs)
    exps = [(z - top).exp() for z in zs]
    total = sum(exps)
    return [e / total for e in exps]


COST_OF = {  # (the output activation, C(a, y)) for each cost, written with Values
    QuadraticCost: (lambda zs: [z.sigmoid() for z in zs],
                    lambda a, y: 0.5 * sum((a_j - y_j) ** 2 for a_j, y_j in zip(a, y))),
    CrossEntropyCost: (lambda zs: [z.sigmoid() for z in zs],
                       lambda a, y: -sum(y_j * a_j.log() + (1 - y_j) * (1 - a_j).log()
                                         for a_j, y_j in zip(a, y))),
    LogLikelihoodCost: (softmax, lambda a, y: -sum(a_j.log() for a_j, y_j in zip(a, y) if y_j)),
}


def value_cost(net, cost, hidden, x, label):
    """(C as a Value, the weights' Values, the biases' Values) for one sample, one Value per number."""
    weights = [[[Value(w_jk) for w_jk in row] for row in w.rows] for w in net.weights]
    biases = [[Value(b_j) for b_j in b] for b in net.biases]
    output, cost_fn = COST_OF[cost]
    a = [Value(x_k) for x_k in x]
    for l, (w, b) in enumerate(zip(weights, biases), 1):
        zs = [sum((w_jk * a_k for w_jk, a_k in zip(row, a)), b_j) for row, b_j in zip(w, b)]
        a = output(zs) if l == len(weights) else [HIDDEN[hidden](z) for z in zs]
    return cost_fn(a, one_hot(label, net.sizes[-1])), weights, biases


@pytest.mark.parametrize("sizes", [[3, 4, 2], [4, 3, 3, 2]])
@pytest.mark.parametrize("cost", list(COST_OF), ids=lambda c: c.name)
@pytest.mark.parametrize("hidden", list(HIDDEN), ids=lambda h: h.name)
def test_network_gradient_equals_backprop(sizes, cost, hidden):
    rng = random.Random(sum(sizes) * 7 + len(cost.name))
    for seed in range(3):
        net = Network(sizes, cost=cost, hidden_activation=hidden, seed=seed)
        x = [rng.uniform(-1.0, 1.0) for _ in range(sizes[0])]
        label = rng.randrange(sizes[-1])
        c, weights, biases = value_cost(net, cost, hidden, x, label)
        c.backward()
        assert c.data == pytest.approx(cost.fn(net.feedforward(x), one_hot(label, sizes[-1])),
                                       rel=1e-13)
        autograd = ([v.grad for w in weights for row in w for v in row]
                    + [v.grad for b in biases for v in b])  # the order of flat_gradient
        backprop = flat_gradient(*net.backprop(x, label))
        assert len(autograd) == len(backprop) == sum(len(p) for p in net.parameters())
        # relative to the largest slope: a slope that is a sum of nearly cancelling terms
        # cannot be relatively exact in floating point, whichever way it is computed
        largest = max(abs(g) for g in backprop)
        assert largest > 1e-6
        for g_auto, g_back in zip(autograd, backprop):
            assert abs(g_auto - g_back) <= 1e-12 * largest, (g_auto, g_back)
