"""Run the tutorial's `>>>` examples the way a reader runs them: from a folder holding data/.

Each chapter (one doctest per Markdown file) runs in its own scratch directory in which
``data`` and ``docs`` link to the repository's, so ``load_csv("data/mnist_test.csv.gz")``
works whatever directory pytest was started from, and a file an example writes
(``weights.png``, ``model.json``) lands in the scratch directory, not in the repository.
(``__init__.py`` beside it keeps this module's name apart from tests/conftest.py's.)
"""

import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(autouse=True)
def _run_in_scratch_directory(tmp_path, monkeypatch):
    for name in ("data", "docs"):
        os.symlink(os.path.join(ROOT, name), tmp_path / name)
    monkeypatch.chdir(tmp_path)
