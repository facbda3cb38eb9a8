#!/usr/bin/env python3
"""wpsnarrow.py: the national template DOCX (WPS-made) filled in with the numbers of
tests/gen/pdfprint.py and its t3 label column narrowed until the labels wrap over
2-3 lines, or its value columns narrowed until the 4-digit totals wrap inside their
cells (`194` over `1`), the values' vertical alignment set per row (centre, or
cycling centre / top / bottom), for LibreOffice to print to PDF
(tests/gen/pdfprint.sh). Beside each DOCX the expected CSV and checks, written from
the same numbers (never from gktab).

Usage: wpsnarrow.py TEMPLATE.docx OUTDIR
"""
import os
import re
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfprint  # noqa: E402

# t3's grid columns in the template (twips): group, sub-group, label, then values.
T3_LABEL_COLS = (754, 921, 3271)
# Its cell widths that span label columns: all three, the last two, the last one.
T3_SPANS = {"5150": (0, 1, 2), "4365": (1, 2), "3406": (2,)}
# t3's value columns (twips): the grid column, a value cell's width, the head cell
# over all seven.
T3_VALUE_COL, T3_VALUE_CELL, T3_VALUE_HEAD = 685, 714, 4998


def cell_text(tc):
    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", tc))


def set_value(tc, value, valign=None):
    """The cell with its runs replaced by one run holding `value`."""
    tc = re.sub(r"<w:r>.*?</w:r>", "", tc, flags=re.S)
    run = ('<w:r><w:rPr><w:rFonts w:hint="eastAsia" w:ascii="宋体" w:hAnsi="宋体"/>'
           '<w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr><w:t>%s</w:t></w:r>' % value)
    i = tc.rindex("</w:p>")
    tc = tc[:i] + run + tc[i:]
    if valign:
        tc = re.sub(r'<w:vAlign w:val="[a-z]+"/>', '<w:vAlign w:val="%s"/>' % valign, tc)
    return tc


def map_cells(row, fn):
    """Row XML with fn(index, count, tc) applied to each of its cells."""
    cells = list(re.finditer(r"<w:tc>.*?</w:tc>", row, re.S))
    out, last = [], 0
    for i, m in enumerate(cells):
        out.append(row[last:m.start()])
        out.append(fn(i, len(cells), m.group(0)))
        last = m.end()
    out.append(row[last:])
    return "".join(out)


def map_rows(tbl, fn):
    rows = list(re.finditer(r"<w:tr[ >].*?</w:tr>", tbl, re.S))
    out, last = [], 0
    for i, m in enumerate(rows):
        out.append(tbl[last:m.start()])
        out.append(fn(i, m.group(0)))
        last = m.end()
    out.append(tbl[last:])
    return "".join(out)


def fill(doc, fx, label_twips, valign, value_twips=None):
    tbls = list(re.finditer(r"<w:tbl>.*?</w:tbl>", doc, re.S))
    t2, t3, t4 = (m.group(0) for m in tbls[:3])
    t2vals = dict(fx.t2)
    t2labels = {"规章": "rules", "行政规范性文件": "normative", "行政许可": "licensing",
                "行政处罚": "penalty", "行政强制": "coercion", "行政事业性收费": "fees"}

    def t2row(_, row):
        first = re.search(r"<w:tc>.*?</w:tc>", row, re.S)
        key = t2labels.get(cell_text(first.group(0)).strip()) if first else None
        if not key:
            return row
        return map_cells(row, lambda i, n, tc: set_value(tc, t2vals[key][i - 1]) if i else tc)

    t2 = map_rows(t2, t2row)
    body = [v for _, v in fx.t3]

    def t3row(ri, row):
        if ri < 3:
            return row
        vals = body[ri - 3]
        va = valign(ri - 3)
        return map_cells(row, lambda i, n, tc: set_value(tc, vals[i - (n - 7)], va)
                         if i >= n - 7 else tc)

    t3 = map_rows(t3, t3row)
    cols = list(T3_LABEL_COLS[:2]) + [label_twips]
    t3 = t3.replace('<w:gridCol w:w="%d"/>' % T3_LABEL_COLS[2], '<w:gridCol w:w="%d"/>' % label_twips, 1)
    for old, span in T3_SPANS.items():
        t3 = t3.replace('<w:tcW w:w="%s"' % old, '<w:tcW w:w="%d"' % sum(cols[k] for k in span))
    if value_twips:
        t3 = t3.replace('<w:gridCol w:w="%d"/>' % T3_VALUE_COL, '<w:gridCol w:w="%d"/>' % value_twips)
        t3 = t3.replace('<w:tcW w:w="%d"' % T3_VALUE_CELL, '<w:tcW w:w="%d"' % value_twips)
        t3 = t3.replace('<w:tcW w:w="%d"' % T3_VALUE_HEAD, '<w:tcW w:w="%d"' % (7 * value_twips))
    t4vals = [v for row in fx.t4 for v in row]
    t4 = map_rows(t4, lambda ri, row: map_cells(row, lambda i, n, tc: set_value(tc, t4vals[i]))
                  if ri == 3 else row)
    a, b, c = tbls[0], tbls[1], tbls[2]
    return doc[:a.start()] + t2 + doc[a.end():b.start()] + t3 + doc[b.end():c.start()] + t4 + doc[c.end():]


FIXTURES = [
    # name, seed (the numbers), label column (twips), vertical alignment of row i,
    # value columns (twips; None: the template's)
    ("wps-narrow", 3021, 1250, lambda i: "center", None),
    ("wps-mixed", 3022, 1150, lambda i: ("center", "top", "bottom")[i % 3], None),
    # 430 twips leave a value cell room for three digits of 10 pt SimSun
    ("wps-wrapnum", 3023, T3_LABEL_COLS[2], lambda i: "center", 430),
    ("wps-wrapnum-mixed", 3024, T3_LABEL_COLS[2], lambda i: ("center", "top", "bottom")[i % 3], 430),
]


def main():
    template, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with zipfile.ZipFile(template) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    for name, seed, twips, valign, value_twips in FIXTURES:
        fx = pdfprint.Fixture(name, seed)
        doc = fill(parts["word/document.xml"].decode("utf-8"), fx, twips, valign, value_twips)
        with zipfile.ZipFile(os.path.join(out, name + ".docx"), "w", zipfile.ZIP_DEFLATED) as z:
            for n, data in parts.items():
                z.writestr(n, doc.encode("utf-8") if n == "word/document.xml" else data)
        for ext, text in (("csv", fx.csv()), ("checks", fx.checks())):
            with open(os.path.join(out, "%s.%s" % (name, ext)), "w", encoding="utf-8") as fh:
                fh.write(text)


if __name__ == "__main__":
    main()
