"""Computed properties: a listed spec field is generated as a typed property that calls the
runtime, at the end of its class; a field the generator cannot find stops generation."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from codegen.computed import COMPUTED, RUNTIME_MODULE, ComputedProperty, _with_property
from codegen.errors import CodegenError
from codegen.generate import GENERATED_DIR

PROP = ComputedProperty(schema="Thing", field="total", returns="str", function="f", doc="Doc.")

SOURCE = '''from __future__ import annotations

from typing import Annotated

from pydantic import Field


class Thing(BaseModel):
    name: str
    total: Annotated[
        str | None,
        Field(description="spread over lines"),
    ] = None
    after: int | None = None


class Other(BaseModel):
    total: int
'''


def test_the_field_becomes_a_property_at_the_end_of_its_class() -> None:
    out = _with_property(SOURCE, "Thing", PROP)
    tree = ast.parse(out)
    thing, other = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    fields = [n.target.id for n in thing.body if isinstance(n, ast.AnnAssign)]  # type: ignore[union-attr]
    assert fields == ["name", "after"]
    prop = thing.body[-1]
    assert isinstance(prop, ast.FunctionDef) and prop.name == "total"
    assert ast.unparse(prop.returns) == "str"  # type: ignore[arg-type]
    assert "return f(self)" in ast.unparse(prop)
    assert [n.target.id for n in other.body] == ["total"]  # type: ignore[attr-defined]
    assert f"from {RUNTIME_MODULE} import f" in out


def test_a_missing_field_is_an_error_naming_it() -> None:
    with pytest.raises(CodegenError, match=r"Thing\.missing"):
        _with_property(SOURCE, "Thing", ComputedProperty("Thing", "missing", "str", "f", "d"))


def test_the_committed_models_carry_the_properties() -> None:
    for prop in COMPUTED["openai"]:
        module = Path(GENERATED_DIR) / "openai" / "models" / "response.py"
        text = module.read_text(encoding="utf-8")
        assert f"def {prop.field}(self) -> {prop.returns}:" in text
        assert f"    {prop.field}:" not in text
