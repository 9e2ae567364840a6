"""The command line when things go wrong: bad files, bad options, divergence, Ctrl-C, saved models.

Every failure a user can cause must end in one ``error: ...`` line on stderr
naming the file (and line), no traceback, and the documented exit status:
1 bad input, 2 bad options, 3 diverged, 130 interrupted.  Most tests run
``python main.py`` in a subprocess on small files made in a temporary folder;
a few call ``cli.main`` in-process where a subprocess could not be timed.
"""

import glob
import gzip
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from commandline import MAIN, MNIST_TEST, MNIST_TRAIN, ROOT, mnist_csv, run_main
from purenn.app import cli, modelfile, training
from purenn.data import load_csv
from purenn.network import Network


def the_error_line(result, status=1):
    """Check the run failed with `status` and exactly one stderr line 'error: ...'; return that line."""
    assert result.returncode == status, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def row(label, pixels=None):
    """One CSV line: label then 784 pixels (default: pixel i is i % 256)."""
    if pixels is None:
        pixels = [i % 256 for i in range(784)]
    return ",".join(str(v) for v in [label] + list(pixels))


def good_rows(n=20):
    return "".join(row(i % 10) + "\n" for i in range(n))


@pytest.fixture(scope="module")
def train_csv(tmp_path_factory):
    """300 real MNIST training samples as a plain CSV."""
    return mnist_csv(tmp_path_factory.mktemp("train") / "train.csv", MNIST_TRAIN, 300)


@pytest.fixture(scope="module")
def test_csv(tmp_path_factory):
    """100 real MNIST test samples as a plain CSV."""
    return mnist_csv(tmp_path_factory.mktemp("test") / "test.csv", MNIST_TEST, 100)


# Bad data files, through the command line ---------------------------------------------------------

def gzip_of(text):
    return gzip.compress(text.encode())


def cut_in_half(blob):
    return blob[: len(blob) // 2]


def flip_the_crc(blob):
    blob = bytearray(blob)
    blob[-6] ^= 1  # the last 8 bytes are the CRC-32 and the length
    return bytes(blob)


HEADER = "label," + ",".join(f"pixel{i}" for i in range(784))

# (file name, its bytes, the exact stderr line, as a regex)
BAD_DATA = [
    ("empty.csv", b"", r"error: empty\.csv: no samples found \(the file is empty\)"),
    ("blank.csv", b"\r\n\n  \n", r"error: blank\.csv: no samples found \(the file is empty\)"),
    ("header.csv", (HEADER + "\n").encode(), r"error: header\.csv: no samples found \(the file is empty\)"),
    ("empty.csv.gz", gzip_of(""), r"error: empty\.csv\.gz: no samples found \(the file is empty\)"),
    ("cut.csv.gz", cut_in_half(gzip_of(good_rows(200))),
     r"error: cut\.csv\.gz line \d+: corrupt or truncated gzip data "
     r"\(Compressed file ended before the end-of-stream marker was reached\)"),
    ("crc.csv.gz", flip_the_crc(gzip_of(good_rows(20))),
     r"error: crc\.csv\.gz line 21: corrupt or truncated gzip data "
     r"\(CRC check failed 0x[0-9a-f]+ != 0x[0-9a-f]+\)"),
    ("fake.csv.gz", b"not gzip at all\n",
     r"error: fake\.csv\.gz line 1: corrupt or truncated gzip data \(Not a gzipped file \(b'no'\)\)"),
    ("binary.csv", b"\xff\xd8\xff\xe0 a JPEG, not a CSV" * 50,
     r"error: binary\.csv line 1: not text \(is it really a CSV file\?\)"),
    ("short.csv", (good_rows(16) + ",".join(["5"] + ["0"] * 783) + "\n").encode(),
     r"error: short\.csv line 17: expected 785 fields, found 784"),
    ("long.csv", (row(1) + "\n" + row(2) + ",0\n").encode(),
     r"error: long\.csv line 2: expected 785 fields, found 786"),
    ("semicolons.csv", (row(1).replace(",", ";") + "\n").encode(),
     r"error: semicolons\.csv line 1: expected 785 fields, found 1"),
    ("letters.csv", (row(1) + "\n" + row(2).replace(",3,", ",x3,", 1) + "\n").encode(),
     r"error: letters\.csv line 2, field 5 \(pixel 3\): expected a whole number, found 'x3'"),
    ("decimal.csv", (row(1) + "\n" + row(2).replace(",3,", ",2.5,", 1) + "\n").encode(),
     r"error: decimal\.csv line 2, field 5 \(pixel 3\): expected a whole number, found '2\.5'"),
    ("missing-field.csv", (row(1) + "\n" + row(2).replace(",3,", ",,", 1) + "\n").encode(),
     r"error: missing-field\.csv line 2, field 5 \(pixel 3\): expected a whole number, found ''"),
    ("decimal-label.csv", (row(1) + "\n" + row("7.0") + "\n").encode(),
     r"error: decimal-label\.csv line 2, field 1 \(label\): expected a whole number, found '7\.0'"),
    ("pixel-256.csv", (row(1) + "\n\n" + row(2).replace(",3,", ",256,", 1) + "\n").encode(),
     r"error: pixel-256\.csv line 3, field 5 \(pixel 3\): expected 0-255, found 256"),
    ("pixel-negative.csv", (row(1) + "\n" + row(2)[:-4] + ",-1\n").encode(),
     r"error: pixel-negative\.csv line 2, field 785 \(pixel 783\): expected 0-255, found -1"),
    ("label-10.csv", (row(1) + "\n" + row(10) + "\n").encode(),
     r"error: label-10\.csv line 2: label must be 0-9, found 10"),
    ("label-negative.csv", (row(-1) + "\n").encode(),
     r"error: label-negative\.csv line 1: label must be 0-9, found -1"),
    ("header-twice.csv", (HEADER + "\n" + row(1) + "\n" + HEADER + "\n").encode(),
     r"error: header-twice\.csv line 3: header line found among the data"),
    ("header-late.csv", (row(1) + "\r\n" + HEADER + "\r\n").encode(),
     r"error: header-late\.csv line 2: header line found among the data"),
    ("bad.csv.gz", gzip_of(good_rows(5) + row(3) + ",9\n"),
     r"error: bad\.csv\.gz line 6: expected 785 fields, found 786"),
]


@pytest.mark.parametrize("name, content, expected", BAD_DATA, ids=[case[0] for case in BAD_DATA])
def test_a_bad_training_file_is_one_error_line(tmp_path, name, content, expected):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.csv").write_text(good_rows())
    result = run_main("--train", name, "--test", "good.csv", "--hidden", "5", "--epochs", "1", cwd=tmp_path)
    line = the_error_line(result)
    assert re.fullmatch(expected, line), line
    assert "Epoch" not in result.stdout


def test_a_bad_test_file_is_named(tmp_path):
    (tmp_path / "good.csv").write_text(good_rows())
    (tmp_path / "test.csv").write_text(row(4) + "\n" + row(12) + "\n")
    result = run_main("--train", "good.csv", "--test", "test.csv", "--hidden", "5", "--epochs", "1",
                      cwd=tmp_path)
    assert the_error_line(result) == "error: test.csv line 2: label must be 0-9, found 12"


def test_missing_training_file(tmp_path):
    result = run_main("--train", "nowhere.csv", cwd=tmp_path)
    assert the_error_line(result) == "error: nowhere.csv: no such file"


def test_a_folder_instead_of_a_file(tmp_path):
    (tmp_path / "data.csv").mkdir()
    result = run_main("--train", "data.csv", cwd=tmp_path)
    assert the_error_line(result) == "error: data.csv: is a folder, not a CSV file"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs POSIX permissions and a non-root user")
def test_an_unreadable_file(tmp_path):
    path = tmp_path / "secret.csv"
    path.write_text(good_rows())
    path.chmod(0)
    try:
        result = run_main("--train", "secret.csv", cwd=tmp_path)
    finally:
        path.chmod(0o644)
    assert the_error_line(result) == "error: secret.csv: permission denied"


def test_blank_lines_crlf_and_a_first_line_header_are_accepted(tmp_path):
    lines = [HEADER] + [row(d) for d in range(10)] + ["", "   ", row(3)]
    text = "\r\n".join(lines)  # and no newline at the end
    (tmp_path / "windows.csv").write_bytes(text.encode())
    result = run_main("--train", "windows.csv", "--test", "windows.csv", "--hidden", "5", "--epochs", "1",
                      cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("  11 samples in ") == 2
    assert re.search(r"^Epoch 1/1: \d+ / 11 correct", result.stdout, re.M)


def test_a_utf8_bom_from_excel_is_accepted(tmp_path):
    (tmp_path / "excel.csv").write_bytes(b"\xef\xbb\xbf" + good_rows(10).replace("\n", "\r\n").encode())
    result = run_main("--train", "excel.csv", "--test", "excel.csv", "--hidden", "5", "--epochs", "1",
                      cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("  10 samples in ") == 2


def test_validation_that_leaves_nothing_to_train_on(tmp_path):
    (tmp_path / "good.csv").write_text(good_rows(20))
    result = run_main("--train", "good.csv", "--test", "good.csv", "--validation", "20", cwd=tmp_path)
    assert the_error_line(result) == ("error: good.csv: --validation 20 leaves no samples to train on "
                                      "(the file has 20)")


# Bad option values: argparse usage errors, exit status 2 ------------------------------------------

USAGE_ERRORS = [
    (["--hidden", "0"], "argument --hidden: must be a whole number at least 1, got 0"),
    (["--hidden", "-3"], "argument --hidden: must be a whole number at least 1, got -3"),
    (["--hidden", "30", "0"], "argument --hidden: must be a whole number at least 1, got 0"),
    (["--hidden", "2.5"], "argument --hidden: expected a whole number, got '2.5'"),
    (["--hidden", "ten"], "argument --hidden: expected a whole number, got 'ten'"),
    (["--hidden=-1"], "argument --hidden: must be a whole number at least 1, got -1"),
    (["--epochs", "-1"], "argument --epochs: must be a whole number at least 0, got -1"),
    (["--epochs", "1.5"], "argument --epochs: expected a whole number, got '1.5'"),
    (["--epochs", "five"], "argument --epochs: expected a whole number, got 'five'"),
    (["--batch-size", "0"], "argument --batch-size: must be a whole number at least 1, got 0"),
    (["--batch-size", "-10"], "argument --batch-size: must be a whole number at least 1, got -10"),
    (["--limit", "0"], "argument --limit: must be a whole number at least 1, got 0"),
    (["--limit", "-5"], "argument --limit: must be a whole number at least 1, got -5"),
    (["--eta", "0"], "argument --eta: must be a finite number greater than 0.0, got 0"),
    (["--eta", "-0.1"], "argument --eta: must be a finite number greater than 0.0, got -0.1"),
    (["--eta", "nan"], "argument --eta: must be a finite number greater than 0.0, got nan"),
    (["--eta", "inf"], "argument --eta: must be a finite number greater than 0.0, got inf"),
    # (with a space, argparse takes "-inf" for an option and says "expected one argument")
    (["--eta=-inf"], "argument --eta: must be a finite number greater than 0.0, got -inf"),
    (["--eta", "1e400"], "argument --eta: must be a finite number greater than 0.0, got 1e400"),
    (["--eta", "1e-400"], "argument --eta: must be a finite number greater than 0.0, got 1e-400"),
    (["--eta", "fast"], "argument --eta: expected a number, got 'fast'"),
    (["--eta-decay", "0"], "argument --eta-decay: must be a finite number greater than 0.0, got 0"),
    (["--lmbda", "-1"], "argument --lmbda: must be a finite number at least 0.0, got -1"),
    (["--dropout", "1"], "argument --dropout: must be less than 1.0, got 1"),
    (["--dropout", "-0.5"], "argument --dropout: must be a finite number at least 0.0, got -0.5"),
    (["--validation", "0"], "argument --validation: must be a whole number at least 1, got 0"),
    (["--cost", "hinge"], "argument --cost: invalid choice: 'hinge' (choose from "),
    (["--activation", "softmax"], "argument --activation: invalid choice: 'softmax' (choose from "),
    (["--activation", "swish"], "argument --activation: invalid choice: 'swish' (choose from "),
    (["--init", "zeros"], "argument --init: invalid choice: 'zeros' (choose from "),
    (["--load", "m.json", "--hidden", "30"], "--hidden cannot be used with --load: the model file fixes them"),
    (["--load", "m.json", "--cost", "quadratic", "--activation", "relu"],
     "--cost, --activation cannot be used with --load: the model file fixes them"),
    (["--output", "softmax", "--cost", "quadratic"],
     "--output softmax goes with the log-likelihood cost, not quadratic"),
    (["--output", "sigmoid", "--cost", "log-likelihood"], "the log-likelihood cost needs --output softmax"),
    (["--early-stop", "3"], "--early-stop needs --validation N to decide which epoch is best"),
]


@pytest.mark.parametrize("args, message", USAGE_ERRORS, ids=[" ".join(args) for args, _ in USAGE_ERRORS])
def test_bad_option_values_are_usage_errors(capsys, args, message):
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: python main.py ")
    last = err.splitlines()[-1]
    assert last.startswith("python main.py: error: " + message), last


def test_a_usage_error_from_the_real_command(tmp_path):
    result = run_main("--batch-size", "0", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("usage: python main.py ")
    assert result.stderr.splitlines()[-1] == ("python main.py: error: argument --batch-size: "
                                              "must be a whole number at least 1, got 0")


# Values that are allowed --------------------------------------------------------------------------

def test_a_batch_larger_than_the_training_set_is_one_batch(tmp_path, test_csv):
    result = run_main("--limit", "50", "--test", test_csv, "--batch-size", "1000", "--epochs", "2",
                      "--hidden", "10")
    assert result.returncode == 0, result.stderr
    assert "on 50 samples: batch size 1000, eta 0.5" in result.stdout
    assert len(re.findall(r"^Epoch [12]/2: \d+ / 100 correct", result.stdout, re.M)) == 2


def test_epochs_0_with_load_evaluates_what_training_reported(tmp_path, train_csv, test_csv):
    model = tmp_path / "model.json"
    trained = run_main("--train", train_csv, "--test", test_csv, "--epochs", "2", "--hidden", "20",
                       "--save", model, "--quiet")
    assert trained.returncode == 0, trained.stderr
    last = re.findall(r"^Epoch 2/2: (\d+) / 100 correct \((\d+\.\d\d%)\)", trained.stdout, re.M)
    assert len(last) == 1

    evaluated = run_main("--load", model, "--train", tmp_path / "not-needed.csv", "--test", test_csv,
                         "--epochs", "0")

    assert evaluated.returncode == 0, evaluated.stderr
    correct, percent = last[0]
    assert f"Test: {correct} / 100 correct ({percent})" in evaluated.stdout.splitlines()
    loaded = "Loaded Network([784, 20, 10], cost=cross-entropy, hidden_activation=sigmoid, init=scaled) from "
    assert loaded in evaluated.stdout
    assert "not-needed.csv" not in evaluated.stdout  # evaluating needs no training data
    assert "Epoch" not in evaluated.stdout and evaluated.stderr == ""


def test_load_and_keep_training_counts_the_epochs(tmp_path, train_csv, test_csv):
    model = tmp_path / "model.json"
    first = run_main("--train", train_csv, "--test", test_csv, "--epochs", "1", "--hidden", "8",
                     "--eta", "0.25", "--batch-size", "5", "--save", model)
    assert first.returncode == 0, first.stderr
    again = run_main("--load", model, "--train", train_csv, "--test", test_csv, "--epochs", "1",
                     "--save", model)
    assert again.returncode == 0, again.stderr
    assert "batch size 5, eta 0.25" in again.stdout  # the settings came back from the file
    net, training = modelfile.load(str(model))
    assert net.sizes == [784, 8, 10]
    assert training["epochs"] == 2 and training["batch_size"] == 5 and training["eta"] == 0.25


# Divergence: exit 3 ---------------------------------------------------------------------------------

DIVERGING = ("--output", "softmax", "--activation", "relu", "--eta", "1e100", "--limit", "200", "--quiet")


def test_divergence_stops_at_once_with_exit_3(tmp_path, test_csv):
    model = tmp_path / "model.json"
    result = run_main(*DIVERGING, "--test", test_csv, "--epochs", "5", "--save", model)
    assert the_error_line(result, status=3) == \
        "error: training diverged in epoch 1 (cost became nan); try a smaller --eta"
    assert "Epoch 1/5" not in result.stdout
    assert not model.exists() and glob.glob(str(tmp_path / ".purenn-*.tmp")) == []


def test_divergence_in_epoch_2_keeps_the_model_of_epoch_1(tmp_path, test_csv):
    model = tmp_path / "model.json"
    result = run_main("--output", "softmax", "--activation", "relu", "--eta", "0.1", "--eta-decay", "1e200",
                      "--limit", "200", "--test", test_csv, "--epochs", "3", "--save", model, "--quiet")
    assert the_error_line(result, status=3) == \
        "error: training diverged in epoch 2 (cost became nan); try a smaller --eta"
    epoch_1 = re.findall(r"^Epoch 1/3: (\d+) / 100 correct", result.stdout, re.M)
    assert len(epoch_1) == 1 and "Epoch 2/3" not in result.stdout
    net, training = modelfile.load(str(model))
    assert training["epochs"] == 1
    assert net.evaluate(load_csv(test_csv)) == int(epoch_1[0])


def test_divergence_in_the_very_last_step_is_still_divergence(tmp_path, test_csv):
    result = run_main("--limit", "1", "--batch-size", "1", "--eta", "1e308", "--activation", "relu",
                      "--test", test_csv, "--epochs", "1", "--quiet")
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stderr.startswith("error: training diverged in epoch 1")


# --debug --------------------------------------------------------------------------------------------

def test_debug_shows_the_traceback(tmp_path):
    (tmp_path / "short.csv").write_text(good_rows(3) + ",".join(["5"] * 784) + "\n")
    plain = run_main("--train", "short.csv", cwd=tmp_path)
    assert the_error_line(plain) == "error: short.csv line 4: expected 785 fields, found 784"
    debug = run_main("--train", "short.csv", "--debug", cwd=tmp_path)
    assert debug.returncode == 1
    assert debug.stderr.startswith("Traceback (most recent call last):")
    assert "purenn/data.py" in debug.stderr.replace("\\", "/")
    assert debug.stderr.splitlines()[-1] == \
        "purenn.data.DataError: short.csv line 4: expected 785 fields, found 784"


def test_debug_shows_the_traceback_of_divergence(test_csv):
    result = run_main(*DIVERGING, "--test", test_csv, "--epochs", "1", "--debug")
    assert result.returncode == 1
    assert "Traceback (most recent call last):" in result.stderr
    assert result.stderr.splitlines()[-1] == "purenn.divergence.TrainingDiverged: the cost's gradient became nan"


# Saved models through the command line -------------------------------------------------------------

def save_model(path, sizes, **kwargs):
    modelfile.save(Network(sizes, seed=1, **kwargs), str(path), training={"epochs": 1})
    return path


@pytest.mark.parametrize("sizes", [[100, 5, 10], [784, 5, 3]], ids=["100-inputs", "3-outputs"])
def test_a_model_of_the_wrong_size(tmp_path, test_csv, sizes):
    save_model(tmp_path / "other.json", sizes)
    result = run_main("--load", "other.json", "--test", test_csv, "--epochs", "0", cwd=tmp_path)
    assert the_error_line(result) == (f"error: other.json: the network is {sizes}, but MNIST needs "
                                      f"784 inputs and 10 outputs")


BAD_MODEL_TEXT = [
    ("missing.json", None, r"error: missing\.json: no such file"),
    ("empty.json", "", r"error: empty\.json: not valid JSON \(Expecting value: line 1 column 1 \(char 0\)\)"),
    ("list.json", "[784, 30, 10]", r'error: list\.json: not a purenn model \(no "format": "purenn-model"\)'),
    ("v3.json", '{"format": "purenn-model", "version": 3}',
     r"error: v3\.json: unknown model version 3 \(this purenn reads versions 1 and 2\)"),
    ("nan.json", '{"format": "purenn-model", "version": 1, "sizes": [784, 10], "weights": [[[NaN]]]}',
     r"error: nan\.json: not valid JSON \(NaN is not a finite number\)"),
    ("sizes.json", '{"format": "purenn-model", "version": 1, "sizes": [784, -10]}',
     r"error: sizes\.json: sizes must be a list of at least two positive whole numbers, found \[784, -10\]"),
]


@pytest.mark.parametrize("name, text, expected", BAD_MODEL_TEXT, ids=[case[0] for case in BAD_MODEL_TEXT])
def test_a_bad_model_file_is_one_error_line(tmp_path, test_csv, name, text, expected):
    if text is not None:
        (tmp_path / name).write_text(text)
    result = run_main("--load", name, "--test", test_csv, "--epochs", "0", cwd=tmp_path)
    line = the_error_line(result)
    assert re.fullmatch(expected, line), line


def test_a_truncated_model_file(tmp_path, test_csv):
    path = save_model(tmp_path / "cut.json", [784, 5, 10])
    text = path.read_text()
    path.write_text(text[: len(text) * 2 // 3])
    result = run_main("--load", "cut.json", "--test", test_csv, "--epochs", "0", cwd=tmp_path)
    assert re.fullmatch(r"error: cut\.json: not valid JSON \(Expecting .+: line 1 column \d+ \(char \d+\)\)",
                        the_error_line(result))


def test_save_into_a_missing_folder(tmp_path, test_csv):
    result = run_main("--train", MNIST_TRAIN, "--limit", "20", "--test", test_csv, "--hidden", "5",
                      "--epochs", "1", "--save", "no/such/model.json", cwd=tmp_path)
    assert the_error_line(result) == "error: no/such/model.json: cannot write (No such file or directory)"
    assert "Loading" not in result.stdout  # checked before any work is done


@pytest.mark.parametrize("setting", [{"batch_size": 0}, {"eta": "0.5"}, {"dropout": 1.0}, {"lmbda": -5.0}],
                         ids=["batch_size-0", "eta-string", "dropout-1", "lmbda-negative"])
def test_bad_training_settings_in_a_model_file(tmp_path, test_csv, setting):
    net = Network([784, 5, 10], seed=1)
    modelfile.save(net, str(tmp_path / "m.json"), training=dict({"epochs": 1}, **setting))
    result = run_main("--load", "m.json", "--train", MNIST_TRAIN, "--limit", "20", "--test", test_csv,
                      "--epochs", "1", cwd=tmp_path)
    assert the_error_line(result).startswith("error: m.json: ")


# Ctrl-C -------------------------------------------------------------------------------------------

@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")
def test_ctrl_c_stops_cleanly_and_the_last_epoch_loads(tmp_path, test_csv):
    model = tmp_path / "model.json"
    process = subprocess.Popen(
        [sys.executable, "-u", MAIN, "--limit", "2000", "--test", test_csv, "--epochs", "50",
         "--save", str(model), "--quiet"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # A background shell may have left SIGINT ignored; Python only turns a
        # SIGINT it does not ignore into KeyboardInterrupt.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        stdout = []
        for line in process.stdout:
            stdout.append(line)
            if line.startswith("Epoch 1/50:"):
                break
        assert stdout and stdout[-1].startswith("Epoch 1/50:"), "".join(stdout)
        deadline = time.monotonic() + 60
        while not model.exists():  # epoch 1 is saved before its line is printed
            assert time.monotonic() < deadline, "no model saved after epoch 1"
            time.sleep(0.01)
        time.sleep(0.3)  # into epoch 2's training, which takes over a second
        process.send_signal(signal.SIGINT)
        rest, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    found = re.fullmatch(r"\ninterrupted in epoch (\d+), batch (\d+)\n", stderr)
    assert found, stderr
    epoch, batch = int(found.group(1)), int(found.group(2))
    assert epoch >= 2 and 0 <= batch <= 200  # 2000 samples in batches of 10
    assert "Done in" not in rest
    net, training = modelfile.load(str(model))
    assert training["epochs"] == epoch - 1 >= 1
    reported = re.findall(rf"^Epoch {epoch - 1}/50: (\d+) / 100 correct", "".join(stdout) + rest, re.M)
    assert net.evaluate(load_csv(test_csv)) == int(reported[0])
    assert glob.glob(str(tmp_path / ".purenn-*.tmp")) == []


def test_ctrl_c_names_the_epoch_and_batch(tmp_path, monkeypatch, capsys):
    """In-process, exactly timed: the interrupt comes in the 4th mini-batch of epoch 1."""
    (tmp_path / "d.csv").write_text(good_rows(60))

    def train_epoch(self, training_data, mini_batch_size, eta, lmbda=0.0, progress=None):
        for _ in range(3):
            progress(mini_batch_size)
        raise KeyboardInterrupt

    monkeypatch.setattr(Network, "train_epoch", train_epoch)
    data = str(tmp_path / "d.csv")
    status = cli.main(["--train", data, "--test", data, "--hidden", "3"])
    assert status == 130
    assert capsys.readouterr().err == "\ninterrupted in epoch 1, batch 3\n"


def test_ctrl_c_while_loading(tmp_path, monkeypatch, capsys):
    def load_samples(path, limit=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(training, "load_samples", load_samples)
    assert cli.main(["--hidden", "3"]) == 130
    assert capsys.readouterr().err == "\ninterrupted before training started\n"
