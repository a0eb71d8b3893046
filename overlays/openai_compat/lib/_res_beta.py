"""`client.beta`: `threads` (with `create_and_run_poll`) and `threads.runs` (with the polling helpers), and `beta.chat.completions` (openai-python keeps `parse` / `stream` there too)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from .._generated.openai.resources import beta as _beta
from . import _assistants_helpers as streams
from . import _poll_helpers as poll


class BetaThreadsRuns(poll.RunsHelpers, streams.RunsStreamHelpers, _beta.BetaThreadsRuns):
    pass


class AsyncBetaThreadsRuns(
    poll.AsyncRunsHelpers, streams.AsyncRunsStreamHelpers, _beta.AsyncBetaThreadsRuns
):
    pass


class BetaThreads(poll.ThreadsHelpers, streams.ThreadsStreamHelpers, _beta.BetaThreads):
    @cached_property
    def runs(self) -> BetaThreadsRuns:
        return BetaThreadsRuns(self._client)


class AsyncBetaThreads(
    poll.AsyncThreadsHelpers, streams.AsyncThreadsStreamHelpers, _beta.AsyncBetaThreads
):
    @cached_property
    def runs(self) -> AsyncBetaThreadsRuns:
        return AsyncBetaThreadsRuns(self._client)


class BetaChat:
    """`client.beta.chat`: openai-python keeps `beta.chat.completions.parse/stream` as aliases."""

    def __init__(self, client: Any) -> None:
        self._client = client

    @cached_property
    def completions(self) -> Any:
        from .._helpers import ChatCompletions

        return ChatCompletions(self._client)


class AsyncBetaChat(BetaChat):
    @cached_property
    def completions(self) -> Any:
        from .._helpers import AsyncChatCompletions

        return AsyncChatCompletions(self._client)


class Beta(_beta.Beta):
    @cached_property
    def threads(self) -> BetaThreads:
        return BetaThreads(self._client)

    @cached_property
    def chat(self) -> BetaChat:
        return BetaChat(self._client)


class AsyncBeta(_beta.AsyncBeta):
    @cached_property
    def threads(self) -> AsyncBetaThreads:
        return AsyncBetaThreads(self._client)

    @cached_property
    def chat(self) -> AsyncBetaChat:
        return AsyncBetaChat(self._client)
