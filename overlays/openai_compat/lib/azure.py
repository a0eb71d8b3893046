"""`openai.lib.azure`'s names: the Azure clients and the token provider types; and
`to_azure_model`, to read a result with the Azure spec's own (typed) models."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from .._azure import AsyncAzureOpenAI, AzureOpenAI

if TYPE_CHECKING:
    import pydantic

__all__ = [
    "AsyncAzureADTokenProvider",
    "AsyncAzureOpenAI",
    "AzureADTokenProvider",
    "AzureOpenAI",
    "to_azure_model",
]

AzureADTokenProvider = Callable[[], str]
AsyncAzureADTokenProvider = Callable[[], "str | Awaitable[str]"]

M = TypeVar("M", bound="pydantic.BaseModel")


def to_azure_model(result: pydantic.BaseModel, model: type[M]) -> M:
    """`result` (an Azure client's `ChatCompletion`, `Completion`...) as `model`, one of the
    Azure spec's models (`openai_compat.types.azure_models.CreateChatCompletionResponse`...), in
    which the Azure-only fields (`prompt_filter_results`, `content_filter_results`, a message's
    `context` with its citations) are typed. Read as tolerantly as the client reads responses:
    what the server did not send reads None."""
    import pydantic

    from .._tolerant import parse_python

    if not isinstance(result, pydantic.BaseModel):
        raise TypeError(
            f"to_azure_model() takes a result model (a ChatCompletion...), got {type(result).__name__}"
        )
    return parse_python(model, result.model_dump(mode="json", exclude_unset=True, warnings=False))
