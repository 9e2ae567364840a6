"""Write every tutorial chapter as a Jupyter notebook: ``python docs/tutorial/make_notebooks.py``.

Each chapter ``docs/tutorial/NN-name.md`` (and ``answers.md``, if there is one) becomes
``docs/tutorial/notebooks/NN-name.ipynb`` (nbformat 4.5), made from the Markdown alone, with the
standard library, in well under a second for all of them. The appendices (``appendix-*.md``:
tables, dated timings, interpreter internals) have no examples and no commands to run, so they
get no notebook; a notebook's link to one opens the Markdown page.

- the prose becomes Markdown cells, one per section; links to pictures and pages are rewritten to
  resolve from the notebooks folder, and links to chapters point to their notebooks;
- the ``>>>`` examples become code cells without their prompts and doctest directives; a cell
  ends after each example whose value the chapter shows (a notebook shows only a cell's last
  value), so the output stored in each cell, the chapter's own, is what running it shows;
- each ```console command becomes a ``!python main.py ...`` cell with its printed output;
- a first code cell makes the repository the working folder (cloning it in a hosted notebook),
  so ``data/`` and ``purenn`` are found wherever Jupyter started.

The notebooks are never edited by hand: edit the chapter and run this script again.
``--check`` writes nothing and exits with 1 if a notebook is missing or differs from its chapter.
tests/test_notebooks.py checks the same, and runs the first chapters' notebooks cell by cell.
"""

import ast
import configparser
import doctest
import glob
import json
import os
import re
import sys
import textwrap

TUTORIAL = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(TUTORIAL))
NOTEBOOKS = os.path.join(TUTORIAL, "notebooks")

# Where a hosted notebook clones the repository from. setup.cfg's `url` wins when it has one;
# until then a maintainer sets the real address here.
REPOSITORY_URL = "https://github.com/OWNER/purenn"

FENCE = re.compile(r"^([ \t]*)```(\w*)[ \t]*\n(.*?)^\1```[ \t]*$\n?", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)
LINK_TARGET = re.compile(r"(\]\(|^\[[^\]\n]+\]:[ \t]*)([^)\s]+)", re.MULTILINE)
DIRECTIVE = re.compile(r"[ \t]*#\s*doctest:[^\n]*$", re.MULTILINE)


def chapter_paths():
    """The chapters, in order: docs/tutorial/[0-9]*.md, then answers.md if there is one."""
    paths = sorted(glob.glob(os.path.join(TUTORIAL, "[0-9]*.md")))
    answers = os.path.join(TUTORIAL, "answers.md")
    return paths + [answers] if os.path.exists(answers) else paths


def notebook_name(chapter_name):
    """'01-one-neuron.md' -> '01-one-neuron.ipynb'."""
    return os.path.splitext(chapter_name)[0] + ".ipynb"


def repository_url():
    config = configparser.ConfigParser(interpolation=None)
    config.read(os.path.join(ROOT, "setup.cfg"), encoding="utf-8")
    return config.get("metadata", "url", fallback="").strip() or REPOSITORY_URL


SETUP_CELL = '''\
# Run this cell first. It makes the repository's top folder (the one with main.py and data/)
# the working folder, wherever Jupyter started; in a hosted notebook, it clones the repository.
import os, subprocess, sys

REPOSITORY = "{url}"
folder = os.getcwd()
while not (os.path.isfile(os.path.join(folder, "main.py")) and os.path.isdir(os.path.join(folder, "data"))):
    if os.path.dirname(folder) == folder:  # reached the top: no repository around here
        folder = os.path.abspath("purenn")
        if not os.path.isdir(folder):
            subprocess.run(["git", "clone", "--depth", "1", REPOSITORY, folder], check=True)
        break
    folder = os.path.dirname(folder)
os.chdir(folder)
if folder not in sys.path:
    sys.path.insert(0, folder)'''


def lines(text):
    """nbformat's multi-line string: a list of lines, each but the last ending in a newline."""
    return text.splitlines(keepends=True)


def markdown_cell(text):
    return {"cell_type": "markdown", "metadata": {}, "source": lines(text)}


def code_cell(source, outputs=(), tags=()):
    return {"cell_type": "code", "execution_count": None,
            "metadata": {"tags": list(tags)} if tags else {},
            "outputs": list(outputs), "source": lines(source)}


def stream(text):
    return {"name": "stdout", "output_type": "stream", "text": lines(text)}


def execute_result(text):
    return {"data": {"text/plain": lines(text.rstrip("\n"))}, "execution_count": None,
            "metadata": {}, "output_type": "execute_result"}


def error(exc_msg):
    """An error output from doctest's exception line, 'OverflowError: math range error'."""
    name, _, value = exc_msg.strip().partition(":")
    return {"ename": name.strip(), "evalue": value.strip(), "output_type": "error",
            "traceback": ["Traceback (most recent call last):", "  ...", exc_msg.strip()]}


def rewrite_links(text, chapters):
    """Links that resolve from docs/tutorial/, rewritten to resolve from docs/tutorial/notebooks/."""
    def rewrite(match):
        target = match.group(2)
        if re.match(r"[a-z][a-z0-9+.-]*:|#|/", target):  # a web address, an anchor, an absolute path
            return match.group(0)
        path, hash_, anchor = target.partition("#")
        if path in chapters:
            path = notebook_name(path)
        else:
            path = "../" + path
        return match.group(1) + path + hash_ + anchor
    return LINK_TARGET.sub(rewrite, text)


def output_kind(example):
    """How a notebook shows an example's output: 'error', 'result' (its value), 'stream' or None."""
    if example.exc_msg is not None:
        return "error"
    if not example.want:
        return None
    try:
        statements = ast.parse(example.source).body
    except SyntaxError:
        return "stream"
    last = statements[-1] if statements else None
    if isinstance(last, ast.Expr) and not (isinstance(last.value, ast.Call)
                                           and isinstance(last.value.func, ast.Name)
                                           and last.value.func.id == "print"):
        return "result"
    return "stream"


def example_cells(body):
    """Code cells for the >>> examples of one fenced block, each with its doctest option flags.

    A cell ends after an example whose value or exception the chapter shows, since a notebook
    shows only the last value of a cell; examples that print stay together.
    """
    cells, examples = [], []

    def close():
        if not examples:
            return
        sources, outputs, flags = [], [], 0
        for i, example in enumerate(examples):
            source = DIRECTIVE.sub("", example.source).rstrip("\n") + "\n"
            if i and "\n" in sources[-1].rstrip("\n"):
                sources[-1] += "\n"  # a blank line after a def or a loop, as in a script
            sources.append(source)
            want = example.want.replace(doctest.BLANKLINE_MARKER + "\n", "\n")
            kind = output_kind(example)
            if kind == "stream" and outputs and outputs[-1]["output_type"] == "stream":
                outputs[-1] = stream("".join(outputs[-1]["text"]) + want)
            elif kind == "stream":
                outputs.append(stream(want))
            elif kind == "result":
                outputs.append(execute_result(want))
            elif kind == "error":
                outputs.append(error(example.exc_msg))
            for flag, on in example.options.items():
                flags = flags | flag if on else flags & ~flag
        tags = ["raises-exception"] if outputs and outputs[-1]["output_type"] == "error" else []
        cells.append((code_cell("".join(sources).rstrip("\n"), outputs, tags), flags))
        examples.clear()

    for example in doctest.DocTestParser().get_examples(body):
        examples.append(example)
        if output_kind(example) in ("result", "error"):
            close()
    close()
    return cells


def console_cells(body):
    """A `!python main.py ...` cell for each command of a ```console block, with what it prints."""
    cells = []
    for line in body.splitlines(keepends=True):
        if line.startswith("$ "):
            cells.append([line[2:].rstrip("\n"), ""])
        elif cells:
            cells[-1][1] += line
    return [(code_cell("!" + command, [stream(printed.rstrip("\n") + "\n")]), 0)
            for command, printed in cells]


def chapter_cells(text, name, chapters):
    """The notebook's cells for one chapter's Markdown, each with its doctest flags (0 for prose)."""
    cells, prose = [], []

    def add_prose(piece, split_at_headings):
        starts = [m.start() for m in HEADING.finditer(piece)] if split_at_headings else []
        bounds = sorted({0, len(piece), *starts})
        for start, end in zip(bounds, bounds[1:]):
            if start in starts:
                flush()  # a heading starts a new cell
            prose.append(piece[start:end])

    def flush():
        text = rewrite_links("".join(prose), chapters).strip("\n")
        if text:
            cells.append((markdown_cell(text), 0))
        prose.clear()

    position = 0
    for fence in FENCE.finditer(text):
        add_prose(text[position:fence.start()], True)
        position = fence.end()
        language, body = fence.group(2), textwrap.dedent(fence.group(3))
        if language == "console":
            flush()
            cells.extend(console_cells(body))
        elif re.search(r"^\s*>>> ", body, re.MULTILINE):
            flush()
            cells.extend(example_cells(body))
        else:
            add_prose(fence.group(0), False)
    add_prose(text[position:], True)
    flush()
    return with_setup_cell(cells, name)


def with_setup_cell(cells, name):
    """The chapter's title, a note on where the notebook comes from, then the setup cell."""
    title = ""
    if cells and cells[0][0]["cell_type"] == "markdown":
        first = "".join(cells[0][0]["source"])
        if first.startswith("# "):
            title, _, rest = first.partition("\n")
            cells = ([(markdown_cell(rest.strip("\n")), 0)] if rest.strip() else []) + cells[1:]
    note = (f"*This notebook is the chapter [{name}](../{name}), made by "
            "`docs/tutorial/make_notebooks.py`: edit the chapter, not the notebook. The outputs "
            "shown are the chapter's, so it reads well before it runs. Run the next cell first: "
            "it makes the repository the working folder, and clones the repository in a hosted "
            "notebook.*")
    head = [(markdown_cell(f"{title}\n\n{note}" if title else note), 0),
            (code_cell(SETUP_CELL.format(url=repository_url())), 0)]
    return head + cells


def notebook(cells):
    """An nbformat 4.5 notebook of the cells, with ids that depend only on their positions."""
    cells = [dict(cell, id=f"cell-{i:03d}") for i, cell in enumerate(cells)]
    return {"cells": cells,
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                        "name": "python3"},
                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def to_json(notebook):
    """The notebook's bytes as Jupyter itself writes them: one space per level, sorted keys."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def notebooks():
    """{path of each notebook: its text}, made from the chapters now on disk."""
    paths = chapter_paths()
    chapters = {os.path.basename(path) for path in paths}
    made = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        name = os.path.basename(path)
        cells = [cell for cell, flags in chapter_cells(text, name, chapters)]
        made[os.path.join(NOTEBOOKS, notebook_name(name))] = to_json(notebook(cells))
    return made


def differences(made):
    """Notebooks missing or different on disk, and notebooks on disk with no chapter any more."""
    stale = []
    for path, text in made.items():
        try:
            with open(path, encoding="utf-8") as f:
                if f.read() == text:
                    continue
        except FileNotFoundError:
            pass
        stale.append(path)
    extra = [path for path in glob.glob(os.path.join(NOTEBOOKS, "*.ipynb")) if path not in made]
    return stale, extra


def main(argv):
    made = notebooks()
    stale, extra = differences(made)
    if "--check" in argv:
        for path in stale + extra:
            print(f"out of date: {os.path.relpath(path, ROOT)}")
        return 1 if stale or extra else 0
    os.makedirs(NOTEBOOKS, exist_ok=True)
    for path in stale:
        with open(path + ".tmp", "w", encoding="utf-8", newline="\n") as f:
            f.write(made[path])
        os.replace(path + ".tmp", path)
    for path in extra:
        os.remove(path)
    print(f"{len(made)} notebooks in {os.path.relpath(NOTEBOOKS, ROOT)}: "
          f"{len(stale)} written, {len(extra)} removed")
    if "/OWNER/" in repository_url():
        print(f"note: hosted notebooks clone {repository_url()}, a placeholder: set setup.cfg's "
              "url (or REPOSITORY_URL in this script) to the real address and run it again")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
