#!/usr/bin/env python3
"""Draw the app's icons (public/icon-192.png, public/icon-512.png): a
magnifying lens over three bars on the brand colour. Plain Python (zlib and
struct), so no image library is needed; run it again after changing it."""
import math
import os
import struct
import zlib

BG = (15, 118, 110)      # the app's teal
FG = (255, 255, 255)
BAR = (253, 230, 138)


def pixel(x, y, n):
    """Colour of pixel (x, y) of an n×n icon (coordinates scaled to 0..1)."""
    u, v = (x + 0.5) / n, (y + 0.5) / n
    # Rounded square background (maskable: the art stays in the middle 80%).
    r = 0.18
    cx, cy = min(max(u, r), 1 - r), min(max(v, r), 1 - r)
    if math.hypot(u - cx, v - cy) > r:
        return None
    # Three bars of a chart, inside the lens.
    for i, h in enumerate((0.16, 0.26, 0.20)):
        x0 = 0.31 + i * 0.09
        if x0 <= u <= x0 + 0.06 and 0.55 - h <= v <= 0.55:
            return BAR
    # The lens: a ring centred at (0.42, 0.42) and a handle to the lower right.
    d = math.hypot(u - 0.42, v - 0.42)
    if 0.21 <= d <= 0.27:
        return FG
    t = ((u - 0.6) + (v - 0.6)) / 2
    if 0 <= t <= 0.16 and abs((u - 0.6) - (v - 0.6)) / math.sqrt(2) <= 0.045:
        return FG
    return BG


def png(n):
    rows = []
    for y in range(n):
        row = bytearray([0])
        for x in range(n):
            c = pixel(x, y, n)
            row += bytes(c + (255,)) if c else bytes((0, 0, 0, 0))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public")
    for n in (192, 512):
        with open(os.path.join(out, f"icon-{n}.png"), "wb") as f:
            f.write(png(n))
