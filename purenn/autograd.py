"""Automatic differentiation: the gradient of any formula built from numbers that remember.

A ``Value`` holds one number, ``data``, and remembers how it was made: the
Values it was computed from (``inputs``) and, for each of them, the local
derivative ∂(this)/∂(input), worked out when it was made.  Every formula
built from Values is a graph: one node per operation, an arrow from each
input to what was made from it.  ``c.backward()`` then gives every Value v in
the graph of c its ``grad`` = ∂c/∂v, by the chain rule summed over the arrows
that leave v:

    ∂c/∂v = Σ_u ∂c/∂u · ∂u/∂v      (u: each Value made directly from v).

This is reverse-mode automatic differentiation, what PyTorch's
``loss.backward()`` does, here one number at a time.  The names are those
learners know from Andrej Karpathy's micrograd: ``Value``, ``data``, ``grad``,
``backward`` and ``relu`` as in its micrograd/engine.py, ``exp`` and ``tanh``
as in the lecture that builds it (github.com/karpathy/nn-zero-to-hero,
lectures/micrograd); ``log`` and ``sigmoid`` are named the same way.  A plain
number may stand on either side of an operator: ``2 * a``, ``1 - a``, ``a / 3``.

What this is not: fast.  Each product of a weight and an activation is a
Python object with its own links, so a [784, 30, 10] network's cost is a graph
of about 72,000 Values; ``Network.backprop`` computes the same gradient a
layer at a time (chapter 4b of the tutorial compares the two).

>>> a, b = Value(2.0), Value(-3.0)
>>> c = a * b + a
>>> c.backward()
>>> c
Value(-4.0, grad=1.0)
>>> a.grad, b.grad  # ∂c/∂a = b + 1 and ∂c/∂b = a
(-2.0, 2.0)
"""

import math

from .activations import sigmoid


def as_value(x):
    """x itself if it is a Value, else a new Value holding the plain number x (a constant)."""
    return x if isinstance(x, Value) else Value(x)


class Value:
    """One number of a computation, and the gradient ``backward()`` gives it.

    data:        the number.
    grad:        ∂c/∂(this Value), once ``c.backward()`` has run; 0.0 before.
    inputs:      the Values this one was computed from (none for a Value you made).
    local_grads: ∂(this)/∂(input) for each of the inputs, in the same order.
    op:          what made it ("+", "*", "exp", ...; "" for a Value you made).

    Each operation below is one rule: its value, and its local derivatives
    with respect to its inputs, each derived in its docstring.
    """

    def __init__(self, data, inputs=(), local_grads=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.inputs = tuple(inputs)
        self.local_grads = tuple(local_grads)
        self.op = op

    def __add__(self, other):
        """a + b.  Moving a by ε moves a + b by ε: ∂(a + b)/∂a = 1, and likewise ∂/∂b = 1."""
        other = as_value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other):
        """a - b.  ∂(a - b)/∂a = 1 and ∂(a - b)/∂b = -1: raising b lowers a - b as much."""
        other = as_value(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __mul__(self, other):
        """a · b.  (a + ε) b = a b + ε b, so ∂(a·b)/∂a = b, and likewise ∂(a·b)/∂b = a.

        Each factor's slope is the other factor: a weight's gradient is
        proportional to the activation it multiplies (chapter 4's BP4).
        """
        other = as_value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __truediv__(self, other):
        """a / b.  ∂(a/b)/∂a = 1/b, and ∂(a/b)/∂b = -a/b², from d(1/b)/db = -1/b².

        (The slope of 1/b: 1/(b + ε) - 1/b = -ε / (b (b + ε)) ≈ -ε/b².)
        """
        other = as_value(other)
        return Value(self.data / other.data, (self, other),
                     (1.0 / other.data, -self.data / (other.data * other.data)), "/")

    def __pow__(self, n):
        """a^n for a plain number n.  ∂(a^n)/∂a = n a^(n-1), the power rule.

        For a whole n: (a + ε)^n = a^n + n a^(n-1) ε + (terms in ε², ε³, ...).
        """
        if isinstance(n, Value):
            raise TypeError("a Value can only be raised to a plain number, e.g. a ** 2")
        if self.data < 0.0 and n != int(n):
            raise ValueError(f"{self.data} ** {n} is not a real number")
        if self.data == 0.0 and n < 1 and n != 0:
            # 0 ** n is undefined for n < 0, and for 0 < n < 1 its slope n 0^(n-1) is infinite.
            raise ValueError(f"0 ** {n} has no finite slope at 0")
        slope = 0.0 if n == 0 else n * self.data ** (n - 1)  # a^0 = 1 for every a: flat
        return Value(self.data ** n, (self,), (slope,), f"**{n}")

    def __neg__(self):
        """-a.  ∂(-a)/∂a = -1."""
        return Value(-self.data, (self,), (-1.0,), "neg")

    def __radd__(self, other):
        """number + a: the same sum, a + number (sum() starts from the number 0)."""
        return self + other

    def __rsub__(self, other):
        """number - a, e.g. 1 - a: the constant made a Value first."""
        return as_value(other) - self

    def __rmul__(self, other):
        """number · a, e.g. 0.5 * a: the same product, a · number."""
        return self * other

    def __rtruediv__(self, other):
        """number / a, e.g. 1 / a: the constant made a Value first."""
        return as_value(other) / self

    def exp(self):
        """e^a.  ∂(e^a)/∂a = e^a: the exponential is its own derivative."""
        e = math.exp(self.data)
        return Value(e, (self,), (e,), "exp")

    def log(self):
        """ln a, for a > 0.  ∂(ln a)/∂a = 1/a (ln is the inverse of exp, whose slope is e^y = a)."""
        if self.data <= 0.0:
            raise ValueError(f"log needs a positive number, got {self.data}")
        return Value(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def sigmoid(self):
        """σ(a) = 1 / (1 + e^(-a)).  ∂σ/∂a = σ(a) (1 - σ(a)).

        By the chain rule on (1 + e^(-a))^(-1):
            σ'(a) = e^(-a) / (1 + e^(-a))² = σ(a) · e^(-a) / (1 + e^(-a)) = σ(a) (1 - σ(a)).
        The value comes from activations.sigmoid, which never overflows.
        """
        s = sigmoid(self.data)
        return Value(s, (self,), (s * (1.0 - s),), "sigmoid")

    def relu(self):
        """max(0, a).  Its slope is 1 where a > 0 and 0 where a < 0 (0 at a = 0, as ReLU.prime)."""
        return Value(max(0.0, self.data), (self,), (1.0 if self.data > 0.0 else 0.0,), "relu")

    def tanh(self):
        """tanh a = sinh a / cosh a.  ∂(tanh a)/∂a = 1 - tanh² a.

        By the quotient rule, with sinh' = cosh and cosh' = sinh:
            (sinh/cosh)' = (cosh² - sinh²) / cosh² = 1 - tanh².
        """
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,), "tanh")

    def topological_order(self):
        """Every Value in the graph of this one, each listed after all of its inputs.

        Depth first: a Value goes on the list once all of its inputs are on it.
        An explicit stack does the walk, not recursion, because a long sum is a
        deep graph: a sum of n terms is a chain of n additions, and a recursive
        walk needs one call per link.  CPython stops at 1,000 calls by default;
        measured on 3.11, a recursive walk gets through a 990-term sum and fails
        on a 1,000-term one.  The cost of [784, 30, 10] is 832 deep and
        [784, 100, 10]'s 902, so recursion would just do for them, but not for
        a cost summed over a few hundred samples or an image of 32 x 32 pixels.
        Each stack entry is (value, whether its inputs have been visited).
        """
        order, visited = [], set()
        stack = [(self, False)]
        while stack:
            v, inputs_visited = stack.pop()
            if inputs_visited:
                order.append(v)
            elif v not in visited:
                visited.add(v)
                stack.append((v, True))  # comes back off the stack after all its inputs
                stack.extend((u, False) for u in v.inputs if u not in visited)
        return order

    def backward(self):
        """Set v.grad = ∂self/∂v for every Value v in the graph of self.

        The chain rule: v reaches self only through the Values u made from v, so

            ∂self/∂v = Σ_u ∂self/∂u · ∂u/∂v,

        and ∂u/∂v is one of u's local_grads.  Walking the graph from self back
        to its inputs (the topological order, reversed), each u's grad is
        complete when its turn comes, because everything made from u came
        later in the forward order; u then adds grad · local_grad to each input.
        Every grad is first set to 0, so calling backward() twice gives the
        same numbers (micrograd and PyTorch add to .grad until you zero it).
        """
        order = self.topological_order()
        for v in order:
            v.grad = 0.0
        self.grad = 1.0  # ∂self/∂self
        for u in reversed(order):
            for v, local_grad in zip(u.inputs, u.local_grads):
                v.grad += u.grad * local_grad

    def __repr__(self):
        return f"Value({self.data!r}, grad={self.grad!r})"
