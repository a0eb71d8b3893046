"""Client method names: `POST /chat/completions` -> `chat.completions.create`.

openai-python's names come first: the committed method map (`codegen/refnames/methods.py`,
`spec/openai-python-*.methods.json`) gives, for every HTTP operation openai-python calls, its
client path (`admin.organization.projects.list`, `files.content`, `videos.edit`) and its
parameters. An operation the map does not have (one openai-python lacks) is named by REST rules.
Names are checked for collisions by the generator.
"""

from __future__ import annotations

import functools
import keyword
import re

from .refnames.methods import MappedMethod, MethodMap, load_method_map

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
# Top-level path segments renamed as openai-python does: `client.organization` is the
# OpenAI-Organization option, so the admin API is `client.admin.organization`.
RENAMED_ROOTS = {"organization": "admin.organization"}
# Client attributes a top-level resource must not shadow (checked by the generator).
RESERVED_CLIENT_ATTRIBUTES = frozenset(
    {
        "api_key", "auth_headers", "base_url", "byot", "close", "copy", "default_headers",
        "default_query", "delete", "get", "max_retries", "organization", "patch", "post",
        "project", "put", "timeout", "with_options",
    }
)  # fmt: skip


@functools.cache
def method_map() -> MethodMap:
    """The committed map of openai-python's methods (read once)."""
    return load_method_map()


def mapped_method(method: str, path: str) -> MappedMethod | None:
    """openai-python's method for an operation (`path` as the client sees it), if it has one."""
    return method_map().lookup(method, path)


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
    mapped = mapped_method(method, path)
    if mapped is not None:
        return mapped.client_path
    bare, _, query = path.partition("?")
    name = _rest_name(method.upper(), bare)
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
