"""Type aliases used in generated signatures."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Any, TypeAlias

from ._sentinels import Omit

__all__ = ["Body", "FileContent", "FileInput", "Headers", "Query"]

Headers: TypeAlias = Mapping[str, str | Omit]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = object
# What a file argument accepts: bytes, an open binary file, a path, or a tuple
# (filename, content[, content_type[, headers]]) as in httpx and openai-python.
FileContent: TypeAlias = IO[bytes] | bytes | os.PathLike[str]
FileInput: TypeAlias = (
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
    | Any
)
