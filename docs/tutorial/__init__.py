"""Not code: this file makes pytest import docs/tutorial/conftest.py as ``tutorial.conftest``.

Without it, that conftest and tests/conftest.py would both be the module ``conftest``, and
``--doctest-modules`` refuses to collect the second one ("import file mismatch").
"""
