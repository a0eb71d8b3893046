"""`client.beta`: `threads` (with `create_and_run_poll`) and `threads.runs` (with the polling and
streaming helpers), on top of the realtime overlay's `beta` (`beta.realtime.connect()`)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .._generated.openai.resources import beta as _beta
from .._realtime import _resources as _realtime_resources
from . import _assistants_helpers as streams
from . import _poll_helpers as poll

if TYPE_CHECKING:
    from .._helpers import AsyncChat, Chat


class BetaThreadsRuns(_beta.BetaThreadsRuns, poll.RunsHelpers, streams.RunsStreamHelpers):
    pass


class AsyncBetaThreadsRuns(
    _beta.AsyncBetaThreadsRuns, poll.AsyncRunsHelpers, streams.AsyncRunsStreamHelpers
):
    pass


class BetaThreads(_beta.BetaThreads, poll.ThreadsHelpers, streams.ThreadsStreamHelpers):
    @cached_property
    def runs(self) -> BetaThreadsRuns:
        return BetaThreadsRuns(self._client)


class AsyncBetaThreads(
    _beta.AsyncBetaThreads, poll.AsyncThreadsHelpers, streams.AsyncThreadsStreamHelpers
):
    @cached_property
    def runs(self) -> AsyncBetaThreadsRuns:
        return AsyncBetaThreadsRuns(self._client)


class Beta(_realtime_resources.Beta):
    """`client.beta`: the generated resource with `realtime.connect()` (see `_realtime`) and
    the Assistants helpers; `beta.chat` is `client.chat` (with `parse` / `stream`)."""

    @cached_property
    def threads(self) -> BetaThreads:
        return BetaThreads(self._client)

    @property
    def chat(self) -> Chat:
        """`client.chat` (with `parse()` and `stream()`), reachable here too as in openai-python."""
        chat: Chat = self._client.chat
        return chat


class AsyncBeta(_realtime_resources.AsyncBeta):
    @cached_property
    def threads(self) -> AsyncBetaThreads:
        return AsyncBetaThreads(self._client)

    @property
    def chat(self) -> AsyncChat:
        """`client.chat` (with `parse()` and `stream()`), reachable here too as in openai-python."""
        chat: AsyncChat = self._client.chat
        return chat
