"""The client tree is openai-python 3.54.0's, as the committed method map records it.

Every method of openai-python whose HTTP operation the pinned spec has resolves on `OpenAI` and
`AsyncOpenAI` at the same client path, takes the same parameters positionally, in the same
order, and accepts every other parameter of openai-python's that the spec's operation has under
the same name, keyword-only. The map itself is checked against `.ref-venv` (what openai-python
really has) and against the pinned spec (which operations and parameters it has).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from codegen.refnames import methods as refmethods
from openai_compat import AsyncOpenAI, OpenAI

MAP = refmethods.load_document()
POSITIONAL = ("positional", "positional_only")


def in_spec_methods() -> list[dict[str, Any]]:
    """The in-spec methods, also at the paths where openai-python has a resource again
    (`beta.chat.completions.create` is `chat.completions.create`)."""
    found = [m for m in MAP["methods"] if m["spec"] is not None]
    for alias, target in MAP["resource_aliases"].items():
        found += [
            {**m, "client_path": alias + m["client_path"][len(target) :]}
            for m in MAP["methods"]
            if m["spec"] is not None and m["client_path"].startswith(f"{target}.")
        ]
    return sorted(found, key=lambda m: str(m["client_path"]))


@pytest.fixture(scope="module")
def clients() -> Iterator[tuple[OpenAI, AsyncOpenAI]]:
    sync = OpenAI(api_key="sk-dropin", base_url="http://127.0.0.1:9/v1")
    async_ = AsyncOpenAI(api_key="sk-dropin", base_url="http://127.0.0.1:9/v1")
    yield sync, async_
    sync.close()


def resolve(client: object, dotted: str) -> Any:
    target: Any = client
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


def mismatches(method: Any, expected: dict[str, Any]) -> list[str]:
    """How a resolved method's signature differs from openai-python's (empty: it does not)."""
    ours = inspect.signature(method).parameters
    positional = [n for n, p in ours.items() if p.kind is p.POSITIONAL_OR_KEYWORD]
    theirs = [p["name"] for p in expected["params"] if p["kind"] in POSITIONAL]
    problems = []
    if positional != theirs:
        problems.append(f"positional {positional}, openai-python {theirs}")
    lacks = set(expected["spec"]["lacks"])
    for p in expected["params"]:
        if p["kind"] != "keyword_only" or p["name"] in lacks:
            continue
        mine = ours.get(p["name"])
        if mine is None or mine.kind not in (mine.KEYWORD_ONLY, mine.POSITIONAL_OR_KEYWORD):
            problems.append(f"no keyword parameter {p['name']!r}")
    return problems


def test_every_in_spec_method_is_at_openai_pythons_path_with_its_parameters(
    clients: tuple[OpenAI, AsyncOpenAI],
) -> None:
    expected = in_spec_methods()
    wrong: list[str] = []
    for client in clients:
        for m in expected:
            where = f"{type(client).__name__}.{m['client_path']}"
            try:
                method = resolve(client, m["client_path"])
            except AttributeError as exc:
                wrong.append(f"{where}: missing ({exc})")
                continue
            wrong += [f"{where}: {problem}" for problem in mismatches(method, m)]
    at_same_path = 2 * len(expected) - len({w.split(":")[0] for w in wrong})
    assert wrong == [], f"{at_same_path}/{2 * len(expected)} at the same path and signature"
    # The measured coverage (README's drop-in section): all of them.
    assert len(expected) == MAP["summary"]["in_spec"] + 6  # + beta.chat's 6 HTTP methods


def test_each_resolved_method_calls_the_mapped_operation(
    clients: tuple[OpenAI, AsyncOpenAI],
) -> None:
    """The method found sends the HTTP method and path openai-python's does (the docstring's
    last line names them); a wrong name would resolve to another operation's method."""
    wrong = []
    for m in in_spec_methods():
        doc = inspect.getdoc(resolve(clients[0], m["client_path"])) or ""
        method, path = m["http"]["method"], m["spec"]["path"]
        if not doc.endswith(f"{method} {path}"):
            wrong.append(f"{m['client_path']}: {doc.splitlines()[-1:]}, expected {method} {path}")
    assert wrong == []


def test_a_resource_alias_is_the_clients_own_resource(clients: tuple[OpenAI, AsyncOpenAI]) -> None:
    for client in clients:
        for alias, target in MAP["resource_aliases"].items():
            assert resolve(client, alias) is resolve(client, target)
    # ... so hand-written helpers of the target are there too
    assert callable(clients[0].beta.chat.completions.stream)


def test_deprecated_twins_are_the_same_method(clients: tuple[OpenAI, AsyncOpenAI]) -> None:
    twins = [m for m in MAP["methods"] if m["alias_of"] and m["spec"] is not None]
    assert {m["client_path"] for m in twins} == {
        "files.retrieve_content",
        "fine_tuning.checkpoints.permissions.retrieve",
    }
    for client in clients:
        for m in twins:
            alias, main = resolve(client, m["client_path"]), resolve(client, m["alias_of"])
            assert alias.__func__ is main.__func__


def test_the_signature_check_fails_on_a_different_signature() -> None:
    """The comparison above can fail: a wrong positional order and a missing keyword show."""
    expected = {
        "params": [
            {"name": "file_id", "kind": "positional", "required": True},
            {"name": "purpose", "kind": "keyword_only", "required": True},
            {"name": "newer", "kind": "keyword_only", "required": False},
        ],
        "spec": {"lacks": ["newer"]},
    }

    def good(file_id: str, *, purpose: str) -> None: ...
    def bad(purpose: str, *, file_id: str) -> None: ...

    assert mismatches(good, expected) == []
    assert mismatches(bad, expected) == [
        "positional ['purpose'], openai-python ['file_id']",
    ]
    assert mismatches(lambda file_id: None, expected) == ["no keyword parameter 'purpose'"]


# -- the map ----------------------------------------------------------------------------------


def test_the_maps_spec_facts_are_the_pinned_specs(openai_document: dict[str, Any]) -> None:
    """What `make check` proves: recomputed from the committed reference facts and the pinned
    spec, the map is byte for byte the committed file."""
    rebuilt = refmethods.build_map(
        *refmethods.reference_facts(MAP), openai_document, MAP["spec"]["sha256"]
    )
    assert refmethods.dumps(rebuilt) == refmethods.MAP_FILE.read_text(encoding="utf-8")
    summary = MAP["summary"]
    assert summary["in_spec"] + summary["not_in_spec"] == summary["http_methods"]
    assert summary["spec_operations"] == 288


def test_check_map_reports_stale_spec_facts(tmp_path: Path) -> None:
    stale = json.loads(json.dumps(MAP))
    first = next(m for m in stale["methods"] if m["spec"] is not None)
    first["spec"] = None  # as if the spec had not had the operation when the map was written
    path = tmp_path / refmethods.MAP_FILE.name
    path.write_text(refmethods.dumps(stale), encoding="utf-8")
    [problem] = refmethods.check_map(path)
    assert "spec facts differ" in problem and "make gen" in problem
    assert refmethods.refresh_map(path) is True  # what `make gen` does
    assert path.read_text(encoding="utf-8") == refmethods.MAP_FILE.read_text(encoding="utf-8")
    assert refmethods.check_map(path) == []
    assert refmethods.refresh_map(path) is False


@pytest.fixture(scope="module")
def reference_walk() -> dict[str, Any]:
    if not refmethods.REF_PYTHON.exists():
        pytest.skip(
            f"{refmethods.REF_PYTHON} is missing: `make install` creates the reference venv "
            f"({refmethods.REFERENCE}) that the map is read from"
        )
    return refmethods.walk_reference()


def test_the_committed_map_is_what_openai_python_has(
    reference_walk: dict[str, Any], openai_document: dict[str, Any]
) -> None:
    """`make names` today would write exactly the committed file."""
    fresh = refmethods.build_map(
        refmethods.reference_methods(reference_walk),
        refmethods.resource_aliases(reference_walk),
        openai_document,
        MAP["spec"]["sha256"],
    )
    assert refmethods.dumps(fresh) == refmethods.MAP_FILE.read_text(encoding="utf-8")


def test_the_walk_is_deterministic(reference_walk: dict[str, Any]) -> None:
    again = refmethods.walk_reference()
    assert again == reference_walk
    paths = [m["client_path"] for m in reference_walk["methods"]]
    assert len(paths) == len(set(paths))
    assert "chat.completions.create" in paths and "beta.chat.completions.create" not in paths
