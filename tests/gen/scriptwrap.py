#!/usr/bin/env python3
"""scriptwrap.py: HTML fixtures re-dressed as pages built with current web frameworks.

Each output page carries the report of one plain-HTML fixture of testdata/html/ in a
shape gktab must read as that fixture; its expectations are the source fixture's
hand-verified ones (.csv, .checks, .exit), copied beside it, because the cells are
the same cells:
  var        an empty <div id="zoom"> filled from `var content = "…";` (\\" \\n \\/ and
             \\uXXXX for every non-ASCII character)
  concat     the same, split over literals joined with `+`: "…", '…' and a template
             literal `…` without ${} (raw line breaks inside it)
  next       <script id="__NEXT_DATA__" type="application/json">, the HTML in
             props.pageProps.article.content beside title, source and publishDate;
             --ascii: every non-ASCII character and < > & as \\uXXXX (as Next.js
             writes it), else plain UTF-8
  state      window.__INITIAL_STATE__ = {…}; inside other code (Vue/Nuxt)
  vargbk     the var shape as an old CMS writes it: the page in GBK with no charset
             declared, its chrome and title ASCII (the title as &#x; references), the
             report's HTML raw GBK bytes inside the literal: a page that looks like UTF-8
             until its script is read
  big        the next shape padded to --size BYTES (default 2 MB) with what such pages
             carry besides the article: a site menu and lists of related articles
             (ids, titles, URLs, dates, tags), before and after it (bench/script.sh)
  divrole    the tables as <div role="table|row|cell"> with aria-rowspan/colspan
  divcss     the tables as divs with inline display:table|table-row|table-cell;
             cells holding only &nbsp; become empty divs
  divgrid    each table one <div style="display:grid;grid-template-columns:
             repeat(N, minmax(0, 1fr))"> whose child divs are the cells, in source order
             with no row elements, spans as grid-column/grid-row: span K; a cell
             holding only &nbsp; keeps it
Two pages are made of two fixtures each:
  two SRC OTHER   SRC's page whose JSON also holds OTHER's report re-titled as SRC's
                  organ's previous year (a list page's neighbour): SRC's is taken
  decoy SRC OTHER SRC's page (var content) whose other script holds OTHER's report,
                  of another organ: rejected
  decoyonly SRC OTHER  SRC's page whose only script report is OTHER's: nothing is
                  taken (expectations written by hand: the tables are missing)
Usage: scriptwrap.py SHAPE [--ascii] [--size BYTES] SRC.html [OTHER.html] OUT.html
Only the standard library; the generator is run by hand and its outputs are
committed (tests/gen/README: regenerate with `sh tests/gen/scriptwrap.sh`).
"""
import json
import os
import re
import shutil
import sys


def read_page(path):
    raw = open(path, "rb").read()
    m = re.search(rb'charset=["\']?([A-Za-z0-9_-]+)', raw[:2048])
    enc = m.group(1).decode().lower() if m else "utf-8"
    if enc in ("gb2312", "gbk"):
        enc = "gb18030"
    return raw.decode(enc)


def title_of(page):
    m = re.search(r"<title>(.*?)</title>", page, re.S | re.I)
    return m.group(1).strip() if m else ""


def body_of(page):
    m = re.search(r"<body[^>]*>(.*)</body>", page, re.S | re.I)
    if not m:
        sys.exit("no <body> in the source page")
    return m.group(1).strip("\n")


def organ_of(title):
    m = re.search(r"\d{4}", title)
    return title[: m.start()] if m else ""


# ---- JavaScript string literals

def js_escape(s, quote, ascii_only):
    out = []
    for ch in s:
        c = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "/":
            out.append("\\/")  # as PHP's json_encode writes it; also keeps </script out
        elif c in (0x2028, 0x2029) or (ascii_only and c >= 0x80):
            if c > 0xFFFF:
                c -= 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF)))
            else:
                out.append("\\u%04x" % c)
        else:
            out.append(ch)
    return quote + "".join(out) + quote


def template_literal(s):
    # Raw line breaks stay; ` \ and ${ are escaped; < before / too (no </script>).
    s = s.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
    return "`" + s.replace("</", "<\\/") + "`"


def chunks(s, n):
    # n pieces cut at line ends, so that each literal holds whole source lines.
    lines = s.splitlines(keepends=True)
    per = max(1, len(lines) // n)
    return ["".join(lines[i:i + per]) for i in range(0, len(lines), per)]


# ---- JSON

def json_text(obj, ascii_only):
    t = json.dumps(obj, ensure_ascii=ascii_only, separators=(",", ":"))
    if ascii_only:
        # Next.js's htmlEscapeJsonString.
        t = t.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return t.replace("</", "<\\/")


def article(title, html, date):
    return {"id": 4711, "title": title, "source": organ_of(title), "publishDate": date,
            "views": 1024, "content": html, "attachments": []}


# ---- div grids

def table_width(table_html):
    """Columns of a table after its rowspans and colspans are laid out."""
    busy, width = {}, 0
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table_html, re.S | re.I):
        col, taken = 0, set()
        for attrs in re.findall(r"<td([^>]*)>", row, re.I):
            while busy.get(col, 0) > 0:
                taken.add(col)
                col += 1
            rs = re.search(r'rowspan="?(\d+)', attrs)
            cs = re.search(r'colspan="?(\d+)', attrs)
            rs, cs = int(rs.group(1)) if rs else 1, int(cs.group(1)) if cs else 1
            for k in range(col, col + cs):
                busy[k] = rs
                taken.add(k)
            col += cs
        while busy.get(col, 0) > 0:
            taken.add(col)
            col += 1
        width = max(width, max(taken) + 1 if taken else 0)
        for k in list(busy):
            busy[k] -= 1
    return width


def css_grid(html):
    """The <table>s of html as CSS grids: cells in source order, no row elements."""
    def cell(m):
        attrs, inner = m.group(1), m.group(2)
        t = re.sub(r"<br\s*/?>", "<br>", inner, flags=re.I)
        t = re.sub(r"<(?!br>)[^>]*>", "", t)
        t = re.sub(r"[ \t\r\n]+", " ", t).strip()
        style = "border:1px solid #ccc;padding:4px"
        for name, prop in (("colspan", "grid-column"), ("rowspan", "grid-row")):
            a = re.search(name + r'="?(\d+)', attrs)
            if a and a.group(1) != "1":
                style += ";%s: span %s" % (prop, a.group(1))
        return '<div class="cell" style="%s">%s</div>' % (style, t)

    def table(m):
        inner = m.group(1)
        cols = table_width(inner)
        inner = re.sub(r"<td([^>]*)>(.*?)</td>", cell, inner, flags=re.S | re.I)
        inner = re.sub(r"</?(tbody|tr)[^>]*>", "", inner, flags=re.I)
        return ('<div class="grid-table" style="display: grid; grid-template-columns: '
                'repeat(%d, minmax(0, 1fr)); gap: 0">%s</div>' % (cols, inner))

    html = re.sub(r"<table[^>]*>(.*?)</table>", table, html, flags=re.S | re.I)
    if re.search(r"<t[dhr][ >]|<table", html, re.I):
        sys.exit("a table element is left")
    return html


def div_grid(html, css):
    """The <table>s of html as div grids (role attributes, or inline display)."""
    def cell_text(inner):
        # A framework renders the cell's text, not Word's paragraph markup.
        t = re.sub(r"<br\s*/?>", "<br>", inner, flags=re.I)
        t = re.sub(r"<(?!br>)[^>]*>", "", t)
        t = re.sub(r"[ \t\r\n]+", " ", t).strip()
        if css and re.fullmatch(r"(&nbsp;|\s)*", t):
            return ""  # an empty cell: nothing at all
        return t

    def cell(m):
        attrs, inner = m.group(1), m.group(2)
        span = ""
        for name in ("rowspan", "colspan"):
            a = re.search(name + r'="?(\d+)', attrs)
            if a and a.group(1) != "1":
                span += ' aria-%s="%s"' % (name, a.group(1))
        if css:
            return '<div class="td" style="display:table-cell;border:1px solid #000"%s>%s</div>' % (
                span, cell_text(inner))
        return '<div class="el-cell" role="cell"%s>%s</div>' % (span, cell_text(inner))

    html = re.sub(r"<td([^>]*)>(.*?)</td>", cell, html, flags=re.S | re.I)
    html = re.sub(r"</?tbody[^>]*>", "", html, flags=re.I)
    row = '<div class="tr" style="display: table-row">' if css else '<div class="el-row" role="row">'
    html = re.sub(r"<tr[^>]*>", row, html, flags=re.I).replace("</tr>", "</div>")
    table = '<div class="tbl" style="display: table; width: 100%">' if css else \
        '<div class="el-table" role="table">'
    html = re.sub(r"<table[^>]*>", table, html, flags=re.I).replace("</table>", "</div>")
    if re.search(r"<t[dhr][ >]|<table", html, re.I):
        sys.exit("a table element is left")
    return html


# ---- pages

HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
<link rel="stylesheet" href="/static/css/app.3f9a.css">
<script src="/static/js/chunk-vendors.8c1d.js"></script>
</head>
<body>
"""

SHELL = """<div id="app">
<div class="top-bar"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a></div>
<div class="article-wrap"><div id="zoom" class="article-content"></div></div>
</div>
"""

FILL = """<script>
%s
document.getElementById("zoom").innerHTML = content;
</script>
"""


def page(title, body):
    return HEAD % title + body + "</body>\n</html>\n"


def padding(n, salt, ascii_only):
    """About n bytes of JSON-able list entries: a framework page's menus and lists."""
    items, size, i = [], 0, 0
    while size < n:
        it = {"id": 100000 + i, "title": "关于印发第%d批政务公开事项目录的通知（%s）" % (i, salt),
              "url": "/zwgk/zcwj/%s/%d.html" % (salt, 100000 + i),
              "publishDate": "2024-%02d-%02d" % (i % 12 + 1, i % 28 + 1),
              "tags": ["政务公开", "通知公告"], "views": i * 7 % 9973, "top": i % 17 == 0}
        items.append(it)
        size += len(json.dumps(it, ensure_ascii=ascii_only, separators=(",", ":")).encode("utf-8")) + 1
        i += 1
    return items


def make(shape, ascii_only, src, other, size=2 << 20):
    p = read_page(src)
    title, html = title_of(p), body_of(p)
    if shape == "var":
        return page(title, SHELL + FILL % ("var content = %s;" % js_escape(html, '"', True)))
    if shape == "vargbk":
        head = HEAD.replace('<meta charset="utf-8">\n', "")
        ref = "".join(ch if ord(ch) < 0x80 else "&#x%x;" % ord(ch) for ch in title)
        shell = SHELL.replace("首页", "Home").replace("政务公开", "Open government")
        return (head % ref + shell + FILL % ("var content = %s;" % js_escape(html, '"', False)) +
                "</body>\n</html>\n")
    if shape == "concat":
        parts = chunks(html, 6)
        lits = []
        for i, c in enumerate(parts):
            k = i % 3
            lits.append(js_escape(c, '"', False) if k == 0 else
                        js_escape(c, "'", True) if k == 1 else template_literal(c))
        return page(title, SHELL + FILL % ("var content = " + "\n  + ".join(lits) + ";"))
    if shape == "next":
        data = {"props": {"pageProps": {"article": article(title, html, "2024-01-20"),
                                        "channel": {"name": "政府信息公开年报", "path": "/zwgk/ndbg"}},
                          "__N_SSP": True},
                "page": "/article/[id]", "query": {"id": "4711"}, "buildId": "a1b2c3",
                "isFallback": False, "gssp": True}
        return page(title, SHELL.replace(' id="zoom"', "") +
                    '<script id="__NEXT_DATA__" type="application/json">%s</script>\n'
                    % json_text(data, ascii_only))
    if shape == "big":
        base = len(make("next", ascii_only, src, other).encode("utf-8"))
        half = max(0, size - base) // 2
        data = {"props": {"pageProps": {"menu": padding(half, "menu", ascii_only),
                                        "article": article(title, html, "2024-01-20"),
                                        "related": padding(half, "related", ascii_only)}},
                "page": "/article/[id]", "query": {"id": "4711"}, "buildId": "a1b2c3"}
        return page(title, SHELL.replace(' id="zoom"', "") +
                    '<script id="__NEXT_DATA__" type="application/json">%s</script>\n'
                    % json_text(data, ascii_only))
    if shape == "state":
        state = {"route": {"path": "/zwgk/ndbg/4711.html"},
                 "article": {"detail": article(title, html, "2024-01-20"), "loading": False},
                 "user": None}
        code = ("(function(){var s=document.createElement('script');s.async=true;"
                "s.src='/static/js/analytics.js';document.head.appendChild(s);})();\n"
                "window.__INITIAL_STATE__ = %s;\n"
                "(function(){var c=document.currentScript;c.parentNode.removeChild(c);})();"
                % json_text(state, ascii_only))
        return page(title, SHELL + "<script>%s</script>\n" % code)
    if shape == "divgrid":
        return p[: p.find(html)] + css_grid(html) + p[p.find(html) + len(html):]
    if shape in ("divrole", "divcss"):
        return p[: p.find(html)] + div_grid(html, shape == "divcss") + p[p.find(html) + len(html):]
    if shape == "two":
        q = read_page(other)
        otitle, ohtml = title_of(q), body_of(q)
        # OTHER's report as SRC's organ's report of the year before.
        year = int(re.search(r"\d{4}", title).group(0))
        new = organ_of(title) + str(year - 1)
        ohtml = ohtml.replace(organ_of(otitle) + re.search(r"\d{4}", otitle).group(0), new)
        ohtml = ohtml.replace(organ_of(otitle), organ_of(title))
        otitle = otitle.replace(organ_of(otitle) + re.search(r"\d{4}", otitle).group(0), new)
        data = {"props": {"pageProps": {
            "article": article(title, html, "2025-01-15"),
            "related": [article(otitle, ohtml, "2024-01-18")]}},
            "page": "/article/[id]", "query": {"id": "4711"}}
        return page(title, SHELL.replace(' id="zoom"', "") +
                    '<script id="__NEXT_DATA__" type="application/json">%s</script>\n'
                    % json_text(data, ascii_only))
    if shape == "decoy":
        q = read_page(other)
        otitle, ohtml = title_of(q), body_of(q)
        state = {"recommend": {"list": [article(otitle, ohtml, "2024-01-18")]}}
        return page(title, SHELL + FILL % ("var content = %s;" % js_escape(html, '"', True)) +
                    "<script>window.__INITIAL_STATE__ = %s;</script>\n" % json_text(state, False))
    if shape == "decoyonly":
        q = read_page(other)
        state = {"recommend": {"list": [article(title_of(q), body_of(q), "2024-01-18")]}}
        return page(title, SHELL + "<script>window.__INITIAL_STATE__ = %s;</script>\n"
                    % json_text(state, False))
    sys.exit("unknown shape " + shape)


def main():
    args = sys.argv[1:]
    ascii_only = "--ascii" in args
    args = [a for a in args if a != "--ascii"]
    size = 2 << 20
    if "--size" in args:
        k = args.index("--size")
        size = int(args[k + 1])
        del args[k:k + 2]
    if len(args) < 3:
        sys.exit(__doc__)
    shape, src, out = args[0], args[1], args[-1]
    other = args[2] if len(args) == 4 else None
    enc = "gb18030" if shape == "vargbk" else "utf-8"
    open(out, "w", encoding=enc, newline="\n").write(make(shape, ascii_only, src, other, size))
    # The cells are the source's: so are its hand-verified expectations.
    if shape == "decoyonly":
        return
    for ext in (".csv", ".checks", ".exit"):
        s = os.path.splitext(src)[0] + ext
        if os.path.exists(s):
            shutil.copyfile(s, os.path.splitext(out)[0] + ext)


if __name__ == "__main__":
    main()
