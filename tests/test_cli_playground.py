"""`python main.py serve`, training with --serve, and --weights, run as a user runs them."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.request

import pytest

from commandline import MAIN, MNIST_TEST, MNIST_TRAIN, ROOT, mnist_csv, run_main
from purenn.pictures.png import decode_png_rows
from purenn.pictures.weights import CAPTION_HEIGHT, PAD


@pytest.fixture(scope="module")
def csv_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("csv")
    return mnist_csv(folder / "train.csv", MNIST_TRAIN, 300), mnist_csv(folder / "test.csv", MNIST_TEST, 100)


class Running:
    """``python main.py ARGS`` running in the background; its stdout read line by line."""

    def __init__(self, *args):
        # A background shell may have left SIGINT ignored, and interrupt() needs it heard.
        self.process = subprocess.Popen([sys.executable, MAIN, *map(str, args)], cwd=ROOT, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        self.lines = []
        self.timer = threading.Timer(120, self.process.kill)  # never hang the test suite
        self.timer.start()

    def wait_for(self, pattern):
        """Read stdout until a line matches; the match."""
        for line in self.process.stdout:
            self.lines.append(line)
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"no line matched {pattern!r}: {''.join(self.lines)}"
                             f"{self.process.stderr.read()}")

    def interrupt(self):
        """Ctrl-C; then (exit status, the rest of stdout, stderr)."""
        self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=60)
        self.timer.cancel()
        self.lines.append(out)
        return self.process.returncode, out, err


def get_json(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def test_serve_shows_the_shipped_conv_model_until_ctrl_c():
    run = Running("serve", "--port", "0")
    url = run.wait_for(r"^Serving ConvNetwork\(\[ConvLayer\(20, 5, .* from the conv model shipped with "
                       r"purenn at (http://127\.0\.0\.1:\d+/) \(Ctrl-C stops\)$").group(1)
    answer = get_json(url + "api/test-digit?index=0")
    assert answer["label"] == answer["prediction"] == 7
    assert len(answer["maps"]) == 20  # the feature maps of its 20 first-layer filters
    assert urllib.request.urlopen(url, timeout=30).read().startswith(b"<!DOCTYPE html>")
    status, out, err = run.interrupt()
    assert (status, out.strip(), err) == (0, "Stopped.", "")


def test_serve_model_fc_is_the_fully_connected_network_and_not_with_load(tmp_path):
    run = Running("serve", "--model", "fc", "--port", "0")
    url = run.wait_for(r"^Serving Network\(\[784, 30, 10\].* from the fc model shipped with purenn "
                       r"at (\S+) \(Ctrl-C stops\)$").group(1)
    assert len(get_json(url + "api/network")["tiles"]) == 30
    assert run.interrupt()[0] == 0
    result = run_main("serve", "--model", "fc", "--load", tmp_path / "mine.json")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].endswith(
        "error: --model picks a shipped model and --load a saved one: give one of them")


def test_serve_a_saved_model_with_its_own_test_file(tmp_path, csv_files):
    train, test = csv_files
    model = tmp_path / "model.json"
    assert run_main("--train", train, "--test", test, "--hidden", "5", "--epochs", "1",
                    "--save", model, "--quiet").returncode == 0
    run = Running("serve", "--load", model, "--test", test, "--port", "0", "--host", "127.0.0.1")
    url = run.wait_for(rf"^Serving Network\(\[784, 5, 10\].* from {re.escape(str(model))} at (\S+) ").group(1)
    assert get_json(url + "api/status")["test_digits"] == 100
    assert len(get_json(url + "api/network")["tiles"]) == 5
    assert run.interrupt()[0] == 0


def post_json(url, value):
    request = urllib.request.Request(url, data=json.dumps(value).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def test_serve_save_writes_what_it_was_taught_there_only(tmp_path):
    path = tmp_path / "taught.json"
    run = Running("serve", "--model", "fc", "--save", path, "--port", "0")
    run.wait_for(rf"^The page's Save button writes what you teach it to {re.escape(str(path))}$")
    url = run.wait_for(r"^Serving Network\(\[784, 30, 10\].* at (\S+) \(Ctrl-C stops\)$").group(1)
    digit = get_json(url + "api/test-digit?index=0")  # a 7, taught as a 1
    assert get_json(url + "api/status")["teaching"]["save"] is True
    taught = post_json(url + "api/teach", {"image": digit["input"], "label": 1, "eta": 2, "steps": 5})
    assert taught["outputs"][-1]["prediction"] == 1 and not path.exists()
    assert post_json(url + "api/save", {})["saved"] == str(path)
    assert get_json(url + "api/test-digit?index=0")["prediction"] == 1
    assert run.interrupt()[0] == 0
    run = Running("serve", "--load", path, "--port", "0")  # what it learned is there
    url = run.wait_for(r"^Serving .* at (\S+) \(Ctrl-C stops\)$").group(1)
    assert get_json(url + "api/test-digit?index=0")["prediction"] == 1
    assert run.interrupt()[0] == 0
    assert os.listdir(tmp_path) == ["taught.json"]


def test_serve_save_to_a_folder_that_is_not_there_is_an_error_before_serving(tmp_path):
    result = run_main("serve", "--save", tmp_path / "missing" / "taught.json")
    assert result.returncode == 1
    missing = tmp_path / "missing" / "taught.json"
    assert result.stderr == f"error: {missing}: cannot write (No such file or directory)\n"
    assert "Serving" not in result.stdout


def test_serve_errors_are_one_line(tmp_path):
    (tmp_path / "bad.json").write_text("{")
    result = run_main("serve", "--load", tmp_path / "bad.json")
    assert result.returncode == 1 and result.stderr.startswith(f"error: {tmp_path / 'bad.json'}: not valid JSON")
    assert result.stderr.count("\n") == 1
    result = run_main("serve", "--port", "70000")
    assert result.returncode == 2 and "must be less than 65536" in result.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_main("serve", "--port", port)
    assert result.returncode == 1
    assert re.fullmatch(rf"error: 127\.0\.0\.1:{port}: .*in use\n", result.stderr)


def test_serving_beyond_this_computer_says_so_first():
    """--host 0.0.0.0 warns before it listens (here it cannot: the port is taken, so nothing is exposed)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_main("serve", "--host", "0.0.0.0", "--port", port)
    warnings = [line for line in result.stdout.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and warnings[0].startswith("warning: listening on 0.0.0.0: anyone on your network")
    assert result.returncode == 1 and result.stderr == f"error: 0.0.0.0:{port}: Address already in use\n"


def test_port_without_serve_and_serve_without_training_are_usage_errors(csv_files):
    result = run_main("--train", csv_files[0], "--port", "9000")
    assert result.returncode == 2 and "--port and --host go with --serve" in result.stderr
    result = run_main("--serve", "--epochs", "0")
    assert result.returncode == 2 and "python main.py serve --load PATH" in result.stderr


def epoch_lines(text):
    return re.sub(r", \d+\.\d s$", "", "\n".join(line for line in text.splitlines()
                                                 if line.startswith("Epoch ")), flags=re.M)


def test_training_with_serve_prints_the_same_epochs_and_serves_the_live_network(csv_files):
    train, test = csv_files
    args = ("--train", train, "--test", test, "--hidden", "6", "--epochs", "2", "--seed", "4", "--quiet")
    plain = run_main(*args)
    run = Running(*args, "--serve", "--port", "0")
    url = run.wait_for(r"^Watch it learn at (http://127\.0\.0\.1:\d+/)$").group(1)
    run.wait_for(r"^Training is over; the page at http://\S+ shows the trained network\. Ctrl-C stops\.$")
    status = get_json(url + "api/status")
    training = status["training"]
    assert training["finished"] and training["samples"] == 600
    assert [(epoch, samples) for epoch, samples, _ in training["epochs"]] == [(1, 300), (2, 600)]
    assert [samples for samples, _ in training["curve"]] == [0, 300, 600]  # the start and each epoch's end
    network = get_json(url + "api/network")
    assert network["sizes"] == [784, 6, 10] and network["version"] == status["version"]
    code, _, err = run.interrupt()
    assert (code, err) == (0, "")
    served = "".join(run.lines)
    assert epoch_lines(served) == epoch_lines(plain.stdout) != ""
    percents = re.findall(r"correct \((\d+\.\d\d)%\)", served)
    assert [str(p) for _, _, p in training["epochs"]] == [str(float(p)) for p in percents]


def read_size(path):
    with open(path, "rb") as f:
        width, height, channels, _ = decode_png_rows(f.read())
    return width, height, channels


def test_weights_picture_after_training(tmp_path, csv_files):
    train, test = csv_files
    path = tmp_path / "weights.png"
    result = run_main("--train", train, "--test", test, "--hidden", "12", "--epochs", "1",
                      "--weights", path, "--quiet")
    assert result.returncode == 0, result.stderr
    assert f"Saved the weights of 12 neurons to {path}" in result.stdout
    cell = 2 * PAD + 56
    assert read_size(path) == (10 * cell, 2 * (cell + CAPTION_HEIGHT), 3)  # 12 tiles, 10 a row
    templates = tmp_path / "templates.png"
    result = run_main("--train", train, "--test", test, "--hidden", "--epochs", "1",
                      "--weights", templates, "--quiet")
    assert result.returncode == 0 and "Saved the weights of 10 neurons" in result.stdout
    assert read_size(templates) == (10 * cell, cell + CAPTION_HEIGHT, 3)


def test_weights_path_is_checked_before_training(tmp_path, csv_files):
    result = run_main("--train", csv_files[0], "--test", csv_files[1], "--epochs", "1",
                      "--weights", tmp_path / "missing" / "w.png")
    assert result.returncode == 1
    assert result.stderr == f"error: {tmp_path / 'missing' / 'w.png'}: cannot write (No such file or directory)\n"
    assert "Training" not in result.stdout
