"""The Python package against the shipped catalog and hostile inputs (run by scripts/python.sh)."""

from __future__ import annotations

import concurrent.futures
import copy
import json
import os
import pathlib
import shutil
import subprocess
import sys
from typing import Any

import pytest

import evschema

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
VALID = (SCHEMAS / "examples" / "valid.ndjson").read_text().splitlines()
INVALID = (SCHEMAS / "examples" / "invalid.ndjson").read_text().splitlines()


@pytest.fixture(scope="module")
def catalog() -> evschema.Catalog:
    return evschema.Catalog(SCHEMAS)


def license_created() -> dict[str, Any]:
    for line in VALID:
        event = json.loads(line)
        if event["event_type"] == "license.created":
            return event
    raise AssertionError("no license.created example")


def schema_examples() -> list[tuple[str, Any]]:
    out = []
    for path in sorted(SCHEMAS.glob("*/*.json")):
        if path.parent.name in ("examples", "common"):
            continue
        for i, example in enumerate(json.loads(path.read_text()).get("examples", [])):
            out.append((f"{path.relative_to(SCHEMAS)}#{i}", example))
    return out


def test_every_shipped_example_event_is_valid(catalog: evschema.Catalog) -> None:
    assert len(VALID) == 47
    for line in VALID:
        assert catalog.validate(line) == [], line


@pytest.mark.parametrize("name,example", schema_examples())
def test_every_schema_example_is_valid(
    catalog: evschema.Catalog, name: str, example: Any
) -> None:
    assert catalog.validate(example) == []


def test_there_are_schema_examples() -> None:
    assert len(schema_examples()) >= 17


def test_catalog_routes_the_shipped_event_types(catalog: evschema.Catalog) -> None:
    assert len(catalog.event_types) == 19
    assert catalog.event_types == sorted(catalog.event_types)
    assert "license.created" in catalog.event_types
    assert "19 event types" in repr(catalog)


def cli_records(*args: str) -> list[dict[str, Any]]:
    """Runs the wheel's `evschema validate --format json`."""
    exe = shutil.which("evschema")
    assert exe is not None, "the wheel's evschema command is not on PATH"
    run = subprocess.run(
        [exe, "validate", "--format", "json", "--color", "never", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode in (0, 1), run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_errors_are_the_ones_evschema_validate_reports(catalog: evschema.Catalog) -> None:
    records = cli_records("schemas/examples/invalid.ndjson")
    assert len(records) == len(INVALID) == 19
    for line, record in zip(INVALID, records):
        errors = catalog.validate(line)
        assert not record["valid"]
        assert [
            {"instance_path": e.instance_path, "schema_path": e.schema_path, "message": e.message}
            for e in errors
        ] == record["errors"]
        assert {e.event_type for e in errors} == {record["event_type"]}
        # the schema is named as the catalog path was given: absolute here, relative to ROOT there
        assert {e.schema for e in errors} == {str(ROOT / record["schema"])}


def test_every_error_field(catalog: evschema.Catalog) -> None:
    event = license_created()
    event["payload"]["state"] = "ZZ"
    (error,) = catalog.validate(event)
    assert error.instance_path == "/payload/state"
    assert error.schema_path == "common/us_states.json#/definitions/us_state/enum"
    assert error.message.startswith('"ZZ" is not one of "AL", "AK"')
    assert error.event_type == "license.created"
    assert error.schema == str(SCHEMAS / "sns_topics" / "license_created.json")
    assert error.to_dict() == {
        "instance_path": error.instance_path,
        "schema_path": error.schema_path,
        "message": error.message,
        "event_type": "license.created",
        "schema": error.schema,
    }
    assert str(error) == f"/payload/state: {error.message}"
    assert "InstanceError(instance_path='/payload/state'" in repr(error) or (
        'InstanceError(instance_path="/payload/state"' in repr(error)
    )


def test_errors_are_sorted_and_all_reported(catalog: evschema.Catalog) -> None:
    event = license_created()
    event["payload"]["state"] = "ZZ"
    event["event_id"] = "not-a-uuid"
    del event["timestamp"]
    errors = catalog.validate(event)
    paths = [e.instance_path for e in errors]
    assert paths == sorted(paths)
    assert "/event_id" in paths and "/payload/state" in paths and "" in paths
    assert any("timestamp" in e.message and e.schema_path == "/required" for e in errors)


def test_check_raises_a_value_error_carrying_the_fields(catalog: evschema.Catalog) -> None:
    event = license_created()
    catalog.check(event)
    event["payload"]["license_type"] = 7
    with pytest.raises(evschema.ValidationError) as info:
        catalog.check(event)
    e = info.value
    assert isinstance(e, ValueError)
    assert e.instance_path == "/payload/license_type"
    assert e.schema_path.endswith("/type") or "license_type" in e.schema_path
    assert "7" in e.message
    assert e.event_type == "license.created"
    assert e.schema is not None and e.schema.endswith("license_created.json")
    # a wrong type breaks both the field's type and its enum: every error is carried
    assert len(e.errors) == 2
    assert {x.instance_path for x in e.errors} == {"/payload/license_type"}
    assert e.errors[0].message == e.message and e.errors[0].schema_path == e.schema_path
    assert str(e).startswith("invalid license.created event (")
    assert "/payload/license_type: " in str(e)


def test_dict_str_bytes_and_bytearray_give_the_same_errors(catalog: evschema.Catalog) -> None:
    for line in INVALID:
        as_str = catalog.validate(line)
        assert as_str
        assert catalog.validate(line.encode()) == as_str
        assert catalog.validate(bytearray(line.encode())) == as_str
        assert catalog.validate(json.loads(line)) == as_str


def test_non_json_strings_are_validation_errors(catalog: evschema.Catalog) -> None:
    cases = {
        "{not json": "malformed JSON: key must be a string at line 1 column 2",
        "": "malformed JSON: EOF while parsing a value at line 1 column 0",
        '{"event_type": "license.created",}': "malformed JSON: trailing comma at line 1 column 34",
        '{"a": 1} trailing': "malformed JSON: trailing characters at line 1 column 10",
    }
    for text, message in cases.items():
        (error,) = catalog.validate(text)
        assert error.message == message
        assert error.instance_path == "" and error.event_type is None and error.schema is None
        with pytest.raises(evschema.ValidationError):
            catalog.check(text)
    (error,) = catalog.validate(b"\xff\xfe{}")
    assert error.message.startswith("malformed JSON")
    assert catalog.validate("null")[0].message == "expected an event object, found null"
    assert catalog.validate("[1]")[0].message.startswith("expected an event object, found array")
    assert catalog.validate({})[0].message == 'no "event_type": cannot route the event to a schema'
    (error,) = catalog.validate({"event_type": 3})
    assert error.instance_path == "/event_type"


def test_values_json_cannot_carry_are_errors_at_their_pointer(catalog: evschema.Catalog) -> None:
    import datetime

    event = license_created()
    event["payload"]["issue_date"] = datetime.date(2020, 1, 1)
    (error,) = catalog.validate(event)
    assert error.instance_path == "/payload/issue_date"
    assert "date is not a JSON value" in error.message
    assert catalog.validate({"event_type": "x", "n": float("nan")})[0].message == "NaN is not a JSON number"
    assert catalog.validate({"event_type": "x", 1: "a"})[0].message.startswith("a key of type int")
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(200):
        node["a"] = {}
        node = node["a"]
    assert "nested deeper than 128" in catalog.validate(deep)[0].message
    cyclic: dict[str, Any] = {"event_type": "license.created"}
    cyclic["self"] = cyclic
    assert "nested deeper" in catalog.validate(cyclic)[0].message
    (error,) = catalog.validate({"event_type": "x", "name": "\ud800"})
    assert error.instance_path == "/name" and "lone surrogate" in error.message
    assert "lone surrogate" in catalog.validate("\ud800")[0].message
    big = license_created()
    big["payload"]["days"] = 10**30
    assert catalog.validate(big)  # a huge int is a number, rejected by the schema, no crash
    with pytest.raises(TypeError):
        catalog.validate(object())  # type: ignore[arg-type]


def test_route(catalog: evschema.Catalog) -> None:
    assert catalog.route(license_created()).endswith("license_created.json")
    with pytest.raises(evschema.ValidationError) as info:
        catalog.route({"event_type": "no.such.event", "version": "1.0.0"})
    assert info.value.instance_path == "/event_type"
    assert "unknown event_type" in info.value.message
    with pytest.raises(evschema.ValidationError):
        catalog.route("{")


def test_validate_many_matches_validate_on_any_thread_count(catalog: evschema.Catalog) -> None:
    events: list[Any] = []
    for i in range(40):
        events.extend(VALID if i % 2 else INVALID)
        events.append(json.loads(INVALID[i % len(INVALID)]))
    expected = [catalog.validate(e) for e in events]
    for threads in (1, 2, 4, 7):
        assert catalog.validate_many(events, threads=threads) == expected
    assert catalog.validate_many(iter(events)) == expected
    assert catalog.validate_many([]) == []
    with pytest.raises(ValueError):
        catalog.validate_many(events, threads=0)


def test_one_catalog_is_shared_by_python_threads(catalog: evschema.Catalog) -> None:
    events = [json.loads(line) for line in VALID + INVALID] * 20
    expected = [len(catalog.validate(e)) for e in events]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda e: len(catalog.validate(e)), events))
    assert got == expected


def test_validate_file_reads_like_the_cli(catalog: evschema.Catalog, tmp_path: pathlib.Path) -> None:
    results = catalog.validate_file(SCHEMAS / "examples" / "invalid.ndjson")
    records = cli_records("schemas/examples/invalid.ndjson")
    assert [r.source for r in results] == [
        str(SCHEMAS / "examples" / f"invalid.ndjson:{i}") for i in range(1, 20)
    ]
    assert [r.line for r in results] == list(range(1, 20))
    for r, record in zip(results, records):
        assert not r.valid
        assert r.event_type == record["event_type"]
        assert [e.message for e in r.errors] == [e["message"] for e in record["errors"]]
    # many events, blank lines, a malformed line, several threads, order kept
    lines = (VALID + ["", "{broken"] + INVALID) * 200
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(lines) + "\n")
    results = catalog.validate_file(path, threads=3)
    kept = [line for line in lines if line]
    assert len(results) == len(kept)
    assert [r.valid for r in results] == [catalog.is_valid(line) for line in kept]
    broken = [r for r in results if r.errors and r.errors[0].message.startswith("malformed")]
    assert len(broken) == 200
    assert broken[0].errors[0].message == "malformed JSON: key must be a string at column 2"
    # a JSON array, element by element
    array = tmp_path / "events.json"
    array.write_text("[\n" + ",\n".join(VALID[:3] + INVALID[:2]) + "\n]\n")
    results = catalog.validate_file(array, array=True)
    assert [r.valid for r in results] == [True, True, True, False, False]
    assert results[3].source.endswith("events.json[3]") and results[3].line == 5
    # a folder: its files in sorted order
    assert len(catalog.validate_file(tmp_path)) == len(kept) + 1
    with pytest.raises(OSError):
        catalog.validate_file(tmp_path / "missing.ndjson")


def test_redact_and_format_assertion_options(tmp_path: pathlib.Path) -> None:
    event = license_created()
    event["payload"]["license_number"] = {"secret": "123-45-6789"}
    plain = evschema.Catalog(SCHEMAS).validate(event)
    redacted = evschema.Catalog(SCHEMAS, redact=True).validate(event)
    assert any("123-45-6789" in e.message for e in plain)
    assert redacted and not any("123-45-6789" in e.message for e in redacted)
    assert any("<object>" in e.message for e in redacted)
    bad_date = license_created()
    bad_date["payload"]["issue_date"] = "2019-02-30"
    assert evschema.Catalog(SCHEMAS).validate(bad_date)
    assert evschema.Catalog(SCHEMAS, assert_formats=False).validate(bad_date) == []


def test_one_schema_file_and_a_list_of_files() -> None:
    one = evschema.Catalog(schema=SCHEMAS / "sns_topics" / "license_created.json")
    assert one.event_types == ["license.created"]
    assert one.validate(license_created()) == []
    # no routing: any event is checked against that schema
    other = json.loads(VALID[1])
    assert other["event_type"] != "license.created"
    assert one.validate(other)
    files = [
        SCHEMAS / "sns_topics" / "license_created.json",
        SCHEMAS / "common" / "us_states.json",
        SCHEMAS / "common" / "definitions.json",
    ]
    some = evschema.Catalog([str(f) for f in files])
    assert some.event_types == ["license.created"]
    event = license_created()
    assert some.validate(event) == []
    event["payload"]["state"] = "ZZ"
    assert some.validate(event)[0].schema_path == "common/us_states.json#/definitions/us_state/enum"
    with pytest.raises(ValueError):
        evschema.Catalog(SCHEMAS, schema=files[0])


def write(path: pathlib.Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_broken_catalog_raises_catalog_error_with_file_and_line(tmp_path: pathlib.Path) -> None:
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    broken = tmp_path / "schemas" / "sqs_queues" / "broken.json"
    write(broken, '{\n  "type": "object",\n  "properties": {,}\n}\n')
    with pytest.raises(evschema.CatalogError) as info:
        evschema.Catalog(tmp_path / "schemas")
    e = info.value
    assert e.file is not None and e.file.endswith("sqs_queues/broken.json")
    assert e.line == 3 and e.column == 18
    assert "not valid JSON" in str(e) and "broken.json:3:18" in str(e)
    assert e.problems[0][0] == e.file
    assert not isinstance(e, ValueError)


def test_a_bad_ref_and_an_uncompilable_schema_are_catalog_errors(tmp_path: pathlib.Path) -> None:
    event_schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {
            "event_type": {"const": "thing.made"},
            "payload": {"$ref": "../common/nope.json"},
        },
    }
    write(tmp_path / "a" / "sns_topics" / "thing.json", json.dumps(event_schema, indent=2))
    with pytest.raises(evschema.CatalogError) as info:
        evschema.Catalog(tmp_path / "a")
    assert info.value.file is not None and info.value.file.endswith("thing.json")
    assert info.value.line == 9 and info.value.column == 15
    assert "names no schema file" in str(info.value)
    event_schema["properties"]["payload"] = {"pattern": "(unclosed"}
    write(tmp_path / "b" / "sns_topics" / "thing.json", json.dumps(event_schema))
    with pytest.raises(evschema.CatalogError) as info:
        evschema.Catalog(tmp_path / "b")
    assert info.value.file is not None and info.value.file.endswith("thing.json")
    assert "cannot compile" in str(info.value)
    with pytest.raises(evschema.CatalogError) as info:
        evschema.Catalog(tmp_path / "missing")
    assert "does not exist" in str(info.value)
    write(tmp_path / "c" / "common" / "x.json", "{}")
    with pytest.raises(evschema.CatalogError) as info:
        evschema.Catalog(tmp_path / "c")
    assert "routes no event type" in str(info.value)


def test_two_catalogs_share_no_state(tmp_path: pathlib.Path) -> None:
    def schema(required: list[str]) -> str:
        return json.dumps(
            {
                "type": "object",
                "required": required,
                "properties": {"event_type": {"const": "thing.made"}},
            }
        )

    write(tmp_path / "strict" / "sns_topics" / "thing.json", schema(["event_type", "id"]))
    write(tmp_path / "loose" / "sns_topics" / "thing.json", schema(["event_type"]))
    strict = evschema.Catalog(tmp_path / "strict")
    loose = evschema.Catalog(tmp_path / "loose")
    event = {"event_type": "thing.made"}
    for _ in range(3):
        assert loose.validate(event) == []
        assert [e.message for e in strict.validate(event)] == ['"id" is a required property']
    assert strict.validate(event)[0].schema != loose.route(event)


def test_the_wheel_carries_the_command(tmp_path: pathlib.Path) -> None:
    exe = shutil.which("evschema")
    assert exe is not None
    version = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith(f"evschema {evschema.__version__}")
    ok = subprocess.run([exe, "validate", "schemas/examples/valid.ndjson"], cwd=ROOT, capture_output=True)
    assert ok.returncode == 0
    bad = subprocess.run(
        [exe, "validate", "--color", "never", "schemas/examples/invalid.ndjson"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and "invalid license.created" in bad.stdout
    err = subprocess.run([exe, "validate", "--catalog", str(tmp_path / "none"), "x"], capture_output=True, text=True)
    assert err.returncode == 2 and "does not exist" in err.stderr
    usage = subprocess.run([exe, "--no-such-flag"], capture_output=True, text=True)
    assert usage.returncode == 2
    module = subprocess.run([sys.executable, "-m", "evschema", "--version"], capture_output=True, text=True)
    assert module.returncode == 0 and module.stdout == version.stdout
    # a closed pipe is not an error, as for the native binary
    head = subprocess.run(
        f"'{exe}' validate --format json schemas/examples/valid.ndjson | head -c 10",
        shell=True,
        cwd=ROOT,
        capture_output=True,
    )
    assert head.returncode == 0 and len(head.stdout) == 10


def test_deepcopy_of_events_does_not_matter(catalog: evschema.Catalog) -> None:
    event = license_created()
    before = copy.deepcopy(event)
    catalog.validate(event)
    assert event == before


def test_bundle_is_the_self_contained_schema(catalog: evschema.Catalog) -> None:
    schema = catalog.bundle("license.created")
    assert schema["properties"]["event_type"]["const"] == "license.created"
    text = json.dumps(schema)
    assert "../common/" not in text and "evschema:common/us_states.json" in text
    one = evschema.Catalog(schema=SCHEMAS / "sns_topics" / "license_created.json")
    assert one.bundle("license.created") == schema
    with pytest.raises(ValueError, match="unknown event_type"):
        catalog.bundle("no.such.type")


def test_fast_and_ordinary_paths_give_the_same_answers() -> None:
    # is_valid and validate answer a valid dict through the light document and an invalid
    # one through the ordinary path; str inputs take the engine's fast parse after its
    # warm-up. Past the warm-up (200 rounds), every input form must still agree with the
    # errors validate lists, for every valid and invalid example and for a few edge values.
    cat = evschema.Catalog(SCHEMAS)
    events: list[Any] = [json.loads(line) for line in VALID + INVALID]
    edge = copy.deepcopy(license_created())
    edge["payload"]["extra_int"] = 2**70  # beyond u64: converted as a float on both paths
    events += [edge, {"event_type": 1}, [], None, {"MessageId": "x", "Message": VALID[0]}]
    for _ in range(200):
        for event in events:
            errors = cat.validate(event)
            text = json.dumps(event)
            assert cat.is_valid(event) == (errors == []), event
            assert cat.is_valid(text) == (errors == []), event
            assert cat.is_valid(text.encode()) == (errors == []), event
    assert all(cat.is_valid(json.loads(line)) for line in VALID)
    assert not any(cat.is_valid(json.loads(line)) for line in INVALID)


def test_the_fast_path_reads_strings_in_place_without_changing_them() -> None:
    # the dict fast path reads every key and string value straight from the str objects:
    # str subclasses, non-ASCII text and long strings must give validate's answer, and the
    # event must be left as it was
    class Tag(str):
        pass

    cat = evschema.Catalog(SCHEMAS)
    base = json.loads(VALID[0])
    variants: list[Any] = []
    for value in [Tag("é" * 3), "日本語のテキスト" * 50, Tag("x"), "\u0000 nul", "a" * 10_000]:
        event = copy.deepcopy(base)
        event["payload"][Tag("note")] = value
        event["payload"]["ünïcode_kéy"] = value
        variants.append(event)
    bad = copy.deepcopy(base)
    bad[Tag("event_type")] = Tag(base["event_type"] + "-nope")
    variants.append(bad)
    for event in variants:
        before = copy.deepcopy(event)
        for _ in range(300):
            assert cat.is_valid(event) == (cat.validate(event) == []), event
        assert event == before
        assert all(type(k) is type(b) for k, b in zip(event["payload"], before["payload"]))


def test_the_fast_path_reads_every_python_type_as_validate_does() -> None:
    # exact builtins are read through the C API and anything else (subclasses, ints beyond
    # i64, tuples, values JSON cannot carry) through the general conversion; is_valid now
    # answers "invalid" from the fast path too, so each value must give validate's answer
    import collections
    import enum

    class Days(enum.IntEnum):
        NINETY = 90

    class Num(float):
        pass

    class Listy(list):  # type: ignore[type-arg]
        pass

    cat = evschema.Catalog(SCHEMAS)
    base = json.loads(VALID[0])
    assert "days_until_expiration" in base["payload"]
    values: list[Any] = [
        90, True, False, Days.NINETY, 90.0, Num(90.0), 2**63 - 1, -(2**63), 2**63, 2**64,
        2**70, -(2**70), float("nan"), float("inf"), "90", None, [90], (90,), Listy([90]),
        {"a": 1}, collections.OrderedDict(a=1), "\ud800", b"90", object(),
    ]
    variants: list[Any] = []
    for value in values:
        event = copy.deepcopy(base)
        event["payload"]["days_until_expiration"] = value
        variants.append(event)
    odd_key = copy.deepcopy(base)
    odd_key["payload"][1] = "x"
    ordered = collections.OrderedDict(copy.deepcopy(base))
    ordered["payload"] = collections.OrderedDict(ordered["payload"])
    variants += [odd_key, ordered, {**base, "payload": Listy()}]
    answers = []
    for event in variants:
        expected = cat.validate(event) == []
        for _ in range(3):
            assert cat.is_valid(event) == expected, event
        answers.append(expected)
    # the cases are not all one answer: the int forms pass and the others do not
    assert answers[0] and answers[3] and not answers[12] and not answers[15]
