"""`openai_compat.types` against the committed types map: openai-python's modules, names, kinds.

spec/openai-python-3.54.0.types.json lists every openai type reached from an operation the pinned
spec shares with openai-python, with the spec schema it matched (`make refnames-types`). Each type
is a (module, name) pair, and so is each name an `openai.types` package re-exports. A pair is
covered when `openai_compat.types.<same path>` has the name with the same kind: a pydantic model,
a TypedDict, or an alias (anything else that is not a class). Missing pairs must be listed in
dropin_types_exceptions.json with the reason; a listed pair that starts working fails the test,
so the list cannot go stale.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Any

import pydantic
import pytest
import typing_extensions

from codegen.pins import REPO_ROOT

TYPES_MAP = REPO_ROOT / "spec" / "openai-python-3.54.0.types.json"
EXCEPTIONS = Path(__file__).with_name("dropin_types_exceptions.json")
MIN_COVERAGE = 0.95


def _kind(value: Any) -> str:
    if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
        return "model"
    if typing_extensions.is_typeddict(value):
        return "typeddict"
    return "class" if isinstance(value, type) else "alias"


def in_scope_pairs() -> dict[tuple[str, str], str]:
    """(openai module, name) -> kind, for every matched type and every re-export of one."""
    mapping = json.loads(TYPES_MAP.read_text())
    kinds = {(e["module"], e["name"]): e["kind"] for e in mapping["types"]}
    pairs = dict(kinds)
    for package, names in mapping["exports"].items():
        for name, ref in names.items():
            module, original = ref.split(":")
            if (module, original) in kinds:
                pairs[(package, name)] = kinds[(module, original)]
    return pairs


def ours(module: str, name: str) -> str | None:
    """The kind `openai_compat.types` has for openai's (module, name), or None if missing."""
    public = "openai_compat.types" + module[len("openai.types") :]
    try:
        value = getattr(importlib.import_module(public), name)
    except (ImportError, AttributeError):
        return None
    return _kind(value)


@pytest.fixture(scope="module")
def outcome() -> dict[tuple[str, str], tuple[str, str | None]]:
    return {pair: (kind, ours(*pair)) for pair, kind in in_scope_pairs().items()}


def test_at_least_95_percent_of_in_scope_pairs_have_the_same_kind(
    outcome: dict[tuple[str, str], tuple[str, str | None]],
) -> None:
    same = sum(1 for want, got in outcome.values() if want == got)
    importable = sum(1 for _, got in outcome.values() if got is not None)
    total = len(outcome)
    print(f"in scope {total}, importable {importable}, same kind {same} ({same / total:.1%})")
    assert total > 4000  # the map covers the shared operations and webhooks, not a sample
    assert same / total >= MIN_COVERAGE


def test_every_missing_pair_is_listed_with_its_reason(
    outcome: dict[tuple[str, str], tuple[str, str | None]],
) -> None:
    listed = json.loads(EXCEPTIONS.read_text())["pairs"]
    missing = {f"{m}:{n}" for (m, n), (want, got) in outcome.items() if want != got}
    assert sorted(missing - set(listed)) == [], "missing pairs not in the exceptions file"
    assert sorted(set(listed) - missing) == [], "listed pairs that work now: remove them"
    assert all(isinstance(why, str) and len(why) > 20 for why in listed.values())


def test_the_names_the_issue_names_import() -> None:
    from openai_compat.types.chat import ChatCompletionToolParam
    from openai_compat.types.chat.chat_completion import ChatCompletion, Choice, ChoiceLogprobs
    from openai_compat.types.responses import ResponseInputParam
    from openai_compat.types.shared import Reasoning

    assert [_kind(t) for t in (ChatCompletion, Choice, ChoiceLogprobs, Reasoning)] == ["model"] * 4
    assert _kind(ChatCompletionToolParam) == "typeddict"
    assert _kind(ResponseInputParam) == "alias"


def test_webhook_events_are_in_scope_and_import_as_openai_names_them() -> None:
    """unwrap()'s union and each event of the spec's `webhooks:` section (with its nested
    `Data`) are in the map; events the spec lacks are out of scope, with that reason."""
    import typing

    from openai_compat.types.webhooks import BatchCompletedWebhookEvent, UnwrapWebhookEvent
    from openai_compat.types.webhooks.realtime_call_incoming_webhook_event import (
        Data,
        DataSipHeader,
        RealtimeCallIncomingWebhookEvent,
    )

    pairs = in_scope_pairs()
    webhooks = {(m, n) for m, n in pairs if m.startswith("openai.types.webhooks")}
    assert ("openai.types.webhooks", "UnwrapWebhookEvent") in webhooks
    assert ("openai.types.webhooks.batch_completed_webhook_event", "Data") in webhooks
    events = {n for m, n in webhooks if m == "openai.types.webhooks" and n != "UnwrapWebhookEvent"}
    assert len(events) == 16  # the spec's webhooks section: batch, eval run, fine-tuning, ...
    assert [_kind(t) for t in (BatchCompletedWebhookEvent, Data, DataSipHeader)] == ["model"] * 3
    assert _kind(UnwrapWebhookEvent) == "alias"
    members = typing.get_args(typing.get_args(UnwrapWebhookEvent.__value__)[0])
    assert {m.__name__ for m in members} == events
    assert RealtimeCallIncomingWebhookEvent in members
    assert (Data.__name__, DataSipHeader.__name__) == ("Data", "DataSipHeader")
    unmatched = json.loads(TYPES_MAP.read_text())["unmatched"]
    lacking = {u["name"]: u["reason"] for u in unmatched if u["module"].startswith("openai.types.webhooks.")}
    assert "a variant the spec lacks" in lacking["AgentSessionCreatedWebhookEvent"]


# A class name that says nothing about what it holds, or one the model generator numbered.
_DEGENERATE = re.compile(r"^(Datum|Data|Item|Items|Type|Object|Value|Model\d+)$|[A-Za-z]\d+$")


def test_no_degenerate_class_names_in_generated_code() -> None:
    from codegen.document import read_document
    from codegen.models import class_name_for_key
    from codegen.pins import load_pin, locate

    keys = set()
    for spec in ("openai", "azure-openai"):
        schemas = read_document(locate(load_pin(spec)))["components"]["schemas"]
        keys |= {class_name_for_key(k) for k in schemas}
    found = set()
    for path in (REPO_ROOT / "generated").rglob("models/*.py"):
        for match in re.finditer(
            r"^class (\w+)\(|^(\w+) = TypeAliasType\(", path.read_text(), re.M
        ):
            name = match.group(1) or match.group(2)
            if _DEGENERATE.search(name):
                found.add(name)
    # The spec's own schema keys are its names (`Item`, `GrammarSyntax1`); nothing else may be.
    assert sorted(found - keys) == []
