"""The tutorial as Jupyter notebooks (docs/tutorial/notebooks/), made by docs/tutorial/make_notebooks.py.

- The committed notebooks are exactly what the script makes from the chapters now: when a
  chapter changes, run ``python docs/tutorial/make_notebooks.py`` and commit the notebooks.
- Every notebook has nbformat 4's required structure, and its links resolve from its folder.
- The notebooks run: their code cells, executed in order with plain ``exec`` in one namespace
  (no Jupyter needed), show what the notebook stores: what a cell prints, then the repr of its
  last expression, or its exception.  Chapters 1-4 by default, all with ``-m slow``.
- The first cell finds the repository from inside it, and clones it from anywhere else.
"""

import ast
import contextlib
import doctest
import glob
import importlib.util
import io
import json
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "docs", "tutorial", "make_notebooks.py")
REGENERATE = "run `python docs/tutorial/make_notebooks.py` and commit docs/tutorial/notebooks/"

spec = importlib.util.spec_from_file_location("make_notebooks", SCRIPT)
make_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_notebooks)

MADE = make_notebooks.notebooks()  # {path: text}, from the chapters as they are now
CHAPTERS = make_notebooks.chapter_paths()
# Chapters 1-4 run in a few seconds; the others train on more of MNIST, so they run with -m slow.
RUN_CHAPTERS = [path if re.match(r"0[1-4]-", os.path.basename(path)) else
                pytest.param(path, marks=pytest.mark.slow) for path in CHAPTERS]


def test_every_chapter_has_a_notebook():
    names = sorted(os.path.basename(path) for path in MADE)
    assert len(names) == len(CHAPTERS) >= 10
    assert names[:3] == ["01-one-neuron.ipynb", "02-layers-are-matrices.ipynb",
                         "03-cost-and-gradient-descent.ipynb"]


def test_the_appendices_have_nothing_to_run_so_no_notebook():
    """An appendix keeps a record (tables, timings); were it to grow examples, it would need a notebook."""
    appendices = glob.glob(os.path.join(ROOT, "docs", "tutorial", "appendix-*.md"))
    assert appendices
    for path in appendices:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        assert ">>> " not in text and "```console" not in text, os.path.basename(path)
        assert os.path.join(make_notebooks.NOTEBOOKS, make_notebooks.notebook_name(os.path.basename(path))) not in MADE


def test_committed_notebooks_are_up_to_date():
    stale, extra = make_notebooks.differences(MADE)
    problems = [f"{os.path.relpath(p, ROOT)} differs from its chapter or is missing" for p in stale]
    problems += [f"{os.path.relpath(p, ROOT)} has no chapter any more" for p in extra]
    assert not problems, "\n".join(problems) + f"\nThe notebooks are made from the chapters: {REGENERATE}"


@pytest.mark.parametrize("path", sorted(MADE), ids=os.path.basename)
def test_notebook_has_nbformat_4_structure(path):
    text = MADE[path]
    notebook = json.loads(text)
    assert make_notebooks.to_json(notebook) == text, "not in Jupyter's own layout (indent 1, sorted keys)"
    assert set(notebook) == {"cells", "metadata", "nbformat", "nbformat_minor"}
    assert notebook["nbformat"] == 4 and notebook["nbformat_minor"] == 5
    assert notebook["metadata"]["kernelspec"]["language"] == "python"
    ids = [cell["id"] for cell in notebook["cells"]]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", i) for i in ids)
    for cell in notebook["cells"]:
        assert cell["cell_type"] in ("markdown", "code")
        assert isinstance(cell["metadata"], dict)
        assert_multiline_string(cell["source"])
        assert cell["source"], "an empty cell"
        if cell["cell_type"] == "markdown":
            assert set(cell) == {"cell_type", "id", "metadata", "source"}
            continue
        assert set(cell) == {"cell_type", "execution_count", "id", "metadata", "outputs", "source"}
        assert cell["execution_count"] is None
        for output in cell["outputs"]:
            kind = output["output_type"]
            if kind == "stream":
                assert set(output) == {"name", "output_type", "text"}
                assert output["name"] in ("stdout", "stderr")
                assert_multiline_string(output["text"])
            elif kind == "execute_result":
                assert set(output) == {"data", "execution_count", "metadata", "output_type"}
                assert output["execution_count"] is None and output["metadata"] == {}
                assert_multiline_string(output["data"]["text/plain"])
            else:
                assert kind == "error"
                assert set(output) == {"ename", "evalue", "output_type", "traceback"}
                assert isinstance(output["ename"], str) and isinstance(output["evalue"], str)
                assert all(isinstance(line, str) for line in output["traceback"])


def assert_multiline_string(value):
    """nbformat's form of a multi-line string: a list of lines, each but the last ending in \\n."""
    assert isinstance(value, list) and all(isinstance(line, str) for line in value)
    assert all(line.endswith("\n") and "\n" not in line[:-1] for line in value[:-1])
    assert not value or "\n" not in value[-1][:-1]


@pytest.mark.parametrize("path", sorted(MADE), ids=os.path.basename)
def test_links_resolve_from_the_notebooks_folder(path):
    notebook = json.loads(MADE[path])
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for target in re.findall(r"\]\(([^)\s]+)", "".join(cell["source"])):
            if re.match(r"[a-z]+:|#", target):
                continue
            target = os.path.normpath(os.path.join(make_notebooks.NOTEBOOKS, target.partition("#")[0]))
            assert os.path.exists(target) or target in MADE, \
                f"{os.path.basename(path)}: a link to {target}, which does not exist"


CHAPTER = """\
# 9. A test

See [chapter 1](01-one.md#top), [the index](README.md) and ![a plot](pictures/plot.svg).

```
>>> x = 2  # doctest: +ELLIPSIS
>>> x * 3
6
>>> for i in range(2):
...     print(i)
0
1
>>> 1 / 0
Traceback (most recent call last):
  ...
ZeroDivisionError: division by zero

```

## Commands

```console
$ python main.py --limit 10
Done in 1.0 s

```
"""


def test_a_chapter_becomes_cells():
    cells = make_notebooks.chapter_cells(CHAPTER, "09-test.md", {"01-one.md", "09-test.md"})
    shown = [("".join(cell["source"]), [summary(output) for output in cell["outputs"]]
              if cell["cell_type"] == "code" else cell["cell_type"]) for cell, flags in cells]
    assert shown[0][0].startswith("# 9. A test\n\n*This notebook is the chapter [09-test.md](../09-test.md)")
    assert shown[1][0] == make_notebooks.SETUP_CELL.format(url=make_notebooks.repository_url())
    assert shown[2:] == [
        ("See [chapter 1](01-one.ipynb#top), [the index](../README.md) and "
         "![a plot](../pictures/plot.svg).", "markdown"),
        ("x = 2\nx * 3", [("execute_result", "6")]),
        ("for i in range(2):\n    print(i)\n\n1 / 0",
         [("stream", "0\n1\n"), ("error", "ZeroDivisionError: division by zero")]),
        ("## Commands", "markdown"),
        ("!python main.py --limit 10", [("stream", "Done in 1.0 s\n")]),
    ]
    assert [flags for cell, flags in cells[3:5]] == [doctest.ELLIPSIS, 0]
    assert cells[4][0]["metadata"] == {"tags": ["raises-exception"]}


def test_examples_indented_under_a_list_item_become_cells_too():
    text = "1. Try this:\n\n   ```\n   >>> 2 + 2\n   4\n\n   ```\n\n2. And this.\n"
    cells = [cell for cell, flags in make_notebooks.chapter_cells(text, "answers.md", set())][2:]
    assert [("".join(cell["source"]), [summary(o) for o in cell.get("outputs", [])]) for cell in cells] == [
        ("1. Try this:", []), ("2 + 2", [("execute_result", "4")]), ("2. And this.", [])]


def test_a_heading_starts_a_cell_but_a_comment_in_a_code_block_does_not():
    text = "# T\n\nintro\n\n```\n>>> 1\n1\n\n```\n## Next\ntext\n\n```\n# a comment\n```\n## Last\n"
    cells = [cell for cell, flags in make_notebooks.chapter_cells(text, "01-t.md", set())][2:]
    assert ["".join(cell["source"]) for cell in cells] == [
        "intro", "1", "## Next\ntext\n\n```\n# a comment\n```", "## Last"]


@pytest.mark.parametrize("path", sorted(MADE), ids=os.path.basename)
def test_every_example_is_in_a_code_cell(path):
    """An example the notebook left in the prose would be one the reader cannot run."""
    notebook = json.loads(MADE[path])
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            assert not any(line.lstrip().startswith(">>> ") for line in cell["source"]), \
                f"{os.path.basename(path)}: a >>> example outside a ``` block stays prose:\n{''.join(cell['source'])}"


def summary(output):
    kind = output["output_type"]
    if kind == "stream":
        return kind, "".join(output["text"])
    if kind == "execute_result":
        return kind, "".join(output["data"]["text/plain"])
    return kind, f"{output['ename']}: {output['evalue']}"


def run_cell(source, namespace):
    """What a notebook shows when it runs a cell: its printed text, then its last value or error."""
    statements = ast.parse(source).body
    last = statements.pop() if statements and isinstance(statements[-1], ast.Expr) else None
    printed, outputs = io.StringIO(), []
    with contextlib.redirect_stdout(printed):
        try:
            exec(compile(ast.Module(statements, type_ignores=[]), "<cell>", "exec"), namespace)
            value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace) if last else None
            error = None
        except Exception as exception:
            error = exception
    if printed.getvalue():
        outputs.append(("stream", printed.getvalue()))
    if error is not None:
        outputs.append(("error", f"{type(error).__name__}: {error}"))
    elif value is not None:
        outputs.append(("execute_result", repr(value)))
    return outputs


@pytest.fixture
def scratch_repository(tmp_path, monkeypatch):
    """A folder the first cell takes for the repository, so files the chapters write land there."""
    for name in ("data", "docs", "purenn", "main.py"):
        os.symlink(os.path.join(ROOT, name), tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    return tmp_path


@pytest.mark.parametrize("chapter", RUN_CHAPTERS, ids=os.path.basename)
def test_notebook_cells_show_what_they_store(chapter, scratch_repository):
    with open(chapter, encoding="utf-8") as f:
        cells = make_notebooks.chapter_cells(f.read(), os.path.basename(chapter), set())
    checker = doctest.OutputChecker()
    namespace = {"__name__": "__main__"}
    ran = 0
    for cell, flags in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or source.startswith("!"):
            continue  # prose, or a shell command (tests/test_tutorial_commands.py runs those)
        shown = run_cell(source, namespace)
        stored = [summary(output) for output in cell["outputs"]]
        same = [kind for kind, text in shown] == [kind for kind, text in stored] and all(
            checker.check_output(want + "\n", got + "\n", flags)
            for (kind, want), (_, got) in zip(stored, shown))
        assert same, f"{os.path.basename(chapter)}: the cell\n{source}\nstores {stored}\nbut shows {shown}"
        ran += 1
    assert ran > 0
    assert os.getcwd() == str(scratch_repository) and sys.path[0] == str(scratch_repository)


def setup_cell():
    notebook = json.loads(MADE[sorted(MADE)[0]])
    return "".join(notebook["cells"][1]["source"])


def test_first_cell_finds_the_repository_from_the_notebooks_folder(monkeypatch):
    monkeypatch.chdir(make_notebooks.NOTEBOOKS)
    monkeypatch.setattr(sys, "path", [path for path in sys.path if path != ROOT])
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: pytest.fail("it cloned"))
    exec(setup_cell(), {})
    assert os.getcwd() == ROOT
    assert sys.path[0] == ROOT


def test_first_cell_clones_the_repository_where_there_is_none(tmp_path, monkeypatch):
    hosted = tmp_path / "content"
    hosted.mkdir()
    monkeypatch.chdir(hosted)
    monkeypatch.setattr(sys, "path", list(sys.path))
    clones = []

    def git_clone(argv, check):
        clones.append(argv)
        os.makedirs(os.path.join(argv[-1], "data"))
        open(os.path.join(argv[-1], "main.py"), "w").close()

    monkeypatch.setattr(subprocess, "run", git_clone)
    exec(setup_cell(), {})
    clone = str(hosted / "purenn")
    assert clones == [["git", "clone", "--depth", "1", make_notebooks.repository_url(), clone]]
    assert os.getcwd() == clone and sys.path[0] == clone
    exec(setup_cell(), {})  # run again: it is already there
    assert len(clones) == 1 and os.getcwd() == clone
