"""Read and write PNG and PGM images with the standard library (zlib + struct).

Enough of the formats to load a photo or drawing of a handwritten digit and to
save pictures of digits; not a general image library.

A PNG file is an 8-byte signature followed by chunks, each

    length (4 bytes) | type (4 ASCII letters) | data (length bytes) | CRC-32 of type + data

IHDR says width, height, bit depth, colour type and interlacing; the IDAT chunks,
joined, are one zlib stream holding the rows, each row one filter-type byte then
the row's bytes with that filter applied (see `predict`); IEND ends the file.

Read: 8-bit grayscale, grayscale+alpha, RGB and RGBA PNG without interlacing,
and binary PGM (P5, maxval up to 255).  Not read: palette, 16-bit, 1/2/4-bit or
interlaced PNG, JPEG; these raise ``ImageError`` with one line naming the file
and the problem, e.g. ``digit.png: palette PNG is not supported (save it as
grayscale or RGB)``.  Any byte string gives an image or an ImageError, never a
zlib, struct or index error.

Rows of pixels are lists of ints 0-255.  A row of a colour image is flat:
[r0, g0, b0, r1, g1, b1, ...] for RGB (channels=3).
"""

import re
import struct
import zlib

from ..files import cannot_read, write_atomically

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOUR_TYPES = {0: 1, 4: 2, 2: 3, 6: 4}  # PNG colour type -> channels: gray, gray+alpha, RGB, RGBA
MAX_PIXELS = 50_000_000  # refuse bigger images instead of running out of memory
PGM_HEADER = re.compile(rb"P5" + rb"(?:\s|#[^\r\n]*[\r\n])+(\d{1,9})" * 3 + rb"\s")


class ImageError(ValueError):
    """An image file is missing, unreadable, broken or in a form we do not read."""


# ---------------------------------------------------------------- filters

def paeth(a, b, c):
    """Paeth's predictor: whichever of left a, up b, upper-left c is nearest to a + b - c.

    >>> paeth(10, 20, 10), paeth(10, 20, 20), paeth(10, 20, 15)
    (20, 10, 15)
    """
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def predict(filter_type, a, b, c):
    """The guess each PNG filter makes for a byte from left a, up b, upper-left c.

    0 None: 0;  1 Sub: a;  2 Up: b;  3 Average: (a + b) // 2;  4 Paeth: paeth(a, b, c).
    The file stores (byte - guess) mod 256: small numbers when the guess is good.
    """
    if filter_type == 0:
        return 0
    if filter_type == 1:
        return a
    if filter_type == 2:
        return b
    if filter_type == 3:
        return (a + b) // 2
    return paeth(a, b, c)


def _filter_row(filter_type, row, prev, bpp):
    """Filter one row of bytes: out_i = (row_i - predict(a, b, c)) mod 256; bpp bytes a pixel."""
    out = bytearray([filter_type])
    for i, x in enumerate(row):
        a, c = (row[i - bpp], prev[i - bpp]) if i >= bpp else (0, 0)
        out.append((x - predict(filter_type, a, prev[i], c)) & 255)
    return out


def _unfilter_row(filter_type, line, prev, bpp):
    """Undo `_filter_row`: row_i = (line_i + predict(a, b, c)) mod 256, left to right."""
    row = bytearray(line)
    if filter_type == 0:
        return row
    for i in range(len(row)):
        a, c = (row[i - bpp], prev[i - bpp]) if i >= bpp else (0, 0)
        row[i] = (row[i] + predict(filter_type, a, prev[i], c)) & 255
    return row


# ---------------------------------------------------------------- writing

def _chunk(kind, data):
    """One PNG chunk: length, type, data, CRC-32 of type + data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(rows, width, height, channels=1, filter_type=None):
    """The bytes of an 8-bit PNG of `rows` (height rows of width * channels ints 0-255).

    channels: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.  filter_type 0-4 uses that filter
    on every row; None picks, row by row, the filter whose output has the smallest
    sum of |byte| (bytes read as -128..127): the usual heuristic of PNG encoders.
    """
    colour_type = {c: t for t, c in COLOUR_TYPES.items()}.get(channels)
    if colour_type is None:
        raise ValueError(f"channels must be 1, 2, 3 or 4, not {channels}")
    if filter_type not in (None, 0, 1, 2, 3, 4):
        raise ValueError(f"filter_type must be 0-4 or None, not {filter_type}")
    if width < 1 or height < 1:
        raise ValueError(f"an image needs at least one pixel, not {width} x {height}")
    if len(rows) != height or any(len(row) != width * channels for row in rows):
        raise ValueError(f"expected {height} rows of {width * channels} values")
    raw, prev = bytearray(), bytes(width * channels)
    for row in rows:
        row = bytes(row)  # raises ValueError for a value outside 0-255
        choices = range(5) if filter_type is None else [filter_type]
        raw += min((_filter_row(k, row, prev, channels) for k in choices),
                   key=lambda line: sum(min(v, 256 - v) for v in line[1:]))
        prev = row
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + _chunk(b"IEND", b""))


def write_png(path, rows, width, height, channels=1, filter_type=None):
    """Save rows of pixels as a PNG file (see `encode_png`), atomically."""
    write_atomically(path, encode_png(rows, width, height, channels, filter_type))


# ---------------------------------------------------------------- reading

def read_image(path):
    """Read a PNG or binary PGM file as (width, height, rows of grayscale ints 0-255).

    Colour becomes gray by luma, 0.299 R + 0.587 G + 0.114 B; transparent parts
    are laid on white paper.
    """
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ImageError(cannot_read(path, e, "an image")) from None
    return decode_image(data, path)


def decode_image(data, name="<bytes>"):
    """Decode the bytes of a PNG or PGM file; `name` is used in error messages."""
    if data.startswith(PNG_SIGNATURE):
        return _decode_png(data, name)
    if data.startswith(b"P5"):
        return _decode_pgm(data, name)
    if data and PNG_SIGNATURE.startswith(data):
        raise ImageError(f"{name}: truncated")
    if data.startswith(b"P2"):
        raise ImageError(f"{name}: plain (text) PGM is not supported (save it as binary P5)")
    if data.startswith(b"\xff\xd8"):
        raise ImageError(f"{name}: JPEG is not supported (save it as PNG)")
    raise ImageError(f"{name}: {'empty file' if not data else 'not a PNG or PGM file'}")


def _chunks(data, name):
    """Yield (type, data) for each chunk after the signature, checking each CRC."""
    pos = len(PNG_SIGNATURE)
    while True:
        if pos + 12 > len(data):
            raise ImageError(f"{name}: truncated")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body, crc = data[pos + 8:pos + 8 + length], data[pos + 8 + length:pos + 12 + length]
        if len(crc) < 4:
            raise ImageError(f"{name}: truncated")
        if zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            kind_text = kind.decode("ascii", "replace")
            raise ImageError(f"{name}: corrupt PNG (bad CRC in {kind_text} chunk)")
        yield kind, body
        if kind == b"IEND":
            return
        pos += 12 + length


def _read_header(kind, body, name):
    """Check the IHDR chunk; return (width, height, channels)."""
    if kind != b"IHDR" or len(body) != 13:
        raise ImageError(f"{name}: corrupt PNG (no IHDR chunk first)")
    width, height, depth, colour_type, compression, filtering, interlace = \
        struct.unpack(">IIBBBBB", body)
    if colour_type == 3:
        raise ImageError(f"{name}: palette PNG is not supported (save it as grayscale or RGB)")
    if colour_type not in COLOUR_TYPES:
        raise ImageError(f"{name}: corrupt PNG (unknown colour type {colour_type})")
    if depth != 8:
        raise ImageError(f"{name}: {depth}-bit PNG is not supported (save it as 8-bit)")
    if interlace != 0:
        raise ImageError(f"{name}: interlaced PNG is not supported")
    if compression != 0 or filtering != 0 or width == 0 or height == 0:
        raise ImageError(f"{name}: corrupt PNG (bad IHDR chunk)")
    _check_size(width, height, name)
    return width, height, COLOUR_TYPES[colour_type]


def _check_size(width, height, name):
    """ImageError for a picture too big to hold in lists of Python ints."""
    if width * height > MAX_PIXELS:
        raise ImageError(f"{name}: image too large ({width} x {height}; "
                         f"the limit is {MAX_PIXELS // 1_000_000} megapixels)")


def _decode_png(data, name):
    """Header, then the joined IDAT data inflated and unfiltered row by row, then gray."""
    chunks = _chunks(data, name)
    width, height, channels = _read_header(*next(chunks), name)
    idat = b"".join(body for kind, body in chunks if kind == b"IDAT")
    stride = width * channels
    expected = height * (1 + stride)
    try:
        # max_length: never inflate more than the image needs, however the stream lies
        raw = zlib.decompressobj().decompress(idat, expected)
    except zlib.error:
        raise ImageError(f"{name}: corrupt PNG (bad compressed image data)") from None
    if len(raw) < expected:
        raise ImageError(f"{name}: corrupt PNG (image data too short)")
    rows, prev = [], bytes(stride)
    for y in range(height):
        start = y * (1 + stride)
        filter_type = raw[start]
        if filter_type > 4:
            raise ImageError(f"{name}: corrupt PNG (unknown filter type {filter_type} in row {y})")
        prev = _unfilter_row(filter_type, raw[start + 1:start + 1 + stride], prev, channels)
        rows.append(_to_gray(prev, channels))
    return width, height, rows


def _to_gray(row, channels):
    """Gray ints from a row of gray, gray+alpha, RGB or RGBA bytes.

    gray = 0.299 R + 0.587 G + 0.114 B, then over white: gray·α + 255·(1 - α), α = A/255.
    """
    if channels == 1:
        return list(row)
    pixels = [row[i:i + channels] for i in range(0, len(row), channels)]
    if channels == 2:
        return [round((g * a + 255 * (255 - a)) / 255) for g, a in pixels]
    luma = [(0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2], p[3] if channels == 4 else 255)
            for p in pixels]
    return [round((g * a + 255 * (255 - a)) / 255) for g, a in luma]


def _decode_pgm(data, name):
    """Binary PGM: 'P5', width, height, maxval (whitespace or # comments between), one
    whitespace byte, then width x height bytes, row by row, 0 = black, maxval = white."""
    header = PGM_HEADER.match(data)
    if not header:
        raise ImageError(f"{name}: corrupt PGM (expected 'P5 width height maxval')")
    width, height, maxval = map(int, header.groups())
    if maxval > 255:
        raise ImageError(f"{name}: 16-bit PGM is not supported")
    if width == 0 or height == 0 or maxval == 0:
        raise ImageError(f"{name}: corrupt PGM (zero width, height or maxval)")
    _check_size(width, height, name)
    pixels = data[header.end():header.end() + width * height]
    if len(pixels) < width * height:
        raise ImageError(f"{name}: truncated")
    scale = [min(255, round(v * 255 / maxval)) for v in range(256)]
    return width, height, [[scale[v] for v in pixels[y * width:(y + 1) * width]]
                           for y in range(height)]
