"""Draw the tutorial's pictures from purenn's own code: one script for every figure.

Run from the top folder of the repository:

    python docs/tutorial/pictures/draw.py            redraw every figure into this folder
    python docs/tutorial/pictures/draw.py --check    redraw in memory, compare with the files
                                                     here, exit 1 naming those that differ
    python docs/tutorial/pictures/draw.py NAME ...   draw (or with --check, check) only these
    --quick                                          leave out the figures that train for long

The figures come from the modules ``figures_*.py`` beside this script, in sorted order.
Each defines ``FIGURES = [("file-name.svg", draw_function), ...]``: ``draw_function()``
takes no arguments and returns the file's content, ``str`` for .svg, ``bytes`` for .png.
A module may also define ``SLOW = {"file-name.svg", ...}``: figures that train a network
for more than a few seconds, which ``--quick`` and the default test run leave out
(``python -m pytest -m slow tests/test_tutorial_pictures.py`` checks them).
Seeds are fixed and numbers printed with fixed precision, so the same run writes the same
bytes; tests/test_tutorial_pictures.py checks that the files here are what this draws.
"""

import glob
import importlib
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))  # docs/tutorial/pictures -> top
for folder in (ROOT, HERE):  # purenn, and the figures_*.py modules, whatever the directory
    if folder not in sys.path:
        sys.path.insert(0, folder)

from purenn.files import write_atomically  # noqa: E402


def figure_modules():
    """The figures_*.py modules beside this script, imported, in sorted order of file name."""
    names = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(HERE, "figures_*.py")))
    return [importlib.import_module(name) for name in names]


def figures():
    """{file name: (draw function, slow?)} for every figure, in the modules' order.

    A name given by two modules is an error: one file cannot be drawn two ways.
    """
    found = {}
    for module in figure_modules():
        slow = getattr(module, "SLOW", set())
        for name, draw in module.FIGURES:
            if name in found:
                raise ValueError(f"{module.__name__} draws {name}, which another module draws too")
            found[name] = (draw, name in slow)
    return found


def as_bytes(content):
    """A figure's content as the bytes of its file: SVG text in UTF-8."""
    return content.encode("utf-8") if isinstance(content, str) else content


def differing(names, folder=HERE, known=None):
    """The names among `names` whose file in `folder` is missing or not what is drawn today."""
    known = known if known is not None else figures()
    wrong = []
    for name in names:
        drawn = as_bytes(known[name][0]())
        try:
            with open(os.path.join(folder, name), "rb") as f:
                committed = f.read()
        except FileNotFoundError:
            committed = None
        if committed != drawn:
            wrong.append(name)
    return wrong


def main(argv=None):
    """Draw or check the figures named in argv (all by default); the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    check, quick = "--check" in argv, "--quick" in argv
    known = figures()
    names = [a for a in argv if not a.startswith("--")]
    unknown = [n for n in names if n not in known]
    if unknown:
        print(f"error: no figure named {', '.join(unknown)}; known: {', '.join(known)}",
              file=sys.stderr)
        return 2
    names = names or [n for n, (_, slow) in known.items() if not (quick and slow)]
    if check:
        wrong = differing(names, known=known)
        for name in wrong:
            print(f"{name} differs from what draw.py draws today")
        print(f"{len(names) - len(wrong)} of {len(names)} pictures are up to date")
        return 1 if wrong else 0
    for name in names:
        start = time.perf_counter()
        write_atomically(os.path.join(HERE, name), as_bytes(known[name][0]()))
        print(f"{name}  {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
