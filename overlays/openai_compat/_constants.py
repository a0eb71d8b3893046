"""Numbers and header names the client runtime shares: retries, timeouts, limits.

Kept in one place so that the retry policy (`_retry.py`), the error-body reader (`_error_body.py`)
and the I/O shells (`_client.py`) cannot drift apart. Values follow openai-python where it has an
opinion, so that switching libraries does not change how hard a server gets hit.
"""

from __future__ import annotations

from typing import Final

import httpx

__all__ = [
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "INITIAL_RETRY_DELAY",
    "LOG_ENV_VAR",
    "MAX_ERROR_MESSAGE_CHARS",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "RAW_RESPONSE_HEADER",
    "RETRY_AFTER_HEADER",
    "RETRY_AFTER_MS_HEADER",
    "RETRY_COUNT_HEADER",
    "SHOULD_RETRY_HEADER",
]

DEFAULT_MAX_RETRIES: Final = 2
"""Retries after the first attempt, so at most 3 requests per call (openai-python's default)."""

DEFAULT_TIMEOUT: Final = httpx.Timeout(600, connect=5.0)
"""Generation can take minutes, so reads get 10 minutes; a connect that takes 5 s is a dead host."""

DEFAULT_CONNECTION_LIMITS: Final = httpx.Limits(max_connections=1000, max_keepalive_connections=100)
"""Pool size: generous, because one client is typically shared by many concurrent tasks."""

INITIAL_RETRY_DELAY: Final = 0.5
"""Seconds before the first retry when the server gave no usable retry-after header."""

MAX_RETRY_DELAY: Final = 8.0
"""Cap on the exponential backoff, in seconds (before jitter)."""

MAX_RETRY_AFTER: Final = 120.0
"""Largest server-requested delay we obey, in seconds, inclusive (0 is allowed: retry at once).

A longer retry-after (e.g. "come back in an hour" from a quota) is not worth blocking a caller for:
the error is raised at once, without retrying (as openai-python does).
"""

MAX_ERROR_MESSAGE_CHARS: Final = 2000
"""Bound on the server's words quoted in an exception message; the full body stays on `.body`."""

SHOULD_RETRY_HEADER: Final = "x-should-retry"
"""Response header by which a server overrides the status-based decision: "true" or "false"."""

RETRY_AFTER_MS_HEADER: Final = "retry-after-ms"
"""Non-standard header (sent by OpenAI and Azure) holding the delay in milliseconds, as a float."""

RETRY_AFTER_HEADER: Final = "retry-after"
"""RFC 9110 header: delay in seconds, or an HTTP date."""

RETRY_COUNT_HEADER: Final = "x-stainless-retry-count"
"""Request header carrying how many retries preceded this attempt ("0" on the first one).

openai-python sends it under this exact name on every request (unless the caller already set it),
and servers behind OpenAI-compatible gateways use it for metrics; we send the same so that
server-side dashboards cannot tell the two clients apart.
"""

RAW_RESPONSE_HEADER: Final = "X-Stainless-Raw-Response"
"""Header openai-python's `with_raw_response` sets on a request to ask for the undecoded response."""

LOG_ENV_VAR: Final = "OPENAI_LOG"
"""Environment variable that turns on the library's log output: "debug" or "info"."""
