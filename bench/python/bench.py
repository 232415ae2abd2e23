"""Per-event validation from Python: evschema against jsonschema_rs, fastjsonschema and
jsonschema on the same events and the same (bundled) schemas; then validate_many scaling.

    bash bench/python/run.sh            # builds the release wheel, installs the pinned libraries

Events: the shipped examples (47 valid, 19 invalid, all 19 event types), repeated to
--events. Each library gets, per event type, a validator compiled from the schema evschema
compiles (Catalog.bundle: the catalog's $refs embedded), with format assertion on where the
library offers it; routing for the others is a dict lookup on event_type. evschema routes
by itself. Times are the best of --repeat runs over all events.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import sys
import time
from typing import Any, Callable

import evschema

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time (this process) of `repeat` runs: on a shared
    machine the CPU time is the steadier of the two for one-thread runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--many-events", type=int, default=200000)
    args = ap.parse_args()

    import fastjsonschema
    import jsonschema
    import jsonschema_rs

    lines = []
    for name in ("valid.ndjson", "invalid.ndjson"):
        lines += (SCHEMAS / "examples" / name).read_text().splitlines()
    texts = (lines * (args.events // len(lines) + 1))[: args.events]
    events = [json.loads(t) for t in texts]
    catalog = evschema.Catalog(SCHEMAS)
    types = sorted({e["event_type"] for e in events})
    bundled = {t: catalog.bundle(t) for t in types}

    rs = {t: jsonschema_rs.validator_for(s, validate_formats=True) for t, s in bundled.items()}
    fast = {t: fastjsonschema.compile(s) for t, s in bundled.items()}
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    py = {t: jsonschema.Draft7Validator(s, format_checker=checker) for t, s in bundled.items()}

    def fast_valid(e: dict[str, Any]) -> bool:
        try:
            fast[e["event_type"]](e)
            return True
        except fastjsonschema.JsonSchemaException:
            return False

    runs: dict[str, Callable[[], list[bool]]] = {
        "evschema is_valid(dict)": lambda: [catalog.is_valid(e) for e in events],
        "evschema is_valid(str)": lambda: [catalog.is_valid(t) for t in texts],
        "evschema validate(dict) (errors)": lambda: [not catalog.validate(e) for e in events],
        "jsonschema_rs is_valid(dict)": lambda: [rs[e["event_type"]].is_valid(e) for e in events],
        "jsonschema_rs iter_errors(dict) (errors)": lambda: [
            not list(rs[e["event_type"]].iter_errors(e)) for e in events
        ],
        "fastjsonschema (dict)": lambda: [fast_valid(e) for e in events],
        "jsonschema is_valid(dict)": lambda: [py[e["event_type"]].is_valid(e) for e in events],
    }
    verdicts = {name: fn() for name, fn in runs.items()}
    reference = verdicts["evschema is_valid(dict)"]
    print(f"# {len(events)} events ({sum(reference)} valid), {len(types)} event types; "
          f"Python {platform.python_version()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print("| validator | events/s (wall) | µs/event (wall) | µs/event (CPU) | × evschema is_valid(dict) CPU | agrees with evschema |")
    print("|---|---:|---:|---:|---:|---:|")
    base = None
    for name, fn in runs.items():
        repeat = 1 if name.startswith("jsonschema is_valid") else args.repeat
        secs, cpu = best(fn, repeat)
        base = base or cpu
        agree = sum(a == b for a, b in zip(verdicts[name], reference))
        print(f"| {name} | {len(events) / secs:,.0f} | {secs / len(events) * 1e6:.2f} | "
              f"{cpu / len(events) * 1e6:.2f} | {cpu / base:.2f} | {agree}/{len(events)} |")
        sys.stdout.flush()

    many = (lines * (args.many_events // len(lines) + 1))[: args.many_events]
    print()
    print(f"# validate_many over {len(many)} events given as str (GIL released)")
    print("| threads | events/s | speed-up |")
    print("|---:|---:|---:|")
    one = None
    for threads in (1, 2, 4):
        secs, _ = best(lambda: catalog.validate_many(many, threads=threads), args.repeat)
        one = one or secs
        print(f"| {threads} | {len(many) / secs:,.0f} | {one / secs:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
