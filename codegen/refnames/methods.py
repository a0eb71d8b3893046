"""openai-python's resource methods, matched with the pinned spec: `spec/openai-python-*.methods.json`.

Two layers in one file:
- reference facts, read from openai-python in `.ref-venv` by `reference_walk.py`: every method of
  `OpenAI()`'s client tree (`chat.completions.create`), the HTTP call it makes (method + path
  template, which Python parameter fills each `{placeholder}`), its parameters in order with their
  kind, the `*_params` TypedDicts it sends and its return annotation; resources that are another
  resource again (`beta.chat` is `chat`).
- spec facts, derived from those and the pinned OpenAI spec: whether the spec has the operation
  (matched by HTTP method and path template, `{placeholder}` names ignored) and which of the
  method's parameters the spec's operation lacks (openai-python 3.54 is built from a newer spec).

`make names` rewrites the file from `.ref-venv`; `make check` recomputes the spec facts from the
committed reference facts and fails when they differ, so a spec bump refreshes them in the same
commit. The generator reads only the committed file (`load_method_map`).
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CodegenError
from ..pins import REPO_ROOT, SPEC_DIR, load_pin, locate

JSON = dict[str, Any]
REFERENCE = "openai-python 3.54.0"
MAP_FILE = SPEC_DIR / "openai-python-3.54.0.methods.json"
REF_PYTHON = REPO_ROOT / ".ref-venv" / "bin" / "python"
WALKER = Path(__file__).with_name("reference_walk.py")
SPEC_PIN = "openai"
# Keyword-only options every openai-python method takes; not parameters of the operation.
REQUEST_OPTIONS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
_HTTP_METHODS = ("get", "put", "post", "delete", "patch")
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def http_key(method: str, path: str) -> str:
    """`POST /files/{file_id}` -> `POST /files/{}`: placeholder names differ between sources."""
    return f"{method.upper()} {_PLACEHOLDER.sub('{}', path)}"


def placeholders(path: str) -> list[str]:
    return [m.group(0)[1:-1] for m in _PLACEHOLDER.finditer(path)]


# -- reading the reference --------------------------------------------------------------------


def walk_reference(ref_python: Path = REF_PYTHON) -> JSON:
    """Run the walker inside the reference venv; its JSON on stdout."""
    if not ref_python.exists():
        raise CodegenError(
            f"{ref_python} does not exist: `make install` creates the reference venv with "
            f"{REFERENCE}, which the name map is read from"
        )
    result = subprocess.run(
        [str(ref_python), "-I", str(WALKER)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise CodegenError(f"reading {REFERENCE} failed:\n{result.stderr[-3000:]}")
    data: JSON = json.loads(result.stdout)
    if f"openai-python {data.get('openai_version')}" != REFERENCE:
        raise CodegenError(
            f"{ref_python} has openai {data.get('openai_version')}, the map is for {REFERENCE}"
        )
    return data


def reference_methods(walk: JSON) -> list[JSON]:
    """The walker's records as the map's reference facts (one HTTP call at most per method)."""
    out: list[JSON] = []
    for raw in walk["methods"]:
        calls = raw["http_calls"]
        if len(calls) > 1:
            raise CodegenError(
                f"{raw['client_path']} makes {len(calls)} HTTP calls; expected 0 or 1"
            )
        http = None
        params_types: list[str] = []
        if calls:
            call = calls[0]
            http = {"method": call["method"], "path": call["path"],
                    "path_params": _ordered_fills(call["path"], call["path_params"])}  # fmt: skip
            params_types = sorted(call["params_types"])
        out.append(
            {
                "client_path": raw["client_path"],
                "deprecated": raw["deprecated"],
                "http": http,
                "params": [
                    {"name": p["name"], "kind": p["kind"], "required": p["required"]}
                    for p in raw["params"]
                ],
                "params_types": params_types,
                "returns": raw["returns"],
            }
        )
    return out


def _ordered_fills(path: str, fills: dict[str, str]) -> list[list[str]]:
    """[[placeholder, python parameter], ...] in template order."""
    names = placeholders(path.partition("?")[0])
    missing = [n for n in names if n not in fills]
    if missing:
        raise CodegenError(f"{path}: no parameter fills {missing}")
    return [[n, fills[n]] for n in names]


# -- matching with the spec -------------------------------------------------------------------


@dataclass(frozen=True)
class SpecOperation:
    path: str
    param_names: frozenset[str]  # Python names, path placeholders excluded


def spec_operations(spec: JSON) -> dict[str, SpecOperation]:
    """Every operation of the (raw) spec by `http_key`, with the names of its parameters."""
    out: dict[str, SpecOperation] = {}
    for path, item in spec.get("paths", {}).items():
        if not isinstance(item, dict):
            continue
        for method in _HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                names = _query_header_names(
                    spec, [*item.get("parameters", []), *op.get("parameters", [])]
                )
                names |= _body_names(spec, op)
                out[http_key(method, path)] = SpecOperation(path, frozenset(names))
    return out


def _resolve(spec: JSON, node: Any) -> Any:
    for _ in range(20):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        node = target
    return node


def python_identifier(wire: str, schema: Any = None) -> str:
    """openai-python's name for a wire name: the spec's `x-stainless-param` when it gives one
    (`openai-beta` -> `betas`), the wire name without a trailing `[]` (`include[]`), else the wire
    name with what Python cannot spell replaced."""
    if isinstance(schema, dict) and isinstance(schema.get("x-stainless-param"), str):
        return str(schema["x-stainless-param"])
    name = re.sub(r"[^0-9A-Za-z_]", "_", wire.removesuffix("[]"))
    return f"_{name}" if not name or name[0].isdigit() else name


def _query_header_names(spec: JSON, params: list[Any]) -> set[str]:
    names: set[str] = set()
    for item in params:
        param = _resolve(spec, item)
        if isinstance(param, dict) and param.get("in") in ("query", "header"):
            names.add(python_identifier(str(param.get("name", "")), param.get("schema")))
    return names


def _body_names(spec: JSON, op: JSON) -> set[str]:
    body = _resolve(spec, op.get("requestBody"))
    if not isinstance(body, dict):
        return set()
    names: set[str] = set()
    for media in (body.get("content") or {}).values():
        if isinstance(media, dict):
            names |= _property_names(spec, media.get("schema") or {}, 0)
    return names


def _property_names(spec: JSON, schema: Any, depth: int) -> set[str]:
    """Property names of an object schema, through $ref, allOf and the variants of a union."""
    schema = _resolve(spec, schema)
    if not isinstance(schema, dict) or depth > 10:
        return set()
    names = {python_identifier(k, v) for k, v in (schema.get("properties") or {}).items()}
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key) or []:
            names |= _property_names(spec, part, depth + 1)
    return names


def build_map(
    reference: list[JSON], resource_aliases: dict[str, str], spec: JSON, sha256: str
) -> JSON:
    """The committed document: reference facts, each method matched with the spec."""
    ops = spec_operations(spec)
    primary = _primaries(reference)
    methods: list[JSON] = []
    for record in sorted(reference, key=lambda r: str(r["client_path"])):
        entry = dict(record)
        http = record["http"]
        entry["alias_of"] = None
        entry["spec"] = None
        if http is not None:
            key = http_key(http["method"], http["path"])
            main = primary[key]
            entry["alias_of"] = None if main == record["client_path"] else main
            found = ops.get(key)
            if found is not None:
                fills = {python for _, python in http["path_params"]}
                wanted = [
                    p["name"] for p in record["params"]
                    if p["kind"] in ("positional", "keyword_only", "positional_only")
                    and p["name"] not in REQUEST_OPTIONS and p["name"] not in fills
                ]  # fmt: skip
                entry["spec"] = {
                    "path": found.path,
                    "lacks": sorted(n for n in wanted if n not in found.param_names),
                }
        methods.append(entry)
    http_methods = [m for m in methods if m["http"] is not None]
    in_spec = [m for m in http_methods if m["spec"] is not None]
    return {
        "reference": REFERENCE,
        "spec": {"pin": SPEC_PIN, "sha256": sha256},
        "summary": {
            "methods": len(methods),
            "http_methods": len(http_methods),
            "helper_methods": len(methods) - len(http_methods),
            "in_spec": len(in_spec),
            "not_in_spec": len(http_methods) - len(in_spec),
            "spec_operations": len(ops),
            "spec_operations_without_method": len(
                set(ops) - {http_key(m["http"]["method"], m["http"]["path"]) for m in http_methods}
            ),
        },
        "resource_aliases": dict(sorted(resource_aliases.items())),
        "methods": methods,
    }


def _primaries(reference: list[JSON]) -> dict[str, str]:
    """The method that owns each HTTP operation: the one not deprecated (`files.content`, not
    `files.retrieve_content`); the others call it under another name."""
    by_key: dict[str, list[JSON]] = {}
    for record in reference:
        if record["http"] is not None:
            key = http_key(record["http"]["method"], record["http"]["path"])
            by_key.setdefault(key, []).append(record)
    out: dict[str, str] = {}
    for key, records in by_key.items():
        ranked = sorted(records, key=lambda r: (bool(r["deprecated"]), str(r["client_path"])))
        out[key] = str(ranked[0]["client_path"])
    return out


def reference_facts(document: JSON) -> tuple[list[JSON], dict[str, str]]:
    """The reference layer of a committed map (what `.ref-venv` said), spec facts removed."""
    derived = {"alias_of", "spec"}
    methods = [{k: v for k, v in m.items() if k not in derived} for m in document["methods"]]
    return methods, dict(document["resource_aliases"])


def resource_aliases(walk: JSON) -> dict[str, str]:
    return {r["path"]: r["alias_of"] for r in walk["resources"] if r["alias_of"]}


def dumps(document: JSON) -> str:
    """Sorted JSON, one method per line: small, and a change shows as the lines it touches."""
    head = [
        f"{json.dumps(key)}: {json.dumps(value, sort_keys=True, ensure_ascii=False)}"
        for key, value in sorted(document.items())
        if key != "methods"
    ]
    methods = [json.dumps(m, sort_keys=True, ensure_ascii=False) for m in document["methods"]]
    body = ",\n".join([*(f" {line}" for line in head), ' "methods": ['])
    return "{\n" + body + "\n" + ",\n".join(f"  {m}" for m in methods) + "\n ]\n}\n"


def _pinned_spec(spec_dir: Path = SPEC_DIR) -> tuple[JSON, str]:
    from ..document import read_document

    pin = load_pin(SPEC_PIN, spec_dir)
    return read_document(locate(pin)), pin.sha256


def fresh_map(ref_python: Path = REF_PYTHON) -> JSON:
    """The map as `.ref-venv` and the pinned spec give it now."""
    walk = walk_reference(ref_python)
    spec, sha = _pinned_spec()
    return build_map(reference_methods(walk), resource_aliases(walk), spec, sha)


def write_map(path: Path = MAP_FILE, ref_python: Path = REF_PYTHON) -> JSON:
    document = fresh_map(ref_python)
    path.write_text(dumps(document), encoding="utf-8")
    return document


def refresh_map(path: Path = MAP_FILE, spec_dir: Path = SPEC_DIR) -> bool:
    """Rewrite the committed map's spec facts for the pinned spec (`make gen`, a spec bump);
    the reference facts stay. True when the file changed."""
    committed = load_document(path)
    spec, sha = _pinned_spec(spec_dir)
    text = dumps(build_map(*reference_facts(committed), spec, sha))
    if text == path.read_text(encoding="utf-8"):
        return False
    path.write_text(text, encoding="utf-8")
    return True


def check_map(path: Path = MAP_FILE, spec_dir: Path = SPEC_DIR) -> list[str]:
    """Differences between the committed map's spec facts and what the pinned spec gives."""
    committed = load_document(path)
    spec, sha = _pinned_spec(spec_dir)
    expected = dumps(build_map(*reference_facts(committed), spec, sha))
    if expected == path.read_text(encoding="utf-8"):
        return []
    return [
        f"{path.name}: its spec facts differ from what the pinned spec gives; "
        "run `make gen` and commit the result"
    ]


# -- what the generator reads -----------------------------------------------------------------


def load_document(path: Path = MAP_FILE) -> JSON:
    try:
        data: JSON = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CodegenError(f"{path}: cannot read the method map: {exc}") from exc
    return data


@dataclass(frozen=True)
class MappedMethod:
    """openai-python's name and signature for one HTTP operation."""

    client_path: str
    # openai-python's Python name for each `{placeholder}` of its path template, in order.
    path_params: tuple[str, ...]
    positional: tuple[str, ...]
    # Other client paths calling the same operation (deprecated twins such as
    # `files.retrieve_content` for `files.content`).
    aliases: tuple[str, ...]
    # What openai-python's method returns, as annotated (`SyncCursorPage[ContainerListResponse]`).
    returns: str = ""


@dataclass(frozen=True)
class MethodMap:
    by_http: dict[str, MappedMethod]
    resource_aliases: dict[str, str]

    def lookup(self, method: str, path: str) -> MappedMethod | None:
        return self.by_http.get(http_key(method, path))


def load_method_map(path: Path = MAP_FILE) -> MethodMap:
    """The committed map, indexed by HTTP operation (also the operations the pin lacks, so a
    spec bump that brings them names them as openai-python does)."""
    document = load_document(path)
    aliases: dict[str, list[str]] = {}
    for m in document["methods"]:
        if m["alias_of"]:
            aliases.setdefault(m["alias_of"], []).append(m["client_path"])
    by_http: dict[str, MappedMethod] = {}
    for m in document["methods"]:
        http = m["http"]
        if http is None or m["alias_of"]:
            continue
        by_http[http_key(http["method"], http["path"])] = MappedMethod(
            client_path=m["client_path"],
            path_params=tuple(python for _, python in http["path_params"]),
            positional=tuple(
                p["name"] for p in m["params"] if p["kind"] in ("positional", "positional_only")
            ),
            aliases=tuple(sorted(aliases.get(m["client_path"], []))),
            returns=str(m.get("returns") or ""),
        )
    return MethodMap(by_http, dict(document["resource_aliases"]))
