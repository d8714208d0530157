"""One build at a time per output folder: a second build waits, a dead one blocks nobody."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph import synth
from graph.build import build
from graph.folder_lock import LOCK_FILE, holder_of, one_build_at_a_time

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("czt.ttl", "czt.trig", "czt.nq", "czt.jsonld", "graph.html", "analysis.json", "report.txt")

#: a process holding ``sys.argv[1]``'s lock: says "held", then waits until killed or
#: its standard input closes
HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from graph.folder_lock import one_build_at_a_time
    with one_build_at_a_time([Path(sys.argv[1])]):
        print("held", flush=True)
        sys.stdin.read()
""")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, lexicon):
    return synth.write_corpus(tmp_path_factory.mktemp("pages"), 2, ROOT / "data" / "lexicon", lexicon)


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def _can_lock_now(folder: Path) -> bool:
    """Whether another process gets ``folder``'s lock at once (nobody holds it)."""
    probe = ("import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
             "fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)")
    return subprocess.run([sys.executable, "-c", probe, str(folder / LOCK_FILE)], capture_output=True).returncode == 0


def test_a_second_build_of_a_folder_waits_for_the_first_and_says_so(tmp_path, corpus):
    out = tmp_path / "out"
    with one_build_at_a_time([out]):  # this test is the first build, holding the folder
        waiter = subprocess.Popen([sys.executable, "-m", "graph.cli", "build", "--data", str(corpus), "--out", str(out),
                                   "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
        said = waiter.stderr.readline()  # the build stops there until the folder is free
        assert said == (f"czt-kg: {out}: another czt-kg build (pid {os.getpid()}) is writing this folder; "
                        "waiting for it to finish\n")
        assert waiter.poll() is None and not (out / "czt.nq").exists()
    stdout, stderr = waiter.communicate(timeout=300)
    assert waiter.returncode == 0, stderr
    assert all((out / name).stat().st_size > 0 for name in OUTPUTS)
    assert "wrote:" in stdout
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUTS, ".cache"])  # no lock file left


def test_two_builds_started_together_both_finish_with_the_same_outputs(tmp_path, corpus):
    """No build fails, and the folder ends with one build's outputs, whichever ran last."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "graph.cli", "build", "--data", str(corpus), "--out", str(out), "--jobs", "1"]
    builds = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
              for _ in range(2)]
    done = [b.communicate(timeout=300) for b in builds]
    assert [b.returncode for b in builds] == [0, 0], [err for _out, err in done]
    assert sum("waiting for it to finish" in err for _out, err in done) <= 1  # most often 1: one holds, one waits
    alone = tmp_path / "alone"
    build(corpus, alone, jobs=1, cache=False)
    assert all((out / name).read_bytes() == (alone / name).read_bytes() for name in OUTPUTS)


def test_a_lock_left_by_a_killed_build_blocks_nobody(tmp_path, corpus, lexicon):
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env=_env())
    assert holder.stdout.readline() == "held\n"
    assert holder_of(out / LOCK_FILE) == holder.pid and not _can_lock_now(out)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    waits = []
    build(corpus, out, jobs=2, lexicon=lexicon, waiting=lambda *args: waits.append(args))
    assert waits == []  # the dead build's lock file was there, its lock went with it
    assert not (out / LOCK_FILE).exists() and not (out / ".cache" / LOCK_FILE).exists()  # nothing left behind
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUTS, ".cache"])


def test_a_build_that_cannot_lock_its_folder_names_it(tmp_path, corpus, lexicon):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    from graph.errors import OutputError

    with pytest.raises(OutputError) as caught:
        build(corpus, blocker / "out", lexicon=lexicon)
    assert str(caught.value).startswith(f"{blocker / 'out'}: cannot lock the folder for this build (")
    assert caught.value.exit_code == 6


def test_bad_data_is_refused_before_an_output_folder_is_made(tmp_path):
    from graph.errors import DataError

    with pytest.raises(DataError):
        build(tmp_path / "nowhere", tmp_path / "out")
    assert not (tmp_path / "out").exists()
