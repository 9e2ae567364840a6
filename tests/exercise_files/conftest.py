"""The files here are learners' files (worked answers, classic mistakes), not tests: pytest's
--doctest-modules must not import them (that would also write __pycache__ beside them)."""

collect_ignore_glob = ["solutions/*.py", "wrong/*.py"]
