"""What the publishers and consumers share: the default catalog, the message attributes
taken from an event, and unwrapping SNS notifications and SQS messages."""

from __future__ import annotations

import json
import os
import threading
from typing import Any, Optional, Union

from ._evschema import Catalog

#: The message attributes a publisher sets from the event's own fields.
ATTRIBUTE_FIELDS = ("event_type", "version")

Event = Union[dict[str, Any], str, bytes, bytearray]

_default: dict[str, Catalog] = {}
_default_lock = threading.Lock()


class UnwrapError(ValueError):
    """A received message is not an event, or its attributes disagree with the event."""


def shared_catalog(
    path: Union[str, "os.PathLike[str]"], *, assert_formats: bool = True, redact: bool = False
) -> Catalog:
    """The catalog at ``path`` with these options, loaded once per process and then reused:
    what a Spark executor or Dask worker calls in each task so that it loads the catalog
    once. Functions shipped to workers refer to it by name, so it pickles by reference."""
    key = f"{os.fspath(path)}\0{assert_formats}\0{redact}"
    with _default_lock:
        catalog = _default.get(key)
        if catalog is None:
            catalog = Catalog(path, assert_formats=assert_formats, redact=redact)
            _default[key] = catalog
        return catalog


def default_catalog() -> Catalog:
    """The catalog at ``$EVSCHEMA_CATALOG`` (default ``schemas``), loaded once per process."""
    return shared_catalog(os.environ.get("EVSCHEMA_CATALOG", "schemas"))


def prepare(event: Event, catalog: Optional[Catalog]) -> tuple[str, dict[str, Any]]:
    """Validates ``event`` and returns the exact text to send and the event as a dict.

    A dict is serialised with ``json.dumps`` first and that text is what is validated, so
    what is checked is byte for byte what is published."""
    if isinstance(event, dict):
        text = json.dumps(event)
    elif isinstance(event, (bytes, bytearray)):
        text = bytes(event).decode("utf-8")
    elif isinstance(event, str):
        text = event
    else:
        raise TypeError(f"an event is a dict, str or bytes, not {type(event).__name__}")
    (catalog or default_catalog()).check(text)
    parsed = json.loads(text)
    return text, parsed


def attributes(
    event: dict[str, Any], given: Optional[dict[str, Any]]
) -> dict[str, dict[str, str]]:
    """``MessageAttributes`` with ``event_type`` and ``version`` from the event, merged with
    the caller's own; a caller's attribute that contradicts the event is refused."""
    out: dict[str, Any] = dict(given or {})
    for name in ATTRIBUTE_FIELDS:
        value = event.get(name)
        if not isinstance(value, str):
            continue
        mine = {"DataType": "String", "StringValue": value}
        theirs = out.get(name)
        if theirs is not None and theirs.get("StringValue") != value:
            raise ValueError(
                f"MessageAttributes[{name!r}] is {theirs.get('StringValue')!r} "
                f"but the event's {name} is {value!r}"
            )
        out[name] = mine
    return out


def _attribute_values(attrs: Any) -> dict[str, Optional[str]]:
    """Attribute name → string value, from SNS (``Value``) or SQS (``StringValue``) shapes."""
    out: dict[str, Optional[str]] = {}
    if not isinstance(attrs, dict):
        return out
    for name, attr in attrs.items():
        if not isinstance(attr, dict):
            continue
        for key in ("Value", "StringValue", "stringValue"):
            if key in attr:
                out[name] = attr[key]
                break
    return out


def _loads(text: Any, what: str) -> Any:
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8")
    if not isinstance(text, str):
        raise UnwrapError(f"{what} is a {type(text).__name__}, not JSON text")
    try:
        return json.loads(text)
    except ValueError as e:
        raise UnwrapError(f"{what} is not JSON: {e}") from None


def _is_notification(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and value.get("Type") == "Notification"
        and "Message" in value
        and "TopicArn" in value
    )


def unwrap(message: Any, *, catalog: Optional[Catalog] = None) -> dict[str, Any]:
    """The event inside a received message, with its attributes checked.

    ``message`` is an SQS message as ``receive_message`` returns it (``Body`` and
    ``MessageAttributes``), a Lambda SQS or SNS record, an SNS notification (as an HTTP or
    non-raw SQS subscriber receives it, parsed or as text), or a raw body. SNS and SQS
    attributes named ``event_type`` or ``version`` must equal the event's fields
    (:class:`UnwrapError` otherwise). With ``catalog``, the event is also validated
    (:class:`evschema.ValidationError`)."""
    attrs: dict[str, Optional[str]] = {}
    body: Any = message
    if isinstance(message, dict):
        if "Sns" in message and isinstance(message["Sns"], dict):  # Lambda SNS record
            body = message["Sns"]
        elif "Body" in message or "body" in message:  # SQS message or Lambda SQS record
            body = message.get("Body", message.get("body"))
            attrs = _attribute_values(
                message.get("MessageAttributes", message.get("messageAttributes"))
            )
    if isinstance(body, (str, bytes, bytearray)):
        body = _loads(body, "the message body")
    if _is_notification(body):
        attrs = _attribute_values(body.get("MessageAttributes"))
        body = _loads(body["Message"], "the SNS notification's Message")
    if not isinstance(body, dict):
        raise UnwrapError(f"the message holds a JSON {type(body).__name__}, not an event object")
    for name in ATTRIBUTE_FIELDS:
        if name in attrs and attrs[name] != body.get(name):
            raise UnwrapError(
                f"message attribute {name}={attrs[name]!r} but the event's {name} is "
                f"{body.get(name)!r}"
            )
    if catalog is not None:
        catalog.check(body)
    return body
