"""Exercises that purenn checks: the learner writes backpropagation, purenn says where it went wrong.

    python main.py exercise list              the exercises, by chapter
    python main.py exercise start 4 [PATH]    writes exercise_04.py (never over an existing file)
    python main.py exercise check PATH        grades its functions in order

How it is organised
-------------------
chapter01.py ... chapter11.py
    One module per chapter with exercises (1-6 and 11).  Each holds its
    ``Exercise`` objects, in order: the function's name, arguments and docstring
    (the maths in the chapter's notation), the small inputs it is called on
    (fixed seeds), the reference answer from purenn's own code, an independent
    check of that answer (central differences, where it is a gradient), and the
    classic mistakes, each with what the mistaken version returns and a hint
    naming it.  ``GIVEN`` lists the earlier functions the chapter's file comes
    with as given code; chapter 5 also has ``learns``, the training run on MNIST.
grading.py
    ``Exercise``, ``Case``, ``Mistake``; ``grade`` calls the learner's function on
    each case and compares (shapes first, then values to 1e-6 relative), and
    writes the report: the inputs, what came back, what was expected, the
    learner's own traceback lines, the hint of the mistake that matches.
given.py
    The worked answers that later chapters' files are given (sigmoid,
    forward_pass, backprop, ...); their docstrings are the exercises' too.
scaffold.py
    Writes a learner's file: a header saying how to check it, the given code,
    then one stub per function (docstring, ``raise NotImplementedError``).
command.py, child.py
    The runner.  ``command`` reads the command line and starts ``child`` in a
    new interpreter (``sys.executable -B``, so CPython or PyPy, no
    ``__pycache__`` beside the learner's file); the child imports the file,
    grades it and reports each step as a line of JSON.  The parent prints the
    results, and stops the child when one call takes longer than the time limit
    (a function that never returns).  Exit status: 0 all pass, 1 a function
    failed (or the file does not import), 2 a usage error.
reference.py, lists.py
    purenn as the reference, behind one helper that reads its gradients and
    images (``gradient_rows``, ``image``), small random networks, central
    differences; and the plain list arithmetic the mistaken versions use.

A mistake is recognised by its answer, never by reading the learner's code:
when an answer is wrong, each mistake's answer on the same input is computed,
and a match gives that mistake's hint.
"""

from . import chapter01, chapter02, chapter03, chapter04, chapter05, chapter06, chapter11

CHAPTERS = {module.NUMBER: module for module in
            (chapter01, chapter02, chapter03, chapter04, chapter05, chapter06, chapter11)}

for _module in CHAPTERS.values():  # which chapter each function is first written in
    for _exercise in _module.EXERCISES + _module.GIVEN:
        if getattr(_exercise, "chapter", None) is None:
            _exercise.chapter = _module.NUMBER
