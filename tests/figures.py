"""Print a suite's counted figures on the terminal, whether or not pytest captures output.

``report(request, "encodings: 352 files, …")`` writes one line through pytest's
terminal reporter with capture suspended, and also ``print``s it (so ``-s`` and
``-rP`` show it too).
"""

from __future__ import annotations


def report(request, line: str) -> None:
    print(line)
    config = request.config
    tr = config.pluginmanager.getplugin("terminalreporter")
    capman = config.pluginmanager.getplugin("capturemanager")
    if tr is None:
        return
    if capman is not None:
        with capman.global_and_fixture_disabled():
            tr.write_line(f"\n[figures] {line}")
    else:
        tr.write_line(f"[figures] {line}")
