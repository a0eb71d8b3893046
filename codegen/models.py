"""Models: datamodel-code-generator turns a normalised spec into one module per schema.

The generator version is pinned exactly (pyproject.toml) because its output is committed and
CI checks it byte for byte. Options, and why:
- `--module-split-mode single`: one module per model, so importing one model imports only what
  it references (the whole OpenAI spec in one module takes ~2 s to import).
- `--naming-strategy full-path`: inline models are named parent + property, never numbered, so
  names stay put across spec bumps.
- `--enum-field-as-literal all`: enums are `Literal[...]` strings, as in openai-python, so
  `finish_reason == "stop"` and JSON dumps behave like plain strings.
- `--use-type-alias`: a schema that is only a union or an array is a `TypeAliasType`, so the
  values in fields are the variants themselves, never wrappers.
- `--extra-fields allow` and our base class: unknown fields from servers are kept.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CodegenError
from .model_input import model_input

BASE_CLASS = "openai_compat._runtime.BaseModel"


@dataclass(frozen=True)
class ModelIndex:
    """Where each generated class lives: class name -> module name (in the models package)."""

    module_of: dict[str, str]

    def schema_class(self, schema_key: str) -> str | None:
        """The class generated for a component schema key, or None when there is none."""
        name = class_name_for_key(schema_key)
        return name if name in self.module_of else None


def class_name_for_key(schema_key: str) -> str:
    """The class name datamodel-codegen gives a schema key: `ConversationParam-2` -> `ConversationParam2`."""
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", schema_key) if p]
    return "".join(p[:1].upper() + p[1:] for p in parts)


def datamodel_codegen_args(spec_file: Path, out_dir: Path, header: str) -> list[str]:
    """The exact datamodel-codegen command line (kept in one place: it decides the output bytes)."""
    return [
        sys.executable, "-m", "datamodel_code_generator",
        "--input", str(spec_file),
        "--input-file-type", "openapi",
        "--output", str(out_dir),
        "--module-split-mode", "single",
        "--output-model-type", "pydantic_v2.BaseModel",
        "--naming-strategy", "full-path",
        "--enum-field-as-literal", "all",
        "--target-python-version", "3.10",
        "--use-standard-collections",
        "--use-union-operator",
        "--use-annotated",
        "--field-constraints",
        "--use-schema-description",
        # Unions and arrays without fields of their own become type aliases, not RootModel
        # wrappers: `message.tool_calls[0].function` and `response.output[0].type` then work
        # as on openai-python's models (a RootModel item would need `.root` first).
        "--use-type-alias",
        # A URL is the string the server sent: pydantic's AnyUrl normalises it (`https://x` reads
        # `https://x/`), which changes what arrived.
        "--type-mappings", "string+uri=string",
        "--disable-timestamp",
        "--use-double-quotes",
        "--extra-fields", "allow",
        "--base-class", BASE_CLASS,
        # Formatting is done once for the whole package by generate._format, with ruff in
        # isolated mode: datamodel-codegen's own formatter call would read whatever ruff
        # configuration surrounds the output folder and make the output depend on it.
        "--no-formatters",
        "--custom-file-header", header,
    ]  # fmt: skip


def generate_models(
    spec: dict[str, Any], out_dir: Path, header: str, display: dict[str, str] | None = None
) -> ModelIndex:
    """Run datamodel-codegen on `spec` (already normalised) into `out_dir`; index the classes.

    `display` maps class names to the names users should see (`ChatCompletionChunkChoice` ->
    `Choice`): the classes keep a unique name in the package, and show the other one.
    """
    with tempfile.TemporaryDirectory(prefix="openai-compat-gen-") as tmp:
        spec_file = Path(tmp) / "spec.json"
        # YAML turns bare dates in examples into date objects; they were strings in the file.
        spec_file.write_text(json.dumps(model_input(spec), default=str), encoding="utf-8")
        result = subprocess.run(
            datamodel_codegen_args(spec_file, out_dir, header),
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise CodegenError(
            f"datamodel-codegen failed (exit {result.returncode}):\n{result.stderr[-4000:]}"
        )
    index = index_models(out_dir)
    _set_display_names(out_dir, index, display or {})
    return index


def _set_display_names(out_dir: Path, index: ModelIndex, display: dict[str, str]) -> None:
    by_module: dict[str, list[tuple[str, str]]] = {}
    for key, shown in sorted(display.items()):
        name = class_name_for_key(key)
        if name in index.module_of:
            by_module.setdefault(index.module_of[name], []).append((name, shown))
    for module, names in by_module.items():
        path = out_dir / f"{module}.py"
        lines = [
            "",
            "# The name openai-python gives this type (its class name here must be unique).",
            *(f'{name}.__name__ = {name}.__qualname__ = "{shown}"' for name, shown in names),
        ]
        text = path.read_text(encoding="utf-8")
        names = [(n, shown) for n, shown in names if f"class {n}(" in text]  # aliases: no name
        if not names:
            continue
        lines = lines[:2] + [f'{n}.__name__ = {n}.__qualname__ = "{shown}"' for n, shown in names]
        # ...and is found under it too, so pickling (which looks classes up by name) works.
        lines += [f"{shown} = {n}" for n, shown in names if not _binds(text, shown)]
        path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


def _binds(text: str, name: str) -> bool:
    """Whether module source `text` already binds `name` at top level."""
    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if any((a.asname or a.name).split(".")[0] == name for a in node.names):
                return True
        elif name in _defined_names(node) or (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
        ):
            return True
    return False


def index_models(models_dir: Path) -> ModelIndex:
    """Read the generated modules and record which top-level classes each defines."""
    homes: dict[str, list[str]] = {}
    for path in sorted(models_dir.glob("*.py")):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            for name in _defined_names(node):
                homes.setdefault(name, []).append(path.stem)
    # datamodel-codegen may define the same class name in several modules (a union and the
    # modules of its inline variants); the public name belongs to the module named after it.
    return ModelIndex(module_of={name: _home(name, mods) for name, mods in homes.items()})


def _defined_names(node: ast.stmt) -> list[str]:
    """Classes and type aliases (`X = TypeAliasType("X", ...)`) a module statement defines."""
    if isinstance(node, ast.ClassDef):
        return [node.name]
    if (
        isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "TypeAliasType"
    ):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    return []


def _home(class_name: str, modules: list[str]) -> str:
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", class_name).lower()
    exact = [m for m in modules if m.replace("_", "") == snake.replace("_", "")]
    return (exact or modules)[0]
