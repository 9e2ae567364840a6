"""Load MNIST from CSV: one image a line, the label then 784 pixels 0-255.

``load_csv("data/mnist_test.csv.gz")`` returns a list of ``(x, label)`` pairs:
x is the image, a list of 784 floats in [0, 1] (pixel / 255, row by row from
the top left), and label is the digit, an int 0-9.

Files may be plain ``.csv`` or gzip-compressed ``.csv.gz``; a header line at
the top is skipped, as are blank lines; Windows line endings are fine.
Anything else wrong raises ``DataError`` naming the file, the line and what
was expected, e.g. ``data/x.csv line 17: expected 785 fields, found 784``.

Memory: 60,000 images as lists of 784 floats take about 400 MB, even with one
shared float object for each of the 256 possible values.  ``sparse=True``
stores only the ~150 inked pixels of each image, as a ``vector.SparseVector``,
in about a third of that; every product with it skips the zeros, which is
what the command line trains with (chapter 8 of the tutorial).
"""

import gzip
import zlib
from itertools import compress

from .files import cannot_read
from .vector import SparseVector

IMAGE_SIZE = 28
N_PIXELS = IMAGE_SIZE * IMAGE_SIZE
N_FIELDS = 1 + N_PIXELS
N_CLASSES = 10

# One float object per pixel value and one int object per pixel position,
# shared by all images instead of a fresh object in each.
PIXEL_VALUES = tuple(p / 255 for p in range(256))
PIXEL_INDICES = tuple(range(N_PIXELS))
# Looking up '0'..'255' in a dict is about twice as fast as int(), which matters
# for 47 million fields; anything else falls back to int() and careful checks.
PIXEL_OF_TEXT = {str(p): p for p in range(256)}


class DataError(ValueError):
    """A data file is missing, unreadable or not in the MNIST CSV layout."""


def load_csv(path, limit=None, sparse=False):
    """Read (x, label) pairs from an MNIST CSV file (.csv or .csv.gz).

    limit: stop after this many samples (None reads them all).
    sparse: x as a SparseVector (only the inked pixels kept) instead of a list.
    """
    samples = []
    line_number = 0
    try:
        with _open_text(path) as lines:
            for line_number, line in enumerate(lines, start=1):
                if limit is not None and len(samples) >= limit:
                    break
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                if _is_header(line):
                    if samples or line_number > 1:
                        raise DataError(f"{path} line {line_number}: header line found among the data")
                    continue
                samples.append(parse_line(line, path, line_number, sparse))
    except (EOFError, zlib.error, gzip.BadGzipFile) as e:
        raise DataError(f"{path} line {line_number + 1}: corrupt or truncated gzip data ({e})") from None
    except UnicodeDecodeError:
        raise DataError(f"{path} line {line_number + 1}: not text (is it really a CSV file?)") from None
    except OSError as e:
        raise DataError(cannot_read(path, e, "a CSV file")) from None
    if not samples:
        raise DataError(f"{path}: no samples found (the file is empty)")
    return samples


def _open_text(path):
    path = str(path)
    # utf-8-sig drops the byte-order mark that Excel's "CSV UTF-8" puts at the start.
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _is_header(line):
    """A header line starts with a name such as 'label', not a number."""
    first = line.split(",", 1)[0]
    return any(c.isalpha() for c in first)


def parse_line(line, path="<string>", line_number=1, sparse=False):
    """Turn one CSV line 'label,p0,...,p783' into (x, label), x the 784 pixels / 255.

    x is a list of floats, or with sparse=True a SparseVector of the same numbers.
    """
    fields = line.split(",")
    if len(fields) != N_FIELDS:
        raise DataError(f"{path} line {line_number}: expected {N_FIELDS} fields, found {len(fields)}")
    try:
        label = int(fields[0])
        pixels = bytes(map(PIXEL_OF_TEXT.__getitem__, fields[1:]))
    except (KeyError, ValueError):
        label, pixels = _parse_slowly(fields, path, line_number)
    if not 0 <= label < N_CLASSES:
        raise DataError(f"{path} line {line_number}: label must be 0-9, found {label}")
    if not sparse:
        return list(map(PIXEL_VALUES.__getitem__, pixels)), label
    x = SparseVector(N_PIXELS, compress(PIXEL_INDICES, pixels),
                     map(PIXEL_VALUES.__getitem__, filter(None, pixels)))
    return x, label


def _parse_slowly(fields, path, line_number):
    """(label, pixels) of a line written other than '0'..'255' (' 7', '007'), or a DataError."""
    try:
        return int(fields[0]), bytes(map(int, fields[1:]))  # bytes() rejects values outside 0-255
    except ValueError:
        raise _explain_bad_field(fields, path, line_number) from None


def _explain_bad_field(fields, path, line_number):
    """The DataError for the first field that is not a whole number in range."""
    for column, field in enumerate(fields, start=1):
        what = "label" if column == 1 else f"pixel {column - 2}"
        try:
            value = int(field)
        except ValueError:
            shown = field.strip() if len(field) <= 20 else field.strip()[:20] + "..."
            return DataError(f"{path} line {line_number}, field {column} ({what}): "
                             f"expected a whole number, found {shown!r}")
        if column > 1 and not 0 <= value <= 255:
            return DataError(f"{path} line {line_number}, field {column} ({what}): "
                             f"expected 0-255, found {value}")
    return DataError(f"{path} line {line_number}: unreadable line")


def split(data, n_validation):
    """Hold out the last n_validation samples: returns (training, validation)."""
    if not 0 < n_validation < len(data):
        raise ValueError(f"validation size must be between 1 and {len(data) - 1}, got {n_validation}")
    return data[:-n_validation], data[-n_validation:]
