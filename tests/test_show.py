"""show.py and the command line's --plot, --errors, --augment and predict."""

import re
import xml.etree.ElementTree as ET

import pytest

from commandline import MNIST_TEST, MNIST_TRAIN, mnist_csv, run_main
from purenn.app import modelfile
from purenn.pictures.image import rotate
from purenn.network import Network
from purenn.pictures.png import read_image, write_png
from purenn.app.show import augmented, learning_curves, mistakes, read_digit, top_scores
from purenn.app.training import EpochResult, SampleCounts
from purenn.vector import SparseVector

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def trained(mnist_train_2000):
    net = Network([784, 30, 10], seed=1)
    net.sgd(mnist_train_2000, 3, 10, 0.5)
    return net


def as_png(path, pixels, scale=3):
    """Write a 28x28 image as a bigger PNG with dark ink on white paper, as a person would draw."""
    rows = []
    for y in range(28):
        row = [round(255 * (1 - pixels[y * 28 + x])) for x in range(28) for _ in range(scale)]
        rows.extend([row] * scale)
    write_png(str(path), rows, 28 * scale, 28 * scale)


def test_an_mnist_digit_saved_as_png_is_read_back_as_the_same_digit(tmp_path, trained, mnist_test_500):
    # The 20 px box and the centre of mass put an MNIST digit back where it was,
    # give or take a pixel (the centring moves by whole pixels, and resampling
    # blurs a little), so the network gives the same answer for the file as for
    # the sample nearly always: 35 of these 40 for this small network, 91 of
    # 100 for one trained on 10,000 samples.
    samples = mnist_test_500[:40]
    agree = 0
    for k, (x, label) in enumerate(samples):
        path = tmp_path / f"digit{k}.png"
        as_png(path, list(x))
        seen = read_digit(path)
        assert centre_of_mass(seen) == pytest.approx(centre_of_mass(list(x)), abs=1.5)
        agree += trained.predict(seen) == trained.predict(x)
    assert agree >= 0.85 * len(samples), agree


def centre_of_mass(pixels):
    total = sum(pixels)
    return (sum(v * (i % 28) for i, v in enumerate(pixels)) / total,
            sum(v * (i // 28) for i, v in enumerate(pixels)) / total)


def test_top_scores_are_sorted_outputs(trained, mnist_test_500):
    x, _ = mnist_test_500[0]
    output = trained.feedforward(x)
    scores = top_scores(trained, x)
    assert [value for _, value in scores] == sorted(output, reverse=True)[:3]
    assert all(output[digit] == value for digit, value in scores)


def test_mistakes_are_exactly_the_wrong_predictions(trained, mnist_test_500):
    wrong = mistakes(trained, mnist_test_500)
    expected = [(list(x), label, trained.predict(x)) for x, label in mnist_test_500
                if trained.predict(x) != label]
    assert wrong == expected[:100]
    assert all(label != predicted for _, label, predicted in wrong)
    assert len(mistakes(trained, mnist_test_500, limit=2)) == 2


def test_augmented_adds_two_rotated_copies(mnist_test_500):
    data = mnist_test_500[:3]
    bigger = augmented(data)
    assert len(bigger) == 9
    assert bigger[:3] == data
    for k, (x, label) in enumerate(data):
        plus, minus = bigger[3 + k], bigger[6 + k]
        assert plus[1] == minus[1] == label
        assert isinstance(plus[0], SparseVector)
        assert plus[0].to_list() == rotate(list(x), 10.0)
        assert minus[0].to_list() == rotate(list(x), -10.0)
        assert plus[0] != x


def test_learning_curves_turn_counts_into_percent():
    history = [EpochResult(1, test_correct=50, validation_correct=8, training_cost=0.5),
               EpochResult(2, test_correct=75, validation_correct=9, training_cost=0.25)]
    accuracy, cost = learning_curves(history, SampleCounts(test=100, validation=10, training=40))
    assert accuracy == {"validation accuracy": [80.0, 90.0], "test accuracy": [50.0, 75.0]}
    assert cost == {"training cost": [0.5, 0.25]}


def test_learning_curves_name_the_evaluation_cost_after_its_data():
    history = [EpochResult(1, test_correct=30, training_correct=20, evaluation_cost=0.7)]
    accuracy, cost = learning_curves(history, SampleCounts(test=60, validation=0, training=40))
    assert accuracy == {"training accuracy": [50.0], "test accuracy": [50.0]}
    assert cost == {"test cost": [0.7]}


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    """Two epochs on 300 samples with --plot, --errors and --save."""
    folder = tmp_path_factory.mktemp("run")
    mnist_csv(folder / "test200.csv", MNIST_TEST, 200)
    result = run_main("--train", MNIST_TRAIN, "--limit", "300",
                      "--epochs", "2", "--hidden", "10", "--test", "test200.csv",
                      "--validation", "50", "--monitor", "training-cost",
                      "--plot", "curve.svg", "--errors", "errors.png", "--save", "model.json",
                      cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder, result


def test_plot_has_one_polyline_per_series_and_one_point_per_epoch(small_run):
    folder, _ = small_run
    root = ET.parse(folder / "curve.svg").getroot()
    lines = root.iter(SVG + "polyline")
    assert [len(line.get("points").split()) for line in lines] == [2, 2, 2]
    titles = [t.text for t in root.iter(SVG + "text")]
    assert "[784, 10, 10] sigmoid, cross-entropy, eta 0.5, batch 10" in titles
    for name in ("validation accuracy", "test accuracy", "training cost"):
        assert name in titles


def test_errors_png_holds_the_misclassified_digits(small_run):
    folder, result = small_run
    saved = re.search(r"Saved (\d+) misclassified test digits to errors.png", result.stdout)
    assert saved
    width, height, _ = read_image(folder / "errors.png")
    count = int(saved.group(1))
    assert width == 32 * min(count, 10) and height == 44 * -(-count // 10)


def test_errors_dash_prints_text_art(small_run):
    folder, _ = small_run
    result = run_main("--load", "model.json", "--epochs", "0", "--errors", "-", "--test", "test200.csv",
                      cwd=folder)
    assert result.returncode == 0, result.stderr
    captions = re.findall(r"^A (\d) taken for a (\d):$", result.stdout, re.M)
    assert len(captions) == 3 and all(a != b for a, b in captions)
    assert "@@" in result.stdout


def test_predict_reads_an_image_and_prints_the_top_three(small_run, tmp_path, mnist_test_500):
    folder, _ = small_run
    x, _ = mnist_test_500[0]
    as_png(tmp_path / "mine.png", list(x))
    net, _ = modelfile.load(str(folder / "model.json"))
    expected = net.predict(read_digit(tmp_path / "mine.png"))
    result = run_main("predict", "--load", str(folder / "model.json"), str(tmp_path / "mine.png"))
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert re.fullmatch(rf".*mine\.png: {expected}   top 3: {expected} \(output 0\.\d{{3}}\), "
                        r"\d \(output 0\.\d{3}\), \d \(output 0\.\d{3}\)", first)
    assert "@@" in result.stdout


def test_predict_with_a_bad_image_is_one_error_line(small_run, tmp_path):
    folder, _ = small_run
    (tmp_path / "notes.png").write_text("not a picture")
    result = run_main("predict", "--load", str(folder / "model.json"), str(tmp_path / "notes.png"))
    assert result.returncode == 1
    assert result.stderr == f"error: {tmp_path / 'notes.png'}: not a PNG or PGM file\n"


def test_predict_needs_a_model():
    result = run_main("predict", "digit.png")
    assert result.returncode == 2 and "--load" in result.stderr
