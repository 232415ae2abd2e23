"""``python -m evschema replay --to sns:ARN|sqs:URL`` against a real local AWS endpoint:
moto's server, started on 127.0.0.1 by scripts/python.sh (EVSCHEMA_AWS_ENDPOINT). The
command runs as a subprocess, exactly as a user runs it."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import uuid
from typing import Any

import pytest

from test_aws import INVALID, ROOT, SCHEMAS, VALID, WANTED, client, drain

EXAMPLES = sorted((SCHEMAS / "examples").glob("*.ndjson"))
READ = len(VALID) + len(INVALID)


def replay(*args: str, cwd: pathlib.Path = ROOT) -> tuple[int, list[dict[str, Any]], str]:
    """Runs the replay; returns its exit code, its JSON outcomes and its stderr."""
    env = dict(os.environ)
    env.update(
        AWS_ENDPOINT_URL=os.environ["EVSCHEMA_AWS_ENDPOINT"],
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
    )
    p = subprocess.run(
        [sys.executable, "-m", "evschema", "replay", *args, "--format", "json", "--retries", "1"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    outcomes = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    return p.returncode, outcomes, p.stderr


def queue(sqs: Any, prefix: str) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=f"{prefix}-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def kinds(outcomes: list[dict[str, Any]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for o in outcomes:
        out[o["outcome"]] = out.get(o["outcome"], 0) + 1
    return out


def test_replay_to_sns_reaches_raw_and_wrapped_subscribers_and_never_sends_invalid() -> None:
    if "EVSCHEMA_AWS_ENDPOINT" not in os.environ:
        pytest.fail("EVSCHEMA_AWS_ENDPOINT is not set: run scripts/python.sh")
    sns, sqs = client("sns"), client("sqs")
    topic = sns.create_topic(Name=f"replay-{uuid.uuid4().hex[:8]}")["TopicArn"]
    queues = {}
    for raw in (True, False):
        url, arn = queue(sqs, "raw" if raw else "wrapped")
        sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint=arn,
            Attributes={
                "RawMessageDelivery": "true" if raw else "false",
                "FilterPolicy": json.dumps({"event_type": WANTED}),
            },
        )
        queues[raw] = url
    everything_url, everything_arn = queue(sqs, "all")
    sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=everything_arn,
        Attributes={"RawMessageDelivery": "true"},
    )

    code, outcomes, err = replay(*map(str, EXAMPLES), "--to", f"sns:{topic}")
    assert code == 1, err  # the invalid examples
    assert len(outcomes) == READ
    assert kinds(outcomes) == {"delivered": len(VALID), "invalid": len(INVALID)}, err
    assert f"{READ} read: {len(VALID)} delivered, 0 filtered, {len(INVALID)} invalid, 0 failed" in err

    recorded = {e["event_id"]: line for e, line in zip(VALID, (SCHEMAS / "examples" / "valid.ndjson").read_text().splitlines())}
    got = drain(sqs, everything_url, len(VALID))
    assert sorted(json.loads(m["Body"])["event_id"] for m in got) == sorted(recorded)
    for m in got:
        event = json.loads(m["Body"])
        assert m["Body"] == recorded[event["event_id"]]  # the bytes as recorded
        assert m["MessageAttributes"]["event_type"]["StringValue"] == event["event_type"]
        assert m["MessageAttributes"]["version"]["StringValue"] == event["version"]

    expected = {e["event_id"] for e in VALID if e["event_type"] in WANTED}
    raw = drain(sqs, queues[True], len(expected))
    assert {json.loads(m["Body"])["event_id"] for m in raw} == expected
    wrapped = drain(sqs, queues[False], len(expected))
    assert len(wrapped) == len(expected)
    for m in wrapped:
        note = json.loads(m["Body"])
        event = json.loads(note["Message"])
        assert note["Message"] == recorded[event["event_id"]]
        assert note["MessageAttributes"]["event_type"]["Value"] == event["event_type"]
        assert note["MessageAttributes"]["version"]["Value"] == event["version"]
    invalid_ids = {e.get("event_id") for e in INVALID}
    assert not invalid_ids & {json.loads(m["Body"])["event_id"] for m in got}


def test_replay_to_sqs_dry_run_state_resume_type_filter_and_refusals(tmp_path: pathlib.Path) -> None:
    sqs = client("sqs")
    url, _ = queue(sqs, "target")
    to = ["--to", f"sqs:{url}"]
    valid = str(SCHEMAS / "examples" / "valid.ndjson")
    invalid = str(SCHEMAS / "examples" / "invalid.ndjson")

    # --dry-run decides everything and sends nothing
    code, outcomes, err = replay(valid, invalid, *to, "--dry-run")
    assert code == 1, err
    assert len(outcomes) == READ and all(o.get("dry_run") for o in outcomes if o["outcome"] == "delivered")
    assert drain(sqs, url, 0) == []

    # --type: only the selected events are sent, the others are filtered
    code, outcomes, err = replay(valid, *to, "--type", "notification.*")
    notifications = [e for e in VALID if e["event_type"].startswith("notification.")]
    assert code == 0, err
    assert kinds(outcomes) == {"delivered": len(notifications), "filtered": len(VALID) - len(notifications)}
    got = drain(sqs, url, len(notifications))
    assert sorted(json.loads(m["Body"])["event_id"] for m in got) == sorted(e["event_id"] for e in notifications)

    # --state: a second run sends nothing again and reports what the first delivered
    state = tmp_path / "run.state"
    code, outcomes, err = replay(valid, invalid, *to, "--state", str(state))
    assert code == 1, err
    assert kinds(outcomes) == {"delivered": len(VALID), "invalid": len(INVALID)}
    assert len(drain(sqs, url, len(VALID))) == len(VALID)
    code, again, err = replay(valid, invalid, *to, "--state", str(state))
    assert code == 1, err
    assert drain(sqs, url, 0) == [], "a resumed run sent an event twice"
    assert len(again) == READ
    resumed = [o for o in again if o["outcome"] == "delivered"]
    assert len(resumed) == len(VALID) and all(o.get("resumed") for o in resumed)
    assert f"{READ} read:" in err

    # a state file from other inputs is refused, nothing sent
    code, outcomes, err = replay(valid, *to, "--state", str(state))
    assert code == 2 and outcomes == [], err
    assert "other inputs" in err
    assert drain(sqs, url, 0) == []

    # a queue that does not exist: a client error, not retried, every event failed
    code, outcomes, err = replay(valid, "--to", f"sqs:{url}-missing", "--type", "cme.*")
    assert code == 1, err
    failed = [o for o in outcomes if o["outcome"] == "failed"]
    assert failed and all(o["attempts"] == 1 for o in failed)
    assert len(outcomes) == len(VALID)

    # a bad argument: exit 2
    code, _, err = replay(valid, *to, "--rate", "0")
    assert code == 2, err
