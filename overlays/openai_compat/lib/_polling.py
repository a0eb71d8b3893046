"""Polling until a server-side job settles, for the `*_and_poll` / `poll` helpers.

`PollPlan` is the sans-I/O part shared by the sync and async loops: the headers every poll
sends (`X-Stainless-Poll-Helper`, and `X-Stainless-Custom-Poll-Interval` when the caller set
one), and the wait before the next poll - the caller's `poll_interval_ms`, else the server's
`openai-poll-after-ms` hint, else one second - bounded by `max_wait_seconds` when given.
The loops fetch through `.with_raw_response` so the hint header can be read.
"""

from __future__ import annotations

import asyncio
import inspect
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from .._runtime import NOT_GIVEN
from ._utils import is_given

__all__ = ["PollPlan", "apoll", "poll", "validate_max_wait_seconds"]

DEFAULT_POLL_INTERVAL_MS = 1000


def validate_max_wait_seconds(max_wait_seconds: Any) -> None:
    if is_given(max_wait_seconds) and (
        not isinstance(max_wait_seconds, (int, float))
        or not math.isfinite(max_wait_seconds)
        or max_wait_seconds < 0
    ):
        raise ValueError(
            "max_wait_seconds: expected a finite, non-negative number of seconds, got "
            f"{max_wait_seconds!r}"
        )


class PollPlan:
    """Headers and waits of one polling loop (no I/O)."""

    def __init__(
        self,
        what: str,
        *,
        poll_interval_ms: Any = NOT_GIVEN,
        max_wait_seconds: Any = NOT_GIVEN,
        extra_headers: Mapping[str, Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        validate_max_wait_seconds(max_wait_seconds)
        if is_given(poll_interval_ms) and (
            not isinstance(poll_interval_ms, int) or poll_interval_ms < 0
        ):
            raise ValueError(
                f"poll_interval_ms: expected a non-negative int, got {poll_interval_ms!r}"
            )
        self.what = what
        self._interval_ms: int | None = poll_interval_ms if is_given(poll_interval_ms) else None
        self._clock = clock
        self._deadline = clock() + max_wait_seconds if is_given(max_wait_seconds) else None
        headers = {"X-Stainless-Poll-Helper": "true", **(extra_headers or {})}
        if self._interval_ms is not None:
            headers["X-Stainless-Custom-Poll-Interval"] = str(self._interval_ms)
        self.headers = headers

    def check_deadline(self) -> None:
        if self._deadline is not None and self._deadline - self._clock() <= 0:
            raise TimeoutError(f"Timed out waiting for {self.what} to finish processing")

    def next_wait(self, response_headers: Mapping[str, str]) -> float:
        """Seconds to wait before the next poll (the server's hint is read once, as openai)."""
        if self._interval_ms is None:
            self._interval_ms = _hinted_interval(response_headers)
        seconds = self._interval_ms / 1000
        if self._deadline is not None:
            self.check_deadline()
            seconds = min(seconds, self._deadline - self._clock())
        return seconds


def _hinted_interval(headers: Mapping[str, str]) -> int:
    hint = headers.get("openai-poll-after-ms")
    if hint is not None:
        try:
            value = int(hint)
        except ValueError:
            return DEFAULT_POLL_INTERVAL_MS  # a malformed hint is ignored, not fatal
        if value >= 0:
            return value
    return DEFAULT_POLL_INTERVAL_MS


def poll(
    plan: PollPlan,
    fetch: Callable[[dict[str, Any]], Any],
    settled: Callable[[Any], bool],
) -> Any:
    """Fetch (a raw response) until `settled(parsed)`; returns the parsed object."""
    while True:
        plan.check_deadline()
        raw = fetch(plan.headers)
        value = raw.parse()
        if settled(value):
            return value
        time.sleep(plan.next_wait(raw.headers))


async def apoll(
    plan: PollPlan,
    fetch: Callable[[dict[str, Any]], Awaitable[Any]],
    settled: Callable[[Any], bool],
) -> Any:
    while True:
        plan.check_deadline()
        raw = await fetch(plan.headers)
        value = raw.parse()  # async `with_raw_response` reads the body: parse() may be plain
        if inspect.isawaitable(value):
            value = await value
        if settled(value):
            return value
        await asyncio.sleep(plan.next_wait(raw.headers))
