"""The tutorial's shape: a learner's path of chapters, short enough to read, then appendices.

- No chapter's or appendix's prose runs past PROSE_LIMIT words (about a quarter of an hour's
  reading): the words outside fenced blocks, so code, doctest output and command output do not
  count, and a Markdown table does. A chapter that grows past it splits, as chapters 4 and 6 did
  (4a, 4b; 6b, 6c), or moves its record (tables, run logs, timings) to an appendix.
- Each chapter ends with "## Recap" and "## Try this" of 3-4 exercises.
- The index (docs/tutorial/README.md) lists every chapter under "## Chapters" and every appendix
  under "## Appendices", in order, and nothing in the wrong list.
- answers.md has one "## Chapter N: title" section per chapter, in the chapters' order, with one
  worked answer for each exercise.
"""

import glob
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TUTORIAL = os.path.join(ROOT, "docs", "tutorial")
CHAPTERS = sorted(glob.glob(os.path.join(TUTORIAL, "[0-9][0-9]*-*.md")))
APPENDICES = sorted(glob.glob(os.path.join(TUTORIAL, "appendix-*.md")))
PROSE_LIMIT = 3500


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def prose(text):
    """The text outside fenced blocks."""
    kept, fence = [], None
    for line in text.splitlines():
        marker = re.match(r"^\s*(```+|~~~+)", line)
        if marker and fence is None:
            fence = marker.group(1)[0] * 3
        elif marker and line.strip().startswith(fence):
            fence = None
        elif fence is None:
            kept.append(line)
    return "\n".join(kept)


def prose_words(path):
    return len(prose(read(path)).split())


def title(path):
    """('6b', 'Starting weights and deeper networks') from a chapter's '# 6b. ...' first line."""
    match = re.match(r"# (\d+[a-z]?)\. (.+)", read(path).splitlines()[0])
    assert match, f"{os.path.basename(path)}: the first line is not '# N. Title'"
    return match.group(1), match.group(2)


def exercises(path):
    """The numbers of the exercises under a chapter's "## Try this"."""
    section = read(path).split("\n## Try this\n", 1)[1].split("\n## ", 1)[0]
    return [int(n) for n in re.findall(r"^(\d+)\. ", section, re.MULTILINE)]


def test_prose_is_counted_outside_blocks_only():
    assert prose("One two.\n\n```\n>>> three\nfour\n```\n\n| five | six |\n") == "One two.\n\n\n| five | six |"
    assert prose_words(os.path.join(TUTORIAL, "01-one-neuron.md")) < len(read(os.path.join(TUTORIAL, "01-one-neuron.md")).split())


def test_there_are_chapters_and_appendices():
    assert len(CHAPTERS) >= 15 and len(APPENDICES) >= 3
    numbers = [title(path)[0] for path in CHAPTERS]
    assert numbers[:3] == ["1", "2", "3"] and {"6", "6b", "6c"} <= set(numbers)


@pytest.mark.parametrize("path", CHAPTERS + APPENDICES, ids=os.path.basename)
def test_prose_is_short_enough_to_read(path):
    words = prose_words(path)
    assert words <= PROSE_LIMIT, (
        f"{os.path.basename(path)} has {words} words of prose, more than {PROSE_LIMIT}: split the chapter, "
        "or move its record (reproduction tables, run logs, timings, interpreter internals) to an appendix")


@pytest.mark.parametrize("path", CHAPTERS, ids=os.path.basename)
def test_each_chapter_ends_with_a_recap_and_exercises(path):
    headings = re.findall(r"^## (.+)$", prose(read(path)), re.MULTILINE)
    assert headings[-2:] == ["Recap", "Try this"], os.path.basename(path)
    numbers = exercises(path)
    assert 3 <= len(numbers) <= 4 and numbers == list(range(1, len(numbers) + 1)), os.path.basename(path)


def index_section(heading):
    text = read(os.path.join(TUTORIAL, "README.md"))
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def linked_pages(section):
    return [target for target in re.findall(r"\]\(([^)#\s]+\.md)", section)]


def test_the_index_shows_the_path_and_the_appendices_apart():
    chapters = [name for name in linked_pages(index_section("Chapters")) if name != "sources.md"]
    appendices = linked_pages(index_section("Appendices"))
    assert chapters == [os.path.basename(path) for path in CHAPTERS]
    assert appendices == [os.path.basename(path) for path in APPENDICES]


def answer_sections():
    """[(number, title, body)] of answers.md's '## Chapter N: title' sections, in file order."""
    text = read(os.path.join(TUTORIAL, "answers.md"))
    parts = re.split(r"^## Chapter (\d+[a-z]?): (.+)$", text, flags=re.MULTILINE)
    return [(parts[i], parts[i + 1], parts[i + 2]) for i in range(1, len(parts), 3)]


def test_answers_follow_the_chapters_one_section_each():
    sections = answer_sections()
    assert [number for number, _, _ in sections] == [title(path)[0] for path in CHAPTERS]
    for (number, heading, _), path in zip(sections, CHAPTERS):
        assert title(path)[1].startswith(heading), f"answers.md: Chapter {number}: {heading!r} is not the chapter's title"


def test_every_exercise_has_a_worked_answer():
    for (number, _, body), path in zip(answer_sections(), CHAPTERS):
        answered = [int(n) for n in re.findall(r"^\*\*(\d+)\. ", body, re.MULTILINE)]
        assert answered == exercises(path), f"answers.md, chapter {number}: answers {answered}, exercises {exercises(path)}"
