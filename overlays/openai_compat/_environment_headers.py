"""`OPENAI_CUSTOM_HEADERS`: default headers from the environment, as openai-python 3.54 reads them.

The variable holds one `Name: value` per line. A client made without `provider=` adds them to
its default headers when it is created; the headers given as `default_headers=` win, and an
`Authorization` among them (or an X.509 workload identity, which authenticates with the
client certificate) drops the environment's `Authorization`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

__all__ = ["with_environment_headers"]


def with_environment_headers(
    explicit: Mapping[str, str] | None, *, workload_identity: Any = None
) -> Mapping[str, str] | None:
    """`explicit` with the environment's headers under it (unchanged when the variable is unset)."""
    raw = os.environ.get("OPENAI_CUSTOM_HEADERS")
    if raw is None:
        return explicit
    parsed: dict[str, str] = {}
    for line in raw.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():  # a line without a name is not a header
            parsed[name.strip()] = value.strip()
    given = dict(explicit or {})
    if workload_identity is not None:
        from .auth._x509 import is_x509_identity  # only loaded for a client with an identity

        x509 = is_x509_identity(workload_identity)
    else:
        x509 = False
    if x509 or any(name.lower() == "authorization" for name in given):
        parsed = {name: value for name, value in parsed.items() if name.lower() != "authorization"}
    return {**parsed, **given}
