"""Checks the registry requests `evschema export` wrote, with the registries' own tools.

EventBridge: every request passes botocore's parameter validation for the `schemas`
service's CreateSchema (boto3's service model, offline: a stubbed client, no network), its
Content is a draft-04 schema (the draft-04 metaschema, python-jsonschema), and every catalog
example of its event type validates against it (python-jsonschema's Draft4Validator: a
second, independent validator).

Confluent: every request has the documented shape of POST /subjects/{subject}/versions
(schemaType JSON, schema a JSON text, references of name/subject/version), and every
reference names a subject registered earlier in manifest.json.

usage: python registry-check.py EVENTBRIDGE_DIR CONFLUENT_DIR VALID_EXAMPLES.ndjson...
"""
import json
import pathlib
import sys

import boto3
import jsonschema
from botocore.stub import Stubber


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def examples(files):
    out = []
    for f in files:
        for n, line in enumerate(pathlib.Path(f).read_text().splitlines(), 1):
            try:
                out.append((f"{f}:{n}", json.loads(line)))
            except ValueError:
                pass
    return out


def eventbridge(folder, samples):
    client = boto3.client(
        "schemas",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    files = sorted(pathlib.Path(folder).glob("*.json"))
    if not files:
        fail(f"{folder}: no request")
    checked = 0
    for path in files:
        req = json.loads(path.read_text())
        with Stubber(client) as stub:
            stub.add_response(
                "create_schema",
                {"SchemaName": req["SchemaName"], "Type": req["Type"]},
                expected_params=req,
            )
            try:
                client.create_schema(**req)
            except Exception as e:  # botocore's ParamValidationError, StubAssertionError
                fail(f"{path}: {e}")
        # botocore's validator does not check enums: the model's list of types does
        types = client.meta.service_model.shape_for("Type").enum
        if req["Type"] not in types:
            fail(f"{path}: Type {req['Type']} is none of the model's {types}")
        if len(req["Content"]) > 100000:
            fail(f"{path}: Content longer than 100000")
        content = json.loads(req["Content"])
        if content.get("$schema") != "http://json-schema.org/draft-04/schema#":
            fail(f"{path}: $schema is {content.get('$schema')}")
        try:
            jsonschema.Draft4Validator.check_schema(content)
        except jsonschema.SchemaError as e:
            fail(f"{path}: not a draft-04 schema: {e.message} at {list(e.absolute_path)}")
        validator = jsonschema.Draft4Validator(content)
        event_type = req["Tags"]["event_type"]
        for source, event in samples:
            if event.get("event_type") != event_type:
                continue
            if not str(event.get("version", "")).startswith(
                req["Tags"].get("version", "").split(".")[0] + "."
            ):
                continue
            errors = list(validator.iter_errors(event))
            if errors:
                fail(f"{path}: example {source} rejected: {errors[0].message}")
            checked += 1
    print(f"eventbridge: {len(files)} CreateSchema requests pass botocore's validation and the draft-04 metaschema; {checked} examples validate")


def confluent(folder):
    folder = pathlib.Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    if manifest["compatibility"] not in ("BACKWARD", "FORWARD", "FULL"):
        fail(f"manifest: compatibility {manifest['compatibility']}")
    registered = set()
    for entry in manifest["subjects"]:
        subject = entry["subject"]
        body = json.loads((folder / entry["file"]).read_text())
        extra = set(body) - {"schema", "schemaType", "references", "metadata", "ruleSet"}
        if extra:
            fail(f"{subject}: fields the REST API does not take: {sorted(extra)}")
        if body.get("schemaType") != "JSON":
            fail(f"{subject}: schemaType {body.get('schemaType')}")
        if not isinstance(body.get("schema"), str):
            fail(f"{subject}: schema is not a string")
        json.loads(body["schema"])
        for ref in body.get("references", []):
            if set(ref) != {"name", "subject", "version"}:
                fail(f"{subject}: reference {ref} is not name/subject/version")
            if not isinstance(ref["version"], int) or isinstance(ref["version"], bool):
                fail(f"{subject}: reference version {ref['version']!r} is not an integer")
            if ref["subject"] not in registered:
                fail(f"{subject}: references {ref['subject']}, not registered before it")
            if ref["name"] not in body["schema"]:
                fail(f"{subject}: reference name {ref['name']} is not a $ref of the schema")
        registered.add(subject)
    print(f"confluent: {len(registered)} register requests in the documented shape, references registered first")


def main():
    eb, cf, *sample_files = sys.argv[1:]
    eventbridge(eb, examples(sample_files))
    confluent(cf)


main()
