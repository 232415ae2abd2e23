#!/usr/bin/env python3
"""Generates a catalog of N schemas (default 1000) from the shipped one, for the lint bench.

usage: gen.py [N] [OUT]   (OUT default bench/out/lint-catalog)

common/ is copied as is; the rest are copies of the shipped event schemas whose event
types are renamed `bI.<type>` (file `bI_<stem>.json`), so every file is a distinct,
routable, lint-clean event schema that $refs the shared definitions.
"""
import json, os, shutil, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "bench", "out", "lint-catalog")
src = os.path.join(root, "schemas")
if os.path.isdir(out):
    shutil.rmtree(out)
shutil.copytree(os.path.join(src, "common"), os.path.join(out, "common"))
events = []
for channel in ("sns_topics", "sqs_queues", "webhooks"):
    for name in sorted(os.listdir(os.path.join(src, channel))):
        if name.endswith(".json"):
            path = os.path.join(src, channel, name)
            text = open(path).read()
            et = json.loads(text)["properties"]["event_type"]
            types = [et["const"]] if "const" in et else et["enum"]
            events.append((channel, name, text, types))
made = len(os.listdir(os.path.join(out, "common")))
i = 0
while made < n:
    channel, name, text, types = events[i % len(events)]
    for t in sorted(types, key=len, reverse=True):
        text = text.replace(f'"{t}"', f'"b{i}.{t}"')
    os.makedirs(os.path.join(out, channel), exist_ok=True)
    with open(os.path.join(out, channel, f"b{i}_{name}"), "w") as f:
        f.write(text)
    made += 1
    i += 1
print(f"{made} schemas in {out}")
