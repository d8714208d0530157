"""graph.direct_io: big outputs written around the page cache, byte for byte what a
plain write would give, whatever the file system allows."""

from __future__ import annotations

import errno
import os
import random
from pathlib import Path

import pytest

from graph import direct_io
from graph.direct_io import BLOCK, DirectAppender
from graph.errors import OutputError
from graph.outputs import CopyRange, OutputSet


def _source(tmp_path, size: int = 5 * BLOCK + 123):
    """A previous file of ``size`` bytes, none like its neighbour."""
    data = bytes(random.Random(7).randrange(256) for _ in range(size))
    path = tmp_path / "previous.nq"
    path.write_bytes(data)
    return str(path), data


def _steps(data: bytes, seed: int):
    """Writes and ranges of ``data`` (unaligned, across windows, backwards, empty)."""
    rnd = random.Random(seed)
    steps = [("write", b""), ("copy", 0, 0), ("copy", len(data) - 1, 1), ("copy", 1, BLOCK + 5)]
    for _ in range(40):
        if rnd.random() < 0.4:
            steps.append(("write", "统计 <https://w3id.org/czt-kg/长沙市> .\n".encode() * rnd.randrange(0, 300)))
        else:
            a = rnd.randrange(len(data))
            steps.append(("copy", a, rnd.randrange(0, len(data) - a + 1)))
    return steps


def _run(fd: int, path: str, data: bytes, steps, buffer: int) -> tuple[bytes, DirectAppender]:
    out = DirectAppender(fd, buffer=buffer)
    expected = bytearray()
    for step in steps:
        if step[0] == "write":
            out.write(step[1])
            expected += step[1]
        else:
            out.copy(path, step[1], step[2])
            expected += data[step[1] : step[1] + step[2]]
    out.finish()
    return bytes(expected), out


@pytest.mark.parametrize("buffer", [BLOCK, 3 * BLOCK, direct_io.BUFFER])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_appended_bytes_are_the_chunks_and_ranges_in_order(tmp_path, buffer, seed):
    path, data = _source(tmp_path)
    target = tmp_path / "new.nq"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT)
    try:
        expected, out = _run(fd, path, data, _steps(data, seed), buffer)
    finally:
        os.close(fd)
    assert target.read_bytes() == expected
    if os.environ.get("CI") and hasattr(os, "O_DIRECT"):  # CI's Linux and ext4 /tmp take the flag
        # every whole block around the page cache, the last partial one plainly
        assert out.direct_bytes == len(expected) - len(expected) % BLOCK


def test_written_plainly_where_there_is_no_o_direct(tmp_path, monkeypatch):
    monkeypatch.setattr(direct_io, "_O_DIRECT", 0)
    path, data = _source(tmp_path)
    target = tmp_path / "new.nq"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT)
    try:
        out = DirectAppender(fd, buffer=2 * BLOCK)
        assert out.direct is False
        out.write(b"@prefix : <x> .\n")
        out.copy(path, 3, 3 * BLOCK)
        out.finish()
    finally:
        os.close(fd)
    assert target.read_bytes() == b"@prefix : <x> .\n" + data[3 : 3 + 3 * BLOCK]


def test_a_file_system_refusing_the_direct_writes_gets_them_plainly(tmp_path, monkeypatch):
    """The flag taken, the first write refused (EINVAL): written plainly from there on."""
    real = direct_io._write_all
    refused = []

    def refuse_once(fd, view):
        if not refused:
            refused.append(len(view))
            raise OSError(errno.EINVAL, "Invalid argument")
        real(fd, view)

    monkeypatch.setattr(direct_io, "_write_all", refuse_once)
    path, data = _source(tmp_path)
    target = tmp_path / "new.nq"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT)
    try:
        expected, out = _run(fd, path, data, _steps(data, 9), 2 * BLOCK)
    finally:
        os.close(fd)
    assert refused and not out.direct
    assert target.read_bytes() == expected


def test_a_source_refusing_direct_reads_is_read_plainly(tmp_path, monkeypatch):
    real = os.preadv
    calls = []

    def preadv(fd, buffers, offset):
        calls.append(offset)
        if len(calls) == 1:
            raise OSError(errno.EINVAL, "Invalid argument")
        return real(fd, buffers, offset)

    monkeypatch.setattr(direct_io.os, "preadv", preadv)
    path, data = _source(tmp_path)
    target = tmp_path / "new.nq"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT)
    try:
        out = DirectAppender(fd, buffer=2 * BLOCK)
        out.copy(path, 17, 4 * BLOCK)
        out.finish()
    finally:
        os.close(fd)
    assert len(calls) >= 2
    assert target.read_bytes() == data[17 : 17 + 4 * BLOCK]


def test_a_previous_file_shorter_than_its_ranges_fails_the_output_and_keeps_the_old_one(tmp_path):
    """The graph file being made from a previous one that was cut short: an OutputError
    naming the output, no temporary file left, the output there untouched."""
    path, data = _source(tmp_path)
    out_file = tmp_path / "czt.nq"
    out_file.write_bytes(b"the previous build's file\n")
    pending = OutputSet()
    with pytest.raises(OutputError) as caught:
        pending.add(out_file, [b"head\n", CopyRange(path, len(data) - 10, 50)], direct=True)
    assert "czt.nq" in str(caught.value)
    assert out_file.read_bytes() == b"the previous build's file\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_set_writes_the_same_bytes_direct_or_not(tmp_path):
    path, data = _source(tmp_path)
    chunks = [b"<a> <b> <c> .\n" * 1000, CopyRange(path, 5, 2 * BLOCK + 1), b"tail\n", CopyRange(path, 0, len(data))]
    for direct in (False, True):
        pending = OutputSet()
        pending.add(tmp_path / f"out-{direct}.nq", iter(chunks), direct=direct)
        pending.commit()
    assert (tmp_path / "out-True.nq").read_bytes() == (tmp_path / "out-False.nq").read_bytes()


def test_a_disk_error_mid_file_is_the_outputs_error_with_nothing_left(tmp_path, monkeypatch):
    """A write failing with a full disk after some blocks: the OutputError naming the
    file (not an error about the buffers the failed write still held), no temporary file."""
    real = direct_io._write_all
    writes = []

    def full_after_one(fd, view):
        writes.append(len(view))
        if len(writes) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, view)

    monkeypatch.setattr(direct_io, "_write_all", full_after_one)
    path, data = _source(tmp_path)
    pending = OutputSet()
    with pytest.raises(OutputError, match="No space left") as caught:
        pending.add(tmp_path / "czt.trig", [CopyRange(path, 0, len(data))] * 4000, direct=True)
    assert Path(caught.value.path).name == "czt.trig" and len(writes) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
