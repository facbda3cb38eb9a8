#!/usr/bin/env python3
"""flatten.py: a web page's text as crawlers and scrapers leave it, for fixtures.

Three shapes real corpora hold beside the HTML they came from:
  textcontent  element.textContent / get_text() with no separator: every text node
               of the body run together on one line, under a crawler's header lines
  innertext    element.innerText: table rows as lines, cells separated by tabs, a
               cell's paragraphs or <br> on lines of their own
  lines        get_text('\\n'): one text node per line; a blank cell is a line
               holding a no-break space, a dash or a slash (BLANK chosen per page)
Usage: flatten.py SHAPE PAGE.html [--blank MARK] > page.txt
Only the standard library's html.parser: the generator is run by hand and its
outputs are committed; CI does not run it.
"""
import html.parser
import sys

BLOCK = {"p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
         "section", "article", "ul", "ol", "tbody", "thead"}
SKIP = {"script", "style", "head", "title", "noscript"}


class Walker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events = []  # ("text", s) | ("start", tag) | ("end", tag)
        self.skip = 0
        self.title = ""
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        if tag in SKIP:
            self.skip += 1
            return
        if not self.skip:
            self.events.append(("start", tag))

    def handle_startendtag(self, tag, attrs):
        if not self.skip:
            self.events.append(("start", tag))
            self.events.append(("end", tag))

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if not self.skip:
            self.events.append(("end", tag))

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if not self.skip:
            self.events.append(("text", data))


def norm(s):
    return " ".join(s.split())


def keep_nbsp(s):
    # textContent keeps a no-break space (&nbsp;, often a blank cell's only text)
    # as U+00A0; only the source's own white space is folded.
    return norm(s.replace("\xa0", "\ue000")).replace("\ue000", "\xa0")


def textcontent(w):
    # Text nodes as they are, white space inside a node kept but source line
    # breaks folded, nothing added between nodes.
    body = "".join(keep_nbsp(s) for k, s in w.events if k == "text")
    head = [f"标题: {norm(w.title)}", "发布时间: 2024-01-20 09:30", "原文链接: http://www.example.gov.cn/zwgk/ndbg/1.html",
            "==== 正文 ====", "当前位置： 首页 > 政务公开 > 政府信息公开年报", "微信 微博 全真版 文字版"]
    return "\n".join(head) + "\n" + body + "\n"


def innertext(w):
    # The innerText algorithm of the HTML standard, over the parsed events: items are
    # strings or required line break counts (1 around blocks, 2 around <p>); a cell
    # that is not the last of its row is followed by a tab, a row by a line feed.
    # Runs of counts become that many line feeds, so a cell whose text sits in <p>
    # elements breaks its row over several lines, as browsers print it.
    items = []
    for k, s in w.events:
        if k == "text":
            t = norm(s)
            if t:
                items.append(t)
        elif s == "br" and k == "start":
            items.append("\n")
        elif s == "p":
            items.append(2)
        elif s in BLOCK and s not in ("tr", "tbody", "thead"):
            items.append(1)
        elif k == "end" and s in ("td", "th"):
            items.append("\t")
        elif k == "end" and s == "tr":
            # The last cell of a row gets no tab.
            for i in range(len(items) - 1, -1, -1):
                if isinstance(items[i], str):
                    if items[i] == "\t":
                        del items[i]
                    break
            items.append("\n")
    while items and not isinstance(items[0], str):
        items.pop(0)
    while items and not isinstance(items[-1], str):
        items.pop()
    out, run = [], 0
    for it in items:
        if isinstance(it, int):
            run = max(run, it)
            continue
        if run:
            out.append("\n" * run)
            run = 0
        out.append(it)
    return "".join(out) + "\n"


def lines(w, blank):
    out, in_cell, had = [], False, False
    for k, s in w.events:
        if k == "start" and s in ("td", "th"):
            in_cell, had = True, False
        elif k == "end" and s in ("td", "th"):
            if not had:
                out.append(blank)
            in_cell = False
        elif k == "text":
            t = norm(s)
            if t:
                out.append(t)
                had = had or in_cell
    return "\n".join(out) + "\n"


def main():
    shape, page = sys.argv[1], sys.argv[2]
    blank = "\u00a0"
    if "--blank" in sys.argv:
        blank = sys.argv[sys.argv.index("--blank") + 1]
    raw = open(page, "rb").read()
    enc = "gb18030" if b"charset=gb" in raw[:2048].lower() else "utf-8"
    w = Walker()
    w.feed(raw.decode(enc, "replace"))
    text = {"textcontent": textcontent, "innertext": innertext}.get(shape)
    sys.stdout.write(text(w) if text else lines(w, blank))


if __name__ == "__main__":
    main()
