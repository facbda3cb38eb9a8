#!/usr/bin/env python3
# gen_glyph_bomb.py: writes a small PDF whose pages hold very many tiny glyphs (a
# "glyph bomb": deflated content streams make a few bytes per page expand to
# thousands of characters), to test the PDF converter's glyph caps and memory.
# Usage: gen_glyph_bomb.py OUT.pdf [PAGES [ROWS [COLS]]]
#   default 1100 pages, each ROWS (300) lines of COLS (150) glyphs of 1 pt Helvetica:
#   45,000 glyphs a page, 49,500,000 in all. Pages share VARIANTS content streams
#   (page i shows stream i % VARIANTS), which keeps the file small.
# The file written with the defaults is testdata/pdf/013-glyph-bomb.pdf.
import sys
import zlib

VARIANTS = 20


def page_stream(page, rows, cols):
    # Lines of digits and letters 1.2 pt apart, starting near the top-left corner.
    # The text of a line depends on the page and the line so the streams differ,
    # yet each still deflates to a few dozen bytes.
    out = ["BT /F1 1 Tf 1.2 TL 10 832 Td"]
    for r in range(rows):
        ch = "0123456789abcdefghij"[(page + r) % 20]
        out.append("(%s) '" % (ch * cols))
    out.append("ET")
    return zlib.compress("\n".join(out).encode("ascii"), 9)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: gen_glyph_bomb.py OUT.pdf [PAGES [ROWS [COLS]]]")
    path = sys.argv[1]
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else 1100
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    cols = int(sys.argv[4]) if len(sys.argv) > 4 else 150
    variants = min(VARIANTS, pages)

    # Objects: 1 catalog, 2 page tree, 3 font, 4.. the content streams, then the pages.
    objs = {}
    first_page = 4 + variants
    kids = " ".join("%d 0 R" % (first_page + i) for i in range(pages))
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = ("<< /Type /Pages /Count %d /Kids [%s] /MediaBox [0 0 595 842] "
               "/Resources << /Font << /F1 3 0 R >> >> >>" % (pages, kids)).encode("ascii")
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    for v in range(variants):
        s = page_stream(v, rows, cols)
        objs[4 + v] = (("<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(s)).encode("ascii")
                       + s + b"\nendstream")
    for i in range(pages):
        objs[first_page + i] = ("<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>"
                                % (4 + i % variants)).encode("ascii")

    data = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objs):
        offsets[n] = len(data)
        data += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
    xref = len(data)
    count = max(objs) + 1
    data += b"xref\n0 %d\n0000000000 65535 f \n" % count
    for n in range(1, count):
        data += b"%010d 00000 n \n" % offsets[n]
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, xref)
    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
