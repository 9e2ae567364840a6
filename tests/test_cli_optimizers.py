"""The optimizers from the command line: --optimizer and its settings, continuing a saved
run exactly (also after Ctrl-C), and ``compare``.

Most tests run ``purenn.app.cli.main`` in-process on small CSV files.
"""

import json
import os
import re

import pytest

from commandline import MNIST_TEST, MNIST_TRAIN, ROOT, mnist_csv, run_main
from purenn.app.cli import main
from purenn.app import modelfile
from purenn.app.options import build_parser, default_eta
from purenn.app.training import choose_optimizer
from purenn.network import Network
from purenn.optimizers import OPTIMIZERS


@pytest.fixture(scope="module")
def csv_files(tmp_path_factory):
    """1,000 MNIST training samples and 300 test samples as plain CSV files."""
    folder = tmp_path_factory.mktemp("optimizers")
    return {"train": mnist_csv(folder / "train.csv", MNIST_TRAIN, 1000),
            "test": mnist_csv(folder / "test.csv", MNIST_TEST, 300)}


def run_cli(capsys, csv_files, *args, expect=0):
    code = main(["--train", csv_files["train"], "--test", csv_files["test"], "--quiet", *map(str, args)])
    out, err = capsys.readouterr()
    assert code == expect, err
    return out


def accuracies(out):
    return [int(correct) / 3 for correct in re.findall(r"^Epoch \d+/\d+: (\d+) / 300 correct", out, re.M)]


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_each_optimizer_learns_with_its_default_eta(capsys, csv_files, name):
    """Two epochs on 1,000 digits, 300 test digits: sgd 82%, the others 69% (adam) to 87% (rmsprop)."""
    out = run_cli(capsys, csv_files, "--epochs", 2, "--optimizer", name)
    assert accuracies(out)[-1] > 65, out


def test_sgd_is_the_default_and_the_run_line_does_not_change(capsys, csv_files):
    plain = run_cli(capsys, csv_files, "--epochs", 1, "--limit", 200)
    named = run_cli(capsys, csv_files, "--epochs", 1, "--limit", 200, "--optimizer", "sgd")
    strip_times = lambda text: re.sub(r"\d+\.\d s", "", text)  # noqa: E731
    assert strip_times(plain) == strip_times(named)
    assert "batch size 10, eta 0.5, seed 1\n" in plain and ", optimizer" not in plain


def test_the_run_line_names_the_optimizer_and_its_settings(capsys, csv_files):
    out = run_cli(capsys, csv_files, "--epochs", 1, "--limit", 100, "--optimizer", "nesterov", "--momentum", 0.5)
    assert "eta 0.05, seed 1, optimizer nesterov (momentum 0.5)" in out
    out = run_cli(capsys, csv_files, "--epochs", 1, "--limit", 100, "--optimizer", "adam", "--activation", "relu")
    assert "eta 0.001, seed 1, optimizer adam (beta1 0.9, beta2 0.999, epsilon 1e-08)" in out


@pytest.mark.parametrize("args, message", [
    (["--optimizer", "momentum", "--momentum", "-0.1"], r"--momentum: must be a finite number at least 0.0"),
    (["--optimizer", "momentum", "--momentum", "1"], r"--momentum: must be less than 1.0, got 1"),
    (["--optimizer", "adam", "--beta1", "1.5"], r"--beta1: must be less than 1.0, got 1.5"),
    (["--optimizer", "adam", "--beta2=-1e-9"], r"--beta2: must be a finite number at least 0.0"),
    (["--optimizer", "adam", "--epsilon", "0"], r"--epsilon: must be a finite number greater than 0.0"),
    (["--optimizer", "adagrad", "--epsilon", "nan"], r"--epsilon: must be a finite number greater than 0.0"),
    (["--optimizer", "rmsprop", "--rho", "1"], r"--rho: must be less than 1.0"),
    (["--optimizer", "lbfgs"], r"argument --optimizer: invalid choice: 'lbfgs'"),
    (["--momentum", "0.5"], r"--momentum goes with --optimizer momentum or nesterov"),
    (["--optimizer", "momentum", "--beta1", "0.5"], r"--beta1 goes with --optimizer adam"),
    (["--optimizer", "sgd", "--epsilon", "1e-7"], r"--epsilon goes with --optimizer adagrad or rmsprop or adam"),
])
def test_bad_optimizer_settings_are_usage_errors(capsys, args, message):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert re.search(message, err), err
    assert "Traceback" not in err


def saved(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def test_ctrl_c_then_load_goes_on_exactly_like_one_run(capsys, csv_files, tmp_path, monkeypatch):
    """Three epochs straight, or two, Ctrl-C in the third, and the third again from the file."""
    options = ["--limit", 300, "--optimizer", "adam", "--lmbda", 1, "--dropout", 0.2, "--eta-decay", 0.8,
               "--monitor", "training-cost"]
    straight, stopped = str(tmp_path / "straight.json"), str(tmp_path / "stopped.json")
    run_cli(capsys, csv_files, "--epochs", 3, "--save", straight, *options)

    update = Network.update_mini_batch
    calls = []

    def ctrl_c_in_epoch_3(net, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2 * 30 + 12:  # 30 mini-batches an epoch
            raise KeyboardInterrupt
        return update(net, *args, **kwargs)

    monkeypatch.setattr(Network, "update_mini_batch", ctrl_c_in_epoch_3)
    out = run_cli(capsys, csv_files, "--epochs", 3, "--save", stopped, *options, expect=130)
    monkeypatch.undo()
    assert "Epoch 2/3" in out and "Epoch 3/3" not in out
    assert saved(stopped)["training"]["epochs"] == 2

    out = run_cli(capsys, csv_files, "--load", stopped, "--epochs", 1, "--save", stopped,
                  "--limit", 300, "--monitor", "training-cost")  # the rest is in the file
    eta = default_eta('sigmoid', 'adam') * 0.8 * 0.8
    assert f"eta {eta} (times 0.8 after each epoch), seed 1, optimizer adam" in out  # as saved
    a, b = saved(straight), saved(stopped)
    assert b["weights"] == a["weights"] and b["biases"] == a["biases"]  # float for float
    assert b["optimizer"] == a["optimizer"] and b["random_state"] == a["random_state"]
    assert b["training"] == a["training"]  # settings, epochs, next η and the whole history


def test_another_optimizer_for_a_loaded_model_starts_fresh_with_its_own_eta(capsys, csv_files, tmp_path):
    path = str(tmp_path / "sgd.json")
    run_cli(capsys, csv_files, "--epochs", 1, "--limit", 100, "--save", path)
    out = run_cli(capsys, csv_files, "--load", path, "--epochs", 1, "--limit", 100, "--save", path,
                  "--optimizer", "momentum", "--momentum", 0.5)
    assert f"eta {default_eta('sigmoid', 'momentum')}, seed 1, optimizer momentum (momentum 0.5)" in out
    model = saved(path)
    assert model["optimizer"]["name"] == "momentum" and model["optimizer"]["momentum"] == 0.5
    assert len(model["optimizer"]["state"]["velocities"]) == 2 + 30 + 10  # 2 bias vectors, then weight rows
    assert [entry["epoch"] for entry in model["training"]["history"]] == [1, 2]


def test_a_loaded_optimizer_keeps_its_state_and_takes_new_settings(capsys, csv_files, tmp_path):
    path = str(tmp_path / "m.json")
    run_cli(capsys, csv_files, "--epochs", 1, "--limit", 100, "--save", path, "--optimizer", "momentum")
    loaded, _ = modelfile.load(path)
    args = build_parser().parse_args(["--optimizer", "momentum", "--momentum", "0.7"])
    optimizer = choose_optimizer(args, loaded.optimizer)
    assert optimizer.momentum == 0.7
    velocities = saved(path)["optimizer"]["state"]["velocities"]
    assert velocities is not None and optimizer.velocities == velocities
    args = build_parser().parse_args(["--optimizer", "nesterov"])
    assert choose_optimizer(args, loaded.optimizer).velocities is None  # another optimizer: a fresh memory
    assert choose_optimizer(build_parser().parse_args([]), loaded.optimizer).momentum == 0.9  # as saved


# compare ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def two_runs(csv_files, tmp_path_factory):
    folder = tmp_path_factory.mktemp("runs")
    paths = []
    for name in ("sgd", "adam"):
        path = str(folder / f"{name}.json")
        code = main(["--train", csv_files["train"], "--test", csv_files["test"], "--quiet", "--limit", "200",
                     "--epochs", "2", "--optimizer", name, "--monitor", "training-cost", "--save", path])
        assert code == 0
        paths.append(path)
    return paths


def test_compare_prints_each_run_after_each_epoch_and_draws_them(capsys, two_runs, tmp_path):
    capsys.readouterr()
    svg = str(tmp_path / "runs.svg")
    assert main(["compare", *two_runs, "--plot", svg]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert re.fullmatch(r"test accuracy +epoch 1 +epoch 2", lines[0])
    for line, path in zip(lines[1:3], two_runs):
        label = "sgd" if path.endswith("sgd.json") else "adam"
        history = saved(path)["training"]["history"]
        numbers = [f"{100 * entry['test_correct'] / entry['test_samples']:.2f}%" for entry in history]
        assert line.split() == [label] + numbers
    text = open(svg, encoding="utf-8").read()
    assert text.count("<polyline") == 4  # accuracy and training cost, two runs each
    assert ">sgd</text>" in text and ">adam</text>" in text and "training cost" in text


def test_compare_labels(capsys, two_runs):
    assert main(["compare", *two_runs, "--labels", "plain", "Adam"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("plain ") and out.splitlines()[2].startswith("Adam ")
    with pytest.raises(SystemExit) as info:
        main(["compare", *two_runs, "--labels", "one"])
    assert info.value.code == 2 and "1 labels for 2 model files" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["compare", two_runs[0], two_runs[0]])
    assert info.value.code == 2 and "two runs have the same name" in capsys.readouterr().err


def test_compare_a_model_without_history_is_one_clear_error(capsys, tmp_path):
    from purenn.app import modelfile
    path = str(tmp_path / "bare.json")
    modelfile.save(Network([784, 10], seed=1), path)
    assert main(["compare", path]) == 1
    assert capsys.readouterr().err == f"error: {path}: no history of epochs to compare (was it saved by --save while training?)\n"


@pytest.mark.slow
def test_docs_table_of_optimizers_on_10000_images():
    """Each optimizer, 2 epochs on 10,000 images: past 89%, and the numbers docs/optimizers.md
    shows (README links to it; about 8 minutes on CPython)."""
    with open(os.path.join(ROOT, "docs", "optimizers.md"), encoding="utf-8") as f:
        page = f.read()
    rows = dict((name, [first, second]) for name, first, second in
                re.findall(r"^\| `(\w+)` \| (\d+\.\d\d)% \| (\d+\.\d\d)% \|", page, re.M))
    assert sorted(rows) == sorted(OPTIMIZERS)
    for name, shown in rows.items():
        result = run_main("--limit", 10000, "--epochs", 2, "--optimizer", name, "--quiet")
        assert result.returncode == 0, result.stderr
        measured = re.findall(r"^Epoch \d/2: \d+ / 10000 correct \((\d+\.\d\d)%\)", result.stdout, re.M)
        assert measured == shown, name
        assert float(measured[-1]) > 89, name


def test_the_bench_times_the_optimizers_against_sgd(capsys, csv_files):
    from purenn.app import bench

    bench.main(["--train", csv_files["train"], "--test", csv_files["test"], "--sizes", "784,10,10",
                "--train-samples", "50", "--eval-samples", "20", "--reference-samples", "0",
                "--optimizers", "adam", "momentum", "--conv-samples", "0"])
    out = capsys.readouterr().out
    rows = re.findall(r"^(sgd|sgd --lmbda 5|momentum|adam) +(\d+\.\d+) +(\d+\.\d+) +(\d+\.\d+)$", out, re.M)
    assert [row[0] for row in rows] == ["sgd", "sgd --lmbda 5", "adam", "momentum"]
    assert rows[0][3] == "1.00"
    for _, ms, seconds, ratio in rows:
        assert float(seconds) == pytest.approx(float(ms) * 60, abs=0.1)  # 60,000 samples an epoch, rounded
