"""Client method names: `POST /chat/completions` -> `chat.completions.create`.

REST rules give most names; a table gives openai-python's name where its common surface differs
(`images.generate`, `files.content`, `beta.assistants.create`, ...), so code written for
openai-python finds the same method. Names are checked for collisions by the generator.
"""

from __future__ import annotations

import keyword
import re

# Trailing path segments that are verbs acting on the resource before them.
ACTION_SEGMENTS = frozenset(
    {
        "accept", "activate", "archive", "cancel", "compact", "complete", "content",
        "deactivate", "hangup", "pause", "refer", "reject", "remix", "resume", "run",
        "search", "submit_tool_outputs", "validate",
    }
)  # fmt: skip

# Resources openai-python keeps under `client.beta`.
BETA_PREFIXES = ("assistants", "threads", "chatkit")
# Top-level path segments renamed because the client already has an attribute of that name
# (`client.organization` is the OpenAI-Organization option): the admin API lives under
# `client.admin` (`/organization/projects` -> `client.admin.projects.list()`).
RENAMED_ROOTS = {"organization": "admin"}
# Client attributes a top-level resource must not shadow (checked by the generator).
RESERVED_CLIENT_ATTRIBUTES = frozenset(
    {
        "api_key", "auth_headers", "base_url", "byot", "close", "copy", "default_headers",
        "default_query", "delete", "get", "max_retries", "organization", "patch", "post",
        "project", "put", "timeout", "with_options",
    }
)  # fmt: skip

# openai-python's names where the REST rule says otherwise: (METHOD, path) -> client method.
OVERRIDES: dict[tuple[str, str], str] = {
    ("POST", "/images/generations"): "images.generate",
    ("POST", "/images/edits"): "images.edit",
    ("POST", "/images/variations"): "images.create_variation",
    ("POST", "/audio/speech"): "audio.speech.create",
    ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/events"): "fine_tuning.jobs.list_events",
    (
        "GET",
        "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints",
    ): "fine_tuning.jobs.checkpoints.list",
    ("GET", "/vector_stores/{vector_store_id}/file_batches/{batch_id}/files"): (
        "vector_stores.file_batches.list_files"
    ),
    ("GET", "/videos/{video_id}/content"): "videos.download_content",
    ("POST", "/responses/input_tokens"): "responses.input_tokens.count",
    ("POST", "/threads/runs"): "beta.threads.create_and_run",
    ("GET", "/chatkit/threads/{thread_id}/items"): "beta.chatkit.threads.list_items",
    ("POST", "/uploads/{upload_id}/parts"): "uploads.parts.create",
    ("POST", "/vector_stores/{vector_store_id}/files/{file_id}"): "vector_stores.files.update",
    ("POST", "/audio/voices"): "audio.voices.create",
    ("POST", "/containers/{container_id}/files"): "containers.files.create",
    (
        "POST",
        "/organization/projects/{project_id}/service_accounts/{service_account_id}/api_keys",
    ): ("organization.projects.service_accounts.api_keys.create"),
}


def snake_case(text: str) -> str:
    """`ListContainers` / `file-batches` -> `list_containers` / `file_batches`."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_").lower()
    if not text or text[0].isdigit():
        text = f"_{text}"
    return f"{text}_" if keyword.iskeyword(text) else text


def _split_path(path: str) -> tuple[list[str], str]:
    """('/responses/{id}/cancel?beta=true') -> (segments, query suffix)."""
    bare, _, query = path.partition("?")
    return [s for s in bare.split("/") if s], query


def client_method_for(method: str, path: str) -> str:
    """The dotted client method for an operation, e.g. `chat.completions.messages.list`."""
    method = method.upper()
    bare, _, query = path.partition("?")
    name = OVERRIDES.get((method, bare)) or _rest_name(method, bare)
    root, _, rest = name.partition(".")
    if root in RENAMED_ROOTS:
        name = f"{RENAMED_ROOTS[root]}.{rest}"
    if name.split(".")[0] in BETA_PREFIXES:
        name = f"beta.{name}"
    if query == "beta=true":  # the spec's beta copies of the responses API
        name = f"beta.{name}"
    return name


def _rest_name(method: str, path: str) -> str:
    segments, _ = _split_path(path)
    static = [snake_case(s) for s in segments if not s.startswith("{")]
    ends_with_param = bool(segments) and segments[-1].startswith("{")
    last = segments[-1] if segments else ""
    action = (
        not ends_with_param
        and last in ACTION_SEGMENTS
        and (len(segments) >= 2 and (segments[-2].startswith("{") or method == "POST"))
    )
    if action:
        return ".".join([*static[:-1], snake_case(last)])
    if ends_with_param:
        verb = {"GET": "retrieve", "POST": "update", "PUT": "update", "PATCH": "update"}.get(
            method, "delete"
        )
    else:
        verb = {"GET": "list", "POST": "create", "PUT": "update", "PATCH": "update"}.get(
            method, "delete"
        )
    return ".".join([*static, verb])
