#!/usr/bin/env python3
"""Generates a catalog of N event schemas from the shipped ones, for the render benchmark.

usage: gen.py N OUTDIR   ->  OUTDIR/catalog/{common,sns_topics,sqs_queues,webhooks}/...

Schema i is shipped event schema (i mod 17) with every event type renamed to
`<type>.g<i>` (in properties.event_type and in its examples), written beside the shipped
file's channel folder so its `../common/*.json` refs still resolve. common/ is copied.
Every file gets an `$id` (https://evschema.invalid/bench/<path>): jsonschema2md cannot
resolve a local `#/definitions/...` ref in a schema without one; evschema ignores it here.
"""
import json, os, shutil, sys

n, out = int(sys.argv[1]), sys.argv[2]
src = os.path.join(os.path.dirname(__file__), "..", "..", "schemas")
dst = os.path.join(out, "catalog")
shutil.rmtree(dst, ignore_errors=True)
BASE = "https://evschema.invalid/bench/"


def write(rel, schema):
    schema = {"$id": BASE + rel, **schema}
    path = os.path.join(dst, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(schema, f, indent=2)
        f.write("\n")


for name in sorted(os.listdir(os.path.join(src, "common"))):
    with open(os.path.join(src, "common", name)) as f:
        write(f"common/{name}", json.load(f))

shipped = []
for channel in ("sns_topics", "sqs_queues", "webhooks"):
    for name in sorted(os.listdir(os.path.join(src, channel))):
        if name.endswith(".json"):
            with open(os.path.join(src, channel, name)) as f:
                shipped.append((channel, name[:-5], f.read()))

for i in range(n):
    channel, stem, text = shipped[i % len(shipped)]
    schema = json.loads(text)
    suffix = f".g{i:04d}"
    et = schema["properties"]["event_type"]
    if "const" in et:
        et["const"] += suffix
    if "enum" in et:
        et["enum"] = [v + suffix for v in et["enum"]]
    for example in schema.get("examples", []):
        if isinstance(example.get("event_type"), str):
            example["event_type"] += suffix
    write(f"{channel}/{stem}_{i:04d}.json", schema)
print(f"{n} schemas in {dst}")
