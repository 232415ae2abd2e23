"""The Spark and Dask examples in local mode give the counts evschema gives directly
(run by scripts/python-scale.sh, not by .ci/run: PySpark is a large install)."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
from typing import Any

import pytest

import evschema

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
EXAMPLES = ROOT / "examples" / "python"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[pathlib.Path, dict[str, Any]]:
    """Three NDJSON files of valid and invalid events, blank lines, a malformed line."""
    valid = (SCHEMAS / "examples" / "valid.ndjson").read_text().splitlines()
    invalid = (SCHEMAS / "examples" / "invalid.ndjson").read_text().splitlines()
    folder = tmp_path_factory.mktemp("archive")
    for i in range(3):
        lines = valid * (40 + i) + [""] + invalid * (10 + i) + ["{broken"]
        (folder / f"part-{i}.ndjson").write_text("\n".join(lines) + "\n")
    catalog = evschema.Catalog(SCHEMAS)
    results = [r for f in sorted(folder.glob("*.ndjson")) for r in catalog.validate_file(f)]
    by_type: dict[str, int] = {}
    for r in results:
        if not r.valid:
            et = r.event_type or "(unrouted)"
            by_type[et] = by_type.get(et, 0) + 1
    expected = {
        "events": len(results),
        "invalid": sum(not r.valid for r in results),
        "invalid_by_type": dict(sorted(by_type.items())),
    }
    assert expected["invalid"] == 3 * 1 + sum(len(invalid) * (10 + i) for i in range(3))
    return folder, expected


def run(script: str, *args: str) -> dict[str, Any]:
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / script), str(SCHEMAS), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-4000:]
    summary: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return summary


def test_spark_map_partitions(archive: tuple[pathlib.Path, dict[str, Any]]) -> None:
    folder, expected = archive
    assert run("spark_validate.py", str(folder / "*.ndjson")) == expected


def test_spark_map_in_arrow(archive: tuple[pathlib.Path, dict[str, Any]]) -> None:
    folder, expected = archive
    assert run("spark_validate.py", str(folder / "*.ndjson"), "--arrow") == expected


@pytest.mark.parametrize("scheduler", ["processes", "threads"])
def test_dask(archive: tuple[pathlib.Path, dict[str, Any]], scheduler: str) -> None:
    folder, expected = archive
    got = run("dask_validate.py", str(folder / "*.ndjson"), "--scheduler", scheduler, "--blocksize", "64KiB")
    assert got == expected
