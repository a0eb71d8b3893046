"""The resources of `AzureOpenAI` / `AsyncAzureOpenAI` whose operation takes fields only the
Azure spec has: `chat.completions` (`data_sources`) and `embeddings` (`input_type`).

The Azure clients carry OpenAI's resource tree, as openai-python's `AzureOpenAI` subclasses
`OpenAI`: same signatures for type checkers, same result classes. The subclasses below also take
the Azure-only fields as keyword arguments at run time (which the Azure clients took before they
shared OpenAI's tree) and send them in the body exactly as `extra_body` would; with
`validate_requests=True` they are checked against the Azure spec's request model first. Type
checkers see OpenAI's signatures, so typed code passes them as
`extra_body={"data_sources": [...]}` (what openai-python needs too).

Which fields are Azure-only is read from the generated operations of both specs, so a spec bump
that adds one is picked up here (tests/client/test_client_azure.py checks each has a home).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache, cached_property, update_wrapper
from typing import TYPE_CHECKING, Any

from . import _helpers
from ._generated.openai.resources import embeddings as _openai_embeddings
from ._request import _check_body as check_body
from ._runtime import NOT_GIVEN, Omit, Operation

__all__ = [
    "AZURE_ONLY_METHODS",
    "AsyncAzureChat",
    "AsyncAzureChatCompletions",
    "AsyncAzureEmbeddings",
    "AzureChat",
    "AzureChatCompletions",
    "AzureEmbeddings",
    "azure_only_params",
]

# The client methods whose Azure operation has fields OpenAI's lacks (kept in step with the
# specs by a test).
AZURE_ONLY_METHODS = ("chat.completions.create", "embeddings.create")


@cache
def _operation(package: str, client_method: str) -> Operation | None:
    """The operation of one spec behind `client_method`: from Azure's operations table, or from
    the one OpenAI resource module it lives in (`chat.completions.create`: `resources/chat.py`)."""
    operations = importlib.import_module(f"openai_compat._generated.{package}.operations")
    if not hasattr(operations, "RESOURCES"):  # a spec generated as a table only (Azure)
        table: tuple[Operation, ...] = operations.OPERATIONS
        return next((op for op in table if op.client_method == client_method), None)
    entry = operations.RESOURCES.get(client_method.split(".", 1)[0])
    if entry is None:
        return None
    module = importlib.import_module(f"openai_compat._generated.{package}.resources.{entry[0]}")
    return next((op for op in module.OPERATIONS if op.client_method == client_method), None)


@cache
def azure_only_params(client_method: str) -> dict[str, str]:
    """`{argument name: wire name}` of the Azure operation's parameters OpenAI's lacks."""
    azure = _operation("azure", client_method)
    openai = _operation("openai", client_method)
    if azure is None or openai is None:
        return {}
    known = {p.name for p in openai.params}
    return {p.name: p.wire_name for p in azure.params if p.name not in known}


def _move_azure_only(client: Any, client_method: str, params: dict[str, Any]) -> dict[str, Any]:
    """`params` with the Azure-only arguments moved into `extra_body` (the caller's own
    `extra_body` keys win, as `extra_body` always does)."""
    given: dict[str, Any] = {}
    for name, wire_name in azure_only_params(client_method).items():
        value = params.pop(name, NOT_GIVEN)
        if value is not NOT_GIVEN and not isinstance(value, Omit):
            given[wire_name] = value
    if not given:
        return params
    if client._validate_requests:
        azure = _operation("azure", client_method)
        assert azure is not None  # given is empty otherwise
        check_body(azure, given, partial=True)
    extra_body = params.get("extra_body")
    if extra_body is None or isinstance(extra_body, Mapping):
        params["extra_body"] = {**given, **(extra_body or {})}
    # else: the request builder refuses the malformed extra_body, naming it
    return params


def _shown_as(method: Any, parent: Any) -> None:
    """`help()` and `inspect.signature` show the OpenAI method's documentation and signature."""
    update_wrapper(method, parent)


class AzureChatCompletions(_helpers.ChatCompletions):
    """`client.chat.completions` of `AzureOpenAI`: also takes `data_sources=` (On Your Data)."""

    if not TYPE_CHECKING:  # checkers keep OpenAI's overloads

        def create(self, **params: Any) -> Any:
            return super().create(
                **_move_azure_only(self._client, "chat.completions.create", params)
            )


class AsyncAzureChatCompletions(_helpers.AsyncChatCompletions):
    """`client.chat.completions` of `AsyncAzureOpenAI`: also takes `data_sources=`."""

    if not TYPE_CHECKING:

        async def create(self, **params: Any) -> Any:
            return await super().create(
                **_move_azure_only(self._client, "chat.completions.create", params)
            )


class AzureChat(_helpers.Chat):
    @cached_property
    def completions(self) -> AzureChatCompletions:
        return AzureChatCompletions(self._client)


class AsyncAzureChat(_helpers.AsyncChat):
    @cached_property
    def completions(self) -> AsyncAzureChatCompletions:
        return AsyncAzureChatCompletions(self._client)


class AzureEmbeddings(_openai_embeddings.Embeddings):
    """`client.embeddings` of `AzureOpenAI`: also takes `input_type=`."""

    if not TYPE_CHECKING:

        def create(self, **params: Any) -> Any:
            return super().create(**_move_azure_only(self._client, "embeddings.create", params))


class AsyncAzureEmbeddings(_openai_embeddings.AsyncEmbeddings):
    """`client.embeddings` of `AsyncAzureOpenAI`: also takes `input_type=`."""

    if not TYPE_CHECKING:

        async def create(self, **params: Any) -> Any:
            return await super().create(
                **_move_azure_only(self._client, "embeddings.create", params)
            )


if not TYPE_CHECKING:
    for _cls in (
        AzureChatCompletions,
        AsyncAzureChatCompletions,
        AzureEmbeddings,
        AsyncAzureEmbeddings,
    ):
        _shown_as(_cls.create, _cls.__mro__[1].create)
