"""Reading an OpenAPI document (YAML or JSON) from a file, a pin name, or a path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .errors import SpecFormatError
from .pins import SPEC_DIR, load_pin, locate

try:  # the C loader is ~10x faster on the 3 MB OpenAI spec
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


def read_document(path: Path) -> dict[str, Any]:
    """Parse an OpenAPI 3.0/3.1 file; a clear error names the file and what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecFormatError(f"{path}: cannot read the file: {exc}") from exc
    try:
        if path.suffix == ".json" or text.lstrip().startswith("{"):
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=_Loader)
    except (ValueError, yaml.YAMLError) as exc:
        raise SpecFormatError(f"{path}: not valid JSON or YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise SpecFormatError(f"{path}: expected an OpenAPI object, got {type(data).__name__}")
    version = data.get("openapi")
    if "swagger" in data and version is None:
        raise SpecFormatError(
            f"{path}: expected an OpenAPI 3.0 or 3.1 document, got Swagger/OpenAPI "
            f"{data['swagger']!r} (convert it to OpenAPI 3 first)"
        )
    if not isinstance(version, str) or not version.startswith(("3.0", "3.1")):
        raise SpecFormatError(
            f"{path}: expected an OpenAPI 3.0 or 3.1 document (field 'openapi'), got {version!r}"
        )
    if not isinstance(data.get("paths", {}), dict):
        raise SpecFormatError(f"{path}: 'paths' must be an object")
    _check_local_refs(path, data)
    return data


def _check_local_refs(path: Path, data: dict[str, Any]) -> None:
    """Every `#/...` $ref must point at something: left dangling, the model generator fails
    later with an error that names neither the file nor the reference."""
    missing: list[str] = []
    stack: list[tuple[Any, str]] = [(data, "#")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/") and not _resolves(data, ref):
                missing.append(f"{ref} (used at {where})")
            stack += [(v, f"{where}/{_escape(str(k))}") for k, v in node.items()]
        elif isinstance(node, list):
            stack += [(v, f"{where}/{i}") for i, v in enumerate(node)]
    if missing:
        listed = "; ".join(sorted(missing)[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        raise SpecFormatError(f"{path}: $ref to something the document does not define: {listed}")


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")  # JSON pointer (RFC 6901)


def _resolves(data: dict[str, Any], ref: str) -> bool:
    target: Any = data
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, dict) or part not in target:
            return False
        target = target[part]
    return True


def resolve_spec(name_or_path: str) -> Path:
    """A pin name (e.g. 'openai') to its located file, or a path to itself."""
    candidate = Path(name_or_path)
    if candidate.is_file():
        return candidate
    if (SPEC_DIR / f"{name_or_path}.lock.json").is_file():
        return locate(load_pin(name_or_path))
    raise SpecFormatError(f"{name_or_path!r} is neither a spec file nor a pin name in {SPEC_DIR}")
