"""One home for every timing: appendix B's dated bench table (docs/tutorial/appendix-b-timings.md).

A time figure (a number followed by ms, µs or us, s, sec, seconds, min, minutes, h, hours, or
"per epoch" / "per sample") anywhere in README.md, a page under docs/ or a page of the tutorial
(chapters, appendices, answers, sources, its index) must be one of these:

- a figure of **the bench table** itself (the table under "## The bench table" in appendix B);
- **a figure quoted from that table**: each of its numbers is one of the table's, with the same
  unit, and the paragraph it stands in links to the table (``appendix-b-timings.md#the-bench-table``;
  inside appendix B no link is needed);
- **dated**: the word "dated" and, close after it, its date (a year, or a month's name) on the
  same line ("dated 2026-12-02, PyPy 3.9", "dated November 2026"); or, for a line of a fenced
  block (a run's output, say), in the caption line just above the block; or, for a row of a
  Markdown table, in the table's header row or the caption line just above the table. (A link
  to "the dated table" is not a date.);
- **inside a ```console block**: the tutorial's commands, whose durations are placeholders when
  tests/test_tutorial_commands.py re-runs them;
- **a console block's caption**: in the paragraph just before a ```console block, a rough
  duration ("about 10 seconds each") that agrees, within a factor of 2.5, with what one of the
  block's commands or the whole block prints (its loading and "Done in" times, plus the 5 s
  a command takes to start, as tests/test_tutorial_commands.py estimates);
- **a setting, not a measurement**, in ALLOWED below, each with its reason.

A number glued to its unit counts only for ms, µs, us and min: "2h" (a finite difference's
denominator), "9s" (nines) and "80s" are not times.
"""

import glob
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TUTORIAL = os.path.join(ROOT, "docs", "tutorial")
TIMINGS = os.path.join(TUTORIAL, "appendix-b-timings.md")
TABLE_HEADING = "## The bench table"
TABLE_LINK = "appendix-b-timings.md#the-bench-table"
PAGES = ([os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
         + sorted(glob.glob(os.path.join(TUTORIAL, "*.md"))))
CAPTION_FACTOR = 2.5
STARTUP_SECONDS = 5

# (page, words on the line): a time that is a setting or a reading time, not a measurement.
ALLOWED = {
    ("docs/tutorial/README.md", "about 15 minutes to read"):
        "how long a chapter takes to read: the tutorial's design goal, not a speed of purenn",
}

NUMBER = r"\d[\d,]*(?:\.\d+)?"
UNITS = r"ms|µs|us|sec|seconds?|s|min|minutes?|hours?|h|per epoch|per sample"
FIGURE = re.compile(
    rf"(?<![\w.,])(?P<numbers>{NUMBER}(?:\s*(?:to|and|-|–|/)\s*{NUMBER})?)"
    rf"(?:\s+(?P<unit>{UNITS})|(?P<glued>ms|µs|us|min))(?![\w])")
UNIT_NAMES = {"ms": "ms", "µs": "µs", "us": "µs", "s": "s", "sec": "s", "second": "s", "seconds": "s",
              "min": "min", "minute": "min", "minutes": "min", "h": "h", "hour": "h", "hours": "h",
              "per epoch": None, "per sample": None}
SECONDS = {"ms": 0.001, "µs": 1e-6, "s": 1, "min": 60, "h": 3600}
DURATION = re.compile(r"\b(?:(\d+) min )?(\d+(?:\.\d+)?) s\b")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATED = re.compile(rf"\bdated\b[^\n]{{0,40}}?(?:\b(?:19|20)\d\d\b|\b(?:{MONTHS})\b)", re.IGNORECASE)


def dated(text):
    """Whether the text says "dated" and gives the date right after it."""
    return bool(DATED.search(text))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def figures(line):
    """(text, [numbers], unit or None) of each time figure on a line."""
    found = []
    for match in FIGURE.finditer(line):
        unit = UNIT_NAMES[match.group("unit") or match.group("glued")]
        numbers = [float(n.replace(",", "")) for n in re.findall(NUMBER, match.group("numbers"))]
        found.append((match.group(0), numbers, unit))
    return found


class Line:
    """One line of a page, with what the rules need to know about where it stands."""

    def __init__(self, number, text):
        self.number, self.text = number, text
        self.fence = None  # the block's language ("" for a plain block), None outside blocks
        self.caption = ""  # in a block: the caption line just above it
        self.table_head = None  # in a Markdown table: its header row and the caption above it
        self.paragraph = ""  # outside blocks: the paragraph the line stands in
        self.console_caption_of = None  # the ```console block this line's paragraph introduces


def last_text_line(lines, index):
    """The last non-blank line before lines[index], or ''."""
    for j in range(index - 1, -1, -1):
        if lines[j].text.strip():
            return lines[j].text
    return ""


def parse(text):
    """The page's lines, each knowing its block, table, paragraph and console block."""
    lines = [Line(n, t) for n, t in enumerate(text.splitlines(), 1)]
    fence, opening, blocks = None, None, []
    for i, line in enumerate(lines):
        marker = re.match(r"^\s*```(\w*)", line.text)
        if marker and fence is None:
            fence, opening = marker.group(1), i
            line.fence = fence
            continue
        if marker and fence is not None:
            line.fence = fence
            blocks.append((opening, i, fence))
            fence = None
            continue
        if fence is not None:
            line.fence, line.caption = fence, last_text_line(lines, opening)
    for i, line in enumerate(lines):  # tables
        if line.fence is None and line.text.startswith("|"):
            start = i
            while start > 0 and lines[start - 1].fence is None and lines[start - 1].text.startswith("|"):
                start -= 1
            line.table_head = lines[start].text + "\n" + last_text_line(lines, start)
    i = 0
    while i < len(lines):  # paragraphs: runs of non-blank lines outside blocks
        if lines[i].fence is not None or not lines[i].text.strip():
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].fence is None and lines[j].text.strip():
            j += 1
        paragraph = "\n".join(line.text for line in lines[i:j])
        k = j
        while k < len(lines) and lines[k].fence is None and not lines[k].text.strip():
            k += 1
        console = next((b for b in blocks if b[0] == k and b[2] == "console"), None)
        for line in lines[i:j]:
            line.paragraph = paragraph
            line.console_caption_of = console and "\n".join(l.text for l in lines[console[0] + 1:console[1]])
        i = j
    return lines


def bench_table():
    """{(number, unit)} of every time in appendix B's bench table, and the table's lines."""
    text = read(TIMINGS)
    assert TABLE_HEADING in text, f"{os.path.relpath(TIMINGS, ROOT)}: no {TABLE_HEADING!r}"
    section = text.split(TABLE_HEADING, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert len(rows) >= 10, "the bench table has gone"
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert re.search(rf"\b20\d\d\b", rows[0]), "the bench table's header says when it was measured"
    found, unit = set(), None
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        label = cells[0]
        named = re.search(r"\b(ms|µs|s)\b", label.split("(")[0])
        if named:
            unit = named.group(1)
        elif "÷" in label or "times" in label:
            unit = None  # a ratio row
        for column, cell in zip(header[1:], cells[1:]):
            if "÷" in column:
                continue
            for number, explicit in re.findall(rf"({NUMBER})(?:\s*(ms|µs|s|MB)\b)?", cell):
                if explicit or unit:
                    found.add((float(number.replace(",", "")), explicit or unit))
    return found, {line for line in section.splitlines() if line.startswith("|")}


TABLE, TABLE_LINES = bench_table()


def console_seconds(block):
    """The times a console block's commands print: each command's estimate, and their sum."""
    estimates = []
    for line in block.splitlines():
        if line.startswith("$ "):
            estimates.append(STARTUP_SECONDS)
        elif estimates and (" samples in " in line or line.startswith("Done in ")):
            match = DURATION.search(line)
            if match:
                estimates[-1] += 60 * int(match.group(1) or 0) + float(match.group(2))
    return estimates + [sum(estimates)]


def problem(page, line, text, numbers, unit):
    """None if the figure is allowed where it stands, else what is wrong."""
    where = f"{os.path.relpath(page, ROOT)}:{line.number}: {text!r}"
    if line.fence == "console":
        return None
    if dated(line.text):
        return None
    if line.fence is not None:
        return None if dated(line.caption) else (
            f"{where} is in a block whose caption line (just above it) does not say 'dated' with its date and machine")
    if line.table_head is not None and dated(line.table_head):
        return None
    if page == TIMINGS and line.text in TABLE_LINES:
        return None
    in_table = all(any(n == m and (unit is None or unit == u) for m, u in TABLE) for n in numbers)
    if in_table and (page == TIMINGS or TABLE_LINK in line.paragraph):
        return None
    if line.console_caption_of is not None and unit in SECONDS:
        printed = console_seconds(line.console_caption_of)
        if all(any(p / CAPTION_FACTOR <= n * SECONDS[unit] <= p * CAPTION_FACTOR for p in printed)
               for n in numbers):
            return None
        return f"{where} introduces a console block whose commands print about {', '.join(f'{p:.0f} s' for p in printed)}"
    relative = os.path.relpath(page, ROOT).replace(os.sep, "/")
    if any(page_name == relative and words in line.text for page_name, words in ALLOWED):
        return None
    if in_table:
        return f"{where} is a figure of the bench table: link its paragraph to ({TABLE_LINK})"
    return (f"{where} is not in appendix B's bench table: link to it, or say 'dated' with the date "
            "and machine on the same line")


def test_figures_are_found_and_only_times():
    assert [f[0] for f in figures("took 4 min 19 s, 26.2 and 19.6 µs, 0.292 to 0.309 ms, 5ms")] == [
        "4 min", "19 s", "26.2 and 19.6 µs", "0.292 to 0.309 ms", "5ms"]
    assert figures("(C(w + h) − C(w − h))/2h, the 9s and the high 80s, 1000 samples, 3 hidden") == []
    assert figures("about 15 minutes, 2 hours, 3.0 s per epoch")[0][1:] == ([15.0], "min")
    assert figures("60,000 s")[0][1] == [60000.0]


def test_dated_means_a_date():
    assert dated("(dated 2026-12-02, PyPy 3.9)") and dated("about 65 min (dated November 2026)")
    assert dated("trained in 2.6 ms (dated 2 December 2026, PyPy 3.9 on our machine)")
    assert not dated("in appendix B's dated table: 26.2 µs") and not dated("dated: see below")


def test_the_bench_table_is_read_with_its_units():
    for figure in [(0.456, "ms"), (27.4, "s"), (1.805, "ms"), (0.811, "ms"), (26.2, "µs"), (0.309, "ms"),
                   (0.040, "ms"), (4.6, "s")]:
        assert figure in TABLE, figure
    assert (9.1, "ms") not in TABLE and (8.2, "ms") not in TABLE and (1.13, "ms") not in TABLE  # ratios


def test_the_rules_accept_and_refuse_what_they_say():
    page = os.path.join(TUTORIAL, "99-example.md")
    text = (f"A quote, [the table]({TABLE_LINK}): 0.456 ms.\n\nNo link: 0.456 ms.\n\n"
            "Unknown: 0.95 ms.\n\nMeasured once, dated 2026-12-02 on our machine: 0.95 ms.\n\n"
            "One run (dated 2026-12-02, PyPy):\n\n```\nEpoch 1/3: 40.9 s\n```\n\nOne run:\n\n```\nDone in 3.1 s\n```\n\n"
            "It takes about 10 seconds:\n\n```console\n$ python main.py\n  10000 samples in 1.0 s\nDone in 6.0 s\n```\n\n"
            "It takes about 2 minutes:\n\n```console\n$ python main.py\nDone in 6.0 s\n```\n")
    results = [problem(page, line, *figure) for line in parse(text) for figure in figures(line.text)]
    assert [r is None for r in results] == [True, False, False, True, True, False, True, True, True, False, True]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: os.path.relpath(p, ROOT))
def test_every_time_figure_is_the_bench_tables_or_dated(page):
    problems = [found for line in parse(read(page)) for figure in figures(line.text)
                if (found := problem(page, line, *figure))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: os.path.relpath(p, ROOT))
def test_no_time_figure_is_broken_across_lines(page):
    """The rules read a line at a time, so a number at the end of a line and its unit at the start
    of the next would slip through them."""
    lines = parse(read(page))
    broken = [f"{os.path.relpath(page, ROOT)}:{line.number}: {line.text.strip()[-20:]!r} / {following.text.strip()[:20]!r}"
              for line, following in zip(lines, lines[1:])
              if line.fence is None and following.fence is None
              and re.search(rf"(?<![\w.,]){NUMBER}$", line.text.rstrip())
              and re.match(rf"\s*(?:{UNITS})(?![\w=])", following.text)]
    assert not broken, "\n".join(broken)


def test_the_allow_list_is_short_and_each_entry_is_used():
    assert len(ALLOWED) <= 5 and all(reason for reason in ALLOWED.values())
    for (page, words) in ALLOWED:
        assert words in read(os.path.join(ROOT, page)), f"{page}: the allow-list's {words!r} is no longer there"
