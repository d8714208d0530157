"""``czt-kg serve``: the built graph as a read-only SPARQL 1.1 Protocol endpoint.

Two processes on loopback::

    client ──HTTP──▶ front (this module, stdlib ThreadingHTTPServer, --host:--port)
                       │  parses every query with rdflib first and refuses updates,
                       │  SERVICE, FROM/FROM NAMED, default-graph-uri/named-graph-uri,
                       │  Graph Store writes; checks Host (DNS rebinding), CORS,
                       │  enforces the time limit and a response-size limit
                       ▼
                     oxigraph serve-read-only --location out/store   (127.0.0.1:<private port>)
                       the real SPARQL engine + query UI, never reachable from outside

Oxigraph's own server evaluates ``SERVICE`` by fetching the remote endpoint even
when read-only, so it must not face clients directly: only queries the front
accepted reach it.  The front also owns the time limit: Oxigraph's
``--timeout-s`` only cancels a query before it starts streaming results, and a
cancelled query still answers "200 OK" with the error text appended, so the
front buffers each answer, cuts it at the deadline (closing the connection stops
Oxigraph's evaluation) and turns it into a clear ``504``.
"""

from __future__ import annotations

import http.client
import math
import multiprocessing
import os
import queue
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import CztError, UsageError

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
MAX_REQUEST_BYTES = 1_000_000
MAX_RESPONSE_BYTES = 256 * 1024 * 1024
MAX_CONCURRENT = 8
CHECKERS = 3  # processes that parse queries with rdflib before they may run
UI_FILES = ("/", "/yasgui.min.js", "/yasgui.min.css", "/logo.svg")
CANCELLED = b"The SPARQL operation has been cancelled"

#: ``format=`` / ``output=`` shortcuts some SPARQL clients send instead of ``Accept``.
FORMAT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}


class BackendError(CztError):
    """The Oxigraph server could not be started or stopped."""

    exit_code = 1


# -- the oxigraph process -----------------------------------------------------------


def find_oxigraph() -> str | None:
    """The ``oxigraph`` CLI: ``$CZT_KG_OXIGRAPH``, next to this Python (the venv's bin), or on PATH."""
    env = os.environ.get("CZT_KG_OXIGRAPH")
    if env:
        return env if os.access(env, os.X_OK) else None
    here = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    return shutil.which("oxigraph")


def free_port(host: str = "127.0.0.1") -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent():  # pragma: no cover - runs in the child between fork and exec
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


#: Content types Oxigraph's Graph Store takes, by graph file suffix (``--memory`` loading).
_LOAD_TYPES = {".trig": "application/trig", ".nq": "application/n-quads", ".ttl": "text/turtle",
               ".nt": "application/n-triples", ".jsonld": "application/ld+json"}
#: The one update ``--memory`` sends, before any client can connect: the default graph
#: becomes the merged graph, as in ``out/store`` (see :mod:`graph.store`).
MERGE_UPDATE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


class OxigraphProcess:
    """``oxigraph serve-read-only`` over a store, on a private loopback port.

    With ``memory=SOURCE``: ``oxigraph serve`` with an in-memory store instead, loaded
    from the graph file ``SOURCE`` over loopback by :meth:`start` (no client is
    connected yet: the front opens afterwards, and never forwards a write).
    """

    def __init__(self, store: Path | None, timeout: float, binary: str | None = None, *, read_write: bool = False,
                 memory: Path | None = None):
        self.store = Path(store) if store is not None else None
        self.memory = Path(memory) if memory is not None else None
        self.timeout = timeout
        self.binary = binary or find_oxigraph()
        self.read_write = read_write
        self.host = "127.0.0.1"
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self, wait: float = 30.0) -> "OxigraphProcess":
        if not self.binary:
            raise BackendError("the `oxigraph` server binary is not installed (pip install oxigraph); it serves the endpoint")
        last = ""
        for _attempt in range(3):
            self.port = free_port(self.host)
            if self.memory is not None:
                cmd = [self.binary, "serve", "--bind", f"{self.host}:{self.port}"]  # no --location: in memory
            else:
                cmd = [self.binary, "serve" if self.read_write else "serve-read-only", "--location", str(self.store),
                       "--bind", f"{self.host}:{self.port}"]
            if self.timeout:
                # integer seconds; one more than the front's limit: it is only the backstop
                cmd += ["--timeout-s", str(int(math.ceil(self.timeout)) + 1)]
            self._log = tempfile.TemporaryFile()
            linux_main = sys.platform.startswith("linux") and threading.current_thread() is threading.main_thread()
            self.proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if linux_main else None,
            )
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    with socket.create_connection((self.host, self.port), timeout=0.5):
                        pass
                except OSError:
                    time.sleep(0.05)
                    continue
                if self.memory is not None:
                    try:
                        self._load_memory()
                    except BaseException:
                        self.stop()
                        raise
                return self
            last = self._log_tail()
            self.stop()
            if "in use" not in last.lower():
                break
        raise BackendError(f"oxigraph did not start: {last or 'no output'}")

    def _load_memory(self) -> None:
        """Fill the in-memory store: the graph file by Graph Store POST, then the merge update."""
        source = self.memory
        ctype = _LOAD_TYPES.get(source.suffix)
        if ctype is None:
            raise BackendError(f"cannot serve {source.name} from memory: expected .trig, .nq, .ttl, .nt or .jsonld")
        target = "/store?no_transaction" if source.suffix in (".trig", ".nq") else "/store?default&no_transaction"
        with open(source, "rb") as fh:
            self._request("POST", target, fh, ctype, os.fstat(fh.fileno()).st_size)
        self._request("POST", "/update", MERGE_UPDATE.encode(), "application/sparql-update")

    def _request(self, method: str, path: str, body, ctype: str, length: int | None = None) -> None:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=3600)
        try:
            headers = {"Content-Type": ctype}
            if length is not None:
                headers["Content-Length"] = str(length)
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            text = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            raise BackendError(f"loading the graph into oxigraph failed: {exc}") from None
        finally:
            conn.close()
        if resp.status >= 300:
            raise BackendError(f"loading the graph into oxigraph failed: {resp.status} {text[:300].decode('utf-8', 'replace')}")

    def _log_tail(self) -> str:
        if self._log is None:
            return ""
        try:
            self._log.seek(0)
            lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
            return lines[-1] if lines else ""
        except (OSError, ValueError):
            return ""

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# -- checking queries, in processes that can be stopped ------------------------------


def _checker_main(conn) -> None:  # pragma: no cover - runs in a checker process
    from .query import check_outcome, check_safe

    check_safe("ASK {}")  # warm the parser up
    conn.send(("ready", ""))
    while True:
        try:
            text = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = check_outcome(text)
        except Exception as exc:  # noqa: BLE001 - a parser crash is a bad query, not a server error
            answer = ("usage", f"not a valid SPARQL query ({type(exc).__name__})")
        try:
            conn.send(answer)
        except (OSError, ValueError):
            return


class Checkers:
    """:func:`graph.query.check_safe` in a few worker processes, each answer within a deadline.

    rdflib's parser is the gate every query passes, and it can be slow: 40 KB of
    ``1+1+…`` in a FILTER takes minutes, 2000 ``UNION`` branches seconds.  In the
    front's own process that would outlast every time limit and, because the parser
    is not thread-safe, hold up every other request.  Here each check runs in a
    worker; one that is still parsing at the request's deadline is killed (and
    replaced in the background) and the request gets 504.  Outcomes are cached by
    query text.
    """

    def __init__(self, workers: int = CHECKERS):
        self.ctx = multiprocessing.get_context("spawn")  # the front is multi-threaded: no fork
        self.idle: queue.Queue = queue.Queue()
        self.cache: dict[str, tuple[str, str]] = {}
        self.lock = threading.Lock()
        self.live: set = set()
        self.closed = False
        started = [self._spawn() for _ in range(workers)]  # in parallel: each imports rdflib
        for proc, conn in started:
            self._ready(proc, conn)
            self.idle.put((proc, conn))

    def _spawn(self):
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_checker_main, args=(child,), name="czt-kg-check", daemon=True)
        proc.start()
        child.close()
        with self.lock:
            self.live.add(proc)
        return proc, parent

    @staticmethod
    def _ready(proc, conn, wait: float = 120.0) -> None:
        if not conn.poll(wait) or conn.recv()[0] != "ready":
            proc.kill()
            raise BackendError("the query checker process did not start")

    def _retire(self, proc, conn) -> None:
        proc.kill()
        conn.close()

        def replace():
            proc.join(5)
            with self.lock:
                self.live.discard(proc)
            if not self.closed:
                new = self._spawn()
                try:
                    self._ready(*new)
                except (BackendError, EOFError, OSError):
                    return
                self.idle.put(new)

        threading.Thread(target=replace, name="czt-kg-check-respawn", daemon=True).start()

    def check(self, text: str, deadline: float, limit: float) -> tuple[str, str]:
        hit = self.cache.get(text)
        if hit is not None:
            return hit
        try:
            proc, conn = self.idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise Refusal(503, "too many queries being checked; try again", {"Retry-After": "5"}) from None
        try:
            conn.send(text)
            if not conn.poll(max(0.0, deadline - time.monotonic())):
                self._retire(proc, conn)
                raise Refusal(504, f"query stopped: reading it took longer than the server's {limit:g} s time limit")
            outcome = conn.recv()
        except (EOFError, OSError, ValueError):
            self._retire(proc, conn)
            raise Refusal(400, "not a valid SPARQL query (the parser gave up)") from None
        self.idle.put((proc, conn))
        if len(text) <= 16_384:  # 1024 entries of up to 1 MB each would be a memory hole
            with self.lock:
                if len(self.cache) >= 1024:
                    self.cache.clear()
                self.cache[text] = outcome
        return outcome

    def close(self) -> None:
        self.closed = True
        with self.lock:
            procs = list(self.live)
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.join(5)


# -- the front ---------------------------------------------------------------------


class Refusal(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _loopback(host: str) -> bool:
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")


def allowed_host_names(host: str, extra: tuple[str, ...] = ()) -> set[str] | None:
    """Host-header names accepted for a bind address; ``None`` accepts any (wildcard bind, no list)."""
    names = {h.lower().strip("[]") for h in extra}
    if host in ("0.0.0.0", "::", ""):
        return names or None
    names.add(host.lower().strip("[]"))
    if _loopback(host):
        names |= {"localhost", "127.0.0.1", "::1"}
    return names


class FrontServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address, upstream: tuple[str, int], *, timeout: float, cors: tuple[str, ...] = (),
                 allow_hosts: tuple[str, ...] = (), quiet: bool = False, max_response: int = MAX_RESPONSE_BYTES,
                 max_concurrent: int = MAX_CONCURRENT):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, FrontHandler)
        self.upstream = upstream
        self.query_timeout = timeout
        self.cors = tuple(cors)
        self.allowed_hosts = allowed_host_names(address[0], tuple(allow_hosts))
        self.quiet = quiet
        self.max_response = max_response
        self.slots = threading.BoundedSemaphore(max_concurrent)
        self.checkers = Checkers()

    def server_close(self):
        super().server_close()
        self.checkers.close()

    def server_bind(self):
        # HTTPServer.server_bind asks socket.getfqdn() for a name: a reverse DNS
        # lookup, i.e. network traffic, for a name nothing here uses.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]


class FrontHandler(BaseHTTPRequestHandler):
    server: FrontServer
    server_version = "czt-kg"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds to send a request (slow clients)

    # -- plumbing
    def log_message(self, fmt, *args):
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - {fmt % args}\n")

    def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8", headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        for k, v in self._cors_headers().items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, headers: dict | None = None):
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), headers=headers)

    def _cors_headers(self) -> dict:
        origin = self.headers.get("Origin")
        if not origin or not self.server.cors:
            return {}
        if "*" in self.server.cors:
            return {"Access-Control-Allow-Origin": "*"}
        if origin in self.server.cors:
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        return {}

    def _host_ok(self) -> bool:
        allowed = self.server.allowed_hosts
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1:
            return False  # two Host headers: which one a proxy or a cache believed is anyone's guess
        host = hosts[0] if hosts else None
        if allowed is None or host is None:
            return True
        host = host.strip().lower()
        if host.startswith("["):
            name, _, rest = host[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else ""
        else:
            name, _, port = host.partition(":")
        if port and port != str(self.server.server_address[1]):
            return False
        return name in allowed

    def _guard(self) -> bool:
        if not (self.path.startswith("/") and not self.path.startswith("//")) and self.path != "*":
            # absolute-form ("GET http://other/sparql") names a host of its own, which
            # would override the Host header this server checks
            self.close_connection = True
            self._error(400, "request target must be a path (/sparql…)")
            return False
        if not self._host_ok():
            self._error(403, "unexpected Host header (this server only answers to its own address)")
            return False
        return True

    # -- methods
    def do_GET(self):
        self._dispatch("GET")

    def do_HEAD(self):
        self._dispatch("HEAD")

    def do_POST(self):
        self._dispatch("POST")

    def do_PUT(self):
        self._dispatch("PUT")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def do_PATCH(self):
        self._dispatch("PATCH")

    def do_OPTIONS(self):
        if not self._guard():
            return
        headers = {"Allow": "GET, POST, OPTIONS"}
        if self._cors_headers():
            headers.update({
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "600",
            })
        self._send(204, b"", headers=headers)

    def _dispatch(self, method: str):
        self._arrived = time.monotonic()  # the time limit counts from here, queueing included
        try:
            if not self._guard():
                return
            url = urllib.parse.urlsplit(self.path)
            path = url.path
            if path in ("/sparql", "/query"):
                if method not in ("GET", "POST"):
                    raise Refusal(405, "the SPARQL endpoint takes GET and POST; the graph is read-only", {"Allow": "GET, POST, OPTIONS"})
                self._query(method, url)
            elif path == "/update":
                self._drain()
                raise Refusal(403, "SPARQL Update is not allowed: the graph is read-only")
            elif path == "/store":
                if method not in ("GET", "HEAD"):
                    self._drain()
                    raise Refusal(405, "Graph Store writes are not allowed: the graph is read-only", {"Allow": "GET, HEAD"})
                self._store(method, url)
            elif path in UI_FILES:
                if method not in ("GET", "HEAD"):
                    raise Refusal(405, "method not allowed", {"Allow": "GET, HEAD"})
                self._static(method, path)
            else:
                raise Refusal(404, "not found: the SPARQL endpoint is /sparql, the query UI is /")
        except Refusal as r:
            self._error(r.status, r.message, r.headers)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _drain(self):
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = -1
        if self.headers.get("Transfer-Encoding"):
            n = -1
        if 0 < n <= MAX_REQUEST_BYTES:
            self.rfile.read(n)
        elif n:
            self.close_connection = True

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            raise Refusal(411, "send the request body with a Content-Length")
        values = self.headers.get_all("Content-Length") or []
        try:
            n = int(values[0]) if values else 0
        except ValueError:
            n = -1
        if n < 0 or len(values) > 1 or not (values[0].strip().isdigit() if values else True):
            self.close_connection = True
            raise Refusal(400, "bad Content-Length")
        if n > MAX_REQUEST_BYTES:
            self.close_connection = True
            raise Refusal(413, f"request too large (limit {MAX_REQUEST_BYTES} bytes)")
        return self.rfile.read(n) if n > 0 else b""

    # -- SPARQL queries
    def _query(self, method: str, url):
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        text = None
        if method == "POST":
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self._body()
            if ctype == "application/sparql-update":
                raise Refusal(403, "SPARQL Update is not allowed: the graph is read-only")
            if ctype == "application/x-www-form-urlencoded":
                try:
                    form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
                except UnicodeDecodeError:
                    raise Refusal(400, "the form is not UTF-8") from None
                for k, v in form.items():
                    params.setdefault(k, []).extend(v)
            elif ctype == "application/sparql-query":
                try:
                    text = body.decode("utf-8")
                except UnicodeDecodeError:
                    raise Refusal(400, "the query is not UTF-8") from None
            else:
                raise Refusal(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
        if "update" in params:
            raise Refusal(403, "SPARQL Update is not allowed: the graph is read-only")
        for p in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"):
            if p in params:
                raise Refusal(403, f"the {p} parameter is not allowed: queries run over the built graph only")
        if text is None:
            values = params.get("query", [])
            if len(values) > 1:
                raise Refusal(400, "more than one query parameter")
            if not values:
                if method == "GET" and "text/html" in (self.headers.get("Accept") or ""):
                    raise Refusal(303, "the query UI is at /", {"Location": "/"})
                raise Refusal(400, "missing query parameter (GET /sparql?query=… or POST)")
            text = values[0]
        elif "query" in params:
            raise Refusal(400, "query both in the URL and in the body")
        self._check(text)
        accept = self.headers.get("Accept") or "*/*"
        fmt = (params.get("format") or params.get("output") or [None])[0]
        if fmt:
            accept = FORMAT_TYPES.get(fmt.lower(), fmt)
        deadline = self._arrived + self.server.query_timeout
        if not self.server.slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise Refusal(503, "too many queries running; try again", {"Retry-After": "5"})
        try:
            status, headers, body = self._forward(
                "POST", "/query", text.encode("utf-8"),
                {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
                deadline=deadline,
            )
        finally:
            self.server.slots.release()
        if status == 200 and CANCELLED in body[-200:]:
            raise Refusal(504, self._timeout_message())
        ctype = headers.get("content-type", "application/octet-stream")
        if status == 200 and not _complete(ctype, body):
            raise Refusal(502, "the query failed while its results were being written: " + _tail(body))
        extra = {}
        if headers.get("content-disposition"):
            extra["Content-Disposition"] = headers["content-disposition"]
        self._send(status, body, ctype, extra)

    def _timeout_message(self) -> str:
        return f"query stopped: it ran longer than the server's {self.server.query_timeout:g} s time limit"

    def _check(self, text: str) -> None:
        """:func:`graph.query.check_safe` in a checker process, within the request's time limit."""
        outcome, message = self.server.checkers.check(
            text, self._arrived + self.server.query_timeout, self.server.query_timeout)
        if outcome == "refused":
            raise Refusal(403, message)
        if outcome == "usage":
            raise Refusal(400, message)

    # -- forwarding
    def _forward(self, method: str, path: str, body: bytes | None, headers: dict, deadline: float | None):
        # Only reads ever reach the engine (with --memory it is a writable server): a checked
        # query, Graph Store reads, the query UI's files.
        bare = path.split("?", 1)[0]
        if not ((method, bare) == ("POST", "/query") or (method in ("GET", "HEAD") and bare in ("/store", *UI_FILES))):
            raise Refusal(403, "the graph is read-only")
        host, port = self.server.upstream
        conn = http.client.HTTPConnection(host, port, timeout=10)
        try:
            try:
                conn.request(method, path, body=body, headers=headers)
                if deadline is not None:
                    conn.sock.settimeout(max(0.05, deadline - time.monotonic()))
                resp = conn.getresponse()
                out = bytearray()
                while True:
                    if deadline is not None:
                        left = deadline - time.monotonic()
                        if left <= 0:
                            raise socket.timeout()
                        conn.sock.settimeout(left)
                    chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > self.server.max_response:
                        raise Refusal(
                            507,
                            f"the result is larger than the server's {self.server.max_response // (1024 * 1024)} MB "
                            "limit; add LIMIT or narrow the query",
                        )
                return resp.status, {k.lower(): v for k, v in resp.getheaders()}, bytes(out)
            except (socket.timeout, TimeoutError):
                raise Refusal(504, self._timeout_message()) from None
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                raise Refusal(502, f"the SPARQL engine is not answering ({exc.__class__.__name__})") from None
        finally:
            conn.close()  # closing mid-answer stops Oxigraph's evaluation

    def _static(self, method: str, path: str):
        status, headers, body = self._forward(method, path, None, {"Accept": self.headers.get("Accept") or "*/*"}, None)
        extra = {"Cache-Control": "max-age=3600"} if path != "/" else {}
        self._send(status, body, headers.get("content-type", "application/octet-stream"), extra)

    def _store(self, method: str, url):
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if set(params) - {"graph", "default"}:
            raise Refusal(400, "Graph Store reads take ?default or ?graph=IRI")
        query = urllib.parse.urlencode({k: v[0] for k, v in params.items()})
        deadline = time.monotonic() + self.server.query_timeout
        accept = self.headers.get("Accept") or "text/turtle"
        status, headers, body = self._forward(method, "/store" + (f"?{query}" if query else ""), None, {"Accept": accept}, deadline)
        self._send(status, body, headers.get("content-type", "application/octet-stream"))


def _complete(ctype: str, body: bytes) -> bool:
    """Cheap end-of-document checks where the format allows one (JSON, XML)."""
    tail = body[-64:].rstrip()
    if "json" in ctype:
        return tail.endswith((b"}", b"]"))
    if "xml" in ctype:
        return tail.endswith(b">")
    return True


def _tail(body: bytes) -> str:
    return body[-300:].decode("utf-8", "replace").strip().splitlines()[-1][-200:] if body.strip() else "no detail"


# -- the endpoint ---------------------------------------------------------------------


class Endpoint:
    """The front and its Oxigraph server, started and stopped together (a context manager)."""

    def __init__(self, out_dir: Path = Path("out"), host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                 timeout: float = DEFAULT_TIMEOUT, cors: tuple[str, ...] = (), allow_hosts: tuple[str, ...] = (),
                 quiet: bool = False, binary: str | None = None, max_response: int = MAX_RESPONSE_BYTES,
                 store: Path | None = None, memory: bool = False, advertise: bool = False):
        if timeout <= 0:
            raise UsageError("--timeout must be positive")
        self.out_dir = Path(out_dir)
        self.host, self.port = host, port
        self.timeout = timeout
        self.cors, self.allow_hosts = tuple(cors), tuple(allow_hosts)
        self.quiet = quiet
        self.binary = binary
        self.max_response = max_response
        self.store = Path(store) if store else None
        self.memory = memory
        self.advertise = advertise  # write OUT/.czt-kg-serve.json, so `czt-kg query` asks this server
        self._backend_args: tuple | None = None
        self.restarts = 0
        self.backend: OxigraphProcess | None = None
        self.httpd: FrontServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> "Endpoint":
        from .store import ensure_store, source_fingerprint, source_file

        # what this server will hold, taken before loading it (a rebuild meanwhile makes it differ)
        loaded = source_fingerprint(self.out_dir) if self.advertise and self.store is None else None
        if self.memory:
            self._backend_args = (None, self.timeout, self.binary, {"memory": source_file(self.out_dir)})
        else:
            store = self.store or ensure_store(self.out_dir, quiet=self.quiet)
            self._backend_args = (store, self.timeout, self.binary, {})
        self.backend = self._new_backend()
        try:
            self.httpd = FrontServer(
                (self.host, self.port), (self.backend.host, self.backend.port), timeout=self.timeout,
                cors=self.cors, allow_hosts=self.allow_hosts, quiet=self.quiet, max_response=self.max_response,
            )
        except OSError as exc:
            self.backend.stop()
            raise UsageError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from None
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="czt-kg-front", daemon=True)
        self._thread.start()
        if self._advertised():
            from .store import write_server_file

            write_server_file(self.out_dir, self._loopback_url(), self.memory, loaded)
        return self

    def _advertised(self) -> bool:
        """Whether OUT/.czt-kg-serve.json is this server's to write: only a loopback bind is advertised.

        A server listening on another address may accept other ``Host`` names only
        (``--allow-host``), and is not what a plain ``czt-kg query`` should talk to.
        """
        return self.advertise and self.store is None and _loopback(self.host)

    def _loopback_url(self) -> str:
        """The URL a process of this machine reaches the front at (loopback, as an IP literal)."""
        host = "127.0.0.1" if self.host == "localhost" else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/sparql"

    def _new_backend(self) -> OxigraphProcess:
        store, timeout, binary, kw = self._backend_args
        return OxigraphProcess(store, timeout, binary, **kw).start()

    def restart_backend(self) -> None:
        """Replace a backend that died (e.g. a query overflowed Oxigraph's stack); the front keeps its port.

        Requests in flight when it died got 502; the next ones go to the new process.
        """
        old = self.backend
        detail = ""
        if old is not None:
            code = old.proc.returncode if old.proc is not None else None
            detail = f" (exit code {code}: {old._log_tail() or 'no output'})"
            old.stop()
        self.backend = self._new_backend()
        self.restarts += 1
        if self.httpd is not None:
            self.httpd.upstream = (self.backend.host, self.backend.port)
        print(f"czt-kg: the oxigraph server stopped unexpectedly{detail}; restarted it", file=sys.stderr, flush=True)

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        if host in ("0.0.0.0", "[::]"):
            host = "127.0.0.1"
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        return self.base_url + "/sparql"

    def close(self) -> None:
        if self._advertised():
            from .store import remove_server_file

            remove_server_file(self.out_dir)
        httpd, self.httpd = self.httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        backend, self.backend = self.backend, None
        if backend is not None:
            backend.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()


def serve(out_dir: Path, host: str, port: int, timeout: float, cors=(), allow_hosts=(), quiet=False,
          memory: bool = False) -> int:
    ep = Endpoint(out_dir, host, port, timeout, tuple(cors), tuple(allow_hosts), quiet, memory=memory,
                  advertise=True).start()
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    old = signal.signal(signal.SIGTERM, on_signal)
    try:
        print(f"SPARQL endpoint: {ep.url}  (query UI: {ep.base_url}/; time limit {timeout:g} s; Ctrl-C stops)", flush=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            print(f"czt-kg: warning: listening on {host}, not only on this machine", file=sys.stderr)
        recent: list[float] = []
        while not stop.is_set():
            if not ep.backend or not ep.backend.alive():
                # the front stays up (closing it would refuse every client); the engine is replaced
                now = time.monotonic()
                recent = [t for t in recent if now - t < 60] + [now]
                if len(recent) > 5:
                    print("czt-kg: the oxigraph server keeps stopping; giving up", file=sys.stderr)
                    return 1
                try:
                    ep.restart_backend()
                except CztError as exc:
                    print(f"czt-kg: {exc}", file=sys.stderr)
                    return 1
            stop.wait(0.2)
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, old)
        ep.close()


def cmd_serve(args) -> int:
    return serve(Path(args.out), args.host, args.port, args.timeout, args.cors or (), args.allow_host or (), args.quiet,
                 memory=args.memory)


def add_commands(subparsers) -> None:
    p = subparsers.add_parser("serve", help="serve the built graph as a read-only SPARQL endpoint (with a query UI)")
    p.add_argument("--out", default="out", help="build output folder (default: out); its store is (re)loaded if needed")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT}; 0 picks a free one)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="S", help="per-query time limit in seconds (default: 30)")
    p.add_argument("--cors", action="append", metavar="ORIGIN", help="allow browser pages from ORIGIN to read results (repeatable)")
    p.add_argument("--allow-host", action="append", metavar="NAME", help="also accept this Host header name (behind a proxy)")
    p.add_argument("--memory", action="store_true",
                   help="hold the graph in memory (loaded from OUT/czt.trig at start): several times faster queries")
    p.add_argument("--quiet", action="store_true", help="no request log")
    p.set_defaults(func=cmd_serve)
