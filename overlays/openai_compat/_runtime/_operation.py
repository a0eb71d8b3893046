"""Static descriptions of API operations, written by the generator and read by the client.

Generated resource methods hold one `Operation` each and hand it, with the caller's arguments, to
the client's request builder; the builder (sans-I/O, in `openai_compat._request`) sorts arguments
into path, query, header and body by the `Param` table. Model references are dotted strings
resolved on first use, so importing a resource never imports its models.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Operation", "Param", "ParamLocation", "StreamMode"]

ParamLocation = Literal["path", "query", "header", "body"]
# never: a plain response; always: the response is text/event-stream; when_requested: the
# request body has a boolean `stream` field and the response streams when it is true.
StreamMode = Literal["never", "always", "when_requested"]


@dataclass(frozen=True, slots=True)
class Param:
    """One keyword argument of a generated method and where it goes on the wire."""

    name: str
    wire_name: str
    location: ParamLocation
    required: bool
    # Multipart body fields that carry file content (bytes, file objects, paths, tuples).
    is_file: bool = False


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of a pinned spec, as the client needs it at call time."""

    spec: str
    operation_id: str
    method: str
    path: str
    client_method: str
    params: tuple[Param, ...]
    request_content_type: str | None
    response_content_type: str | None
    # "module.path:ClassName" under openai_compat._generated, or None.
    request_model: str | None
    response_model: str | None
    streams: StreamMode = "never"
    stream_event_model: str | None = None
    # Response is a list page: "cursor" (after/has_more/last_id) or "none".
    pagination: Literal["none", "cursor", "page"] = "none"
    # Azure deployment-routed operations: `/deployments/{deployment-id}` is added by the client.
    deployment_routed: bool = False
    summary: str = ""
