#!/usr/bin/env python3
"""oneliners.py: crawler one-liners made from the HTML fixtures, with expectations.

For each HTML fixture named on the command line, writes into OUTDIR:
  NAME.txt     the page's textContent under crawler header lines (flatten.py), in
               one of three shapes: plain; "spaced" (a stray space inside some digit
               runs, as some crawlers leave them); "renumbered" (a local office's
               extra part after part 一, so that the later part numbers shift by one)
  NAME.csv     the expected cells
  NAME.checks  the expected failed checks (value.ambiguous for each null cell)

The expectation is the source fixture's hand-verified CSV, decoded again by the
spec's rule for run-together digits, implemented here independently of gktab: the
cells of a row ran together, a count has no leading zero unless it is 0, and a split
counts only if it satisfies the template's arithmetic (t2 has none; t3 row totals,
then column sums and the balance across rows; t4 row totals). A cell is expected
only where every admissible split gives it the same value; else null and an error
value.ambiguous. The script stops when a row's digits are not in the flattened text
or the search is too large, so that every expectation was checked.
Usage: oneliners.py OUTDIR SHAPE:NUMBER:FIXTURE.html ...
Run by hand; its outputs are committed; CI does not run it.
"""
import csv
import itertools
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

T3_COLS = ["natural", "commercial", "research", "social", "legal", "other", "total"]
T4_ROWS = ["review", "suit_direct", "suit_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]
SIGNED = {"change"}
DECIMAL = {"amount"}


def splits(digits, cols):
    """Every split of digits into len(cols) cells that are valid values of them."""
    out = []

    def rec(pos, k, acc):
        if k == len(cols):
            if pos == len(digits):
                out.append(list(acc))
            return
        for end in range(pos + 1, len(digits) + 1):
            piece = digits[pos:end]
            if valid(piece, cols[k]):
                acc.append(piece)
                rec(end, k + 1, acc)
                acc.pop()

    rec(0, 0, [])
    return out


def valid(piece, col):
    body = piece
    if col in SIGNED and body[:1] in "+-" and len(body) > 1:
        body = body[1:]
        if body == "0":
            return False
    if col in DECIMAL and "." in body:
        whole, frac = body.split(".", 1)
        if not (1 <= len(frac) <= 2 and frac.isdigit()):
            return False
        body = whole
    if not body.isdigit() or len(body) > 12:
        return False
    return body == "0" or body[0] != "0"


def num(s):
    return float(s) if "." in s else int(s)


def agree(readings, n):
    """Per cell: its value when every reading agrees, else None."""
    return [readings[0][k] if all(r[k] == readings[0][k] for r in readings) else None for k in range(n)]


def main():
    out = sys.argv[1]
    for spec in sys.argv[2:]:
        shape, number, page = spec.split(":")
        make(out, shape, number, page)


def make(out, shape, number, page):
    base = os.path.splitext(page)[0]
    name = "%s-oneliner-%s%s" % (number, os.path.basename(base).split("-", 1)[1],
                                 "" if shape == "plain" else "-" + shape)
    text = subprocess.run([sys.executable, os.path.join(HERE, "flatten.py"), "textcontent", page],
                          check=True, capture_output=True, text=True).stdout
    rows = {}
    with open(base + ".csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["col"] != "unit":  # a text cell (万元), not digits
                rows.setdefault((r["table"], r["row"]), []).append((r["col"], r["value"]))
    body = text.split("\n")[-2]
    # Every row's digits must be in the body, in order.
    runs = {}
    at = 0
    for (t, row), cells in rows.items():
        d = "".join(v for _, v in cells)
        if t == "t4":
            continue
        if any(v == "" for _, v in cells):
            sys.exit("%s: %s.%s has a blank cell: not a one-liner fixture" % (page, t, row))
        i = body.find(d, at)
        if i < 0:
            sys.exit("%s: digits of %s.%s (%s) not in the flattened text" % (page, t, row, d))
        runs[(t, row)] = d
        at = i + len(d)
    t4 = "".join(v for (t, _), cells in rows.items() if t == "t4" for _, v in cells)
    if t4 and body.find(t4, at) < 0:
        sys.exit("%s: t4's digits not in the flattened text" % page)
    expect = {}
    # t2: no arithmetic.
    for (t, row), d in runs.items():
        if t != "t2":
            continue
        cols = [c for c, _ in rows[(t, row)]]
        got = agree(splits(d, cols), len(cols))
        for c, v in zip(cols, got):
            expect[(t, row, c)] = v
    # t3: row totals, then columns and balance jointly.
    t3 = [(row, d) for (t, row), d in runs.items() if t == "t3"]
    cands = []
    for row, d in t3:
        rs = [r for r in splits(d, T3_COLS) if sum(map(int, r[:6])) == int(r[6])]
        cands.append(rs)  # empty: no split adds up; the row is unread, the table's arithmetic fails
    names = [row for row, _ in t3]
    result_rows = [i for i, n in enumerate(names) if n not in ("new", "carried_in", "results_total", "carried_out")]
    ix = {n: i for i, n in enumerate(names)}
    open_ix = [i for i, c in enumerate(cands) if len(c) > 1]
    size = 1
    for i in open_ix:
        size *= len(cands[i])
    if size > 5_000_000:
        sys.exit("%s: %d combinations: too many for the oracle" % (page, size))
    good = []
    for choice in (itertools.product(*[cands[i] for i in open_ix]) if all(cands) else []):
        pick = [c[0] for c in cands]
        for i, ch in zip(open_ix, choice):
            pick[i] = ch
        ok = True
        for col in range(7):
            v = lambda n: int(pick[ix[n]][col])
            if v("new") + v("carried_in") != v("results_total") + v("carried_out"):
                ok = False
                break
            if sum(int(pick[i][col]) for i in result_rows) != v("results_total"):
                ok = False
                break
        if ok:
            good.append(pick)
    if not good:
        # The document's arithmetic fails: each row by its own total.
        per_row = [agree(c, 7) if c else [None] * 7 for c in cands]
    else:
        per_row = [agree([g[i] for g in good], 7) for i in range(len(names))]
    for i, row in enumerate(names):
        for c, v in zip(T3_COLS, per_row[i]):
            expect[("t3", row, c)] = v
    # t4: one run of fifteen under three row totals.
    if t4:
        cols = [c for r in T4_ROWS for c in T4_COLS]
        rs = [r for r in splits(t4, cols)
              if all(sum(map(int, r[5 * k:5 * k + 4])) == int(r[5 * k + 4]) for k in range(3))]
        got = agree(rs, 15) if rs else [None] * 15
        for k, v in enumerate(got):
            expect[("t4", T4_ROWS[k // 5], T4_COLS[k % 5])] = v
    # Shapes.
    if shape == "spaced":
        # A stray space after the second digit of every third run of four or more.
        n = [0]

        def space(m):
            n[0] += 1
            s = m.group(0)
            return s[:2] + " " + s[2:] if n[0] % 3 == 0 else s

        body2 = re.sub(r"[0-9]{4,}", space, body)
        text = text.replace(body, body2)
    elif shape == "renumbered":
        cn = "一二三四五六七"
        body2 = body
        for p in range(6, 1, -1):
            body2 = re.sub(cn[p - 1] + "、(?=(主动公开|收到和处理|政府信息公开行政复议|存在的主要问题|其他需要报告))",
                           cn[p] + "、", body2)
        body2 = body2.replace("二、主动公开", "二、重点领域信息公开情况本机关围绕重点领域做好信息公开。三、主动公开", 1)
        text = text.replace(body, body2)
    with open(os.path.join(out, name + ".txt"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(out, name + ".csv"), "w", encoding="utf-8") as f:
        f.write("table,row,col,value\n")
        with open(base + ".csv", encoding="utf-8") as src:
            for r in csv.DictReader(src):
                v = expect.get((r["table"], r["row"], r["col"]), r["value"])
                if v is not None and r["value"] != "" and r["col"] != "unit" and num(v) != num(r["value"]):
                    sys.stderr.write("%s: %s.%s.%s decodes to %s, published %s\n" %
                                     (page, r["table"], r["row"], r["col"], v, r["value"]))
                f.write("%s,%s,%s,%s\n" % (r["table"], r["row"], r["col"], "" if v is None else v))
    with open(os.path.join(out, name + ".checks"), "w", encoding="utf-8") as f:
        for (t, row, c), v in expect.items():
            if v is None:
                f.write("error\tvalue.ambiguous\t%s.%s.%s\n" % (t, row, c))
    print(name)


if __name__ == "__main__":
    main()
