"""The program restarts itself once under PyPy with a larger young-object area (app/pypy.py)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from purenn.app import pypy

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("implementation, environ, os_name, expected", [
    ("PyPy", {}, "posix", True),
    ("PyPy", {"PYPY_GC_NURSERY": "4MB"}, "posix", False),  # the user's own choice stands
    ("PyPy", {}, "nt", False),                              # os.execv starts a second process on Windows
    ("CPython", {}, "posix", False),
])
def test_wants_restart(implementation, environ, os_name, expected):
    assert pypy.wants_restart(implementation, environ, os_name) is expected


def test_restart_command_keeps_the_way_the_program_was_started():
    assert pypy.restart_command("/bin/pypy3", ["main.py", "--epochs", "1"]) == [
        "/bin/pypy3", "main.py", "--epochs", "1"]
    assert pypy.restart_command("/bin/pypy3", ["/x/purenn/__main__.py", "serve"], "purenn") == [
        "/bin/pypy3", "-m", "purenn", "serve"]
    assert pypy.restart_command("/bin/pypy3", ["/x/purenn/bench.py", "--sizes", "784,30,10"], "purenn.bench") == [
        "/bin/pypy3", "-m", "purenn.bench", "--sizes", "784,30,10"]
    assert pypy.restart_command("/bin/pypy3", ["/venv/bin/purenn", "predict", "a.png"]) == [
        "/bin/pypy3", "/venv/bin/purenn", "predict", "a.png"]


@pytest.mark.parametrize("command, expected", [
    (["main.py"], "None"),
    (["-m", "purenn"], "purenn"),
    (["-m", "purenn.bench"], "purenn.bench"),
])
def test_main_module_names_what_python_ran(tmp_path, command, expected):
    """Checked in a real interpreter: python -m sets __main__.__spec__, a script does not."""
    (tmp_path / "main.py").write_text("from purenn.app.pypy import main_module\nprint(main_module())\n")
    package = tmp_path / "purenn"
    (package / "app").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "app" / "__init__.py").write_text("")
    (package / "app" / "pypy.py").write_text((ROOT / "purenn" / "app" / "pypy.py").read_text())
    for name in ("__main__.py", "bench.py"):
        (package / name).write_text("from purenn.app.pypy import main_module\nprint(main_module())\n")
    result = subprocess.run([sys.executable] + command, capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.stdout.strip() == expected, result.stderr


def test_restart_sets_the_variable_and_runs_the_same_command(monkeypatch):
    calls = []
    monkeypatch.setattr(pypy.platform, "python_implementation", lambda: "PyPy")
    monkeypatch.setattr(pypy.os, "name", "posix")
    monkeypatch.delenv("PYPY_GC_NURSERY", raising=False)
    monkeypatch.setattr(pypy.sys, "argv", ["main.py", "--hidden", "30"])
    monkeypatch.setattr(pypy, "main_module", lambda: None)
    monkeypatch.setattr(pypy.os, "execv", lambda path, args: calls.append((path, args)))
    pypy.restart_with_larger_nursery()
    assert os.environ["PYPY_GC_NURSERY"] == "16MB"
    assert calls == [(sys.executable, [sys.executable, "main.py", "--hidden", "30"])]


def test_no_restart_on_cpython(monkeypatch):
    monkeypatch.setattr(pypy.platform, "python_implementation", lambda: "CPython")
    monkeypatch.delenv("PYPY_GC_NURSERY", raising=False)
    monkeypatch.setattr(pypy.os, "execv", lambda path, args: pytest.fail("restarted on CPython"))
    pypy.restart_with_larger_nursery()
    assert "PYPY_GC_NURSERY" not in os.environ


@pytest.mark.skipif(shutil.which("pypy3") is None, reason="needs pypy3 on the PATH")
def test_a_real_pypy_run_gets_the_setting(tmp_path):
    """Under PyPy, the training code runs with PYPY_GC_NURSERY=16MB, and the run's output is whole."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import os, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from purenn.app import cli\n"
        "cli.main = (lambda main: lambda argv=None: (print('nursery', os.environ.get('PYPY_GC_NURSERY')),"
        " main(argv))[1])(cli.main)\n"
        "sys.exit(cli.main())\n")
    env = {k: v for k, v in os.environ.items() if k != "PYPY_GC_NURSERY"}
    result = subprocess.run(["pypy3", str(probe), "--version"], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=120)
    assert result.stdout.count("nursery") == 2  # once before the restart, once after
    assert "nursery 16MB" in result.stdout
