"""Retry policy as pure functions: whether to retry, and how long to wait first.

No I/O and no clock reads beyond `time.time()` when no `now` is given: the sync and async clients
both ask these functions and only differ in how they sleep (`time.sleep` vs `anyio.sleep`).

The policy matches openai-python's (`_should_retry`, `_calculate_retry_timeout`) so that a switch
of library does not change the load a struggling server sees, with three deliberate differences:

* only transport failures that happen *before a usable response* are retried; a bad URL, an
  unsupported scheme or a request httpx refuses to send fails at once instead of three times;
* a server-requested delay of 0 s is honoured (openai-python backs off instead);
* non-finite values ("nan", "inf") in retry-after headers are treated as unparseable.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timezone

import httpx

from ._constants import (
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    RETRY_AFTER_HEADER,
    RETRY_AFTER_MS_HEADER,
    RETRY_COUNT_HEADER,
    SHOULD_RETRY_HEADER,
)

__all__ = [
    "NON_RETRYABLE_TRANSPORT_ERRORS",
    "RETRYABLE_STATUS_CODES",
    "RETRYABLE_TRANSPORT_ERRORS",
    "RetryState",
    "parse_retry_after",
    "retry_delay",
    "should_retry_exception",
    "should_retry_response",
]

RETRYABLE_STATUS_CODES: frozenset[int] = frozenset({408, 409, 429})
"""Retried besides every status >= 500: request timeout, lock conflict, rate limit."""

RETRYABLE_TRANSPORT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    # Timeouts: the server (or the pool) was slow; a second attempt often gets through.
    httpx.ConnectTimeout,
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.PoolTimeout,
    # Network: refused, reset, TLS handshake cut, socket closed under us.
    httpx.ConnectError,
    httpx.ReadError,
    httpx.WriteError,
    httpx.CloseError,
    # The server closed a kept-alive connection without answering: the classic stale-pool race.
    httpx.RemoteProtocolError,
)
"""httpx errors raised before any response arrived that a new attempt can plausibly fix.

Callers write `except RETRYABLE_TRANSPORT_ERRORS as exc:`, never `except Exception`.
"""

NON_RETRYABLE_TRANSPORT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.UnsupportedProtocol,  # "ftp://..." or a missing scheme: the same on every attempt
    httpx.LocalProtocolError,  # we built an invalid request (e.g. a bad header): fails again
    httpx.ProxyError,  # mostly proxy configuration or 407 auth; httpx does not say which
)
"""httpx transport errors that are deterministic: retrying them only delays the real message."""


def should_retry_response(status_code: int, headers: Mapping[str, str]) -> bool:
    """Whether a response with this status deserves another attempt.

    A server asking for more than `MAX_RETRY_AFTER` seconds ("come back in an hour") is not
    retried at all: the error reaches the caller at once, as in openai-python. Otherwise the
    server's `x-should-retry: true|false` header wins; else 408, 409, 429 and every 5xx are retried.
    """
    requested = parse_retry_after(headers)
    if requested is not None and requested > MAX_RETRY_AFTER:
        return False
    override = _header(headers, SHOULD_RETRY_HEADER)
    if override is not None:
        verdict = override.strip().lower()
        if verdict == "true":
            return True
        if verdict == "false":
            return False
    return status_code in RETRYABLE_STATUS_CODES or status_code >= 500


def should_retry_exception(exc: BaseException) -> bool:
    """Whether an exception raised while sending (no response yet) deserves another attempt."""
    return isinstance(exc, RETRYABLE_TRANSPORT_ERRORS)


def parse_retry_after(headers: Mapping[str, str] | None, now: float | None = None) -> float | None:
    """Seconds the server asked us to wait, or None when it did not say (or said nonsense).

    `retry-after-ms` (float milliseconds) is read first, then `retry-after` as seconds (int or
    float) or as an HTTP date, relative to `now` (Unix time; defaults to the clock). The value is
    returned as found, possibly negative or huge: `retry_delay` decides whether it is usable.
    """
    if headers is None:
        return None
    millis = _finite_float(_header(headers, RETRY_AFTER_MS_HEADER))
    if millis is not None:
        return millis / 1000.0
    raw = _header(headers, RETRY_AFTER_HEADER)
    if raw is None:
        return None
    seconds = _finite_float(raw)
    if seconds is not None:
        return seconds
    return _seconds_until_http_date(raw, time.time() if now is None else now)


def retry_delay(
    retries_taken: int,
    max_retries: int,
    headers: Mapping[str, str] | None,
    rng: random.Random | None = None,
    *,
    now: float | None = None,
) -> float:
    """Seconds to sleep before retry number `retries_taken + 1` (of `max_retries`).

    A retry-after header between 0 and `MAX_RETRY_AFTER` seconds (inclusive) is obeyed exactly.
    Otherwise: exponential backoff `INITIAL_RETRY_DELAY * 2**retries_taken`, capped at
    `MAX_RETRY_DELAY`, times a jitter factor in (0.75, 1] so that clients that failed together do
    not come back together. `rng` makes the jitter reproducible in tests.
    """
    if max_retries < 0:
        raise ValueError(f"max_retries must be >= 0, got {max_retries}")
    if not 0 <= retries_taken < max_retries:
        raise ValueError(
            f"retries_taken must be in 0..{max_retries - 1} (max_retries={max_retries}) "
            f"when asking for a retry delay, got {retries_taken}"
        )
    requested = parse_retry_after(headers, now)
    if requested is not None and 0.0 <= requested <= MAX_RETRY_AFTER:
        return requested
    # The cap is reached after 4 doublings; bounding the exponent keeps 2**n from overflowing.
    backoff = min(INITIAL_RETRY_DELAY * 2.0 ** min(retries_taken, 32), MAX_RETRY_DELAY)
    draw = rng.random() if rng is not None else random.random()
    return max(backoff * (1.0 - 0.25 * draw), 0.0)


@dataclass(frozen=True)
class RetryState:
    """Where a call stands in its retry budget; the I/O shells carry one through their loop."""

    max_retries: int
    retries_taken: int = 0

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {self.max_retries}")
        if not 0 <= self.retries_taken <= self.max_retries:
            raise ValueError(
                f"retries_taken must be in 0..{self.max_retries}, got {self.retries_taken}"
            )

    @property
    def remaining(self) -> int:
        """Retries still allowed after the current attempt."""
        return self.max_retries - self.retries_taken

    def retry_response(self, status_code: int, headers: Mapping[str, str]) -> bool:
        """Whether to retry after this error response, budget permitting."""
        return self.remaining > 0 and should_retry_response(status_code, headers)

    def retry_exception(self, exc: BaseException) -> bool:
        """Whether to retry after this transport error, budget permitting."""
        return self.remaining > 0 and should_retry_exception(exc)

    def delay(
        self,
        headers: Mapping[str, str] | None,
        rng: random.Random | None = None,
        *,
        now: float | None = None,
    ) -> float:
        """Seconds to wait before the next attempt (see `retry_delay`)."""
        return retry_delay(self.retries_taken, self.max_retries, headers, rng, now=now)

    def next(self) -> RetryState:
        """The state for the next attempt."""
        return RetryState(self.max_retries, self.retries_taken + 1)

    def request_headers(self) -> dict[str, str]:
        """Headers to add to this attempt (the retry counter openai-python also sends)."""
        return {RETRY_COUNT_HEADER: str(self.retries_taken)}


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive lookup that also works on a plain dict (`name` is lower case)."""
    value = headers.get(name)
    if value is not None or isinstance(headers, httpx.Headers):
        return value
    for key, candidate in headers.items():
        if key.lower() == name:
            return candidate
    return None


def _finite_float(raw: str | None) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _seconds_until_http_date(raw: str, now: float) -> float | None:
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):  # Python 3.10 raises TypeError for garbage, 3.11+ ValueError
        return None
    if when.tzinfo is None:  # "-0000" means UTC with no source zone (RFC 5322 section 3.3)
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp() - now
