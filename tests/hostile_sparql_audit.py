"""Run ``czt-kg`` with an audit hook that logs every network attempt of the Python process.

Used by ``tests/test_hostile_sparql.py``: ``python tests/hostile_sparql_audit.py LOG WATCH -- serve ...``
runs the real ``czt-kg serve`` in this process after installing :func:`sys.addaudithook`.
Every ``socket.connect``, ``socket.sendto``/``sendmsg``, ``socket.getaddrinfo``,
``socket.gethostbyname``/``gethostbyaddr``, ``urllib.Request`` and every ``open`` of a
path containing WATCH (the test's secret ``file:`` target) is written to LOG as one JSON
line.  The test subtracts the front's own connections to its Oxigraph backend and
counts the rest: it must count none.
"""

from __future__ import annotations

import json
import sys
import threading

NETWORK_EVENTS = {
    "socket.connect",
    "socket.sendto",
    "socket.sendmsg",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "urllib.Request",
    "http.client.connect",
    "webbrowser.open",
}


def main() -> int:
    log_path, watch, sep, *argv = sys.argv[1:]
    assert sep == "--", "usage: hostile_sparql_audit.py LOG WATCH -- czt-kg arguments"
    log = open(log_path, "a", buffering=1, encoding="utf-8")
    lock = threading.Lock()
    busy = threading.local()

    def hook(event, args):
        if getattr(busy, "on", False):
            return
        interesting = event in NETWORK_EVENTS
        if not interesting and event == "open" and args and watch and watch in str(args[0]):
            interesting = True
        if not interesting:
            return
        busy.on = True
        try:
            detail = []
            for a in args:
                if hasattr(a, "fileno") and hasattr(a, "family"):
                    continue  # the socket object itself
                detail.append(a if isinstance(a, (str, int, float, type(None))) else repr(a))
            with lock:
                log.write(json.dumps({"event": event, "args": detail}, ensure_ascii=False) + "\n")
        finally:
            busy.on = False

    sys.addaudithook(hook)
    from graph.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
