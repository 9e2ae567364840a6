"""data.py: the CSV loader on small generated files, good and bad."""

import gzip
import os

import pytest

from purenn.data import DataError, load_csv, parse_line, split
from purenn.vector import SparseVector


def row(label, pixels=None):
    """One CSV line: label then 784 pixels (default: pixel i is i % 256, so most are non-zero)."""
    if pixels is None:
        pixels = [i % 256 for i in range(784)]
    return ",".join(str(v) for v in [label] + list(pixels))


def write(tmp_path, name, text, compress=False):
    path = tmp_path / name
    data = text.encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    return str(path)


def test_parse_line_gives_a_list_of_784_pixels_over_255():
    pixels = [0] * 784
    pixels[3], pixels[700] = 255, 51
    x, label = parse_line(row(7, pixels))
    assert label == 7
    assert type(x) is list and len(x) == 784
    assert x[3] == 1.0 and x[700] == 0.2 and x[0] == 0.0
    assert sum(x) == 1.2 and all(type(v) is float for v in x)


def test_parse_line_sparse_keeps_the_same_numbers_without_the_zeros():
    pixels = [0] * 784
    pixels[3], pixels[700] = 255, 51
    x, label = parse_line(row(7, pixels), sparse=True)
    assert label == 7
    assert isinstance(x, SparseVector) and len(x) == 784
    assert x.indices == (3, 700) and x.values == (1.0, 0.2)
    assert x[3] == 1.0 and x[0] == 0.0
    assert list(x) == parse_line(row(7, pixels))[0]


def test_pixel_floats_are_shared_between_images():
    """One float object per pixel value, not one per pixel: what keeps 60,000 lists in memory."""
    a, _ = parse_line(row(1, [0] * 783 + [51]))
    b, _ = parse_line(row(2, [51] + [0] * 783))
    assert a[783] is b[0] and a[0] is b[1]


@pytest.mark.parametrize("compress", [False, True])
def test_load_plain_and_gzip(tmp_path, compress):
    text = row(3) + "\n" + row(9, [0] * 784) + "\n"
    path = write(tmp_path, "d.csv.gz" if compress else "d.csv", text, compress)
    data = load_csv(path)
    assert [label for _, label in data] == [3, 9]
    assert data[0][0][:3] == [0.0, 1 / 255, 2 / 255]
    assert data[1][0] == [0.0] * 784
    sparse = load_csv(path, sparse=True)
    assert len(sparse[1][0].indices) == 0 and list(sparse[0][0]) == data[0][0]


def test_header_blank_lines_and_crlf(tmp_path):
    header = "label," + ",".join(f"pixel{i}" for i in range(784))
    text = header + "\r\n" + row(1) + "\r\n\r\n" + row(2) + "\r\n"
    data = load_csv(write(tmp_path, "h.csv", text))
    assert [label for _, label in data] == [1, 2]


def test_limit(tmp_path):
    path = write(tmp_path, "l.csv", "".join(row(d) + "\n" for d in range(10)))
    assert [label for _, label in load_csv(path, limit=4)] == [0, 1, 2, 3]


def test_shipped_test_file_has_the_published_label_counts():
    here = os.path.dirname(os.path.abspath(__file__))
    data = load_csv(os.path.join(here, "..", "data", "mnist_test.csv.gz"))
    counts = [0] * 10
    for _, label in data:
        counts[label] += 1
    assert counts == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert all(0.0 <= v <= 1.0 for x, _ in data[:50] for v in x) and all(len(x) == 784 for x, _ in data)


BAD_LINES = [
    (row(1) + ",0", r"line 2: expected 785 fields, found 786"),
    (",".join(["5"] + ["0"] * 783), r"line 2: expected 785 fields, found 784"),
    (row(1).replace(",3,", ",x3,", 1), r"line 2, field 5 \(pixel 3\): expected a whole number, found 'x3'"),
    (row(1).replace(",3,", ",2.5,", 1), r"line 2, field 5 \(pixel 3\): expected a whole number, found '2.5'"),
    (row(1).replace(",3,", ",256,", 1), r"line 2, field 5 \(pixel 3\): expected 0-255, found 256"),
    (row(1).replace(",3,", ",-1,", 1), r"line 2, field 5 \(pixel 3\): expected 0-255, found -1"),
    (row(10), r"line 2: label must be 0-9, found 10"),
    (row(-1), r"line 2: label must be 0-9, found -1"),
    ("label," + ",".join(["p"] * 784), r"line 2: header line found among the data"),
]


@pytest.mark.parametrize("bad, message", BAD_LINES)
def test_bad_rows_name_file_line_and_problem(tmp_path, bad, message):
    path = write(tmp_path, "bad.csv", row(0) + "\n" + bad + "\n" + row(1) + "\n")
    with pytest.raises(DataError, match="bad.csv " + message):
        load_csv(path)


def test_errors_are_value_errors():
    assert issubclass(DataError, ValueError)


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="nope.csv: no such file"):
        load_csv(str(tmp_path / "nope.csv"))


def test_folder_instead_of_file(tmp_path):
    with pytest.raises(DataError, match="is a folder"):
        load_csv(str(tmp_path))


@pytest.mark.parametrize("text", ["", "\n\n", "label,pixel0\n"])
def test_empty_file(tmp_path, text):
    with pytest.raises(DataError, match="empty.csv: no samples found"):
        load_csv(write(tmp_path, "empty.csv", text))


def test_truncated_gzip(tmp_path):
    blob = gzip.compress(("".join(row(d % 10) + "\n" for d in range(50))).encode())
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(blob[: len(blob) // 2])
    with pytest.raises(DataError, match=r"cut.csv.gz line \d+: corrupt or truncated gzip data"):
        load_csv(str(path))


def test_not_gzip_at_all(tmp_path):
    path = tmp_path / "fake.csv.gz"
    path.write_bytes(b"this is not gzip data at all\n")
    with pytest.raises(DataError, match="fake.csv.gz line 1: corrupt or truncated gzip data"):
        load_csv(str(path))


def test_binary_file(tmp_path):
    path = tmp_path / "bin.csv"
    path.write_bytes(b"\xff\xfe\x00\x81" * 100)
    with pytest.raises(DataError, match="bin.csv line 1: not text"):
        load_csv(str(path))


def test_split_holds_out_the_last_samples():
    data = list(range(10))
    assert split(data, 3) == (list(range(7)), [7, 8, 9])
    with pytest.raises(ValueError, match="between 1 and 9"):
        split(data, 10)
    data = list(range(400))
    training, validation = split(data, 100)
    assert (len(training), len(validation)) == (300, 100)
    assert training == list(range(300)) and validation == list(range(300, 400))
    assert split(data, 1) == (list(range(399)), [399])
    for bad in (0, 400, 401):
        with pytest.raises(ValueError, match="validation"):
            split(data, bad)


def test_a_first_line_with_a_decimal_label_is_an_error_not_a_header(tmp_path):
    path = write(tmp_path, "dec.csv", row("5.0") + "\n")
    with pytest.raises(DataError, match=r"dec.csv line 1, field 1 \(label\): expected a whole number, found '5.0'"):
        load_csv(path)
