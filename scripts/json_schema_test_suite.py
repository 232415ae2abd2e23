"""Drives the JSON-Schema-Test-Suite through `evschema validate` (see the .sh beside it).

Each test group becomes a schema file and an NDJSON file of its test instances in a
temporary folder; `evschema validate --schema ... --format json` gives one verdict per
line, compared with the suite's `valid`. A group whose schema evschema refuses (exit 2)
fails all its tests. The suite's draft is given to evschema by `$schema` when the group's
schema does not name one (evschema reads a schema without `$schema` as draft-07).
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile

DRAFTS = [
    ("draft4", "http://json-schema.org/draft-04/schema#"),
    ("draft6", "http://json-schema.org/draft-06/schema#"),
    ("draft7", "http://json-schema.org/draft-07/schema#"),
    ("draft2019-09", "https://json-schema.org/draft/2019-09/schema"),
    ("draft2020-12", "https://json-schema.org/draft/2020-12/schema"),
]


def run_group(evschema, remotes, work, draft_uri, group):
    schema = group["schema"]
    if isinstance(schema, dict) and "$schema" not in schema:
        schema = {"$schema": draft_uri, **schema}
    schema_path = os.path.join(work, "schema.json")
    data_path = os.path.join(work, "data.ndjson")
    with open(schema_path, "w") as f:
        json.dump(schema, f)
    with open(data_path, "w") as f:
        for t in group["tests"]:
            f.write(json.dumps(t["data"]) + "\n")
    try:
        proc = subprocess.run(
            [evschema, "--no-config", "validate", "--schema", schema_path, "--catalog", work,
             "--map", f"http://localhost:1234/={remotes}", "--no-format-assertion",
             "--format", "json", "--quiet", "--jobs", "1", data_path],
            capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return [None] * len(group["tests"]), ["timed out after 30 s"]
    if proc.returncode == 2:
        return [None] * len(group["tests"]), proc.stderr.strip().splitlines()[0:1]
    verdicts = [json.loads(line)["valid"] for line in proc.stdout.splitlines() if line.strip()]
    if len(verdicts) != len(group["tests"]):
        return [None] * len(group["tests"]), [f"{len(verdicts)} verdicts for {len(group['tests'])} tests"]
    return verdicts, []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--suite", required=True)
    ap.add_argument("--evschema", required=True)
    ap.add_argument("--min-percent", type=float, default=99.5)
    ap.add_argument("--list-failures", action="store_true")
    ap.add_argument("--only", help="run one draft folder (e.g. draft7)")
    args = ap.parse_args()
    remotes = os.path.join(args.suite, "remotes")
    ok_all = True
    failures = []
    for folder, uri in DRAFTS:
        if args.only and folder != args.only:
            continue
        tests_dir = os.path.join(args.suite, "tests", folder)
        passed = total = 0
        jobs = []
        for name in sorted(os.listdir(tests_dir)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(tests_dir, name)) as f:
                for group in json.load(f):
                    jobs.append((name, group))

        def one(job):
            with tempfile.TemporaryDirectory() as work:
                return run_group(args.evschema, remotes, work, uri, job[1])

        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            outcomes = list(pool.map(one, jobs))
        for (name, group), (verdicts, notes) in zip(jobs, outcomes):
            for test, got in zip(group["tests"], verdicts):
                total += 1
                if got == test["valid"]:
                    passed += 1
                else:
                    why = notes[0] if notes else f"expected valid={test['valid']}"
                    failures.append(f"{folder}/{name}: {group['description']} / {test['description']}: {why}")
        percent = 100.0 * passed / total if total else 0.0
        status = "ok" if percent >= args.min_percent else "BELOW"
        if percent < args.min_percent:
            ok_all = False
        print(f"{folder}: {passed}/{total} passed ({percent:.2f}%) {status}")
    if failures and (args.list_failures or not ok_all):
        print("failing tests:")
        for f in failures:
            print("  " + f)
    sys.exit(0 if ok_all else 1)


if __name__ == "__main__":
    main()
