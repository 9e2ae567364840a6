"""The network on one page (docs/tutorial/network_on_one_page.py) is purenn's Network.

The page's file imports nothing of purenn, so these tests hold it against purenn from outside:

- from the same weights and the same random state (hence the same shuffle), one epoch of
  ``sgd`` on 2000 MNIST images ends with the same weights and biases, to 1e-9, and the same
  accuracy on 500 test images;
- its ``backprop`` and ``update_mini_batch`` equal purenn's on one sample and one batch, and a
  deliberately broken copy of each (BP2 without σ', a step without the 1/m) does not;
- the same seed draws the same starting network as purenn's, which is why its command prints
  the numbers ``python main.py`` prints (chapter 4a shows both);
- it runs as a command, and chapter 4a shows the whole file, character for character.
"""

import importlib.util
import os
import re
import subprocess
import sys

import pytest

from purenn.data import load_csv
from purenn.network import Network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "docs", "tutorial", "network_on_one_page.py")
PAGE = os.path.join(ROOT, "docs", "tutorial", "04a-the-network-on-one-page.md")

spec = importlib.util.spec_from_file_location("network_on_one_page", SCRIPT)
one_page = importlib.util.module_from_spec(spec)
spec.loader.exec_module(one_page)


def rows(nabla_w_l):
    """A weight gradient as a list of rows, whether purenn gives an Outer, a Matrix or rows."""
    if hasattr(nabla_w_l, "to_matrix"):
        nabla_w_l = nabla_w_l.to_matrix()
    return getattr(nabla_w_l, "rows", nabla_w_l)


def dense(data):
    """The samples with each image as a plain list, as the one-page network reads them."""
    return [(list(x), y) for x, y in data]


def copy_of(net, network_class=one_page.Network):
    """A one-page network with purenn's net's weights, biases and random state."""
    copy = network_class(net.sizes, seed=0)
    copy.weights = [[list(row) for row in w.rows] for w in net.weights]
    copy.biases = [list(b) for b in net.biases]
    copy.rng.setstate(net.rng.getstate())
    return copy


def largest_difference(biases, weights, other_biases, other_weights):
    """max |p - q| over all biases and weights of two networks (or gradients) of the same shape."""
    pairs = [(b, q) for bl, ql in zip(biases, other_biases) for b, q in zip(bl, ql)]
    pairs += [(w, q) for wl, ql in zip(weights, other_weights)
              for row, q_row in zip(rows(wl), rows(ql)) for w, q in zip(row, q_row)]
    assert len(pairs) == sum(len(b) for b in biases) + sum(len(r) for w in weights for r in rows(w))
    return max(abs(p - q) for p, q in pairs)


def test_one_epoch_of_sgd_ends_with_purenns_weights_and_accuracy(mnist_train_2000, mnist_test_500):
    net = Network([784, 30, 10], seed=3)
    copy = copy_of(net)
    start_b, start_w = [list(b) for b in copy.biases], [[list(row) for row in w] for w in copy.weights]
    net.sgd(mnist_train_2000, 1, 10, 0.5)
    copy.sgd(dense(mnist_train_2000), 1, 10, 0.5)
    # It learned: the weights moved far more than the difference we accept ...
    assert largest_difference(copy.biases, copy.weights, start_b, start_w) > 0.1
    # ... and after 200 steps they agree with purenn's to rounding.
    assert largest_difference(copy.biases, copy.weights, net.biases, net.weights) < 1e-9
    right = net.evaluate(mnist_test_500)
    assert copy.evaluate(dense(mnist_test_500)) == right
    assert right > 0.7 * len(mnist_test_500)  # chance is a tenth


def test_backprop_is_purenns_backprop(mnist_small, monkeypatch):
    net = Network([784, 30, 10], seed=2)
    copy = copy_of(net)
    x, y = mnist_small[0]
    nabla_b, nabla_w = net.backprop(x, y)
    assert largest_difference(*copy.backprop(list(x), y), nabla_b, nabla_w) < 1e-12
    monkeypatch.setattr(one_page, "sigmoid_prime", lambda z: 1.0)  # BP2 without σ'(z^l)
    assert largest_difference(*copy.backprop(list(x), y), nabla_b, nabla_w) > 1e-3


class StepWithoutOneOverM(one_page.Network):
    """A broken copy: steps by η times the sum of the batch's gradients, not η/m times."""

    def update_mini_batch(self, mini_batch, eta):
        super().update_mini_batch(mini_batch, eta * len(mini_batch))


def test_one_step_is_purenns_step(mnist_small):
    net = Network([784, 30, 10], seed=4)
    copy, broken = copy_of(net), copy_of(net, StepWithoutOneOverM)
    batch = mnist_small[:10]
    net.update_mini_batch(batch, 0.5)
    copy.update_mini_batch(dense(batch), 0.5)
    broken.update_mini_batch(dense(batch), 0.5)
    assert largest_difference(copy.biases, copy.weights, net.biases, net.weights) < 1e-12
    assert largest_difference(broken.biases, broken.weights, net.biases, net.weights) > 1e-2


def test_the_same_seed_draws_purenns_starting_network():
    net, copy = Network([784, 30, 10], seed=1), one_page.Network([784, 30, 10], seed=1)
    assert copy.weights == [w.rows for w in net.weights]
    assert copy.biases == net.biases
    assert copy.rng.getstate() == net.rng.getstate()  # so the shuffles are the same too


def test_sigmoid_does_not_overflow():
    assert one_page.sigmoid(-1000.0) == 0.0 and one_page.sigmoid(1000.0) == 1.0
    assert one_page.sigmoid_prime(-1000.0) == 0.0


def test_its_loader_reads_what_purenns_reads():
    path = os.path.join(ROOT, "data", "mnist_test.csv.gz")
    assert one_page.load_mnist(path, limit=5) == dense(load_csv(path, limit=5))


def test_it_runs_as_a_command_and_prints_purenns_accuracy(mnist_train_2000, mnist_test_500):
    result = subprocess.run(
        [sys.executable, SCRIPT, "--limit", "1000", "--epochs", "1", "--test-limit", "500"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    assert result.returncode == 0, result.stdout
    net = Network([784, 30, 10], seed=1)
    net.sgd(mnist_train_2000[:1000], 1, 10, 0.5)
    lines = result.stdout.splitlines()
    assert lines[0] == "Training [784, 30, 10] on 1000 images, testing on 500"
    assert lines[1] == f"Epoch 1: {net.evaluate(mnist_test_500)} / 500"
    assert re.fullmatch(r"Done in \d+\.\d s", lines[2]) and len(lines) == 3


def test_the_chapter_shows_the_whole_file():
    with open(PAGE, encoding="utf-8") as f:
        page = f.read()
    with open(SCRIPT, encoding="utf-8") as f:
        script = f.read()
    blocks = re.findall(r"^```python\n(.*?)^```$", page, re.MULTILINE | re.DOTALL)
    assert script in blocks, "docs/tutorial/04a-the-network-on-one-page.md must show the file as it is"
    assert ">>>" not in script  # the page is a doctest: a >>> in the file would run there
