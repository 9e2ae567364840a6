"""The tutorial's pictures: each embedded one exists, each drawn one is embedded, each file is
what docs/tutorial/pictures/draw.py draws today, and each SVG is readable (size, fonts >= 12 px).

Figures a module lists in SLOW (they train for longer) are re-drawn only under -m slow.
"""

import glob
import importlib.util
import os
import re
import xml.etree.ElementTree as ET

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TUTORIAL = os.path.join(ROOT, "docs", "tutorial")
PICTURES = os.path.join(TUTORIAL, "pictures")
SVG = "{http://www.w3.org/2000/svg}"


def load_draw():
    spec = importlib.util.spec_from_file_location("draw", os.path.join(PICTURES, "draw.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


draw = load_draw()
KNOWN = draw.figures()
# Screenshots are the one kind of picture draw.py cannot draw: a browser took them (the slow
# browser test does, PURENN_SCREENSHOTS=FOLDER python -m pytest -m slow tests/test_browser.py -k
# misreads, as stepper-before-teaching-1200.png).  Each must say in its caption that it is one.
SCREENSHOTS = {"stepper-screenshot.png"}
FAST = [name for name, (_, slow) in KNOWN.items() if not slow]
SLOW = [name for name, (_, slow) in KNOWN.items() if slow]


def embedded():
    """{picture file name: [chapter file names]} for every ![...](pictures/NAME) in the tutorial."""
    found = {}
    for path in sorted(glob.glob(os.path.join(TUTORIAL, "*.md"))):
        with open(path, encoding="utf-8") as f:
            for name in re.findall(r"!\[[^\n]*?\]\(pictures/([^)\s]+)\)", f.read()):
                found.setdefault(name, []).append(os.path.basename(path))
    return found


def test_every_embedded_picture_exists():
    missing = [f"{name} (in {', '.join(chapters)})" for name, chapters in embedded().items()
               if not os.path.exists(os.path.join(PICTURES, name))]
    assert not missing, "embedded but not in docs/tutorial/pictures: " + "; ".join(missing)


def test_every_drawn_picture_is_embedded_and_every_embedded_one_is_drawn():
    chapters = embedded()
    assert [name for name in KNOWN if name not in chapters] == []
    assert [name for name in chapters if name not in KNOWN and name not in SCREENSHOTS] == []


@pytest.mark.parametrize("name", sorted(SCREENSHOTS))
def test_a_screenshot_is_embedded_and_its_caption_says_it_is_one(name):
    """A screenshot is not drawn by draw.py, so nothing re-draws it: its caption (the italic
    paragraph under it) and its alt text must say it is a screenshot of the playground."""
    assert name not in KNOWN and name in embedded()
    for chapter in embedded()[name]:
        with open(os.path.join(TUTORIAL, chapter), encoding="utf-8") as f:
            text = f.read()
        found = re.search(r"!\[([^\]]*)\]\(pictures/" + re.escape(name) + r"\)\n\n\*([^*]+)\*", text)
        assert found, f"{chapter}: {name} needs an italic caption right under it"
        alt, caption = found.groups()
        assert "screenshot of the playground" in alt.lower().replace("'s", "")
        assert caption.startswith("A screenshot of the playground"), caption
    with open(os.path.join(PICTURES, name), "rb") as f:
        data = f.read()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) < 200_000


@pytest.mark.parametrize("name", FAST)
def test_committed_picture_is_what_the_script_draws(name):
    assert draw.differing([name], known=KNOWN) == [], (
        f"{name} is not what draw.py draws today: run python docs/tutorial/pictures/draw.py {name}")


@pytest.mark.slow
@pytest.mark.parametrize("name", SLOW)
def test_committed_slow_picture_is_what_the_script_draws(name):
    assert draw.differing([name], known=KNOWN) == []


def font_sizes(root):
    """Every text's font size in pixels, inherited from the nearest ancestor that sets one."""
    sizes = []

    def visit(element, inherited):
        size = float(element.get("font-size", str(inherited)).rstrip("px"))
        if element.tag in (SVG + "text", SVG + "tspan") and "".join(element.itertext()).strip():
            sizes.append(size)
        for child in element:
            visit(child, size)

    visit(root, "16")
    return sizes


@pytest.mark.parametrize("name", [n for n in KNOWN if n.endswith(".svg")])
def test_svg_parses_has_a_size_and_legible_text(name):
    with open(os.path.join(PICTURES, name), encoding="utf-8") as f:
        root = ET.fromstring(f.read())
    assert root.tag == SVG + "svg"
    width, height = root.get("width"), root.get("height")
    assert root.get("viewBox") == f"0 0 {width} {height}" and float(width) > 0 < float(height)
    sizes = font_sizes(root)
    assert sizes and min(sizes) >= 12, f"{name}: text smaller than 12 px"


def test_check_names_a_changed_or_missing_file(tmp_path):
    calls = []

    def picture():
        calls.append(1)
        return "<svg/>\n"

    known = {"same.svg": (picture, False), "changed.svg": (picture, False), "gone.svg": (picture, False)}
    (tmp_path / "same.svg").write_text("<svg/>\n")
    (tmp_path / "changed.svg").write_text("<svg></svg>\n")
    assert draw.differing(list(known), folder=str(tmp_path), known=known) == ["changed.svg", "gone.svg"]
    assert len(calls) == 3


def test_unknown_name_is_a_one_line_error(capsys):
    assert draw.main(["no-such-picture.svg"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no figure named no-such-picture.svg") and err.count("\n") == 1


def test_figure_modules_name_each_file_once_and_draw_with_no_arguments():
    for module in draw.figure_modules():
        names = [name for name, _ in module.FIGURES]
        assert len(names) == len(set(names)), module.__name__
        assert set(getattr(module, "SLOW", set())) <= set(names), module.__name__
        for name, function in module.FIGURES:
            assert name.endswith((".svg", ".png")) and callable(function)


def test_the_overfitting_caption_quotes_the_picture():
    """Chapter 6c's caption quotes the accuracies drawn in overfitting.svg: each must be there."""
    import re
    chapter = open(os.path.join(TUTORIAL, "06c-overfitting-and-choosing-settings.md"), encoding="utf-8").read()
    caption = chapter.split("(pictures/overfitting.svg)", 1)[1].split("\n\n", 2)[1]
    drawn = open(os.path.join(TUTORIAL, "pictures", "overfitting.svg"), encoding="utf-8").read()
    quoted = re.findall(r"(\d+\.\d)%", caption)
    assert len(quoted) >= 4
    for figure in quoted:
        assert f"{figure}%" in drawn, f"the caption quotes {figure}%, which overfitting.svg does not show"
