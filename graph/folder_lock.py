"""One build at a time per output folder (and cache folder).

Two ``czt-kg build`` writing one folder at once would remove each other's temporary
files and could leave outputs from two builds side by side, or memos describing the
other build's files.  A build holds a lock on each folder it writes (a POSIX record
lock on ``FOLDER/.czt-kg.lock``, removed when the build ends); a second build waits
for the first to finish, then runs (incrementally, from the first one's cache).

The lock is the build process's own: forked workers do not hold it, and it goes with
the process however that ends (a crash, ``kill -9``, ``os._exit``), so the lock file a
killed build leaves blocks nobody.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable
from contextlib import ExitStack, contextmanager
from pathlib import Path

from .errors import OutputError

try:  # POSIX; elsewhere builds are not kept apart
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms this runs on
    fcntl = None

LOCK_FILE = ".czt-kg.lock"

#: what a caller is told once when a folder is busy: (folder, holder's pid or None)
Waiting = Callable[[Path, "int | None"], None]


def holder_of(lock_file: Path) -> int | None:
    """The pid written in ``lock_file`` by the build holding it (None if unreadable)."""
    try:
        text = lock_file.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _missing(folder: Path) -> list[Path]:
    """``folder`` and those of its parents that do not exist yet, innermost first."""
    out = []
    while not folder.exists() and folder != folder.parent:
        out.append(folder)
        folder = folder.parent
    return out


def _locked(fd: int, lock_file: Path, folder: Path, waiting: Waiting | None) -> bool:
    """Lock ``fd`` (``lock_file``'s), waiting for another holder after saying so once;
    False where the file system has no locks (ENOLCK…): built as before, unguarded."""
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EAGAIN):
            return False
    if waiting is not None:
        waiting(folder, holder_of(lock_file))
    fcntl.lockf(fd, fcntl.LOCK_EX)
    return True


@contextmanager
def _one(folder: Path, waiting: Waiting | None):
    """Hold ``folder``'s lock (the folder made if missing), waiting for another holder;
    the lock file is removed when the build ends.  A failed build leaves no folder it
    made only to lock it: bad input writes nothing."""
    lock_file = folder / LOCK_FILE
    made = _missing(folder)
    try:
        while True:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                locked = _locked(fd, lock_file, folder, waiting)
                waiting = None  # said once, however many times the file changes hands
                # the file the build before removed as it ended, while this one waited on it: again
                if not locked or os.fstat(fd).st_ino == os.stat(lock_file).st_ino:
                    break
            except FileNotFoundError:
                pass
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
    except OSError as exc:
        raise OutputError(f"cannot lock the folder for this build ({exc.strerror or exc})", path=folder) from None
    try:
        if locked:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    except BaseException:
        _release(fd, lock_file, locked)
        for f in made:  # a failed build leaves no folder it made only to lock it
            try:
                f.rmdir()
            except OSError:  # something else is in it, or another build made it too
                break
        raise
    else:
        _release(fd, lock_file, locked)


def _release(fd: int, lock_file: Path, locked: bool) -> None:
    """Remove the lock file, then let the lock go: a build waiting on the removed file
    finds it gone once it has the lock, and locks a new one (see :func:`_one`)."""
    if locked:
        try:
            lock_file.unlink()
        except OSError:
            pass
    os.close(fd)  # releases the lock (a record lock is the process's, not inherited by forks)


@contextmanager
def one_build_at_a_time(folders: Iterable[Path | None], waiting: Waiting | None = None):
    """Hold the lock of every folder in ``folders`` (None entries skipped, one folder
    named twice locked once) while the block runs; always taken in the same order, so
    that two builds sharing two folders cannot wait for each other.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with one_build_at_a_time([Path(d) / "out", None]):
    ...         holder_of(Path(d) / "out" / LOCK_FILE) == os.getpid()
    True
    """
    if fcntl is None:
        yield
        return
    unique = {os.path.abspath(f): Path(f) for f in folders if f is not None}
    with ExitStack() as stack:
        for key in sorted(unique):
            stack.enter_context(_one(unique[key], waiting))
        yield
