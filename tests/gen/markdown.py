#!/usr/bin/env python3
"""markdown.py: a Markdown report re-rendered the way OCR, layout-model and LLM
pipelines break its statutory tables up, for fixtures.

Input: a Markdown report whose t3 is one pipe table (label cells, then the seven
applicant values). Output, by SHAPE:
  groups   t3 as one small table per group (一 二, each of （一）…（七）, 四), every one
           under a placeholder header `| 类别 | 数据1 | … | 数据6 | 总计 |` of the
           template's column count; a page footer `— 4 —` row inside one of them, a
           `### （六）其他处理` heading between two, an empty decoy table of `-` cells,
           and the column remark as a paragraph above the first table.
  copied   t3 whole, but from （四） on under a wrong header copied from elsewhere
           (`| 项目 | 本年新收件数 | 上年结转件数 | … |`), values still in applicant
           order; the label of （三） split over two cells (`| （三）不 | 予公开 |`);
           the rows of （五） as a block of label lines followed by a table of
           unlabeled value rows in the same order.
With --from-tabs the input is a tab-row text dump: its runs of tab lines become pipe
tables first (the part headings become `## ` headings).
Values are never changed: the output's expected CSV is the input's.
Usage: markdown.py SHAPE REPORT.md [--from-tabs] > pipeline.md   (standard library only; run by
hand, outputs committed)
"""
import sys

PLACEHOLDER = "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |"
SEP8 = "|---|---|---|---|---|---|---|---|"
COPIED = "| 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 无法提供 | 总计 |"


def grp(s):
    """A group label with ASCII parentheses and spaces as the template prints it."""
    return s.replace("(", "（").replace(")", "）").replace(" ", "")


def opens(s):
    return s.startswith("（") or s.startswith("(")


def cells(line):
    s = line.strip()
    return [c.strip() for c in s[1:-1].split("|")]


def t3_rows(lines):
    """Index range of t3's pipe table and its data rows as (labels, values)."""
    start = next(i for i, l in enumerate(lines) if "本年新收政府信息公开申请数量" in l)
    top = start
    while top > 0 and lines[top - 1].lstrip().startswith("|"):
        top -= 1
    end = start
    while end < len(lines) and lines[end].lstrip().startswith("|"):
        end += 1
    rows = []
    group = ""
    for l in lines[start:end]:
        c = cells(l)
        labels, vals = c[:-7], c[-7:]
        labels = [x for x in labels if x]
        if labels and opens(labels[0]) and len(labels) > 1 and "三、" not in labels[0]:
            group = labels[0]
        elif labels and labels[0].startswith("三、"):
            group = labels[1] if len(labels) > 1 else ""
        elif labels and opens(labels[0]):
            group = labels[0]
        rows.append((labels, vals, group))
    return top, end, rows


def row(labels, vals):
    return "| " + " | ".join(labels + vals) + " |"


def groups(lines):
    top, end, rows = t3_rows(lines)
    remark = cells(lines[top])[0]
    out = [remark, ""]
    blocks = []  # consecutive rows of one group
    for labels, vals, g in rows:
        key = g if (labels and (opens(labels[0]) or labels[0].startswith("三、")
                                or len(labels) > 1 or not labels[0][:1] in "一二四")) else labels[0]
        if blocks and blocks[-1][0] == key:
            blocks[-1][1].append((labels, vals))
        else:
            blocks.append((key, [(labels, vals)]))
    for n, (key, rs) in enumerate(blocks):
        if grp(key).startswith("（六）"):
            out += ["### （六）其他处理", ""]
        out += [PLACEHOLDER, SEP8]
        for k, (labels, vals) in enumerate(rs):
            # One label cell: the row's own label (group labels folded in front).
            lab = "".join(x for x in labels if not x.startswith("三、"))
            out.append(row([lab], vals))
            if grp(key).startswith("（三）") and k == 3:
                out.append("| — 4 — | | | | | | | |")
        out.append("")
        if n == 1:
            out += ["| - | - | - |", "|---|---|---|", "| - | - | - |", ""]
    return lines[:top] + out + lines[end:]


def copied(lines):
    top, end, rows = t3_rows(lines)
    head = lines[top:top + 4]
    out = list(head)
    pend_labels, pend_vals = [], []
    copied_done = False
    for labels, vals, g in rows:
        if grp(g).startswith("（五）"):
            pend_labels.append("".join(x for x in labels if not x.startswith("三、")))
            pend_vals.append(vals)
            continue
        if pend_labels:
            out.append("")
            out += pend_labels
            out += ["", "| | | | | | | |", "|---|---|---|---|---|---|---|"]
            out += [row([], v) for v in pend_vals]
            out.append("")
            pend_labels, pend_vals = [], []
        if grp(g).startswith("（四）") and not copied_done:
            out += ["", COPIED, SEP8]
            copied_done = True
        if copied_done:
            lab = "".join(x for x in labels if not x.startswith("三、"))
            out.append(row([lab], vals))
            continue
        if labels and labels[-1] != labels[0] and grp(labels[0]) == "（三）不予公开":
            labels = ["（三）不", "予公开"] + labels[1:]
        elif len(labels) >= 2 and grp(labels[1]) == "（三）不予公开":
            labels = [labels[0], "（三）不", "予公开"] + labels[2:]
        pad = [""] * max(0, 4 - len(labels))
        out.append(row(labels + pad, vals))
    return lines[:top] + out + [""] + lines[end:]


def from_tabs(lines):
    out, inside = [], False
    for l in lines:
        if "\t" in l:
            # A trailing tab is no cell (a dump's rows end so).
            c = [x.strip() for x in l.rstrip("\t\n").split("\t")]
            out.append("| " + " | ".join(c) + " |")
            if not inside:
                out.append("|" + "---|" * len(c))
            inside = True
            continue
        inside = False
        if l[:2] in ("一、", "二、", "三、", "四、", "五、", "六、"):
            l = "## " + l
        out.append(l)
    return out


def main():
    shape, path = sys.argv[1], sys.argv[2]
    lines = open(path, encoding="utf-8").read().split("\n")
    if "--from-tabs" in sys.argv:
        lines = from_tabs(lines)
    sys.stdout.write("\n".join({"groups": groups, "copied": copied}[shape](lines)))


if __name__ == "__main__":
    main()
