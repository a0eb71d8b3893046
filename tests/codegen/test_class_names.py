"""No degenerate class names in the generated tree.

Every class and type alias under generated/ is listed. A name the generator made up (not a
component key of the spec) must carry its parent: never a bare generic word (`Datum`, `Item`,
`Model1`), never a number to tell it from another (`...Request2`), never a collision suffix
(`CitationModel`). Names the spec itself chose are the spec's; the few of those that are
numbered are listed below - they are openai-python's business to rename (the name map), and the
list only shrinks: a listed name that is no longer generated must leave the list.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from codegen.generate import GENERATED_DIR
from codegen.models import class_name_for_key, index_models
from codegen.normalize import normalize
from codegen.typemap import prepared_spec

GENERIC = re.compile(r"(Datum|Data|Item|Items|Model|Object|Variant|Value|Type)\d*")
NUMBERED = re.compile(r".*[A-Za-z]\d+")
COLLISION_SUFFIX = re.compile(r".+Model\d*")
# Degenerate-looking names that are the spec's own component keys (`ConversationParam-2`,
# `GrammarSyntax1`, `Item`); `Model` is also openai-python's name (`openai.types.Model`).
SPEC_CHOSEN = {
    "BetaConversationParam2", "BetaGrammarSyntax1", "BetaMessagePhase2", "BetaMultiAgentAction1",
    "ConversationParam2", "GrammarSyntax1", "ImageRefParam2", "MessagePhase2",
    "Item", "Model",
}  # fmt: skip


# Names generated models take from openai-python (spec/openai-python-*.types.json): its choice.
OPENAI_PYTHON_NAMES = {
    entry["name"]
    for entry in json.loads(
        next(
            (Path(__file__).resolve().parents[2] / "spec").glob("openai-python-*.types.json")
        ).read_text(encoding="utf-8")
    )["types"]
}

DOUBLED = re.compile(r"([A-Z]\w*?[a-z]\w*?)\1")


def degenerate(name: str, invented: bool = True) -> str | None:
    """Why `name` is degenerate, or None. A spec key ending in `Model` (`GraderLabelModel`) is
    the spec's word; made up by a generator, that suffix is how it tells two classes apart."""
    if GENERIC.fullmatch(name):
        return "a bare generic word"
    if NUMBERED.fullmatch(name) and not re.search(r"(Gpt|Mp|Pcm|V|H|S)\d+$", name):
        return "numbered"
    if invented and COLLISION_SUFFIX.fullmatch(name):
        return "a collision suffix"
    if invented and DOUBLED.fullmatch(name):
        return "its parent's name twice"
    if invented and re.fullmatch(r"Spec([A-Z]\w*)?", name):
        return "named after the generator's input file (spec.json)"
    return None


def test_the_rule_catches_what_it_must() -> None:
    for bad in ("Datum", "Item", "Model1", "CreateThingRequest2", "CitationModel",
                "ChatCompletionStreamOptionsChatCompletionStreamOptions",
                "VectorStoreFileAttributesVectorStoreFileAttributes", "Spec",
                "SpecContainerRetrieveResponse"):  # fmt: skip
        assert degenerate(bad), bad
    for good in ("ChatCompletionMessageListDataItem", "CreateChatCompletionRequestAudio", "Pcm16",
                 "SpecialTokens"):  # fmt: skip
        assert degenerate(good) is None, good


@pytest.mark.parametrize(("package", "pin"), [("openai", "openai"), ("azure", "azure-openai")])
def test_no_invented_class_name_is_degenerate(
    package: str, pin: str, pinned_spec: Any, openai_document: Any, azure_document: Any
) -> None:
    document = openai_document if pin == "openai" else azure_document
    # The spec as generation reads it: normalised, component keys renamed to openai-python's.
    prepared, _ = prepared_spec(pinned_spec(pin), pin)
    spec_keys = {class_name_for_key(k) for k in prepared["components"]["schemas"]}
    names = set(index_models(GENERATED_DIR / package / "models").module_of)
    assert len(names) > 100
    found = degenerate_names(names, document)
    assert found == {}, f"degenerate names in generated/{package}: {found}"
    assert spec_keys <= names, "every component schema has its class"


def degenerate_names(names: set[str], document: dict[str, Any]) -> dict[str, str]:
    """The degenerate names among the class names generated from `document`, with why."""
    original = {class_name_for_key(k) for k in document["components"]["schemas"]}
    found = {}
    for name in sorted(names):
        if name in OPENAI_PYTHON_NAMES:
            continue  # openai-python's own name (`TestingCriterionEvalGraderScoreModel`), taken as is
        why = degenerate(name, invented=name not in original)
        if why and not (name in original and name in SPEC_CHOSEN):
            found[name] = why
    for name in [n for n, why in found.items() if why == "its parent's name twice"]:
        if _parent_plus_field(name[: len(name) // 2], normalize(document)):
            del found[name]  # `InputAudio.input_audio` -> `InputAudioInputAudio`: parent + field
    return found


def _parent_plus_field(half: str, spec: dict[str, Any]) -> bool:
    """True when schema `half` has a property of that same name (`InputAudio.input_audio`)."""
    for key, schema in spec["components"]["schemas"].items():
        if class_name_for_key(key) != half or not isinstance(schema, dict):
            continue
        parts = [schema, *[p for p in schema.get("allOf") or [] if isinstance(p, dict)]]
        fields = {class_name_for_key(f) for p in parts for f in p.get("properties") or {}}
        return half in fields
    return False


def test_the_spec_chosen_list_only_holds_generated_names() -> None:
    names = set(index_models(GENERATED_DIR / "openai" / "models").module_of)
    stale = SPEC_CHOSEN - names
    assert not stale, f"no longer generated, remove from SPEC_CHOSEN: {sorted(stale)}"


def test_no_test_reads_the_shared_spec_mirror_directly() -> None:
    """Specs are found by the loader (pins, OPENAI_COMPAT_SPEC_MIRROR), never by a path into
    ../shared: a checkout elsewhere, or a mirror somewhere else, must run the same tests."""
    tests = Path(__file__).resolve().parent.parent
    pattern = re.compile(r"""["']shared["']\s*/|/\s*["']shared["']|\.\./shared|/work/shared""")
    offenders = [
        f"{path.relative_to(tests)}:{n}"
        for path in sorted(tests.rglob("*.py"))
        if path != Path(__file__).resolve()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
