"""``python -m purenn.bench``: how fast purenn trains, evaluates and loads, in numbers.

A measuring tool, not a test: it asserts nothing and prints a small table.
For each network size it trains on the first N training samples (batch 10,
seed 1) and evaluates on the first M test samples, each in five chunks after a
short warm-up, and reports the median chunk's speed (and the best), extrapolated
to one 60,000-sample epoch.  From a source checkout it also times the index-loop
reference network in tests/reference.py, the "straightforward" baseline.
Then it times each optimizer (and weight decay) on the first network against
plain SGD, in CPU time and taking turns chunk by chunk, so that other programs
on a busy machine disturb the comparison as little as possible.  Last, the same
way, Nielsen's chapter-6 network (convnet.py: 20 filters 5 x 5, 2 x 2 pooling,
100 fully connected, softmax) with the plain loops and with the fast ones.

    python -m purenn.bench
    python -m purenn.bench --sizes 784,30,10 --train-samples 6000 --reference-samples 100
    python -m purenn.bench --sizes 784,30,10 --reference-samples 0 --optimizers sgd adam
    python -m purenn.bench --sizes 784,30,10 --train-samples 1000 --reference-samples 0 --optimizers --conv-samples 500
"""

import argparse
import os
import platform
import statistics
import sys
import time

from ..activations import HIDDEN
from ..convnet import ConvNetwork, conv_layers
from ..data import load_csv
from ..network import Network
from ..optimizers import OPTIMIZERS
from .datafiles import TEST_NAME, TRAIN_NAME, find_mnist
from .pypy import restart_with_larger_nursery

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EPOCH = 60_000


def peak_rss_mb():
    """The process's peak resident memory in MB (None where the OS does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KB elsewhere


def interpreter():
    return f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}"


def seconds(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def ms_per_sample(fn, samples, repeats=5, warm_up=200):
    """fn(chunk)'s time in ms per sample over `repeats` equal chunks: (median, best).

    fn first runs once on `warm_up` samples untimed, so that PyPy's JIT has
    compiled the loops before the clock starts (CPython is unaffected).  The
    median says what to expect; the best is the least disturbed by whatever
    else the machine was doing.
    """
    fn(samples[:warm_up])
    size = max(len(samples) // repeats, 1)
    chunks = [samples[k:k + size] for k in range(0, size * repeats, size)]
    times = [1000 * seconds(lambda: fn(chunk)) / len(chunk) for chunk in chunks]
    return statistics.median(times), min(times)


def reference_network(sizes):
    """The index-loop reference from tests/reference.py, started like Network(sizes, seed=1).

    None outside a source checkout, where tests/ is not there.
    """
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    try:
        from reference import ReferenceNetwork
    except ImportError:
        return None
    finally:
        sys.path.pop(0)
    start = Network(sizes, seed=1)
    return ReferenceNetwork([w.rows for w in start.weights], start.biases)


def train_in_batches(update_mini_batch, samples, batch_size=10, eta=0.5):
    for k in range(0, len(samples), batch_size):
        update_mini_batch(samples[k:k + batch_size], eta)


# The optimizer table's rows: (label, optimizer name, lmbda); η hardly changes the time.
LMBDA_ROW = ("sgd --lmbda 5", "sgd", 5.0)


def optimizer_rows(names):
    rows = [(name, name, 0.0) for name in names]
    if "sgd" in names:
        rows.insert(1, LMBDA_ROW)
    return rows


def time_optimizers(sizes, samples, rows, repeats=5, warm_up=200):
    """{label: [CPU ms per sample of each chunk]}, the rows taking turns chunk by chunk."""
    nets, times = {}, {}
    for label, name, lmbda in rows:
        nets[label] = net = Network(sizes, seed=1, optimizer=OPTIMIZERS[name]())
        net.train_epoch(samples[:warm_up], 10, 0.01, lmbda)  # untimed: PyPy compiles its loops
        times[label] = []
    size = max(len(samples) // repeats, 1)
    for k in range(0, size * repeats, size):
        chunk = samples[k:k + size]
        for label, _, lmbda in rows:
            start = time.process_time()
            for j in range(0, len(chunk), 10):
                nets[label].update_mini_batch(chunk[j:j + 10], 0.01, lmbda, len(samples))
            times[label].append(1000 * (time.process_time() - start) / len(chunk))
    return times


def conv_network(activation, fast):
    """Nielsen's one-conv-layer network: 20 filters 5 x 5, pool 2, 100 fully connected, softmax."""
    net = ConvNetwork(conv_layers((1, 28, 28), [(20, 5)], 2, [100], activation=HIDDEN[activation]), seed=1)
    net.set_fast(fast)
    return net


def time_conv(samples, test_data, activation, repeats=5, warm_up=50):
    """{(what, fast): [CPU ms per sample of each chunk]}: training and evaluation, plain and fast
    loops taking turns chunk by chunk (the plain ones on a tenth of the chunk: they are slow)."""
    nets = {fast: conv_network(activation, fast) for fast in (False, True)}
    for net in nets.values():
        net.train_epoch(samples[:warm_up], 10, 0.03)  # untimed: PyPy compiles its loops
        net.evaluate(test_data[:warm_up])
    times = {(what, fast): [] for what in ("train", "eval") for fast in (False, True)}
    size = len(samples) // repeats
    for k in range(0, size * repeats, size):
        for fast, net in nets.items():
            n = size if fast else max(size // 10, 1)
            for what, data in (("train", samples[k:k + n]), ("eval", test_data[k:k + n])):
                start = time.process_time()
                if what == "train":
                    train_in_batches(net.update_mini_batch, data, eta=0.03)
                else:
                    net.evaluate(data)
                times[what, fast].append(1000 * (time.process_time() - start) / len(data))
    return times


def print_conv_table(training_data, test_data, n, repeats=5):
    n = min(n, len(training_data), len(test_data))
    if n < repeats:
        print(f"\nconv network: too few samples to time ({n})")
        return
    print(f"\nconv network [1x28x28, conv 20 5x5, pool 2, 100, 10 softmax], batch size 10, "
          f"taking turns, in CPU time:")
    print(f"{'activation':<12}{'loops':<8}{'train ms/sample':>17}{'s/epoch (60k)':>15}"
          f"{'eval ms/sample':>16}{'train x fast':>14}")
    for activation in ("relu", "sigmoid"):
        times = time_conv(training_data[:n], test_data[:n], activation, repeats)
        fast_ms = statistics.median(times["train", True])
        for fast in (False, True):
            train_ms = statistics.median(times["train", fast])
            eval_ms = statistics.median(times["eval", fast])
            print(f"{activation:<12}{'fast' if fast else 'plain':<8}{train_ms:>17.2f}{train_ms * EPOCH / 1000:>15.0f}"
                  f"{eval_ms:>16.2f}{train_ms / fast_ms:>14.1f}", flush=True)


def parse_sizes(text):
    try:
        sizes = [int(n) for n in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 784,30,10, got {text!r}") from None
    if len(sizes) < 2 or sizes[0] != 784 or sizes[-1] != 10 or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"sizes must start with 784 and end with 10, got {text!r}")
    return sizes


def main(argv=None):
    if argv is None:
        restart_with_larger_nursery()  # PyPy only, as for training: see pypy.py
    parser = argparse.ArgumentParser(prog="python -m purenn.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, nargs="+",
                        default=[[784, 30, 10], [784, 100, 10]], help="networks, e.g. 784,30,10")
    parser.add_argument("--train-samples", type=int, default=5000, help="samples to train on (default 5000)")
    parser.add_argument("--eval-samples", type=int, default=10_000, help="test samples (default 10000)")
    parser.add_argument("--reference-samples", type=int, default=150,
                        help="samples for the index-loop reference, 0 to skip (default 150)")
    parser.add_argument("--optimizers", nargs="*", choices=sorted(OPTIMIZERS), metavar="NAME",
                        default=list(OPTIMIZERS),
                        help="optimizers to time against sgd; --optimizers with no names skips them (default: all)")
    parser.add_argument("--conv-samples", type=int, default=500,
                        help="samples for the conv network, plain and fast loops, 0 to skip (default 500)")
    for option, name in (("--train", TRAIN_NAME), ("--test", TEST_NAME)):  # see datafiles.py for where
        parser.add_argument(option, default=find_mnist(name) or os.path.join("data", name), metavar="PATH")
    args = parser.parse_args(argv)

    print(f"purenn bench: {interpreter()}")
    start = time.perf_counter()
    training_data = load_csv(args.train, sparse=True)
    load_s = time.perf_counter() - start
    test_data = load_csv(args.test, limit=args.eval_samples, sparse=True)
    print(f"load {os.path.basename(args.train)}: {len(training_data)} samples in {load_s:.1f} s\n")

    train = training_data[:args.train_samples]
    print(f"{'network':<16}{'train ms/sample':>17}{'s/epoch (60k)':>15}{'best s/epoch':>14}"
          f"{'eval ms/sample':>16}{'eval s (' + str(len(test_data)) + ')':>15}")
    for sizes in args.sizes:
        net = Network(sizes, seed=1)
        train_ms, best_ms = ms_per_sample(lambda chunk: train_in_batches(net.update_mini_batch, chunk), train)
        eval_ms, _ = ms_per_sample(net.evaluate, test_data)
        print(f"{str(sizes):<16}{train_ms:>17.3f}{train_ms * EPOCH / 1000:>15.1f}{best_ms * EPOCH / 1000:>14.1f}"
              f"{eval_ms:>16.3f}{eval_ms * len(test_data) / 1000:>15.1f}", flush=True)
        if sizes == args.sizes[0]:
            first_train_ms = train_ms

    if args.reference_samples:
        sizes = args.sizes[0]
        reference = reference_network(sizes)
        if reference is None:
            print("\nindex-loop reference: not found (run from a source checkout)")
        else:
            ref_ms, _ = ms_per_sample(lambda chunk: train_in_batches(reference.update_mini_batch, chunk),
                                      training_data[:args.reference_samples], warm_up=10)
            print(f"\nindex-loop reference {sizes}: {ref_ms:.2f} ms/sample, "
                  f"{ref_ms * EPOCH / 1000:.0f} s/epoch; purenn is {ref_ms / first_train_ms:.1f}x faster")

    if args.optimizers:
        names = ["sgd"] + [name for name in args.optimizers if name != "sgd"]
        times = time_optimizers(args.sizes[0], train, optimizer_rows(names))
        plain = statistics.median(times["sgd"])
        print(f"\noptimizers on {args.sizes[0]}, batch size 10, taking turns, in CPU time:")
        print(f"{'optimizer':<16}{'train ms/sample':>17}{'s/epoch (60k)':>15}{'x sgd':>8}")
        for label, chunk_times in times.items():
            ms = statistics.median(chunk_times)
            print(f"{label:<16}{ms:>17.3f}{ms * EPOCH / 1000:>15.1f}{ms / plain:>8.2f}", flush=True)
    if args.conv_samples:
        print_conv_table(training_data, test_data, args.conv_samples)
    rss = peak_rss_mb()
    print(f"peak RSS: {rss:.0f} MB" if rss is not None else "peak RSS: not available here")


if __name__ == "__main__":
    main()
