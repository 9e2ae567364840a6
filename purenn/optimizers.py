"""Optimizers: how the gradient of a mini-batch becomes a step.

Plain gradient descent steps straight downhill, w ← w − η g, where g = ∇C is
the gradient of the cost averaged over the mini-batch.  The other optimizers
remember something from step to step and use it to choose a better step:

    sgd       w ← w − η g                             (Nielsen ch. 1)
    momentum  v ← μ v − η g;  w ← w + v               (Nielsen ch. 3)
    nesterov  v ← μ v − η g;  w ← w + μ v − η g       (momentum that looks ahead)
    adagrad   h ← h + g²;  w ← w − η g / (√h + ε)     (a step size for each weight)
    rmsprop   h ← ρ h + (1 − ρ) g²;  w ← w − η g / (√h + ε)
    adam      momentum and RMSProp together, with bias-corrected averages

g² means g ⊙ g, each entry squared; √h and the division are entry by entry.
w stands for every parameter, biases included.

An optimizer knows nothing about networks.  ``step(params, gradients, eta)``
takes a list of parameter vectors (the network passes its bias vectors and
the rows of its weight matrices) and their gradients, in the same order every
time, and changes the parameters in place.  What it remembers (v, h, or
Adam's t, m and v) is its *state*: lists shaped like the gradients, made at
the first step, which a model file saves so that training can stop and go on
later with the same numbers.

>>> momentum = Momentum(momentum=0.5)
>>> w = [[1.0, 1.0]]
>>> momentum.step(w, [[2.0, -4.0]], eta=0.1)   # v = 0.5·0 − 0.1·g = [-0.2, 0.4]
>>> w
[[0.8, 1.4]]
>>> momentum.step(w, [[2.0, -4.0]], eta=0.1)   # v = 0.5·v − 0.1·g = [-0.3, 0.6]
>>> [[round(w_i, 12) for w_i in row] for row in w]
[[0.5, 2.0]]

Each step is one plain loop over the weights, one line per line of its rule,
updating the weights and the state in place, with no new lists: also the
fastest way, as appendix C of the tutorial measures.
"""

import math
from math import sqrt


def zeros_like(vectors):
    """A list of zero vectors shaped like `vectors`: the state before the first step."""
    return [[0.0] * len(v) for v in vectors]


def check_fraction(name, value):
    """Return value as a float if 0 ≤ value < 1, else raise ValueError naming it."""
    if isinstance(value, bool) or not (isinstance(value, (int, float)) and 0.0 <= value < 1.0):
        raise ValueError(f"{name} must be at least 0 and less than 1, got {value!r}")
    return float(value)


def check_positive(name, value):
    """Return value as a float if it is a finite number above 0, else raise ValueError."""
    if isinstance(value, bool) or not (isinstance(value, (int, float)) and 0.0 < value < math.inf):
        raise ValueError(f"{name} must be a finite number greater than 0, got {value!r}")
    return float(value)


class Optimizer:
    """What every optimizer shares: a name, settings and state, for saving and loading.

    A subclass lists the names of its hyperparameters (``settings``) and of
    the attributes it remembers between steps (``memory``), and defines ``step``.
    """

    name = None
    settings = ()  # e.g. ("momentum",)
    memory = ()  # e.g. ("velocities",)

    def step(self, params, gradients, eta):
        """Change each vector in params, in place, by the step made of its gradient."""
        raise NotImplementedError

    def hyperparameters(self):
        """The settings as a dict, e.g. {"momentum": 0.9}."""
        return {name: getattr(self, name) for name in self.settings}

    def state(self):
        """What the optimizer remembers, as a dict (its lists are None before the first step)."""
        return {name: getattr(self, name) for name in self.memory}

    def load_state(self, state):
        """Take back a dict made by ``state()``: the next step goes on from there."""
        for name in self.memory:
            setattr(self, name, state[name])

    def __repr__(self):
        settings = ", ".join(f"{name}={value}" for name, value in self.hyperparameters().items())
        return f"{type(self).__name__}({settings})"


class SGD(Optimizer):
    """Plain stochastic gradient descent: w ← w − η g.  It remembers nothing.

    (Network takes this step its own faster way: it adds each sample's
    rank-1 gradient δ aᵀ straight into the weights, with the same result.)
    """

    name = "sgd"

    def step(self, params, gradients, eta):
        for w, g in zip(params, gradients):
            for i in range(len(w)):
                w[i] -= eta * g[i]


class Momentum(Optimizer):
    """Momentum-based gradient descent (Polyak's heavy ball; Nielsen ch. 3):

        v ← μ v − η g
        w ← w + v

    v is a velocity.  Each step adds −η g to what is left of the earlier
    steps, so steps that keep pointing the same way add up (to as much as
    η g / (1 − μ), ten times η g for μ = 0.9) while steps that flip back and
    forth cancel out.  μ is the momentum and 1 − μ the friction; μ = 0 is
    plain gradient descent.
    """

    name = "momentum"
    settings = ("momentum",)
    memory = ("velocities",)

    def __init__(self, momentum=0.9):
        self.momentum = check_fraction("momentum", momentum)
        self.velocities = None

    def step(self, params, gradients, eta):
        if self.velocities is None:
            self.velocities = zeros_like(gradients)
        mu = self.momentum
        for w, v, g in zip(params, self.velocities, gradients):
            for i in range(len(w)):
                v[i] = mu * v[i] - eta * g[i]
                w[i] += v[i]


class Nesterov(Momentum):
    """Nesterov's accelerated gradient: momentum that looks where it is going.

        v ← μ v − η g
        w ← w + μ v − η g

    Nesterov takes the gradient at w + μ v, the point the velocity is about
    to carry the weights to, instead of at w.  Keeping that look-ahead point
    as the weights turns his rule into the one above (Bengio, Boulanger-
    Lewandowski and Pascanu 2013): the same velocity, and a step made of the
    new velocity's next share, μ v, and the gradient step −η g.  With θ = w − μ v
    his weights, g = ∇C(θ + μ v), v' = μ v − η g and θ' = θ + v', so

        w' = θ' + μ v' = w − μ v + v' + μ v' = w + μ v' − η g.
    """

    name = "nesterov"

    def step(self, params, gradients, eta):
        if self.velocities is None:
            self.velocities = zeros_like(gradients)
        mu = self.momentum
        for w, v, g in zip(params, self.velocities, gradients):
            for i in range(len(w)):
                v[i] = mu * v[i] - eta * g[i]
                w[i] += mu * v[i] - eta * g[i]


class AdaGrad(Optimizer):
    """AdaGrad (Duchi, Hazan and Singer 2011): a step size for each weight.

        h ← h + g²
        w ← w − η g / (√h + ε)

    h adds up all the squared gradients a weight has had, so a weight that
    has been pushed a lot takes smaller and smaller steps, while a rarely
    pushed one (from a pixel that is seldom inked) keeps taking large ones.
    The steps only ever shrink.  ε keeps the division finite while h is 0.
    """

    name = "adagrad"
    settings = ("epsilon",)
    memory = ("squares",)

    def __init__(self, epsilon=1e-8):
        self.epsilon = check_positive("epsilon", epsilon)
        self.squares = None

    def step(self, params, gradients, eta):
        if self.squares is None:
            self.squares = zeros_like(gradients)
        eps = self.epsilon
        for w, h, g in zip(params, self.squares, gradients):
            for i in range(len(w)):
                h[i] += g[i] * g[i]
                w[i] -= eta * g[i] / (sqrt(h[i]) + eps)


class RMSProp(Optimizer):
    """RMSProp (Tieleman and Hinton 2012): AdaGrad that forgets.

        h ← ρ h + (1 − ρ) g²
        w ← w − η g / (√h + ε)

    h is a moving average of the squared gradients instead of their sum, so
    each weight's step is η times its gradient divided by the gradient's
    recent size (the root of its mean square): about η, however large or
    small that weight's gradients are.
    """

    name = "rmsprop"
    settings = ("rho", "epsilon")
    memory = ("squares",)

    def __init__(self, rho=0.9, epsilon=1e-8):
        self.rho = check_fraction("rho", rho)
        self.epsilon = check_positive("epsilon", epsilon)
        self.squares = None

    def step(self, params, gradients, eta):
        if self.squares is None:
            self.squares = zeros_like(gradients)
        rho, eps = self.rho, self.epsilon
        for w, h, g in zip(params, self.squares, gradients):
            for i in range(len(w)):
                h[i] = rho * h[i] + (1.0 - rho) * g[i] * g[i]
                w[i] -= eta * g[i] / (sqrt(h[i]) + eps)


class Adam(Optimizer):
    """Adam (Kingma and Ba 2015): momentum and RMSProp together.

        t ← t + 1
        m ← β₁ m + (1 − β₁) g          a moving average of the gradient
        v ← β₂ v + (1 − β₂) g²         ... and of its square
        m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
        w ← w − η m̂ / (√v̂ + ε)

    m and v start at 0, so their first averages are too small: after one step
    m = (1 − β₁) g.  Dividing by 1 − βᵗ corrects that (m̂ = g after one step)
    and matters less and less as t grows.  Each weight moves by about η, in
    the direction its gradient has been pointing lately.

    The code moves the two corrections out of the loop, as Kingma and Ba
    suggest: η m̂ / (√v̂ + ε) = η_t m / (√v + ε_t) with
    η_t = η √(1 − β₂ᵗ) / (1 − β₁ᵗ) and ε_t = ε √(1 − β₂ᵗ).
    """

    name = "adam"
    settings = ("beta1", "beta2", "epsilon")
    memory = ("t", "m", "v")

    def __init__(self, beta1=0.9, beta2=0.999, epsilon=1e-8):
        self.beta1 = check_fraction("beta1", beta1)
        self.beta2 = check_fraction("beta2", beta2)
        self.epsilon = check_positive("epsilon", epsilon)
        self.t = 0
        self.m = self.v = None

    def step(self, params, gradients, eta):
        if self.m is None:
            self.m, self.v = zeros_like(gradients), zeros_like(gradients)
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        root = sqrt(1.0 - b2 ** self.t)
        eta_t = eta * root / (1.0 - b1 ** self.t)
        eps_t = self.epsilon * root
        for w, m, v, g in zip(params, self.m, self.v, gradients):
            for i in range(len(w)):
                m[i] = b1 * m[i] + (1.0 - b1) * g[i]
                v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i]
                w[i] -= eta_t * m[i] / (sqrt(v[i]) + eps_t)


OPTIMIZERS = {cls.name: cls for cls in (SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam)}
