"""evschema: the event catalog, routing and validation of ``evschema validate``, in-process.

    import evschema
    catalog = evschema.Catalog("schemas/")
    catalog.validate(event)      # [] or a list of InstanceError
    catalog.check(event)         # raises evschema.ValidationError
    catalog.route(event)         # the schema file the event routes to

Publishers: :func:`evschema.sns.publish` and :func:`evschema.sqs.send_message` validate,
then send with the ``event_type`` and ``version`` message attributes; consumers:
:func:`evschema.unwrap`.
"""

from __future__ import annotations

from . import sns, sqs
from ._envelope import UnwrapError, default_catalog, shared_catalog, unwrap
from ._evschema import (
    Catalog,
    CatalogError,
    InstanceError,
    InstanceResult,
    ValidationError,
    __version__,
)

__all__ = [
    "Catalog",
    "CatalogError",
    "InstanceError",
    "InstanceResult",
    "UnwrapError",
    "ValidationError",
    "__version__",
    "default_catalog",
    "shared_catalog",
    "sns",
    "sqs",
    "unwrap",
]
