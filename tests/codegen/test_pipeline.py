"""The generation pipeline end to end: determinism, `make check` failing when it must, the pin
hash check, a bump rehearsal on the previous OpenAI pin, and specs that must be refused clearly.

Two tests generate the full OpenAI spec (~15 s each) and are marked slow; the rest use the
Azure spec or small inline specs.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from codegen import check as check_module
from codegen.check import check, compare_trees
from codegen.document import read_document
from codegen.generate import GENERATED_DIR, generate, generate_all
from codegen.models import class_name_for_key, index_models
from codegen.pins import REPO_ROOT, Pin, load_pin, write_pin

Cli = Callable[..., Any]
PREVIOUS_OPENAI = "openai-2026-07-23"  # a history pin (tests/codegen/history_pins)


def test_generation_is_deterministic(
    tmp_path: Path, codegen_cli: Cli, pinned_spec: Callable[[str], Path]
) -> None:
    spec = str(pinned_spec("azure-openai"))
    for run in ("first", "second"):
        result = codegen_cli("generate", "--spec", spec, "--out", str(tmp_path / run))
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "inference: operations 6/6, schemas 117/117"
    first, second = tmp_path / "first" / "inference", tmp_path / "second" / "inference"
    assert len(list(first.rglob("*.py"))) > 100
    assert compare_trees(first, second, "inference") == []


@pytest.mark.slow
def test_openai_generation_reproduces_the_committed_tree(
    tmp_path: Path, pinned_spec: Callable[[str], Path]
) -> None:
    """One fresh run of the OpenAI spec gives, byte for byte, the committed generated/openai
    (itself the output of another run, on another machine)."""
    report = generate(pinned_spec("openai"), tmp_path, "openai")
    assert report.complete
    assert compare_trees(tmp_path / "openai", GENERATED_DIR / "openai", "openai") == []


@pytest.fixture
def azure_only(tmp_path: Path) -> Path:
    """A spec dir holding only the Azure pin (so `make check` logic runs in seconds)."""
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    write_pin(load_pin("azure-openai"), spec_dir)
    return spec_dir


def test_check_passes_on_a_faithful_tree_and_catches_a_hand_edit(
    tmp_path: Path,
    azure_only: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(check_module, "EXTRA_TREES", {})  # the docs tree describes all pins
    tree = tmp_path / "generated"
    generate_all(tree, spec_dir=azure_only)
    # Azure's client is OpenAI's tree: its package is models and an operations table only.
    assert sorted(p.name for p in (tree / "azure").iterdir()) == [
        "__init__.py",
        "models",
        "operations.py",
    ]
    table = (tree / "azure" / "operations.py").read_text()
    assert "OPERATIONS: tuple[Operation, ...] = (" in table and "import_module" not in table
    assert check(tree, spec_dir=azure_only) == 0

    target = tree / "azure" / "models" / "chat_completion_response_message.py"
    target.write_text(target.read_text().replace("str | None", "str", 1))
    shutil.copy(target, tree / "azure" / "models" / "hand_added.py")
    assert check(tree, spec_dir=azure_only) == 1
    err = capsys.readouterr().err
    assert "generated/azure/models/chat_completion_response_message.py: differs" in err
    # The diff shows the hand edit: the committed line, then what the pins produce.
    assert any(line.startswith("+") and "str | None" in line for line in err.splitlines())
    assert "generated/azure/models/hand_added.py: not produced by the pins" in err
    assert "never edit generated/ by hand" in err


def test_check_fails_clearly_on_a_wrong_pin_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pinned_spec: Callable[[str], Path]
) -> None:
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    pin = load_pin("azure-openai")
    wrong = "0" * 64
    write_pin(Pin(pin.name, pin.url, wrong, pin.commit, pin.upstream, pin.format), spec_dir)
    # The URL is never fetched: the error comes from the places looked (download is refused
    # for the example.invalid URL below).
    data = json.loads((spec_dir / "azure-openai.lock.json").read_text())
    data["url"] = "https://example.invalid/inference.json"
    (spec_dir / "azure-openai.lock.json").write_text(json.dumps(data))
    assert check(tmp_path / "generated", spec_dir=spec_dir) == 1
    err = capsys.readouterr().err
    actual = pin.sha256
    assert "spec 'azure-openai'" in err
    assert f"no file with sha256 {wrong}" in err
    assert f"{pinned_spec('azure-openai')} has sha256 {actual}" in err
    assert "Looked in:" in err and "shared/specs" in err


@pytest.mark.slow
def test_bump_rehearsal_on_the_previous_openai_pin(
    tmp_path: Path,
    codegen_cli: Cli,
    pinned_spec: Callable[[str], Path],
    history_spec: Callable[[str], Path],
) -> None:
    result = codegen_cli(
        "generate",
        "--spec",
        str(history_spec(PREVIOUS_OPENAI)),
        "--out",
        str(tmp_path),
        "--name",
        "openai",
    )
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip().splitlines()[0]
    counts = [part.split()[-1] for part in line.removeprefix("openai: ").split(", ")]
    for done, total in (c.split("/") for c in counts):
        assert done == total and int(total) > 0, line
    assert "not generated" not in result.stdout
    # Names are stable across the bump: every model of the previous pin is still generated
    # under the same name unless the spec itself removed its schema.
    gone = _model_names(tmp_path / "openai" / "models") - _model_names(
        REPO_ROOT / "generated" / "openai" / "models"
    )
    current = read_document(pinned_spec("openai"))["components"]["schemas"]
    current_keys = {class_name_for_key(key) for key in current}
    assert gone, "the rehearsal pair removes schemas; a bump that removes nothing proves less"
    assert not {name for name in gone if name in current_keys}


def _model_names(models_dir: Path) -> set[str]:
    return set(index_models(models_dir).module_of)


# -- specs that must be refused with a clear error --------------------------------------------

THING = {"type": "object", "properties": {"a": {"type": "string"}}}


def _spec(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {"Thing": THING}},
    }


def _get(op_id: str, ref: str = "#/components/schemas/Thing") -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": ref}}}
    return {
        "get": {
            "operationId": op_id,
            "responses": {"200": {"description": "ok", "content": content}},
        }
    }


BAD_SPECS: dict[str, tuple[str, str]] = {
    # name: (file text, what the error must say)
    "not_openapi.yaml": (
        "just: a mapping\n",
        "expected an OpenAPI 3.0 or 3.1 document (field 'openapi'), got None",
    ),
    "not_a_mapping.yaml": ("- a\n- list\n", "expected an OpenAPI object, got list"),
    "swagger2.yaml": (
        'swagger: "2.0"\ninfo: {title: t, version: "1"}\npaths: {}\n',
        "got Swagger/OpenAPI '2.0'",
    ),
    "openapi2.yaml": ('openapi: "2.0"\npaths: {}\n', "got '2.0'"),
    "invalid.yaml": ("openapi: 3.1.0\npaths: [unclosed\n", "not valid JSON or YAML"),
    "invalid.json": ('{"openapi": "3.1.0",', "not valid JSON or YAML"),
    "missing_ref.json": (
        json.dumps(_spec({"/things": _get("listThings", "#/components/schemas/Missing")})),
        "$ref to something the document does not define: #/components/schemas/Missing "
        "(used at #/paths/~1things/get/responses/200/content/application~1json/schema)",
    ),
    "same_method.json": (
        json.dumps(_spec({"/things": _get("listThings"), "/things/": _get("listThingsAgain")})),
        "operations 'listThings' and 'listThingsAgain' both map to client method 'things.list'",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_SPECS))
def test_bad_specs_are_refused_with_a_clear_error(
    name: str, tmp_path: Path, codegen_cli: Cli
) -> None:
    text, message = BAD_SPECS[name]
    spec = tmp_path / name
    spec.write_text(text)
    out = tmp_path / "out"
    result = codegen_cli("generate", "--spec", str(spec), "--out", str(out))
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    if name != "same_method.json":
        assert str(spec) in result.stderr  # names the file
    assert not (out / spec.stem).exists()


def test_a_missing_spec_file_is_a_clear_error(tmp_path: Path, codegen_cli: Cli) -> None:
    missing = tmp_path / "nowhere.yaml"
    result = codegen_cli("generate", "--spec", str(missing), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {missing}: cannot read the file")
    assert "Traceback" not in result.stderr


def test_a_failed_generation_leaves_the_previous_output(tmp_path: Path, codegen_cli: Cli) -> None:
    good = tmp_path / "things.json"
    good.write_text(json.dumps(_spec({"/things": _get("listThings")})))
    assert (
        codegen_cli("generate", "--spec", str(good), "--out", str(tmp_path / "out")).returncode == 0
    )
    before = sorted(p.name for p in (tmp_path / "out" / "things").rglob("*.py"))
    good.write_text(json.dumps(_spec({"/things": _get("listThings"), "/things/": _get("again")})))
    assert (
        codegen_cli("generate", "--spec", str(good), "--out", str(tmp_path / "out")).returncode == 2
    )
    assert sorted(p.name for p in (tmp_path / "out" / "things").rglob("*.py")) == before
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["things"]  # no staging left behind
