"""The child process of ``exercise check``: import the learner's file, grade it, report each step.

command.py starts it as ``sys.executable -B -c ...`` with the arguments
CHAPTER PATH DISPLAY_PATH IMAGES, and reads its events, one JSON object a line,
from the child's standard output:

    {"event": "plan", "given": [...], "exercises": [...]}   the functions, in order
    {"event": "call", "inputs": "...", "limit": null}       a call of the learner's code begins
    {"event": "back"}                                       ... and has returned (or raised)
    {"event": "ok", "name": ..., "cases": 4}                a function passed
    {"event": "fail", "name": ..., "report": "..."}         ... or not: the last event then
    {"event": "import-error", "message": "..."}             the file does not import
    {"event": "passed"}                                     every function passed
    {"event": "say", "text": "..."}                         a line to print (the training run)
    {"event": "done"}                                       the end, all well

The parent stops the child when a call takes longer than its limit.  What the
learner's code prints during a call is captured and shown with a failure; the
file descriptor 1 is pointed at stderr, so that nothing the learner writes can
be taken for an event.  No bytecode is written (-B, and sys.dont_write_bytecode).
"""

import importlib.util
import io
import json
import os
import sys
import traceback

from . import CHAPTERS
from .grading import error_line, grade, same_file


class Channel:
    """The events, written to a duplicate of the original stdout."""

    def __init__(self):
        self.file = os.fdopen(os.dup(1), "w", encoding="utf-8")
        os.dup2(2, 1)  # from now on, writes to fd 1 (print, the learner's code) go to stderr

    def send(self, event, **fields):
        self.file.write(json.dumps(dict(event=event, **fields)) + "\n")
        self.file.flush()


def main(argv):
    sys.dont_write_bytecode = True
    chapter_number, path, display_path, images = int(argv[0]), argv[1], argv[2], int(argv[3])
    channel = Channel()
    sys.stdout = sys.stderr
    chapter = CHAPTERS[chapter_number]
    module, error = import_file(path, display_path)
    if error:
        channel.send("import-error", message=error)
        return 0

    def call(function, args, inputs, limit=None):
        channel.send("call", inputs=inputs, limit=limit)
        printed = io.StringIO()
        sys.stdout = printed
        try:
            value, raised = function(*args), False
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # SystemExit too: the learner's code called sys.exit
            value, raised = e, True
        finally:
            sys.stdout = sys.stderr
        channel.send("back")
        return raised, value, printed.getvalue()

    channel.send("plan", given=[e.name for e in chapter.GIVEN], exercises=[e.name for e in chapter.EXERCISES])
    for exercise in chapter.GIVEN + chapter.EXERCISES:
        function = getattr(module, exercise.name, None)
        if not callable(function):
            channel.send("fail", name=exercise.name, report=f"{display_path} has no function "
                         f"{exercise.signature}: was it renamed or deleted? (`python main.py exercise start "
                         f"{chapter_number} other.py` writes a fresh copy to compare with.)")
            return 0
        outcome = grade(exercise, function, call, path, display_path)
        if not outcome.passed:
            channel.send("fail", name=exercise.name, report=outcome.report, not_written=outcome.not_written)
            return 0
        channel.send("ok", name=exercise.name, cases=outcome.cases)
    channel.send("passed")
    if hasattr(chapter, "learns") and images > 0:
        report = chapter.learns(module, call, lambda text: channel.send("say", text=text), images)
        if report:
            channel.send("fail", name="your network learns", report=report)
            return 0
    channel.send("done")
    return 0


def import_file(path, display_path):
    """(module, None), or (None, one line saying why the file does not import)."""
    directory = os.path.dirname(os.path.abspath(path))
    sys.path.append(directory)  # so that the file may import the learner's other files
    spec = importlib.util.spec_from_file_location("purenn_exercise_file", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    printed, sys.stdout = sys.stdout, io.StringIO()  # what it prints while importing is not shown
    try:
        spec.loader.exec_module(module)
    except SyntaxError as e:
        where = display_path if e.filename and same_file(e.filename, path) else e.filename
        text = f": {e.text.strip()}" if e.text and e.text.strip() else ""
        return None, f"{where} line {e.lineno}: {type(e).__name__}: {e.msg}{text}"
    except KeyboardInterrupt:
        raise
    except BaseException as e:
        frames = [f for f in traceback.extract_tb(e.__traceback__) if same_file(f.filename, path)]
        line = f" line {frames[-1].lineno}" if frames else ""
        return None, f"{display_path}{line}: {error_line(e)} (raised while the file was imported)"
    finally:
        sys.stdout = printed
    return module, None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
