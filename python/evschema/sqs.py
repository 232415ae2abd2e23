"""Sending events to SQS, validated first: :func:`send_message`."""

from __future__ import annotations

from typing import Any, Optional

from ._envelope import Event, attributes, prepare
from ._evschema import Catalog


def send_message(
    client: Any,
    queue_url: str,
    event: Event,
    *,
    catalog: Optional[Catalog] = None,
    **kwargs: Any,
) -> Any:
    """Validates ``event`` and sends it to ``queue_url`` with boto3's SQS ``client``, with
    the ``event_type`` and ``version`` message attributes taken from the event. An invalid
    event raises :class:`evschema.ValidationError` and nothing is sent; other keyword
    arguments go to ``client.send_message``."""
    body, parsed = prepare(event, catalog)
    attrs = attributes(parsed, kwargs.pop("MessageAttributes", None))
    return client.send_message(
        QueueUrl=queue_url, MessageBody=body, MessageAttributes=attrs, **kwargs
    )
