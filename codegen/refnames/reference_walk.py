"""Walk openai-python's client tree and print every resource method as JSON (stdout).

Runs INSIDE the reference venv (`.ref-venv/bin/python codegen/refnames/reference_walk.py`):
it imports only the standard library and `openai`, never the codegen package. What it reads:
- the tree: `openai.OpenAI()`'s resources, attribute by attribute (`chat.completions`, ...);
- each public method's signature (parameter names, kinds, whether required, annotations);
- the HTTP call in the method's source (`self._post("/files", ...)`,
  `self._get(path_template("/files/{file_id}", file_id=file_id), ...)`, `method="post"`), with
  which Python parameter fills each `{placeholder}`, and the `*_params` TypedDict it transforms.
Names only: no docstrings or code text are copied.
"""

from __future__ import annotations

import ast
import inspect
import json
import sys
import textwrap
from typing import Any

_HTTP_HELPERS = {"_get": "GET", "_post": "POST", "_put": "PUT", "_patch": "PATCH", "_delete": "DELETE",
                 "_get_api_list": "GET"}  # fmt: skip
_SKIPPED_ATTRIBUTES = frozenset({"with_raw_response", "with_streaming_response"})
_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: "positional_only",
    inspect.Parameter.POSITIONAL_OR_KEYWORD: "positional",
    inspect.Parameter.VAR_POSITIONAL: "var_positional",
    inspect.Parameter.KEYWORD_ONLY: "keyword_only",
    inspect.Parameter.VAR_KEYWORD: "var_keyword",
}


def _qualified(obj: Any) -> str:
    return f"{obj.__module__}.{obj.__qualname__}"


def _path_of(node: ast.expr) -> tuple[str, dict[str, str]] | None:
    """`"/files"` or `path_template("/files/{file_id}", file_id=file_id)` -> (template, placeholders)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value, {}
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "path_template"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        fills = {
            kw.arg: kw.value.id
            for kw in node.keywords
            if kw.arg is not None and isinstance(kw.value, ast.Name)
        }
        return node.args[0].value, fills
    return None


def _params_types(call: ast.Call, module: Any) -> list[str]:
    """The `*_params.XParams` TypedDicts the call's body/query are transformed with."""
    found: list[str] = []
    for node in ast.walk(call):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("maybe_transform", "async_maybe_transform")
            and len(node.args) >= 2
        ):
            target = node.args[1]
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                holder = getattr(module, target.value.id, None)
                if inspect.ismodule(holder):
                    found.append(f"{holder.__name__}.{target.attr}")
    return found


def _http_calls(function: Any) -> list[dict[str, Any]]:
    """Every direct HTTP call in the method's source."""
    source = textwrap.dedent(inspect.getsource(function))
    module = sys.modules[function.__module__]
    calls: list[dict[str, Any]] = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
            and node.func.attr in _HTTP_HELPERS
            and node.args
        ):
            continue
        path = _path_of(node.args[0])
        if path is None:
            raise SystemExit(
                f"{_qualified(function)}: unrecognised path expression in an HTTP call"
            )
        method = _HTTP_HELPERS[node.func.attr]
        for kw in node.keywords:
            if kw.arg == "method" and isinstance(kw.value, ast.Constant):
                method = str(kw.value.value).upper()
        template, fills = path
        calls.append(
            {
                "method": method,
                "path": template,
                "path_params": fills,
                "params_types": _params_types(node, module),
            }
        )
    return calls


def _signature(function: Any) -> list[dict[str, Any]]:
    params = []
    for p in inspect.signature(function).parameters.values():
        if p.name == "self":
            continue
        annotation = p.annotation if isinstance(p.annotation, str) else None
        params.append(
            {
                "name": p.name,
                "kind": _KINDS[p.kind],
                "required": p.default is inspect.Parameter.empty
                and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD),
                "annotation": annotation,
            }
        )
    return params


def _returns(function: Any) -> str | None:
    annotation = inspect.signature(function).return_annotation
    if annotation is inspect.Signature.empty:
        return None
    return annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)


def walk() -> dict[str, Any]:
    import openai  # type: ignore[import-not-found,unused-ignore]
    from openai._resource import SyncAPIResource  # type: ignore[import-not-found,unused-ignore]

    client = openai.OpenAI(api_key="unused", base_url="http://127.0.0.1:9/v1")
    methods: list[dict[str, Any]] = []
    resources: list[dict[str, Any]] = []
    first_path: dict[type, str] = {}

    # Breadth first, so that a resource reachable twice is named by its shorter path
    # (`chat`), and the longer one (`beta.chat`) is recorded as an alias of it.
    queue: list[tuple[Any, list[str]]] = []
    for name in sorted(dir(type(client))):
        if name.startswith("_") or name in _SKIPPED_ATTRIBUTES:
            continue
        value = getattr(client, name)
        if isinstance(value, SyncAPIResource):
            queue.append((value, [name]))
    while queue:
        resource, path = queue.pop(0)
        cls = type(resource)
        dotted = ".".join(path)
        alias_of = first_path.get(cls)
        resources.append({"path": dotted, "class": _qualified(cls), "alias_of": alias_of})
        if alias_of is not None:  # the same class again: its methods are listed once
            continue
        first_path[cls] = dotted
        for name in sorted(dir(cls)):
            if name.startswith("_") or name in _SKIPPED_ATTRIBUTES:
                continue
            value = getattr(resource, name)
            if isinstance(value, SyncAPIResource):
                queue.append((value, [*path, name]))
            elif inspect.ismethod(value):
                function = value.__func__
                methods.append(
                    {
                        "client_path": f"{dotted}.{name}",
                        "defined_in": _qualified(function),
                        "deprecated": hasattr(function, "__deprecated__"),
                        "params": _signature(function),
                        "returns": _returns(function),
                        "http_calls": _http_calls(function),
                    }
                )
    return {"openai_version": openai.__version__, "resources": resources, "methods": methods}


if __name__ == "__main__":
    json.dump(walk(), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
