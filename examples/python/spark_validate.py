"""Validate an archive of events (NDJSON files) in Apache Spark with the evschema package.

    python examples/python/spark_validate.py schemas/ 'archive/*.ndjson' [--arrow] [--master local[2]]

Each Python worker process loads the catalog once (``evschema.shared_catalog``) and validates whole
partitions with ``Catalog.validate_many``, which releases the GIL and uses threads. Two
ways are shown: ``mapPartitions`` over the lines of an RDD, and ``mapInArrow`` over Arrow
record batches of a DataFrame (``--arrow``). Prints one JSON summary line: events, invalid,
and the invalid count per event type.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Iterator
from typing import Any

import evschema


def event_type_of(errors: list[evschema.InstanceError]) -> str:
    return next((e.event_type for e in errors if e.event_type), "(unrouted)")


def check_partition(path: str, lines: Iterator[str]) -> Iterator[tuple[bool, str, str]]:
    """mapPartitions: (valid, event type, errors as JSON) for each non-blank line."""
    batch = [line for line in lines if line.strip()]
    for errors in evschema.shared_catalog(path).validate_many(batch):
        yield (not errors, event_type_of(errors), json.dumps([e.to_dict() for e in errors]))


def check_batches(path: str, batches: Iterator[Any]) -> Iterator[Any]:
    """mapInArrow: adds `valid`, `event_type` and `errors` columns to each batch of lines."""
    import pyarrow as pa

    for batch in batches:
        lines = [line for line in batch.column("value").to_pylist() if line and line.strip()]
        results = evschema.shared_catalog(path).validate_many(lines)
        yield pa.RecordBatch.from_pydict(
            {
                "valid": [not r for r in results],
                "event_type": [event_type_of(r) for r in results],
                "errors": [json.dumps([e.to_dict() for e in r]) for r in results],
            }
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("catalog")
    parser.add_argument("events", help="a file, folder or glob of NDJSON files")
    parser.add_argument("--arrow", action="store_true", help="mapInArrow on a DataFrame")
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(args.master)
        .appName("evschema-validate")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    path = args.catalog
    try:
        if args.arrow:
            lines = spark.read.text(args.events)
            checked = lines.mapInArrow(
                functools.partial(check_batches, path),
                "valid boolean, event_type string, errors string",
            )
            rows = checked.groupBy("valid", "event_type").count().collect()
            counts = [(r["valid"], r["event_type"], r["count"]) for r in rows]
        else:
            rdd = spark.sparkContext.textFile(args.events)
            checked = rdd.mapPartitions(functools.partial(check_partition, path))
            counts = [
                (valid, et, n)
                for (valid, et), n in checked.map(lambda r: ((r[0], r[1]), 1))
                .reduceByKey(lambda a, b: a + b)
                .collect()
            ]
    finally:
        spark.stop()
    summary = {
        "events": sum(n for _, _, n in counts),
        "invalid": sum(n for valid, _, n in counts if not valid),
        "invalid_by_type": dict(sorted((et, n) for valid, et, n in counts if not valid)),
    }
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
