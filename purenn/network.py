"""A feedforward neural network trained by backpropagation and mini-batch SGD.

This follows Michael Nielsen's ``network.py`` / ``network2.py`` ("Neural
Networks and Deep Learning", chapters 1-3), with his names: ``sizes``,
``weights``, ``biases``, ``backprop``, ``nabla_b``, ``nabla_w``, ``delta``,
``zs``, ``activations``, ``eta``, ``lmbda``.

Notation.  Layer 0 is the input and layer L the output.  Layer l has
weighted inputs z^l, activations a^l, and the weights w^l and biases b^l that
lead into it from layer l-1:

    a^0 = x,    z^l = w^l a^{l-1} + b^l,    a^l = f(z^l)    for l = 1 ... L.

In code, lists start at 0 and the input layer has no weights, so
``weights[l]`` is w^{l+1} and ``biases[l]`` is b^{l+1}: the ones that lead
*out of* layer l.  ``weights[l]`` is a Matrix of shape (n_{l+1}, n_l), and its
row j holds the weights into neuron j of layer l+1.  (Nielsen's book counts
the input as layer 1; only the numbering differs, never a formula.)

Backpropagation computes the gradient of one sample's cost C with four
equations (derived in ``Network.backprop``'s docstring):

    (BP1)  δ^L = ∂C/∂z^L                       (from the cost: costs.py)
    (BP2)  δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ f'(z^l)
    (BP3)  ∂C/∂b^l = δ^l
    (BP4)  ∂C/∂w^l = δ^l (a^{l-1})ᵀ

What this module is not: it knows nothing about files or printing (``sgd``
hands its epoch lines to a function you pass, e.g. ``print``), and it is not
where the speed is.  That comes from the vector and matrix layer underneath
(zero pixels are skipped, a gradient δ aᵀ is added into w without being
built) and, for weight decay, from weight_decay.py: chapter 8 of the tutorial
tells how.  The algorithm here reads like the maths above.
"""

import random

from .activations import Sigmoid
from .costs import CrossEntropyCost
from .divergence import TrainingDiverged, check_finite  # noqa: F401 (TrainingDiverged: for callers)
from .dropout import Masked, apply_mask, dropout_mask
from .initialization import INITS, initial_parameters  # noqa: F401 (INITS: for callers)
from .matrix import Matrix, outer
from .optimizers import SGD
from .vector import add, argmax, hadamard, one_hot, scale, sub, zeros
from .weight_decay import scaled_while_training


class Network:
    """A fully connected network with layer sizes `sizes`, e.g. [784, 30, 10].

    cost:       a class from costs.py; it also fixes the output layer's activation
                function, ``output_activation`` (sigmoid for quadratic and
                cross-entropy, softmax for log-likelihood).
    hidden_activation: the activation function f of the hidden layers, a class
                from activations.py (Sigmoid, Tanh, ReLU, ...).
    init:       how weights start (biases start N(0, 1), except with "he"):
                "scaled" w ~ N(0, 1/n_in), the default (Nielsen ch. 3);
                "large"  w ~ N(0, 1) (Nielsen ch. 1);
                "he"     w ~ N(0, 2/n_in) and biases 0, for ReLU.
                (Why: see initialization.py.)
    dropout:    the probability p of silencing each hidden neuron in training
                (inverted dropout: kept ones are scaled by 1/(1-p)); 0 for none.
    input_dropout: the same for each input (pixel); usually smaller, e.g. 0.2
                with 0.5 for the hidden neurons (Srivastava et al., 2014).
    seed:       seeds the network's own random.Random, which draws the initial
                weights, shuffles the training data and draws dropout masks.
    optimizer:  how a gradient becomes a step: an object from optimizers.py,
                e.g. Momentum(0.9) or Adam(); plain SGD() if not given.
    """

    def __init__(self, sizes, cost=CrossEntropyCost, hidden_activation=Sigmoid,
                 init="scaled", dropout=0.0, input_dropout=0.0, seed=None, optimizer=None):
        sizes = list(sizes)
        if len(sizes) < 2 or not all(isinstance(n, int) and n >= 1 for n in sizes):
            raise ValueError(f"sizes must be at least two positive whole numbers, got {sizes}")
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; choose from {', '.join(INITS)}")
        for name, p in (("dropout", dropout), ("input_dropout", input_dropout)):
            if not 0.0 <= p < 1.0:
                raise ValueError(f"{name} must be at least 0 and less than 1, got {p}")
        self.sizes = sizes
        self.num_layers = len(sizes)
        self.cost = cost
        self.hidden_activation = hidden_activation
        self.output_activation = cost.output
        self.init = init
        self.dropout = dropout
        self.input_dropout = input_dropout
        self.rng = random.Random(seed)
        self.optimizer = optimizer or SGD()
        self.biases, self.weights = initial_parameters(sizes, init, self.rng)

    def activation_functions(self):
        """The activation function f of layers 1 ... L, in order: f[l-1] goes with weights[l-1].

        Hidden layers use `hidden_activation`; the output layer uses
        `output_activation`, the one the cost is made for (sigmoid, or softmax
        for the log-likelihood cost).
        """
        return [self.hidden_activation] * (self.num_layers - 2) + [self.output_activation]

    def parameters(self):
        """Every bias vector and every row of every weight matrix: all the numbers it learns."""
        return self.biases + [row for w in self.weights for row in w.rows]

    def feedforward(self, a):
        """The network's output for input a: a^l = f(w^l a^{l-1} + b^l) for l = 1 ... L."""
        for w, b, f in zip(self.weights, self.biases, self.activation_functions()):
            a = f.fn(add(w @ a, b))
        return a

    def predict(self, x):
        """The digit the network thinks x is: the index of the largest output."""
        return argmax(self.feedforward(x))

    def target(self, y):
        """The output the network should give: one_hot(y) for a label y, else y itself.

        MNIST samples carry an int label (0-9); other data may carry a target
        vector, such as [1.0] for a network with one output neuron.
        """
        if isinstance(y, int):
            return one_hot(y, self.sizes[-1])
        if len(y) != self.sizes[-1]:
            raise ValueError(f"a target needs {self.sizes[-1]} numbers, found {len(y)}")
        return y

    def backprop(self, x, y):
        """Return (nabla_b, nabla_w), the gradient of the cost C for one sample (x, y).

        y is an int label or a target vector.  nabla_b[l-1] = ∂C/∂b^l is a list
        and nabla_w[l-1] = ∂C/∂w^l = δ^l (a^{l-1})ᵀ a Matrix, shaped like
        weights[l-1]: the same shapes as the biases and weights.

        Why the four equations hold.  Write δ^l_j = ∂C/∂z^l_j, how much the cost
        changes when neuron j of layer l changes its weighted input.

        BP1: C depends on z^L only through a^L = f(z^L), and a^L_j only on
             z^L_j, so δ^L_j = ∂C/∂a^L_j · f'(z^L_j).  The cost class computes it
             (for cross-entropy it simplifies to a - y: see costs.py).
        BP2: z^{l+1}_k = Σ_j w^{l+1}_kj f(z^l_j) + b^{l+1}_k, so z^l_j reaches C
             through every z^{l+1}_k, with ∂z^{l+1}_k/∂z^l_j = w^{l+1}_kj f'(z^l_j).
             The chain rule sums over those paths:
             δ^l_j = Σ_k w^{l+1}_kj δ^{l+1}_k f'(z^l_j) = ((w^{l+1})ᵀ δ^{l+1})_j f'(z^l_j).
             The transpose is there because the sum runs over w's first index k.
        BP3: ∂z^l_j/∂b^l_j = 1, so ∂C/∂b^l_j = δ^l_j.
        BP4: ∂z^l_j/∂w^l_jk = a^{l-1}_k, so ∂C/∂w^l_jk = δ^l_j a^{l-1}_k, the
             outer product δ^l (a^{l-1})ᵀ.

        The input layer needs no δ, so none is computed for it.  Dropout, when
        switched on, is one step before all this (``apply_dropout``): it changes
        x and the activation functions for this one sample, and the four
        equations stay as they are.
        """
        fs = self.activation_functions()  # fs[l-1] is f of layer l
        if self.dropout or self.input_dropout:
            x, fs = self.apply_dropout(x, fs)
        zs, activations = self.forward_pass(x, fs)
        # Backward pass: the output error, then one layer back at a time.
        L = self.num_layers - 1
        nabla_b = [None] * L
        nabla_w = [None] * L
        delta = self.cost.delta(zs[-1], activations[-1], self.target(y))  # (BP1) δ^L
        nabla_b[-1] = delta  # (BP3) ∂C/∂b^L = δ^L
        nabla_w[-1] = outer(delta, activations[-2])  # (BP4) ∂C/∂w^L = δ^L (a^{L-1})ᵀ
        for l in range(L - 1, 0, -1):  # l = L-1, ..., 1
            # (BP2) δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ f'(z^l); weights[l] is w^{l+1}.
            delta = hadamard(self.weights[l].transpose_matvec(delta), fs[l - 1].prime(zs[l - 1]))
            nabla_b[l - 1] = delta  # (BP3) ∂C/∂b^l = δ^l
            nabla_w[l - 1] = outer(delta, activations[l - 1])  # (BP4) ∂C/∂w^l = δ^l (a^{l-1})ᵀ
        return nabla_b, nabla_w

    def forward_pass(self, x, fs):
        """(zs, activations): every z^l and a^l for input x, kept for the backward pass.

        zs[l-1] = z^l = w^l a^{l-1} + b^l and activations[l] = a^l = f(z^l), with
        activations[0] = a^0 = x and fs[l-1] the activation function f of layer l
        (usually ``activation_functions()``).
        """
        activation = x
        activations = [activation]
        zs = []
        for w, b, f in zip(self.weights, self.biases, fs):
            z = add(w @ activation, b)  # z^l = w^l a^{l-1} + b^l
            zs.append(z)
            activation = f.fn(z)  # a^l = f(z^l)
            activations.append(activation)
        return zs, activations

    def apply_dropout(self, x, fs):
        """Dropout for one training sample: x and the activation functions fs, with masks.

        Input dropout multiplies x by a mask m^0 (BP4 then reads the masked x as
        a^0).  Hidden dropout gives each hidden layer l a mask m^l and makes its
        activation function f into f(z) ⊙ m^l, whose derivative is f'(z) ⊙ m^l
        (``dropout.Masked``): a silenced neuron passes nothing forward, and no
        error back.  The masks are drawn in order: the input's, then layers 1 ... L-1.
        """
        if self.input_dropout:
            x = self.dropped_inputs(x)
        if self.dropout:
            hidden = [Masked(f, self.dropout_mask(n)) for f, n in zip(fs[:-1], self.sizes[1:-1])]
            fs = hidden + fs[-1:]
        return x, fs

    def dropout_mask(self, n, p=None):
        """A mask for n neurons from the network's Random, of rate p (default: `dropout`).

        See dropout.py for why the kept neurons are scaled by 1/(1-p).
        """
        return dropout_mask(self.rng, n, self.dropout if p is None else p)

    def dropped_inputs(self, x):
        """x ⊙ m for a mask m of rate `input_dropout`; a sparse x stays sparse."""
        return apply_mask(x, self.dropout_mask(len(x), self.input_dropout))

    def update_mini_batch(self, mini_batch, eta, lmbda=0.0, n=None):
        """One step of gradient descent on a list of (x, y) pairs.

        b ← b - (η/m) Σ_x ∂C_x/∂b   and   w ← (1 - ηλ/n) w - (η/m) Σ_x ∂C_x/∂w,

        with m = len(mini_batch) and n the size of the whole training set (the
        weight-decay factor 1 - ηλ/n comes from the L2 term ½(λ/n) Σ w² of the
        cost, whose gradient is (λ/n) w; it is 1 when lmbda is 0).  All terms
        are computed from the weights as they were before the step.

        That is the step of plain SGD, the default optimizer.  Any other one
        (momentum, Adam, ...: see optimizers.py) makes its own step from the
        average gradient (1/m) Σ_x ∂C_x; the weights shrink by 1 - ηλ/n before
        it all the same.  That decay is kept apart from the optimizer's step, as
        AdamW does (Loshchilov & Hutter, arXiv:1711.05101), but it is scaled by
        that optimizer's own η: with Adam's small η the same λ decays far less
        than with SGD's, so a λ chosen for one optimizer does not carry over to
        another (chapter 9).
        """
        if not mini_batch:
            raise ValueError("a mini-batch needs at least one sample")
        if lmbda and not n:
            raise ValueError("L2 regularisation needs n, the size of the whole training set")
        nabla_b = [zeros(len(b)) for b in self.biases]
        # nabla_w[l] is Nielsen's sum Σ_x ∂C_x/∂w, kept as the list of its terms:
        # the step below adds each term into w, which is the same as adding the sum.
        nabla_w = [[] for _ in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [add(nb, dnb) for nb, dnb in zip(nabla_b, delta_nabla_b)]
            for terms, dnw in zip(nabla_w, delta_nabla_w):
                terms.append(dnw)
        check_finite(nabla_b)
        if lmbda:
            for w in self.weights:
                w.scale_in_place(1.0 - eta * lmbda / n)  # w ← (1 - ηλ/n) w
        if not isinstance(self.optimizer, SGD):
            self.optimizer_step(nabla_b, nabla_w, len(mini_batch), eta)
            return
        step = eta / len(mini_batch)
        for w, terms in zip(self.weights, nabla_w):
            for dnw in terms:
                w.add_scaled(-step, dnw)  # w ← w - (η/m) ∂C_x/∂w, one sample's term at a time
        self.biases = [sub(b, scale(step, nb)) for b, nb in zip(self.biases, nabla_b)]

    def optimizer_step(self, nabla_b, nabla_w, m, eta):
        """New biases and weights from self.optimizer, given the sums of a batch's gradients.

        nabla_b[l] is Σ_x ∂C_x/∂b and nabla_w[l] the list of the terms ∂C_x/∂w
        whose sum is Σ_x ∂C_x/∂w.  An optimizer with a memory needs the average
        gradient g = (1/m) Σ_x ∂C_x of every weight, so each layer's terms are
        added into one matrix here; the optimizer then sees the parameters
        and their gradients as vectors, in the order of ``parameters()``, and
        changes the parameters in place.
        """
        gradients = [scale(1.0 / m, nb) for nb in nabla_b]
        for w, nw in zip(self.weights, nabla_w):
            g = Matrix.zeros(*w.shape)
            for term in nw:
                g.add_scaled(1.0 / m, term)
            gradients += g.rows
        self.optimizer.step(self.parameters(), gradients, eta)

    def train_epoch(self, training_data, mini_batch_size, eta, lmbda=0.0, progress=None):
        """One pass over the training data in shuffled mini-batches.

        The data are shuffled with the network's own Random, so the same seed
        gives the same order.  After each mini-batch, ``progress(m)`` is called
        with its size m, if given (the command line draws a progress bar).
        (With λ > 0 the weights are kept as s·v during the epoch, so that weight
        decay costs one multiplication a matrix: weight_decay.py, chapter 8.)
        """
        if mini_batch_size < 1:
            raise ValueError(f"mini_batch_size must be at least 1, got {mini_batch_size}")
        data = list(training_data)
        self.rng.shuffle(data)
        n = len(data)
        with scaled_while_training(self.weights, lmbda):
            for k in range(0, n, mini_batch_size):
                mini_batch = data[k:k + mini_batch_size]
                self.update_mini_batch(mini_batch, eta, lmbda, n)
                if progress is not None:
                    progress(len(mini_batch))
        check_finite(self.parameters())

    def sgd(self, training_data, epochs, mini_batch_size, eta, test_data=None, lmbda=0.0,
            report=None):
        """Train with mini-batch stochastic gradient descent for `epochs` epochs.

        Returns the number of test samples classified correctly after each epoch
        (an empty list without test_data).  With ``report=print`` it prints a
        line per epoch, as Nielsen's network.py does: "Epoch 1: 9404 / 10000".
        """
        history = []
        for epoch in range(1, epochs + 1):
            self.train_epoch(training_data, mini_batch_size, eta, lmbda)
            if test_data is not None:
                history.append(self.evaluate(test_data))
                line = f"Epoch {epoch}: {history[-1]} / {len(test_data)}"
            else:
                line = f"Epoch {epoch} complete"
            if report is not None:
                report(line)
        return history

    def evaluate(self, data):
        """How many of the (x, y) pairs the network gets right.

        For a label y, right means predict(x) == y.  For a target vector, the
        largest output must be where y is largest; with one output neuron,
        output and target must be on the same side of 0.5.
        """
        return sum(self.is_correct(self.feedforward(x), y) for x, y in data)

    def is_correct(self, output, y):
        """Whether an output counts as the right answer for label or target y."""
        if isinstance(y, int):
            return argmax(output) == y
        if len(output) == 1:
            return (output[0] >= 0.5) == (y[0] >= 0.5)
        return argmax(output) == argmax(y)

    def total_cost(self, data, lmbda=0.0, n=None):
        """The average cost over the (x, y) pairs in data, plus the L2 term ½(λ/n) Σ w².

        n is the number of training samples, as in ``update_mini_batch`` (chapter
        6): the L2 term is part of the cost that training minimises, so it is the
        same whichever data the first part is averaged over.  (Nielsen's
        network2.py divides by len(data) instead, so on 10,000 test images after
        training on 60,000 its L2 term is six times larger.)
        """
        if not data:
            raise ValueError("the cost of no samples is undefined")
        if lmbda and not n:
            raise ValueError("the L2 term needs n, the number of training samples")
        total = sum(self.cost.fn(self.feedforward(x), self.target(y)) for x, y in data) / len(data)
        if lmbda:
            squares = sum(w_jk * w_jk for w in self.weights for row in w.rows for w_jk in row)
            total += 0.5 * (lmbda / n) * squares
        return total

    def __repr__(self):
        return (f"Network({self.sizes}, cost={self.cost.name}, "
                f"hidden_activation={self.hidden_activation.name}, init={self.init})")

