"""A pre-loaded builder that forks one real build per request (for ``tests/test_crash_safety.py``).

Importing the package, jieba and pyshacl takes longer than building one short page, so
100 killed builds would mostly kill interpreters that are still importing.  This process
imports everything once, runs one warm-up build, then for each ``build DATA OUT`` line
on stdin forks a child that runs :func:`graph.build.build` (the code path of
``czt-kg build``) and prints ``pid N``; the test SIGKILLs that child at its chosen
moment and sends ``wait N``, answered by ``status exited:CODE`` or ``status killed:SIGNAL``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def child(data: str, out: str) -> None:
    code = 0
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # stdout is the protocol pipe: the build must not write into it
    try:
        from graph.build import build

        build(Path(data), Path(out), jobs=1)
    except BaseException as exc:  # noqa: BLE001 - report and exit
        sys.stderr.write(f"build failed: {exc}\n")
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main() -> int:
    warm_data = sys.argv[1]
    from graph.build import build

    with tempfile.TemporaryDirectory() as tmp:
        build(Path(warm_data), Path(tmp) / "out", jobs=1)  # loads jieba's dictionary, compiles rules
    print("ready", flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "build":
            pid = os.fork()
            if pid == 0:
                child(parts[1], parts[2])
            print(f"pid {pid}", flush=True)
        elif parts[0] == "wait":
            _, status = os.waitpid(int(parts[1]), 0)
            if os.WIFSIGNALED(status):
                print(f"status killed:{os.WTERMSIG(status)}", flush=True)
            else:
                print(f"status exited:{os.WEXITSTATUS(status)}", flush=True)
        elif parts[0] == "quit":
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
