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
