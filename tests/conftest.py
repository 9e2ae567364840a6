"""Shared fixtures: small slices of the shipped MNIST files, loaded once per run."""

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # for `import reference`

from purenn.data import load_csv  # noqa: E402

TRAIN = os.path.join(ROOT, "data", "mnist_train.csv.gz")
TEST = os.path.join(ROOT, "data", "mnist_test.csv.gz")


@pytest.fixture(scope="session")
def mnist_train_2000():
    return load_csv(TRAIN, limit=2000)


@pytest.fixture(scope="session")
def mnist_test_500():
    return load_csv(TEST, limit=500)


@pytest.fixture(scope="session")
def mnist_small(mnist_test_500):
    return mnist_test_500[:20]
