#!/usr/bin/env python3
"""Runs a command N times; prints median/min/max wall time, median CPU time (user+sys of
the child and its children: what a loaded machine does not inflate) and peak RSS.

usage: timeit.py [--runs N] [--label TEXT] [--stdin FILE] [--record FILE] -- CMD ARGS...
--record appends "label<TAB>median wall s<TAB>median cpu s<TAB>peak RSS MB" to FILE (for
the ratio tables of the bench scripts).
Wall times come from plain runs; peak RSS from one more run under GNU time (/usr/bin/time
-f %M), since a child forked from Python starts out with Python's own resident pages.
"""
import argparse, os, statistics, subprocess, sys, time

p = argparse.ArgumentParser()
p.add_argument("--runs", type=int, default=3)
p.add_argument("--label", default=None)
p.add_argument("--stdin", default=None)
p.add_argument("--record", default=None)
p.add_argument("cmd", nargs=argparse.REMAINDER)
a = p.parse_args()
cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
walls, cpus, rss, codes = [], [], [], []
for _ in range(a.runs):
    stdin = open(a.stdin, "rb") if a.stdin else subprocess.DEVNULL
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    walls.append(time.perf_counter() - t0)
    rss.append(usage.ru_maxrss / 1024)
    cpus.append(usage.ru_utime + usage.ru_stime)
    codes.append(os.waitstatus_to_exitcode(status))
if os.path.exists("/usr/bin/time"):
    import tempfile
    with tempfile.NamedTemporaryFile("r") as t:
        stdin = open(a.stdin, "rb") if a.stdin else subprocess.DEVNULL
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd, stdin=stdin,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rss = [int(t.read().strip().splitlines()[-1]) / 1024]
label = a.label or " ".join(cmd)
med = statistics.median(walls)
unit = (lambda s: f"{s*1000:.1f} ms") if med < 1 else (lambda s: f"{s:.2f} s")
print(f"{label:<48} median {unit(med):>10}  (min {unit(min(walls))}, max {unit(max(walls))}, {a.runs} runs)"
      f"  cpu {unit(statistics.median(cpus))}  peak RSS {max(rss):8.1f} MB  exit {sorted(set(codes))}")
sys.stdout.flush()
if a.record:
    with open(a.record, "a") as r:
        r.write(f"{label}\t{med}\t{statistics.median(cpus)}\t{max(rss)}\n")
