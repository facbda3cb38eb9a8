#!/usr/bin/env python3
"""parse.py PAGE.html PAGE.json: parses a review page with Python's html.parser and
checks it against the same document's -f json: every cell of the template (the
JSON's tables) is on exactly one <td data-cell> and each value cell's text is the
JSON's value (blank, missing, undecided and cut-off cells marked, not 0; the ≟ and ?
marks of readings aside), with a title (provenance); every failing check of a cell marks one; the
page has no <script> and no external resource (src/href other than data: or #).
Prints the first problems and exits 1 on any."""
import json
import sys
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells = {}  # address -> [text, attrs]
        self.cur = None
        self.depth = 0
        self.scripts = 0
        self.external = []
        self.texts = []
        self.in_sup = 0  # inside <sup>: the page's marks (≟, ?), not the value

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "sup":
            self.in_sup += 1
        for k in ("src", "href"):
            v = a.get(k)
            if v is not None and not (v.startswith("data:") or v.startswith("#")):
                self.external.append(v)
        if tag == "td" and "data-cell" in a:
            self.cells.setdefault(a["data-cell"], []).append(["", a])
            self.cur = self.cells[a["data-cell"]][-1]
            self.depth = 0
        elif self.cur is not None:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "sup" and self.in_sup:
            self.in_sup -= 1
        if self.cur is None:
            return
        if tag == "td" and self.depth == 0:
            self.cur = None
        else:
            self.depth -= 1

    def handle_data(self, data):
        self.texts.append(data)
        if self.cur is not None and not self.in_sup:
            self.cur[0] += data


def main():
    page, values = sys.argv[1], sys.argv[2]
    p = Page()
    with open(page, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    with open(values, encoding="utf-8") as f:
        doc = json.load(f)
    bad = []
    if p.scripts:
        bad.append("%d <script> elements" % p.scripts)
    if p.external:
        bad.append("external resources: %s" % p.external[:3])
    want = {}
    for t, rows in doc["tables"].items():
        for r, cols in rows.items():
            for c, v in cols.items():
                want["%s.%s.%s" % (t, r, c)] = v
    for addr, v in want.items():
        got = p.cells.get(addr)
        if not got:
            bad.append("no data-cell " + addr)
            continue
        if len(got) > 1:
            bad.append("%d cells %s" % (len(got), addr))
        text = got[0][0].strip()
        cls = got[0][1].get("class", "").split()
        if v is None:
            if not {"blank", "missing", "ambiguous", "cutoff"} & set(cls):
                bad.append("%s is null but not marked blank, missing, undecided or cut off (%r)"
                           % (addr, text))
            elif text not in ("空", "未找到", "未定", "截断"):
                bad.append("%s is null but reads %r" % (addr, text))
        else:
            if text != str(v) and not (isinstance(v, float) and text and float(text) == v):
                bad.append("%s reads %r, the JSON %r" % (addr, text, v))
            if "title" not in got[0][1]:
                bad.append("%s has no title (provenance)" % addr)
    for addr in p.cells:
        if addr not in want:
            bad.append("data-cell %s is no cell of the template" % addr)
    # Checks: every failing check's id is on a cell or in the list.
    for k in doc.get("checks", []):
        if k.get("table") and not any(k["id"] in (a[1].get("data-check") or "").split()
                                      for v in p.cells.values() for a in v):
            if k.get("row") or k.get("col"):
                bad.append("check %s at %s.%s.%s marks no cell" % (k["id"], k["table"], k["row"], k["col"]))
    if bad:
        for b in bad[:20]:
            print("FAIL:", page, b)
        sys.exit(1)
    print("ok: %s: %d data-cells" % (page, len(want)))


if __name__ == "__main__":
    main()
