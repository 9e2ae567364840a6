"""``python main.py exercise list | start N [PATH] | check PATH``: the command and the runner.

``check`` runs the learner's file in a child process (child.py) with the same
interpreter, and prints what it reports.  Each call of the learner's code may
take --timeout seconds (the training run of chapter 5 longer); a call that takes
longer is stopped by killing the child.  Exit status: 0 every function passed,
1 one failed (or the file does not import), 2 a usage error, 130 Ctrl-C.
"""

import argparse
import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import textwrap
import threading

from . import CHAPTERS
from .scaffold import default_name, scaffold

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CHILD = ("import sys; sys.path[0] = sys.argv.pop(1); "  # purenn's folder, where -c put the current one
         "from purenn.app.exercises.child import main; sys.exit(main(sys.argv[1:]))")
TIMEOUT = 5.0  # seconds one call of the learner's code may take
SETUP_LIMIT = 600.0  # seconds the child may take between calls (importing, computing references)
USAGE_ERROR = 2


class UsageError(Exception):
    """A bad chapter number, a missing file, a file that exists already: exit status 2."""


def program():
    """How the learner runs purenn: ``python main.py`` from a clone, ``purenn`` when installed."""
    return "purenn" if os.path.basename(sys.argv[0]) in ("purenn", "purenn.exe") else "python main.py"


def build_parser():
    parser = argparse.ArgumentParser(
        prog=f"{program()} exercise",
        description="Write the functions of a chapter yourself (backpropagation and more); purenn "
                    "checks them and says where they go wrong.")
    commands = parser.add_subparsers(dest="command", metavar="{list,start,check}")
    commands.required = True
    commands.add_parser("list", help="the exercises, by chapter")
    start = commands.add_parser("start", help="write a chapter's file of functions to write")
    start.add_argument("chapter", help="the chapter: " + ", ".join(map(str, CHAPTERS)))
    start.add_argument("path", nargs="?", help="where to write it (default: exercise_NN.py here); "
                                              "an existing file is never overwritten")
    check = commands.add_parser("check", help="check a file of exercises, function by function")
    check.add_argument("path", help="the file, as `exercise start` wrote it and you filled it in")
    check.add_argument("--timeout", type=float, default=TIMEOUT, metavar="SECONDS",
                       help=f"how long one call of your code may take (default {TIMEOUT:g})")
    check.add_argument("--images", type=int, default=None, metavar="N",
                       help="chapter 5: training images for the 'your network learns' run "
                            "(default 3000, about 20 s on CPython; 0 skips it)")
    check.add_argument("--chapter", help="which chapter's checks (default: the file's CHAPTER line)")
    return parser


def main(argv):
    """``exercise ...``; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse has printed the usage (or the help)
        return e.code
    try:
        if args.command == "list":
            return list_exercises()
        if args.command == "start":
            return start(chapter_number(args.chapter), args.path)
        return check(args)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return USAGE_ERROR


def chapter_number(text):
    number = int(text) if str(text).isdigit() else None
    if number not in CHAPTERS:
        raise UsageError(f"no exercises for chapter {text}: there are exercises for chapters "
                         f"{', '.join(map(str, CHAPTERS))} (`{program()} exercise list` shows them)")
    return number


def list_exercises():
    print(f"Exercises, by chapter (`{program()} exercise start N` writes chapter N's file):")
    for number, chapter in CHAPTERS.items():
        print(f"\nChapter {number}, {chapter.TITLE} (docs/tutorial/{chapter.DOC})")
        width = max(len(exercise.name) for exercise in chapter.EXERCISES)
        for exercise in chapter.EXERCISES:
            print(f"    {exercise.name.ljust(width)}  {exercise.summary}")
        if hasattr(chapter, "learns"):
            print(f"    {'(then)'.ljust(width)}  your network learns: trained on MNIST with your epoch()")
    return 0


def start(number, path):
    chapter = CHAPTERS[number]
    if path is None:
        path = default_name(number)
    elif os.path.isdir(path):
        path = os.path.join(path, default_name(number))
    check_command = f"{program()} exercise check {quoted(path)}"
    text = scaffold(chapter, check_command)
    try:
        with open(path, "x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:
        raise UsageError(f"{path} exists already, and purenn never overwrites it: check it with "
                         f"`{check_command}`, or give another name: `{program()} exercise start {number} "
                         f"other.py`") from None
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror or e}") from None
    names = [exercise.name for exercise in chapter.EXERCISES]
    print(f"Wrote {path}: chapter {number}, {chapter.TITLE}: {len(names)} functions to write "
          f"({', '.join(names)}).")
    print("Open it, replace each `raise NotImplementedError` with your code, from top to bottom, "
          "and check it\nas often as you like:\n")
    print(f"    {check_command}")
    return 0


def quoted(path):
    return path if re.fullmatch(r"[\w./\\:-]+", path) else f'"{path}"'


def chapter_of(path, text):
    """The chapter a file is for: its CHAPTER = N line, or else its name (exercise_04.py)."""
    found = re.search(r"^CHAPTER\s*=\s*(\d+)", text, re.M) or re.search(r"exercise_0*(\d+)",
                                                                         os.path.basename(path))
    if not found:
        raise UsageError(f"{path}: which chapter is it for? It has no line `CHAPTER = N` (the files "
                         f"`{program()} exercise start N` writes have one), so give --chapter N")
    return chapter_number(found.group(1))


def check(args):
    path = args.path
    if not os.path.exists(path):
        raise UsageError(f"{path}: no such file (`{program()} exercise start N` writes one)")
    if not os.path.isfile(path):
        raise UsageError(f"{path} is not a file")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"cannot read {path}: {e}") from None
    number = chapter_number(args.chapter) if args.chapter else chapter_of(path, text)
    if args.timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    chapter = CHAPTERS[number]
    images = args.images if args.images is not None else getattr(chapter, "IMAGES", 0)
    print(f"Checking {path}: chapter {number}, {chapter.TITLE}")
    return Run(path, number, args.timeout, images).run()


class Run:
    """One child process, its events, and what the learner reads."""

    def __init__(self, path, number, timeout, images):
        self.path, self.number, self.timeout, self.images = path, number, timeout, images
        self.chapter = CHAPTERS[number]
        self.done = []  # the functions that passed, in order
        self.plan = []
        self.given = []
        self.calling = None  # the inputs of the call in progress
        self.limit = None

    def run(self):
        with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as stderr:
            command = [sys.executable, "-B", "-c", CHILD, PACKAGE_ROOT, str(self.number),
                       os.path.abspath(self.path), self.path, str(self.images)]
            child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr,
                                     encoding="utf-8", errors="replace")
            events = queue.Queue()
            reader = threading.Thread(target=read_events, args=(child.stdout, events), daemon=True)
            reader.start()
            try:
                return self.follow(child, events, stderr)
            except KeyboardInterrupt:
                print("\ninterrupted")
                return 130
            finally:
                if child.poll() is None:
                    child.kill()
                child.wait()
                child.stdout.close()

    def follow(self, child, events, stderr):
        while True:
            wait = self.limit if self.calling is not None else SETUP_LIMIT
            try:
                event = events.get(timeout=wait)
            except queue.Empty:
                child.kill()
                if self.calling is None:
                    return self.crashed(child, stderr, f"the check itself took more than {SETUP_LIMIT:g} s")
                return self.timed_out()
            if event is None:
                child.wait()
                return self.crashed(child, stderr, f"the check stopped unexpectedly (exit status {child.returncode})")
            status = self.handle(event)
            if status is not None:
                return status

    def handle(self, event):
        kind = event["event"]
        if kind == "call":
            self.calling = event["inputs"]
            self.limit = event["limit"] or self.timeout
        elif kind == "back":
            self.calling = None
        elif kind == "plan":
            self.given = event["given"]
            self.plan = event["given"] + event["exercises"]
        elif kind == "ok":
            self.done.append(event["name"])
            if event["name"] in self.given:
                if len(self.done) == len(self.given):
                    print(textwrap.fill(f"{', '.join(self.given)} (given)", 92, initial_indent="  ok    ",
                                        subsequent_indent="        "))
            else:
                print(f"  ok    {event['name']}: {event['cases']} case{'s' if event['cases'] != 1 else ''}")
        elif kind == "passed":
            self.passed()
        elif kind == "say":
            print(event["text"], flush=True)
        elif kind == "import-error":
            print(f"error: {event['message']}", file=sys.stderr)
            return 1
        elif kind == "fail":
            self.failed(event["name"], event["report"])
            return 1
        elif kind == "done":
            later = [number for number in CHAPTERS if number > self.number]
            if later:
                print(f"Next, chapter {later[0]}: `{program()} exercise start {later[0]}`.")
            return 0
        sys.stdout.flush()
        return None

    def failed(self, name, report):
        given = " (given: was it changed?)" if name in self.given else ""
        print(f"  FAIL  {name}{given}\n")
        print(textwrap.indent(report, "    "))
        waiting = [n for n in self.plan if n not in self.done and n != name]
        if waiting:
            print(f"\nNot checked yet: {', '.join(waiting)} (fix {name} first).")
        to_write = [n for n in self.plan if n not in self.given]
        passed = [n for n in self.done if n in to_write]
        print(f"{len(passed)} of {len(to_write)} functions pass.")

    def passed(self):
        n = len([name for name in self.done if name not in self.given])
        print(f"All {n} functions pass.")

    def timed_out(self):
        name = self.plan[len(self.done)] if len(self.done) < len(self.plan) else "your network learns"
        report = self.calling + "\n" + textwrap.fill(
            f"did not return within {self.limit:g} s, so the check stopped it. Does a loop never end (a "
            f"`while` whose condition never changes, a loop over a list that grows as it goes)? If it is "
            f"only slow, --timeout SECONDS allows more.", 88)
        self.failed(name, report)
        return 1

    def crashed(self, child, stderr, what):
        stderr.seek(0)
        tail = stderr.read()[-3000:].strip()
        name = self.plan[len(self.done)] if len(self.done) < len(self.plan) else None
        during = f" while checking {name}" if name else ""
        print(f"error: {what}{during}.", file=sys.stderr)
        if tail:
            print(textwrap.indent(tail, "    "), file=sys.stderr)
        return 1


def read_events(stream, events):
    """Put each JSON line of the child's stdout on the queue, then None at its end."""
    try:
        for line in stream:
            if line.strip():
                events.put(json.loads(line))
    finally:
        events.put(None)
