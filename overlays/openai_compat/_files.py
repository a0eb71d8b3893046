"""File uploads (multipart form fields) and binary downloads.

Uploads accept what openai-python accepts: bytes, an open binary file, a path, or a tuple
`(filename, content[, content_type[, headers]])`. File contents are read before the first attempt
so that a retry can send them again.

Downloads: `BinaryResponse` wraps the HTTP response. With the default response mode the body has
been read (as openai-python does); under `.with_streaming_response` it has not, and
`iter_bytes()` / `stream_to_file()` move it in chunks without holding it in memory.
"""

from __future__ import annotations

import io
import os
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from ._exceptions import InvalidArgumentError

if TYPE_CHECKING:
    from ._runtime import Operation

__all__ = ["AsyncBinaryResponse", "BinaryResponse", "file_part", "multipart_fields"]

_DEFAULT_FILENAME = "upload"


def file_part(param: str, value: object) -> tuple[str | None, bytes, str | None] | tuple[Any, ...]:
    """An httpx file tuple for one file argument; a clear error for what is not a file."""
    if isinstance(value, tuple):
        if not 2 <= len(value) <= 4:
            raise InvalidArgumentError(
                f"argument {param!r}: a file tuple is (filename, content[, content_type[, headers]]), "
                f"got a tuple of {len(value)} items",
                param=param,
            )
        name, content, *rest = value
        return (name, _file_bytes(param, content)[1], *rest)
    name, data = _file_bytes(param, value)
    return (name, data, None)


def _file_bytes(param: str, value: object) -> tuple[str, bytes]:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _DEFAULT_FILENAME, bytes(value)
    if isinstance(value, os.PathLike):
        path = Path(os.fspath(value))
        try:
            return path.name, path.read_bytes()
        except OSError as exc:
            raise InvalidArgumentError(
                f"argument {param!r}: cannot read {path}: {exc}", param=param
            ) from exc
    if isinstance(value, io.IOBase) or hasattr(value, "read"):
        reader: Any = value
        data = reader.read()
        if isinstance(data, str):
            data = data.encode()
        if not isinstance(data, bytes):
            raise InvalidArgumentError(
                f"argument {param!r}: reading the file gave {type(data).__name__}, expected bytes",
                param=param,
            )
        name = getattr(value, "name", None)
        return (os.path.basename(name) if isinstance(name, str) else _DEFAULT_FILENAME), data
    raise InvalidArgumentError(
        f"argument {param!r}: expected bytes, a binary file, a path or a (filename, content) tuple, "
        f"got {type(value).__name__}",
        param=param,
    )


def _form_values(key: str, value: object, out: list[tuple[str, str]]) -> None:
    """Flatten a form value the way OpenAI reads it: key[]=a, key[sub]=b, booleans as true/false."""
    if value is None:
        return
    if hasattr(value, "model_dump"):
        model: Any = value
        value = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, bool):
        out.append((key, "true" if value else "false"))
    elif isinstance(value, Mapping):
        for sub, item in value.items():
            _form_values(f"{key}[{sub}]", item, out)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _form_values(f"{key}[]", item, out)
    else:
        out.append((key, str(value)))


def multipart_fields(
    op: Operation, body: Mapping[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """(form data, files) for httpx from a multipart body."""
    file_params = {p.wire_name for p in op.params if p.is_file}
    pairs: list[tuple[str, str]] = []
    files: list[tuple[str, Any]] = []
    for key, value in body.items():
        # A file field may also take a reference object ({"image_url": ...}): that is form data.
        if key in file_params and not (isinstance(value, Mapping) or hasattr(value, "model_dump")):
            if isinstance(value, (list, tuple)) and not _is_file_tuple(value):
                files += [(f"{key}[]", file_part(key, item)) for item in value]
            else:
                files.append((key, file_part(key, value)))
        else:
            _form_values(key, value, pairs)
    if not files:
        # httpx sends data without files as application/x-www-form-urlencoded, which a
        # multipart-only endpoint rejects: send the fields as file-less parts instead.
        return {}, [(key, (None, text)) for key, text in pairs]
    data: dict[str, Any] = {}
    for key, text in pairs:
        if key in data:
            existing = data[key]
            data[key] = [*existing, text] if isinstance(existing, list) else [existing, text]
        else:
            data[key] = text
    return data, files


def _is_file_tuple(value: tuple[Any, ...] | list[Any]) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) >= 2
        and (value[0] is None or isinstance(value[0], str))
        and not isinstance(value[1], (str, tuple))
    )


class _BinaryBase:
    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def content(self) -> bytes:
        """The whole body (it must have been read: see `read()`)."""
        return self.response.content

    @property
    def text(self) -> str:
        return self.response.text

    @property
    def encoding(self) -> str | None:
        return self.response.encoding

    @property
    def charset_encoding(self) -> str | None:
        return self.response.charset_encoding

    def json(self, **kwargs: Any) -> Any:
        return self.response.json(**kwargs)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.response.status_code}] {self.response.headers.get('content-type', '')}>"


class BinaryResponse(_BinaryBase):
    """A binary body (audio, file contents, video) from a synchronous client."""

    def read(self) -> bytes:
        return self.response.read()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.response.iter_lines()

    def iter_raw(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.response.iter_raw(chunk_size)

    def write_to_file(self, file: str | os.PathLike[str]) -> None:
        """Write the body to `file`, chunk by chunk."""
        with open(file, mode="wb") as f:
            for chunk in self.response.iter_bytes():
                f.write(chunk)

    def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Write the body to `file` as it arrives (for use under `with_streaming_response`)."""
        with open(file, mode="wb") as f:
            for chunk in self.response.iter_bytes(chunk_size):
                f.write(chunk)

    def close(self) -> None:
        self.response.close()


class AsyncBinaryResponse(_BinaryBase):
    """A binary body (audio, file contents, video) from an asynchronous client."""

    async def read(self) -> bytes:
        return await self.response.aread()

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        return self.response.aiter_lines()

    async def write_to_file(self, file: str | os.PathLike[str]) -> None:
        """Write the body to `file`, chunk by chunk."""
        with open(file, mode="wb") as f:
            async for chunk in self.response.aiter_bytes():
                f.write(chunk)

    async def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Write the body to `file` as it arrives (for use under `with_streaming_response`)."""
        with open(file, mode="wb") as f:
            async for chunk in self.response.aiter_bytes(chunk_size):
                f.write(chunk)

    async def close(self) -> None:
        await self.response.aclose()
