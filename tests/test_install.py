"""purenn as a user installs it: a wheel built from this checkout, in a fresh virtual environment,
run from an empty folder. It must find the MNIST files it ships without being told where.

The slow test needs no network: the wheel is built with the setuptools already installed
(--no-build-isolation) and installed with --no-index --no-deps (tqdm is optional).
"""

import configparser
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request

import pytest
import setuptools

from commandline import ROOT, run_main
from purenn.app import datafiles

TRAIN_LINE = re.compile(r"^Epoch 1/1: (\d+) / 10000 correct \((\d+\.\d\d)%\)", re.M)


def setup_cfg():
    config = configparser.ConfigParser()
    config.read(os.path.join(ROOT, "setup.cfg"))
    return config


def test_setup_cfg_lists_every_package_of_purenn_and_the_mnist_files():
    """The packages are listed by name (one maps to data/): a new subpackage must be added there."""
    options = setup_cfg()["options"]
    listed = options["packages"].split()
    found = setuptools.find_packages(ROOT, include=["purenn", "purenn.*"])
    assert sorted(listed) == sorted(found + ["purenn.mnist"])
    assert options["package_dir"].split() == ["purenn.mnist", "=", "data"]
    shipped = setup_cfg()["options.package_data"]["purenn.mnist"].replace(",", " ").split()
    for name in shipped:
        assert os.path.isfile(os.path.join(ROOT, "data", name)), name


def test_a_default_data_file_is_found_here_then_in_the_clone_then_installed(tmp_path, monkeypatch):
    here, clone, installed = (tmp_path / name for name in ("here", "clone", "site-packages"))
    for folder in (here / "data", clone / "data", installed):
        folder.mkdir(parents=True)
        (folder / "mnist_test.csv.gz").write_bytes(b"")
    monkeypatch.chdir(here)
    monkeypatch.setattr(datafiles, "CLONE", str(clone))
    monkeypatch.setattr(datafiles, "INSTALLED_DATA", str(installed))
    default = "data/mnist_test.csv.gz"
    assert datafiles.resolve_default(default, default) == default  # running from a clone: as always
    os.remove(here / "data" / "mnist_test.csv.gz")
    assert datafiles.resolve_default(default, default) == str(clone / "data" / "mnist_test.csv.gz")
    os.remove(clone / "data" / "mnist_test.csv.gz")
    assert datafiles.resolve_default(default, default) == str(installed / "mnist_test.csv.gz")
    assert datafiles.resolve_default("mine.csv", default) == "mine.csv"  # a given path is never looked up
    os.remove(installed / "mnist_test.csv.gz")
    assert datafiles.resolve_default(default, default) == default  # the error will name what was asked for
    assert datafiles.find_mnist("mnist_test.csv.gz") is None


def test_main_py_run_from_another_folder_uses_its_clones_files(tmp_path):
    result = run_main("--limit", "20", "--epochs", "1", "--hidden", "5", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"Loading {os.path.join(ROOT, 'data', 'mnist_train.csv.gz')} ..." in result.stdout
    assert os.listdir(tmp_path) == []


def can_build_wheels_offline():
    """setuptools builds wheels by itself from version 70.1; before, it needs the `wheel` package."""
    version = tuple(int(part) for part in re.findall(r"\d+", setuptools.__version__)[:2])
    return version >= (70, 1) or importlib.util.find_spec("wheel") is not None


def clean_env():
    """This environment without anything that would let the venv import the checkout's purenn."""
    return {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "PYTHONHOME")}


def run(args, cwd, timeout=600):
    result = subprocess.run([str(a) for a in args], cwd=str(cwd), capture_output=True, text=True,
                            timeout=timeout, env=clean_env())
    assert result.returncode == 0, f"{args}: {result.stdout[-2000:]}{result.stderr[-2000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the venv's bin folder, an empty folder to run in): purenn installed there from a built wheel."""
    if not can_build_wheels_offline():
        pytest.skip("building a wheel offline needs setuptools>=70.1 or the `wheel` package "
                    "(python -m pip install wheel)")
    top = tmp_path_factory.mktemp("install")
    source = top / "source"  # a copy, so that the build leaves no build/ folder in the checkout
    source.mkdir()
    for name in os.listdir(ROOT):
        path = os.path.join(ROOT, name)
        if os.path.isfile(path):
            shutil.copy2(path, source)
    for folder in ("purenn", "data"):
        shutil.copytree(os.path.join(ROOT, folder), source / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "--quiet", "-w", top / "wheels", source], cwd=top)
    wheels = os.listdir(top / "wheels")
    assert len(wheels) == 1 and wheels[0].startswith("purenn-") and wheels[0].endswith("-py3-none-any.whl")
    run([sys.executable, "-m", "venv", top / "venv"], cwd=top)
    bin_folder = top / "venv" / ("Scripts" if os.name == "nt" else "bin")
    run([bin_folder / "python", "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
         "--disable-pip-version-check", top / "wheels" / wheels[0]], cwd=top)
    empty = top / "empty"
    empty.mkdir()
    return bin_folder, empty


@pytest.mark.slow
def test_the_installed_purenn_is_the_wheels_own_with_its_mnist_files(installed):
    bin_folder, empty = installed
    where = run([bin_folder / "python", "-c", "import purenn, os; print(os.path.dirname(purenn.__file__))"],
                cwd=empty).stdout.strip()
    assert where.startswith(str(bin_folder.parent)) and "site-packages" in where
    for name in ("mnist_train.csv.gz", "mnist_test.csv.gz", "README.md"):
        with open(os.path.join(where, "mnist", name), "rb") as shipped, \
                open(os.path.join(ROOT, "data", name), "rb") as original:
            assert shipped.read() == original.read(), name


@pytest.mark.slow
def test_help_and_a_short_training_run_from_an_empty_folder(installed):
    bin_folder, empty = installed
    help = run([bin_folder / "purenn", "--help"], cwd=empty).stdout
    assert help.startswith("usage: purenn [-h]") and "--train PATH" in help
    assert run([bin_folder / "purenn", "serve", "--help"], cwd=empty).stdout.startswith("usage: purenn serve")
    result = run([bin_folder / "purenn", "--limit", "100", "--epochs", "1", "--quiet"], cwd=empty)
    assert re.search(rf"^Loading {re.escape(str(bin_folder.parent))}\S+/purenn/mnist/mnist_train\.csv\.gz",
                     result.stdout, re.M)
    assert os.listdir(empty) == []  # nothing written where it ran
    # the same numbers as the same command run from the repository, on the repository's files
    here = run_main("--limit", "100", "--epochs", "1", "--quiet")
    assert "Loading data/mnist_train.csv.gz" in here.stdout
    assert TRAIN_LINE.search(result.stdout).groups() == TRAIN_LINE.search(here.stdout).groups()


@pytest.mark.slow
def test_any_csv_is_still_taken_as_given(installed, tmp_path):
    bin_folder, empty = installed
    result = subprocess.run([str(bin_folder / "purenn"), "--train", "missing.csv", "--epochs", "1"],
                            cwd=str(empty), capture_output=True, text=True, timeout=120, env=clean_env())
    assert result.returncode == 1 and result.stderr == "error: missing.csv: no such file\n"


@pytest.mark.slow
def test_serve_opens_with_its_test_digit(installed):
    bin_folder, empty = installed
    process = subprocess.Popen([str(bin_folder / "purenn"), "serve", "--port", "0"], cwd=str(empty),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env(),
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    timer = threading.Timer(120, process.kill)  # never hang the test suite
    timer.start()
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            found = re.search(r" at (http://127\.0\.0\.1:\d+/) \(Ctrl-C stops\)$", line)
            if found:
                break
        assert found, "".join(lines)
        assert not any("No test set found" in line for line in lines)
        with urllib.request.urlopen(found.group(1) + "api/test-digit?index=0", timeout=30) as response:
            answer = response.read().decode()
        assert '"label":7' in answer and '"index":0' in answer
        assert "ConvNetwork" in "".join(lines)  # the shipped conv model came with the package
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        assert (process.returncode, out.strip(), err) == (0, "Stopped.", "")
    finally:
        timer.cancel()
        if process.poll() is None:
            process.kill()


@pytest.mark.slow
def test_the_bench_finds_the_files_too(installed):
    bin_folder, empty = installed
    result = run([bin_folder / "python", "-m", "purenn.bench", "--sizes", "784,10", "--train-samples", "250",
                  "--eval-samples", "250", "--reference-samples", "0", "--optimizers", "--conv-samples", "0"],
                 cwd=empty)
    assert "load mnist_train.csv.gz: 60000 samples" in result.stdout
