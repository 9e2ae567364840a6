"""A feedforward neural network trained by backpropagation and mini-batch SGD.

This follows Michael Nielsen's ``network.py`` / ``network2.py`` ("Neural
Networks and Deep Learning", chapters 1-3) line for line in spirit, with his
names: ``sizes``, ``weights``, ``biases``, ``backprop``, ``nabla_b``,
``nabla_w``, ``delta``, ``zs``, ``activations``, ``eta``, ``lmbda``.

Notation: layer 0 is the input.  ``weights[l]`` is a Matrix of shape
(neurons in layer l+1, neurons in layer l): row j holds the weights into
neuron j of layer l+1.  ``biases[l]`` is a list with one bias per neuron of
layer l+1.  For each layer

    z = w·a + b,    a' = f(z)

and backpropagation computes, for one sample,

    δ^L = ∂C/∂z^L                          (from the cost, costs.py)
    δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ f'(z^l)    (one layer back)
    ∂C/∂b^l = δ^l,    ∂C/∂w^l = δ^l (a^{l-1})ᵀ

What this module is not: it knows nothing about files or printing.  The
speed comes from the vector and matrix layer underneath (a sparse input skips
its zero pixels, weight gradients are added in place); the algorithm here reads
like the maths above.
"""

import math
import random

from .activations import Sigmoid
from .costs import CrossEntropyCost
from .matrix import Matrix, Outer
from .vector import add, argmax, hadamard, one_hot, scale, sub, zeros

INITS = ("scaled", "large", "he")


class TrainingDiverged(ArithmeticError):
    """The gradient stopped being a finite number: eta is too large for this network."""

    def __init__(self, value):
        super().__init__(f"the cost's gradient became {value}")
        self.value = value  # nan or inf


class Network:
    """A fully connected network with layer sizes `sizes`, e.g. [784, 30, 10].

    cost:       a class from costs.py; it also fixes the output activation
                (sigmoid for quadratic and cross-entropy, softmax for log-likelihood).
    activation: a class from activations.py for the hidden layers.
    init:       how weights start (biases start N(0, 1), except with "he"):
                "scaled" w ~ N(0, 1/n_in), the default (Nielsen ch. 3);
                "large"  w ~ N(0, 1) (Nielsen ch. 1);
                "he"     w ~ N(0, 2/n_in) and biases 0, for ReLU.
    dropout:    the probability p of silencing each hidden neuron in training
                (inverted dropout: kept ones are scaled by 1/(1-p)); 0 for none.
    seed:       seeds the network's own random.Random, which draws the initial
                weights, shuffles the training data and draws dropout masks.
    """

    def __init__(self, sizes, cost=CrossEntropyCost, activation=Sigmoid,
                 init="scaled", dropout=0.0, seed=None):
        sizes = list(sizes)
        if len(sizes) < 2 or not all(isinstance(n, int) and n >= 1 for n in sizes):
            raise ValueError(f"sizes must be at least two positive whole numbers, got {sizes}")
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; choose from {', '.join(INITS)}")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must be at least 0 and less than 1, got {dropout}")
        self.sizes = sizes
        self.num_layers = len(sizes)
        self.cost = cost
        self.activation = activation
        self.output = cost.output
        self.init = init
        self.dropout = dropout
        self.rng = random.Random(seed)
        self.biases, self.weights = self.initial_parameters()

    def initial_parameters(self):
        """Draw (biases, weights) as `init` says, from the network's own Random."""
        biases, weights = [], []
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:]):
            if self.init == "large":
                std = 1.0
            elif self.init == "he":
                std = math.sqrt(2.0 / n_in)
            else:
                std = 1.0 / math.sqrt(n_in)
            weights.append(Matrix.gaussian(n_out, n_in, self.rng, std))
            if self.init == "he":
                biases.append(zeros(n_out))
            else:
                biases.append([self.rng.gauss(0.0, 1.0) for _ in range(n_out)])
        return biases, weights

    def layer_activation(self, l):
        """The activation of layer l+1: the cost's output activation for the last layer."""
        return self.output if l == self.num_layers - 2 else self.activation

    def feedforward(self, a):
        """The network's output for input a: apply a' = f(w·a + b) layer by layer."""
        for l, (w, b) in enumerate(zip(self.weights, self.biases)):
            a = self.layer_activation(l).fn(add(w @ a, b))
        return a

    def predict(self, x):
        """The digit the network thinks x is: the index of the largest output."""
        return argmax(self.feedforward(x))

    def backprop(self, x, label):
        """Return (nabla_b, nabla_w), the gradient of the cost C for one sample.

        nabla_b[l] = ∂C/∂b^l is a list; nabla_w[l] = ∂C/∂w^l = δ^l (a^{l-1})ᵀ is
        an ``Outer`` (a rank-1 matrix kept as its two factors, see matrix.py).
        The input layer needs no δ, so none is computed for it.  With dropout,
        each hidden layer's activations (and so its δ) are multiplied by a mask.
        """
        # Forward pass, keeping every weighted input z and activation a.
        activation = x
        activations = [x]
        zs = []
        masks = []
        for l, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = add(w @ activation, b)
            zs.append(z)
            activation = self.layer_activation(l).fn(z)
            mask = self.dropout_mask(len(z)) if self.dropout and l < len(self.weights) - 1 else None
            if mask:
                activation = hadamard(activation, mask)
            masks.append(mask)
            activations.append(activation)
        # Backward pass: the output error, then one layer back at a time.
        y = one_hot(label, self.sizes[-1])
        delta = self.cost.delta(zs[-1], activations[-1], y)
        nabla_b = [None] * len(self.biases)
        nabla_w = [None] * len(self.weights)
        nabla_b[-1] = delta
        nabla_w[-1] = Outer(delta, activations[-2])
        for l in range(2, self.num_layers):
            delta = hadamard(self.weights[-l + 1].transpose_matvec(delta),
                             self.activation.prime(zs[-l]))
            if masks[-l]:
                delta = hadamard(delta, masks[-l])
            nabla_b[-l] = delta
            nabla_w[-l] = Outer(delta, activations[-l - 1])
        return nabla_b, nabla_w

    def dropout_mask(self, n):
        """n factors, each 0 with probability p and 1/(1-p) otherwise (inverted dropout).

        Scaling the kept neurons up in training keeps every neuron's expected
        output the same, so evaluation uses the whole network unchanged.
        """
        keep = 1.0 / (1.0 - self.dropout)
        return [0.0 if self.rng.random() < self.dropout else keep for _ in range(n)]

    def update_mini_batch(self, mini_batch, eta, lmbda=0.0, n=None):
        """One step of gradient descent on a list of (x, label) pairs.

        b ← b - (η/m) Σ_x ∂C_x/∂b   and   w ← (1 - ηλ/n) w - (η/m) Σ_x ∂C_x/∂w,

        with m = len(mini_batch) and n the size of the whole training set (the
        weight-decay factor is 1 when lmbda is 0).  Each ∂C_x/∂w = δ aᵀ is added
        into w as it is, one rank-1 term at a time: the same sum, without
        building a 30x784 matrix for every sample.  All terms are computed from
        the weights as they were before the step.
        """
        if not mini_batch:
            raise ValueError("a mini-batch needs at least one sample")
        if lmbda and not n:
            raise ValueError("L2 regularisation needs n, the size of the whole training set")
        nabla_b = [zeros(len(b)) for b in self.biases]
        nabla_w = [[] for _ in self.weights]  # the rank-1 terms δ aᵀ, summed below
        for x, label in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, label)
            nabla_b = [add(nb, dnb) for nb, dnb in zip(nabla_b, delta_nabla_b)]
            for terms, dnw in zip(nabla_w, delta_nabla_w):
                terms.append(dnw)
        check_finite(nabla_b)
        step = eta / len(mini_batch)
        if lmbda:
            for w in self.weights:
                w.scale_in_place(1.0 - eta * lmbda / n)
        for w, terms in zip(self.weights, nabla_w):
            for term in terms:
                w.add_outer(-step, term.u, term.v)
        self.biases = [sub(b, scale(step, nb)) for b, nb in zip(self.biases, nabla_b)]

    def train_epoch(self, training_data, mini_batch_size, eta, lmbda=0.0, progress=None):
        """One pass over the training data in shuffled mini-batches.

        The data are shuffled with the network's own Random, so the same seed
        gives the same order.  After each mini-batch, ``progress(m)`` is called
        with its size m, if given (the command line draws a progress bar).
        """
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
        check_finite(self.biases + [row for w in self.weights for row in w.rows])

    def sgd(self, training_data, epochs, mini_batch_size, eta, test_data=None, lmbda=0.0):
        """Train with mini-batch stochastic gradient descent for `epochs` epochs.

        Returns the number of test samples classified correctly after each epoch
        (an empty list without test_data).
        """
        history = []
        for _ in range(epochs):
            self.train_epoch(training_data, mini_batch_size, eta, lmbda)
            if test_data is not None:
                history.append(self.evaluate(test_data))
        return history

    def evaluate(self, data):
        """How many of the (x, label) pairs the network classifies correctly."""
        return sum(self.predict(x) == label for x, label in data)

    def total_cost(self, data, lmbda=0.0):
        """The average cost over (x, label) pairs, plus the L2 term ½(λ/n) Σ w²."""
        n = len(data)
        if n == 0:
            raise ValueError("the cost of no samples is undefined")
        total = sum(self.cost.fn(self.feedforward(x), one_hot(label, self.sizes[-1]))
                    for x, label in data) / n
        if lmbda:
            squares = sum(w_jk * w_jk for w in self.weights for row in w.rows for w_jk in row)
            total += 0.5 * (lmbda / n) * squares
        return total

    def __repr__(self):
        return (f"Network({self.sizes}, cost={self.cost.name}, "
                f"activation={self.activation.name}, init={self.init})")


def check_finite(vectors):
    """Raise TrainingDiverged if any number in the vectors is nan or infinite.

    Once any weight is inf or nan, every later δ is nan too, so checking the
    few bias gradients of each mini-batch catches a diverging run at once; the
    weights themselves are checked after each epoch.
    """
    total = sum(map(sum, vectors))
    if not math.isfinite(total):
        raise TrainingDiverged("nan" if math.isnan(total) else "inf")
