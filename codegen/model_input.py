"""The spec as the model generator sees it: what a model must not do, taken out of its schemas.

Two schema keywords describe the API for people (and stay in the docs, which read the spec) but
would make generated models behave unlike openai-python's and unlike what the server said:

- `default`: the value the *server* uses when a request leaves a field out. As a model default
  it would make a response field the server did not send read as that value
  (`completion_tokens_details.audio_tokens == 0` when only `reasoning_tokens` came): the client
  would invent data. A field not sent reads None. Requests are unaffected: bodies are built from
  what the caller passes, and models are dumped with `exclude_unset`.
- `deprecated`: pydantic turns it into a DeprecationWarning on every *read* of the field
  (`completion.system_fingerprint`, `message.function_call`). openai-python warns on calls of
  deprecated methods, never on reading fields.

Only schema objects lose the keywords; a property *named* `default` or `deprecated` is kept.
"""

from __future__ import annotations

import copy
from typing import Any

JSON = dict[str, Any]
DROPPED_KEYWORDS = ("default", "deprecated")
# Keywords whose value is one schema / a list of schemas / a map of name -> schema.
_ONE = ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties", "additionalItems")  # fmt: skip
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
_NAMED = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def model_input(spec: JSON) -> JSON:
    """A copy of `spec` whose schemas carry no `default` or `deprecated` keyword."""
    out = copy.deepcopy(spec)
    for schema in (out.get("components") or {}).get("schemas", {}).values():
        strip_schema(schema)
    for node in _path_schemas(out.get("paths") or {}):
        strip_schema(node)
    return out


def strip_schema(schema: Any, depth: int = 0) -> None:
    """Remove the dropped keywords from `schema` and every schema nested in it, in place."""
    if not isinstance(schema, dict) or depth > 64:
        return
    for keyword in DROPPED_KEYWORDS:
        schema.pop(keyword, None)
    for key in _ONE:
        strip_schema(schema.get(key), depth + 1)
    for key in _MANY:
        for part in schema.get(key) or []:
            strip_schema(part, depth + 1)
    for key in _NAMED:
        named = schema.get(key)
        if isinstance(named, dict):
            for part in named.values():
                strip_schema(part, depth + 1)


def _path_schemas(node: Any) -> list[JSON]:
    """Every `schema` object under `paths` (parameters, bodies and responses left inline)."""
    found: list[JSON] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            for key, value in current.items():
                if key == "schema" and isinstance(value, dict):
                    found.append(value)
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(current, list):
            stack.extend(current)
    return found
