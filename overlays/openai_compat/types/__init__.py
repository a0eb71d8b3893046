"""Public model types: `from openai_compat.types import ChatCompletion`.

Every model generated from the OpenAI spec is importable here under its spec name
(`CreateChatCompletionResponse`), and the common ones also under the name openai-python gives
them (`ChatCompletion`), so type annotations written for openai-python keep working. Models are
imported on first use. Azure's models: `openai_compat.types.azure_models.<Name>`.
`openai_compat.types.chat`, `.fine_tuning` and `.graders` mirror the same modules of
`openai.types`.
"""

from __future__ import annotations

import importlib
from typing import Any

# openai-python's name -> the spec's schema (class) name.
OPENAI_PYTHON_NAMES: dict[str, str] = {
    "ChatCompletion": "CreateChatCompletionResponse",
    "ChatCompletionChunk": "CreateChatCompletionStreamResponse",
    "ChatCompletionMessage": "ChatCompletionResponseMessage",
    "ChatCompletionMessageParam": "ChatCompletionRequestMessage",
    "ChatCompletionToolParam": "ChatCompletionTool",
    "ChatCompletionDeleted": "ChatCompletionDeleted",
    "Completion": "CreateCompletionResponse",
    "CompletionUsage": "CompletionUsage",
    "CreateEmbeddingResponse": "CreateEmbeddingResponse",
    "Embedding": "Embedding",
    "Model": "Model",
    "ModelDeleted": "DeleteModelResponse",
    "FileObject": "OpenAIFile",
    "FileDeleted": "DeleteFileResponse",
    "Batch": "Batch",
    "ModerationCreateResponse": "CreateModerationResponse",
    "ImagesResponse": "ImagesResponse",
    "Response": "Response",
    "ResponseStreamEvent": "ResponseStreamEvent",
    "Transcription": "CreateTranscriptionResponseJson",
    "Translation": "CreateTranslationResponseJson",
    "FineTuningJob": "FineTuningJob",
    "VectorStore": "VectorStoreObject",
    "VectorStoreFile": "VectorStoreFileObject",
    "Assistant": "AssistantObject",
    "Thread": "ThreadObject",
    "Run": "RunObject",
    "Message": "MessageObject",
    "Upload": "Upload",
}

_MODELS = "openai_compat._generated.openai.models"
# Submodules mirroring openai-python's `openai.types.<name>`.
_SUBMODULES = frozenset(
    {"chat", "fine_tuning", "graders", "websocket_reconnection", "websocket_connection_options"}
)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name == "azure_models":
        return importlib.import_module("openai_compat._generated.azure.models")
    models = importlib.import_module(_MODELS)
    try:
        value = getattr(models, OPENAI_PYTHON_NAMES.get(name, name))
    except AttributeError:
        raise AttributeError(f"module 'openai_compat.types' has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    models = importlib.import_module(_MODELS)
    return sorted({*OPENAI_PYTHON_NAMES, *models.__all__})
