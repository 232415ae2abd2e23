"""Validate an archive of events (NDJSON files) with Dask and the evschema package.

    python examples/python/dask_validate.py schemas/ 'archive/*.ndjson' [--scheduler processes]

``dask.bag.read_text`` cuts the files into blocks; each worker process loads the catalog
once (``evschema.shared_catalog``) and validates whole partitions with ``Catalog.validate_many`` (GIL released, threads).
Prints the same JSON summary line as spark_validate.py.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Iterable
from typing import Any

import evschema


def check_partition(path: str, lines: Iterable[str]) -> list[dict[str, Any]]:
    batch = [line for line in lines if line.strip()]
    out = []
    for errors in evschema.shared_catalog(path).validate_many(batch):
        et = next((e.event_type for e in errors if e.event_type), "(unrouted)")
        out.append({"valid": not errors, "event_type": et, "errors": [e.to_dict() for e in errors]})
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("catalog")
    parser.add_argument("events", help="a file or glob of NDJSON files")
    parser.add_argument("--scheduler", default="processes", choices=["threads", "processes", "synchronous"])
    parser.add_argument("--blocksize", default="1MiB")
    args = parser.parse_args(argv)

    import dask
    import dask.bag as db

    lines = db.read_text(args.events, blocksize=args.blocksize)
    results = lines.map_partitions(functools.partial(check_partition, args.catalog))
    invalid = results.filter(lambda r: not r["valid"])
    with dask.config.set(scheduler=args.scheduler):
        events, by_type = dask.compute(
            results.count(), invalid.pluck("event_type").frequencies()
        )
    summary = {
        "events": events,
        "invalid": sum(n for _, n in by_type),
        "invalid_by_type": dict(sorted(by_type)),
    }
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
