"""Big outputs written around the page cache (``O_DIRECT``), where the platform allows.

At 10,000 pages the four graph files are 3.35 GB, most of it copied from the previous
build's files.  Written through the page cache, every 4 KiB page of them is allocated,
filled, then written back by the ``fsync``: on this (virtual) machine that cost 2.6-4.9 s
of system time per 1.85 GB, against 0.35-0.42 s for the same bytes written with
``O_DIRECT`` (``dd ... oflag=direct``), and a buffered read of a file not in the page
cache 3.4 s against 0.04 s with ``iflag=direct``.  The build never reads its graph files
back, so nothing is lost by keeping them out of the cache (and the cache keeps what the
user had in it).

:class:`DirectAppender` takes the bytes of one output in order, whole or as ranges of
another file, through one page-aligned buffer written a block-aligned piece at a time;
the last partial block is written without ``O_DIRECT``.  Where a file system refuses
``O_DIRECT`` (tmpfs on older kernels, other platforms) it writes and copies the plain
way, with the same bytes as the result.

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> src = os.path.join(folder, "previous")
>>> with open(src, "wb") as fh:
...     _ = fh.write(bytes(range(256)) * 40)
>>> fd = os.open(os.path.join(folder, "new"), os.O_WRONLY | os.O_CREAT)
>>> out = DirectAppender(fd)
>>> out.write(b"head ")
>>> out.copy(src, 4097, 3)
>>> out.write(b" tail")
>>> out.finish()
>>> os.close(fd)
>>> open(os.path.join(folder, "new"), "rb").read()
b'head \\x01\\x02\\x03 tail'
"""

from __future__ import annotations

import errno
import fcntl
import mmap
import os

#: alignment of O_DIRECT offsets, lengths and buffers (the page size; a multiple of any
#: logical block size Linux file systems ask for)
BLOCK = 4096
#: bytes gathered before a write, and read from a source file at a time
BUFFER = 8 << 20
_O_DIRECT = getattr(os, "O_DIRECT", 0)


def _set_direct(fd: int, on: bool) -> bool:
    """Turn ``O_DIRECT`` on or off for ``fd``; whether it is now as asked."""
    if not _O_DIRECT:
        return not on
    try:
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, (flags | _O_DIRECT) if on else (flags & ~_O_DIRECT))
    except OSError:
        return not on
    return True


def _write_all(fd: int, view) -> None:
    while len(view):
        n = os.write(fd, view)
        if n <= 0:
            raise OSError(errno.EIO, "write wrote nothing")
        view = view[n:]


class DirectAppender:
    """Append bytes to ``fd`` (opened for writing, at offset 0) with ``O_DIRECT`` where
    it is allowed, else plainly; :meth:`finish` writes what is left.  ``fd`` stays open."""

    def __init__(self, fd: int, buffer: int = BUFFER) -> None:
        self.fd = fd
        self._buf = mmap.mmap(-1, buffer)  # page-aligned, as O_DIRECT needs
        self._view = memoryview(self._buf)
        self._fill = 0
        self.direct = _set_direct(fd, True)
        self.direct_bytes = 0  #: bytes written with O_DIRECT
        self._source: tuple[str, int, mmap.mmap, memoryview, int, int] | None = None

    # -- bytes in ---------------------------------------------------------------------

    def write(self, data) -> None:
        """Append ``data`` (bytes-like)."""
        data = memoryview(data).cast("B")
        size = len(self._view)
        while len(data):
            n = min(len(data), size - self._fill)
            self._view[self._fill : self._fill + n] = data[:n]
            self._fill += n
            data = data[n:]
            if self._fill == size:
                self._flush()

    def copy(self, path: str, offset: int, length: int) -> None:
        """Append ``length`` bytes at ``offset`` of the file ``path``: read in aligned
        windows with ``O_DIRECT`` where allowed (the source's pages stay out of the cache
        too), else plainly; an :class:`OSError` when the file is shorter."""
        while length > 0:
            window, start, have = self._window(path, offset)
            n = min(length, have - (offset - start))
            if n <= 0:
                raise OSError(errno.EIO, f"{path} is shorter than expected")
            self.write(window[offset - start : offset - start + n])
            offset += n
            length -= n

    def _window(self, path: str, offset: int):
        """(a buffer of ``path``'s bytes holding ``offset``, the offset it starts at, how
        many bytes it holds); the last window read is kept (ranges copied in a row are
        mostly in order)."""
        src = self._source
        if src is None or src[0] != path:
            self._close_source()
            fd = direct = None
            if _O_DIRECT:
                try:
                    fd, direct = os.open(path, os.O_RDONLY | _O_DIRECT), True
                except OSError:
                    fd = None
            if fd is None:
                fd, direct = os.open(path, os.O_RDONLY), False
            buf = mmap.mmap(-1, len(self._view))
            src = self._source = (path, fd, buf, memoryview(buf), -1, 0)
            self._source_direct = direct
        _path, fd, _buf, view, start, have = src
        if not (start <= offset < start + have):
            start = offset - offset % BLOCK
            try:
                have = os.preadv(fd, [view], start)
            except OSError as exc:
                if exc.errno != errno.EINVAL or not self._source_direct:
                    raise
                _set_direct(fd, False)  # a file system that takes the flag but not the reads
                self._source_direct = False
                have = os.preadv(fd, [view], start)
            self._source = (_path, fd, _buf, view, start, have)
        return view, start, have

    # -- bytes out --------------------------------------------------------------------

    def _flush(self) -> None:
        """Write the buffer's whole blocks; keep the rest at its start."""
        whole = self._fill - self._fill % BLOCK if self.direct else self._fill
        if whole:
            try:
                _write_all(self.fd, self._view[:whole])
                if self.direct:
                    self.direct_bytes += whole
            except OSError as exc:
                if exc.errno != errno.EINVAL or not self.direct:
                    raise
                # the flag was taken, the write refused: written plainly from here on
                # (O_DIRECT writes that fail with EINVAL have written nothing)
                self.direct = not _set_direct(self.fd, False)
                _write_all(self.fd, self._view[:whole])
            rest = self._fill - whole
            if rest:
                self._view[:rest] = self._view[whole : self._fill]
            self._fill = rest

    def finish(self) -> None:
        """Write what is buffered (its last partial block without ``O_DIRECT``) and let
        the buffers go."""
        try:
            self._flush()
            if self._fill:
                if self.direct:
                    _set_direct(self.fd, False)
                    self.direct = False
                _write_all(self.fd, self._view[: self._fill])
                self._fill = 0
        finally:
            self.close()

    def close(self) -> None:
        """Let the buffers (and the source file) go, written or not."""
        buf, self._buf = self._buf, None
        try:
            self._close_source()
        finally:
            if buf is not None:
                _release(self._view, buf)

    def _close_source(self) -> None:
        src, self._source = self._source, None
        if src is not None:
            _path, fd, buf, view, _start, _have = src
            os.close(fd)
            _release(view, buf)


def _release(view: memoryview, buf: mmap.mmap) -> None:
    """Unmap a buffer now, unless a failed write's traceback still holds a slice of it
    (then it goes with the traceback)."""
    try:
        view.release()
        buf.close()
    except BufferError:
        pass
