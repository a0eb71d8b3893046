"""The loopback server of the parity harness: plays each scenario's scripted replies and records
what each library sent.

Requests arrive as `/<lib>/<scenario id>/<the API path>`. The n-th request of a scenario from a
library gets the n-th scripted reply (the last one repeats). A reply is a dict:

    {"status": 200, "json": {...}, "headers": {...}}     a JSON body
    {"status": 200, "text": "...", "content_type": ...}   any other body
    {"sse": [{"event": "x", "data": {...} | "text"}]}     an event stream (chunked, one event a chunk)
    {"delay": 0.5, ...}                                   wait before answering (timeouts)
    {"drop": true}                                        close the connection without an answer
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import socket
import time
from collections import defaultdict
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from loopback import LoopbackRequest, LoopbackServer

__all__ = ["ScriptedServer", "wire_request"]

# Headers that depend on the transport or the connection, not on the library's decisions.
_IGNORED_HEADERS = frozenset({"host", "content-length", "connection", "accept-encoding"})


def wire_request(method: str, path: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """A recorded request as comparable data: query parsed, body parsed by its content type."""
    parts = urlsplit(path)
    lowered = {k.lower(): v for k, v in headers.items() if k.lower() not in _IGNORED_HEADERS}
    content_type = lowered.get("content-type", "")
    parsed_body: Any
    if not body:
        parsed_body = None
    elif "json" in content_type:
        try:
            parsed_body = json.loads(body)
        except ValueError:
            parsed_body = {"$invalid_json": body.decode(errors="replace")}
    elif content_type.startswith("multipart/form-data"):
        parsed_body = _multipart(content_type, body)
        lowered["content-type"] = "multipart/form-data; boundary=<boundary>"
    else:
        parsed_body = body.decode(errors="replace")
    return {
        "method": method,
        "path": parts.path,
        "query": sorted(parse_qsl(parts.query, keep_blank_values=True)),
        "headers": dict(sorted(lowered.items())),
        "body": parsed_body,
    }


def _multipart(content_type: str, body: bytes) -> list[dict[str, Any]]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    fields = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True) or b""
        fields.append(
            {
                "name": part.get_param("name", header="content-disposition"),
                "filename": part.get_filename(),
                "content_type": part.get_content_type() if part.get_filename() else None,
                "value": payload.decode(errors="replace"),
            }
        )
    return fields


class ScriptedServer:
    """A `LoopbackServer` answering from per-scenario scripts; `requests[lib][sid]` records."""

    def __init__(self, scripts: dict[str, list[dict[str, Any]]]) -> None:
        self.scripts = scripts
        self.requests: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._server = LoopbackServer(self._handle)

    @property
    def base_url(self) -> str:
        return self._server.base_url

    def __enter__(self) -> ScriptedServer:
        self._server.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.stop()

    def _handle(self, request: LoopbackRequest) -> None:
        # Headers and body go out in separate writes: without NODELAY, Nagle and delayed ACKs
        # add ~40-200 ms to every request.
        request.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        _, lib, sid, rest = ([*request.path.split("/", 3), "", "", ""])[:4]
        recorded = self.requests[lib][sid]
        recorded.append(wire_request(request.command, "/" + rest, dict(request.headers), request.body))
        script = self.scripts.get(sid) or [{"status": 500, "text": "no script"}]
        reply = script[min(len(recorded) - 1, len(script) - 1)]
        if reply.get("delay"):
            time.sleep(reply["delay"])
        if reply.get("drop"):
            request.drop_connection()
            return
        headers = {"x-request-id": f"req_{sid}_{len(recorded)}", **reply.get("headers", {})}
        status = reply.get("status", 200)
        if "sse" in reply:
            request.start_chunked(status, {"Content-Type": "text/event-stream", **headers})
            for event in reply["sse"]:
                request.write_chunk(_sse_event(event))
            request.end_chunked()
            return
        if "json" in reply:
            body = json.dumps(reply["json"]).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            body = reply.get("text", "").encode()
            headers.setdefault("Content-Type", reply.get("content_type", "text/plain"))
        request.send_body(status, body, headers)


def _sse_event(event: dict[str, Any] | str) -> bytes:
    if isinstance(event, str):  # a raw line block, e.g. "data: [DONE]\n\n" or a comment
        return event.encode()
    lines = []
    if "event" in event:
        lines.append(f"event: {event['event']}")
    data = event["data"]
    lines.append("data: " + (data if isinstance(data, str) else json.dumps(data)))
    return ("\n".join(lines) + "\n\n").encode()
