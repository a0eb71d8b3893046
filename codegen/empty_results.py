"""Operations whose success response declares no content, and what their methods return.

openai-python returns None from them (`containers.delete`, `responses.delete`,
`realtime.calls.accept`...), whatever body a server adds; the generator leaves their response
content type and model empty, which the client reads as "return None" and the method is
annotated `-> None`. One exception, by meaning rather than by declaration: a GET of a `.../content`
path is a file download whose media type the spec left out (`containers.files.content`), and
returns the bytes, as openai-python's binary response does.
"""

from __future__ import annotations

DOWNLOAD_SUFFIX = "/content"
UNDECLARED_DOWNLOAD_TYPE = "application/octet-stream"


def content_type_without_declaration(method: str, path: str) -> str | None:
    """The response content type of an operation whose success response declares none."""
    if method.upper() == "GET" and path.partition("?")[0].endswith(DOWNLOAD_SUFFIX):
        return UNDECLARED_DOWNLOAD_TYPE
    return None
