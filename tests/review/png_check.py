#!/usr/bin/env python3
"""png_check.py FILE.png WIDTH HEIGHT: the PNG is WIDTH x HEIGHT and not blank: at
least 2 % of its pixels differ from the most common colour (the page background),
and it has dark pixels (text). Decodes 8-bit RGB/RGBA PNGs with zlib only."""
import struct
import sys
import zlib


def pixels(path):
    with open(path, "rb") as f:
        b = f.read()
    if b[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    i, idat, ihdr = 8, b"", None
    while i < len(b):
        n, kind = struct.unpack(">I4s", b[i:i + 8])
        data = b[i + 8:i + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", data)
        elif kind == b"IDAT":
            idat += data
        i += 12 + n
    w, h, depth, ctype = ihdr[0], ihdr[1], ihdr[2], ihdr[3]
    if depth != 8 or ctype not in (2, 6):
        raise ValueError("unexpected PNG type %d/%d" % (depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            c = prev[x - bpp] if x >= bpp else 0
            up = prev[x]
            if ft == 1:
                line[x] = (line[x] + a) & 255
            elif ft == 2:
                line[x] = (line[x] + up) & 255
            elif ft == 3:
                line[x] = (line[x] + (a + up) // 2) & 255
            elif ft == 4:
                p = a + up - c
                pa, pb, pc = abs(p - a), abs(p - up), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (up if pb <= pc else c)
                line[x] = (line[x] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    w, h, bpp, rows = pixels(path)
    if (w, h) != (want_w, want_h):
        print("FAIL: %s is %dx%d, want %dx%d" % (path, w, h, want_w, want_h))
        sys.exit(1)
    counts, dark = {}, 0
    for r in rows[::4]:
        for x in range(0, w * bpp, bpp * 4):
            px = r[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
            dark += sum(px) < 200
    total = sum(counts.values())
    top = max(counts.values())
    if total - top < 0.02 * total or dark == 0:
        print("FAIL: %s is blank (%d of %d sampled pixels off the background, %d dark)" %
              (path, total - top, total, dark))
        sys.exit(1)
    print("ok: %s %dx%d, %.1f %% off the background, %d dark samples" %
          (path, w, h, 100.0 * (total - top) / total, dark))


if __name__ == "__main__":
    main()
