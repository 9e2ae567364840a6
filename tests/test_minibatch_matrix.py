"""Chapter 5's mini-batch as one matrix product gives the per-sample sum of backprop's gradients.

The functions tested are the chapter's own (`columns`, `each_column`, `backprop_matrix`), taken
from its `>>>` examples under "## A mini-batch as one matrix product", so the test checks the
code a learner reads. For several random networks (sizes, hidden activations, the sigmoid
cross-entropy and the softmax log-likelihood output) and random batches, Δ^l (A^{l-1})ᵀ and the
row sums of Δ^l must equal Σ_x of `Network.backprop`'s ∂C_x/∂w^l and ∂C_x/∂b^l to 1e-12.
"""

import doctest
import os
import random
import types

import pytest

from purenn.activations import ReLU, Sigmoid, Tanh
from purenn.costs import CrossEntropyCost, LogLikelihoodCost
from purenn.matrix import Matrix
from purenn.network import Network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHAPTER = os.path.join(ROOT, "docs", "tutorial", "05-learning-mnist.md")
SECTION = "## A mini-batch as one matrix product"


def chapter_functions():
    """The namespace made by the section's `>>>` examples that define functions or import."""
    with open(CHAPTER, encoding="utf-8") as f:
        section = f.read().split(SECTION, 1)[1].split("\n## ", 1)[0]
    namespace = {}
    for example in doctest.DocTestParser().get_examples(section):
        if example.source.startswith(("def ", "from ", "import ")):
            exec(example.source, namespace)
    return namespace


CHAPTER_CODE = chapter_functions()


def summed_backprop(net, batch):
    """Σ_x ∂C_x/∂b and Σ_x ∂C_x/∂w, one `backprop` per sample, as plain lists of rows."""
    sum_b = [[0.0] * len(b) for b in net.biases]
    sum_w = [[[0.0] * w.shape[1] for _ in range(w.shape[0])] for w in net.weights]
    for x, y in batch:
        nabla_b, nabla_w = net.backprop(x, y)
        for sb, nb in zip(sum_b, nabla_b):
            for j, g in enumerate(nb):
                sb[j] += g
        for sw, nw in zip(sum_w, nabla_w):
            for row, grow in zip(sw, nw.rows):
                for k, g in enumerate(grow):
                    row[k] += g
    return sum_b, sum_w


def random_batch(rng, n_in, n_out, m):
    """m samples of n_in inputs in [0, 1), some exactly 0 as in MNIST, with int labels."""
    return [([rng.random() if rng.random() < 0.7 else 0.0 for _ in range(n_in)], rng.randrange(n_out))
            for _ in range(m)]


def test_the_chapter_defines_the_functions():
    assert {"columns", "each_column", "backprop_matrix"} <= set(CHAPTER_CODE)
    assert CHAPTER_CODE["columns"]([[1, 2, 3], [4, 5, 6]]) == Matrix([[1, 4], [2, 5], [3, 6]])


CASES = [
    ([4, 3, 2], Sigmoid, CrossEntropyCost, 5, 1),
    ([7, 5, 4, 3], Tanh, CrossEntropyCost, 8, 2),
    ([6, 8, 5], ReLU, LogLikelihoodCost, 6, 3),
    ([10, 4, 4, 4, 6], Sigmoid, LogLikelihoodCost, 3, 4),
    ([5, 1, 3], Tanh, LogLikelihoodCost, 12, 5),
    ([3, 2], Sigmoid, CrossEntropyCost, 1, 6),
]


@pytest.mark.parametrize("sizes, activation, cost, m, seed", CASES)
def test_matrix_backprop_is_the_per_sample_sum(sizes, activation, cost, m, seed):
    rng = random.Random(seed)
    net = Network(sizes, cost=cost, hidden_activation=activation, seed=seed)
    for w in net.weights:  # weights and biases of the size that makes every σ' matter
        for row in w.rows:
            row[:] = [rng.uniform(-1.5, 1.5) for _ in row]
    net.biases = [[rng.uniform(-1, 1) for _ in b] for b in net.biases]
    batch = random_batch(rng, sizes[0], sizes[-1], m)
    matrix_b, matrix_w = CHAPTER_CODE["backprop_matrix"](net, batch)
    loop_b, loop_w = summed_backprop(net, batch)
    assert [w.shape for w in matrix_w] == [w.shape for w in net.weights]
    assert [len(b) for b in matrix_b] == [len(b) for b in net.biases]
    for mw, lw in zip(matrix_w, loop_w):
        for row, loop_row in zip(mw.rows, lw):
            assert row == pytest.approx(loop_row, rel=0, abs=1e-12)
    for mb, lb in zip(matrix_b, loop_b):
        assert mb == pytest.approx(lb, rel=0, abs=1e-12)
    # The gradient is not trivially small: a comparison of zeros would prove nothing.
    assert max(abs(g) for row in matrix_w[0].rows for g in row) > 1e-3


def test_a_wrong_bp2_is_caught():
    """Leaving out σ'(Z^l) in BP2 changes the hidden layers' sums: the comparison above sees it."""
    net = Network([4, 3, 2], seed=7)
    batch = random_batch(random.Random(7), 4, 2, 5)
    def without_slope(f, M):
        """Like the chapter's each_column, but σ' is replaced by 1 everywhere."""
        if f.__name__ == "prime":
            return Matrix([[1.0] * M.shape[1] for _ in range(M.shape[0])])
        return CHAPTER_CODE["each_column"](f, M)

    namespace = dict(CHAPTER_CODE, each_column=without_slope)
    wrong = types.FunctionType(CHAPTER_CODE["backprop_matrix"].__code__, namespace)
    wrong_b, wrong_w = wrong(net, batch)
    loop_b, loop_w = summed_backprop(net, batch)
    assert wrong_b[-1] == pytest.approx(loop_b[-1], abs=1e-12)  # the output layer needs no σ'
    assert max(abs(p - q) for row, loop_row in zip(wrong_w[0].rows, loop_w[0])
               for p, q in zip(row, loop_row)) > 1e-3
