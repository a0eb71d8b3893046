"""Methods openai-python 3.54.0 marks deprecated, and its message for each: calling one warns
(DeprecationWarning, at the caller's line) as openai-python does. Reading fields never warns.

Taken from openai-python's resource tree (`__deprecated__` of each method); keyed by the client
method path, so a method that moves keeps its warning only if the path is updated here too.
"""

from __future__ import annotations

__all__ = ["DEPRECATED_METHODS"]

_ASSISTANTS = "The Assistants API is deprecated in favor of the Responses API"
_SORA = "The Sora API is scheduled to permanently shut down on September 24, 2026."
_PLAIN = "deprecated"

DEPRECATED_METHODS: dict[str, str] = {
    "audio.translations.create": _PLAIN,
    "beta.assistants.create": _PLAIN,
    "beta.assistants.delete": _PLAIN,
    "beta.assistants.list": _PLAIN,
    "beta.assistants.retrieve": _PLAIN,
    "beta.assistants.update": _PLAIN,
    "beta.threads.create": _ASSISTANTS,
    "beta.threads.create_and_run": _ASSISTANTS,
    "beta.threads.create_and_run_poll": _ASSISTANTS,
    "beta.threads.create_and_run_stream": _ASSISTANTS,
    "beta.threads.delete": _ASSISTANTS,
    "beta.threads.messages.create": _ASSISTANTS,
    "beta.threads.messages.delete": _ASSISTANTS,
    "beta.threads.messages.list": _ASSISTANTS,
    "beta.threads.messages.retrieve": _ASSISTANTS,
    "beta.threads.messages.update": _ASSISTANTS,
    "beta.threads.retrieve": _ASSISTANTS,
    "beta.threads.runs.cancel": _ASSISTANTS,
    "beta.threads.runs.create": _ASSISTANTS,
    "beta.threads.runs.create_and_poll": _ASSISTANTS,
    "beta.threads.runs.create_and_stream": _ASSISTANTS,
    "beta.threads.runs.list": _ASSISTANTS,
    "beta.threads.runs.poll": _ASSISTANTS,
    "beta.threads.runs.retrieve": _ASSISTANTS,
    "beta.threads.runs.steps.list": _ASSISTANTS,
    "beta.threads.runs.steps.retrieve": _ASSISTANTS,
    "beta.threads.runs.stream": _ASSISTANTS,
    "beta.threads.runs.submit_tool_outputs": _ASSISTANTS,
    "beta.threads.runs.submit_tool_outputs_and_poll": _ASSISTANTS,
    "beta.threads.runs.submit_tool_outputs_stream": _ASSISTANTS,
    "beta.threads.runs.update": _ASSISTANTS,
    "beta.threads.update": _ASSISTANTS,
    "files.retrieve_content": "The `.content()` method should be used instead",
    "fine_tuning.checkpoints.permissions.retrieve": "Retrieve is deprecated. Please swap to the paginated list method instead.",
    "images.create_variation": _PLAIN,
    "videos.create": _SORA,
    "videos.create_and_poll": _SORA,
    "videos.create_character": _SORA,
    "videos.delete": _SORA,
    "videos.download_content": _SORA,
    "videos.edit": _SORA,
    "videos.extend": _SORA,
    "videos.get_character": _SORA,
    "videos.list": _SORA,
    "videos.poll": _SORA,
    "videos.remix": _SORA,
    "videos.retrieve": _SORA,
}
