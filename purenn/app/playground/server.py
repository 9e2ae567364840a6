"""The playground's web server: the standard library's http.server, no framework.

    GET  /, /index.html, /style.css, /app.js   the page (files in web/, read once at start),
         /favicon.svg (also as /favicon.ico)   and its icon
    GET  /api/status                           {"version": n, "training": ..., "teaching": ...}
    GET  /api/network                          sizes and the first layer's weight tiles
                                               (a conv network: its first layer's filters)
    GET  /api/test-digit[?index=N]             a shipped test digit and what the network makes of it
    POST /api/predict    {"width", "height", "pixels"}   a drawing in, every layer's activations out
    POST /api/backprop   {"image", "label"}              every step of forward_pass and backprop
    POST /api/teach      {"image", "label", "eta", "steps"}  SGD steps on one digit
    POST /api/undo, /api/reset, /api/save   {}           teaching's undo, reset, and serve --save

(pages.py answers each one; checks.py checks every field.)

Safety, because a server answers whoever connects: it listens on 127.0.0.1
unless told otherwise; it serves only the files it read from web/ at start,
found by exact name, so no path (``/../``, ``%2e%2e``, an absolute path) can
reach any other file; a body over its endpoint's limit (BODY_LIMITS) gets 413,
bad JSON or values 400 (an object with other keys than asked for too), a
request that cannot be done now 409 (nothing to undo ...), an unknown path
404, all with a one-line JSON error.  It writes one file only, the path given
to ``serve --save``, and only when asked.  A request that changes the network
(teach, undo, reset, save) must also come from the page itself: sent as
application/json, from the page's own origin and to an address, not a name
that could be any site's (see `same_page`), so no other web page open in the
browser can teach it or save over your file.  A request must arrive whole,
header and body, within TIMEOUT seconds of its connection, or the connection
is closed: a client that sends its header a line at a time (a "slowloris")
keeps a thread for TIMEOUT seconds at most, not for as long as it keeps
sending.  At most MAX_CONNECTIONS connections are served at once, each in its
own thread, the rest wait in the listen queue; so a hundred such slow clients
still leave threads for everyone else.
"""
import io
import ipaddress
import json
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .checks import RequestError, StateError, parse_json

WEB_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "web")
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".js": "text/javascript; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml"}
API_GETS = ("/api/status", "/api/network", "/api/test-digit")
MAX_BODY = 256 * 1024  # bytes: a 200 x 200 drawing as JSON is at most ~160 KB
IMAGE_BODY = 32 * 1024  # 784 numbers of up to 17 digits, and a few more fields: under 17 KB
EMPTY_BODY = 64  # {} and some spaces
# POST path: (the Playground's method that answers it, the largest body it takes, whether it
# changes the network and so must come from the page itself)
POSTS = {"/api/predict": ("predict_drawing", MAX_BODY, False),
         "/api/backprop": ("backprop", IMAGE_BODY, False),
         "/api/teach": ("teach", IMAGE_BODY, True),
         "/api/undo": ("undo", EMPTY_BODY, True),
         "/api/reset": ("reset", EMPTY_BODY, True),
         "/api/save": ("save", EMPTY_BODY, True)}
DRAIN_LIMIT = 1024 * 1024  # a too-large body up to this size is read and dropped before answering
MAX_CONNECTIONS = 256  # served at once, one thread each (a waiting thread costs little memory)
TIMEOUT = 10  # seconds a connection may take to send its whole request, header and body
# The page uses only its own files: no other origin may run scripts or be fetched.
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff",
                    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:"}


def load_page(folder=WEB_DIR):
    """{url path: (content type, bytes)} for every file of the page's folder."""
    files = {}
    for name in sorted(os.listdir(folder)):
        kind = CONTENT_TYPES.get(os.path.splitext(name)[1])
        path = os.path.join(folder, name)
        if kind and os.path.isfile(path):
            with open(path, "rb") as f:
                files["/" + name] = (kind, f.read())
    files["/"] = files["/index.html"]
    if "/favicon.svg" in files:  # for a browser that asks for the icon by its old name
        files["/favicon.ico"] = files["/favicon.svg"]
    return files


class PlaygroundServer(ThreadingHTTPServer):
    """A threading HTTP server that serves at most `max_connections` connections at once."""

    daemon_threads = True  # Ctrl-C need not wait for open connections
    request_queue_size = 256  # connections waiting to be accepted (listen backlog)

    def __init__(self, address, playground, max_connections=MAX_CONNECTIONS):
        self.playground = playground
        self.host_name = address[0]  # as given: an address, or a name such as my-laptop.local
        self.page = load_page()
        self.max_connections = max_connections
        self.slots = threading.BoundedSemaphore(max_connections)
        super().__init__(address, PlaygroundHandler)

    def process_request(self, request, client_address):
        self.slots.acquire()  # the accepting loop waits here while every slot is busy
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def wait_for_answers(self, timeout):
        """Wait up to `timeout` seconds for the answers being sent to finish.

        On Ctrl-C the program exits at once (daemon_threads); a handler thread
        still running Python code while the interpreter shuts down can die with
        a half-printed traceback.  Taking every slot means no handler is running.
        """
        deadline = time.monotonic() + timeout
        for _ in range(self.max_connections):
            if not self.slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
                return

    def handle_error(self, request, client_address):
        """A client that hangs up or goes silent is no news; anything else is one line on stderr."""
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            sys.stderr.write(f"playground: {type(error).__name__}: {error}\n")

    @property
    def url(self):
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"


class DeadlineReader(io.RawIOBase):
    """A connection's incoming bytes, which must all have come by `deadline` (time.monotonic()).

    A socket's own timeout counts per read, so a client that sends a byte every
    few seconds would never time out; here each read may only wait for what is
    left until the deadline, and a read after it raises socket.timeout.
    """

    def __init__(self, connection, deadline):
        super().__init__()
        self.connection, self.deadline = connection, deadline

    def readable(self):
        return True

    def readinto(self, buffer):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout("the request did not arrive in time")
        self.connection.settimeout(left)
        return self.connection.recv_into(buffer)


class PlaygroundHandler(BaseHTTPRequestHandler):
    """One request: a file of the page, or a JSON answer from the Playground."""

    server_version = "purenn-playground"
    timeout = TIMEOUT  # for the whole request (see DeadlineReader), and for sending the answer

    def setup(self):
        """As StreamRequestHandler's, but the request is read against one deadline."""
        super().setup()
        self.rfile.close()
        self.rfile = io.BufferedReader(DeadlineReader(self.connection, time.monotonic() + self.timeout))

    def log_message(self, format, *args):
        """Print nothing per request: the command line's output stays the training's."""

    def send_error(self, code, message=None, explain=None):
        """http.server's own errors (bad request line, 501 unknown method ...) as JSON too."""
        self.send_error_json(code, message or self.responses.get(code, ("error",))[0])

    def do_GET(self):
        path, query = self.split_path()
        playground = self.server.playground
        if path in self.server.page:
            kind, body = self.server.page[path]
            return self.send(200, body, kind)
        if path == "/api/status":
            return self.answer(playground.status)
        if path == "/api/network":
            return self.answer(playground.network)
        if path == "/api/test-digit":
            return self.answer(lambda: playground.test_digit(self.index(query)))
        if path in POSTS:
            what = "a drawing" if path == "/api/predict" else "a JSON object"
            return self.send_error_json(405, f"use POST to send {what}", allow="POST")
        return self.send_error_json(404, f"no such page: {path[:80]}")

    def do_POST(self):
        path, _ = self.split_path()
        if path not in POSTS:
            if path in self.server.page or path in API_GETS:
                return self.send_error_json(405, f"{path[:80]} only answers GET", allow="GET")
            return self.send_error_json(404, f"no such page: {path[:80]}")
        method, limit, changes = POSTS[path]
        if changes:
            refused = self.same_page()
            if refused:
                return self.send_error_json(403, refused)
        body = self.read_body(limit)
        if body is not None:
            answer = getattr(self.server.playground, method)
            self.answer(lambda: answer(parse_json(body)))

    def same_page(self):
        """None if this request can only have come from the page; else why it is refused.

        A web page from anywhere else, open in the same browser, can send a
        POST here too; but the browser asks first (a CORS preflight, which this
        server refuses) before it sends one as application/json, and it names
        the page that sent it (Origin).  A site whose name was made to point at
        this computer (DNS rebinding) would send its own name as Host, not an
        address: so Host must be an address, localhost, or the name it was
        told to listen on.
        """
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind != "application/json":
            return "this request must be sent as Content-Type: application/json"
        host = self.headers.get("Host") or ""
        if not allowed_host(host, self.server.host_name):
            return f"this request must be sent to the server's address, not to {host[:60]!r}"
        origin = self.headers.get("Origin")
        if origin is not None and origin != f"http://{host}":
            return f"this request must come from the page at http://{host[:60]}, not {origin[:60]!r}"
        return None

    def split_path(self):
        parts = urlsplit(self.path)
        return parts.path, parse_qs(parts.query)

    @staticmethod
    def index(query):
        """The ?index=N of a test digit, or None; RequestError if it is not a whole number."""
        values = query.get("index")
        if not values:
            return None
        if not (values[0].isascii() and values[0].isdigit()) or len(values[0]) > 9:
            raise RequestError(f"index must be a whole number, found {values[0][:20]!r}")
        return int(values[0])

    def read_body(self, limit=MAX_BODY):
        """The request's body (bytes), or None after answering 400, 411 or 413 (over `limit` bytes)."""
        length = self.headers.get("Content-Length")
        if length is None:
            self.send_error_json(411, "a Content-Length header is needed")
            return None
        if not length.isdigit() or len(length) > 15:
            self.send_error_json(400, "Content-Length must be a whole number")
            return None
        length = int(length)
        if length > limit:
            if length <= DRAIN_LIMIT:  # let the client finish sending, so it reads our answer
                self.rfile.read(length)
            self.send_error_json(413, f"the body is {length} bytes; the limit is {limit}")
            return None
        return self.rfile.read(length)

    def answer(self, compute):
        """Send compute()'s dict as JSON; its RequestError as 400, StateError 409, LookupError 404."""
        try:
            result = compute()
        except RequestError as e:
            return self.send_error_json(400, str(e))
        except StateError as e:
            return self.send_error_json(409, str(e))
        except LookupError as e:
            return self.send_error_json(404, str(e))
        except Exception as e:  # a bug: say so, and keep serving
            sys.stderr.write(f"playground: {type(e).__name__}: {e}\n")
            return self.send_error_json(500, f"the server failed ({type(e).__name__})")
        return self.send_json(200, result)

    def send_json(self, status, value):
        self.send(status, json.dumps(value, separators=(",", ":")).encode(), "application/json")

    def send_error_json(self, status, message, allow=None):
        self.close_connection = True
        self.send(status, json.dumps({"error": message}).encode(), "application/json",
                  {"Allow": allow} if allow else {})

    def send(self, status, body, kind, headers=None):
        self.connection.settimeout(self.timeout)  # the answer gets its own time, whatever the request took
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in dict(SECURITY_HEADERS, **(headers or {})).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def make_server(playground, host="127.0.0.1", port=8000):
    """A PlaygroundServer bound to (host, port); port 0 picks a free port (see .url).

    An address that cannot be used raises OSError naming it: "127.0.0.1:8000:
    Address already in use".
    """
    try:
        return PlaygroundServer((host, port), playground)
    except OSError as e:
        raise OSError(e.errno, e.strerror or str(e), f"{host}:{port}") from None


def allowed_host(host, listening_on):
    """Whether a Host header names this server by address (or localhost, or the name it listens on).

    >>> [allowed_host(h, "127.0.0.1") for h in ("127.0.0.1:8000", "127.0.0.1", "[::1]:80", "localhost:8000")]
    [True, True, True, True]
    >>> [allowed_host(h, "127.0.0.1") for h in ("evil.example:8000", "", "127.0.0.1:x", "[::1]x")]
    [False, False, False, False]
    >>> allowed_host("my-laptop.local:8000", "my-laptop.local")
    True
    """
    if host.startswith("["):  # an IPv6 address: [::1] or [::1]:8000
        name, _, port = host[1:].partition("]")
        port = port[1:] if port.startswith(":") else port or "0"
    else:
        name, colon, port = host.partition(":")
        port = port if colon else "0"
    if not name or not (port.isascii() and port.isdigit()):
        return False
    if name.lower() in ("localhost", listening_on.lower()):
        return True
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


def reachable_from_others(host):
    """True unless `host` is a loopback address (127.x.x.x, ::1, localhost): only this computer."""
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: whoever can resolve it to this computer
        return True


def exposure_warning(host):
    """The one line to print before serving on `host`, or None for this computer only."""
    if not reachable_from_others(host):
        return None
    return (f"warning: listening on {host}: anyone on your network (or beyond, without a firewall) "
            f"can open this page and send it requests")


def serve_in_background(server):
    """Run the server in a daemon thread (for training with --serve, and for tests)."""
    thread = threading.Thread(target=server.serve_forever, name="playground", daemon=True)
    thread.start()
    return thread


def serve(playground, host="127.0.0.1", port=8000, ready=None):
    """Serve the page until Ctrl-C (KeyboardInterrupt is left to the caller).

    ready(url) is called once the server is listening, e.g. to print the address.
    """
    server = make_server(playground, host, port)
    try:
        if ready:
            ready(server.url)
        server.serve_forever()
    finally:
        server.server_close()
        server.wait_for_answers(timeout=2.0)
