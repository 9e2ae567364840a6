"""The playground's server, on a real socket on 127.0.0.1: answers, bad requests, many requests."""

import http.client
import json
import os
import socket
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from purenn.app import modelfile, show
from purenn.app.playground.models import SHIPPED_MODEL
from purenn.app.playground.pages import Playground
from purenn.app.playground.server import (MAX_BODY, WEB_DIR, PlaygroundHandler, exposure_warning, make_server,
                                          serve_in_background)
from purenn.pictures.png import write_png


@pytest.fixture(scope="module")
def shipped_net():
    return modelfile.load(SHIPPED_MODEL)[0]


@pytest.fixture(scope="module")
def server(shipped_net, mnist_test_500):
    server = make_server(Playground(shipped_net, mnist_test_500, seed=1), port=0)
    serve_in_background(server)
    yield server
    server.shutdown()
    server.server_close()


def request(server, method, path, body=None, headers=None):
    """(status, headers, body bytes) for a raw request: the path is sent exactly as given."""
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def get_json(server, path):
    with urllib.request.urlopen(server.url.rstrip("/") + path, timeout=30) as response:
        return json.load(response)


def post_json(server, value):
    status, _, body = request(server, "POST", "/api/predict", json.dumps(value).encode(),
                              {"Content-Type": "application/json"})
    return status, json.loads(body)


def drawing(x, side=28, zoom=2):
    """A test digit as the page would send it: gray ints, white ink on black, zoomed."""
    rows = [[round(255 * x[y * side + i]) for i in range(side) for _ in range(zoom)]
            for y in range(side) for _ in range(zoom)]
    return rows, {"width": side * zoom, "height": side * zoom, "pixels": [v for row in rows for v in row]}


def assert_still_serving(server):
    assert get_json(server, "/api/status")["version"] == 1


# ---------------------------------------------------------------- answers

def test_test_digits_come_back_with_their_labels_and_the_networks_outputs(server, shipped_net,
                                                                          mnist_test_500):
    for index in range(10):
        x, label = mnist_test_500[index]
        answer = get_json(server, f"/api/test-digit?index={index}")
        assert answer["index"] == index and answer["label"] == label
        expected = shipped_net.feedforward(x)
        assert answer["output"] == pytest.approx(expected, abs=1e-4)
        assert answer["prediction"] == shipped_net.predict(x)
        assert len(answer["hidden"]) == 1 and len(answer["hidden"][0]) == 30
        assert answer["input"] == pytest.approx(list(x), abs=1e-4)
    # the shipped model reads these first test digits right: 7 2 1 0 4 1 4 9 5 9
    answers = [get_json(server, f"/api/test-digit?index={i}") for i in range(10)]
    assert [a["prediction"] for a in answers] == [a["label"] for a in answers] == [
        7, 2, 1, 0, 4, 1, 4, 9, 5, 9]


def test_random_test_digit(server, mnist_test_500):
    answer = get_json(server, "/api/test-digit")
    assert 0 <= answer["index"] < 500 and answer["label"] == mnist_test_500[answer["index"]][1]


def test_a_drawing_is_prepared_exactly_as_predict_prepares_an_image_file(server, shipped_net,
                                                                        mnist_test_500, tmp_path):
    x, label = mnist_test_500[0]
    rows, body = drawing(x)
    status, answer = post_json(server, body)
    assert status == 200
    path = tmp_path / "drawing.png"  # the same pixels as a file, through predict's own path
    write_png(path, rows, len(rows[0]), len(rows))
    pixels = show.read_digit(path)
    assert answer["input"] == [round(v, 4) for v in pixels]
    assert answer["output"] == pytest.approx(shipped_net.feedforward(pixels), abs=1e-4)
    assert answer["prediction"] == shipped_net.predict(pixels) == label == 7


def test_dark_ink_on_light_paper_reads_the_same(server, mnist_test_500):
    rows, body = drawing(mnist_test_500[1][0])
    light = dict(body, pixels=[255 - v for v in body["pixels"]])
    assert post_json(server, light)[1]["input"] == post_json(server, body)[1]["input"]


def test_network_description_has_one_tile_per_hidden_neuron(server, shipped_net):
    description = get_json(server, "/api/network")
    assert description["sizes"] == [784, 30, 10] and len(description["tiles"]) == 30
    # the page labels its bars by the output layer: the shipped model's is sigmoid, not softmax
    assert (description["activation"], description["output"]) == ("sigmoid", "sigmoid")
    tile = description["tiles"][3]
    row = shipped_net.weights[0].rows[3]
    largest = max(map(abs, row))
    assert tile["scale"] == round(largest, 4)
    assert tile["values"] == [round(w / largest, 4) for w in row]
    assert min(tile["values"]) >= -1 and max(tile["values"]) <= 1
    assert 1.0 in tile["values"] or -1.0 in tile["values"]


def test_the_page_files_are_served_as_they_are(server):
    for name, kind in (("index.html", "text/html"), ("style.css", "text/css"),
                       ("app.js", "text/javascript"), ("favicon.svg", "image/svg+xml")):
        status, headers, body = request(server, "GET", "/" + name)
        with open(os.path.join(WEB_DIR, name), "rb") as f:
            assert (status, body) == (200, f.read())
        assert headers["Content-Type"].startswith(kind)
        assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert request(server, "GET", "/")[2] == request(server, "GET", "/index.html")[2]
    assert request(server, "GET", "/?digit=3")[0] == 200
    status, headers, body = request(server, "GET", "/favicon.ico")  # the name browsers guess
    assert (status, headers["Content-Type"]) == (200, "image/svg+xml")
    assert body == request(server, "GET", "/favicon.svg")[2]


# ---------------------------------------------------------------- bad requests

@pytest.mark.parametrize("path", [
    "/nope", "/api/nope", "/api", "/web/index.html", "/../setup.cfg", "/../../../../etc/passwd",
    "/%2e%2e/setup.cfg", "/%2E%2E%2Fsetup.cfg", "/..%2fsetup.cfg", "/..%5csetup.cfg",
    "/%2e%2e%2f%2e%2e%2fpurenn%2fapp%2fmodel.json", "//etc/passwd", "/etc/passwd",
    "/index.html/../../setup.cfg", "/index.html%00", "/./index.html", "/app.js/", "/style.css.bak",
    os.path.join(WEB_DIR, "index.html"), "/" + os.path.abspath(__file__), "/__init__.py",
    "/../app/server.py", "/../server.py", "/../playground/server.py", "/model.json", "/../model.json",
    "/../../model.json", "/web/app.js",
])
def test_no_file_outside_the_page_is_served(server, path):
    status, headers, body = request(server, "GET", path)
    assert status == 404
    assert headers["Content-Type"] == "application/json" and "error" in json.loads(body)
    assert_still_serving(server)


def test_a_full_url_as_the_path_is_not_found(server):
    assert request(server, "GET", "http://127.0.0.1/../setup.cfg")[0] == 404


@pytest.mark.parametrize("body, says", [
    (b"{", "not valid JSON"),
    (b"\xff\xfe\x00", "not valid JSON"),
    (b'{"width": NaN}', "not valid JSON"),
    (b"[" * 100000, "not valid JSON"),
    (b"[1, 2, 3]", "expected a JSON object"),
    (b"null", "expected a JSON object"),
    (b"", "not valid JSON"),
    (b'{"width": 0, "height": 10, "pixels": []}', "width must be"),
    (b'{"width": 201, "height": 10, "pixels": []}', "width must be"),
    (b'{"width": 2.0, "height": 1, "pixels": [0, 0]}', "width must be"),
    (b'{"width": true, "height": 1, "pixels": [0]}', "width must be"),
    (b'{"width": 2, "height": "2", "pixels": [0, 0, 0, 0]}', "height must be"),
    (b'{"width": 2, "height": 2, "pixels": [0, 0, 0]}', "found 3"),
    (b'{"width": 2, "height": 2, "pixels": "0000"}', "found str"),
    (b'{"width": 2, "height": 1, "pixels": [0, 256]}', "pixels[1] must be"),
    (b'{"width": 2, "height": 1, "pixels": [-1, 0]}', "pixels[0] must be"),
    (b'{"width": 2, "height": 1, "pixels": [0, 1.5]}', "pixels[1] must be"),
    (b'{"width": 2, "height": 1, "pixels": [null, 0]}', "pixels[0] must be"),
    (b'{"width": 2, "height": 1, "pixels": [false, 0]}', "pixels[0] must be"),
    (b'{"width": 3, "height": 3, "pixels": [0, 0, 0, 0, 0, 0, 0, 0, 0]}', "no digit found"),
])
def test_bad_drawings_get_400_with_a_json_error(server, body, says):
    status, headers, answer = request(server, "POST", "/api/predict", body)
    assert status == 400
    assert says in json.loads(answer)["error"]
    assert_still_serving(server)


def test_a_body_over_the_limit_gets_413(server):
    body = json.dumps({"width": 200, "height": 200, "pixels": [255] * 80000}).encode()
    assert len(body) > MAX_BODY
    status, _, answer = request(server, "POST", "/api/predict", body)
    assert status == 413 and "limit" in json.loads(answer)["error"]
    assert_still_serving(server)


def raw(server, data, timeout=10):
    """Send bytes on a fresh connection; return what comes back until the server closes."""
    with socket.create_connection(server.server_address[:2], timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def test_a_huge_announced_body_is_refused_without_reading_it(server):
    answer = raw(server, b"POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\n{}")
    assert answer.startswith(b"HTTP/1.0 413")
    assert_still_serving(server)


@pytest.mark.parametrize("header, status", [(b"", b"411"), (b"Content-Length: -5\r\n", b"400"),
                                            (b"Content-Length: ten\r\n", b"400")])
def test_missing_or_bad_content_length(server, header, status):
    answer = raw(server, b"POST /api/predict HTTP/1.1\r\nHost: x\r\n" + header + b"\r\n")
    assert answer.startswith(b"HTTP/1.0 " + status)
    assert_still_serving(server)


def test_garbage_instead_of_http_is_refused(server):
    assert raw(server, b"\x00\x01\x02 hello\r\n\r\n").startswith(b'{"error": "Bad HTTP/0.9 request')
    answer = raw(server, b"GET / HTTP/1.1 extra\r\n\r\n")
    assert b'{"error": "Bad request version' in answer
    assert_still_serving(server)


@pytest.mark.parametrize("query", ["index=500", "index=-1", "index=abc", "index=1e3", "index=%D9%A3",
                                   "index=99999999999999999999"])
def test_bad_test_digit_index_gets_400(server, query):
    status, _, body = request(server, "GET", f"/api/test-digit?{query}")
    assert status == 400 and "index must be" in json.loads(body)["error"]


def test_wrong_methods(server):
    status, headers, _ = request(server, "GET", "/api/predict")
    assert status == 405 and headers["Allow"] == "POST"
    status, headers, _ = request(server, "POST", "/api/status", b"{}")
    assert status == 405 and headers["Allow"] == "GET"
    assert request(server, "POST", "/nope", b"{}")[0] == 404
    assert request(server, "DELETE", "/index.html")[0] == 501
    assert_still_serving(server)


def test_without_a_test_set_the_test_digit_is_not_found(shipped_net):
    server = make_server(Playground(shipped_net), port=0)
    serve_in_background(server)
    try:
        status, _, body = request(server, "GET", "/api/test-digit")
        assert status == 404 and json.loads(body)["error"] == "no test set loaded"
    finally:
        server.shutdown()
        server.server_close()


def test_a_silent_connection_does_not_block_others(server):
    with socket.create_connection(server.server_address[:2]):  # says nothing
        start = time.perf_counter()
        assert_still_serving(server)
        assert time.perf_counter() - start < 5


# ---------------------------------------------------------------- many requests, nothing written

def test_hundreds_of_concurrent_requests_are_all_answered(server, mnist_test_500, tmp_path,
                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)  # a server that wrote a file would most likely write it here
    web_files = {name: os.stat(os.path.join(WEB_DIR, name)).st_mtime for name in os.listdir(WEB_DIR)}
    bodies = [drawing(mnist_test_500[i][0], zoom=1)[1] for i in range(20)]

    def one(k):
        if k % 3 == 0:
            return post_json(server, bodies[k % 20])[0]
        if k % 3 == 1:
            return request(server, "GET", f"/api/test-digit?index={k % 500}")[0]
        return request(server, "GET", "/api/status" if k % 2 else "/app.js")[0]

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(one, range(300)))
    elapsed = time.perf_counter() - start
    assert statuses == [200] * 300
    assert elapsed < 60
    assert_still_serving(server)
    assert os.listdir(tmp_path) == []
    assert {name: os.stat(os.path.join(WEB_DIR, name)).st_mtime for name in os.listdir(WEB_DIR)} == web_files


def test_a_body_that_never_comes_times_out_quietly(server, monkeypatch, capfd):
    monkeypatch.setattr(PlaygroundHandler, "timeout", 0.5)
    start = time.perf_counter()
    answer = raw(server, b"POST /api/predict HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"wid")
    assert answer == b"" and time.perf_counter() - start < 5  # the server hung up
    assert_still_serving(server)
    assert capfd.readouterr().err == ""


def test_a_failure_inside_is_a_500_and_the_server_goes_on(server, monkeypatch, capfd):
    def broken():
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(server.playground, "network", broken)
    status, _, body = request(server, "GET", "/api/network")
    assert status == 500 and json.loads(body) == {"error": "the server failed (ZeroDivisionError)"}
    assert capfd.readouterr().err == "playground: ZeroDivisionError: division by zero\n"
    assert_still_serving(server)


# ---------------------------------------------------------------- slow clients ("slowloris")

def trickle(sockets, stop, every=0.5, rounds=30):
    """Send each socket one more header line every `every` seconds until `stop` (at most `rounds`)."""
    for k in range(rounds):
        if stop.wait(every):
            return
        for s in sockets:
            try:
                s.sendall(b"X-Slow-%d: still here\r\n" % k)
            except OSError:  # the server hung up on it: that is allowed
                pass


def test_a_hundred_slow_clients_do_not_stop_it_answering(server):
    """100 connections that never finish their headers; a normal request is answered all the same."""
    address = server.server_address[:2]
    slow, stop = [], threading.Event()
    worker = threading.Thread(target=trickle, args=(slow, stop), daemon=True)
    try:
        for _ in range(100):
            s = socket.create_connection(address, timeout=5)
            s.sendall(b"GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(s)
        worker.start()
        time.sleep(1.2)  # every slow client has sent a couple more lines and holds its connection
        start = time.perf_counter()
        status, _, body = request(server, "GET", "/api/status")
        elapsed = time.perf_counter() - start
        assert status == 200 and json.loads(body)["version"] == 1
        assert elapsed < 3, f"a normal request took {elapsed:.1f} s with 100 slow clients open"
    finally:
        stop.set()
        if worker.is_alive():
            worker.join(5)
        for s in slow:
            s.close()


def test_a_request_has_a_deadline_for_its_whole_header_not_one_per_line(server, monkeypatch):
    """A line every 0.2 s never waits 1 s for a read, yet the 1-second deadline ends it."""
    monkeypatch.setattr(PlaygroundHandler, "timeout", 1.0)
    with socket.create_connection(server.server_address[:2], timeout=5) as s:
        start = time.perf_counter()
        s.sendall(b"GET /api/status HTTP/1.1\r\n")
        s.settimeout(0.2)
        closed_after = None
        for k in range(25):  # 5 s at most
            try:
                s.sendall(b"X-Slow-%d: still here\r\n" % k)
                if s.recv(1024) == b"":
                    closed_after = time.perf_counter() - start
                    break
            except socket.timeout:
                continue
            except OSError:  # reset by the server
                closed_after = time.perf_counter() - start
                break
    assert closed_after is not None, "the server kept a trickling request open for 5 s"
    assert 0.8 < closed_after < 2.5
    assert_still_serving(server)


@pytest.mark.parametrize("host, others", [("127.0.0.1", False), ("127.0.0.2", False), ("localhost", False),
                                          ("::1", False), ("0.0.0.0", True), ("::", True),
                                          ("192.168.1.20", True), ("my-laptop.local", True)])
def test_a_warning_for_any_address_but_this_computers_own(host, others):
    warning = exposure_warning(host)
    if others:
        assert warning.startswith(f"warning: listening on {host}: anyone on your network")
        assert "\n" not in warning
    else:
        assert warning is None


def test_on_ctrl_c_the_server_waits_briefly_for_answers_in_progress(shipped_net, mnist_test_500):
    """wait_for_answers returns at once when no request is being answered, and gives up after its
    timeout on a client that is still sending (so Ctrl-C never hangs on a slow client)."""
    server = make_server(Playground(shipped_net, mnist_test_500, seed=1), port=0)
    serve_in_background(server)
    slow = socket.create_connection(server.server_address[:2])
    slow.sendall(b"GET / HTTP/1.1\r\n")  # the rest never comes: its handler holds a slot
    time.sleep(0.3)
    server.shutdown()
    server.server_close()
    start = time.monotonic()
    server.wait_for_answers(timeout=0.5)
    waited = time.monotonic() - start
    slow.close()
    assert 0.4 < waited < 3.0
    idle = make_server(Playground(shipped_net, mnist_test_500, seed=1), port=0)
    idle.server_close()
    start = time.monotonic()
    idle.wait_for_answers(timeout=5.0)
    assert time.monotonic() - start < 1.0
