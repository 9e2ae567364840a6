"""The fast PNG paths agree with the plain definitions: unfiltering, gray, shrinking."""

import random
import zlib

import pytest

from purenn.pictures import png
from purenn.pictures.png import _gray_row, _to_gray, decode_image, encode_png, luma
from purenn.pictures.shrink import shrink, shrink_factor, shrink_rows
from purenn.pictures.unfilter import Lanes, paeth, repeat_lane, unfilter_band, unfilter_row


def plain_unfilter(raw, height, stride, bpp):
    """Row by row with unfilter_row, the byte-by-byte definition."""
    rows, prev = [], bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        prev = bytes(unfilter_row(raw[start], raw[start + 1:start + 1 + stride], prev, bpp))
        rows.append(prev)
    return rows


def random_raw(rng, height, stride, filters=range(5)):
    """Random filtered data: each row a random filter type and random bytes."""
    raw = bytearray()
    for _ in range(height):
        raw.append(rng.choice(list(filters)))
        raw += bytes(rng.randrange(256) for _ in range(stride))
    return bytes(raw)


@pytest.mark.parametrize("width, height, bpp", [(1, 1, 1), (1, 7, 1), (7, 1, 3), (5, 9, 1), (9, 5, 2),
                                                (13, 11, 3), (6, 40, 4), (40, 6, 4), (3, 3, 4)])
def test_unfilter_band_matches_the_plain_definition(width, height, bpp):
    rng = random.Random(width * 100 + height * 10 + bpp)
    stride = width * bpp
    raw = random_raw(rng, height, stride)
    expected = plain_unfilter(raw, height, stride, bpp)
    assert [bytes(row) for row in unfilter_band(raw, 0, height, stride, bpp, bytes(stride))] == expected


@pytest.mark.parametrize("filter_type", range(5))
def test_each_filter_alone_over_several_bands(filter_type, monkeypatch):
    monkeypatch.setattr(png, "BAND", 4)  # 10 rows: bands of 4, 4 and 2, each starting from the last
    rng = random.Random(filter_type)
    raw = random_raw(rng, 10, 15, filters=[filter_type])
    expected = plain_unfilter(raw, 10, 15, 3)
    assert [bytes(row) for row in png._unfiltered_rows(raw, 10, 15, 3)] == expected


def test_paeth_lanes_match_paeth_on_every_kind_of_tie():
    values = [0, 1, 2, 127, 128, 254, 255]
    triples = [(a, b, c) for a in values for b in values for c in values]
    lanes = Lanes(len(triples))
    packed = [sum(t[k] << (16 * j) for j, t in enumerate(triples)) for k in range(3)]
    result = lanes.paeth(*packed)
    assert [(result >> (16 * j)) & 0xFFFF for j in range(len(triples))] == [paeth(*t) for t in triples]


def test_repeat_lane():
    assert repeat_lane(0xFF, 2) == 0x00FF00FF and repeat_lane(1, 3) == 0x000100010001


@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_gray_rows_match_the_plain_definition(channels):
    rng = random.Random(channels)
    row = bytes(rng.randrange(256) for _ in range(50 * channels))
    assert list(_gray_row(row, channels)) == _to_gray(row, channels)
    if channels in (2, 4):  # opaque: the whole-row path
        opaque = bytearray(row)
        opaque[channels - 1::channels] = b"\xff" * 50
        assert list(_gray_row(bytes(opaque), channels)) == _to_gray(bytes(opaque), channels)


def test_luma_is_the_rounded_weighted_sum():
    rng = random.Random(5)
    for _ in range(2000):
        r, g, b = rng.randrange(256), rng.randrange(256), rng.randrange(256)
        assert abs(luma(r, g, b) - (0.299 * r + 0.587 * g + 0.114 * b)) <= 0.5 + 1e-3


@pytest.mark.parametrize("width, height, k", [(7, 5, 2), (8, 8, 4), (10, 3, 3), (5, 5, 7), (1, 9, 2)])
def test_fast_shrink_matches_the_plain_definition(width, height, k):
    rng = random.Random(width + height + k)
    rows = [[rng.randrange(256) for _ in range(width)] for _ in range(height)]
    assert shrink_rows((bytes(row) for row in rows), width, k) == shrink(rows, k)


def test_shrink_factor():
    assert shrink_factor(4000, 3000, 560) == 8 and shrink_factor(560, 100, 560) == 1
    assert shrink_factor(561, 100, 560) == 2 and shrink_factor(100, 1121, 560) == 3


@pytest.mark.parametrize("channels", [1, 3, 4])
def test_decoding_with_shrink_is_shrinking_the_decoded_picture(channels):
    rng = random.Random(40 + channels)
    width, height = 37, 23
    rows = [[rng.randrange(256) for _ in range(width * channels)] for _ in range(height)]
    if channels == 4:
        for row in rows:
            row[3::4] = [255] * width
    data = encode_png(rows, width, height, channels)  # every filter, picked row by row
    full = decode_image(data)
    assert full[2] == [_to_gray(bytes(row), channels) for row in rows]
    small = decode_image(data, shrink_to=10)  # k = 4: 10 x 6 blocks
    assert small == (10, 6, shrink(full[2], 4))
    assert decode_image(data, shrink_to=37) == full


def test_a_pgm_shrinks_too():
    data = b"P5 4 2 255\n" + bytes([0, 10, 20, 30, 40, 50, 60, 70])
    assert decode_image(data, shrink_to=2) == (2, 1, [[25, 45]])


def test_a_big_photo_like_picture_decodes_in_bands(monkeypatch):
    monkeypatch.setattr(png, "BAND", 16)
    rng = random.Random(9)
    width, height = 64, 50
    rows = [[min(255, 100 + x + y + rng.randrange(5)) for x in range(width) for _ in range(3)]
            for y in range(height)]
    data = encode_png(rows, width, height, channels=3)
    raw = zlib.decompress(data[data.index(b"IDAT") + 4:])
    assert len({raw[y * (3 * width + 1)] for y in range(height)}) >= 2  # filters vary by row
    assert decode_image(data)[2] == [_to_gray(bytes(row), 3) for row in rows]
