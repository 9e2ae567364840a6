"""--ensemble K and --jobs N: K networks trained in parallel processes, their outputs averaged.

The central test trains the members one by one, as ordinary runs with the same seeds, and checks
that the ensemble's members are those runs bit for bit (the same model file contents, the same
lines printed) and that its output is their mean, float for float.  The others: a member that
fails, dies or is interrupted leaves no file (an older one stays as it was, no temporary file is
left); bad options are usage errors before any data loads; bad ensemble files get one line.
"""

import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from commandline import MAIN, MNIST_TEST, MNIST_TRAIN, ROOT, mnist_csv, run_main
from purenn.app import cli, ensemble, modelfile
from purenn.app.ensemblemodel import Ensemble, mean_outputs
from purenn.data import load_csv

FORKS = ensemble.process_context().get_start_method() == "fork"
needs_fork = pytest.mark.skipif(not FORKS, reason="a patched member reaches its process only by fork")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ensemble")
    return {"train": mnist_csv(folder / "train.csv", MNIST_TRAIN, 300),
            "test": mnist_csv(folder / "test.csv", MNIST_TEST, 100)}


def run(capsys, files, *args):
    """cli.main in this process: (exit status, stdout, stderr)."""
    code = cli.main(["--train", files["train"], "--test", files["test"], "--quiet", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


DURATION = re.compile(r"\b(?:\d+ min )?\d+(?:\.\d+)? s\b")


def after_loading(out):
    """The lines a run prints after loading its data, durations replaced."""
    lines = [DURATION.sub("<t>", line) for line in out.splitlines()]
    return lines[4:]  # 2 lines per file loaded


def member_lines(out, k, total):
    prefix = f"member {k}/{total}: "
    return [DURATION.sub("<t>", line[len(prefix):]) for line in out.splitlines() if line.startswith(prefix)]


def test_the_mean_of_outputs_is_taken_entry_by_entry():
    assert mean_outputs([[1.0, 0.0], [0.5, 0.25], [0.0, 0.5]]) == [0.5, 0.25]
    assert mean_outputs([[0.1, 0.7], [0.3, 0.2]]) == [(0.1 + 0.3) / 2, (0.7 + 0.2) / 2]


NETWORKS = {
    "fully connected": ["--hidden", "10", "--epochs", "4", "--validation", "50", "--early-stop", "1", "--eta", "3"],
    "conv": ["--conv", "2:5", "--hidden", "6", "--activation", "relu", "--output", "softmax",
             "--eta", "0.05", "--epochs", "1", "--input-dropout", "0.1", "--limit", "120"],
}


@pytest.mark.parametrize("kind", sorted(NETWORKS))
def test_the_ensemble_is_its_members_trained_one_by_one(kind, files, tmp_path, capsys):
    options = NETWORKS[kind] + ["--seed", "4"]
    singles, single_outs = [], []
    for seed in (4, 5, 6):
        path = tmp_path / f"single{seed}.json"
        code, out, _ = run(capsys, files, *options, "--seed", seed, "--save", path)
        assert code == 0
        singles.append(json.loads(path.read_text()))
        single_outs.append(out)
    jobs = 2 if kind == "fully connected" else 1  # both ways: in processes and in this one
    path = tmp_path / "ensemble.json"
    code, out, err = run(capsys, files, *options, "--ensemble", 3, "--jobs", jobs, "--save", path)
    assert code == 0, err
    saved = json.loads(path.read_text())
    assert saved["kind"] == "ensemble" and saved["version"] == 4 and saved["combine"] == "mean"
    assert saved["members"] == singles  # every weight, the optimizer's state, the random state
    assert saved["training"]["seeds"] == [4, 5, 6]
    for k, single_out in enumerate(single_outs, 1):
        assert len(after_loading(single_out)) >= 3  # Training ..., Epoch 1 ..., Done in ...
        assert member_lines(out, k, 3) == after_loading(single_out)

    # Its output: the mean of the single runs' outputs, float for float.
    loaded, _ = modelfile.load(path)
    nets = [modelfile.load(tmp_path / f"single{seed}.json")[0] for seed in (4, 5, 6)]
    test = load_csv(files["test"], sparse=True)
    correct = 0
    for x, label in test:
        a, b, c = (net.feedforward(x) for net in nets)
        mean = [(a[j] + b[j] + c[j]) / 3 for j in range(10)]
        assert loaded.feedforward(x) == mean
        correct += max(range(10), key=mean.__getitem__) == label
    member_correct = [net.evaluate(test) for net in nets]
    assert f"Ensemble of 3, outputs averaged: test {correct} / 100 correct ({correct:.2f}%)" in out
    assert (f"Members' test accuracy: {member_correct[0]:.2f}% (seed 4), {member_correct[1]:.2f}% (seed 5), "
            f"{member_correct[2]:.2f}% (seed 6); mean {sum(member_correct) / 3:.2f}%") in out
    assert out.splitlines()[-1] == f"Done in {DURATION.search(out.splitlines()[-1]).group(0)}: ensemble {correct:.2f}%"
    assert saved["training"]["member_test_correct"] == member_correct
    assert loaded.evaluate(test) == correct == saved["training"]["test_correct"]


def test_one_process_or_two_give_the_same_file(files, tmp_path, capsys):
    texts = []
    for jobs in (1, 2):
        path = tmp_path / f"jobs{jobs}.json"
        assert run(capsys, files, "--hidden", "5", "--epochs", "1", "--ensemble", 2, "--jobs", jobs,
                   "--save", path)[0] == 0
        texts.append(path.read_text())
    assert texts[0] == texts[1]


def test_the_ensemble_reports_its_validation_accuracy_and_its_mistakes(files, capsys):
    code, out, _ = run(capsys, files, "--hidden", "5", "--epochs", "1", "--ensemble", 2, "--jobs", 1,
                       "--validation", "50", "--errors", "-")
    assert code == 0
    match = re.search(r"^Ensemble of 2, outputs averaged: test (\d+) / 100 correct \(\d+\.\d\d%\), "
                      r"validation \d+ / 50 \(\d+\.\d\d%\)$", out, re.M)
    assert match, out
    assert out.count("\nA ") == min(3, 100 - int(match.group(1)))  # --errors -: three mistakes as text


def make_member_diverge(monkeypatch, seed):
    """Member `seed`'s first weight becomes nan before its first epoch: check_finite stops it."""
    original = ensemble.MemberRun.train_epoch

    def train_epoch(self, net, training_data):
        if self.settings.seed == seed:
            net.biases[0][0] = float("nan")
        return original(self, net, training_data)
    monkeypatch.setattr(ensemble.MemberRun, "train_epoch", train_epoch)


def no_temporary_files(folder):
    return not [name for name in os.listdir(folder) if name.startswith(".purenn-")]


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=needs_fork)])
def test_a_member_that_diverges_leaves_no_file(jobs, files, tmp_path, capsys, monkeypatch):
    path = tmp_path / "ensemble.json"
    path.write_text("the old file")
    make_member_diverge(monkeypatch, seed=2)
    code, out, err = run(capsys, files, "--hidden", "5", "--epochs", "2", "--ensemble", 3, "--jobs", jobs,
                         "--save", path)
    assert code == 3
    assert err == "error: member 2 of 3 (seed 2): training diverged in epoch 1 (cost became nan); try a smaller --eta\n"
    assert path.read_text() == "the old file" and no_temporary_files(tmp_path)
    assert "Saved" not in out and "Ensemble of" not in out


@needs_fork
def test_a_member_whose_process_dies_leaves_no_file(files, tmp_path, capsys, monkeypatch):
    original = ensemble.train_member

    def train_member(args, index, seed, *rest):
        if seed == 2:
            os._exit(9)
        return original(args, index, seed, *rest)
    monkeypatch.setattr(ensemble, "train_member", train_member)
    path = tmp_path / "ensemble.json"
    code, _, err = run(capsys, files, "--hidden", "5", "--epochs", "1", "--ensemble", 2, "--jobs", 2,
                       "--save", path)
    assert code == 1
    assert err == "error: member 2 of 2 (seed 2): its process ended without a result (exit status 9)\n"
    assert not path.exists() and no_temporary_files(tmp_path)


def test_ctrl_c_in_a_member_here_saves_nothing(files, tmp_path, capsys, monkeypatch):
    original = ensemble.MemberRun.train_epoch

    def train_epoch(self, net, training_data):
        if self.settings.seed == 2:
            raise KeyboardInterrupt
        return original(self, net, training_data)
    monkeypatch.setattr(ensemble.MemberRun, "train_epoch", train_epoch)
    path = tmp_path / "ensemble.json"
    code, out, err = run(capsys, files, "--hidden", "5", "--epochs", "1", "--ensemble", 3, "--jobs", 1,
                         "--save", path)
    assert code == 130
    assert err == "\ninterrupted in member 2 of 3 (seed 2), epoch 1, batch 0: nothing saved\n"
    assert "member 1/3: Done in" in out
    assert not path.exists() and no_temporary_files(tmp_path)


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")
def test_ctrl_c_ends_the_member_processes_and_saves_nothing(files, tmp_path):
    path = tmp_path / "interrupted.json"
    process = subprocess.Popen(
        [sys.executable, MAIN, "--train", files["train"], "--test", files["test"], "--hidden", "10",
         "--epochs", "200", "--ensemble", "2", "--jobs", "2", "--save", str(path)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        for line in process.stdout:
            if line.startswith("member 1/2: Epoch 1/200"):
                break
        process.send_signal(signal.SIGINT)
        rest, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, stderr
    assert stderr == "\ninterrupted with 0 of 2 members trained: nothing saved\n"
    assert not path.exists() and no_temporary_files(tmp_path)
    time.sleep(0.5)
    left = []  # the members share the parent's command line: none may outlive it
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if str(path).encode() in f.read():
                    left.append(pid)
        except OSError:
            pass
    assert not left


MISSING = "no-such-file.csv"


@pytest.mark.parametrize("args, message", [
    (["--ensemble", "1"], "argument --ensemble: must be a whole number at least 2, got 1"),
    (["--ensemble", "0"], "argument --ensemble: must be a whole number at least 2, got 0"),
    (["--ensemble", "five"], "argument --ensemble: expected a whole number, got 'five'"),
    (["--ensemble", "3", "--jobs", "0"], "argument --jobs: must be a whole number at least 1, got 0"),
    (["--ensemble", "3", "--jobs", "1.5"], "argument --jobs: expected a whole number, got '1.5'"),
    (["--jobs", "2"], "--jobs goes with --ensemble"),
    (["--ensemble", "3", "--load", "model.json"], "--load cannot be used with --ensemble"),
    (["--ensemble", "3", "--epochs", "0"], "--ensemble trains its networks: it needs --epochs of at least 1"),
    (["--ensemble", "3", "--plot", "p.svg", "--serve"],
     "--plot, --serve cannot be used with --ensemble: each shows one network, and an ensemble has 3"),
    (["--ensemble", "3", "--weights", "w.png"], "--weights cannot be used with --ensemble"),
])
def test_bad_ensemble_options_are_usage_errors_before_any_data_is_loaded(args, message):
    result = run_main("--train", MISSING, "--test", MISSING, *args)
    assert result.returncode == 2 and "Loading" not in result.stdout
    assert "Traceback" not in result.stderr
    line = result.stderr.splitlines()[-1]
    assert line.startswith("python main.py: error: ") and message in line, line


@pytest.fixture(scope="module")
def ensemble_file(files, tmp_path_factory):
    path = tmp_path_factory.mktemp("saved") / "ensemble.json"
    code = cli.main(["--train", files["train"], "--test", files["test"], "--quiet", "--hidden", "5",
                     "--epochs", "1", "--ensemble", "2", "--jobs", "1", "--save", str(path)])
    assert code == 0
    return path


def test_a_saved_ensemble_is_evaluated_and_reads_digits(ensemble_file, files, capsys):
    capsys.readouterr()
    code, out, _ = run(capsys, files, "--load", ensemble_file, "--epochs", "0")
    assert code == 0
    loaded, training = modelfile.load(ensemble_file)
    assert isinstance(loaded, Ensemble) and len(loaded.members) == 2
    assert f"Test: {training['test_correct']} / 100 correct" in out
    code = cli.main(["predict", "--load", str(ensemble_file), os.path.join(ROOT, "docs", "my-digit.png")])
    assert code == 0 and "my-digit.png: " in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["--epochs", "1"], "an ensemble of 2 networks is evaluated (--epochs 0) or read by predict"),
    (["--epochs", "0", "--weights", "w.png"], "--weights draws one network's first layer"),
    (["--epochs", "0", "--shift", "1"], "--shift changes the training data, and an ensemble of 2"),
    (["--epochs", "0", "--expand"], "--expand changes the training data, and an ensemble of 2"),
])
def test_a_saved_ensemble_is_not_trained_or_drawn(args, message, ensemble_file, files, capsys):
    code, _, err = run(capsys, files, "--load", ensemble_file, *args)
    assert code == 1 and err.count("\n") == 1 and message in err, err


def test_the_playground_refuses_an_ensemble_in_one_line(ensemble_file, capsys):
    assert cli.main(["serve", "--load", str(ensemble_file)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the playground shows one network" in err


def edit(saved, change):
    model = json.loads(json.dumps(saved))
    change(model)
    return model


BAD_FILES = [
    (lambda m: m.update(version=3), r"an ensemble needs version 4, found 3"),
    (lambda m: m.update(combine="vote"), r"unknown combine 'vote'"),
    (lambda m: m.update(members={}), r"members must be a list of at least 2 models, found \{\}"),
    (lambda m: m["members"].pop(), r"members must be a list of at least 2 models, found 1 members"),
    (lambda m: m["members"][1].update(sizes=[784, 10]), r"members\[1\]: expected 1 weight matrices"),
    (lambda m: m["members"][0]["biases"][0].__setitem__(0, "x"), r"members\[0\]: biases\[0\]\[0\] is not a finite"),
    (lambda m: m["members"].append(json.loads(json.dumps(m))), r"members\[2\] is an ensemble itself"),
    (lambda m: m["members"][1].update(cost="log-likelihood"),
     r"members\[1\] has 10 softmax outputs, members\[0\] 10 sigmoid: their outputs cannot be averaged"),
    (lambda m: m.update(training=[]), r"training must be an object"),
]


@pytest.mark.parametrize("change, message", BAD_FILES)
def test_bad_ensemble_files_say_what_is_wrong(change, message, ensemble_file):
    saved = json.loads(ensemble_file.read_text())
    with pytest.raises(ValueError, match=message):
        modelfile.from_dict(edit(saved, change))


def test_a_bad_ensemble_file_is_one_line_from_the_command_line(ensemble_file, files, tmp_path, capsys):
    saved = json.loads(ensemble_file.read_text())
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(edit(saved, lambda m: m["members"][1].update(activation="swish"))))
    code, _, err = run(capsys, files, "--load", bad, "--epochs", "0")
    assert code == 1
    assert err.startswith(f"error: {bad}: members[1]: unknown activation 'swish'") and err.count("\n") == 1


def test_an_ensemble_of_networks_that_do_not_read_mnist_is_refused(ensemble_file, tmp_path):
    from purenn.network import Network
    small = [modelfile.to_dict(Network([4, 3, 10], seed=s)) for s in (1, 2)]
    path = tmp_path / "small.json"
    modelfile.save_ensemble(small, str(path), {})
    with pytest.raises(modelfile.ModelFileError, match=r"small.json: the network is \[4, 3, 10\], but MNIST needs"):
        from purenn.app.training import load_mnist_model
        load_mnist_model(str(path))


def test_the_jobs_default_is_the_cores_this_process_may_use():
    jobs = ensemble.default_jobs()
    assert 1 <= jobs <= (os.cpu_count() or 1)
    if hasattr(os, "sched_getaffinity"):
        assert jobs == len(os.sched_getaffinity(0))
    assert multiprocessing.get_all_start_methods()
