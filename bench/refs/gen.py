#!/usr/bin/env python3
"""Generates the reference benchmark catalogs.

  gen.py OUT [NEIGHBOURS] [CATALOG]

OUT/lazy/small/   one event schema whose refs reach two shared files (common/), nothing else;
OUT/lazy/big/     the same files beside NEIGHBOURS (default 2,000) unrelated schemas, as a
                  SchemaStore checkout has: `validate --schema` must cost the same in both;
OUT/ids/          a catalog of CATALOG (default 1,000) files with `$id`s: event schemas
                  that ref shared definitions by `$id` (GitHub webhook style, a shared
                  folder one level up) and embedded `$id` resources (AsyncAPI style);
OUT/event.json    one event for the lazy schema; OUT/ids-event.json one for the catalog.
"""

import json
import os
import sys

out = sys.argv[1]
neighbours = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
catalog = int(sys.argv[3]) if len(sys.argv) > 3 else 1000


def write(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(value, f, indent=2)


def lazy(root, extra):
    write(f"{root}/common/user.json", {
        "$id": "common/user.json", "type": "object", "required": ["login"],
        "properties": {"login": {"type": "string"}, "id": {"type": "integer"},
                       "org": {"$ref": "org.json"}}})
    write(f"{root}/common/org.json", {
        "$id": "common/org.json", "type": "object",
        "properties": {"login": {"type": "string"}}})
    write(f"{root}/push/event.json", {
        "$schema": "http://json-schema.org/draft-07/schema#", "$id": "push$event",
        "type": "object", "required": ["event_type", "sender"],
        "properties": {"event_type": {"const": "push"},
                       "sender": {"$ref": "common/user.json"}}})
    for i in range(extra):
        write(f"{root}/other/s{i:05}.json", {
            "$id": f"https://schemas.example.com/other/s{i}.json",
            "title": f"unrelated {i}", "type": "object",
            "properties": {f"p{j}": {"type": "string", "maxLength": j + 1} for j in range(20)},
            "definitions": {"x": {"$id": f"https://schemas.example.com/other/s{i}-x.json",
                                  "type": "integer"}}})


lazy(f"{out}/lazy/small", 0)
lazy(f"{out}/lazy/big", neighbours)
shared = max(1, catalog // 10)
for i in range(shared):
    write(f"{out}/ids/common/def{i:04}.json", {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://schemas.example.com/common/def{i}.json",
        "type": "object",
        "properties": {"code": {"type": "string", "pattern": "^[A-Z]{3}$"},
                       "inner": {"$ref": "#part"}},
        "$defs": {"part": {"$anchor": "part", "type": "integer"}}})
for i in range(catalog - shared):
    d = i % shared
    write(f"{out}/ids/events/e{i:04}.json", {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://schemas.example.com/events/e{i}.json",
        "title": f"e{i}.happened", "version": "1.0.0", "type": "object",
        "required": ["event_type", "payload"],
        "properties": {
            "event_type": {"const": f"e{i}.happened"},
            "payload": {"$ref": f"../common/def{d}.json"},
            "meta": {"$ref": f"https://schemas.example.com/events/e{i}/meta.json"}},
        "$defs": {"meta": {"$id": f"https://schemas.example.com/events/e{i}/meta.json",
                           "type": "object"}}})
with open(f"{out}/event.json", "w") as f:
    json.dump({"event_type": "push", "sender": {"login": "octocat", "id": 1, "org": {"login": "o"}}}, f)
with open(f"{out}/ids-event.json", "w") as f:
    json.dump({"event_type": "e7.happened", "payload": {"code": "ABC", "inner": 3}, "meta": {}}, f)
