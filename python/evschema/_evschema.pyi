"""Type stubs of the native module (crates/evschema-py)."""

import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Union

StrPath = Union[str, "os.PathLike[str]"]
Event = Union[dict[str, Any], str, bytes, bytearray]

__version__: str

class InstanceError:
    """One error of an invalid event."""

    @property
    def instance_path(self) -> str: ...
    @property
    def schema_path(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def event_type(self) -> str | None: ...
    @property
    def schema(self) -> str | None: ...
    def to_dict(self) -> dict[str, str | None]: ...

class InstanceResult:
    """The result of one event read by Catalog.validate_file."""

    @property
    def source(self) -> str: ...
    @property
    def line(self) -> int | None: ...
    @property
    def valid(self) -> bool: ...
    @property
    def event_type(self) -> str | None: ...
    @property
    def schema(self) -> str | None: ...
    @property
    def errors(self) -> list[InstanceError]: ...

class ValidationError(ValueError):
    """An event is not valid; the first error's fields, and all of them in ``errors``."""

    instance_path: str
    schema_path: str
    message: str
    event_type: str | None
    schema: str | None
    errors: list[InstanceError]

class CatalogError(Exception):
    """The catalog cannot be loaded or compiled; ``problems`` lists (file, line, column, message)."""

    file: str | None
    line: int | None
    column: int | None
    problems: list[tuple[str, int | None, int | None, str]]

class Catalog:
    def __init__(
        self,
        path: StrPath | Sequence[StrPath] | None = None,
        *,
        schema: StrPath | None = None,
        assert_formats: bool = True,
        redact: bool = False,
    ) -> None: ...
    @property
    def event_types(self) -> list[str]: ...
    def bundle(self, event_type: str, version: str | None = None) -> dict[str, Any]: ...
    def validate(self, event: Event) -> list[InstanceError]: ...
    def is_valid(self, event: Event) -> bool: ...
    def check(self, event: Event) -> None: ...
    def route(self, event: Event) -> str: ...
    def validate_many(
        self, events: Iterable[Event], *, threads: int | None = None
    ) -> list[list[InstanceError]]: ...
    def validate_file(
        self,
        path: StrPath,
        *,
        array: bool = False,
        threads: int | None = None,
        max_event_bytes: int = 67108864,
    ) -> list[InstanceResult]: ...

def run_cli(argv: list[str]) -> int: ...
def run_replay(
    argv: list[str],
    deliver: Callable[
        [str, bytes, str | None, str | None, str | None],
        tuple[str, int | None, str | None],
    ],
) -> int: ...
