#!/usr/bin/env python3
"""Runs a command and prints, on stderr, the CPU seconds that processes used meanwhile, summed by process name
(every PostgreSQL backend counted as "postgres"). docs/performance.md divides them by the requests served.

    python3 scripts/perf/cpu-seconds.py citrine bench --storage postgres --postgres "…" --scenario create-v2
"""
import os
import subprocess
import sys
import time


def ticks():
    seen = {}
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            stat = open(f'/proc/{pid}/stat').read()
        except OSError:
            continue
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        fields = stat[stat.rindex(')') + 2:].split()
        seen[int(pid)] = (name, int(fields[11]) + int(fields[12]))  # utime + stime
    return seen


first = ticks()
last = dict(first)
started = time.time()
child = subprocess.Popen(sys.argv[1:])
while child.poll() is None:
    time.sleep(0.2)
    last.update(ticks())  # a process that exits keeps its last reading
hz = os.sysconf('SC_CLK_TCK')
used = {}
for pid, (name, total) in last.items():
    before = first[pid][1] if pid in first else 0  # kernel workers rename themselves; a pid is not reused this soon
    key = 'postgres' if name.startswith('postgres') else name
    used[key] = used.get(key, 0) + total - before
for name, total in sorted(used.items(), key=lambda item: -item[1])[:6]:
    print(f'{name}: {total / hz:.1f} cpu-s', file=sys.stderr)
print(f'elapsed {time.time() - started:.1f}s', file=sys.stderr)
sys.exit(child.returncode)
