"""Read and write PNG and PGM images with the standard library (zlib + struct).

Enough of the formats to load a photo or drawing of a handwritten digit and to
save pictures of digits; not a general image library.

A PNG file is an 8-byte signature followed by chunks, each

    length (4 bytes) | type (4 ASCII letters) | data (length bytes) | CRC-32 of type + data

IHDR says width, height, bit depth, colour type and interlacing; the IDAT chunks,
joined, are one zlib stream holding the rows, each row one filter-type byte then
the row's bytes with that filter applied (see unfilter.py); IEND ends the file.

Read: 8-bit grayscale, grayscale+alpha, RGB and RGBA PNG without interlacing,
and binary PGM (P5, maxval up to 255).  Not read: palette, 16-bit, 1/2/4-bit or
interlaced PNG, JPEG; these raise ``ImageError`` with one line naming the file
and the problem, e.g. ``digit.png: palette PNG is not supported (save it as
grayscale or RGB)``.  Any byte string gives an image or an ImageError, never a
zlib, struct or index error.

Rows of pixels are lists of ints 0-255.  A row of a colour image is flat:
[r0, g0, b0, r1, g1, b1, ...] for RGB (channels=3).

Each step of reading has a plain definition, byte by byte, beside a fast path
that lets C loops do the work: `unfilter_row` and `unfilter_band` in unfilter.py
for the filters, `_to_gray` and `_gray_row` here for colour, shrink.py for
shrinking; so a 12-megapixel photo reads in about two seconds, and
tests/test_png_fast.py checks that each pair agrees.
"""

import re
import struct
import zlib

from ..files import cannot_read, write_atomically
from .shrink import shrink_factor, shrink_rows
from .unfilter import filter_row, unfilter_band

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOUR_TYPES = {0: 1, 4: 2, 2: 3, 6: 4}  # PNG colour type -> channels: gray, gray+alpha, RGB, RGBA
MAX_PIXELS = 50_000_000  # refuse bigger images instead of running out of memory
BAND = 1024  # rows unfiltered together (see unfilter.py)
PGM_HEADER = re.compile(rb"P5" + rb"(?:\s|#[^\r\n]*[\r\n])+(\d{1,9})" * 3 + rb"\s")


class ImageError(ValueError):
    """An image file is missing, unreadable, broken or in a form we do not read."""


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
        raw += min((filter_row(k, row, prev, channels) for k in choices),
                   key=lambda line: sum(min(v, 256 - v) for v in line[1:]))
        prev = row
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + _chunk(b"IEND", b""))


def write_png(path, rows, width, height, channels=1, filter_type=None):
    """Save rows of pixels as a PNG file (see `encode_png`), atomically."""
    write_atomically(path, encode_png(rows, width, height, channels, filter_type))


# ---------------------------------------------------------------- reading

def read_image(path, shrink_to=None):
    """Read a PNG or binary PGM file as (width, height, rows of grayscale ints 0-255).

    Colour becomes gray by luma (see `luma`); transparent parts are laid on
    white paper.  shrink_to: if the picture is wider or taller than this, it
    is shrunk as it is read, by averaging k x k blocks (see shrink.py), k the
    smallest whole number that brings both sides within shrink_to; width and
    height are then the shrunk picture's.
    """
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ImageError(cannot_read(path, e, "an image")) from None
    return decode_image(data, path, shrink_to)


def decode_image(data, name="<bytes>", shrink_to=None):
    """Decode the bytes of a PNG or PGM file; `name` is used in error messages."""
    if data.startswith(PNG_SIGNATURE):
        width, height, channels, rows = decode_png_rows(data, name)
        gray = (_gray_row(row, channels) for row in rows)
    elif data.startswith(b"P5"):
        width, height, gray = _decode_pgm(data, name)
    elif data and PNG_SIGNATURE.startswith(data):
        raise ImageError(f"{name}: truncated")
    elif data.startswith(b"P2"):
        raise ImageError(f"{name}: plain (text) PGM is not supported (save it as binary P5)")
    elif data.startswith(b"\xff\xd8"):
        raise ImageError(f"{name}: JPEG is not supported (save it as PNG)")
    else:
        raise ImageError(f"{name}: {'empty file' if not data else 'not a PNG or PGM file'}")
    k = shrink_factor(width, height, shrink_to)
    if k == 1:
        return width, height, [list(row) for row in gray]
    rows = shrink_rows(gray, width, k)
    return len(rows[0]), len(rows), rows


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


def decode_png_rows(data, name="<bytes>"):
    """(width, height, channels, rows): a PNG's pixels as they are stored, colour and all.

    rows yields each row as bytes, width * channels of them, unfiltered (see
    unfilter.py) a band of rows at a time, so the whole picture is never held
    twice.  Errors in the data are found before the first row is yielded.
    """
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
    for y in range(height):
        if raw[y * (1 + stride)] > 4:
            raise ImageError(f"{name}: corrupt PNG (unknown filter type {raw[y * (1 + stride)]} in row {y})")
    return width, height, channels, _unfiltered_rows(raw, height, stride, channels)


def _unfiltered_rows(raw, height, stride, bpp):
    """Every row of the inflated data, unfiltered a band of BAND rows at a time."""
    above = bytes(stride)
    for first in range(0, height, BAND):
        for row in unfilter_band(raw, first, min(BAND, height - first), stride, bpp, above):
            yield row
        above = row


def luma(r, g, b):
    """The gray of a colour, 0.299 R + 0.587 G + 0.114 B rounded, in 16-bit fixed point.

    (19595 R + 38470 G + 7471 B + 32768) >> 16: the weights are 0.299, 0.587 and
    0.114 times 65536 and add up to 65536, so white stays 255; adding half of
    65536 before dropping 16 bits rounds to the nearest whole number.

    >>> luma(255, 255, 255), luma(255, 0, 0), luma(0, 255, 0), luma(0, 0, 255)
    (255, 76, 150, 29)
    """
    return (19595 * r + 38470 * g + 7471 * b + 32768) >> 16


def _to_gray(row, channels):
    """Gray ints from a row of gray, gray+alpha, RGB or RGBA bytes: the plain definition.

    gray = luma(R, G, B), then over white: round(gray·α + 255·(1 - α)), α = A/255.
    """
    if channels == 1:
        return list(row)
    pixels = [row[i:i + channels] for i in range(0, len(row), channels)]
    if channels == 2:
        return [round((g * a + 255 * (255 - a)) / 255) for g, a in pixels]
    gray = [(luma(p[0], p[1], p[2]), p[3] if channels == 4 else 255) for p in pixels]
    return [round((g * a + 255 * (255 - a)) / 255) for g, a in gray]


def _gray_row(row, channels):
    """`_to_gray` as bytes, the whole row at once where it can be (no transparency).

    The sum 19595 R + 38470 G + 7471 B + 32768 is done for every pixel at once
    on ints holding one pixel every 32 bits (like unfilter.py's lanes; no sum
    reaches 2**24), and byte 2 of each 32-bit lane is the sum >> 16.
    """
    n = len(row) // channels
    if channels in (2, 4) and row[channels - 1::channels] != b"\xff" * n:
        return bytes(_to_gray(row, channels))  # some transparency: pixel by pixel
    if channels < 3:
        return bytes(row[0::channels])
    lanes = [bytearray(4 * n) for _ in range(3)]
    for colour in range(3):
        lanes[colour][0::4] = row[colour::channels]
    r, g, b = (int.from_bytes(lane, "little") for lane in lanes)
    total = 19595 * r + 38470 * g + 7471 * b + int.from_bytes(b"\x00\x80\x00\x00" * n, "little")
    return total.to_bytes(4 * n, "little")[2::4]


def _decode_pgm(data, name):
    """Binary PGM: 'P5', width, height, maxval (whitespace or # comments between), one
    whitespace byte, then width x height bytes, row by row, 0 = black, maxval = white.
    Returns (width, height, rows), rows yielding each row as bytes 0-255."""
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
    scale = bytes(min(255, round(v * 255 / maxval)) for v in range(256))
    pixels = pixels.translate(scale)  # each byte v becomes scale[v]
    return width, height, (pixels[y * width:(y + 1) * width] for y in range(height))
