"""`openai.lib.azure`'s names: the Azure clients and the token provider types."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from .._azure import AsyncAzureOpenAI, AzureOpenAI

__all__ = ["AsyncAzureADTokenProvider", "AsyncAzureOpenAI", "AzureADTokenProvider", "AzureOpenAI"]

AzureADTokenProvider = Callable[[], str]
AsyncAzureADTokenProvider = Callable[[], "str | Awaitable[str]"]
