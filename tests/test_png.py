"""Tests for purenn.pictures.png: hand-made files, round trips through every filter, broken files."""

import os
import random
import struct
import zlib

import pytest

from purenn.pictures.png import ImageError, decode_image, encode_png, read_image, write_png

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(kind, data):
    """A PNG chunk built by hand, independently of purenn.pictures.png."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def ihdr(width, height, depth=8, colour_type=0, interlace=0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, interlace))


def png_file(header, raw):
    return SIGNATURE + header + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_hand_made_png_decodes_to_its_pixels():
    raw = bytes([0, 0, 128, 255,  # row 0: filter 0 (None), pixels 0 128 255
                 0, 10, 20, 30])  # row 1
    data = zlib.compress(raw)
    # Split the image data over two IDAT chunks, with an ancillary chunk before them.
    png = (SIGNATURE + ihdr(3, 2) + chunk(b"tEXt", b"Comment\x00hand made")
           + chunk(b"IDAT", data[:5]) + chunk(b"IDAT", data[5:]) + chunk(b"IEND", b""))
    assert decode_image(png) == (3, 2, [[0, 128, 255], [10, 20, 30]])


def test_hand_filtered_rows_decode():
    raw = bytes([
        1, 10, 10, 10,  # Sub: each byte adds the one to its left -> 10 20 30
        2, 5, 5, 10,    # Up: adds the byte above -> 15 25 40
        3, 1, 2, 3,     # Average: adds (left + up) // 2 -> 1+7=8, 2+(8+25)//2=18, 3+(18+40)//2=32
        4, 1, 1, 1,     # Paeth: p = a + b - c, take the nearest of a, b, c:
    ])                  # 1+paeth(0,8,0)=9, 1+paeth(9,18,8)=19, 1+paeth(19,32,18)=33
    width, height, rows = decode_image(png_file(ihdr(3, 4), raw))
    assert rows == [[10, 20, 30], [15, 25, 40], [8, 18, 32], [9, 19, 33]]


def test_paeth_can_pick_the_upper_left_byte():
    # Row 0 is 15 20 (filter None); row 1, Paeth, second byte: a=10 (left), b=20 (up),
    # c=15 (upper left), p = 15, nearest is c, so the byte is 0 + 15.
    raw = bytes([0, 15, 20, 4, 251, 0])  # first byte of row 1: 251 + paeth(0, 15, 0) = 266 mod 256
    assert decode_image(png_file(ihdr(2, 2), raw))[2] == [[15, 20], [10, 15]]


@pytest.mark.parametrize("filter_type", [None, 0, 1, 2, 3, 4])
def test_gray_round_trip_with_every_filter(tmp_path, filter_type):
    rng = random.Random(filter_type)
    rows = [[rng.randrange(256) for _ in range(7)] for _ in range(5)]
    path = tmp_path / "gray.png"
    write_png(path, rows, 7, 5, filter_type=filter_type)
    assert read_image(path) == (7, 5, rows)


@pytest.mark.parametrize("filter_type", [0, 1, 2, 3, 4])
def test_rgb_round_trip_with_every_filter(filter_type):
    rng = random.Random(10 + filter_type)
    rows = [[rng.randrange(256) for _ in range(4 * 3)] for _ in range(3)]
    width, height, gray = decode_image(encode_png(rows, 4, 3, channels=3, filter_type=filter_type))
    expected = [[round(0.299 * r[i] + 0.587 * r[i + 1] + 0.114 * r[i + 2]) for i in range(0, 12, 3)]
                for r in rows]
    assert (width, height, gray) == (4, 3, expected)


def test_colour_becomes_gray_by_luma():
    row = [255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]  # white black red green blue
    assert decode_image(encode_png([row], 5, 1, channels=3))[2] == [[255, 0, 76, 150, 29]]


def test_transparency_is_white_paper():
    # RGBA: transparent black, opaque black, half-transparent black, opaque gray
    rgba = [0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 128, 100, 100, 100, 255]
    assert decode_image(encode_png([rgba], 4, 1, channels=4))[2] == [[255, 0, 127, 100]]
    gray_alpha = [0, 0, 0, 255, 0, 128, 200, 255]
    assert decode_image(encode_png([gray_alpha], 4, 1, channels=2))[2] == [[255, 0, 127, 200]]


def test_pgm_with_comment(tmp_path):
    path = tmp_path / "digit.pgm"
    path.write_bytes(b"P5\n# drawn by hand\n3 2\n255\n" + bytes([0, 128, 255, 1, 2, 3]))
    assert read_image(path) == (3, 2, [[0, 128, 255], [1, 2, 3]])


def test_pgm_small_maxval_is_scaled_to_255():
    assert decode_image(b"P5 2 1 15 " + bytes([0, 15]))[2] == [[0, 255]]


@pytest.mark.parametrize("data, message", [
    (png_file(ihdr(2, 2, interlace=1), b""), "digit.png: interlaced PNG is not supported"),
    (png_file(ihdr(2, 2, depth=16), b""), "digit.png: 16-bit PNG is not supported"),
    (png_file(ihdr(2, 2, colour_type=3), b""),
     "digit.png: palette PNG is not supported (save it as grayscale or RGB)"),
    (png_file(ihdr(2, 2, depth=1), b""), "digit.png: 1-bit PNG is not supported"),
    (b"GIF89a....", "digit.png: not a PNG or PGM file"),
    (b"", "digit.png: empty file"),
    (b"\xff\xd8\xff\xe0", "digit.png: JPEG is not supported (save it as PNG)"),
    (SIGNATURE[:4], "digit.png: truncated"),
    (png_file(ihdr(2, 1), bytes(3))[:-20], "digit.png: truncated"),
    (png_file(ihdr(2, 1), bytes(3))[:-12], "digit.png: truncated"),  # no IEND chunk
    (png_file(ihdr(2, 1), bytes(2)), "digit.png: corrupt PNG (image data too short)"),
    (png_file(ihdr(2, 1), bytes([7, 0, 0])), "digit.png: corrupt PNG (unknown filter type 7 in row 0)"),
    (SIGNATURE + ihdr(2, 1) + chunk(b"IDAT", b"not zlib") + chunk(b"IEND", b""),
     "digit.png: corrupt PNG (bad compressed image data)"),
    (SIGNATURE + chunk(b"IEND", b""), "digit.png: corrupt PNG (no IHDR chunk first)"),
    (b"P5 2 2 65535\n" + bytes(8), "digit.png: 16-bit PGM is not supported"),
    (b"P5 3 3 255\n" + bytes(8), "digit.png: truncated"),
    (b"P5 3 255\n", "digit.png: corrupt PGM (expected 'P5 width height maxval')"),
    (b"P2 1 1 255\n0\n", "digit.png: plain (text) PGM is not supported (save it as binary P5)"),
])
def test_bad_images_raise_one_clear_line(data, message):
    with pytest.raises(ImageError) as error:
        decode_image(data, "digit.png")
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_bad_crc_names_the_chunk():
    good = png_file(ihdr(2, 1), bytes(3))
    idat_data = len(SIGNATURE) + 25 + 8  # signature, IHDR chunk, IDAT length and type
    bad = bytearray(good)
    bad[idat_data] ^= 1
    with pytest.raises(ImageError, match=r"^digit.png: corrupt PNG \(bad CRC in IDAT chunk\)$"):
        decode_image(bytes(bad), "digit.png")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImageError, match="nothing.png: no such file"):
        read_image(tmp_path / "nothing.png")
    with pytest.raises(ImageError, match="is a folder"):
        read_image(tmp_path)


def test_no_byte_string_gives_anything_but_an_image_or_image_error():
    rng = random.Random(0)
    good = encode_png([[rng.randrange(256) for _ in range(6)] for _ in range(3)], 3, 3, channels=2)
    broken = [good[:n] for n in range(len(good))]
    for _ in range(300):
        data = bytearray(good)
        data[rng.randrange(len(data))] = rng.randrange(256)
        broken.append(bytes(data))
    for data in broken:
        try:
            width, height, rows = decode_image(data)
        except ImageError:
            continue
        assert len(rows) == height and all(len(row) == width for row in rows)


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "out.png"
    path.write_bytes(b"old")
    write_png(path, [[1, 2]], 2, 1)
    assert read_image(path)[2] == [[1, 2]]
    assert os.listdir(tmp_path) == ["out.png"]
    with pytest.raises(ValueError):
        write_png(path, [[1, 300]], 2, 1)  # 300 is not a byte
    assert read_image(path)[2] == [[1, 2]] and os.listdir(tmp_path) == ["out.png"]


def test_encode_checks_its_arguments():
    with pytest.raises(ValueError, match="expected 2 rows of 3 values"):
        encode_png([[1, 2, 3]], 3, 2)
    with pytest.raises(ValueError, match="channels must be"):
        encode_png([[1]], 1, 1, channels=5)
