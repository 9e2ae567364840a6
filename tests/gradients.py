"""Numerical gradients: the yardstick every gradient test holds backprop and the derivatives to.

A central difference (f(x + h) - f(x - h)) / 2h differs from f'(x) by about
h² f'''(x) / 6: with h = 1e-5 it matches an exact derivative to about 1e-10,
far closer than any mistake in the maths would.  The forward pass here is plain
loops, shared by nothing in purenn, so that a test compares two independent
computations.
"""

from purenn.network import Network
from purenn.vector import one_hot

H = 1e-5


def derivative(f, x, h=H):
    """The central difference (f(x + h) - f(x - h)) / 2h ≈ f'(x)."""
    return (f(x + h) - f(x - h)) / (2 * h)


def partial_derivative(f, values, i, h=H):
    """∂f/∂values[i]: f() evaluated with values[i] moved by ±h in place, then put back."""
    original = values[i]

    def f_at(v):
        values[i] = v
        return f()
    try:
        return derivative(f_at, original, h)
    finally:
        values[i] = original


def places(net):
    """(name, list, index) for every weight, then every bias, of net: where each one lives."""
    for l, w in enumerate(net.weights):
        for j, row in enumerate(w.rows):
            for k in range(len(row)):
                yield f"w[{l}][{j}][{k}]", row, k
    for l, b in enumerate(net.biases):
        for j in range(len(b)):
            yield f"b[{l}][{j}]", b, j


def parameter_values(net):
    """Every weight, then every bias, of net as one list (the order of `places`)."""
    return [vector[i] for _, vector, i in places(net)]


def flat_gradient(nabla_b, nabla_w):
    """backprop's (nabla_b, nabla_w) as one list, in the order of `places`."""
    return ([v for nw in nabla_w for row in nw.rows for v in row]
            + [v for nb in nabla_b for v in nb])


def numerical_gradient(f, net):
    """[(name, ∂f/∂p)] for every parameter p of net, in the order of `places`; f takes no
    arguments and reads the parameters where they live."""
    return [(name, partial_derivative(f, vector, i)) for name, vector, i in places(net)]


def assert_close(numeric, analytic, what="", rel=1e-6, abs_=1e-9):
    assert abs(numeric - analytic) <= rel * max(abs(numeric), abs(analytic)) + abs_, \
        f"{what}: numerical {numeric!r}, analytic {analytic!r}"


def assert_gradient(f, net, gradient, rel=1e-6, abs_=1e-9):
    """Assert that `gradient` (a flat list, the order of `places`) is the numerical gradient
    of f() with respect to every weight and bias of net."""
    numeric = numerical_gradient(f, net)
    assert len(numeric) == len(gradient)
    for (what, value), exact in zip(numeric, gradient):
        assert_close(value, exact, what, rel, abs_)


def masked_forward(net, x, masks=None):
    """(every hidden z, the output a) by plain loops, with layer l's activations a^l multiplied
    by masks[l] where given (l = 0 the input, 1 ... L-1 the hidden layers; no dropout drawn)."""
    masks = masks or {}
    a = list(x) if 0 not in masks else [x_k * m_k for x_k, m_k in zip(x, masks[0])]
    zs, last = [], len(net.weights)
    for l, (w, b) in enumerate(zip(net.weights, net.biases), 1):
        z = [sum(w_jk * a_k for w_jk, a_k in zip(row, a)) + b_j for row, b_j in zip(w.rows, b)]
        if l < last:
            zs.extend(z)
        a = (net.hidden_activation if l < last else net.output_activation).fn(z)
        if l in masks:
            a = [a_j * m_j for a_j, m_j in zip(a, masks[l])]
    return zs, a


def sample_cost(net, x, label, masks=None):
    """One sample's cost C, computed by `masked_forward`."""
    return net.cost.fn(masked_forward(net, x, masks)[1], one_hot(label, net.sizes[-1]))


def random_batch(rng, n_in, n_out, m):
    """m samples (x, label), x uniform in [-1, 1]^n_in."""
    return [([rng.uniform(-1.0, 1.0) for _ in range(n_in)], rng.randrange(n_out)) for _ in range(m)]


def network_away_from_kinks(sizes, cost, activation, batch, **options):
    """A seeded network none of whose hidden z lies within 1e-3 of 0 on the batch.

    ReLU and leaky ReLU have a kink at 0 where a central difference is meaningless;
    a step of H moves any z by far less than 1e-3 here (inputs are in [-1, 1]).
    """
    for seed in range(100):
        net = Network(sizes, cost=cost, hidden_activation=activation, seed=seed, **options)
        if min(abs(z) for x, _ in batch for z in masked_forward(net, x)[0]) > 1e-3:
            return net
    raise AssertionError("no seed in 0..99 keeps every hidden z away from 0")
