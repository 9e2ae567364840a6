"""optimizers.py: two hand-worked steps each, an index-loop reference, state and weight decay."""

import json
import math
import random

import pytest

from purenn.matrix import Matrix
from purenn.network import Network
from purenn.optimizers import OPTIMIZERS, SGD, AdaGrad, Adam, Momentum, Nesterov, RMSProp
from reference import ReferenceNetwork


# --- Two steps on the smallest network, worked by hand -------------------------------
#
# One input, one sigmoid output neuron, cross-entropy cost, w = b = 0, and one
# sample x = 2 with target y = 1.  The cost's output error is δ = a - y, so
#     ∂C/∂w = δ x = 2δ   and   ∂C/∂b = δ.
# Step 1: z = 0, a = σ(0) = 0.5, δ = -0.5:  g_w = -1,  g_b = -0.5.
# Step 2 starts wherever step 1 went, so its gradient shows whether the state
# carried over.

def two_steps(optimizer, eta):
    """(w, b) after the first and after the second step on the one-neuron network."""
    net = Network([1, 1], seed=0, optimizer=optimizer)
    net.weights, net.biases = [Matrix([[0.0]])], [[0.0]]
    after = []
    for _ in range(2):
        net.update_mini_batch([([2.0], [1.0])], eta)
        after.append((net.weights[0].rows[0][0], net.biases[0][0]))
    return after


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def gradients_at(w, b):
    """(g_w, g_b) for the sample x = 2, y = 1, at weight w and bias b."""
    delta = sigmoid(2.0 * w + b) - 1.0
    return 2.0 * delta, delta


def test_sgd_two_steps():
    (w1, b1), (w2, b2) = two_steps(SGD(), eta=1.0)
    assert (w1, b1) == (1.0, 0.5)  # w = 0 - 1·(-1), b = 0 - 1·(-0.5)
    # Step 2: z = 2·1 + 0.5 = 2.5, δ = σ(2.5) - 1 = -0.0758581800
    assert w2 == pytest.approx(1.0 + 2 * 0.0758581800212, rel=1e-12)
    assert b2 == pytest.approx(0.5 + 0.0758581800212, rel=1e-12)


def test_momentum_two_steps():
    (w1, b1), (w2, b2) = two_steps(Momentum(momentum=0.5), eta=1.0)
    assert (w1, b1) == (1.0, 0.5)  # v = -η g = (1, 0.5): the first step is plain SGD's
    # Step 2 from the same point as SGD's: g = (-0.1517163600, -0.0758581800),
    # v = 0.5 v - g = (0.5 + 0.1517163600, 0.25 + 0.0758581800), w ← w + v.
    g_w, g_b = gradients_at(1.0, 0.5)
    assert w2 == pytest.approx(1.0 + 0.5 * 1.0 - g_w, rel=1e-12)
    assert b2 == pytest.approx(0.5 + 0.5 * 0.5 - g_b, rel=1e-12)
    assert (w2, b2) == pytest.approx((1.6517163600, 0.8258581800), abs=1e-10)


def test_nesterov_two_steps():
    (w1, b1), (w2, b2) = two_steps(Nesterov(momentum=0.5), eta=1.0)
    # v = (1, 0.5); w ← w + μ v - η g = 0 + 0.5 + 1 = 1.5; b ← 0 + 0.25 + 0.5 = 0.75
    assert (w1, b1) == (1.5, 0.75)
    # Step 2 at z = 2·1.5 + 0.75 = 3.75: δ = σ(3.75) - 1 = -0.0229773699
    g_w, g_b = gradients_at(1.5, 0.75)
    v_w, v_b = 0.5 * 1.0 - g_w, 0.5 * 0.5 - g_b
    assert w2 == pytest.approx(1.5 + 0.5 * v_w - g_w, rel=1e-12)
    assert b2 == pytest.approx(0.75 + 0.5 * v_b - g_b, rel=1e-12)
    assert (w2, b2) == pytest.approx((1.8189321097, 0.9094660549), abs=1e-10)


def test_adagrad_two_steps():
    eps = 1e-8
    (w1, b1), (w2, b2) = two_steps(AdaGrad(epsilon=eps), eta=0.1)
    # h = g² = (1, 0.25); w ← 0 - 0.1·(-1)/(1 + ε), b ← 0 - 0.1·(-0.5)/(0.5 + ε): both about 0.1
    assert w1 == pytest.approx(0.1 / (1 + eps), rel=1e-14)
    assert b1 == pytest.approx(0.05 / (0.5 + eps), rel=1e-14)
    g_w, g_b = gradients_at(w1, b1)  # z ≈ 0.3: g ≈ (-0.8511, -0.4256)
    assert w2 == pytest.approx(w1 - 0.1 * g_w / (math.sqrt(1 + g_w ** 2) + eps), rel=1e-12)
    assert b2 == pytest.approx(b1 - 0.1 * g_b / (math.sqrt(0.25 + g_b ** 2) + eps), rel=1e-12)
    assert (w2, b2) == pytest.approx((0.1648141199, 0.1648141184), abs=1e-10)


def test_rmsprop_two_steps():
    eps = 1e-8
    (w1, b1), (w2, b2) = two_steps(RMSProp(rho=0.5, epsilon=eps), eta=0.1)
    # h = 0.5 g² = (0.5, 0.125): w ← 0.1·1/√0.5, b ← 0.1·0.5/√0.125, both 0.1·√2
    assert w1 == pytest.approx(0.1 / (math.sqrt(0.5) + eps), rel=1e-14)
    assert b1 == pytest.approx(0.05 / (math.sqrt(0.125) + eps), rel=1e-14)
    g_w, g_b = gradients_at(w1, b1)
    h_w, h_b = 0.5 * 0.5 + 0.5 * g_w ** 2, 0.5 * 0.125 + 0.5 * g_b ** 2
    assert w2 == pytest.approx(w1 - 0.1 * g_w / (math.sqrt(h_w) + eps), rel=1e-12)
    assert b2 == pytest.approx(b1 - 0.1 * g_b / (math.sqrt(h_b) + eps), rel=1e-12)
    assert (w2, b2) == pytest.approx((0.2468557397, 0.2468557363), abs=1e-10)


def test_adam_two_steps():
    eps = 1e-8
    (w1, b1), (w2, b2) = two_steps(Adam(beta1=0.5, beta2=0.75, epsilon=eps), eta=0.1)
    # t = 1: m = 0.5 g, v = 0.25 g²; m̂ = m/0.5 = g, v̂ = v/0.25 = g²:
    # each parameter moves by η g/(|g| + ε), about 0.1 uphill of its gradient.
    assert w1 == pytest.approx(0.1 * 1.0 / (1.0 + eps), rel=1e-12)
    assert b1 == pytest.approx(0.1 * 0.5 / (0.5 + eps), rel=1e-12)
    g_w, g_b = gradients_at(w1, b1)
    for p1, p2, g1, g2 in ((w1, w2, -1.0, g_w), (b1, b2, -0.5, g_b)):
        m = 0.5 * (0.5 * g1) + 0.5 * g2  # t = 2: m̂ = m/(1 - 0.5²), v̂ = v/(1 - 0.75²)
        v = 0.75 * (0.25 * g1 ** 2) + 0.25 * g2 ** 2
        m_hat, v_hat = m / 0.75, v / (1 - 0.5625)
        assert p2 == pytest.approx(p1 - 0.1 * m_hat / (math.sqrt(v_hat) + eps), rel=1e-12)
    assert (w2, b2) == pytest.approx((0.1981325056, 0.1981325036), abs=1e-10)


# --- An independent implementation: index loops over plain lists --------------------

def reference_step(name, settings, state, params, grads, eta):
    """One optimizer step written from the textbook formulas, one number at a time.

    params and grads are lists of lists of floats; params is changed in place.
    state is a dict this function fills in as it goes.
    """
    if not state:
        state["t"] = 0
        state["a"] = [[0.0] * len(g) for g in grads]  # v, h or Adam's m
        state["b"] = [[0.0] * len(g) for g in grads]  # Adam's v
    state["t"] += 1
    t = state["t"]
    for k in range(len(params)):
        for i in range(len(params[k])):
            g = grads[k][i]
            if name == "sgd":
                params[k][i] -= eta * g
            elif name in ("momentum", "nesterov"):
                mu = settings["momentum"]
                state["a"][k][i] = mu * state["a"][k][i] - eta * g
                if name == "momentum":
                    params[k][i] += state["a"][k][i]
                else:
                    params[k][i] += mu * state["a"][k][i] - eta * g
            elif name == "adagrad":
                state["a"][k][i] += g * g
                params[k][i] -= eta * g / (math.sqrt(state["a"][k][i]) + settings["epsilon"])
            elif name == "rmsprop":
                rho = settings["rho"]
                state["a"][k][i] = rho * state["a"][k][i] + (1 - rho) * g * g
                params[k][i] -= eta * g / (math.sqrt(state["a"][k][i]) + settings["epsilon"])
            elif name == "adam":
                b1, b2 = settings["beta1"], settings["beta2"]
                state["a"][k][i] = b1 * state["a"][k][i] + (1 - b1) * g
                state["b"][k][i] = b2 * state["b"][k][i] + (1 - b2) * g * g
                m_hat = state["a"][k][i] / (1 - b1 ** t)
                v_hat = state["b"][k][i] / (1 - b2 ** t)
                params[k][i] -= eta * m_hat / (math.sqrt(v_hat) + settings["epsilon"])


SETTINGS = {"sgd": {}, "momentum": {"momentum": 0.8}, "nesterov": {"momentum": 0.7},
            "adagrad": {"epsilon": 1e-6}, "rmsprop": {"rho": 0.8, "epsilon": 1e-6},
            "adam": {"beta1": 0.8, "beta2": 0.9, "epsilon": 1e-6}}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_five_steps_agree_with_the_index_loop_reference(name):
    rng = random.Random(name)
    shapes = [3, 5, 1]
    params = [[rng.uniform(-1, 1) for _ in range(n)] for n in shapes]
    expected = [list(p) for p in params]
    optimizer, state = OPTIMIZERS[name](**SETTINGS[name]), {}
    for _ in range(5):
        grads = [[rng.uniform(-2, 2) for _ in range(n)] for n in shapes]
        optimizer.step(params, grads, 0.05)
        reference_step(name, SETTINGS[name], state, expected, grads, 0.05)
    for p, q in zip(params, expected):
        assert p == pytest.approx(q, rel=1e-12, abs=1e-15)


def reference_gradient(reference, batch):
    """The average gradient of a batch, from the index-loop network: [biases..., weight rows...]."""
    total = None
    for x, y in batch:
        nabla_b, nabla_w = reference.backprop(x, y)
        vectors = nabla_b + [row for w in nabla_w for row in w]
        total = vectors if total is None else [[a + b for a, b in zip(u, v)] for u, v in zip(total, vectors)]
    return [[a / len(batch) for a in v] for v in total]


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_training_agrees_with_the_reference_network_and_optimizer(name, mnist_small):
    """Three mini-batches of MNIST digits through purenn and through index loops alone."""
    net = Network([784, 16, 10], seed=3, optimizer=OPTIMIZERS[name](**SETTINGS[name]))
    reference = ReferenceNetwork([w.rows for w in net.weights], net.biases)
    state = {}
    for k in range(3):
        batch = mnist_small[5 * k:5 * k + 5]
        net.update_mini_batch(batch, 0.1)
        params = reference.biases + [row for w in reference.weights for row in w]
        reference_step(name, SETTINGS[name], state, params, reference_gradient(reference, batch), 0.1)
    for p, q in zip(net.parameters(), reference.biases + [row for w in reference.weights for row in w]):
        assert max(abs(a - b) for a, b in zip(p, q)) <= 1e-9


def test_momentum_zero_is_plain_sgd(mnist_small):
    """The optimizer path (dense batch gradient) and SGD's rank-1 path give the same numbers."""
    plain = Network([784, 16, 10], seed=4)
    dense = Network([784, 16, 10], seed=4, optimizer=Momentum(momentum=0.0))
    for k in range(0, 20, 5):
        plain.update_mini_batch(mnist_small[k:k + 5], 0.5, lmbda=5.0, n=20)
        dense.update_mini_batch(mnist_small[k:k + 5], 0.5, lmbda=5.0, n=20)
    for p, q in zip(plain.parameters(), dense.parameters()):
        assert max(abs(a - b) for a, b in zip(p, q)) <= 1e-12


# --- State: remembered, saved, restored ------------------------------------------------

@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_a_restored_state_continues_exactly(name):
    rng = random.Random(7)
    grads = [[[rng.uniform(-1, 1) for _ in range(4)]] for _ in range(4)]
    settings = SETTINGS[name]
    straight, params = OPTIMIZERS[name](**settings), [[0.5, -0.5, 0.25, 0.0]]
    for g in grads:
        straight.step(params, g, 0.1)
    first, resumed = OPTIMIZERS[name](**settings), [[0.5, -0.5, 0.25, 0.0]]
    for g in grads[:2]:
        first.step(resumed, g, 0.1)
    second = OPTIMIZERS[name](**first.hyperparameters())
    second.load_state(json.loads(json.dumps(first.state())))  # as a model file keeps it
    for g in grads[2:]:
        second.step(resumed, g, 0.1)
    assert resumed == params  # exactly: the same operations on the same numbers


def test_state_is_made_at_the_first_step_and_shaped_like_the_gradients():
    adam = Adam()
    assert adam.state() == {"t": 0, "m": None, "v": None}
    adam.step([[1.0, 2.0], [3.0]], [[0.5, -0.5], [1.0]], 0.1)
    state = adam.state()
    assert state["t"] == 1 and [len(v) for v in state["m"]] == [2, 1]
    assert state["m"][0] == pytest.approx([0.05, -0.05]) and state["m"][1] == pytest.approx([0.1])  # (1 - β₁) g
    assert state["v"][0] == pytest.approx([0.00025, 0.00025])  # (1 - β₂) g²
    assert state["v"][1] == pytest.approx([0.001])


def test_repr_names_the_settings():
    assert repr(Momentum(0.9)) == "Momentum(momentum=0.9)"
    assert repr(Adam()) == "Adam(beta1=0.9, beta2=0.999, epsilon=1e-08)"
    assert repr(SGD()) == "SGD()"


@pytest.mark.parametrize("make, message", [
    (lambda: Momentum(momentum=-0.1), "momentum must be at least 0 and less than 1"),
    (lambda: Nesterov(momentum=1.0), "momentum must be at least 0 and less than 1"),
    (lambda: Adam(beta1=1.0), "beta1 must be at least 0 and less than 1"),
    (lambda: Adam(beta2=-0.5), "beta2 must be at least 0 and less than 1"),
    (lambda: Adam(epsilon=0.0), "epsilon must be a finite number greater than 0"),
    (lambda: AdaGrad(epsilon=float("inf")), "epsilon must be a finite number greater than 0"),
    (lambda: RMSProp(rho=float("nan")), "rho must be at least 0 and less than 1"),
    (lambda: Momentum(momentum="0.9"), "momentum must be"),
])
def test_bad_settings_are_rejected(make, message):
    with pytest.raises(ValueError, match=message):
        make()
