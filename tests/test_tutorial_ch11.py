"""Chapter 11's table of Nielsen's chapter-6 runs: every command it shows is one purenn accepts.

The table lives in the tutorial's appendix A (chapter 11 links to it). It shows each command
without its leading ``pypy3 main.py`` (one row says "the same with ..."); these runs take hours,
so they are not run here, only parsed, as the tutorial's other commands are
(tests/test_tutorial_commands.py).
"""

import os
import re
import shlex

from purenn.app.options import build_parser, check_options

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHAPTER = os.path.join(ROOT, "docs", "tutorial", "11-convolutional-networks.md")
APPENDIX = os.path.join(ROOT, "docs", "tutorial", "appendix-a-reproductions.md")
SECTION = "## Chapter 11: Nielsen's chapter-6 networks, in full"


def table_rows():
    """The body rows of the table under appendix A's "Chapter 11: Nielsen's chapter-6 networks, in full"."""
    with open(APPENDIX, encoding="utf-8") as f:
        section = re.split(r"\n##+ ", f.read().split(SECTION, 1)[1], 1)[0]  # to the next heading
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return rows[2:]  # after the header and the | --- | line


def commands():
    """(row, command) for each row, "the same with X" spelled out from the row above."""
    found, previous = [], None
    for row in table_rows():
        command = re.findall(r"`(--[^`]*)`", row)[0]
        if "the same with" in row and previous:
            extra = shlex.split(command)
            flags = {extra[i] for i in range(len(extra)) if extra[i].startswith("--")}
            kept = []
            words = shlex.split(previous)
            i = 0
            while i < len(words):  # drop the options the row replaces, with their values
                if words[i] in flags:
                    i += 1
                    while i < len(words) and not words[i].startswith("--"):
                        i += 1
                else:
                    kept.append(words[i])
                    i += 1
            command = " ".join(kept + extra)
        found.append((row, command))
        previous = command
    return found


def test_the_table_has_nielsens_runs():
    rows = table_rows()
    assert len(rows) >= 5
    for figure in ("97.80%", "98.78%", "99.06%", "99.23%", "99.37%"):
        assert any(figure in row for row in rows), figure


def test_every_command_of_the_table_is_accepted_and_holds_out_nielsens_validation_set():
    for row, command in commands():
        parser = build_parser()
        args = parser.parse_args(shlex.split(command))
        check_options(parser, args)
        assert args.validation == 10000, row
    expanded = [command for row, command in commands() if "expanded" in row]
    assert expanded and all("--expand" in command and "--epochs 3" in command for command in expanded)


def options(command):
    """A command's options as a set of (option, value) pairs: the order they are written in does not matter."""
    words = shlex.split(command)
    pairs, i = set(), 0
    while i < len(words):
        j = i + 1
        while j < len(words) and not words[j].startswith("--"):
            j += 1
        pairs.add((words[i], " ".join(words[i + 1:j])))
        i = j
    return pairs


def test_every_measured_classic_is_a_row_with_its_number():
    """tests/test_classics.py's chapter-6 runs (what `pytest -m classics` re-runs) are the table's rows."""
    from test_classics import CHAPTER_6
    rows = commands()
    for classic in CHAPTER_6:
        matching = [row for row, command in rows if options(command) == options(classic.command)]
        assert matching, f"{classic.name}: no row of appendix A's chapter-11 table runs {classic.command}"
        if classic.chosen is not None:
            assert f"{classic.chosen:.2f}%" in matching[0], classic.name


def test_chapter_11_links_to_the_table():
    with open(CHAPTER, encoding="utf-8") as f:
        assert "(appendix-a-reproductions.md#chapter-11-nielsens-chapter-6-networks-in-full)" in f.read()
