"""Teach it your handwriting: SGD steps on one digit, undo, reset, save, and many browsers at once.

Plain calls to the Teacher first, then real HTTP requests: good and bad bodies, the guard
against other web pages, saving only to serve --save's path, and concurrent teaching whose
final weights must equal the same steps taken one after the other.
"""

import http.client
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from purenn.app import modelfile
from purenn.app.playground.models import SHIPPED_MODEL, load_shipped, snapshot
from purenn.app.playground.pages import ETA, STEPS, Playground
from purenn.app.playground.server import EMPTY_BODY, make_server, serve_in_background
from purenn.app.playground.teach import ACCURACY_SAMPLES, MAX_UNDO, Teacher
from purenn.data import load_csv
from purenn.network import Network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def numbers(net):
    return [v for w in net.weights for row in w.rows for v in row] + [v for b in net.biases for v in b]


def taught_by_hand(net, lessons):
    """The network after each (x, label, eta, steps), taken one after the other with update_mini_batch."""
    net = snapshot(net)
    for x, label, eta, steps in lessons:
        for _ in range(steps):
            net.update_mini_batch([(x, label)], eta)
    return net


@pytest.fixture(scope="module")
def shipped():
    return load_shipped()


def test_teaching_is_update_mini_batch_on_the_one_digit(shipped, mnist_test_500):
    x = list(mnist_test_500[8][0])
    start = numbers(shipped)
    teacher = Teacher(shipped, mnist_test_500)
    answer = teacher.teach(x, 3, 0.5, 4)
    net, version = teacher.current()
    assert version == 2 and numbers(net) == numbers(taught_by_hand(shipped, [(x, 3, 0.5, 4)]))
    assert numbers(shipped) == start  # the network it started from is never changed
    assert len(answer["outputs"]) == 5 and answer["outputs"][0] == shipped.feedforward(x)
    assert answer["outputs"][-1] == net.feedforward(x)
    assert [max(range(10), key=o.__getitem__) for o in answer["outputs"]][-1] == 3  # it now reads a 3
    accuracy = answer["accuracy"]
    assert accuracy["images"] == 500 == min(ACCURACY_SAMPLES, len(mnist_test_500))
    assert accuracy["before"] == round(100 * shipped.evaluate(mnist_test_500) / 500, 2)
    assert accuracy["after"] == round(100 * net.evaluate(mnist_test_500) / 500, 2)
    assert accuracy["after"] < accuracy["before"]  # teaching a 5 to be a 3 costs some test digits


def test_undo_reset_and_undo_again(shipped, mnist_test_500):
    x, y = list(mnist_test_500[0][0]), list(mnist_test_500[1][0])
    teacher = Teacher(shipped, mnist_test_500[:50])
    teacher.teach(x, 1, 1.0, 2)
    first = numbers(teacher.current()[0])
    teacher.teach(y, 4, 2.0, 3)
    second = numbers(teacher.current()[0])
    assert teacher.status() == {"version": 3, "undo": 2, "lessons": 2, "save": False}
    teacher.reset()
    assert teacher.current()[0] is shipped and teacher.status()["lessons"] == 0
    teacher.undo()  # reset is undone like any change
    assert numbers(teacher.current()[0]) == second
    teacher.undo()
    assert numbers(teacher.current()[0]) == first
    teacher.undo()
    assert numbers(teacher.current()[0]) == numbers(shipped) and teacher.status()["undo"] == 0
    with pytest.raises(ValueError, match="nothing to undo"):
        teacher.undo()
    assert teacher.status()["version"] == 7  # every change, undo too, is a new version


def test_undo_remembers_at_most_max_undo_states(shipped):
    teacher = Teacher(shipped)
    for _ in range(MAX_UNDO + 3):
        teacher.reset()
    assert teacher.status()["undo"] == MAX_UNDO


def test_saving_writes_only_the_given_path(shipped, mnist_test_500, tmp_path):
    x = list(mnist_test_500[2][0])
    with pytest.raises(ValueError, match="saving is off: start the server with python main.py serve --save"):
        Teacher(shipped).save()
    path = tmp_path / "taught.json"
    teacher = Teacher(shipped, save_path=str(path), training={"seed": 1, "rounded_to_decimals": 4})
    teacher.teach(x, 7, 1.0, 2)
    assert teacher.save() == (str(path), 2)
    assert os.listdir(tmp_path) == ["taught.json"]  # nothing else, not even a temporary file
    loaded, training = modelfile.load(path)
    assert numbers(loaded) == numbers(teacher.current()[0])
    assert training == {"seed": 1, "taught_in_playground": [{"label": 7, "eta": 1.0, "steps": 2}]}
    gone = Teacher(shipped, save_path=str(tmp_path / "gone" / "taught.json"))
    with pytest.raises(ValueError, match="not saved: .*cannot write"):
        gone.save()


# ---------------------------------------------------------------- over HTTP

def request(server, method, path, body=b"", headers=None):
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def post(server, path, value, **headers):
    headers = {"Content-Type": "application/json", **{k.replace("_", "-"): v for k, v in headers.items()}}
    return request(server, "POST", path, json.dumps(value).encode(), headers)


@pytest.fixture
def served(shipped, mnist_test_500, tmp_path):
    """A server whose save button writes tmp_path/taught.json; (server, its Playground, that path)."""
    path = tmp_path / "taught.json"
    playground = Playground(shipped, mnist_test_500, seed=1, save_path=str(path))
    server = make_server(playground, port=0)
    serve_in_background(server)
    yield server, playground, path
    server.shutdown()
    server.server_close()


def lesson(mnist_test_500, k):
    """The k-th lesson: a test digit, taught as the next digit up, with its own η and steps."""
    x, label = mnist_test_500[k]
    return {"image": [round(v, 4) for v in x], "label": (label + 1) % 10,
            "eta": [0.25, 0.5, 1.0, 2.0][k % 4], "steps": 1 + k % 5}


def test_teach_undo_reset_save_over_http(served, shipped, mnist_test_500, tmp_path):
    server, playground, path = served
    status = request(server, "GET", "/api/status")[1]
    assert status["teaching"] == {"version": 1, "undo": 0, "lessons": 0, "save": True,
                                  "eta": list(ETA), "steps": list(STEPS), "images": 500}
    body = lesson(mnist_test_500, 3)
    code, answer = post(server, "/api/teach", body)
    assert code == 200 and answer["version"] == 2 and len(answer["outputs"]) == body["steps"] + 1
    net = taught_by_hand(shipped, [(body["image"], body["label"], body["eta"], body["steps"])])
    assert answer["outputs"][-1]["output"] == [round(v, 4) for v in net.feedforward(body["image"])]
    assert answer["accuracy"]["change"] == round(answer["accuracy"]["after"] - answer["accuracy"]["before"], 2)
    # the page now reads with the taught weights, and says so by its version
    code, read = request(server, "GET", "/api/test-digit?index=3")
    assert read["version"] == 2 and read["output"] == [round(v, 4) for v in net.feedforward(mnist_test_500[3][0])]
    assert request(server, "GET", "/api/network")[1]["version"] == 2
    assert not path.exists()  # nothing is written until save is pressed
    code, saved = post(server, "/api/save", {})
    assert (code, saved["saved"], saved["version"]) == (200, str(path), 2)
    assert numbers(modelfile.load(path)[0]) == numbers(net)
    code, undone = post(server, "/api/undo", {})
    assert code == 200 and undone["version"] == 3 and undone["teaching"]["undo"] == 0
    assert undone["accuracy"] == round(100 * shipped.evaluate(mnist_test_500) / 500, 2)
    assert post(server, "/api/undo", {}) == (
        409, {"error": "nothing to undo: the network is as the server started it"})
    code, reset = post(server, "/api/reset", {})
    assert code == 200 and reset["version"] == 4
    assert os.listdir(tmp_path) == ["taught.json"]
    with open(SHIPPED_MODEL, "rb") as f:
        assert modelfile.load(SHIPPED_MODEL)[0].weights == shipped.weights and f.read(1) == b"{"


def test_without_save_the_save_button_is_refused(shipped, mnist_test_500):
    server = make_server(Playground(shipped, mnist_test_500[:10]), port=0)
    serve_in_background(server)
    try:
        assert request(server, "GET", "/api/status")[1]["teaching"]["save"] is False
        code, answer = post(server, "/api/save", {})
        assert code == 409 and answer["error"].startswith("saving is off")
    finally:
        server.shutdown()
        server.server_close()


GOOD = {"image": [0.0] * 392 + [1.0] * 392, "label": 3, "eta": 1.0, "steps": 2}


@pytest.mark.parametrize("change, says", [
    ({"eta": 0.01}, "eta must be a number from 0.05 to 3.0"),
    ({"eta": 3.5}, "eta must be a number from 0.05 to 3.0"),
    ({"eta": "1"}, "eta must be"),
    ({"eta": True}, "eta must be"),
    ({"steps": 0}, "steps must be a whole number from 1 to 20"),
    ({"steps": 21}, "steps must be a whole number from 1 to 20"),
    ({"steps": 2.0}, "steps must be"),
    ({"label": -1}, "label must be"),
    ({"image": [0.5] * 785}, "found 785"),
    ({"extra": 1}, "unexpected key 'extra'"),
])
def test_bad_teaching_requests_get_400_and_change_nothing(served, change, says):
    server, playground, _ = served
    code, answer = post(server, "/api/teach", dict(GOOD, **change))
    assert code == 400 and says in answer["error"] and "\n" not in answer["error"]
    assert playground.teacher.status()["version"] == 1


@pytest.mark.parametrize("path", ["/api/undo", "/api/reset", "/api/save"])
def test_undo_reset_and_save_take_an_empty_object_only(served, path):
    server, _, saved = served
    assert post(server, path, {"label": 1})[0] == 400
    assert post(server, path, [])[0] == 400
    code, answer = request(server, "POST", path, b"{}" + b" " * EMPTY_BODY, {"Content-Type": "application/json"})
    assert code == 413
    assert not saved.exists()


@pytest.mark.parametrize("headers, says", [
    ({"Content-Type": "text/plain"}, "must be sent as Content-Type: application/json"),
    ({}, "must be sent as Content-Type: application/json"),
    ({"Content-Type": "application/json", "Origin": "http://evil.example"}, "must come from the page at"),
    ({"Content-Type": "application/json", "Host": "evil.example:8000"}, "not to 'evil.example:8000'"),
    ({"Content-Type": "application/json", "Host": "evil.example:8000", "Origin": "http://evil.example:8000"},
     "must be sent to the server's address"),
])
def test_other_web_pages_cannot_teach_it_or_save(served, headers, says):
    """What a page elsewhere could send from the same browser (a form, a rebound DNS name) is refused."""
    server, playground, saved = served
    for path, body in (("/api/teach", GOOD), ("/api/save", {}), ("/api/reset", {}), ("/api/undo", {})):
        code, answer = request(server, "POST", path, json.dumps(body).encode(), headers)
        assert code == 403 and says in answer["error"], (path, answer)
    assert playground.teacher.status()["version"] == 1 and not saved.exists()
    # the page itself: same origin, JSON, to the address
    host = "%s:%d" % server.server_address[:2]
    assert post(server, "/api/teach", GOOD, Origin=f"http://{host}")[0] == 200
    # reading requests are not guarded: a drawing or a step-through changes nothing
    assert request(server, "POST", "/api/backprop", json.dumps({"image": GOOD["image"], "label": 1}).encode(),
                   {"Content-Type": "text/plain"})[0] == 200


def test_concurrent_teaching_takes_its_steps_one_after_the_other(served, shipped, mnist_test_500):
    """12 browsers teach at once while others read drawings: the final weights are the 12 lessons
    taken in turn (in the order of the versions the server gave them), and every answer read in
    the meantime was made by one whole state of the weights, never a mix of two."""
    server, playground, _ = served
    lessons = [lesson(mnist_test_500, k) for k in range(12)]
    reads = []
    stop = threading.Event()

    def read_while_teaching():
        while not stop.is_set():
            code, answer = request(server, "GET", "/api/test-digit?index=0")
            reads.append((code, answer.get("version"), answer.get("output")))

    readers = [threading.Thread(target=read_while_teaching) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        with ThreadPoolExecutor(max_workers=12) as pool:
            answers = list(pool.map(lambda body: post(server, "/api/teach", body), lessons))
    finally:
        stop.set()
        for reader in readers:
            reader.join(60)
    assert [code for code, _ in answers] == [200] * 12
    versions = [answer["version"] for _, answer in answers]
    assert sorted(versions) == list(range(2, 14))
    in_turn = [body for _, body in sorted(zip(versions, lessons), key=lambda pair: pair[0])]
    states = {1: snapshot(shipped)}
    for version, body in enumerate(in_turn, start=2):
        states[version] = taught_by_hand(states[version - 1], [(body["image"], body["label"], body["eta"],
                                                                 body["steps"])])
    final, version = playground.teacher.current()
    assert version == 13 and numbers(final) == numbers(states[13])
    # each teaching answer's "before" outputs are those of the state it started from
    for (_, answer), v in zip(answers, versions):
        body = lessons[versions.index(v)]
        assert answer["outputs"][0]["output"] == [round(o, 4) for o in states[v - 1].feedforward(body["image"])]
    assert reads and all(code == 200 for code, _, _ in reads)
    x0 = mnist_test_500[0][0]
    for _, version, output in reads:
        assert output == [round(v, 4) for v in states[version].feedforward(x0)]


def test_the_network_given_is_never_changed(shipped, mnist_test_500):
    """Teaching works on copies: the Network the server was given (here the shipped one) stays."""
    before = numbers(shipped)
    playground = Playground(shipped, mnist_test_500[:10])
    playground.teach(dict(GOOD))
    assert numbers(shipped) == before and isinstance(playground.current()[0], Network)
    assert playground.current()[0] is not shipped


def test_what_docs_playground_md_says_one_digit_does(shipped):
    """docs/playground.md: test digit #18, a 3 the shipped model reads as 8, taught for 3 steps.
    With η = 0.1 it reads 3 after the first step and the first 1000 test images go from 95.6% to
    95.7%; with η = 1, 75.2%; with η = 3, 19.5%."""
    test = load_csv(os.path.join(ROOT, "data", "mnist_test.csv.gz"), limit=ACCURACY_SAMPLES, sparse=True)
    x, label = test[18]
    assert (label, shipped.predict(x)) == (3, 8)
    found = {}
    for eta in (0.1, 1.0, 3.0):
        answer = Teacher(shipped, test).teach(list(x), 3, eta, 3)
        reads = [max(range(10), key=o.__getitem__) for o in answer["outputs"]]
        found[eta] = (reads, answer["accuracy"]["before"], answer["accuracy"]["after"])
    assert found == {0.1: ([8, 3, 3, 3], 95.6, 95.7), 1.0: ([8, 3, 3, 3], 95.6, 75.2),
                     3.0: ([8, 3, 3, 3], 95.6, 19.5)}
