"""The file ``exercise start N`` writes: a header, the given code, then the functions to write."""

import inspect
import textwrap

NOTATION = """\
Plain Python only: a vector is a list of floats, a matrix a list of rows
(w[j][k] is row j, column k).  Layers are numbered as in the chapters: layer 0
is the input; weights[l] is w^{l+1}, n_{l+1} rows of n_l numbers, row j holding
the weights into neuron j of layer l+1; biases[l] is b^{l+1}."""


def default_name(number):
    """exercise_04.py for chapter 4."""
    return f"exercise_{number:02d}.py"


def scaffold(chapter, check_command):
    """The text of a learner's file for a chapter module; check_command says how to check it."""
    given = [exercise for exercise in chapter.GIVEN]
    from_chapters = sorted({exercise.chapter for exercise in given})
    parts = [header(chapter, check_command)]
    parts.append("".join(f"import {name}\n" for name in chapter.IMPORTS) + "\n" if chapter.IMPORTS else "")
    parts.append(f"CHAPTER = {chapter.NUMBER}  # tells `exercise check` which checks to run\n")
    if given:
        chapters = " and ".join(", ".join(map(str, from_chapters)).rsplit(", ", 1))
        parts.append(banner(f"Given: written for you (from chapter{'s' if len(from_chapters) > 1 else ''} "
                            f"{chapters}). Read them and use them; the check tests them too, in case you "
                            f"change them."))
        parts += [inspect.getsource(exercise.given) for exercise in given]
    parts.append(banner("Yours to write: replace each `raise NotImplementedError` with your code, "
                        "from top to bottom."))
    parts += [stub(exercise) for exercise in chapter.EXERCISES]
    return "\n\n\n".join(part.rstrip("\n") for part in parts if part) + "\n"


def header(chapter, check_command):
    learns = ("\n\nWhen every function passes, the check trains your network on a few thousand MNIST\n"
              "images with your epoch() and prints how many test digits it then reads right.")
    return f'''"""Exercises of chapter {chapter.NUMBER}, {chapter.TITLE} (docs/tutorial/{chapter.DOC}).

{textwrap.fill(chapter.INTRO, 88)}

Write the body of each function under "Yours to write", in order, then check
your file:

    {check_command}

The check calls each function on small inputs and compares its answers with
purenn's own code (and gradients with central differences).  At the first
function that is wrong it shows what the function was given, what it returned
and what was expected, and, when the answer is a classic mistake's, names it.
It never changes this file.{learns if hasattr(chapter, "learns") else ""}

{getattr(chapter, "NOTATION", NOTATION)}
"""'''


def banner(text):
    lines = textwrap.wrap(text, 86)
    return "\n".join(["# " + "-" * 86] + [f"# {line}" for line in lines] + ["# " + "-" * 86])


def stub(exercise):
    doc = textwrap.indent(exercise.doc, "    ").lstrip()
    end = "\n    " if "\n" in doc else ""
    return f'def {exercise.signature}:\n    """{doc}{end}"""\n    raise NotImplementedError\n'
