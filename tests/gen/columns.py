#!/usr/bin/env python3
"""columns.py: a tab-row text dump laid out in columns, as typed reports and
pdftotext -layout print them, with full-width digits.

Every run of tab-separated lines is one table: each column is padded to its widest
cell by display width (East Asian Width: a wide or full-width character takes two
columns), columns apart by GAP spaces (--gap, default 1, so single-digit columns
come out as `０ ０ ０`), ASCII digits of the cells turned into ０-９. Other lines are
kept as they are. The numbers do not change: the output's expected CSV is the
source fixture's.
Usage: columns.py DUMP.txt [--gap N] [--ideographic] > columns.txt
  --ideographic  pad and part columns with U+3000 (two columns wide) instead of spaces
  --tight        columns as wide as their numbers only (header and label text runs
                 over into the next column, as in narrow typed tables), so a row of
                 single-digit cells reads `０ ０ ０ ０ ０ ０ ０`
Standard library only; run by hand, outputs committed.
"""
import sys
import unicodedata


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def wide(s):
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in s)


def is_number(c):
    return c != "" and all("\uff10" <= ch <= "\uff19" or ch in ".-" for ch in c)


def layout(rows, gap, ideo, tight):
    rows = [[wide(c.strip()) for c in r] for r in rows]
    ncol = max(len(r) for r in rows)
    w = [0] * ncol
    for r in rows:
        for i, c in enumerate(r):
            if not tight or is_number(c):
                w[i] = max(w[i], width(c))
    out = []
    for r in rows:
        parts = []
        for i in range(ncol):
            c = r[i] if i < len(r) else ""
            pad = max(0, w[i] - width(c))
            if ideo:
                # U+3000 is two columns: round widths up to even.
                pad = max(0, w[i] + (w[i] & 1) - width(c))
                fill = "\u3000" * (pad // 2) + " " * (pad % 2)
                parts.append(c + fill + "\u3000" * gap)
            else:
                parts.append(c + " " * (pad + gap))
        out.append("".join(parts).rstrip(" \u3000"))
    return out


def main():
    src = open(sys.argv[1], encoding="utf-8").read().split("\n")
    gap = int(sys.argv[sys.argv.index("--gap") + 1]) if "--gap" in sys.argv else 1
    ideo = "--ideographic" in sys.argv
    tight = "--tight" in sys.argv
    out, block = [], []
    for line in src + [None]:
        if line is not None and "\t" in line:
            block.append(line.split("\t"))
            continue
        if block:
            out.extend(layout(block, gap, ideo, tight))
            block = []
        if line is not None:
            out.append(line)
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
