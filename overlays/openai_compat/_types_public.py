"""Small public names openai-python exports at the top level: `RequestOptions`, `ProxiesTypes`,
`file_from_path`, `Timeout`, `Transport`, `NoneType`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, TypedDict

import httpx

__all__ = [
    "DataResidency",
    "NoneType",
    "ProxiesTypes",
    "RequestOptions",
    "Timeout",
    "Transport",
    "file_from_path",
]

Timeout = httpx.Timeout
Transport = httpx.BaseTransport
NoneType: type[None] = type(None)
# `data_residency=` values of the OpenAI clients (see _client.DATA_RESIDENCY_BASE_URLS).
DataResidency = Literal["global", "us", "eu", "ae", "au", "in", "jp"]
ProxiesTypes = str | httpx.Proxy | dict[str, str | httpx.Proxy | None]


class RequestOptions(TypedDict, total=False):
    """Per-request options, as openai-python names them."""

    headers: Mapping[str, str]
    max_retries: int
    timeout: float | httpx.Timeout | None
    params: Mapping[str, object]
    extra_json: Mapping[str, object]
    idempotency_key: str
    follow_redirects: bool
    security: Mapping[str, bool]
    synthesize_event_and_data: bool
    stream_mode: Literal["legacy", "events"]


def file_from_path(path: str | os.PathLike[str]) -> tuple[str, bytes]:
    """A file argument from a path: `(file name, contents)`, read now."""
    contents = Path(path).read_bytes()
    return (os.path.basename(path), contents)
