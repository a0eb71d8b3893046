"""Tests of `python -m codegen diff`: detection, classification by direction, rendering, CLI.

Hand-made pairs in tests/codegen/specs/ hold one instance of every change kind; a rehearsal on
the real OpenAI pins (previous -> current) checks changes verified by reading both specs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen.diff import diff_documents, diff_files, main, render, spec_path
from codegen.diff_model import Change, DiffReport, Kind, Severity, Usage
from codegen.diff_names import NO_NAMING_NOTE, class_name
from codegen.diff_schema import SchemaComparer, Site
from codegen.document import read_document
from codegen.errors import PinError, SpecFormatError
from codegen.pins import Pin, locate, sha256_of, write_pin

SPECS = Path(__file__).parent / "specs"
B, D, N = Severity.BREAKING, Severity.DEPRECATION, Severity.NON_BREAKING

# The previous and current OpenAI pins, found by hash in the spec mirror (see codegen/pins.py).
OPENAI_OLD = Pin(
    "openai",
    "https://raw.githubusercontent.com/openai/openai-openapi/5c044be/openapi.yaml",
    "b58d6cd94c881bdfd6a940bdc4db009e2c9b455accf8fd6a8b712458bc30c0da",
)
OPENAI_NEW_SHA = "db5d7478feae10b4d331834c60d9765a8aa042e38419f9b1694288c11aa8ebc8"


def find(report: DiffReport, subject: str, location: str, kind: Kind) -> Change:
    matches = [
        c
        for c in report.all_changes()
        if (c.subject, c.location, c.kind) == (subject, location, kind)
    ]
    assert len(matches) == 1, f"{subject} {location} {kind}: {matches}"
    return matches[0]


@pytest.fixture(scope="module")
def pets() -> DiffReport:
    return diff_files(SPECS / "pets_old.yaml", SPECS / "pets_new.yaml", "old", "new")


# --- operations -----------------------------------------------------------------------------


def test_operations_added_and_removed(pets: DiffReport) -> None:
    assert pets.operations_added == ["GET /stores"]
    assert pets.operations_removed == ["DELETE /pets/{pet_id}"]
    assert find(pets, "DELETE /pets/{pet_id}", "", Kind.OPERATION_REMOVED).severity is B
    assert find(pets, "GET /stores", "", Kind.OPERATION_ADDED).severity is N


@pytest.mark.parametrize(
    ("location", "kind", "severity"),
    [
        ("query:owner", Kind.PARAMETER_ADDED_REQUIRED, B),
        ("query:sort", Kind.PARAMETER_ADDED_OPTIONAL, N),
        ("query:cursor", Kind.PARAMETER_REMOVED, B),
        ("query:kind", Kind.ENUM_VALUE_ADDED, N),
        ("response 200(application/json).etag", Kind.PROPERTY_REMOVED, B),
    ],
)
def test_operation_changes(pets: DiffReport, location: str, kind: Kind, severity: Severity) -> None:
    assert find(pets, "GET /pets", location, kind).severity is severity


def test_operation_deprecated(pets: DiffReport) -> None:
    assert find(pets, "POST /pets", "", Kind.DEPRECATED).severity is D


def test_path_level_parameters_unchanged_are_not_reported(pets: DiffReport) -> None:
    assert not [c for c in pets.all_changes() if "X-Trace" in c.location]
    assert not [c for c in pets.all_changes() if c.location == "path:pet_id"]


# --- schemas: every kind, judged by direction -------------------------------------------------


def test_usage_is_found_by_walking_refs(pets: DiffReport) -> None:
    usage = pets.schema_usage
    assert usage["Pet"] == Usage.RESPONSE
    assert usage["PetCreate"] == Usage.REQUEST
    assert usage["Owner"] == Usage.REQUEST | Usage.RESPONSE
    assert usage["AdoptionEvent"] == Usage.RESPONSE  # a webhook payload is read by the user
    assert usage["Ball"] == Usage.RESPONSE  # through Pet.toy
    assert usage["Legacy"] == Usage.NONE


def test_schemas_added_and_removed(pets: DiffReport) -> None:
    assert pets.schemas_added == ["Bone", "Store"]
    assert pets.schemas_removed == ["Legacy"]
    assert find(pets, "Legacy", "", Kind.SCHEMA_REMOVED).severity is B
    assert find(pets, "Store", "", Kind.SCHEMA_ADDED).severity is N


@pytest.mark.parametrize(
    ("subject", "location", "kind", "severity"),
    [
        # Response schema: what readers lose or must newly handle breaks them.
        ("Pet", "tag", Kind.PROPERTY_REMOVED, B),
        ("Pet", "age", Kind.PROPERTY_ADDED_OPTIONAL, N),
        ("Pet", "born", Kind.BECAME_OPTIONAL, B),
        ("Pet", "status", Kind.ENUM_VALUE_REMOVED, N),
        ("Pet", "status", Kind.ENUM_VALUE_ADDED, N),
        ("Pet", "name", Kind.NULLABLE_ADDED, B),  # 3.1 type: [string, "null"]
        ("Pet", "owner_email", Kind.NULLABLE_ADDED, B),  # anyOf with {type: null}
        ("Pet", "nickname", Kind.NULLABLE_REMOVED, N),
        ("Pet", "weight", Kind.NULLABLE_REMOVED, N),
        ("Pet", "toy", Kind.VARIANT_ADDED, N),
        ("Pet", "stats.likes", Kind.PROPERTY_ADDED_OPTIONAL, N),
        # Request schema: what senders can no longer send, or now must send, breaks them.
        ("PetCreate", "species", Kind.PROPERTY_ADDED_REQUIRED, B),
        ("PetCreate", "nickname", Kind.PROPERTY_ADDED_OPTIONAL, N),
        ("PetCreate", "kind", Kind.ENUM_VALUE_REMOVED, B),
        ("PetCreate", "tags[]", Kind.ENUM_VALUE_REMOVED, B),
        ("PetCreate", "weight", Kind.TYPE_NARROWED, B),  # number -> integer
        ("PetCreate", "breed", Kind.TYPE_WIDENED, N),  # string -> string | integer
        ("PetCreate", "color", Kind.NULLABLE_REMOVED, B),
        ("PetCreate", "legacy_code", Kind.DEPRECATED, D),
        ("PetCreate", "model", Kind.OPEN_ENUM_VALUE_REMOVED, N),  # any string still accepted
        # Both directions: the worse side wins.
        ("Owner", "contact", Kind.ENUM_VALUE_REMOVED, B),
        ("AdoptionEvent", "adopted_at", Kind.PROPERTY_ADDED_OPTIONAL, N),
    ],
)
def test_schema_change_classification(
    pets: DiffReport, subject: str, location: str, kind: Kind, severity: Severity
) -> None:
    assert find(pets, subject, location, kind).severity is severity


def test_details_name_values_and_types(pets: DiffReport) -> None:
    assert find(pets, "Pet", "status", Kind.ENUM_VALUE_REMOVED).detail == '"pending"'
    assert find(pets, "Pet", "toy", Kind.VARIANT_ADDED).detail == "`Bone`"
    assert find(pets, "PetCreate", "weight", Kind.TYPE_NARROWED).detail == "`number` -> `integer`"


def test_unchanged_parts_produce_nothing(pets: DiffReport) -> None:
    subjects = {c.subject for c in pets.schema_changes}
    assert subjects == {"AdoptionEvent", "Owner", "Pet", "PetCreate"}
    assert not [c for c in pets.schema_changes if c.location in ("id", "owner", "stats.visits")]


def test_openapi_30_nullable() -> None:
    report = diff_files(SPECS / "nullable30_old.yaml", SPECS / "nullable30_new.yaml")
    assert find(report, "Thing", "label", Kind.NULLABLE_REMOVED).severity is N
    assert find(report, "Thing", "size", Kind.NULLABLE_ADDED).severity is B
    assert find(report, "ThingCreate", "label", Kind.NULLABLE_REMOVED).severity is B
    assert find(report, "ThingCreate", "size", Kind.NULLABLE_ADDED).severity is N
    assert len(report.all_changes()) == 4


# --- the schema comparer on small inline schemas ----------------------------------------------


def compare(old: dict[str, Any], new: dict[str, Any], usage: Usage) -> list[tuple[Kind, Severity]]:
    changes = SchemaComparer({}).compare(old, new, Site("S", "", usage))
    return [(c.kind, c.severity) for c in changes]


def test_union_replacing_a_primitive_by_an_object_breaks_both_directions() -> None:
    old = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    new = {"anyOf": [{"$ref": "#/components/schemas/Err"}, {"type": "null"}]}
    assert compare(old, new, Usage.RESPONSE) == [(Kind.TYPE_WIDENED, B), (Kind.TYPE_NARROWED, N)]
    assert compare(old, new, Usage.REQUEST) == [(Kind.TYPE_WIDENED, N), (Kind.TYPE_NARROWED, B)]


def test_removed_union_variant_breaks_senders_only() -> None:
    old = {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}
    new = {"oneOf": [{"$ref": "#/components/schemas/A"}]}
    assert compare(old, new, Usage.REQUEST) == [(Kind.VARIANT_REMOVED, B)]
    assert compare(old, new, Usage.RESPONSE) == [(Kind.VARIANT_REMOVED, N)]


def test_ref_to_another_schema_is_a_type_change() -> None:
    old = {"$ref": "#/components/schemas/A"}
    new = {"$ref": "#/components/schemas/B"}
    assert compare(old, new, Usage.RESPONSE) == [(Kind.TYPE_CHANGED, B)]


def test_enum_restricting_a_free_string_is_a_narrowing() -> None:
    old = {"type": "string"}
    new = {"type": "string", "enum": ["a", "b"]}
    assert compare(old, new, Usage.REQUEST) == [(Kind.TYPE_NARROWED, B)]
    assert compare(new, old, Usage.REQUEST) == [(Kind.TYPE_WIDENED, N)]


def test_allof_inline_parts_are_merged_and_bases_tracked() -> None:
    base = {"$ref": "#/components/schemas/Base"}
    old = {"allOf": [base, {"type": "object", "properties": {"a": {"type": "string"}}}]}
    new = {
        "allOf": [{"type": "object", "properties": {"b": {"type": "string"}}, "required": ["b"]}]
    }
    new["allOf"].append({"$ref": "#/components/schemas/Other"})
    comparer = SchemaComparer({"Other": {"type": "object", "required": ["x"], "properties": {}}})
    changes = comparer.compare(old, new, Site("S", "", Usage.REQUEST))
    assert [(c.location, c.kind, c.severity) for c in changes] == [
        ("", Kind.BASE_REMOVED, B),
        ("", Kind.BASE_ADDED_REQUIRED, B),
        ("a", Kind.PROPERTY_REMOVED, B),
        ("b", Kind.PROPERTY_ADDED_REQUIRED, B),
    ]


def test_undeprecation_and_identical_schemas() -> None:
    assert compare({"deprecated": True}, {}, Usage.REQUEST) == [(Kind.UNDEPRECATED, N)]
    same = {"type": "object", "properties": {"a": {"type": "string"}}}
    assert compare(same, dict(same), Usage.RESPONSE) == []


# --- rendering and the generated Python API ----------------------------------------------------


def test_class_names_follow_datamodel_codegen() -> None:
    assert class_name("CreateChatCompletionRequest") == "CreateChatCompletionRequest"
    assert class_name("ConversationParam-2") == "ConversationParam2"
    assert class_name("Beta_AgentTagParam") == "BetaAgentTagParam"
    assert class_name("createThing") == "CreateThing"


def test_markdown_sections_and_labels(pets: DiffReport) -> None:
    text = render(pets)
    assert text.startswith("## OpenAPI diff: `old` → `new`\n")
    assert "**Breaking changes found.**" in text
    assert "- **breaking** `DELETE /pets/{pet_id}` (`deletePet`)" in text
    assert "  - **breaking** `species`: required property added: `string`" in text
    assert "  - *deprecation* `legacy_code`: deprecated" in text
    assert "- `Pet` (response)" in text
    assert text.index("### Operations") < text.index("### Schemas")
    assert text.rstrip().endswith("(`GET /stores`)")  # the Python API section comes last


def test_python_api_section_names_classes(pets: DiffReport) -> None:
    api = render(pets).split("### Effect on the generated Python API")[1]
    assert "- `Legacy` removed (**breaking**)" in api
    assert "- `Store` added" in api
    assert "- `PetCreate` changed (**breaking**)" in api
    assert "- `AdoptionEvent` changed (non-breaking)" in api


def _fake_naming(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("codegen.naming")

    def client_method_for(method: str, path: str, operation_id: str) -> str:
        return f"{method}_{operation_id}"

    module.client_method_for = client_method_for  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "codegen.naming", module)


def test_client_methods_come_from_codegen_naming(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_naming(monkeypatch)
    report = diff_files(SPECS / "pets_old.yaml", SPECS / "pets_new.yaml")
    text = render(report)
    assert "- `get_listStores` added (`GET /stores`)" in text
    assert "- `delete_deletePet` removed (`DELETE /pets/{pet_id}`, **breaking**)" in text
    assert "- `get_listPets` changed (`GET /pets`, **breaking**)" in text
    assert NO_NAMING_NOTE not in text


def test_without_codegen_naming_operation_ids_are_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "codegen.naming", None)  # import now raises ImportError
    report = diff_files(SPECS / "pets_old.yaml", SPECS / "pets_new.yaml")
    text = render(report)
    assert NO_NAMING_NOTE in text
    assert "- `listStores` added (`GET /stores`)" in text


def test_renamed_method_is_breaking(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_naming(monkeypatch)
    old = read_document(SPECS / "pets_old.yaml")
    new = read_document(SPECS / "pets_old.yaml")
    new["paths"]["/pets"]["get"]["operationId"] = "listAllPets"
    report = diff_documents(old, new)
    assert find(report, "GET /pets", "", Kind.METHOD_RENAMED).severity is B
    assert find(report, "GET /pets", "", Kind.OPERATION_ID_CHANGED).severity is N
    assert "- `get_listPets` renamed to `get_listAllPets` (`GET /pets`, **breaking**)" in render(
        report
    )


def test_no_changes() -> None:
    doc = read_document(SPECS / "pets_old.yaml")
    report = diff_documents(doc, doc)
    assert report.all_changes() == []
    assert "No changes to operations or schemas." in render(report)


def test_output_is_stable() -> None:
    first = render(diff_files(SPECS / "pets_old.yaml", SPECS / "pets_new.yaml"))
    second = render(diff_files(SPECS / "pets_old.yaml", SPECS / "pets_new.yaml"))
    assert first.encode() == second.encode()


# --- command line ------------------------------------------------------------------------------


def test_cli_prints_markdown_and_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    old, new = str(SPECS / "pets_old.yaml"), str(SPECS / "pets_new.yaml")
    assert main([old, new]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## OpenAPI diff: `pets_old.yaml sha256:")
    assert main([old, new, "--fail-on-breaking"]) == 1
    assert main([old, old, "--fail-on-breaking"]) == 0


def test_cli_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "diff.md"
    old, new = str(SPECS / "nullable30_old.yaml"), str(SPECS / "nullable30_new.yaml")
    assert main([old, new, "--output", str(target)]) == 0
    assert "`size`: became nullable" in target.read_text(encoding="utf-8")
    assert capsys.readouterr().out == (
        f"2 breaking, 0 deprecation(s), 2 non-breaking change(s); written to {target}\n"
    )


def test_cli_bad_input_names_the_argument(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "missing.yaml"), str(SPECS / "pets_new.yaml")]) == 2
    assert "missing.yaml" in capsys.readouterr().err
    not_openapi = tmp_path / "x.yaml"
    not_openapi.write_text("hello: world\n", encoding="utf-8")
    assert main([str(not_openapi), str(SPECS / "pets_new.yaml")]) == 2
    assert "expected an OpenAPI 3.0 or 3.1 document" in capsys.readouterr().err


def test_spec_path_accepts_a_pin_file(tmp_path: Path) -> None:
    spec = SPECS / "pets_old.yaml"
    pin = Pin("pets", "https://example.invalid/pets.yaml", sha256_of(spec))
    pin_file = write_pin(pin, tmp_path)
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "pets.yaml").write_bytes(spec.read_bytes())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OPENAI_COMPAT_SPEC_MIRROR", str(mirror))
        assert spec_path(str(pin_file)).read_bytes() == spec.read_bytes()
    with pytest.raises(SpecFormatError, match="neither a spec file nor a pin name"):
        spec_path(str(tmp_path / "nothing"))
    (tmp_path / "bad.lock.json").write_text("[]", encoding="utf-8")
    with pytest.raises(PinError, match="expected a JSON object"):
        spec_path(str(tmp_path / "bad.lock.json"))


# --- rehearsal on the real OpenAI pins ---------------------------------------------------------


@pytest.fixture(scope="module")
def openai() -> DiffReport:
    try:
        old = locate(OPENAI_OLD, download=False)
        new = locate(Pin("openai", "unused", OPENAI_NEW_SHA), download=False)
    except Exception as exc:  # the mirror is absent: nothing to rehearse on
        pytest.skip(f"OpenAI spec pins not in the mirror: {exc}")
    return diff_files(old, new, "5c044be", "f85dbe2")


@pytest.mark.slow
def test_openai_rehearsal_operations(openai: DiffReport) -> None:
    assert openai.operations_added == ["POST /content_provenance_checks"]
    assert openai.operations_removed == []
    assert find(openai, "POST /videos", "", Kind.DEPRECATED).severity is D


@pytest.mark.slow
def test_openai_rehearsal_schemas(openai: DiffReport) -> None:
    assert {"ProvenanceResource", "PublicProjectResidency"} <= set(openai.schemas_added)
    assert openai.schemas_removed == ["BetaConversation-2", "BetaServiceTier", "Conversation-2"]
    # ProjectCreateRequest: `geography` replaced by `residency` (a request body).
    assert find(openai, "ProjectCreateRequest", "geography", Kind.PROPERTY_REMOVED).severity is B
    added = find(openai, "ProjectCreateRequest", "residency", Kind.PROPERTY_ADDED_OPTIONAL)
    assert added.severity is N
    # ServiceTierEnum gained "fast".
    assert find(openai, "ServiceTierEnum", "", Kind.ENUM_VALUE_ADDED).detail == '"fast"'
    # A new field in a streamed chunk and in a nested inline object of usage.
    find(openai, "CreateChatCompletionStreamResponse", "obfuscation", Kind.PROPERTY_ADDED_OPTIONAL)
    find(
        openai,
        "CompletionUsage",
        "prompt_tokens_details.image_tokens",
        Kind.PROPERTY_ADDED_OPTIONAL,
    )
    # FunctionToolCallOutput.call_id left `required`: readers may now get None.
    assert find(openai, "FunctionToolCallOutput", "call_id", Kind.BECAME_OPTIONAL).severity is B


@pytest.mark.slow
def test_openai_rehearsal_python_api(openai: DiffReport) -> None:
    api = render(openai).split("### Effect on the generated Python API")[1]
    assert "- `Conversation2` removed (**breaking**)" in api
    assert "- `ProvenanceResource` added" in api
    assert "- `ProjectCreateRequest` changed (**breaking**)" in api


# --- the pull-request workflow -----------------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "spec-diff.yml"


def _workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps() -> list[dict[str, Any]]:
    steps = _workflow()["jobs"]["spec-diff"]["steps"]
    assert isinstance(steps, list)
    return steps


def makefile_targets(text: str) -> set[str]:
    """Targets of rules (`a b: deps`), not variable assignments (`A := x`)."""
    rule = re.compile(r"^([A-Za-z0-9_.-]+(?:[ \t]+[A-Za-z0-9_.-]+)*)[ \t]*:(?!=)", re.MULTILINE)
    return {t for m in rule.finditer(text) for t in m[1].split()}


def test_makefile_target_parser() -> None:
    text = "PY := python\n.PHONY: gen\ngen check: install\n\t$(PY) -m codegen gen\nX ?= 1\n"
    assert makefile_targets(text) == {".PHONY", "gen", "check"}


def test_workflow_triggers_on_spec_changes_and_may_comment() -> None:
    data = _workflow()
    trigger = data["on"] if "on" in data else data[True]  # YAML 1.1 reads `on` as True
    assert trigger["pull_request"]["paths"] == ["spec/**"]
    assert data["permissions"]["pull-requests"] == "write"
    uses = [s.get("uses", "") for s in _steps()]
    assert any(u.startswith("actions/checkout@") for u in uses)
    setup = next(s for s in _steps() if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11"


def test_workflow_make_targets_exist_in_the_makefile() -> None:
    called = {
        target
        for step in _steps()
        for target in re.findall(r"\bmake\s+([A-Za-z0-9_.-]+)", step.get("run", ""))
    }
    assert {"install", "check"} <= called
    makefile = REPO / "Makefile"
    assert makefile.is_file(), f"{makefile} is missing: the workflow calls make targets"
    assert called <= makefile_targets(makefile.read_text(encoding="utf-8"))


def _git(cwd: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "HOME": str(cwd),
        "PATH": os.environ["PATH"],
    }
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_workflow_diff_step_runs_against_the_base_branch_pin(tmp_path: Path) -> None:
    """Run the step's script in a clone whose PR branch moved a pin; origin is a local repo."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    origin, clone = tmp_path / "origin", tmp_path / "clone"
    (origin / "spec").mkdir(parents=True)
    _git(origin, "init", "-q", "-b", "main")
    write_pin(
        Pin("pets", "https://example.invalid/a.yaml", sha256_of(SPECS / "pets_old.yaml")),
        origin / "spec",
    )
    _git(origin, "add", "spec")
    _git(origin, "commit", "-qm", "base")
    _git(tmp_path, "clone", "-q", origin.as_uri(), str(clone))
    _git(clone, "checkout", "-qb", "bump")
    write_pin(
        Pin("pets", "https://example.invalid/b.yaml", sha256_of(SPECS / "pets_new.yaml")),
        clone / "spec",
    )
    _git(clone, "commit", "-qam", "bump")
    _git(clone, "update-ref", "-d", "refs/remotes/origin/main")  # the step must fetch it itself

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    step = next(s for s in _steps() if s.get("name") == "Spec diff")
    env = {
        **os.environ,
        **{k: v.replace("${{ github.base_ref }}", "main") for k, v in step["env"].items()},
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(REPO),
        "OPENAI_COMPAT_SPEC_MIRROR": str(SPECS),
        "RUNNER_TEMP": str(tmp_path / "runner"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "HOME": str(tmp_path),
    }
    done = subprocess.run(
        ["bash", "-c", step["run"]], cwd=clone, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    text = (clone / "spec-diff.md").read_text(encoding="utf-8")
    old12, new12 = sha256_of(SPECS / "pets_old.yaml")[:12], sha256_of(SPECS / "pets_new.yaml")[:12]
    assert text.startswith(f"## OpenAPI diff: `pets sha256:{old12}` → `pets sha256:{new12}`\n")
    assert "- **breaking** `DELETE /pets/{pet_id}` (`deletePet`)" in text
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == text
