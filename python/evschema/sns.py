"""Publishing events to SNS, validated first: :func:`publish`."""

from __future__ import annotations

from typing import Any, Optional

from ._envelope import Event, attributes, prepare
from ._evschema import Catalog


def publish(
    client: Any,
    topic_arn: str,
    event: Event,
    *,
    catalog: Optional[Catalog] = None,
    **kwargs: Any,
) -> Any:
    """Validates ``event`` and publishes it to ``topic_arn`` with boto3's SNS ``client``.

    The call is the one publishers make by hand, ``client.publish(TopicArn=...,
    Message=json.dumps(event), MessageAttributes={'event_type': ..., 'version': ...})``,
    with the two attributes taken from the event. An invalid event raises
    :class:`evschema.ValidationError` and nothing is published. ``catalog`` defaults to
    :func:`evschema.default_catalog`; other keyword arguments (``Subject``,
    ``MessageGroupId``, more ``MessageAttributes``...) go to ``client.publish``."""
    message, parsed = prepare(event, catalog)
    attrs = attributes(parsed, kwargs.pop("MessageAttributes", None))
    return client.publish(
        TopicArn=topic_arn, Message=message, MessageAttributes=attrs, **kwargs
    )
