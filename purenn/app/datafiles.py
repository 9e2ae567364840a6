"""Where the MNIST files that purenn ships are, wherever the command runs.

The repository keeps them in its top-level data/ folder; a wheel built from it
carries the same two files as the package ``purenn.mnist`` (setup.cfg maps that
package's folder to data/), so an installed purenn finds them beside its code.
A default path is looked for in this order, the first that exists wins:

    1. data/NAME in the current folder        (running from a clone: as always)
    2. data/NAME in the clone purenn runs from (``python /path/to/main.py`` elsewhere)
    3. purenn/mnist/NAME, installed with purenn (``pip install``, then any folder)

A path given with --train or --test is used as it is, never looked up.
"""

import os

TRAIN_NAME = "mnist_train.csv.gz"
TEST_NAME = "mnist_test.csv.gz"
PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # .../purenn
CLONE = os.path.dirname(PACKAGE)  # the repository, when purenn runs from one
INSTALLED_DATA = os.path.join(PACKAGE, "mnist")


def mnist_places(name):
    """The paths where the shipped file `name` may be, in the order they are tried."""
    return [os.path.join("data", name), os.path.join(CLONE, "data", name), os.path.join(INSTALLED_DATA, name)]


def find_mnist(name):
    """The first of `mnist_places(name)` that is a file, or None."""
    return next((path for path in mnist_places(name) if os.path.isfile(path)), None)


def resolve_default(path, default):
    """`path` as given, unless it is the default ``data/NAME`` and another place has that file.

    A default found nowhere stays as it is, so that the error names the path a
    user would expect: "data/mnist_train.csv.gz: no such file".
    """
    if path != default:
        return path
    return find_mnist(os.path.basename(default)) or path
