#!/usr/bin/env python3
"""Generates the validate benchmark inputs from the shipped catalog.

out/events.jsonl   N events (NDJSON), cycled from schemas/examples/valid.ndjson and every
                   schema's `examples`, with fresh ids and timestamps; 1 in 100 is taken
                   from schemas/examples/invalid.ndjson.
out/events.json    the same events as one JSON array (one element per line).
out/router.json    for tools that cannot route: one draft-07 schema that bundles every
                   catalog schema and picks the one for an event's event_type with
                   if/then (what `evschema validate` does by itself).
out/array.json     the same router applied to every item of an array.
out/one.json       one small event (start-up timing).
Deterministic: seeded.
"""
import copy, glob, json, os, random, sys, uuid

root = os.path.join(os.path.dirname(__file__), "..", "..")
cat = os.path.join(root, "schemas")
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "bench", "out")
n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
os.makedirs(out, exist_ok=True)
rng = random.Random(7)

valid = [json.loads(l) for l in open(os.path.join(cat, "examples", "valid.ndjson")) if l.strip()]
invalid = [l.strip() for l in open(os.path.join(cat, "examples", "invalid.ndjson")) if l.strip()]
schemas = {}
for path in sorted(glob.glob(os.path.join(cat, "*", "*.json"))):
    rel = os.path.relpath(path, cat).replace(os.sep, "/")
    schemas[rel] = json.load(open(path))
for rel, s in schemas.items():
    valid.extend(s.get("examples", []))

def fresh(event):
    e = copy.deepcopy(event)
    e["event_id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    e["timestamp"] = "2025-%02d-%02dT%02d:%02d:%02dZ" % (
        rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
    return json.dumps(e, separators=(",", ":"))

lines = []
for i in range(n):
    lines.append(invalid[i % len(invalid)] if i % 100 == 99 else fresh(valid[i % len(valid)]))
with open(os.path.join(out, "events.jsonl"), "w") as f:
    f.write("\n".join(lines) + "\n")
with open(os.path.join(out, "events.json"), "w") as f:
    f.write("[\n" + ",\n".join(lines) + "\n]\n")
with open(os.path.join(out, "one.json"), "w") as f:
    f.write(fresh(valid[0]) + "\n")

def key(rel):
    return rel.replace("/", "__")

def rewrite(node, rel):
    if isinstance(node, dict):
        r = {}
        for k, v in node.items():
            if k in ("enum", "const", "examples", "default"):
                r[k] = v
            elif k == "$ref" and isinstance(v, str):
                doc, _, frag = v.partition("#")
                target = rel if doc == "" else os.path.normpath(os.path.join(os.path.dirname(rel), doc)).replace(os.sep, "/")
                r[k] = "#/definitions/" + key(target) + frag
            else:
                r[k] = rewrite(v, rel)
        return r
    if isinstance(node, list):
        return [rewrite(x, rel) for x in node]
    return node

defs = {}
branches = []
for rel, s in schemas.items():
    body = rewrite(s, rel)
    for k in ("$schema", "$id", "version", "examples"):
        body.pop(k, None)
    defs[key(rel)] = body
    et = s.get("properties", {}).get("event_type", {})
    types = [et["const"]] if "const" in et else et.get("enum", [])
    if types:
        branches.append({"if": {"properties": {"event_type": {"enum": types}}, "required": ["event_type"]},
                         "then": {"$ref": "#/definitions/" + key(rel)}})
router = {"$schema": "http://json-schema.org/draft-07/schema#", "definitions": defs, "allOf": branches}
json.dump(router, open(os.path.join(out, "router.json"), "w"))
array = {"$schema": "http://json-schema.org/draft-07/schema#", "definitions": defs,
         "type": "array", "items": {"allOf": branches}}
json.dump(array, open(os.path.join(out, "array.json"), "w"))
size = os.path.getsize(os.path.join(out, "events.jsonl"))
print(f"generated {n} events, {size/1e6:.1f} MB NDJSON, {n//100} invalid, into {out}")
