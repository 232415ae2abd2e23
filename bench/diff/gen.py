#!/usr/bin/env python3
"""Generates two versions of a GitHub-webhook-sized catalog for the diff benchmark.

usage: gen.py N OUT   -> OUT/old/, OUT/new/ (N event files each, self-contained: every
definition inline under `definitions`, so tools that do not follow cross-file refs compare
the same schemas), plus OUT/large-old.json, OUT/large-new.json (one schema the size of
GitHub's pull_request.opened: ~120 KB, deep nesting).

The new side changes one file in four the way teams change schemas: an optional property
added, an enum value removed, a maxLength narrowed, a property made required. Deterministic
(fixed seed).
"""
import copy, json, os, random, sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
WORDS = "id node_id url html_url name login title body state number created_at updated_at closed_at merged_at sha ref label draft locked assignee milestone description homepage language size visibility topics owner repository sender organization installation enterprise action".split()


def user():
    return {
        "type": "object",
        "required": ["login", "id", "node_id", "type", "url"],
        "properties": {
            "login": {"type": "string"},
            "id": {"type": "integer"},
            "node_id": {"type": "string"},
            "name": {"type": "string"},
            "email": {"type": ["string", "null"], "format": "email"},
            "avatar_url": {"type": "string", "format": "uri"},
            "url": {"type": "string", "format": "uri"},
            "html_url": {"type": "string", "format": "uri"},
            "type": {"type": "string", "enum": ["Bot", "User", "Organization"]},
            "site_admin": {"type": "boolean"},
        },
        "additionalProperties": False,
    }


def obj(depth, width):
    props, req = {}, []
    for i in range(width):
        w = WORDS[(i * 7 + depth) % len(WORDS)] + ("" if i < len(WORDS) else f"_{i}")
        r = rng.random()
        if depth > 0 and r < 0.2:
            props[w] = obj(depth - 1, max(3, width // 2))
        elif r < 0.35:
            props[w] = {"$ref": "#/definitions/user"}
        elif r < 0.5:
            props[w] = {"type": "string", "enum": ["open", "closed", "all", "draft"]}
        elif r < 0.6:
            props[w] = {"type": ["string", "null"], "format": "date-time"}
        elif r < 0.75:
            props[w] = {"type": "integer", "minimum": 0}
        elif r < 0.85:
            props[w] = {"type": "string", "maxLength": 255}
        else:
            props[w] = {"type": "array", "items": {"$ref": "#/definitions/label"}}
        if rng.random() < 0.6:
            req.append(w)
    return {"type": "object", "required": req, "properties": props, "additionalProperties": False}


def schema(name, depth, width):
    return {
        "$schema": "http://json-schema.org/draft-07/schema",
        "$id": f"{name}.schema.json",
        "title": name,
        "type": "object",
        "required": ["action", "sender"],
        "properties": {
            "action": {"type": "string", "enum": [name.split(".")[-1]]},
            "payload": obj(depth, width),
            "sender": {"$ref": "#/definitions/user"},
        },
        "additionalProperties": False,
        "definitions": {
            "user": user(),
            "label": {
                "type": "object",
                "required": ["id", "name", "color"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "color": {"type": "string", "pattern": "^[0-9a-f]{6}$"},
                    "default": {"type": "boolean"},
                },
                "additionalProperties": False,
            },
        },
    }


def first_object(s):
    """The first nested object schema with properties (depth-first), for mutations."""
    stack = [s["properties"]["payload"]]
    while stack:
        o = stack.pop()
        if o.get("type") == "object" and o.get("properties"):
            return o
    return s["properties"]["payload"]


def mutate(s, k):
    o = first_object(s)
    names = sorted(o["properties"])
    if k == 0:
        o["properties"]["added_field"] = {"type": "string"}
    elif k == 1:
        s["definitions"]["user"]["properties"]["type"]["enum"].remove("Bot")
    elif k == 2:
        for p in names:
            if o["properties"][p].get("maxLength"):
                o["properties"][p]["maxLength"] = 64
                break
        else:
            o["properties"][names[0]] = {"type": "string", "maxLength": 64}
    else:
        extra = [p for p in names if p not in o["required"]]
        o["required"].append(extra[0] if extra else names[0])
        o["required"] = sorted(set(o["required"]))


for side in ("old", "new"):
    os.makedirs(os.path.join(out, side), exist_ok=True)
for i in range(n):
    name = f"{WORDS[i % len(WORDS)]}_{i}.{['opened', 'closed', 'edited', 'created'][i % 4]}"
    s = schema(name, 2, 10 + i % 8)
    new = copy.deepcopy(s)
    if i % 4 == 0:
        mutate(new, (i // 4) % 4)
    for side, v in (("old", s), ("new", new)):
        with open(os.path.join(out, side, f"{name}.schema.json"), "w") as f:
            json.dump(v, f, indent=2)
big = schema("pull_request.opened", 4, 24)
big_new = copy.deepcopy(big)
mutate(big_new, 0)
mutate(big_new, 3)
for name, v in (("large-old.json", big), ("large-new.json", big_new)):
    with open(os.path.join(out, name), "w") as f:
        json.dump(v, f, indent=2)
