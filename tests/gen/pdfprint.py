#!/usr/bin/env python3
"""pdfprint.py: HTML reports whose tables are printed the way offices print them
(narrow label columns whose labels wrap over 2-3 lines, values on the first, middle or
last line of a label, a vertical group label, spaced labels, stacked column heads,
（六）其他处理 as one row, sub-rows numbered 1、2、, label typos, narrow numeric
columns), and beside each the expected CSV and checks, written from the same numbers
the HTML holds (never from gktab). tests/gen/pdfprint.sh prints them to PDF.

Usage: pdfprint.py OUTDIR   (writes NAME.html, NAME.csv, NAME.checks per fixture)
"""
import os
import random
import sys
import unicodedata

APPL = ["natural", "commercial", "research", "social", "legal", "other"]

# t3 rows of the 2021 template: key, group (None: the row spans the label columns),
# label of the row inside its group.
T3_RESULTS = [
    ("granted", None, "（一）予以公开"),
    ("partial", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("deny_secret", "（三）不予公开", "属于国家秘密"),
    ("deny_law", "（三）不予公开", "其他法律行政法规禁止公开"),
    ("deny_safety", "（三）不予公开", "危及“三安全一稳定”"),
    ("deny_third_party", "（三）不予公开", "保护第三方合法权益"),
    ("deny_internal", "（三）不予公开", "属于三类内部事务信息"),
    ("deny_process", "（三）不予公开", "属于四类过程性信息"),
    ("deny_enforcement", "（三）不予公开", "属于行政执法案卷"),
    ("deny_query", "（三）不予公开", "属于行政查询事项"),
    ("unable_not_held", "（四）无法提供", "本机关不掌握相关政府信息"),
    ("unable_create", "（四）无法提供", "没有现成信息需要另行制作"),
    ("unable_unclear", "（四）无法提供", "补正后申请内容仍不明确"),
    ("reject_petition", "（五）不予处理", "信访举报投诉类申请"),
    ("reject_repeat", "（五）不予处理", "重复申请"),
    ("reject_publication", "（五）不予处理", "要求提供公开出版物"),
    ("reject_mass", "（五）不予处理", "无正当理由大量反复申请"),
    ("reject_confirm", "（五）不予处理", "要求行政机关确认或重新出具已获取信息"),
    ("other_no_correction", "（六）其他处理",
     "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_no_fee", "（六）其他处理",
     "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "（六）其他处理", "其他"),
]

T4_COLS = ["upheld", "corrected", "other", "pending", "total"]
T4_ROWS = ["review", "suit_direct", "suit_after_review"]


def numbers(rng, six_one_row):
    """Balanced t3 (every check holds), t2 and t4 values."""
    res = {}
    keys = [k for k, _, _ in T3_RESULTS]
    if six_one_row:
        keys = [k for k in keys if not k.startswith("other_")] + ["other"]
    for k in keys:
        res[k] = [rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 21, 34, 120]) for _ in APPL]
    total = [sum(res[k][c] for k in keys) for c in range(6)]
    carried_out = [rng.randint(0, 9) for _ in APPL]
    carried_in = [rng.randint(0, 6) for _ in APPL]
    new = [total[c] + carried_out[c] - carried_in[c] for c in range(6)]
    for c in range(6):  # new must not be negative
        if new[c] < 0:
            carried_in[c] += new[c]
            new[c] = 0
    rows = [("new", new), ("carried_in", carried_in)]
    rows += [(k, res[k]) for k in keys]
    rows += [("results_total", total), ("carried_out", carried_out)]
    t3 = [(k, v + [sum(v)]) for k, v in rows]
    t2 = {
        "rules": [rng.randint(0, 9), rng.randint(0, 5), rng.randint(10, 60)],
        "normative": [rng.randint(5, 30), rng.randint(0, 9), rng.randint(100, 400)],
        "licensing": [rng.randint(100, 3000)],
        "penalty": [rng.randint(10, 900)],
        "coercion": [rng.randint(0, 90)],
        "fees": ["%d.%02d" % (rng.randint(0, 40), rng.randint(1, 99))],
    }
    t4 = []
    for _ in range(3):
        v = [rng.randint(0, 12) for _ in range(4)]
        t4.append(v + [sum(v)])
    return t2, t3, t4


def spaced(s):
    """三、本年度办理结果 → 三 、本 年 度办 理 结果 (spaces as some offices type them)."""
    out, n = [], 0
    for ch in s:
        out.append(ch)
        n += 1
        if n in (1, 3, 4, 6):
            out.append(" ")
    return "".join(out)


# Each ideograph that a Kangxi radical decomposes to (Unicode's compatibility data),
# mapped to that radical: text written with them prints the same glyphs in CJK fonts
# and leaves the radicals in the PDF's text layer, as some fonts' ToUnicode maps do.
KANGXI = {}
for _cp in range(0x2F00, 0x2FD6):
    KANGXI.setdefault(unicodedata.normalize("NFKC", chr(_cp)), chr(_cp))


class Fixture:
    def __init__(self, name, seed, **opt):
        self.name = name
        self.rng = random.Random(seed)
        self.opt = opt
        self.t2, self.t3, self.t4 = numbers(self.rng, opt.get("six_one_row", False))

    # ------------------------------------------------------------ HTML
    def td(self, text, cls="", span=""):
        c = ' class="%s"' % cls if cls else ""
        return "<td%s%s>%s</td>" % (c, span, text)

    def t2_html(self):
        o = self.opt
        art = "第二十条 第（%s）项" if o.get("typos") else "第二十条第（%s）项"
        r = ['<table class="t2">']
        r.append('<tr><td colspan="4">%s</td></tr>' % (art % "一"))
        r.append("<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>")
        for key, lab in (("rules", "规章"), ("normative", "行政规范性文件")):
            r.append("<tr><td>%s</td>%s</tr>" % (lab, "".join("<td>%s</td>" % v for v in self.t2[key])))
        r.append('<tr><td colspan="4">%s</td></tr>' % (art % "五"))
        r.append('<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>')
        r.append('<tr><td>行政许可</td><td colspan="3">%s</td></tr>' % self.t2["licensing"][0])
        r.append('<tr><td colspan="4">%s</td></tr>' % (art % "六"))
        r.append('<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>')
        r.append('<tr><td>行政处罚</td><td colspan="3">%s</td></tr>' % self.t2["penalty"][0])
        r.append('<tr><td>行政强制</td><td colspan="3">%s</td></tr>' % self.t2["coercion"][0])
        r.append('<tr><td colspan="4">%s</td></tr>' % (art % "八"))
        r.append('<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>')
        r.append('<tr><td>行政事业性收费</td><td colspan="3">%s</td></tr>' % self.t2["fees"][0])
        r.append("</table>")
        return "\n".join(r)

    def valign(self, i):
        """The vertical alignment of body row i: one style for the whole table, or
        cycling middle / top / bottom so neighbours differ (opt valign=mixed)."""
        v = self.opt.get("valign", "middle")
        if v == "mixed":
            return ("middle", "top", "bottom")[i % 3]
        return v

    def t3_html(self):
        o = self.opt
        vals = dict(self.t3)
        group_label = "三、本年度办理结果"
        if o.get("spaced"):
            group_label = spaced(group_label)
        total_label = "总 计" if o.get("spaced") else "总计"
        r = ['<table class="t3">']
        r.append('<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，'
                 '等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>')
        r.append('<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td>'
                 '<td rowspan="2">%s</td></tr>' % total_label)
        r.append("<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>")
        row_i = [0]

        def body(cells, key):
            va = self.valign(row_i[0])
            row_i[0] += 1
            v = "".join('<td class="v" style="vertical-align:%s">%s</td>' % (va, x) for x in vals[key])
            r.append('<tr style="vertical-align:%s">%s%s</tr>' % (va, cells, v))

        body('<td colspan="3" class="lab">一、本年新收政府信息公开申请数量</td>', "new")
        body('<td colspan="3" class="lab">二、上年结转政府信息公开申请数量</td>', "carried_in")
        results = list(T3_RESULTS)
        if o.get("six_one_row"):
            results = [x for x in results if not x[0].startswith("other_")]
            results.append(("other", None, "（六）其他处理"))
        nres = len(results) + 1
        groups = {}
        for k, g, _ in results:
            if g:
                groups[g] = groups.get(g, 0) + 1
        seen, num = set(), {}
        first = True
        for k, g, lab in results:
            cells = ""
            if first:
                cells += '<td rowspan="%d" class="vert">%s</td>' % (nres, group_label)
                first = False
            if g is None:
                cells += '<td colspan="2" class="lab">%s</td>' % lab
            else:
                if g not in seen:
                    seen.add(g)
                    cells += '<td rowspan="%d" class="grp">%s</td>' % (groups[g], g)
                num[g] = num.get(g, 0) + 1
                mark = "、" if o.get("dun_numbers") else "."
                if o.get("typos") and k == "deny_law":
                    lab = "其他法律行政止公开"
                cells += '<td class="lab">%d%s%s</td>' % (num[g], mark, lab)
            body(cells, k)
        body('<td colspan="2" class="lab">（七）总计</td>', "results_total")
        body('<td colspan="3" class="lab">四、结转下年度继续办理</td>', "carried_out")
        r.append("</table>")
        return "\n".join(r)

    def t4_html(self):
        heads = "".join("<td>%s</td>" % h for h in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
        r = ['<table class="t4">']
        if self.opt.get("t4_late"):  # the merged 行政诉讼 cell drawn one column late
            r.append('<tr><td colspan="6">行政复议</td><td colspan="9">行政诉讼</td></tr>')
        else:
            r.append('<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>')
        r.append('<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td>'
                 '<td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td>'
                 '<td colspan="5">复议后起诉</td></tr>')
        r.append("<tr>%s%s</tr>" % (heads, heads))
        r.append("<tr>%s</tr>" % "".join('<td class="v">%s</td>' % v for row in self.t4 for v in row))
        r.append("</table>")
        return "\n".join(r)

    def html(self):
        o = self.opt
        lab_w = o.get("label_width", "7em")
        grp_w = o.get("group_width", "3.2em")
        val_w = o.get("value_width", "3.2em")
        css = """
@page { size: A4; margin: 2cm; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 10.5pt; }
table { border-collapse: collapse; margin: 0.5em 0; }
td { border: 1px solid #000; padding: 1pt 2pt; text-align: center; vertical-align: middle;
     line-height: 1.25; }
table.t3 td.lab { width: %(lab)s; max-width: %(lab)s; text-align: left; }
table.t3 td.grp { width: %(grp)s; max-width: %(grp)s; }
table.t3 td.vert { width: 1.1em; max-width: 1.1em; word-break: break-all; line-break: anywhere; }
table.t3 td.v { width: %(val)s; }
table.t2 td { width: 6em; }
table.t4 td { width: 2.2em; }
""" % {"lab": lab_w, "grp": grp_w, "val": val_w}
        if o.get("past_edge"):
            # A table set wider than the page runs past its right edge: no right
            # margin (the text keeps one by the body's padding), and the overflow not
            # shrunk to fit (Chromium scales a page whose content overflows) but cut
            # at the paper's edge.
            css += ("@page { margin-right: 0; }\nhtml, body { overflow: hidden; }\n"
                    "body { padding-right: 2cm; }\n")
            for t, w in o["past_edge"].items():
                css += "table.%s { min-width: %s; }\n" % (t, w)
        title = "示例区人民政府%d年政府信息公开工作年度报告" % o.get("year", 2022)
        parts = [
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%s</title>" % title,
            "<style>%s</style></head><body>" % css,
            "<h1>%s</h1>" % title,
            "<p>一、总体情况</p>",
            "<p>本年度，示例区人民政府认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。</p>",
            "<p>二、主动公开政府信息情况</p>",
            self.t2_html(),
            ('<p style="margin-bottom:%.1fem">' % o["pad_t3"] if "pad_t3" in o else "<p>")
            + "三、收到和处理政府信息公开申请情况</p>",
            self.t3_html(),
            "<p>四、政府信息公开行政复议、行政诉讼情况</p>",
            self.t4_html(),
            "<p>五、存在的主要问题及改进情况</p>",
            "<p>公开内容还不够全面，下一步将加强培训。</p>",
            "<p>六、其他需要报告的事项</p>",
            "<p>本年度未收取信息处理费。</p>",
            "</body></html>",
        ]
        if o.get("sideways"):
            # t3 on a page of its own, turned 90° clockwise to fit its width.
            k = parts.index(self.t3_html())
            parts[k - 1:k + 1] = [
                '<div style="page-break-before:always;page-break-after:always;height:25cm;'
                'position:relative"><div style="position:absolute;left:17cm;top:0;width:25cm;'
                'transform:rotate(90deg);transform-origin:0 0;font-size:8pt">'
                "<p>三、收到和处理政府信息公开申请情况</p>" + self.t3_html() + "</div></div>"]
        html = "\n".join(parts)
        # LibreOffice's HTML import reads few CSS properties: the same widths and
        # rules as HTML attributes (an em of 10.5pt is 14 px).
        px = lambda em: str(int(round(float(em.rstrip("em")) * 14)))
        for cls, w in (("lab", lab_w), ("grp", grp_w), ("vert", "1.1em"), ("v", val_w)):
            html = html.replace('class="%s"' % cls, 'class="%s" width="%s"' % (cls, px(w)))
        html = html.replace("<table ", '<table border="1" cellspacing="0" cellpadding="2" ')
        if o.get("kangxi"):
            html = "".join(KANGXI.get(ch, ch) for ch in html)
        return html

    # ------------------------------------------------------------ expectations
    def lost(self, table, row, col):
        """Whether the cell is past the page's edge as printed (opt lost: per table,
        the columns lost in every row, or (row, col) pairs), read off the page image."""
        for x in self.opt.get("lost", {}).get(table, []):
            if x == col or x == (row, col):
                return True
        return False

    def csv(self):
        out = ["table,row,col,value"]
        cols2 = {"rules": ["issued", "repealed", "in_force"], "normative": ["issued", "repealed", "in_force"],
                 "licensing": ["decisions"], "penalty": ["decisions"], "coercion": ["decisions"],
                 "fees": ["amount"]}
        for key in ["rules", "normative", "licensing", "penalty", "coercion", "fees"]:
            for c, v in zip(cols2[key], self.t2[key]):
                out.append("t2,%s,%s,%s" % (key, c, v))
        for key, v in self.t3:
            for c, x in zip(APPL + ["total"], v):
                out.append("t3,%s,%s,%s" % (key, c, "" if self.lost("t3", key, c) else x))
        for key, v in zip(T4_ROWS, self.t4):
            for c, x in zip(T4_COLS, v):
                out.append("t4,%s,%s,%s" % (key, c, "" if self.lost("t4", key, c) else x))
        return "\n".join(out) + "\n"

    def checks(self):
        if self.opt.get("six_one_row"):
            return "warning\tlayout.variant\tt3.other.*\n"
        # A cell past the edge is null with an error naming it, in template order.
        out = []
        for key, _ in self.t3:
            out += ["error\tvalue.cut_off\tt3.%s.%s\n" % (key, c) for c in APPL + ["total"]
                    if self.lost("t3", key, c)]
        for key in T4_ROWS:
            out += ["error\tvalue.cut_off\tt4.%s.%s\n" % (key, c) for c in T4_COLS
                    if self.lost("t4", key, c)]
        return "".join(out)


FIXTURES = [
    # Label column narrowed until the labels wrap over 2-3 lines; values centred.
    Fixture("narrow-labels", 2021, label_width="6.5em"),
    # Same, with the values on the first, middle or last line of their label in turn.
    Fixture("valign-mixed", 2022, label_width="6em", valign="mixed"),
    # Values on the first line (WPS "top" cells), spaced labels, sub-rows 1、2、.
    Fixture("top-spaced", 2023, label_width="6.5em", valign="top", spaced=True, dun_numbers=True),
    # （六）其他处理 as one row in a 2021 report, label typos.
    Fixture("six-one-row", 2024, label_width="7em", six_one_row=True, typos=True),
    # Narrow numeric columns: column heads stacked over 2-4 lines, values at the bottom.
    Fixture("narrow-values", 2025, label_width="8em", value_width="1.6em", valign="bottom"),
    # Kangxi radicals for the ideographs they stand for (⼆⼗ for 二十) in every
    # heading and label, narrow labels beside rowspan group labels.
    Fixture("kangxi", 2026, label_width="6.5em", kangxi=True),
    # A page break inside （六）其他处理: its group label and its first row's label
    # split over two pages (（六）其他处 / 理).
    Fixture("page-break", 2027, label_width="6.5em", pad_t3=28),
    # t3 on a sideways page: its text runs at 90° inside an unrotated A4 page.
    Fixture("sideways", 2029, label_width="31em", group_width="8em", value_width="4em",
            sideways=True),
    # t4's 行政诉讼 head drawn one column late (行政复议 over six columns).
    Fixture("t4-late", 2028, label_width="7em", t4_late=True),
    # t3 set wider than the page: 其他 cut at the paper's edge (a digit of each value
    # left), 总计 past it.
    Fixture("t3-past-edge", 2030, label_width="7em", past_edge={"t3": "22cm"},
            lost={"t3": ["other", "total"]}),
    # t4 set wider than the page: 复议后起诉 尚未审结 cut mid-word (尚) with no
    # values left, 总计 past the edge.
    Fixture("t4-past-edge", 2031, label_width="7em", past_edge={"t4": "21cm"},
            lost={"t4": [("suit_after_review", "pending"), ("suit_after_review", "total")]}),
    # narrow-labels as LibreOffice prints it from a DOCX it made of the HTML: t3
    # wider than the page, its 总计 past the edge, and t4's last column at it.
    Fixture("narrow-labels-cut", 2021, label_width="6.5em",
            lost={"t3": ["total"], "t4": [("suit_after_review", "total")]}),
]


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for f in FIXTURES:
        for ext, text in (("html", f.html()), ("csv", f.csv()), ("checks", f.checks())):
            with open(os.path.join(out, "%s.%s" % (f.name, ext)), "w", encoding="utf-8") as fh:
                fh.write(text)


if __name__ == "__main__":
    main()
