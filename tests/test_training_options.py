"""The training options of the command line: validation, early stopping, eta decay, L2,
dropout, depth, --hidden.

Each runs ``purenn.app.cli.main`` in-process on small CSV files and compares what it
prints and saves with a Network trained step by step the same way.
"""

import json
import re

import pytest

from commandline import MNIST_TEST, MNIST_TRAIN, mnist_csv
from purenn.activations import ReLU, Softmax
from purenn.app import modelfile
from purenn.app.cli import main
from purenn.app.options import build_parser
from purenn.app.training import EpochResult, best_so_far
from purenn.data import load_csv
from purenn.network import Network

@pytest.fixture(scope="module")
def csv_files(tmp_path_factory):
    """400 MNIST training samples and 200 test samples as plain CSV files."""
    folder = tmp_path_factory.mktemp("options")
    return {"train": mnist_csv(folder / "train.csv", MNIST_TRAIN, 400),
            "test": mnist_csv(folder / "test.csv", MNIST_TEST, 200)}


def run_cli(capsys, csv_files, *args):
    code = main(["--train", csv_files["train"], "--test", csv_files["test"], "--quiet", *map(str, args)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def epoch_results(out):
    """[(epoch, test correct, validation correct or None)] from the per-epoch lines."""
    results = []
    for line in out.splitlines():
        m = re.match(r"Epoch (\d+)/\d+: (\d+) / 200 correct", line)
        if m:
            results.append([int(m.group(1)), int(m.group(2)), None])
        m = re.match(r"  validation (\d+) / (\d+) ", line)
        if m:
            assert int(m.group(2)) == 100
            results[-1][2] = int(m.group(1))
    return [tuple(r) for r in results]


def test_validation_holds_out_the_last_n_training_samples(capsys, csv_files):
    out = run_cli(capsys, csv_files, "--validation", 100, "--epochs", 2, "--hidden", 10, "--seed", 2)
    assert re.search(r"^Training Network\(\[784, 10, 10\].* for 2 epochs on 300 samples:", out, re.M)
    results = epoch_results(out)
    assert [r[0] for r in results] == [1, 2]
    assert all(r[2] is not None for r in results)
    without = run_cli(capsys, csv_files, "--epochs", 1, "--hidden", 10)
    assert " on 400 samples:" in without and "validation" not in without.split("Training")[1]


def test_the_last_line_gives_the_test_accuracy_of_the_best_validation_epoch(capsys, csv_files):
    """The epoch is chosen by validation accuracy (first of ties), never by test accuracy."""
    for seed in (1, 2, 3, 4, 5):  # the first should do; more in case training numerics change
        out = run_cli(capsys, csv_files, "--validation", 100, "--epochs", 6, "--hidden", 10,
                      "--eta", 3, "--seed", seed)
        results = epoch_results(out)
        validation = [r[2] for r in results]
        chosen = results[validation.index(max(validation))]
        if chosen[1] != max(r[1] for r in results):  # a run where the two choices differ
            break
    else:
        pytest.fail("no seed gave a run whose best validation epoch was not its best test epoch")
    done = re.search(r"^Done in .*: final (\d+\.\d\d)%, "
                     r"best validation epoch (\d+) \(test (\d+\.\d\d)%\)$", out, re.M)
    assert done, out
    assert done.group(1) == f"{100 * results[-1][1] / 200:.2f}"
    assert int(done.group(2)) == chosen[0]
    assert done.group(3) == f"{100 * chosen[1] / 200:.2f}"


def test_without_validation_the_last_line_gives_the_final_accuracy_only(capsys, csv_files):
    """No "best" test accuracy: the best of the epochs' test accuracies is chosen on the test set."""
    for seed in (1, 2, 3, 4, 5):  # a run whose last epoch is not its best one
        out = run_cli(capsys, csv_files, "--epochs", 4, "--hidden", 10, "--eta", 3, "--seed", seed)
        results = epoch_results(out)
        if results[-1][1] != max(r[1] for r in results):
            break
    else:
        pytest.fail("no seed gave a run whose last epoch was not its best")
    last = out.strip().splitlines()[-1]
    assert re.fullmatch(r"Done in \d+\.\d s: final (\d+\.\d\d)%", last), last
    assert last.endswith(f"final {100 * results[-1][1] / 200:.2f}%")


def test_early_stopping_keeps_and_saves_the_best_epoch(capsys, csv_files, tmp_path):
    k = 2
    for seed in (5, 1, 2, 3, 4):  # the first should do; more in case training numerics change
        path = str(tmp_path / f"model{seed}.json")
        out = run_cli(capsys, csv_files, "--validation", 100, "--early-stop", k, "--epochs", 15,
                      "--hidden", 20, "--eta", 1, "--seed", seed, "--save", path)
        results = epoch_results(out)
        validation = [r[2] for r in results]
        best = validation.index(max(validation))  # first of ties
        if best < len(results) - 1:
            break
    else:
        pytest.fail("no seed gave a run whose best validation epoch was not its last")
    best_epoch, best_test, best_validation = results[best]
    # It stopped after K epochs without a better validation accuracy.
    assert len(results) == best_epoch + k < 15
    assert "stopping early" in out
    assert max(validation[best + 1:]) <= best_validation
    # In memory: the kept weights are the best epoch's (their test accuracy is that epoch's).
    kept = re.search(r"^Kept the weights of epoch (\d+): test (\d+\.\d\d)%$", out, re.M)
    assert kept, out
    assert int(kept.group(1)) == best_epoch
    assert kept.group(2) == f"{100 * best_test / 200:.2f}"
    # On disk: the saved model is the best epoch's.
    net, training = modelfile.load(path)
    assert training["epochs"] == best_epoch
    validation_data = load_csv(csv_files["train"])[300:]
    assert net.evaluate(validation_data) == best_validation
    assert net.evaluate(load_csv(csv_files["test"])) == best_test


def test_early_stopping_ties_keep_the_first_epoch():
    """Of epochs with equal validation accuracy the first is kept, with its own weights."""
    net = Network([2, 2], seed=0)
    best, kept = None, []
    for epoch, score in enumerate((3, 7, 7, 6), start=1):
        net.biases[0][0] = float(epoch)  # marks whose weights these are
        new = best_so_far(best, net, EpochResult(epoch, test_correct=1, validation_correct=score))
        kept.append(new is not best)
        best = new
    assert kept == [True, True, False, False]
    assert (best.score, best.epoch, best.biases[0][0]) == (7, 2, 2.0)
    assert best.weights == net.weights and best.weights[0] is not net.weights[0]  # a copy


def test_without_validation_the_best_epoch_is_the_best_test_accuracy():
    net = Network([2, 2], seed=0)
    best = best_so_far(None, net, EpochResult(1, test_correct=5))
    assert (best.epoch, best.score) == (1, 5)
    assert best_so_far(best, net, EpochResult(2, test_correct=5)) is best
    assert best_so_far(best, net, EpochResult(3, test_correct=6)).epoch == 3


def test_cli_training_is_network_training_with_validation_l2_dropout_and_eta_decay(capsys, csv_files,
                                                                                   tmp_path):
    """The saved model equals a Network trained by hand on the first 300 samples with
    eta 0.5 then 0.25, L2 with n = 300 and the seeded dropout masks."""
    path = str(tmp_path / "model.json")
    out = run_cli(capsys, csv_files, "--validation", 100, "--epochs", 2, "--hidden", 8, "--eta", 0.5,
                  "--eta-decay", 0.5, "--lmbda", 2, "--dropout", 0.2, "--seed", 4, "--save", path)
    assert "on 300 samples: batch size 10, eta 0.5 (times 0.5 after each epoch), seed 4, lmbda 2.0, dropout 0.2" in out
    saved, training = modelfile.load(path)
    assert training["eta"] == pytest.approx(0.5 * 0.25, rel=1e-15)  # the next epoch's eta
    assert training["eta_decay"] == 0.5 and training["lmbda"] == 2.0 and training["dropout"] == 0.2
    assert training["epochs"] == 2
    data = load_csv(csv_files["train"])[:300]

    def by_hand(etas):
        net = Network([784, 8, 10], dropout=0.2, seed=4)
        for eta in etas:
            net.train_epoch(data, 10, eta, 2.0)
        return net
    net = by_hand([0.5, 0.25])
    assert saved.weights == net.weights and saved.biases == net.biases
    undecayed = by_hand([0.5, 0.5])
    assert saved.weights != undecayed.weights


def test_hidden_takes_several_layers_and_new_options_are_saved(capsys, csv_files, tmp_path):
    path = str(tmp_path / "deep.json")
    out = run_cli(capsys, csv_files, "--hidden", 20, 10, "--activation", "relu", "--init", "he",
                  "--output", "softmax", "--epochs", 1, "--eta", 0.1, "--save", path)
    assert ("Training Network([784, 20, 10, 10], cost=log-likelihood, hidden_activation=relu, init=he)"
            in out)
    with open(path) as f:
        model = json.load(f)
    assert model["sizes"] == [784, 20, 10, 10]
    assert (model["cost"], model["activation"], model["init"]) == ("log-likelihood", "relu", "he")
    net, _ = modelfile.load(path)
    assert net.output_activation is Softmax and net.hidden_activation is ReLU
    (epoch, test_correct, _), = epoch_results(out)
    assert net.evaluate(load_csv(csv_files["test"])) == test_correct
    assert test_correct > 20  # learnt something in one epoch on 400 samples (chance is 10%)


def test_hidden_alone_means_no_hidden_layer_and_absent_means_30():
    parse = build_parser().parse_args
    assert parse(["--hidden"]).hidden == [] and parse(["--hidden", "--epochs", "1"]).hidden == []
    assert parse([]).hidden is None
    assert parse(["--hidden", "5", "3"]).hidden == [5, 3]


def test_hidden_alone_trains_a_784_10_network(capsys, csv_files, tmp_path):
    path = str(tmp_path / "flat.json")
    out = run_cli(capsys, csv_files, "--hidden", "--epochs", 1, "--save", path)
    assert "Training Network([784, 10], cost=cross-entropy, hidden_activation=sigmoid, init=scaled)" in out
    net, _ = modelfile.load(path)
    assert net.sizes == [784, 10] and [w.shape for w in net.weights] == [(10, 784)]
    (_, test_correct, _), = epoch_results(out)
    assert net.evaluate(load_csv(csv_files["test"])) == test_correct
    assert test_correct > 60  # 30% of 200: well above chance (10%) after one epoch on 400 samples
    default = run_cli(capsys, csv_files, "--epochs", 1)
    assert "Training Network([784, 30, 10]," in default
