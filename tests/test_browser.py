"""The playground page in a real browser: headless Chromium runs the page's own script.

Skipped where no Chromium is installed (Debian and Ubuntu: apt-get install chromium).
"""

import re
import shutil
import subprocess

import pytest

from purenn.app import modelfile
from purenn.app.playground import SHIPPED_MODEL, Playground
from purenn.app.server import make_server, serve_in_background

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                                "(apt-get install chromium) so the page cannot be tested in a browser")


@pytest.fixture(scope="module")
def server(mnist_test_500):
    net, _ = modelfile.load(SHIPPED_MODEL)
    server = make_server(Playground(net, mnist_test_500, seed=1), port=0)
    serve_in_background(server)
    yield server
    server.shutdown()
    server.server_close()


def page_after_scripts(url, profile):
    """The page's DOM once its scripts have run (virtual time: no real waiting)."""
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={profile}", "--virtual-time-budget=10000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def body_data(dom):
    """The data-* attributes of <body>: what the page's script wrote there."""
    body = re.search(r"<body([^>]*)>", dom).group(1)
    return dict(re.findall(r'data-([a-z]+)="([^"]*)"', body))


@pytest.mark.parametrize("index", [0, 8])
def test_the_page_draws_and_classifies_the_opening_test_digit(server, mnist_test_500, tmp_path, index):
    dom = page_after_scripts(f"{server.url}?digit={index}", tmp_path)
    label = mnist_test_500[index][1]  # 7 and 5
    data = body_data(dom)
    assert data == {"state": "classified", "label": str(label), "predicted": str(label)}
    assert re.search(rf'<span id="prediction">{label}</span>', dom)
    assert f"Test digit #{index} of the MNIST test set, labelled {label}." in dom
    assert dom.count('class="bar winner"') == 1 and dom.count('class="bar"') == 9
    assert len(re.findall(r'<div class="tile( firing)?"', dom)) == 30  # one weight tile a neuron
    assert len(re.findall(r'<div class="cell"', dom)) == 30  # one cell a hidden neuron
    assert "The network says" in dom and "right." in dom


def test_without_test_digits_the_page_asks_for_a_drawing(tmp_path):
    net, _ = modelfile.load(SHIPPED_MODEL)
    server = make_server(Playground(net), port=0)
    serve_in_background(server)
    try:
        dom = page_after_scripts(server.url, tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert body_data(dom) == {"state": "ready"}
    assert "No test digit: no test set loaded. Draw one yourself." in dom
    assert len(re.findall(r'<div class="tile"', dom)) == 30  # the weights are there all the same


# Once the opening digit is shown: Clear (noting what the page then says in data-cleared), then
# draw a "1" on the pad with pointer events, as a mouse would.
DRAWING_SCRIPT = b"""
function whenClassified(then) {
  if (document.body.dataset.state === "classified") then();
  else setTimeout(() => whenClassified(then), 50);
}
whenClassified(() => {
  const pad = document.getElementById("pad");
  const box = pad.getBoundingClientRect();
  const at = (x, y) => ({clientX: box.left + x * box.width / 280, clientY: box.top + y * box.height / 280,
                         pointerId: 1, bubbles: true});
  document.getElementById("clear").click();
  document.body.dataset.cleared = `${document.body.dataset.state} ${document.body.dataset.label || "-"} ` +
    `${document.getElementById("prediction").textContent}`;
  document.body.dataset.state = "drawing";
  pad.dispatchEvent(new PointerEvent("pointerdown", at(140, 40)));
  for (let y = 50; y <= 240; y += 10) pad.dispatchEvent(new PointerEvent("pointermove", at(140 + (y - 40) / 20, y)));
  pad.dispatchEvent(new PointerEvent("pointerup", at(150, 240)));
});
"""


def test_a_stroke_drawn_on_the_pad_is_sent_and_read(server, tmp_path):
    """The page with one more script that draws a vertical stroke: the server must read a 1."""
    kind, page = server.page["/index.html"]
    server.page["/draw-test.html"] = (kind, page.replace(b"</head>", b'<script src="draw-test.js" defer>'
                                                                      b"</script>\n</head>"))
    server.page["/draw-test.js"] = ("text/javascript", DRAWING_SCRIPT)
    try:
        dom = page_after_scripts(f"{server.url}draw-test.html?digit=0", tmp_path)
    finally:
        del server.page["/draw-test.html"], server.page["/draw-test.js"]
    assert body_data(dom) == {"state": "classified", "predicted": "1", "cleared": "ready - ?"}
    assert "Your drawing. Clear starts again." in dom and "The network says 1." in dom
