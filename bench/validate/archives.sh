#!/usr/bin/env bash
# Compressed and wrapped streams: what reading .gz/.zst and unwrapping SNS-in-SQS costs over
# plain NDJSON, on the same events, in one run.
#   bench/validate/archives.sh [EVENTS]      (default 100000)
# Needs: cargo, python3, gzip and zstd (Debian's gzip and zstd packages) to make the archives.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
out=bench/out
mkdir -p "$out"
T="python3 bench/timeit.py"

cargo build --release --quiet
python3 bench/validate/gen.py "$n" "$out"
ev=target/release/evschema
ev_in=$out/events.jsonl
gzip -6 -c "$ev_in" > "$out/events.jsonl.gz"
# two members, as appended archives are
split_at=$((n / 2))
{ head -n "$split_at" "$ev_in" | gzip -6 -c; tail -n +"$((split_at + 1))" "$ev_in" | gzip -6 -c; } > "$out/events-2m.jsonl.gz"
zstd -q -3 -f -o "$out/events.jsonl.zst" "$ev_in"
# each event as an SQS message whose Body is an SNS notification (what an SQS subscriber
# of the topic receives), with event_type and version message attributes
python3 - "$ev_in" "$out/sqs-sns.jsonl" <<'PY'
import json, sys
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as dst:
    for i, line in enumerate(src):
        e = json.loads(line)
        note = {"Type": "Notification", "MessageId": "22b80b92-fdea-4c2c-8f9d-%012d" % i,
                "TopicArn": "arn:aws:sns:us-east-1:123456789012:events", "Message": line.rstrip("\n"),
                "Timestamp": "2026-11-02T17:31:00.655Z", "SignatureVersion": "1",
                "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
                "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
                "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:123456789012:events:c9135db0",
                "MessageAttributes": {"event_type": {"Type": "String", "Value": e.get("event_type", "")},
                                      "version": {"Type": "String", "Value": e.get("version", "")}}}
        msg = {"MessageId": "5fea7756-0ea4-451a-a703-%012d" % i, "ReceiptHandle": "AQEBzWwaftRI0KuVm4tP+/7q1rGgNqicHq7X1DgY1c3f6H2wiVu4tzx0A0lA6rXtXvpu",
               "MD5OfBody": "fafb00f5732ab283681e124bf8747ed1", "Body": json.dumps(note)}
        dst.write(json.dumps(msg) + "\n")
PY

size() { du -m "$1" | cut -f1; }
echo "machine: $(nproc) cores; $(uname -m); events: $n"
echo "sizes: NDJSON $(size "$ev_in") MB, gzip $(size "$out/events.jsonl.gz") MB, zstd $(size "$out/events.jsonl.zst") MB, SQS>SNS $(size "$out/sqs-sns.jsonl") MB"
$T --label "plain NDJSON" -- "$ev" validate -q "$ev_in"
$T --label ".jsonl.gz (one member)" -- "$ev" validate -q "$out/events.jsonl.gz"
$T --label ".jsonl.gz (two members)" -- "$ev" validate -q "$out/events-2m.jsonl.gz"
$T --label ".jsonl.zst" -- "$ev" validate -q "$out/events.jsonl.zst"
$T --label "zstd on stdin (sniffed)" --stdin "$out/events.jsonl.zst" -- "$ev" validate -q -
$T --label "SQS messages wrapping SNS notifications" -- "$ev" validate -q "$out/sqs-sns.jsonl"
$T --label "gzip -dc alone (decompression floor)" -- gzip -dc "$out/events.jsonl.gz"
$T --label "zstd -dc alone (decompression floor)" -- zstd -q -dc "$out/events.jsonl.zst"
