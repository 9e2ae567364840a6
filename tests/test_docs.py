"""README.md and the pages under docs/ hold true: links, length, the options reference, the licence.

- Every relative link in README.md, in every docs/*.md page and in every page of the tutorial
  (docs/tutorial/*.md: chapters, appendices, answers, sources, its index) names a file that
  exists, and its #anchor a heading of that file, spelled as GitHub spells a heading's anchor (lowercase, spaces become '-', punctuation
  is dropped; a repeated heading gets -1, -2, ...), or an explicit <a id="...">.
- README.md is a page a newcomer reads in three minutes: at most 10,000 characters. It shows
  the test commands CI runs (.ci/run), in the same order.
- docs/options.md names every option the program defines (``build_parser`` and each
  subcommand's parser, found from cli.py, and the bench's), each in its own section, and no
  option that does not exist.
- The LICENSE file is the MIT licence that setup.cfg declares, and setup.cfg ships it.
"""

import argparse
import configparser
import glob
import inspect
import os
import re
import urllib.parse

import pytest

from purenn.app import bench, cli
from purenn.app.options import build_parser

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(ROOT, "README.md")
DOCS = os.path.join(ROOT, "docs")
PAGES = [README] + sorted(glob.glob(os.path.join(DOCS, "*.md")))
CHAPTERS = sorted(glob.glob(os.path.join(DOCS, "tutorial", "*.md")))
OPTIONS_PAGE = os.path.join(DOCS, "options.md")
MAX_README = 10_000


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def prose(text):
    """The text outside fenced code blocks, line numbers kept (code lines become empty)."""
    lines, fence = [], None
    for line in text.splitlines():
        marker = re.match(r"^\s*(```+|~~~+)", line)
        if marker and fence is None:
            fence = marker.group(1)[0] * 3
            lines.append("")
        elif marker and fence and line.strip().startswith(fence):
            fence = None
            lines.append("")
        else:
            lines.append("" if fence else line)
    return "\n".join(lines)


LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def links(text):
    """(line number, target) of every Markdown link and image outside code (a link's text may
    run over a line break)."""
    text = "\n".join(re.sub(r"`[^`]*`", "``", line) for line in prose(text).splitlines())  # no inline code
    return [(text.count("\n", 0, match.start()) + 1, match.group(1)) for match in LINK.finditer(text)]


def is_relative(target):
    return not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) and not target.startswith("//")


def github_anchor(heading):
    """The anchor GitHub gives a heading: its text lowercased, punctuation dropped, spaces -> '-'."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link in a heading: its text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)  # \w keeps letters and digits of any script, and _
    return text.replace(" ", "-")


def anchors(path):
    """Every anchor a page defines: its headings' (with -1, -2 for repeats) and its <a id>s."""
    text = read(path)
    found, seen = set(), {}
    for line in prose(text).splitlines():
        heading = re.match(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            slug = github_anchor(heading.group(1))
            count = seen.get(slug, 0)
            found.add(slug if count == 0 else f"{slug}-{count}")
            seen[slug] = count + 1
    found.update(re.findall(r"<a\s+(?:id|name)=\"([^\"]+)\"", text))
    return found


def check_link(page, number, target):
    """None if the link resolves, else what is wrong with it."""
    where = f"{os.path.relpath(page, ROOT)} line {number}: ({target})"
    path, _, anchor = target.partition("#")
    path, anchor = urllib.parse.unquote(path), urllib.parse.unquote(anchor)
    full = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
    if not os.path.exists(full):
        return f"{where}: no file {os.path.relpath(full, ROOT)}"
    if anchor and full.endswith(".md") and anchor not in anchors(full):
        return f"{where}: no heading #{anchor} in {os.path.relpath(full, ROOT)}"
    return None


def test_github_anchors_are_spelled_as_github_spells_them():
    assert github_anchor("Measuring: `python -m purenn.bench`") == "measuring-python--m-purennbench"
    assert github_anchor("4. PyPy") == "4-pypy"
    assert github_anchor("Chapter 6's networks, in full") == "chapter-6s-networks-in-full"
    assert github_anchor("A fair race: tune each η on validation data, then race") == \
        "a-fair-race-tune-each-η-on-validation-data-then-race"
    assert github_anchor("All six on 10,000 images") == "all-six-on-10000-images"
    assert github_anchor("Past 98%") == "past-98"


def test_links_are_found_outside_code_only():
    text = ("See [a](x.md#b) and ![p](p.png \"title\"), [[784, 10] nets](y.md), `[no](code.md)`,\n"
            "<https://example.com> and [web](https://example.com), [two\nlines](z.md).\n"
            "```\n[no](block.md)\n```\n")
    assert links(text) == [(1, "x.md#b"), (1, "p.png"), (1, "y.md"), (2, "https://example.com"), (2, "z.md")]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: os.path.relpath(p, ROOT))
def test_every_relative_link_of_readme_and_docs_resolves(page):
    found = [(number, target) for number, target in links(read(page)) if is_relative(target)]
    problems = [problem for number, target in found if (problem := check_link(page, number, target))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", CHAPTERS, ids=lambda p: os.path.relpath(p, ROOT))
def test_every_relative_link_of_the_tutorial_resolves(page):
    """Links between chapters, into the appendices, answers and sources, to pictures and notebooks."""
    found = [(number, target) for number, target in links(read(page)) if is_relative(target)]
    problems = [problem for number, target in found if (problem := check_link(page, number, target))]
    assert not problems, "\n".join(problems)


def test_the_tutorial_links_into_its_appendices():
    """Every appendix is linked from the chapters, where a curious reader wants it."""
    tutorial = os.path.join(DOCS, "tutorial")
    appendices = sorted(glob.glob(os.path.join(tutorial, "appendix-*.md")))
    assert len(appendices) >= 3
    chapters = sorted(glob.glob(os.path.join(tutorial, "[0-9]*.md")))
    linked = {os.path.normpath(os.path.join(tutorial, urllib.parse.unquote(target.partition("#")[0])))
              for chapter in chapters for _, target in links(read(chapter)) if is_relative(target)}
    assert [a for a in appendices if a not in linked] == []


def test_every_link_from_a_chapter_into_readme_or_docs_resolves():
    targets = {os.path.normpath(page) for page in PAGES}
    problems, checked = [], 0
    for chapter in CHAPTERS:
        for number, target in links(read(chapter)):
            path = urllib.parse.unquote(target.partition("#")[0])
            if not is_relative(target) or not path:
                continue
            full = os.path.normpath(os.path.join(os.path.dirname(chapter), path))
            if full in targets or os.path.dirname(full) == DOCS:
                checked += 1
                problem = check_link(chapter, number, target)
                if problem:
                    problems.append(problem)
    assert not problems, "\n".join(problems)
    assert checked >= 2  # chapter 7 links to the playground and your-own-digit pages


def test_readme_is_read_in_three_minutes():
    length = len(read(README))
    assert length <= MAX_README, f"README.md has {length} characters; at most {MAX_README}: move the long part to docs/"


def test_readme_links_every_page_under_docs():
    linked = {os.path.normpath(os.path.join(ROOT, target.partition("#")[0]))
              for _, target in links(read(README)) if is_relative(target)}
    missing = [os.path.relpath(page, ROOT) for page in PAGES[1:] if page not in linked]
    assert not missing, f"README.md does not link {missing}"


def test_readme_shows_the_test_commands_ci_runs():
    ci = [line.strip() for line in read(os.path.join(ROOT, ".ci", "run")).splitlines()
          if line.strip().startswith("python -m pytest")]
    assert ci == ["python -m pytest", "python -m pytest -m slow"]
    readme = read(README)
    block = re.search(r"```\n(python -m pip install -e '\.\[test\]'\n(?:python -m pytest.*\n)+)```", readme)
    assert block, "README.md: no block installing with python -m pip install -e '.[test]' and running pytest"
    assert block.group(1).splitlines()[1:] == ci
    assert "```\npython main.py --hidden 30 --epochs 5\n```" in readme


# The options reference.

def parser_of_bench(monkeypatch):
    """The bench's parser, which its main() builds: caught as main() asks it to parse."""
    class Caught(Exception):
        pass

    def catch(parser, args=None, namespace=None):
        raise Caught(parser)

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", catch)
    with pytest.raises(Caught) as caught:
        bench.main([])
    return caught.value.args[0]


def subcommands():
    """The subcommands cli.main knows, in the order it tries them: ["predict", "serve", ...]."""
    return re.findall(r"argv\[:1\] == \[\"(\w+)\"\]", inspect.getsource(cli.main))


def commands(monkeypatch):
    """(heading words, parser) for each command the options reference must describe."""
    found = [("`python main.py [options]`", build_parser())]
    for name in subcommands():
        builder = getattr(cli, f"build_{name}_parser", None)
        assert builder, f"cli.py has a subcommand {name!r}, and no build_{name}_parser to read its options from"
        found.append((f"`python main.py {name}`", builder()))
    found.append(("`python -m purenn.bench`", parser_of_bench(monkeypatch)))
    return found


def actions(parser):
    """Every argument of the parser and of its subcommands' parsers (`exercise check --timeout`)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, subparser in action.choices.items():
                yield from actions(subparser)
        else:
            yield action


def option_strings(parser):
    return {option for action in actions(parser) for option in action.option_strings}


def positionals(parser):
    return {action.metavar or action.dest for action in actions(parser) if not action.option_strings}


def section(text, words):
    """The part of the page under the `## ...` heading that contains `words`, up to the next `## `."""
    match = re.search(rf"^## [^\n]*{re.escape(words)}[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/options.md has no section '## ... {words}'"
    return match.group(1)


def test_there_are_subcommands_to_document():
    assert subcommands()[:4] == ["predict", "serve", "exercise", "compare"]


def test_the_options_reference_names_every_option_of_every_command(monkeypatch):
    text = read(OPTIONS_PAGE)
    for words, parser in commands(monkeypatch):
        part = section(text, words)
        missing = sorted(option for option in option_strings(parser)
                         if not re.search(rf"`{re.escape(option)}[` ]", part))
        assert not missing, f"docs/options.md, {words}: no `{'`, `'.join(missing)}`"
        for name in positionals(parser):
            assert f"`{name} [{name} ...]`" in part or f"`{name}`" in part, f"{words}: no `{name}`"


def test_the_options_reference_names_no_option_that_does_not_exist(monkeypatch):
    known = set().union(*(option_strings(parser) for _, parser in commands(monkeypatch)))
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", read(OPTIONS_PAGE)))
    assert named - known == set(), f"docs/options.md names options that do not exist: {sorted(named - known)}"
    assert len(named) >= 40


# The licence.

def test_the_license_file_is_the_mit_licence_setup_cfg_declares():
    text = read(os.path.join(ROOT, "LICENSE"))
    assert text.startswith("MIT License\n\nCopyright (c) 2026 the purenn authors\n")
    for words in ("Permission is hereby granted, free of charge, to any person obtaining a copy",
                  "The above copyright notice and this permission notice shall be included in all",
                  'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR'):
        assert words in text
    config = configparser.ConfigParser()
    config.read(os.path.join(ROOT, "setup.cfg"))
    assert config["metadata"]["license"] == "MIT"
    assert config["metadata"]["license_files"].split() == ["LICENSE"]
