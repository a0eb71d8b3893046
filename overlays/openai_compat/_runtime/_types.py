"""Type aliases used in generated signatures."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Any, Union

from typing_extensions import TypeAlias

from ._sentinels import Omit

__all__ = ["Body", "FileContent", "FileInput", "Headers", "Query"]

Headers: TypeAlias = Mapping[str, Union[str, Omit]]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = object
# What a file argument accepts: bytes, an open binary file, a path, or a tuple
# (filename, content[, content_type[, headers]]) as in httpx and openai-python.
FileContent: TypeAlias = Union[IO[bytes], bytes, "os.PathLike[str]"]
FileInput: TypeAlias = Union[
    FileContent,
    tuple[Union[str, None], FileContent],
    tuple[Union[str, None], FileContent, Union[str, None]],
    tuple[Union[str, None], FileContent, Union[str, None], Mapping[str, str]],
    Any,
]
