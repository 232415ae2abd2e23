"""SNS → SQS round trip through a real local AWS endpoint: moto's server, started on
127.0.0.1 by scripts/python.sh (EVSCHEMA_AWS_ENDPOINT)."""

from __future__ import annotations

import json
import os
import pathlib
from typing import Any

import boto3
import pytest

import evschema

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
VALID = [json.loads(x) for x in (SCHEMAS / "examples" / "valid.ndjson").read_text().splitlines()]
INVALID = [json.loads(x) for x in (SCHEMAS / "examples" / "invalid.ndjson").read_text().splitlines()]
#: the subscriptions' filter policy: license events only
WANTED = sorted({e["event_type"] for e in VALID if e["event_type"].startswith("license.")})


def client(service: str) -> Any:
    endpoint = os.environ.get("EVSCHEMA_AWS_ENDPOINT")
    if not endpoint:
        pytest.fail("EVSCHEMA_AWS_ENDPOINT is not set: run scripts/python.sh, which starts moto_server")
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def drain(sqs: Any, url: str, expected: int) -> list[dict[str, Any]]:
    got: list[dict[str, Any]] = []
    for _ in range(20):
        reply = sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=10,
            MessageAttributeNames=["All"],
            WaitTimeSeconds=0,
        )
        messages = reply.get("Messages", [])
        got.extend(messages)
        for m in messages:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        if not messages and len(got) >= expected:
            break
    return got


def test_sns_to_sqs_raw_and_wrapped_with_a_filter_policy() -> None:
    sns, sqs = client("sns"), client("sqs")
    catalog = evschema.Catalog(SCHEMAS)
    topic = sns.create_topic(Name="license-events")["TopicArn"]
    queues = {}
    for raw in (True, False):
        name = "raw" if raw else "wrapped"
        url = sqs.create_queue(QueueName=f"consumer-{name}")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint=arn,
            Attributes={
                "RawMessageDelivery": "true" if raw else "false",
                "FilterPolicy": json.dumps({"event_type": WANTED}),
            },
        )
        queues[name] = url

    sent: dict[str, str] = {}
    for event in VALID:
        reply = evschema.sns.publish(sns, topic, event, catalog=catalog)
        sent[event["event_id"]] = json.dumps(event)
        assert reply["MessageId"]
    refused = 0
    for event in INVALID:
        with pytest.raises(evschema.ValidationError):
            evschema.sns.publish(sns, topic, event, catalog=catalog)
        refused += 1
    assert refused == len(INVALID)

    expected = [e for e in VALID if e["event_type"] in WANTED]
    assert 0 < len(expected) < len(VALID)

    raw = drain(sqs, queues["raw"], len(expected))
    assert len(raw) == len(expected)
    for m in raw:
        event = json.loads(m["Body"])
        assert m["Body"] == sent[event["event_id"]]  # byte for byte what was published
        attrs = m["MessageAttributes"]
        assert attrs["event_type"]["StringValue"] == event["event_type"]
        assert attrs["version"]["StringValue"] == event["version"]
        assert evschema.unwrap(m, catalog=catalog) == event

    wrapped = drain(sqs, queues["wrapped"], len(expected))
    assert len(wrapped) == len(expected)
    ids = set()
    for m in wrapped:
        note = json.loads(m["Body"])
        assert note["Type"] == "Notification" and note["TopicArn"] == topic
        event = evschema.unwrap(m, catalog=catalog)
        assert note["Message"] == sent[event["event_id"]]
        assert note["MessageAttributes"]["event_type"]["Value"] == event["event_type"]
        ids.add(event["event_id"])
    assert ids == {e["event_id"] for e in expected}
    # nothing invalid ever reached a queue
    invalid_ids = {e.get("event_id") for e in INVALID}
    assert not invalid_ids & ids


def test_sqs_send_message_round_trip() -> None:
    sqs = client("sqs")
    catalog = evschema.Catalog(SCHEMAS)
    url = sqs.create_queue(QueueName="direct")["QueueUrl"]
    queue_events = [e for e in VALID if e["event_type"].startswith("notification.")]
    for event in queue_events:
        evschema.sqs.send_message(sqs, url, event, catalog=catalog)
    with pytest.raises(evschema.ValidationError):
        evschema.sqs.send_message(sqs, url, INVALID[-1], catalog=catalog)
    got = drain(sqs, url, len(queue_events))
    assert sorted(evschema.unwrap(m, catalog=catalog)["event_id"] for m in got) == sorted(
        e["event_id"] for e in queue_events
    )
