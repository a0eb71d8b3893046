"""Azure resources whose methods also take the OpenAI method's parameters (see _azure_params.py):
completions, embeddings, audio transcriptions/translations and image generation. (Chat is in
_helpers.py with its stream helper.) Loaded only when an Azure client uses one of them.
"""

from __future__ import annotations

from functools import cached_property

from ._azure_params import widened
from ._generated.azure.resources import audio as _azure_audio
from ._generated.azure.resources import completions as _azure_completions
from ._generated.azure.resources import embeddings as _azure_embeddings
from ._generated.azure.resources import images as _azure_images
from ._generated.openai.resources import audio as _openai_audio
from ._generated.openai.resources import completions as _openai_completions
from ._generated.openai.resources import embeddings as _openai_embeddings
from ._generated.openai.resources import images as _openai_images

__all__ = [
    "AsyncAzureAudio",
    "AsyncAzureCompletions",
    "AsyncAzureEmbeddings",
    "AsyncAzureImages",
    "AzureAudio",
    "AzureCompletions",
    "AzureEmbeddings",
    "AzureImages",
]


class AzureCompletions(_azure_completions.Completions):
    """`client.completions` of `AzureOpenAI`: `create()` takes the OpenAI method's parameters too."""

    create = widened(_azure_completions, _openai_completions, "completions.create", is_async=False)


class AsyncAzureCompletions(_azure_completions.AsyncCompletions):
    create = widened(_azure_completions, _openai_completions, "completions.create", is_async=True)


class AzureEmbeddings(_azure_embeddings.Embeddings):
    """`client.embeddings` of `AzureOpenAI`: `create()` takes the OpenAI method's parameters too."""

    create = widened(_azure_embeddings, _openai_embeddings, "embeddings.create", is_async=False)


class AsyncAzureEmbeddings(_azure_embeddings.AsyncEmbeddings):
    create = widened(_azure_embeddings, _openai_embeddings, "embeddings.create", is_async=True)


class AzureTranscriptions(_azure_audio.AudioTranscriptions):
    create = widened(_azure_audio, _openai_audio, "audio.transcriptions.create", is_async=False)


class AsyncAzureTranscriptions(_azure_audio.AsyncAudioTranscriptions):
    create = widened(_azure_audio, _openai_audio, "audio.transcriptions.create", is_async=True)


class AzureTranslations(_azure_audio.AudioTranslations):
    create = widened(_azure_audio, _openai_audio, "audio.translations.create", is_async=False)


class AsyncAzureTranslations(_azure_audio.AsyncAudioTranslations):
    create = widened(_azure_audio, _openai_audio, "audio.translations.create", is_async=True)


class AzureAudio(_azure_audio.Audio):
    """`client.audio` of `AzureOpenAI`: transcriptions and translations take OpenAI's parameters."""

    @cached_property
    def transcriptions(self) -> AzureTranscriptions:
        return AzureTranscriptions(self._client)

    @cached_property
    def translations(self) -> AzureTranslations:
        return AzureTranslations(self._client)


class AsyncAzureAudio(_azure_audio.AsyncAudio):
    @cached_property
    def transcriptions(self) -> AsyncAzureTranscriptions:
        return AsyncAzureTranscriptions(self._client)

    @cached_property
    def translations(self) -> AsyncAzureTranslations:
        return AsyncAzureTranslations(self._client)


class AzureImages(_azure_images.Images):
    """`client.images` of `AzureOpenAI`: `generate()` takes the OpenAI method's parameters too."""

    generate = widened(_azure_images, _openai_images, "images.generate", is_async=False)


class AsyncAzureImages(_azure_images.AsyncImages):
    generate = widened(_azure_images, _openai_images, "images.generate", is_async=True)
