"""The layers of a convolutional network: hand-worked forward passes, numerical gradients of each
layer and of whole networks, plain and fast loops agreeing, and the same seed giving the same numbers."""

import random

import pytest

from gradients import assert_close, partial_derivative
from purenn.activations import ReLU, Sigmoid, Softmax, Tanh
from purenn.conv import ConvLayer
from purenn.convnet import ConvNetwork, LayerSpecError, conv_layers
from purenn.costs import CrossEntropyCost, LogLikelihoodCost
from purenn.dense import FullyConnectedLayer, SoftmaxLayer
from purenn.optimizers import Momentum
from purenn.pool import MaxPoolLayer
from purenn.vector import SparseVector, one_hot

IMAGE = [1.0, 2.0, 0.0, 1.0,
         0.0, 1.0, 3.0, 1.0,
         2.0, 0.0, 1.0, 0.0,
         1.0, 1.0, 0.0, 2.0]
FILTER = [1.0, 0.0,
          -1.0, 2.0]


def hand_conv_layer(fast):
    layer = ConvLayer(1, 2, (1, 4, 4), fast=fast)
    layer.weights = [list(FILTER)]
    layer.biases = [0.5]
    return layer


@pytest.mark.parametrize("fast", [False, True])
def test_conv_forward_by_hand(fast):
    # z_ij = 0.5 + 1·x[i][j] + 0·x[i][j+1] - 1·x[i+1][j] + 2·x[i+1][j+1]; e.g. z_00 = 0.5 + 1 - 0 + 2.
    z = hand_conv_layer(fast).feedforward(IMAGE)
    assert z == [3.5, 7.5, -0.5,
                 -1.5, 3.5, 2.5,
                 3.5, -0.5, 5.5]


def test_conv_is_cross_correlation_not_flipped():
    # A filter with one 1 in its top-left corner copies the image's top-left (h-k+1) x (w-k+1) part.
    layer = ConvLayer(1, 2, (1, 4, 4))
    layer.weights, layer.biases = [[1.0, 0.0, 0.0, 0.0]], [0.0]
    assert layer.feedforward(IMAGE) == [1.0, 2.0, 0.0, 0.0, 1.0, 3.0, 2.0, 0.0, 1.0]


def test_conv_over_two_channels_sums_them():
    layer = ConvLayer(2, 1, (2, 1, 2))
    layer.weights, layer.biases = [[1.0, 10.0], [2.0, 0.0]], [0.0, 1.0]
    # filter 0: x_0 + 10 x_1 at each of the 2 positions; filter 1: 2 x_0 + 1.
    assert layer.feedforward([1.0, 2.0, 3.0, 4.0]) == [31.0, 42.0, 3.0, 5.0]


@pytest.mark.parametrize("fast", [False, True])
def test_conv_forward_with_padding_and_stride_by_hand(fast):
    # P = 1, S = 2: (4 + 2 - 2)/2 + 1 = 3 positions a side; z_ij = 0.5 + x[2i-1][2j-1] - x[2i][2j-1]
    # + 2 x[2i][2j], a 0 where an index falls outside the image: z_00 = 0.5 + 0 - 0 + 2·1,
    # z_01 = 0.5 - x[0][1] + 2 x[0][2] = 0.5 - 2 + 0, z_11 = 0.5 + x[1][1] - x[2][1] + 2 x[2][2] = 3.5.
    layer = ConvLayer(1, 2, (1, 4, 4), fast=fast, padding=1, stride=2)
    layer.weights, layer.biases = [list(FILTER)], [0.5]
    assert layer.out_shape == (1, 3, 3)
    assert layer.feedforward(IMAGE) == [2.5, -1.5, -0.5,
                                        4.5, 3.5, 1.5,
                                        0.5, 1.5, 2.5]


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize("padding, corner, edge, centre", [(0, 1.0, 3.0, 9.0), (1, 4.0, 6.0, 9.0),
                                                           (2, 9.0, 9.0, 9.0)])
def test_padding_gives_the_edge_pixels_their_share_of_the_gradient(fast, padding, corner, edge, centre):
    # A 3 x 3 filter of ones on a 5 x 5 input, every δ = 1: ∂C/∂x_rs counts the filter positions
    # that cover pixel (r, s).  Without padding a corner is covered once, the centre 9 times;
    # P = 1 lets the filter hang over the edge (corner 2 x 2 = 4 positions); P = 2 = k - 1: all 9.
    layer = ConvLayer(1, 3, (1, 5, 5), fast=fast, padding=padding)
    layer.weights, layer.biases = [[1.0] * 9], [0.0]
    layer.forward([1.0] * 25)
    dx = layer.backward([1.0] * len(layer.feedforward([1.0] * 25)))
    assert (dx[0], dx[2], dx[12]) == (corner, edge, centre)  # (0, 0), (0, 2), (2, 2)
    assert layer.nabla_b == [float((3 + 2 * padding) ** 2)]
    # ∂C/∂w_pq = Σ_ij x under tap (p, q): the number of positions whose tap (p, q) is on the image.
    assert layer.nabla_w[0][4] == (25.0 if padding else 9.0)  # the centre tap


@pytest.mark.parametrize("spec, out", [((5, 0, 1), 24), ((5, 2, 1), 28), ((4, 0, 2), 13), ((5, 2, 3), 10),
                                       ((3, 1, 1), 28), ((28, 0, 1), 1)])
def test_output_side_is_h_plus_2p_minus_k_over_s_plus_1(spec, out):
    k, padding, stride = spec
    assert ConvLayer(1, k, (1, 28, 28), padding=padding, stride=stride).out_shape == (1, out, out)


@pytest.mark.parametrize("spec, message", [
    ((5, 5, 1), "padding must be from 0 to 4, got 5"),
    ((5, 0, 2), "28 \\+ 2·0 - 5 = 23 is not a multiple of the stride 2"),
    ((5, 0, 0), "stride must be at least 1"),
    ((29, 0, 1), "does not fit"),
])
def test_padding_and_stride_that_do_not_fit_are_refused(spec, message):
    k, padding, stride = spec
    with pytest.raises(ValueError, match=message):
        ConvLayer(1, k, (1, 28, 28), padding=padding, stride=stride)


def test_sparse_image_gives_the_same_as_dense():
    layer = hand_conv_layer(True)
    assert layer.feedforward(SparseVector.from_list(IMAGE)) == layer.feedforward(IMAGE)


MAP = [1.0, 5.0, 2.0, 0.0,
       3.0, 2.0, 8.0, 1.0,
       0.0, 0.0, 4.0, 6.0,
       9.0, 1.0, 2.0, 3.0]


def test_pool_takes_the_maximum_of_each_block():
    pool = MaxPoolLayer((1, 4, 4), 2, ReLU)
    assert pool.feedforward(MAP) == [5.0, 8.0, 9.0, 6.0]
    assert pool.out_shape == (1, 2, 2)


def test_pool_gradient_goes_to_the_first_maximum_of_a_tie():
    tie = MaxPoolLayer((1, 2, 2), 2, ReLU)
    tie.forward([2.0, 1.0, 2.0, 2.0])
    assert tie.argmax == [0] and tie.backward([1.0]) == [1.0, 0.0, 0.0, 0.0]


def test_pool_applies_the_activation_after_the_maximum():
    pool = MaxPoolLayer((1, 2, 2), 2, Sigmoid)
    assert pool.feedforward([0.0, -1.0, 2.0, 1.0]) == Sigmoid.fn([2.0])


def test_pool_drops_leftover_rows_and_columns():
    # A 3 x 3 map pools to 1 x 1: the last row and column (7, 8, 9 here) are ignored, as network3.
    pool = MaxPoolLayer((1, 3, 3), 2, ReLU)
    assert pool.feedforward([1.0, 2.0, 7.0, 4.0, 3.0, 8.0, 9.0, 9.0, 9.0]) == [4.0]


def test_pool_gradient_goes_only_to_the_maximum():
    pool = MaxPoolLayer((1, 4, 4), 2, ReLU)
    pool.forward(MAP)
    dz = pool.backward([1.0, 2.0, 3.0, 4.0])
    # 5 is at index 1, 8 at 6, 9 at 12, 6 at 11; ReLU' = 1 there.
    expected = [0.0] * 16
    expected[1], expected[6], expected[12], expected[11] = 1.0, 2.0, 3.0, 4.0
    assert dz == expected


def test_pool_gradient_includes_the_activation_slope():
    pool = MaxPoolLayer((1, 2, 2), 2, Sigmoid)
    pool.forward([0.0, -1.0, 2.0, 1.0])
    s = Sigmoid.fn([2.0])[0]
    assert pool.backward([1.0]) == [0.0, 0.0, s * (1 - s), 0.0]


# Numerical gradients of each layer: C = Σ_k r_k out_k for fixed random r, so ∂C/∂out = r.

def linear_cost(layer, x, r):
    return lambda: sum(r_k * o_k for r_k, o_k in zip(r, layer.feedforward(x)))


def check_layer_gradients(layer, x, rng):
    r = [rng.uniform(-1.0, 1.0) for _ in range(len(layer.feedforward(x)))]
    layer.zero_gradient()
    layer.forward(x, rng)
    dx = layer.backward(r)
    f = linear_cost(layer, x, r)
    for j in range(len(x)):
        assert_close(partial_derivative(f, x, j), dx[j], f"x[{j}]")
    for f_or_j, row in enumerate(layer.weights):
        for t in range(len(row)):
            assert_close(partial_derivative(f, row, t), layer.nabla_w[f_or_j][t], f"w[{f_or_j}][{t}]")
    for j in range(len(layer.biases)):
        assert_close(partial_derivative(f, layer.biases, j), layer.nabla_b[j], f"b[{j}]")


@pytest.mark.parametrize("fast", [False, True])
def test_conv_layer_gradients(fast):
    rng = random.Random(1)
    layer = ConvLayer(3, 2, (2, 4, 5), fast=fast)
    layer.initialize(rng)
    x = [rng.uniform(-1.0, 1.0) for _ in range(2 * 4 * 5)]
    x[3] = x[17] = 0.0  # zeros, which the fast version skips, still get their gradient
    check_layer_gradients(layer, x, rng)


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize("padding, stride", [(1, 1), (0, 2), (1, 2), (2, 3)])
def test_conv_layer_gradients_with_padding_and_stride(fast, padding, stride):
    rng = random.Random(3)
    layer = ConvLayer(3, 3, (2, 5, 5), fast=fast, padding=padding, stride=stride)
    layer.initialize(rng)
    x = [rng.uniform(-1.0, 1.0) for _ in range(2 * 5 * 5)]
    x[0] = x[31] = 0.0
    check_layer_gradients(layer, x, rng)


@pytest.mark.parametrize("activation", [Sigmoid, Tanh])
def test_pool_layer_gradients(activation):
    rng = random.Random(2)
    layer = MaxPoolLayer((2, 5, 4), 2, activation)
    x = [rng.uniform(-1.0, 1.0) for _ in range(2 * 5 * 4)]
    check_layer_gradients(layer, x, rng)


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize("activation", [Sigmoid, Tanh, ReLU])
def test_fully_connected_layer_gradients(activation, fast):
    rng = random.Random(3)
    layer = FullyConnectedLayer(6, 4, activation, fast=fast)
    layer.initialize(rng)
    x = [rng.uniform(-1.0, 1.0) for _ in range(6)]
    x[2] = 0.0
    if activation is ReLU:
        layer.biases = [0.5, -3.0, 0.7, -4.0]  # two on (z well above 0), two off: no kink within reach
        x = [abs(v) / 10 for v in x]
    check_layer_gradients(layer, x, rng)


def test_softmax_layer_gradients_with_the_log_likelihood_cost():
    rng = random.Random(4)
    layer = SoftmaxLayer(5, 3)
    layer.weights = [[rng.gauss(0, 1) for _ in range(5)] for _ in range(3)]
    x = [rng.uniform(-1.0, 1.0) for _ in range(5)]
    y = one_hot(2, 3)
    layer.zero_gradient()
    a = layer.forward(x)
    dx = layer.backward_z(LogLikelihoodCost.delta(layer.z, a, y))
    f = lambda: LogLikelihoodCost.fn(layer.feedforward(x), y)  # noqa: E731
    for j in range(5):
        assert_close(partial_derivative(f, x, j), dx[j], f"x[{j}]")
    for j, row in enumerate(layer.weights):
        for i in range(5):
            assert_close(partial_derivative(f, row, i), layer.nabla_w[j][i], f"w[{j}][{i}]")
    for j in range(3):
        assert_close(partial_derivative(f, layer.biases, j), layer.nabla_b[j], f"b[{j}]")


def test_softmax_layer_starts_at_zero_like_network3():
    net = ConvNetwork(conv_layers((1, 6, 6), [(2, 3)], 2, [4], n_out=3), seed=1)
    assert net.layers[-1].weights == [[0.0] * 4] * 3 and net.layers[-1].biases == [0.0] * 3
    assert net.feedforward([0.5] * 36) == [1 / 3] * 3


# Whole networks.

def small_network(activation, cost=LogLikelihoodCost, seed=5, fast=True):
    """Two conv-pool layers, a hidden layer, an output: 10x10 -> 2x8x8 -> 2x4x4 -> 3x2x2 -> 3x1x1 -> 4 -> 3."""
    output = SoftmaxLayer if cost is LogLikelihoodCost else Sigmoid
    net = ConvNetwork(conv_layers((1, 10, 10), [(2, 3), (3, 3)], 2, [4], n_out=3,
                                  activation=activation, output=output), cost=cost, seed=seed)
    rng = random.Random(seed)
    for layer in net.layers:  # the softmax layer's zero start would hide the layers below it
        layer.weights = [[rng.gauss(0.0, 0.5) for _ in row] for row in layer.weights]
    net.set_fast(fast)
    return net


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize("activation, cost", [(Sigmoid, LogLikelihoodCost), (Tanh, CrossEntropyCost)])
def test_whole_network_gradient(activation, cost, fast):
    net = small_network(activation, cost, fast=fast)
    rng = random.Random(6)
    x = [rng.uniform(0.0, 1.0) if rng.random() < 0.6 else 0.0 for _ in range(100)]
    y = 1
    gradient = net.gradient(x, y)
    f = lambda: cost.fn(net.feedforward(x), one_hot(y, 3))  # noqa: E731
    for p, (params, grads) in enumerate(zip(net.parameters(), gradient)):
        for i in range(len(params)):
            assert_close(partial_derivative(f, params, i), grads[i], f"parameter list {p}, entry {i}")


def test_whole_network_input_gradient():
    net = small_network(Sigmoid)
    rng = random.Random(7)
    x = [rng.uniform(0.0, 1.0) for _ in range(100)]
    a = x
    for layer in net.layers:
        a = layer.forward(a, net.rng)
    delta = net.layers[-1].backward_z(LogLikelihoodCost.delta(net.layers[-1].z, a, one_hot(0, 3)))
    for layer in reversed(net.layers[:-1]):
        delta = layer.backward(delta)
    f = lambda: LogLikelihoodCost.fn(net.feedforward(x), one_hot(0, 3))  # noqa: E731
    for i in range(100):
        assert_close(partial_derivative(f, x, i), delta[i], f"x[{i}]")


def mnist_network(seed=1, fast=True, activation=ReLU):
    net = ConvNetwork(conv_layers((1, 28, 28), [(4, 5)], 2, [10], activation=activation), seed=seed)
    net.set_fast(fast)
    return net


def test_plain_and_fast_agree_on_mnist(mnist_small):
    plain, fast = mnist_network(fast=False), mnist_network(fast=True)
    for x, _ in mnist_small[:3]:
        for a, b in zip(plain.feedforward(x), fast.feedforward(x)):
            assert abs(a - b) <= 1e-12
    for k in (0, 5):
        plain.update_mini_batch(mnist_small[k:k + 5], 0.1, lmbda=1.0, n=20)
        fast.update_mini_batch(mnist_small[k:k + 5], 0.1, lmbda=1.0, n=20)
    for p, q in zip(plain.parameters(), fast.parameters()):
        assert max(abs(a - b) for a, b in zip(p, q)) <= 1e-12


@pytest.mark.parametrize("activation", [ReLU, Sigmoid])
def test_whole_padded_network_gradient_and_plain_and_fast_agree(activation):
    # ConvNetJS's shape on a 12 x 12 input: 2 filters 3 x 3, P = 1 (12 x 12), pool 2, 3 filters 4 x 4,
    # P = 1, S = 2 ((6 + 2 - 4)/2 + 1 = 3), pool 1, then the output.
    nets = []
    for fast in (False, True):
        net = ConvNetwork(conv_layers((1, 12, 12), [(2, 3, 1), (3, 4, 1, 2)], [2, 1], [], n_out=3,
                                      activation=activation), seed=4)
        rng = random.Random(4)
        for layer in net.layers:
            layer.weights = [[rng.gauss(0.0, 0.5) for _ in row] for row in layer.weights]
        net.set_fast(fast)
        nets.append(net)
    rng = random.Random(8)
    x = [rng.uniform(0.0, 1.0) if rng.random() < 0.6 else 0.0 for _ in range(144)]
    plain, fast = (net.gradient(x, 2) for net in nets)
    for p, q in zip(plain, fast):
        assert max(abs(a - b) for a, b in zip(p, q)) <= 1e-12
    net = nets[1]
    f = lambda: LogLikelihoodCost.fn(net.feedforward(x), one_hot(2, 3))  # noqa: E731
    for p, (params, grads) in enumerate(zip(net.parameters(), fast)):
        for i in range(len(params)):
            assert_close(partial_derivative(f, params, i), grads[i], f"parameter list {p}, entry {i}")


def test_same_seed_same_numbers(mnist_small):
    nets = [mnist_network(seed=3), mnist_network(seed=3), mnist_network(seed=4)]
    for net in nets:
        net.layers[-1].dropout = 0.0
        net.train_epoch(mnist_small, 5, 0.1)
    assert nets[0].parameters() == nets[1].parameters()
    assert nets[0].parameters() != nets[2].parameters()


@pytest.mark.parametrize("fast", [False, True])
def test_zero_gradient_reuses_its_lists_and_forgets_the_last_sample(fast):
    """The nabla lists are zeroed in place (no new garbage per mini-batch, PyPy's concern),
    so a sample's gradient is the same whether or not another one came before it."""
    rng = random.Random(7)
    x1, x2 = ([rng.uniform(0.0, 1.0) for _ in range(100)] for _ in range(2))
    alone = small_network(Sigmoid, fast=fast).gradient(x2, 2)
    net = small_network(Sigmoid, fast=fast)
    rows = [row for layer in net.layers if layer.has_parameters for row in layer.nabla_w]
    net.gradient(x1, 0)
    after_another = net.gradient(x2, 2)
    assert after_another == alone
    assert all(a is b for a, b in zip(rows, (row for layer in net.layers if layer.has_parameters
                                             for row in layer.nabla_w)))


def test_a_step_goes_downhill(mnist_small):
    net = mnist_network(activation=Sigmoid)
    batch = mnist_small[:10]
    before = net.total_cost(batch)
    net.update_mini_batch(batch, 0.1)
    assert net.total_cost(batch) < before


def test_sgd_reports_each_epoch_like_network_sgd(mnist_small):
    """ConvNetwork.sgd is Network.sgd's loop: it counts the test samples right after each epoch."""
    net, twin = mnist_network(), mnist_network()
    lines = []
    history = net.sgd(mnist_small[:10], 2, 5, 0.1, test_data=mnist_small[10:20], report=lines.append)
    for epoch in (1, 2):
        twin.train_epoch(mnist_small[:10], 5, 0.1)
        assert history[epoch - 1] == twin.evaluate(mnist_small[10:20])
    assert lines == [f"Epoch {e}: {h} / 10" for e, h in zip((1, 2), history)]


def test_optimizers_and_weight_decay_apply(mnist_small):
    net = mnist_network()
    net.optimizer = Momentum(0.5)
    net.update_mini_batch(mnist_small[:5], 0.1, lmbda=5.0, n=10)
    assert net.optimizer.velocities is not None
    assert len(net.optimizer.velocities) == len(net.parameters())


def test_l2_decay_alone_shrinks_every_weight_by_one_minus_eta_lambda_over_n(monkeypatch):
    net = small_network(Sigmoid)
    before = [list(row) for layer in net.layers for row in layer.weights]
    monkeypatch.setattr(ConvNetwork, "backprop", lambda self, x, y: None)  # a zero gradient
    net.update_mini_batch([([0.0] * 100, 0)], eta=0.5, lmbda=2.0, n=10)
    after = [row for layer in net.layers for row in layer.weights]
    for b_row, a_row in zip(before, after):
        for b, a in zip(b_row, a_row):
            assert a == b * (1 - 0.5 * 2.0 / 10)


def test_dropout_masks_hidden_neurons_and_their_gradient():
    rng = random.Random(8)
    layer = FullyConnectedLayer(4, 50, Sigmoid, dropout=0.5)
    layer.initialize(rng)
    out = layer.forward([0.1, 0.2, 0.3, 0.4], rng)
    dropped = [j for j, m in enumerate(layer.mask) if m == 0.0]
    assert dropped and all(out[j] == 0.0 for j in dropped)
    layer.backward([1.0] * 50)
    assert all(layer.nabla_b[j] == 0.0 and layer.nabla_w[j] == [0.0] * 4 for j in dropped)


@pytest.mark.parametrize("convs, pool, message", [
    ([(0, 5)], 2, "at least 1 filter"),
    ([(2, 29)], 2, "29 x 29 filter does not fit in its 28 x 28"),
    ([(2, 5)], 5, "24 x 24 maps cannot be pooled in 5 x 5"),
    ([(2, 5), (2, 13)], 2, "conv layer 2: a 13 x 13 filter does not fit in its 12 x 12"),
    ([(2, 5, 2)], 3, "conv layer 1: its 28 x 28 maps cannot be pooled in 3 x 3"),
    ([(2, 5, 2), (2, 5, 2)], [2, 3], "conv layer 2: its 14 x 14 maps cannot be pooled in 3 x 3"),
    ([(2, 5, 2), (2, 5, 2)], [2], "1 pool sizes for 2 conv layers"),
    ([(2, 5, 0, 2)], 1, "conv layer 1 on its 28 x 28 input: .* not a multiple of the stride 2"),
])
def test_impossible_stacks_are_named(convs, pool, message):
    with pytest.raises(LayerSpecError, match=message):
        conv_layers((1, 28, 28), convs, pool, [100])


def test_layers_must_fit_together():
    with pytest.raises(LayerSpecError, match="gives 8 numbers"):
        ConvNetwork([ConvLayer(2, 3, (1, 4, 4)), SoftmaxLayer(5, 2)])
    with pytest.raises(LayerSpecError, match="needs a softmax output layer"):
        ConvNetwork([FullyConnectedLayer(4, 2, Sigmoid)], cost=LogLikelihoodCost)


def test_output_layer_activation_matches_the_cost():
    net = ConvNetwork([FullyConnectedLayer(4, 2, Sigmoid)], cost=CrossEntropyCost, seed=1)
    assert net.output_activation is Sigmoid
    assert ConvNetwork([SoftmaxLayer(4, 2)], seed=1).output_activation is Softmax


def test_describe_names_the_layers():
    net = ConvNetwork(conv_layers((1, 28, 28), [(20, 5)], 2, [100], activation=ReLU), seed=1)
    assert net.describe() == "[1x28x28, conv 20 5x5, pool 2 relu, 100 relu, 10 softmax]"
    assert net.hidden_activation is ReLU


@pytest.mark.parametrize("activation", [ReLU, Sigmoid])
def test_the_cpython_and_pypy_versions_give_the_same_bits(monkeypatch, mnist_small, activation):
    # vector.py's kernels for dense.py hand long sums to C on CPython and loop on PyPy; the sums
    # are added in the same order, so the same seed gives the same numbers on both interpreters.
    import purenn.vector as vector_module
    nets = []
    for on_pypy in (False, True):
        monkeypatch.setattr(vector_module, "ON_PYPY", on_pypy)
        net = mnist_network(seed=2, activation=activation)
        net.train_epoch(mnist_small[:10], 5, 0.1, lmbda=1.0)
        nets.append(net)
    assert nets[0].parameters() == nets[1].parameters()


TRAIN_A_PADDED_NETWORK = """
import json, random, sys
from purenn.activations import ReLU
from purenn.convnet import ConvNetwork, conv_layers
rng = random.Random(3)
data = [([rng.random() if rng.random() < 0.4 else 0.0 for _ in range(144)], rng.randrange(3)) for _ in range(20)]
net = ConvNetwork(conv_layers((1, 12, 12), [(3, 3, 1), (2, 4, 1, 2)], [2, 1], [5], n_out=3, activation=ReLU), seed=7)
net.train_epoch(data, 5, 0.1, lmbda=0.5)
print(json.dumps([net.parameters(), [net.feedforward(x) for x, _ in data[:3]]]))
"""


def test_padded_conv_training_gives_the_same_bits_on_cpython_and_pypy():
    # The conv and pool layers are the same code on both interpreters; the dense layers
    # choose by interpreter but add in the same order.  json.dumps writes each float's exact repr.
    import os
    import shutil
    import subprocess
    import sys
    pypy = shutil.which("pypy3")
    if pypy is None:
        pytest.skip("pypy3 is not installed")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    outputs = [subprocess.run([python, "-c", TRAIN_A_PADDED_NETWORK], cwd=root, capture_output=True,
                              text=True, check=True).stdout for python in (sys.executable, pypy)]
    assert outputs[0] == outputs[1] and len(outputs[0]) > 1000
