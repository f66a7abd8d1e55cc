"""A horizontal bar chart as a PNG, written with zlib only (the Word report needs a raster image and the
product has no plotting library). Bars only: the labels and numbers are in the table printed with it."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

BAR = (0x1F, 0x5F, 0xA8)  # the product's blue, contrast 6.4:1 on white
GRID = (0xCC, 0xCC, 0xCC)
WHITE = (0xFF, 0xFF, 0xFF)


def bar_chart_png(values: Sequence[float], *, width: int = 600, bar_height: int = 18, gap: int = 8) -> bytes:
    rows = max(len(values), 1)
    height = rows * (bar_height + gap) + gap
    largest = max((v for v in values), default=0) or 1
    pixels = [[WHITE] * width for _ in range(height)]
    for x in range(0, width, width // 10):
        for y in range(height):
            pixels[y][x] = GRID
    for index, value in enumerate(values):
        top = gap + index * (bar_height + gap)
        length = int((width - 2) * max(value, 0) / largest)
        for y in range(top, top + bar_height):
            pixels[y][1 : 1 + length] = [BAR] * length
    raw = b"".join(b"\x00" + bytes(c for pixel in row for c in pixel) for row in pixels)
    return _png(width, height, raw)


def _png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )
