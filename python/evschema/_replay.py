"""``python -m evschema replay --to sns:ARN|sqs:URL``: the binary's replay (reading,
filters, validation, the ``--state`` journal, retries with backoff, outcomes, summary and
exit code, all in Rust) with one delivery attempt per call made here with boto3."""

from __future__ import annotations

import re
import threading
from typing import Any, Optional

from ._envelope import attributes
from ._evschema import run_replay

#: error codes that mean "slow down": retried with backoff, like HTTP 429
THROTTLING = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "SlowDown",
        "KMSThrottlingException",
    }
)

Answer = tuple[str, Optional[int], Optional[str]]


def target_of(argv: list[str]) -> Optional[str]:
    """The ``--to`` value of a ``replay`` command line when it is an SNS or SQS target."""
    if not argv or argv[0] != "replay":
        return None
    value: Optional[str] = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--to" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--to="):
            value = arg[len("--to=") :]
    if value is not None and value[:4].lower() in ("sns:", "sqs:"):
        return value
    return None


class Deliverer:
    """One boto3 client (thread-safe, made on the first delivery, so ``--dry-run`` needs
    no credentials), called by the Rust worker threads once per attempt."""

    def __init__(self, target: str) -> None:
        self.service = target[:3].lower()
        self.address = target[4:]
        self._client: Any = None
        self._lock = threading.Lock()

    def client(self) -> Any:
        with self._lock:
            if self._client is None:
                import boto3  # type: ignore[import-untyped]
                from botocore.config import Config  # type: ignore[import-untyped]

                region = None
                if self.service == "sns":
                    parts = self.address.split(":")
                    region = parts[3] if len(parts) > 3 and parts[3] else None
                else:
                    m = re.match(r"https?://sqs\.([a-z0-9-]+)\.", self.address)
                    region = m.group(1) if m else None
                # evschema retries, by the policy of every replay target
                config = Config(retries={"total_max_attempts": 1, "mode": "standard"})
                self._client = boto3.client(self.service, region_name=region, config=config)
            return self._client

    def __call__(
        self,
        target: str,
        body: bytes,
        event_type: Optional[str],
        event_id: Optional[str],
        version: Optional[str],
    ) -> Answer:
        from botocore.exceptions import (  # type: ignore[import-untyped]
            ClientError,
            ConnectionError,
            HTTPClientError,
        )

        attrs = attributes({"event_type": event_type, "version": version}, None)
        text = body.decode("utf-8")
        try:
            client = self.client()
            if self.service == "sns":
                client.publish(TopicArn=self.address, Message=text, MessageAttributes=attrs)
            else:
                client.send_message(
                    QueueUrl=self.address, MessageBody=text, MessageAttributes=attrs
                )
        except ClientError as e:
            err = e.response.get("Error", {})
            code = str(err.get("Code", ""))
            status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            status = status if isinstance(status, int) else None
            reason = f"{self.service.upper()} answered {code or 'an error'}"
            if status is not None:
                reason += f" (HTTP {status})"
            message = err.get("Message")
            if message:
                reason += f": {message}"
            retry = code in THROTTLING or status in (408, 429) or (status or 0) >= 500
            return ("retry" if retry else "refused", status, reason)
        except (ConnectionError, HTTPClientError) as e:
            return ("retry", None, f"connection error: {e}")
        except Exception as e:  # credentials, bad parameters: not retried
            return ("refused", None, f"{type(e).__name__}: {e}")
        return ("delivered", None, None)


def run(argv: list[str], target: str) -> int:
    """Runs ``evschema replay`` (``argv`` without the program name) to ``target``."""
    return run_replay(["evschema", *argv], Deliverer(target))
