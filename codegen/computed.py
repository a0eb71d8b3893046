"""Computed properties: spec fields that openai-python's models compute instead of reading.

The OpenAI spec lists `Response.output_text` as an optional string, "an SDK convenience";
openai-python makes it a property (`-> str`, every output text joined) and servers do not send
it. The generator emits such a field as a typed property that delegates to a function of the
runtime (`openai_compat._runtime._computed`), so type checkers and `make gen` output agree with
what the object does. A value a server does send under that name is kept as an extra field
(`model_extra`, `to_dict()`), as on openai-python's models.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from .errors import CodegenError
from .models import ModelIndex

RUNTIME_MODULE = "openai_compat._runtime._computed"


@dataclass(frozen=True)
class ComputedProperty:
    schema: str  # the component schema key whose class has the field
    field: str
    returns: str  # the property's annotation
    function: str  # in RUNTIME_MODULE, called with the model
    doc: str


# spec name -> the fields that become properties
COMPUTED: dict[str, tuple[ComputedProperty, ...]] = {
    "openai": (
        ComputedProperty(
            schema="Response",
            field="output_text",
            returns="str",
            function="response_output_text",
            doc='Every `output_text` part of the output messages, joined ("" when there is none).',
        ),
    ),
}


def apply_computed_properties(models_dir: Path, index: ModelIndex, spec_name: str) -> None:
    """Replace each listed field of the generated models by its property."""
    for prop in COMPUTED.get(spec_name, ()):
        class_name = index.schema_class(prop.schema)
        if class_name is None:
            raise CodegenError(f"computed property {prop.schema}.{prop.field}: no class generated")
        path = models_dir / f"{index.module_of[class_name]}.py"
        path.write_text(_with_property(path.read_text(encoding="utf-8"), class_name, prop))


def _with_property(source: str, class_name: str, prop: ComputedProperty) -> str:
    """`source` without the field, with the property at the end of the class body."""
    tree = ast.parse(source)
    cls = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name), None)
    field = next(
        (
            node
            for node in (cls.body if cls is not None else ())
            if isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == prop.field
        ),
        None,
    )
    if cls is None or cls.end_lineno is None or field is None or field.end_lineno is None:
        raise CodegenError(f"computed property {class_name}.{prop.field}: the field is missing")
    lines = source.splitlines()
    indent = " " * field.col_offset
    lines[cls.end_lineno : cls.end_lineno] = [
        "",
        f"{indent}@property",
        f"{indent}def {prop.field}(self) -> {prop.returns}:",
        f'{indent}    """{prop.doc}"""',
        f"{indent}    return {prop.function}(self)",
    ]
    del lines[field.lineno - 1 : field.end_lineno]
    future = next(i for i, line in enumerate(lines) if line.startswith("from __future__"))
    lines.insert(future + 1, f"\nfrom {RUNTIME_MODULE} import {prop.function}")
    return "\n".join(lines) + "\n"
