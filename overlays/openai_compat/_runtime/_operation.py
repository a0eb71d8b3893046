"""Static descriptions of API operations, written by the generator and read by the client.

Generated resource methods hold one `Operation` each and hand it, with the caller's arguments, to
the client's request builder, which sorts arguments into path, query, header and body by the
`Param` table. Model references are "module:Class" strings under the spec's `models` package,
resolved on first use, so importing a resource never imports its models.

These are NamedTuples rather than dataclasses: hundreds are built when resource modules are
imported, and a tuple is several times cheaper to construct.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

__all__ = ["Operation", "Param", "ParamLocation", "StreamMode"]

ParamLocation = Literal["path", "query", "header", "body"]
# never: a plain response; always: the response is text/event-stream; when_requested: the
# request asks for a stream (`stream=True`, or `stream_format="sse"` for speech).
StreamMode = Literal["never", "always", "when_requested"]


class Param(NamedTuple):
    """One keyword argument of a generated method and where it goes on the wire."""

    name: str
    wire_name: str
    location: ParamLocation
    required: bool
    # Multipart body fields that carry file content (bytes, file objects, paths, tuples).
    is_file: bool = False


class Operation(NamedTuple):
    """One operation of a pinned spec, as the client needs it at call time."""

    spec: str
    operation_id: str
    method: str
    path: str
    client_method: str
    params: tuple[Param, ...]
    request_content_type: str | None
    response_content_type: str | None
    # "module:ClassName" under the spec's models package, or None.
    request_model: str | None
    response_model: str | None
    streams: StreamMode = "never"
    stream_event_model: str | None = None
    # "cursor": a list page that goes on (data, has_more, last_id / after); "single": a list
    # with no next page (data only); "none": not a list.
    pagination: Literal["none", "cursor", "single"] = "none"
    page_item_model: str | None = None
    # Assistants streams: the event name and the data form one (event, data) model.
    stream_envelope: bool = False
    summary: str = ""
