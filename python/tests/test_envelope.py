"""Publishers and unwrap, without a network: the client records what it was asked to send."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

import evschema

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
VALID = [json.loads(x) for x in (SCHEMAS / "examples" / "valid.ndjson").read_text().splitlines()]
INVALID = (SCHEMAS / "examples" / "invalid.ndjson").read_text().splitlines()


class Recorder:
    """Stands in for a boto3 client: keeps each call's keyword arguments."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def publish(self, **kwargs: Any) -> dict[str, str]:
        self.calls.append(("publish", kwargs))
        return {"MessageId": str(len(self.calls))}

    def send_message(self, **kwargs: Any) -> dict[str, str]:
        self.calls.append(("send_message", kwargs))
        return {"MessageId": str(len(self.calls))}


@pytest.fixture(scope="module")
def catalog() -> evschema.Catalog:
    return evschema.Catalog(SCHEMAS)


def test_publish_is_the_seed_call_with_attributes_from_the_event(catalog: evschema.Catalog) -> None:
    client = Recorder()
    event = VALID[0]
    reply = evschema.sns.publish(client, "arn:aws:sns:us-east-1:1:t", event, catalog=catalog, Subject="s")
    assert reply == {"MessageId": "1"}
    ((name, kwargs),) = client.calls
    assert name == "publish"
    assert kwargs == {
        "TopicArn": "arn:aws:sns:us-east-1:1:t",
        "Message": json.dumps(event),
        "Subject": "s",
        "MessageAttributes": {
            "event_type": {"DataType": "String", "StringValue": event["event_type"]},
            "version": {"DataType": "String", "StringValue": event["version"]},
        },
    }


def test_an_invalid_event_is_never_published(catalog: evschema.Catalog) -> None:
    client = Recorder()
    for line in INVALID:
        with pytest.raises(evschema.ValidationError):
            evschema.sns.publish(client, "arn", line, catalog=catalog)
        with pytest.raises(evschema.ValidationError):
            evschema.sqs.send_message(client, "url", json.loads(line), catalog=catalog)
    with pytest.raises(evschema.ValidationError):
        evschema.sns.publish(client, "arn", "{not json", catalog=catalog)
    with pytest.raises(TypeError):
        evschema.sns.publish(client, "arn", 3, catalog=catalog)  # type: ignore[arg-type]
    assert client.calls == []


def test_text_is_published_as_given_and_caller_attributes_are_kept(catalog: evschema.Catalog) -> None:
    client = Recorder()
    text = json.dumps(VALID[1], indent=1)
    evschema.sqs.send_message(
        client,
        "https://queue",
        text.encode(),
        catalog=catalog,
        MessageAttributes={"tenant": {"DataType": "String", "StringValue": "acme"}},
        DelaySeconds=3,
    )
    ((name, kwargs),) = client.calls
    assert name == "send_message"
    assert kwargs["MessageBody"] == text and kwargs["DelaySeconds"] == 3
    assert set(kwargs["MessageAttributes"]) == {"tenant", "event_type", "version"}
    with pytest.raises(ValueError, match="MessageAttributes"):
        evschema.sns.publish(
            client,
            "arn",
            VALID[1],
            catalog=catalog,
            MessageAttributes={"event_type": {"DataType": "String", "StringValue": "other.type"}},
        )
    assert len(client.calls) == 1


def test_default_catalog_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVSCHEMA_CATALOG", str(SCHEMAS))
    assert evschema.default_catalog() is evschema.default_catalog()
    client = Recorder()
    evschema.sns.publish(client, "arn", VALID[2])
    assert len(client.calls) == 1


def notification(event: Any, attrs: dict[str, str]) -> dict[str, Any]:
    return {
        "Type": "Notification",
        "MessageId": "m",
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
        "Message": json.dumps(event),
        "MessageAttributes": {k: {"Type": "String", "Value": v} for k, v in attrs.items()},
    }


def test_unwrap_every_delivery_shape(catalog: evschema.Catalog) -> None:
    event = VALID[0]
    attrs = {"event_type": event["event_type"], "version": event["version"]}
    note = notification(event, attrs)
    sqs_attrs = {k: {"DataType": "String", "StringValue": v} for k, v in attrs.items()}
    shapes: list[Any] = [
        note,  # an HTTP subscriber, parsed
        json.dumps(note),  # the same as text
        {"Body": json.dumps(note)},  # SQS, non-raw subscription
        {"Body": json.dumps(event), "MessageAttributes": sqs_attrs},  # SQS, raw delivery
        {"body": json.dumps(event), "messageAttributes": {k: {"stringValue": v} for k, v in attrs.items()}},
        {"EventSource": "aws:sns", "Sns": note},  # a Lambda SNS record
        json.dumps(event).encode(),  # a raw body
        event,
    ]
    for shape in shapes:
        assert evschema.unwrap(shape, catalog=catalog) == event


def test_unwrap_refuses_mismatches_and_non_events(catalog: evschema.Catalog) -> None:
    event = VALID[0]
    with pytest.raises(evschema.UnwrapError, match="event_type"):
        evschema.unwrap(notification(event, {"event_type": "license.expired"}))
    with pytest.raises(evschema.UnwrapError, match="version"):
        evschema.unwrap(
            {"Body": json.dumps(event), "MessageAttributes": {"version": {"DataType": "String", "StringValue": "2.0.0"}}}
        )
    with pytest.raises(evschema.UnwrapError, match="not JSON"):
        evschema.unwrap({"Body": "{oops"})
    with pytest.raises(evschema.UnwrapError, match="not an event object"):
        evschema.unwrap("[1, 2]")
    assert issubclass(evschema.UnwrapError, ValueError)
    bad = json.loads(INVALID[0])
    assert evschema.unwrap(notification(bad, {})) == bad  # no catalog: only unwrapped
    with pytest.raises(evschema.ValidationError):
        evschema.unwrap(notification(bad, {}), catalog=catalog)


def test_shared_catalog_is_one_per_path_and_options() -> None:
    a = evschema.shared_catalog(SCHEMAS)
    assert evschema.shared_catalog(str(SCHEMAS)) is a
    assert evschema.shared_catalog(SCHEMAS, redact=True) is not a
