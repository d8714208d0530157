"""Where the cores go while a command runs: its processes' CPU and the machine's idle time, second by second.

    python benchmarks/cpu_timeline.py -- czt-kg build --data /tmp/c --out /tmp/o --jobs 2
    python benchmarks/cpu_timeline.py --every 0.1 -- python -c "..."

Every ``--every`` seconds it reads ``/proc``: the CPU seconds (user + system) of the
command and of every process descended from it, and the machine's idle and I/O-wait
time.  It prints one line a second (idle, I/O wait, the command's CPU in all, and each
process's share by pid) and a last line of totals, including the core seconds neither
idle nor the command's (other processes, or time the host took).  This is how the
"where the two cores go in the rebuild" (docs/scale-notes.md) was measured: a rebuild that is bound
by its CPU shows no idle time; a serial stretch or a process running alone shows about
one idle core.  Linux only; figures are printed, nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_table() -> dict[int, tuple[int, int]]:
    """pid → (parent pid, CPU ticks used so far) of every process now running."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rfind(")") + 2 :].split()  # after the command name, which may hold spaces
        table[int(name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return table


def idle_ticks() -> tuple[int, int]:
    """The machine's (idle + I/O wait, I/O wait) ticks so far, all cores together."""
    with open("/proc/stat", encoding="ascii") as f:
        cpu = f.readline().split()[1:]
    return int(cpu[3]) + int(cpu[4]), int(cpu[4])


def descendants(root: int, table: dict[int, tuple[int, int]]) -> set[int]:
    """``root`` and every process below it in ``table``.

    >>> sorted(descendants(1, {1: (0, 0), 2: (1, 0), 3: (2, 0), 4: (0, 0)}))
    [1, 2, 3]
    """
    children: dict[int, list[int]] = defaultdict(list)
    for pid, (parent, _) in table.items():
        children[parent].append(pid)
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in found:
            continue
        found.add(pid)
        todo += children.get(pid, [])
    return found


def sample(command: list[str], every: float) -> tuple[int, float, list[tuple[float, float, float, dict[int, float]]]]:
    """Run ``command``; return its exit code, its wall seconds and the samples
    (time, idle s, I/O-wait s, pid → CPU s since the previous sample)."""
    started = time.perf_counter()
    child = subprocess.Popen(command)
    seen: dict[int, int] = {}  # pid → ticks at its last sample
    idle0, wait0 = idle_ticks()
    samples = []
    while True:
        table = process_table()  # before the poll: an exited command is still there (a zombie) with its last ticks
        done = child.poll() is not None
        idle1, wait1 = idle_ticks()
        used = {}
        for pid in descendants(child.pid, table) & table.keys():
            ticks = table[pid][1]
            used[pid] = (ticks - seen.get(pid, 0)) / TICK  # a process first seen: all its ticks are new
            seen[pid] = ticks
        samples.append((time.perf_counter() - started, (idle1 - idle0) / TICK, (wait1 - wait0) / TICK, used))
        idle0, wait0 = idle1, wait1
        if done:
            break
        time.sleep(every)
    return child.wait(), time.perf_counter() - started, samples


def timeline_lines(wall: float, samples, cores: int) -> list[str]:
    """One line a second, and the totals (see the module's docstring)."""
    seconds: dict[int, list] = defaultdict(lambda: [0.0, 0.0, Counter()])
    for at, idle, wait, used in samples:
        row = seconds[int(at)]
        row[0] += idle
        row[1] += wait
        row[2].update(used)
    lines = []
    for second in sorted(seconds):
        idle, wait, used = seconds[second]
        shares = " ".join(f"{pid}:{cpu:.2f}" for pid, cpu in sorted(used.items()) if cpu > 0)
        lines.append(f"{second:4d} s  idle {idle:5.2f}  iowait {wait:5.2f}  command {sum(used.values()):5.2f} | {shares}")
    idle = sum(s[1] for s in samples)
    wait = sum(s[2] for s in samples)
    ours = sum(sum(s[3].values()) for s in samples)
    total = wall * cores
    lines.append(f"total: {wall:.2f} s on {cores} cores = {total:.1f} core s; the command's CPU {ours:.1f}, "
                 f"idle {idle:.1f} (I/O wait {wait:.1f}), neither {max(total - ours - idle, 0.0):.1f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, default=0.25, help="seconds between samples (default 0.25)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command to run (put it after --)")
    if not os.path.exists("/proc/stat"):
        parser.error("needs Linux's /proc")
    code, wall, samples = sample(command, args.every)
    print("\n".join(timeline_lines(wall, samples, os.cpu_count() or 1)))
    return code


if __name__ == "__main__":
    sys.exit(main())
