"""Grading one function: call it on small inputs, compare with purenn, name the mistake.

An ``Exercise`` says everything the checker knows about one function a learner
writes: its name and arguments, the docstring the scaffold gives it, the small
inputs it is called on (``Case``), the reference answer (purenn's own code),
sometimes a second, independent answer (central differences), and the classic
mistakes (``Mistake``): for each, what the mistaken version would return on the
same input, and a hint that names it.  A learner's wrong answer is matched
against those answers, never against the text of their code.

``grade`` runs one exercise, given a way to call the learner's function (in
the child process, where the parent times every call: child.py, command.py),
and returns an ``Outcome``: how many cases passed, or a report of the first
that did not.  The report is plain text, written here, so that what a learner
reads is in one place.
"""

import copy
import inspect
import math
import os
import textwrap
import traceback

REL_TOL = 1e-6  # how close an answer must be to the reference, relatively ...
ABS_TOL = 1e-9  # ... or absolutely, for numbers near 0
WIDTH = 92  # the width reports are wrapped to
NOT_GIVEN = object()


class Case:
    """One call: the arguments, and the expected answer if the reference cannot compute it."""

    def __init__(self, *args, expected=NOT_GIVEN):
        self.args = args
        self.expected = expected


class Mistake:
    """A classic mistake and the hint that names it.

    answer(*args): what the mistaken version returns for these arguments (it may
    raise: then it matches nothing).  on_error: an exception type; the mistake
    matches when the learner's function raised it (an overflow, say).  when(got,
    args_after): a test on the learner's answer and on the arguments after the
    call (was the random generator used?), for mistakes no answer describes.
    """

    def __init__(self, hint, answer=None, on_error=None, when=None):
        self.hint = hint
        self.answer = answer
        self.on_error = on_error
        self.when = when

    def matches_answer(self, got, args, args_after):
        if self.when is not None:
            try:
                if self.when(got, args_after):
                    return True
            except Exception:
                pass
        if self.answer is None:
            return False
        try:
            mistaken = self.answer(*copy.deepcopy(args))
        except Exception:
            return False
        return difference(got, mistaken) is None

    def matches_error(self, error):
        return self.on_error is not None and isinstance(error, self.on_error)


class Exercise:
    """One function to write (or, in a later chapter's file, given), and how it is checked.

    name, args:  the function's name and its arguments' names
    doc:         its docstring, the maths in the chapter's notation; or a function of
                 given.py, whose docstring it is and which later files include as given code
    cases:       a function returning the list of Cases, smallest first (fixed seeds)
    reference:   reference(*args) -> the right answer, from purenn's code
    reference_name: what that is, for the report ("purenn's Network.backprop")
    confirm:     confirm(*args) -> the same answer computed independently (central
                 differences, or the formula), or None; it must agree with the reference
    mistakes:    the classic mistakes, most telling first
    unchanged:   names of arguments the function must not change, and changed_hint the
                 hint when one changed
    given:       the function of given.py later files include, if doc is not it already
    limit:       seconds one call may take before it is stopped (None: the default)
    """

    def __init__(self, name, args, doc, cases, reference, reference_name, confirm=None, mistakes=(),
                 unchanged=(), changed_hint=None, given=None, limit=None):
        self.name = name
        self.args = tuple(args)
        self.doc = inspect.cleandoc(doc if isinstance(doc, str) else doc.__doc__)
        self.cases = cases
        self.reference = reference
        self.reference_name = reference_name
        self.confirm = confirm
        self.mistakes = list(mistakes) + GENERIC_MISTAKES
        self.unchanged = tuple(unchanged)
        self.changed_hint = changed_hint
        self.given = given or (None if isinstance(doc, str) else doc)
        self.limit = limit
        self.chapter = None  # the chapter whose file it is first written in (set in __init__.py)

    @property
    def signature(self):
        return f"{self.name}({', '.join(self.args)})"

    @property
    def summary(self):
        """The first line of the docstring, for ``exercise list``."""
        return self.doc.split("\n", 1)[0].rstrip(".")

    def __repr__(self):
        return f"<Exercise {self.signature}>"


GENERIC_MISTAKES = [
    Mistake("it returned None: is a `return` missing at the end of the function?",
            when=lambda got, args: got is None),
    Mistake("it returned an iterator (a map, zip, filter or generator), not a list: wrap it in "
            "list(...), or build the list with [... for ...].",
            when=lambda got, args: hasattr(got, "__next__")),
]


class Outcome:
    """What grading one exercise found: passed (with the number of cases), or a report."""

    def __init__(self, passed, cases=0, report="", not_written=False):
        self.passed = passed
        self.cases = cases
        self.report = report
        self.not_written = not_written


class InternalError(Exception):
    """purenn's reference and its independent check disagree: a bug in purenn, not the learner's."""


def grade(exercise, function, call, path, display_path):
    """Grade `function` (the learner's) on every case of `exercise`; stop at the first failure.

    call(function, args, inputs_text, limit) -> (raised, value_or_exception, printed):
    calls it, timed by the parent process (limit: seconds, None for the default).
    path: the learner's file (its frames are the ones a traceback shows);
    display_path: the name to show for it.
    """
    cases = exercise.cases()
    for number, case in enumerate(cases, start=1):
        args = case.args
        expected = case.expected
        if expected is NOT_GIVEN:
            expected = exercise.reference(*copy.deepcopy(args))
        if exercise.confirm is not None:
            numerical = exercise.confirm(*copy.deepcopy(args))
            if numerical is not None and difference(numerical, expected, rel_tol=1e-5, abs_tol=1e-7):
                raise InternalError(f"{exercise.name}, case {number}: {exercise.reference_name} and "
                                    f"its independent check disagree: {show(expected)} vs {show(numerical)}")
        learner_args = copy.deepcopy(args)
        inputs = inputs_text(exercise, args, number, len(cases))
        raised, value, printed = call(function, learner_args, inputs, exercise.limit)
        if raised:
            if is_not_written(value, path):
                return Outcome(False, report=f"{exercise.name} is not written yet (it raises "
                                             f"NotImplementedError): write its body, then check again.",
                               not_written=True)
            lines = [inputs, f"raised {error_line(value)}"]
            lines += ["    " + line for line in learner_traceback(value, path, display_path)]
            hint = next((m.hint for m in exercise.mistakes if m.matches_error(value)), None)
            return Outcome(False, report=failure_report(lines, printed, hint))
        problem = difference(value, expected)
        changed = [name for name, before, after in zip(exercise.args, args, learner_args)
                   if name in exercise.unchanged and difference(after, before) is not None]
        if problem is None and not changed:
            continue
        hint = next((m.hint for m in exercise.mistakes if m.matches_answer(value, args, learner_args)), None)
        lines = [inputs]
        if problem is None:
            hint = exercise.changed_hint
            name, index = changed[0], exercise.args.index(changed[0])
            lines.append(textwrap.fill(f"It returned the right answer, but changed its argument {name}: it "
                                       f"must stay as it was (the caller still uses it).", WIDTH))
            lines.append(f"{name} before: {show(args[index], indent=len(name) + 9)}")
            lines.append(f"{name} after:  {show(learner_args[index], indent=len(name) + 9)}")
        else:
            lines += answer_lines(value, expected, exercise.reference_name, problem)
        return Outcome(False, report=failure_report(lines, printed, hint))
    return Outcome(True, cases=len(cases))


def inputs_text(exercise, args, number, total):
    """'name(a, b), case 2 of 4, with' and one line per argument."""
    width = max(len(name) for name in exercise.args) if exercise.args else 0
    lines = [f"{exercise.signature}, case {number} of {total}, with"]
    for name, value in zip(exercise.args, args):
        lines.append(f"    {name.ljust(width)} = {show(value, indent=8 + width)}")
    return "\n".join(lines)


def answer_lines(got, expected, reference_name, problem):
    lines = []
    got_shape, expected_shape = describe(got), describe(expected)
    if not same_shape(got, expected):
        lines.append(f"Wrong shape: it returned {got_shape}, where {expected_shape} was expected.")
    lines.append(f"returned  {show(got, indent=10)}")
    lines.append(f"expected  {show(expected, indent=10)}")
    lines.append(f"          ({expected_shape}, from {reference_name})")
    if same_shape(got, expected):
        lines.append(textwrap.fill(problem, WIDTH))
    return lines


def failure_report(lines, printed, hint):
    text = "\n".join(lines)
    if printed.strip():
        shown = printed.rstrip("\n").split("\n")
        if len(shown) > 20:
            shown = shown[:20] + [f"... ({len(shown) - 20} more lines)"]
        text += "\nIt printed:\n" + "\n".join("    " + line for line in shown)
    if hint:
        text += "\n" + textwrap.fill(hint, WIDTH, initial_indent="Hint: ", subsequent_indent="      ")
    return text


# Tracebacks: the learner's own lines, not purenn's.

def is_not_written(error, path):
    """Whether error is the scaffold's own `raise NotImplementedError` (not one the learner's code hit deeper)."""
    if not isinstance(error, NotImplementedError):
        return False
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if same_file(frame.filename, path)]
    return len(frames) == 1 and (frames[0].line or "").strip().startswith("raise NotImplementedError")


def error_line(error):
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def learner_traceback(error, path, display_path):
    """The frames of the traceback that are in the learner's file, formatted as Python does."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if same_file(frame.filename, path)]
    left_out = 0
    if len(frames) > 8:  # a runaway recursion: the first few and the last few
        left_out, frames = len(frames) - 6, frames[:3] + frames[-3:]
    lines = []
    for number, frame in enumerate(frames):
        if left_out and number == 3:
            lines.append(f"... ({left_out} more, the same lines again and again?)")
        lines.append(f'File "{display_path}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    return lines


def same_file(a, b):
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


# Comparing answers: shapes first, then values.

def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_sequence(v):
    return isinstance(v, (list, tuple))


def difference(got, expected, rel_tol=REL_TOL, abs_tol=ABS_TOL, where=""):
    """None if got equals expected (numbers within the tolerance), else a sentence saying where not."""
    if is_number(expected):
        if not is_number(got):
            return f"At {where or 'the top'}: {describe(got)} where a number was expected."
        if math.isclose(got, expected, rel_tol=rel_tol, abs_tol=abs_tol):
            return None
        return (f"First difference at {where or 'the answer'}: {got!r} where {expected!r} was "
                f"expected (to within {rel_tol:g}, relatively).")
    if is_sequence(expected):
        if not is_sequence(got) or len(got) != len(expected):
            return f"At {where or 'the top'}: {describe(got)} where {describe(expected)} was expected."
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = difference(g, e, rel_tol, abs_tol, f"{where}[{i}]")
            if problem:
                return problem
        return None
    if got == expected:
        return None
    return f"At {where or 'the top'}: {got!r} where {expected!r} was expected."


def structure(v):
    """The shape of a value with list and tuple alike: 'n' for a number, a tuple of shapes for a list."""
    if is_number(v):
        return "n"
    if is_sequence(v):
        return tuple(structure(item) for item in v)
    return type(v).__name__


def same_shape(a, b):
    return structure(a) == structure(b)


def describe(v):
    """Words for the shape of v: 'a number', 'a list of 3 numbers', 'a 2 x 3 matrix', ..."""
    if v is None:
        return "None"
    if isinstance(v, bool):
        return f"{v} (a bool)"
    if is_number(v):
        return "a number"
    if is_sequence(v):
        kind = "list" if isinstance(v, list) else "tuple"
        if not v:
            return f"an empty {kind}"
        if all(is_number(item) for item in v):
            return f"a {kind} of {len(v)} number{'s' if len(v) != 1 else ''}"
        if all(is_sequence(row) and row and all(is_number(x) for x in row) for row in v):
            lengths = {len(row) for row in v}
            if len(lengths) == 1:
                return f"a {len(v)} x {lengths.pop()} matrix"
            return f"a {kind} of {len(v)} rows of lengths {', '.join(str(len(row)) for row in v)}"
        if len(v) <= 4:
            return f"a {kind} of {len(v)}: {', '.join(describe(item) for item in v)}"
        return f"a {kind} of {len(v)} items"
    return f"a {type(v).__name__} object"


def show(v, indent=0):
    """v written out for a report: numbers to 6 significant digits, long lists shortened.

    A list of rows longer than a line is written one row a line, `indent` spaces in.
    """
    one_line = _show(v)
    if len(one_line) + indent <= WIDTH or not is_sequence(v) or not v or not all(is_sequence(r) for r in v):
        return one_line
    open_, close = ("[", "]") if isinstance(v, list) else ("(", ")")
    items = [show(item, indent + 1) for item in v]
    if len(items) > 12:
        items = items[:8] + [f"... ({len(items) - 10} more)"] + items[-2:]
    return open_ + (",\n" + " " * (indent + 1)).join(items) + close


def _show(v):
    if isinstance(v, float):
        text = f"{v:.6g}"
        return text if any(c in text for c in ".einf") else text + ".0"
    if is_sequence(v):
        open_, close = ("[", "]") if isinstance(v, list) else ("(", ")")
        items = [_show(item) for item in v]
        if len(items) > 12:
            items = items[:8] + [f"... ({len(items)} in all)"] + items[-2:]
        if isinstance(v, tuple) and len(v) == 1:
            return f"({items[0]},)"
        return open_ + ", ".join(items) + close
    return repr(v)
