"""Work done by a forked process beside the build: it inherits the build's memory
(the statements, the records) without a copy, sends back one report, and dies with
the build.  The validator, the graph-file writer, the page drawer and half of the rdf
stage's numbering run this way (see :mod:`graph.build`, :mod:`graph.rdf`)."""

from __future__ import annotations

import os
import time

from .errors import OutputError


class Forked:
    """A forked process (it inherits the statements without a copy) that sends back one
    report, (status, payload, wall seconds, CPU seconds), and dies with its parent."""

    def __init__(self, proc, conn):
        self.proc, self.conn = proc, conn

    @classmethod
    def _fork(cls, target, *args):
        """Start ``target(*args, conn, parent pid)`` in a forked process; None where there is no fork."""
        import multiprocessing as mp

        if "fork" not in mp.get_all_start_methods():
            return None
        ctx = mp.get_context("fork")
        parent_end, child_end = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=target, args=(*args, child_end, os.getpid()), daemon=True)
        proc.start()
        child_end.close()
        return cls(proc, parent_end)

    def _receive(self) -> tuple:
        """The process's report as it comes (EOFError: it sent none)."""
        return self.conn.recv()

    def _report(self, died: str) -> tuple:
        """The process's report, once it has ended; ``died`` says what failed if it sent none."""
        try:
            report = self._receive()
        except EOFError:
            self.proc.join()
            raise DiedError(f"{died} died (exit code {self.proc.exitcode}); nothing was written") from None
        self.proc.join()
        return report

    def cancel(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()


class DiedError(OutputError):
    """A forked stage ended without a report (killed, or out of memory): nothing is written."""


class ForkedCall(Forked):
    """``fn(*args, **kw)`` run by a forked process while this one goes on; :meth:`result`
    gives its value, wall seconds and CPU seconds, or raises its error."""

    @classmethod
    def start(cls, fn, *args, niceness: int = 0, **kw) -> "ForkedCall | None":
        """``niceness``: how far below this process's CPU priority it runs (see :func:`forked_niceness`)."""
        call = cls._fork(_call_forked, fn, args, kw, niceness)
        if call is not None:
            call.what = fn.__name__.strip("_")
        return call

    def result(self):
        status, payload, seconds, cpu = self._report(f"the process running {self.what}")
        if status != "ok":
            raise payload
        return payload, seconds, cpu


def _call_forked(fn, args, kw, niceness: int, conn, parent: int) -> None:
    """In a :class:`ForkedCall`'s process: run, send back the value or the error."""
    import pickle

    die_with_parent(parent)
    yield_to_parent(niceness)
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        result = ("ok", fn(*args, **kw))
    except BaseException as exc:  # noqa: BLE001 - raised again by the parent
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:  # noqa: BLE001 - an error that does not cross processes: its text does
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        result = ("error", exc)
    try:
        conn.send((*result, time.perf_counter() - t0, time.process_time() - c0))
    finally:
        conn.close()
        os._exit(0)


def yield_to_parent(niceness: int) -> None:
    """Run ``niceness`` below the build process's priority (0: the same)."""
    if niceness <= 0:
        return
    try:
        os.nice(niceness)
    except (AttributeError, OSError):  # no nice() here: the same work, in another order
        pass


def die_with_parent(parent: int) -> None:
    """Linux: be killed when the build process dies (best effort elsewhere)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except Exception:
        pass
    if os.getppid() != parent:
        os._exit(1)
