"""``python -m purenn.bench``: how fast purenn trains, evaluates and loads, in numbers.

A measuring tool, not a test: it asserts nothing and prints a small table.
For each network size it trains on the first N training samples (batch 10,
seed 1) and evaluates on the first M test samples, then extrapolates to one
60,000-sample epoch.  From a source checkout it also times the index-loop
reference network in tests/reference.py, the "straightforward" baseline.

    python -m purenn.bench
    python -m purenn.bench --sizes 784,30,10 --train-samples 6000 --reference-samples 100
"""

import argparse
import os
import platform
import sys
import time

from .data import load_csv
from .network import Network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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


def time_training(sizes, samples, batch_size=10, eta=0.5):
    """Milliseconds per sample for one pass of mini-batch SGD over `samples`."""
    net = Network(sizes, seed=1)
    return 1000 * seconds(lambda: net.train_epoch(samples, batch_size, eta)) / len(samples), net


def time_reference(sizes, samples, batch_size=10, eta=0.5):
    """Milliseconds per sample for the index-loop reference, or None outside a checkout."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    try:
        from reference import ReferenceNetwork
    except ImportError:
        return None
    finally:
        sys.path.pop(0)
    start = Network(sizes, seed=1)
    reference = ReferenceNetwork([w.rows for w in start.weights], start.biases)
    batches = [samples[k:k + batch_size] for k in range(0, len(samples), batch_size)]
    elapsed = seconds(lambda: [reference.update_mini_batch(batch, eta) for batch in batches])
    return 1000 * elapsed / len(samples)


def parse_sizes(text):
    try:
        sizes = [int(n) for n in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 784,30,10, got {text!r}") from None
    if len(sizes) < 2 or sizes[0] != 784 or sizes[-1] != 10 or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"sizes must start with 784 and end with 10, got {text!r}")
    return sizes


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m purenn.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, nargs="+",
                        default=[[784, 30, 10], [784, 100, 10]], help="networks, e.g. 784,30,10")
    parser.add_argument("--train-samples", type=int, default=3000, help="samples to train on (default 3000)")
    parser.add_argument("--eval-samples", type=int, default=10_000, help="test samples (default 10000)")
    parser.add_argument("--reference-samples", type=int, default=100,
                        help="samples for the index-loop reference, 0 to skip (default 100)")
    parser.add_argument("--train", default=os.path.join(ROOT, "data", "mnist_train.csv.gz"))
    parser.add_argument("--test", default=os.path.join(ROOT, "data", "mnist_test.csv.gz"))
    args = parser.parse_args(argv)

    print(f"purenn bench: {interpreter()}")
    start = time.perf_counter()
    training_data = load_csv(args.train)
    load_s = time.perf_counter() - start
    test_data = load_csv(args.test, limit=args.eval_samples)
    print(f"load {os.path.basename(args.train)}: {len(training_data)} samples in {load_s:.1f} s\n")

    train = training_data[:args.train_samples]
    print(f"{'network':<18}{'train ms/sample':>16}{'s/epoch (60k)':>15}{'eval ms/sample':>16}"
          f"{'eval s (' + str(len(test_data)) + ')':>14}")
    for sizes in args.sizes:
        train_ms, net = time_training(sizes, train)
        eval_s = seconds(lambda: net.evaluate(test_data))
        print(f"{str(sizes):<18}{train_ms:>16.3f}{train_ms * EPOCH / 1000:>15.1f}"
              f"{1000 * eval_s / len(test_data):>16.3f}{eval_s:>14.1f}", flush=True)

    if args.reference_samples:
        sizes = args.sizes[0]
        ref_ms = time_reference(sizes, training_data[:args.reference_samples])
        if ref_ms is None:
            print("\nindex-loop reference: not found (run from a source checkout)")
        else:
            fast_ms, _ = time_training(sizes, training_data[:max(args.reference_samples, 1000)])
            print(f"\nindex-loop reference {sizes}: {ref_ms:.2f} ms/sample, "
                  f"{ref_ms * EPOCH / 1000:.0f} s/epoch; purenn is {ref_ms / fast_ms:.1f}x faster")
    rss = peak_rss_mb()
    print(f"peak RSS: {rss:.0f} MB" if rss is not None else "peak RSS: not available here")


if __name__ == "__main__":
    main()
