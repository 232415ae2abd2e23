#!/usr/bin/env python3
"""Start-up of `evschema validate` for one event against the shipped catalog, next to the
process's own start (`evschema --version`), measured interleaved: every round runs each
command once, so drift in the machine's load touches all of them alike.

usage: bench/validate/startup.py [--rounds N] BIN [BIN...]
Each BIN validates the first event of schemas/examples/valid.ndjson (from the repository
root); the first BIN also runs `--version`. Several BINs compare builds (say, before and
after a change). Prints the median and first quartile of each, in ms.
"""
import argparse, os, statistics, tempfile, time

p = argparse.ArgumentParser()
p.add_argument("--rounds", type=int, default=400)
p.add_argument("bins", nargs="+")
a = p.parse_args()
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
os.chdir(root)
with open("schemas/examples/valid.ndjson") as f:
    first = f.readline()
one = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
one.write(first)
one.close()
bins = [os.path.abspath(b) for b in a.bins]
cmds = {"--version": [bins[0], "--version"]}
for b in bins:
    cmds[f"{b} validate (one event)"] = [b, "validate", "-q", one.name]
null = os.open(os.devnull, os.O_WRONLY)
actions = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
times = {k: [] for k in cmds}
for _ in range(a.rounds):
    for k, argv in cmds.items():
        t0 = time.perf_counter_ns()
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
        os.waitpid(pid, 0)
        times[k].append(time.perf_counter_ns() - t0)
os.unlink(one.name)
base = statistics.median(times["--version"])
for k, v in times.items():
    med = statistics.median(v)
    extra = "" if k == "--version" else f", {(med - base) / 1e6:.2f} ms above --version"
    print(f"{k}: median {med / 1e6:.2f} ms (p25 {statistics.quantiles(v, n=4)[0] / 1e6:.2f}){extra}")
