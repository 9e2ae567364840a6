"""A network of layers: Nielsen's network3.py in plain Python, without Theano.

Chapter 6 of Nielsen's book builds its convolutional networks from a list of
layer objects: ``Network([ConvPoolLayer(...), FullyConnectedLayer(...),
SoftmaxLayer(...)], mini_batch_size)``.  Here the same list is made of

    ConvLayer       conv.py    z = filters slid over the input, plus a bias per filter
    MaxPoolLayer    pool.py    a = f(max of each block)   (network3's f(pool(conv(x)) + b))
    FullyConnectedLayer, SoftmaxLayer   dense.py

and trained exactly as network.py trains its Network: backprop one sample
at a time, sum the gradients of a mini-batch, take one step.  Backprop is the
same idea, layer by layer: the forward pass goes up the list, each layer
remembering what it needs; the cost gives the output layer's δ^L; then each
layer, going down, adds its own ∂C/∂w and ∂C/∂b and hands ∂C/∂(its input) to
the layer below (the derivations are in each layer's module).

The chapter 1-5 Network (network.py) is not built on this: it stays as it is.

What differs from network3.py: purenn's L2 term is network2's, ½(λ/n) Σ w²
over all weights (filters included), so each step multiplies the weights by
1 - ηλ/n; network3 adds ½ λ Σ w² / (number of mini-batches) to the *mean* cost
of a mini-batch, a decay of 1 - ηλm/n.  His λ = 0.1 with mini-batches of
m = 10 is purenn's λ = 1.0.  Dropout: see dense.py; input dropout masks the
image before the first layer (``dropped_inputs``).  Starting weights are
network3's unless an ``init`` of initialization.py is asked for
(``initialize_layer``).
"""

import random

from .activations import Sigmoid
from .conv import ConvLayer
from .costs import LogLikelihoodCost
from .dense import FullyConnectedLayer, SoftmaxLayer
from .divergence import check_finite
from .dropout import apply_mask, dropout_mask
from .initialization import INITS, weight_std
from .network import Network
from .optimizers import SGD
from .pool import MaxPoolLayer
from .vector import argmax, one_hot
from .weight_decay import shrink_plain


class LayerSpecError(ValueError):
    """A stack of layers that cannot be built: a filter or pool larger than its input, ..."""


class ConvNetwork:
    """A network made of `layers` (a list of layer objects, each one's output the next one's input).

    cost: a class from costs.py; its ``output`` activation must be the last layer's.
    seed: seeds the network's random.Random, which draws every layer's starting
          weights (in order), shuffles the training data and draws dropout masks.
    optimizer: an object from optimizers.py; plain SGD() if not given.
    init: None for each layer's own starting weights (network3's N(0, 1/n_out)), or one
          of initialization.INITS for the chapter 1-5 rule (``initialize_layer``).
    input_dropout: the probability p of dropping each input pixel in training (0: none).
    """

    def __init__(self, layers, cost=LogLikelihoodCost, seed=None, optimizer=None, init=None,
                 input_dropout=0.0):
        if init is not None and init not in INITS:
            raise ValueError(f"unknown init {init!r}; choose from {', '.join(INITS)}")
        if not 0.0 <= input_dropout < 1.0:
            raise ValueError(f"input_dropout must be at least 0 and less than 1, got {input_dropout}")
        layers = list(layers)
        if not layers:
            raise LayerSpecError("a network needs at least one layer")
        for below, above in zip(layers, layers[1:]):
            if size(below.out_shape) != size(above.in_shape):
                raise LayerSpecError(f"{below} gives {size(below.out_shape)} numbers, "
                                     f"but {above} takes {size(above.in_shape)}")
        if getattr(layers[-1], "activation", None) is not cost.output:
            raise LayerSpecError(f"the {cost.name} cost needs a {cost.output.name} output layer")
        self.layers = layers
        self.cost = cost
        self.output_activation = cost.output
        # The activation of the conv and hidden layers (None if there are none), for the program's reports.
        self.hidden_activation = next((layer.activation for layer in layers[:-1]
                                       if hasattr(layer, "activation")), None)
        self.rng = random.Random(seed)
        self.optimizer = optimizer or SGD()
        self.init = init
        self.input_dropout = input_dropout
        for layer in layers:
            if init is None:
                layer.initialize(self.rng)
            else:
                initialize_layer(layer, init, self.rng)

    def __repr__(self):
        start = f", init={self.init}" if self.init is not None else ""  # None: network3's start
        return "ConvNetwork([" + ", ".join(map(repr, self.layers)) + "]" + start + ")"

    def describe(self):
        """The layers in a few words: '[1x28x28, conv 20 5x5, pool 2, 100, 10 softmax]'."""
        words = ["x".join(map(str, self.layers[0].in_shape))]
        for layer in self.layers:
            if isinstance(layer, ConvLayer):
                words.append(f"conv {layer.n_filters} {layer.k}x{layer.k}"
                             + (f" pad {layer.padding}" if layer.padding else "")
                             + (f" stride {layer.stride}" if layer.stride != 1 else ""))
            elif isinstance(layer, MaxPoolLayer):
                words.append(f"pool {layer.size} {layer.activation.name}")
            else:
                words.append(f"{layer.n_out} {layer.activation.name}")
        return "[" + ", ".join(words) + "]"

    @property
    def n_out(self):
        return size(self.layers[-1].out_shape)

    def parameters(self):
        """Every bias list and every weight row, layer by layer: all the numbers it learns."""
        return [v for layer in self.layers for v in [layer.biases] + layer.weights if layer.has_parameters]

    def gradients(self):
        """The nabla_b and nabla_w the layers hold, in the order of parameters()."""
        return [v for layer in self.layers for v in [layer.nabla_b] + layer.nabla_w if layer.has_parameters]

    def feedforward(self, a):
        """The network's output for input a: each layer's output is the next one's input."""
        for layer in self.layers:
            a = layer.feedforward(a)
        return a

    def predict(self, x):
        """The digit the network thinks x is: the index of the largest output."""
        return argmax(self.feedforward(x))

    def target(self, y):
        """one_hot(y) for an int label, else y itself."""
        return one_hot(y, self.n_out) if isinstance(y, int) else y

    def backprop(self, x, y):
        """Add the gradient of one sample's cost C into every layer's nabla_w and nabla_b.

        Up: each layer's forward pass, remembering what it needs.  Down: the
        output layer's δ^L = ∂C/∂z^L from the cost (BP1), then each layer turns
        ∂C/∂(its output) into its own gradients and ∂C/∂(its input).  The first
        layer's ∂C/∂x is not needed and not computed.  With input dropout the
        first layer reads the masked image x ⊙ m instead of x, and learns from it.
        """
        if self.input_dropout:
            x = self.dropped_inputs(x)
        a = x
        for layer in self.layers:
            a = layer.forward(a, self.rng)
        last = self.layers[-1]
        delta = self.cost.delta(last.z, a, self.target(y))  # (BP1) δ^L
        delta = last.backward_z(delta, need_input_delta=len(self.layers) > 1)
        for l in range(len(self.layers) - 2, -1, -1):
            delta = self.layers[l].backward(delta, need_input_delta=l > 0)

    def gradient(self, x, y):
        """One sample's gradient, as lists in the order of parameters() (for tests and pictures)."""
        self.zero_gradient()
        self.backprop(x, y)
        return [list(v) for v in self.gradients()]

    def zero_gradient(self):
        """Empty every layer's nabla_w and nabla_b, before the next mini-batch."""
        for layer in self.layers:
            layer.zero_gradient()

    def update_mini_batch(self, mini_batch, eta, lmbda=0.0, n=None):
        """One step of gradient descent on a list of (x, y) pairs, as Network.update_mini_batch:

            w ← (1 - ηλ/n) w - (η/m) Σ_x ∂C_x/∂w,    b ← b - (η/m) Σ_x ∂C_x/∂b,

        or, with another optimizer, its step from the mean gradient (1/m) Σ_x ∂C_x
        after the same weight decay.  Biases are not decayed.
        """
        if not mini_batch:
            raise ValueError("a mini-batch needs at least one sample")
        if lmbda and not n:
            raise ValueError("L2 regularisation needs n, the size of the whole training set")
        self.zero_gradient()
        for x, y in mini_batch:
            self.backprop(x, y)
        gradients = self.gradients()
        check_finite([layer.nabla_b for layer in self.layers if layer.has_parameters])
        if lmbda:
            for layer in self.layers:
                shrink_plain(layer.weights, 1.0 - eta * lmbda / n)
        m = len(mini_batch)
        if isinstance(self.optimizer, SGD):
            step = eta / m
            for p, g in zip(self.parameters(), gradients):
                for i in range(len(p)):
                    p[i] -= step * g[i]
        else:
            means = [[g_i / m for g_i in g] for g in gradients]
            self.optimizer.step(self.parameters(), means, eta)
        self.zero_gradient()

    def train_epoch(self, training_data, mini_batch_size, eta, lmbda=0.0, progress=None):
        """One pass over the data in shuffled mini-batches (as Network.train_epoch)."""
        if mini_batch_size < 1:
            raise ValueError(f"mini_batch_size must be at least 1, got {mini_batch_size}")
        data = list(training_data)
        self.rng.shuffle(data)
        n = len(data)
        for k in range(0, n, mini_batch_size):
            mini_batch = data[k:k + mini_batch_size]
            self.update_mini_batch(mini_batch, eta, lmbda, n)
            if progress is not None:
                progress(len(mini_batch))
        check_finite(self.parameters())

    # The same epoch loop as Network.sgd: it only calls train_epoch and evaluate, this class's own.
    sgd = Network.sgd

    def evaluate(self, data):
        """How many of the (x, label) pairs the network gets right."""
        return sum(self.predict(x) == y for x, y in data)

    def total_cost(self, data, lmbda=0.0, n=None):
        """The mean cost over data plus the L2 term ½(λ/n) Σ w², n the training set's size."""
        if lmbda and not n:
            raise ValueError("the L2 term needs n, the size of the whole training set")
        cost = sum(self.cost.fn(self.feedforward(x), self.target(y)) for x, y in data) / len(data)
        if not lmbda:
            return cost
        squares = sum(w * w for layer in self.layers for row in layer.weights for w in row)
        return cost + 0.5 * (lmbda / n) * squares

    @property
    def dropout(self):
        """The dropout rate p of the hidden fully connected layers (0 if there are none)."""
        return max([layer.dropout for layer in self.hidden_dense_layers()], default=0.0)

    @dropout.setter
    def dropout(self, p):
        for layer in self.hidden_dense_layers():
            layer.dropout = p

    def dropped_inputs(self, x):
        """x ⊙ m, m a mask of rate `input_dropout` from the network's Random (dropout.py):
        each pixel 0 with probability p, else multiplied by 1/(1-p)."""
        return apply_mask(x, dropout_mask(self.rng, len(x), self.input_dropout))

    def hidden_dense_layers(self):
        """The fully connected layers before the output layer: the ones dropout applies to."""
        return [layer for layer in self.layers[:-1] if isinstance(layer, FullyConnectedLayer)]

    def copy_parameters(self):
        """(weights, biases): a copy of every layer's, to put back later with set_parameters."""
        return ([[list(row) for row in layer.weights] for layer in self.layers],
                [list(layer.biases) for layer in self.layers])

    def set_parameters(self, weights, biases):
        """Put back what copy_parameters took."""
        for layer, w, b in zip(self.layers, weights, biases):
            layer.weights, layer.biases = w, b
        self.zero_gradient()

    def set_fast(self, fast):
        """Use the faster (True) or the plain (False) version of every layer's loops."""
        for layer in self.layers:
            if hasattr(layer, "fast"):
                layer.fast = fast


def initialize_layer(layer, init, rng):
    """Starting weights by the rule of initialization.py, for any layer that learns.

    Each weight w ~ N(0, σ²) with σ = weight_std(init, n_in), n_in being the inputs of
    one neuron: c·k·k for a conv filter over c channels (a row of its weights), the
    layer's n_in for a fully connected one.  Biases ~ N(0, 1), except 0 with "he".
    Drawn row by row, then the biases, as initialization.initial_parameters draws.
    """
    if not layer.has_parameters:
        return
    std = weight_std(init, len(layer.weights[0]))
    layer.weights = [[rng.gauss(0.0, std) for _ in row] for row in layer.weights]
    if init == "he":
        layer.biases = [0.0] * len(layer.biases)
    else:
        layer.biases = [rng.gauss(0.0, 1.0) for _ in layer.biases]


def size(shape):
    """How many numbers a layer's input or output of this shape holds."""
    total = 1
    for n in shape:
        total *= n
    return total


def conv_layers(image_shape, convs, pool=2, hidden=(), n_out=10, activation=None,
                output=SoftmaxLayer, dropout=0.0, strict=True):
    """The layers of a chapter-6 network: conv-pool pairs, fully connected layers, an output.

    convs: (n_filters, k), or (n_filters, k, padding) or (n_filters, k, padding, stride),
    for each conv layer, each followed by pool x pool max-pooling (pool 1: none);
    pool: one size for every conv layer, or a list of one per conv layer;
    hidden: the sizes of the fully connected layers after them;
    activation: of the conv (after pooling) and hidden layers (default Sigmoid);
    output: SoftmaxLayer, or an activation class for a FullyConnectedLayer output;
    strict: refuse a pool that leaves rows or columns over (the layers would drop them).
    Raises LayerSpecError, naming the layer, for sizes that do not fit.
    """
    activation = activation or Sigmoid
    convs = list(convs)
    pools = list(pool) if isinstance(pool, (list, tuple)) else [pool] * len(convs)
    if len(pools) != len(convs):
        raise LayerSpecError(f"{len(pools)} pool sizes for {len(convs)} conv layers: "
                             f"give one for all, or one per conv layer")
    layers = []
    shape = tuple(image_shape)
    for number, (spec, pool) in enumerate(zip(convs, pools), 1):
        n_filters, k, padding, stride = tuple(spec) + (0, 1)[len(spec) - 2:]
        c, h, w = shape
        if n_filters < 1:
            raise LayerSpecError(f"conv layer {number} needs at least 1 filter, got {n_filters}")
        if k < 1 or (padding == 0 and (k > h or k > w)):
            raise LayerSpecError(f"conv layer {number}: a {k} x {k} filter does not fit in its "
                                 f"{h} x {w} input")
        try:
            layer = ConvLayer(n_filters, k, shape, pool=pool, padding=padding, stride=stride)
        except ValueError as e:
            raise LayerSpecError(f"conv layer {number} on its {h} x {w} input: {e}") from None
        _, oh, ow = layer.out_shape
        if pool > oh or pool > ow or (strict and (oh % pool or ow % pool)):
            raise LayerSpecError(f"conv layer {number}: its {oh} x {ow} maps cannot be pooled "
                                 f"in {pool} x {pool} blocks")
        layers += [layer, MaxPoolLayer(layer.out_shape, pool, activation)]
        shape = layers[-1].out_shape
    n_in = size(shape)
    for n in hidden:
        layers.append(FullyConnectedLayer(n_in, n, activation, dropout=dropout))
        n_in = n
    if output is SoftmaxLayer:
        layers.append(SoftmaxLayer(n_in, n_out))
    else:
        layers.append(FullyConnectedLayer(n_in, n_out, output))
    return layers
