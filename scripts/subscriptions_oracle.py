"""The moto oracle for `evschema route`: real SNS subscriptions (filter policy, scope, raw
delivery) and EventBridge rules (pattern, SQS target) on a local moto server, fed generated
events; the set of deliveries must equal what `evschema route --format json` says.

Usage: subscriptions_oracle.py BIN ENDPOINT CASES_JSON
CASES_JSON lists the catalogs: [{"name", "config", "catalog", "events": [files]}].
Points where moto departs from AWS's documented behaviour are listed in DEVIATIONS (and in
docs/subscriptions.md); a disagreement they explain is reported and counted, any other one
fails the run. Exit 0 on agreement, 1 otherwise.
"""

from __future__ import annotations

import copy
import ipaddress
import json
import os
import subprocess
import sys
import tempfile
from typing import Any, Callable, Optional

import boto3

BIN, ENDPOINT, CASES = sys.argv[1], sys.argv[2], sys.argv[3]
REGION = "us-east-1"
ACCOUNT = "123456789012"


def client(name: str) -> Any:
    return boto3.client(
        name,
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


sns, sqs, events = client("sns"), client("sqs"), client("events")
MISSING = object()


# ------------------------------------------------------------------------------------------
# event generation

def leaves(pattern: dict, path: tuple = ()) -> list[tuple[tuple, list]]:
    """(key path, conditions) of every leaf, through nested objects and $or branches."""
    out = []
    for k, v in pattern.items():
        if k == "$or":
            for branch in v:
                out.extend(leaves(branch, path))
        elif isinstance(v, dict):
            out.extend(leaves(v, path + (k,)))
        else:
            out.append((path + (k,), v))
    return out


def case_variants(s: str) -> list[str]:
    return [s, s.upper(), s.lower(), s.swapcase()]


def values_for(cond: Any) -> list[Any]:
    """Boundary values for one condition: ones that should match and ones just outside."""
    if isinstance(cond, bool) or cond is None:
        return [cond, (not cond) if isinstance(cond, bool) else "null", MISSING]
    if isinstance(cond, (int, float)):
        return [cond, float(cond), cond + 1, str(cond), [cond, -1]]
    if isinstance(cond, str):
        return case_variants(cond) + [cond + "x", cond[:-1], [cond, "other"], ["other"], MISSING, 7]
    (op, arg), = cond.items()
    if op in ("prefix", "suffix"):
        ic = isinstance(arg, dict)
        s = arg["equals-ignore-case"] if ic else arg
        out = []
        for v in case_variants(s):
            out += [v, v + "tail", "head" + v]
        out += [s[:-1], s[1:], "", MISSING]
        return out
    if op == "equals-ignore-case":
        return case_variants(arg) + [arg + "x", MISSING, [arg.upper(), "z"]]
    if op == "wildcard":
        return [arg.replace("*", ""), arg.replace("*", "abc"), arg.replace("*", "a*b"),
                arg.replace("*", "").upper(), "zz" + arg.replace("*", "q"), MISSING]
    if op == "numeric":
        out: list[Any] = []
        for b in arg[1::2]:
            out += [b, b - 0.001, b + 0.001, b - 1, b + 1, int(b)]
        return out + [str(arg[1]), MISSING, [arg[1], -10**6]]
    if op == "exists":
        return [MISSING, "x", None, 0, {"nested": 1}, [], ["x"]]
    if op == "cidr":
        net = ipaddress.ip_network(arg, strict=False)
        first, last = net.network_address, net.broadcast_address
        out = [str(first), str(last)]
        if int(first) > 0:
            out.append(str(first - 1))
        try:
            out.append(str(last + 1))
        except ipaddress.AddressValueError:
            pass
        return out + ["not-an-ip", MISSING]
    if op == "anything-but":
        if isinstance(arg, dict):
            (inner, v), = arg.items()
            vs = v if isinstance(v, list) else [v]
            out = []
            for s in vs:
                out += values_for({inner: s}) if inner != "equals-ignore-case" else case_variants(s)
            return out + ["unrelated", MISSING]
        vs = arg if isinstance(arg, list) else [arg]
        return list(vs) + ["unrelated", 12345, MISSING, [vs[0], "unrelated"]]
    return [MISSING]


def _object_at(node: Any) -> Any:
    """node as the object a path step goes into (an array: its first element), or None."""
    if isinstance(node, list):
        if not node:
            return None
        node = node[0]
    return node if isinstance(node, dict) else None


def set_path(event: Any, path: list, value: Any) -> Any:
    """A copy of event with path set (or removed for MISSING); arrays: the first element."""
    e = copy.deepcopy(event)
    node = e
    for k in path[:-1]:
        node = _object_at(node)
        if node is None:
            return None
        node = node.setdefault(k, {})
    node = _object_at(node)
    if node is None:
        return None
    if value is MISSING:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value
    return e


# ------------------------------------------------------------------------------------------
# documented deviations of moto from AWS

def sns_policy(sub: dict) -> Optional[dict]:
    return (sub.get("sns") or {}).get("FilterPolicy")


def has_op(policy: Any, op: str) -> bool:
    return op in json.dumps(policy)


CIDR_REFUSED = ("moto's SNS refuses `cidr` in a filter policy (\"Unrecognized match type cidr\"), "
                "which AWS documents (IP address matching); such a subscription is not compared")

DEVIATIONS: list[tuple[str, Callable[[dict, str], bool]]] = [
    ("moto's SNS equals-ignore-case lower-cases the message value but not the policy's, so an "
     "upper-case policy value never matches (AWS compares both case-insensitively)",
     lambda sub, why: bool(sns_policy(sub)) and has_op(sns_policy(sub), "equals-ignore-case")),
    ("moto's SNS anything-but requires every element of a body array to be outside the list, "
     "and its {suffix} and {equals-ignore-case} forms never match (AWS matches an array when "
     "one element matches, and documents both forms)",
     lambda sub, why: bool(sns_policy(sub)) and has_op(sns_policy(sub), "anything-but")),
    ("moto's SNS body filter gives up when a nested key's parent is absent or not an object, "
     "so exists:false and anything-but under it never match (AWS matches leaves by path)",
     lambda sub, why: (sub.get("sns") or {}).get("FilterPolicyScope") == "MessageBody"),
    ("moto's SNS numeric and string conditions on a body value of another type raise or "
     "compare loosely (Python's 1 == True, str.startswith on numbers)",
     lambda sub, why: bool(sns_policy(sub)) and why == "type"),
    ("moto's EventBridge flattening keeps arrays of objects whole, so a nested pattern never "
     "reaches into one (AWS matches within each element)",
     lambda sub, why: why == "array-of-objects"),
    ("moto's EventBridge compares with Python equality, where true == 1 and 1.0 == 1 (AWS: a "
     "boolean is not a number)",
     lambda sub, why: why == "bool-number"),
    ("moto's EventBridge treats an empty object or an empty array as a present value for "
     "exists (AWS: neither is a leaf)",
     lambda sub, why: why == "empty-container"),
    ("moto's SNS attribute filter matches a string condition against a JSON array held in a "
     "String attribute's text, and ends the whole key at the first condition whose attribute "
     "is absent (so a later exists:false is never tried)",
     lambda sub, why: bool(sns_policy(sub)) and why == "attribute"),
]


def classify(event: Any, sub: dict) -> str:
    """A coarse reason a disagreement may come from, for the deviation table: what the
    event holds under the keys the subscription's filter reads."""
    pattern = sns_policy(sub) if "sns" in sub else sub["eventbridge"]["EventPattern"]
    names = {path[-1] for path, _ in leaves(pattern or {})}
    inner = {k for path, _ in leaves(pattern or {}) for k in path[:-1]}
    found: set[str] = set()

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for k, x in v.items():
                if k in names:
                    if x == [] or x == {} or isinstance(x, dict):
                        found.add("empty-container")
                    if isinstance(x, bool) or (isinstance(x, list) and any(isinstance(i, bool) for i in x)):
                        found.add("bool-number")
                if k in inner and isinstance(x, list) and any(isinstance(i, dict) for i in x):
                    found.add("array-of-objects")
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(event)
    for kind in ("empty-container", "array-of-objects", "bool-number"):
        if kind in found:
            return kind
    return "type"


# ------------------------------------------------------------------------------------------

def route(config: Optional[str], catalog: str, evs: list[Any]) -> list[dict]:
    args = [BIN]
    args += ["--config", config] if config else ["--no-config"]
    args += ["--quiet", "route", "--catalog", catalog, "--format", "json", "-"]
    text = "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in evs)
    p = subprocess.run(args, input=text.encode(), capture_output=True)
    if p.returncode not in (0, 1):
        sys.exit(f"evschema route failed ({p.returncode}): {p.stderr.decode()}")
    out = [json.loads(l) for l in p.stdout.decode().splitlines()]
    assert len(out) == len(evs), (len(out), len(evs))
    return out


def listens(sub: dict, channel: Optional[str]) -> bool:
    chans = sub["channel"] if isinstance(sub["channel"], list) else [sub["channel"]]
    return "*" in chans or (channel is not None and channel in chans)


def drain(url: str) -> list[str]:
    bodies: list[str] = []
    empty = 0
    while empty < 2:
        r = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
        msgs = r.get("Messages", [])
        if not msgs:
            empty += 1
            continue
        empty = 0
        for m in msgs:
            bodies.append(m["Body"])
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(msgs)],
        )
    return bodies


def canon(v: Any) -> str:
    return json.dumps(v, sort_keys=True, separators=(",", ":"))


def run_catalog(case: dict, totals: dict) -> list[str]:
    catalog = case["catalog"]
    subdir = os.path.join(catalog, "subscriptions")
    subs = []
    for f in sorted(os.listdir(subdir)):
        if f.endswith(".json"):
            with open(os.path.join(subdir, f)) as fh:
                subs.append(json.load(fh))
    base: list[Any] = []
    for f in case["events"]:
        with open(f) as fh:
            base += [json.loads(l) for l in fh if l.strip()]
    eb_style = all("detail-type" in e and "detail" in e for e in base)
    type_key = "detail-type" if eb_style else "event_type"
    attr_ptrs = {"detail-type": ["detail-type"], "version": ["detail", "version"]} if eb_style else {
        "event_type": ["event_type"], "version": ["version"]}
    first = route(case.get("config"), catalog, base)

    def to_event_path(sub: dict, path: tuple) -> Optional[list]:
        if "eventbridge" in sub:
            if eb_style:
                return list(path) if path[0] not in ("account", "region", "time", "id", "version") else None
            if path[0] == "detail":
                return list(path[1:])
            return ["event_type"] if path == ("detail-type",) else None
        if (sub["sns"].get("FilterPolicyScope") or "MessageAttributes") == "MessageAttributes":
            return attr_ptrs.get(path[0])
        return list(path)

    generated: list[Any] = list(base)
    for sub in subs:
        pattern = sns_policy(sub) if "sns" in sub else sub["eventbridge"]["EventPattern"]
        if not pattern:
            continue
        on = [e for e, r in zip(base, first) if listens(sub, r["channel"])][:2]
        for path, conds in leaves(pattern):
            p = to_event_path(sub, path)
            if not p:
                continue
            for cond in conds:
                for v in values_for(cond):
                    for e in on:
                        g = set_path(e, p, v)
                        if g is not None:
                            generated.append(g)
    # EventBridge sets the envelope's account and region itself: match what moto will build
    if eb_style:
        for e in generated:
            e["account"], e["region"] = ACCOUNT, REGION
    seen, evs = set(), []
    for e in generated:
        k = canon(e)
        if k not in seen:
            seen.add(k)
            evs.append(e)
    routed = route(case.get("config"), catalog, evs)
    problems: list[str] = []
    for sub in subs:
        name = sub["name"]
        q = sqs.create_queue(QueueName=f"{case['name']}-{name}")["QueueUrl"]
        qarn = sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        idx = [i for i, r in enumerate(routed) if listens(sub, r["channel"])]
        keys: dict[str, int] = {}
        try:
            if "sns" in sub:
                topic = sns.create_topic(Name=f"{case['name']}-{name}")["TopicArn"]
                attrs = {"RawMessageDelivery": "true"}
                if sns_policy(sub) is not None:
                    attrs["FilterPolicy"] = json.dumps(sns_policy(sub))
                    attrs["FilterPolicyScope"] = sub["sns"].get("FilterPolicyScope", "MessageAttributes")
                sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn, Attributes=attrs)
            else:
                rule = f"{case['name']}-{name}"
                events.put_rule(Name=rule, EventPattern=json.dumps(sub["eventbridge"]["EventPattern"]))
                events.put_targets(Rule=rule, Targets=[{"Id": "q", "Arn": qarn}])
        except Exception as exc:
            first_line = str(exc).splitlines()[0]
            if "sns" in sub and has_op(sns_policy(sub), "cidr") and "cidr" in first_line:
                totals["deviations"].setdefault(CIDR_REFUSED, []).append(
                    f"{case['name']}/{name}: subscription refused, not compared")
            else:
                problems.append(f"{case['name']}/{name}: moto refused the subscription: {first_line}")
            continue
        batch: list = []
        for i in idx:
            e = evs[i]
            try:
                if "sns" in sub:
                    text = json.dumps(e, separators=(",", ":"))
                    mattrs = {}
                    for an, ptr in attr_ptrs.items():
                        v: Any = e
                        for k in ptr:
                            v = v.get(k) if isinstance(v, dict) else None
                        # SNS refuses an empty String attribute; publishers leave it out
                        if isinstance(v, str) and v:
                            mattrs[an] = {"DataType": "String", "StringValue": v}
                    if text in keys:
                        continue
                    keys[text] = i
                    batch.append(({"Id": str(i), "Message": text, "MessageAttributes": mattrs}, e))
                else:
                    if eb_style:
                        ok = (isinstance(e.get("source"), str) and e["source"]
                              and isinstance(e.get("detail-type"), str) and e["detail-type"]
                              and isinstance(e.get("detail"), dict))
                        if not ok:
                            continue  # PutEvents needs these; such an event is never sent
                        entry = {"Source": e["source"], "DetailType": e["detail-type"],
                                 "Detail": json.dumps(e["detail"]),
                                 "Resources": [r for r in e.get("resources", []) if isinstance(r, str)]}
                        key = canon([e["source"], e["detail-type"], e["detail"]])
                    else:
                        dt = e.get(type_key)
                        if not isinstance(dt, str) or not dt:
                            continue
                        entry = {"Source": case["source"], "DetailType": dt,
                                 "Detail": json.dumps(e), "Resources": []}
                        key = canon([case["source"], dt, e])
                    if key in keys:
                        continue
                    keys[key] = i
                    batch.append((entry, e))
            except Exception as exc:
                totals["moto_errors"].append(
                    f"{case['name']}/{name}: {str(exc).splitlines()[0][:100]} on {canon(e)[:200]}")
        def send(chunk: list) -> None:
            if "sns" in sub:
                sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[c for c, _ in chunk])
            else:
                events.put_events(Entries=[c for c, _ in chunk])
        for start in range(0, len(batch), 10):
            chunk = batch[start:start + 10]
            try:
                send(chunk)
            except Exception:
                # one entry moto cannot take (its filter code failing on a value): one by one
                for one in chunk:
                    try:
                        send([one])
                    except Exception as exc:
                        totals["moto_errors"].append(
                            f"{case['name']}/{name}: {str(exc).splitlines()[0][:100]} on {canon(one[1])[:200]}")
                        for k, v in list(keys.items()):
                            if evs[v] is one[1]:
                                del keys[k]
        got = set()
        for body in drain(q):
            if "sns" in sub:
                if body in keys:
                    got.add(keys[body])
                else:
                    problems.append(f"{name}: unexpected body {body[:120]}")
            else:
                m = json.loads(body)
                key = canon([m["source"], m["detail-type"], m["detail"]])
                if key in keys:
                    got.add(keys[key])
                else:
                    problems.append(f"{name}: unexpected event {body[:120]}")
        sent = set(keys.values())
        want = {i for i in sent if name in routed[i]["subscribers"]}
        totals["pairs"] += len(sent)
        totals["deliveries"] += len(want)
        for i in sorted(sent):
            if (i in want) == (i in got):
                totals["agree"] += 1
                continue
            why = classify(evs[i], sub)
            said = "receives" if i in want else "does not receive"
            line = f"{case['name']}/{name}: evschema says it {said} {canon(evs[i])[:300]}"
            explained = next((d for d, pred in DEVIATIONS if pred(sub, why)), None)
            if explained:
                totals["deviations"].setdefault(explained, []).append(line)
            else:
                problems.append(line)
    totals["events"] += len(evs)
    totals["subscriptions"] += len(subs)
    return problems


def syntax_check(bad_file: str, totals: dict) -> list[str]:
    """Each policy of the sample set: moto's and evschema's verdicts (accept / reject) must
    agree with the set's `aws` verdict, or name a documented deviation."""
    with open(bad_file) as fh:
        samples = json.load(fh)
    problems: list[str] = []
    tmp = tempfile.mkdtemp()
    cat = os.path.join(tmp, "cat")
    os.makedirs(os.path.join(cat, "subscriptions"))
    os.makedirs(os.path.join(cat, "sns_topics"))
    with open(os.path.join(cat, "sns_topics", "e.json"), "w") as fh:
        json.dump({"type": "object", "properties": {"event_type": {"const": "e"}}}, fh)
    for i, s in enumerate(samples):
        sub = {"name": f"s{i}", "owner": "o", "channel": "*"}
        if s["kind"] == "eventbridge":
            sub["eventbridge"] = {"EventPattern": s["policy"]}
        else:
            sub["sns"] = {"FilterPolicy": s["policy"],
                          "FilterPolicyScope": "MessageBody" if s["kind"] == "sns-body" else "MessageAttributes"}
        with open(os.path.join(cat, "subscriptions", f"s{i:03}.json"), "w") as fh:
            json.dump(sub, fh)
    p = subprocess.run([BIN, "--no-config", "route", "--catalog", cat, "-"], input=b"{}\n", capture_output=True)
    stderr = p.stderr.decode()
    topic = sns.create_topic(Name="syntax")["TopicArn"]
    q = sqs.create_queue(QueueName="syntax")["QueueUrl"]
    qarn = sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    for i, s in enumerate(samples):
        ours = f"s{i:03}.json" not in stderr
        try:
            if s["kind"] == "eventbridge":
                events.put_rule(Name=f"syntax-{i}", EventPattern=json.dumps(s["policy"]))
            else:
                sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn, Attributes={
                    "FilterPolicy": json.dumps(s["policy"]),
                    "FilterPolicyScope": "MessageBody" if s["kind"] == "sns-body" else "MessageAttributes"})
            moto = True
        except Exception:
            moto = False
        totals["syntax"] += 1
        aws = s["aws"] == "accept"
        if ours != aws:
            problems.append(f"syntax sample {i} ({s['note']}): AWS {s['aws']}s it, evschema {'accepts' if ours else 'rejects'} it")
        if moto != aws:
            if "moto" in s:
                totals["deviations"].setdefault(s["moto"], []).append(f"syntax sample {i}: {s['note']}")
            else:
                problems.append(f"syntax sample {i} ({s['note']}): AWS {s['aws']}s it, moto {'accepts' if moto else 'rejects'} it")
        else:
            totals["syntax_agree"] += 1
    return problems


def main() -> None:
    with open(CASES) as fh:
        spec = json.load(fh)
    totals: dict[str, Any] = {"events": 0, "subscriptions": 0, "pairs": 0, "agree": 0,
                              "deliveries": 0, "deviations": {}, "moto_errors": [], "syntax": 0,
                              "syntax_agree": 0}
    problems: list[str] = []
    for case in spec["catalogs"]:
        problems += run_catalog(case, totals)
    problems += syntax_check(spec["syntax"], totals)
    print(f"oracle: {totals['events']} events, {totals['subscriptions']} subscriptions, "
          f"{totals['pairs']} event x subscription pairs published, {totals['agree']} agree "
          f"({totals['deliveries']} deliveries expected); syntax: {totals['syntax']} samples, "
          f"{totals['syntax_agree']} where moto agrees with AWS")
    for d, lines in sorted(totals["deviations"].items()):
        print(f"  moto deviation ({len(lines)}): {d}")
        for l in lines[:3]:
            print(f"      e.g. {l}")
    if totals["moto_errors"]:
        print(f"  moto failed on {len(totals['moto_errors'])} publishes (HTTP 500 from its "
              "filter code on values of unexpected types); those events are not compared:")
        for l in totals["moto_errors"][:5]:
            print(f"      e.g. {l}")
    for p in problems:
        print(f"DISAGREE: {p}")
    sys.exit(1 if problems else 0)


main()
