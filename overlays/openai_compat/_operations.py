"""`openai_compat.OPERATIONS`: one record per operation of every pinned spec.

Built on first access (it imports every generated resource module). `client_method` resolves
with getattr on a client of the record's spec: `OpenAI` for "openai", `AzureOpenAI` for
"azure-openai".
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple

__all__ = ["OPERATIONS", "OperationRecord"]  # noqa: F822 - OPERATIONS is built by __getattr__


class OperationRecord(NamedTuple):
    """One operation: where it is in the spec, where it is on the client, what it takes and returns."""

    spec: str
    operation_id: str
    method: str
    path: str
    client_method: str
    request_model: str | None
    response_model: str | None
    request_content_type: str | None
    response_content_type: str | None
    streams: bool
    stream_event_model: str | None


def _records() -> tuple[OperationRecord, ...]:
    generated = importlib.import_module("openai_compat._generated")
    records: list[OperationRecord] = []
    for spec, package in sorted(generated.SPECS.items()):
        operations = importlib.import_module(f"openai_compat._generated.{package}.operations")
        for op in operations.load_operations():
            records.append(
                OperationRecord(
                    spec=spec,
                    operation_id=op.operation_id,
                    method=op.method,
                    path=op.path,
                    client_method=op.client_method,
                    request_model=op.request_model.split(":")[1] if op.request_model else None,
                    response_model=op.response_model.split(":")[1] if op.response_model else None,
                    request_content_type=op.request_content_type,
                    response_content_type=op.response_content_type,
                    streams=op.streams != "never",
                    stream_event_model=(
                        op.stream_event_model.split(":")[1] if op.stream_event_model else None
                    ),
                )
            )
    return tuple(records)


def __getattr__(name: str) -> Any:
    if name == "OPERATIONS":
        value = _records()
        globals()["OPERATIONS"] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
