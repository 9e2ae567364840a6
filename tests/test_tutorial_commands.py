"""The commands shown in the tutorial (docs/tutorial/*.md), re-run and compared with the text.

A chapter shows a command as a ```console block: a line starting with ``$ python main.py``
(or ``$ python docs/tutorial/network_on_one_page.py``, chapter 4a's network on one page),
then exactly what it prints (stdout and stderr together, as in a terminal; without a terminal
the progress bar is off).  Several commands may share a block; each block runs on its own, in a
fresh scratch directory where ``data``, ``docs``, ``purenn`` and ``main.py`` link to the
repository's, so a block may ``--save model.json`` and then ``--load model.json``.

Durations (``57.3 s``, ``4 min 50 s``) differ from run to run; both sides have them replaced by
a placeholder before comparing.  Every other character must match: the seed makes the rest
deterministic.

- The fast tests (default run) check that every block parses: each command is accepted by
  purenn's own argument parser, writes only into the current directory and shows some output,
  and that all commands together fit the tutorial's time budget (about 15 minutes, estimated
  from the durations the chapters print).
- The slow test (``python -m pytest -m slow tests/test_tutorial_commands.py``) runs them.

``python tests/test_tutorial_commands.py`` lists every command with its printed time, and the total.
"""

import glob
import importlib.util
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHAPTERS = sorted(glob.glob(os.path.join(ROOT, "docs", "tutorial", "[0-9][0-9]*-*.md")))
APPENDICES = sorted(glob.glob(os.path.join(ROOT, "docs", "tutorial", "appendix-*.md")))
PAGES = CHAPTERS + APPENDICES + [os.path.join(ROOT, "docs", "tutorial", name) for name in ("README.md", "answers.md")]
BUDGET_SECONDS = 15 * 60
STARTUP_SECONDS = 5  # per command: starting Python, plus evaluating the test set where no time is printed

FENCE = re.compile(r"^```(\w*)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
DURATION = re.compile(r"\b(?:(\d+) min )?(\d+(?:\.\d+)?) s\b")
PLACEHOLDER = "<duration>"
# Chapter 4a's standalone network: a command of its own, and a file a ```python block may quote.
ONE_PAGE = os.path.join(ROOT, "docs", "tutorial", "network_on_one_page.py")
ONE_PAGE_COMMAND = ["python", os.path.relpath(ONE_PAGE, ROOT).replace(os.sep, "/")]


@dataclass
class Command:
    argv: list  # as written: ['python', 'main.py', '--limit', '1000', ...]
    expected: str  # the lines after the command, up to the next command or the fence


@dataclass
class Block:
    where: str  # 'docs/tutorial/03-cost-and-gradient-descent.md:120', the line of the fence
    commands: list = field(default_factory=list)


def fenced_blocks(path):
    """(language, line number of the opening fence, body) of each ``` block in a Markdown file."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for match in FENCE.finditer(text):
        yield match.group(1), text.count("\n", 0, match.start()) + 1, match.group(2)


def console_blocks(paths=CHAPTERS):
    """Every ```console block of the chapters, split into its commands and their outputs."""
    blocks = []
    for path in paths:
        for language, line_number, body in fenced_blocks(path):
            if language != "console":
                continue
            block = Block(f"{os.path.relpath(path, ROOT)}:{line_number}")
            for line in body.splitlines():
                if line.startswith("$ "):
                    block.commands.append(Command(shlex.split(line[2:]), ""))
                elif block.commands:
                    block.commands[-1].expected += line + "\n"
                elif line.strip():
                    raise ValueError(f"{block.where}: a console block must start with a '$ ' line")
            blocks.append(block)
    return blocks


def normalise(text):
    """The text with durations replaced, trailing spaces and trailing blank lines dropped."""
    lines = [DURATION.sub(PLACEHOLDER, line).rstrip() for line in text.splitlines()]
    return "\n".join(lines).rstrip("\n")


def seconds_printed(output):
    """The time a command's output says it took: its loading times plus its 'Done in' time."""
    total = 0.0
    for line in output.splitlines():
        if " samples in " in line or line.startswith("Done in "):
            match = DURATION.search(line)
            if match:
                total += 60 * int(match.group(1) or 0) + float(match.group(2))
    return total


def estimated_seconds(command):
    return STARTUP_SECONDS + seconds_printed(command.expected)


BLOCKS = console_blocks()


def parse_command(argv):
    """Parse a command with purenn's own parser; returns the parsed options (SystemExit if bad)."""
    from purenn.app.cli import build_parser, build_predict_parser, check_options

    if argv[:2] == ONE_PAGE_COMMAND:
        return one_page_parser().parse_args(argv[2:])
    if argv[:2] != ["python", "main.py"]:
        raise ValueError(f"a command must start with 'python main.py', not {' '.join(argv[:2])!r}")
    if argv[2:3] == ["predict"]:
        return build_predict_parser().parse_args(argv[3:])
    if argv[2:3] == ["compare"]:
        from purenn.app.compare import build_compare_parser, check_compare_options

        parser = build_compare_parser()
        args = parser.parse_args(argv[3:])
        check_compare_options(parser, args)
        return args
    parser = build_parser()
    args = parser.parse_args(argv[2:])
    check_options(parser, args)
    return args


def one_page_parser():
    """The argument parser of docs/tutorial/network_on_one_page.py (it is no part of purenn)."""
    spec = importlib.util.spec_from_file_location("network_on_one_page", ONE_PAGE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PARSER


def test_normalise_replaces_durations_and_nothing_else():
    shown = ("  60000 samples in 7.0 s\n"
             "Epoch 1/5: 9404 / 10000 correct (94.04%), 57.3 s   \n"
             "Done in 4 min 50 s: final 95.69%\n\n")
    assert normalise(shown) == ("  60000 samples in <duration>\n"
                                "Epoch 1/5: 9404 / 10000 correct (94.04%), <duration>\n"
                                "Done in <duration>: final 95.69%")
    assert normalise("Epoch 1/5: 9404 / 10000") != normalise("Epoch 1/5: 9405 / 10000")
    assert seconds_printed(shown) == 7.0 + 290


def test_the_chapters_show_commands():
    assert CHAPTERS, "no chapters found in docs/tutorial"
    assert sum(len(block.commands) for block in BLOCKS) >= 1


@pytest.mark.parametrize("block", BLOCKS, ids=[block.where for block in BLOCKS])
def test_command_block_is_well_formed(block, capsys):
    """Each command parses, writes only into the current directory and shows its output."""
    assert block.commands, f"{block.where}: a console block with no '$ ' command"
    for command in block.commands:
        text = " ".join(command.argv)
        try:
            args = parse_command(command.argv)
        except SystemExit:
            pytest.fail(f"{block.where}: purenn rejects `{text}`:\n{capsys.readouterr().err}")
        for name in ("save", "plot", "errors", "weights"):
            path = getattr(args, name, None)
            assert not path or path == "-" or os.path.basename(path) == path, \
                f"{block.where}: `{text}` writes outside the current directory: {path}"
        assert command.expected.strip(), f"{block.where}: `{text}` shows no output"


def test_all_commands_fit_the_time_budget():
    """All commands of all chapters together re-run in about 15 minutes (as their outputs say)."""
    total = sum(estimated_seconds(c) for block in BLOCKS for c in block.commands)
    assert total <= BUDGET_SECONDS, \
        f"the tutorial's commands take about {total / 60:.1f} min; the budget is {BUDGET_SECONDS // 60} min"


@pytest.mark.parametrize("path", PAGES, ids=os.path.basename)
def test_examples_end_with_a_blank_line(path):
    """doctest reads expected output up to a blank line: without one, the ``` fence would be 'output'."""
    for language, line_number, body in fenced_blocks(path):
        if ">>>" in body:
            assert body.endswith("\n\n"), \
                f"{os.path.relpath(path, ROOT)}:{line_number}: put a blank line before the closing ```"


def stripped_lines(text):
    return "\n".join(line.strip() for line in text.splitlines())


def purenn_sources():
    """{path: the file's text with every line stripped of its indentation} for purenn/**/*.py.

    The network on one page counts as purenn code too: chapter 4a shows it in full.
    """
    paths = glob.glob(os.path.join(ROOT, "purenn", "**", "*.py"), recursive=True) + [ONE_PAGE]
    sources = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            sources[os.path.relpath(path, ROOT)] = stripped_lines(f.read())
    return sources


@pytest.mark.parametrize("path", PAGES, ids=os.path.basename)
def test_quoted_code_is_purenn_code(path):
    """A ```python block quotes purenn: its lines appear in one purenn file, in that order.

    (Or in docs/tutorial/network_on_one_page.py, which chapter 4a shows whole.)

    Indentation is ignored, and a line `...` stands for lines left out, so a chapter can quote a
    function without its docstring.  Code that is not a quote goes in a plain ``` block.
    """
    sources = None
    for language, line_number, body in fenced_blocks(path):
        if language != "python":
            continue
        sources = sources or purenn_sources()
        pieces = [stripped_lines(piece).strip("\n")
                  for piece in re.split(r"^[ \t]*\.\.\.[ \t]*$", body, flags=re.MULTILINE)]
        pieces = [piece for piece in pieces if piece]
        assert any(in_order(pieces, source) for source in sources.values()), (
            f"{os.path.relpath(path, ROOT)}:{line_number}: this ```python block is not (any longer) in purenn"
            " (or in docs/tutorial/network_on_one_page.py)")


def in_order(pieces, text):
    """Whether each piece occurs in text, after the one before it."""
    text = "\n" + text + "\n"
    start = 0
    for piece in pieces:
        start = text.find("\n" + piece + "\n", start)  # whole lines only
        if start < 0:
            return False
        start += len(piece) + 1
    return True


def scratch_directory(tmp_path):
    """A directory where `python main.py` works as in the repository, but writes elsewhere."""
    for name in ("data", "docs", "purenn", "main.py"):
        os.symlink(os.path.join(ROOT, name), tmp_path / name)
    return tmp_path


@pytest.mark.slow
@pytest.mark.parametrize("block", BLOCKS, ids=[block.where for block in BLOCKS])
def test_command_prints_what_the_chapter_shows(block, tmp_path):
    cwd = scratch_directory(tmp_path)
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONUNBUFFERED="1")
    for command in block.commands:
        result = subprocess.run([sys.executable] + command.argv[1:], cwd=cwd, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, timeout=900)
        assert normalise(result.stdout) == normalise(command.expected), \
            f"{block.where}: `{' '.join(command.argv)}` printed something else"


if __name__ == "__main__":
    for path in PAGES:
        with open(path, encoding="utf-8") as f:
            examples = sum(line.startswith(">>> ") for line in f)
        print(f"{examples:6} >>> examples in {os.path.relpath(path, ROOT)}")
    grand_total = 0.0
    for block in BLOCKS:
        for command in block.commands:
            seconds = estimated_seconds(command)
            grand_total += seconds
            print(f"{seconds:6.0f} s  {block.where}  {' '.join(command.argv)}")
    print(f"{grand_total:6.0f} s  in all ({grand_total / 60:.1f} min, budget {BUDGET_SECONDS // 60} min)")
