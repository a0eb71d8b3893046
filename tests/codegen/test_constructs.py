"""Every OpenAPI construct the spec's history uses generates, imports and works; what cannot be
generated stops with an error naming the schema and the construct, never a traceback.

`inline_specs/constructs31.yaml` has `type` lists, `nullable` (3.0 style in a 3.1 file), `const`,
`enum`, nested allOf / oneOf / anyOf, a discriminator with and one without mapping (its tag given
through allOf), every `additionalProperties` form, `x-` extensions, recursive and mutually
recursive schemas, a missing and a duplicated operationId, spec defaults and a deprecated field,
and inline bodies, responses and list items. It is generated through the command line, mounted,
and called over loopback.
"""

from __future__ import annotations

import copy
import importlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from loopback import LoopbackRequest, LoopbackServer

from openai_compat import OpenAI, SyncPage

SPEC = Path(__file__).parent / "inline_specs" / "constructs31.yaml"
JSON_HEADERS = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def generated_out(tmp_path_factory: pytest.TempPathFactory, codegen_cli: Any) -> Path:
    out = tmp_path_factory.mktemp("constructs")
    result = codegen_cli("generate", "--spec", str(SPEC), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "constructs31: operations 4/4, schemas 15/15"
    return out


@pytest.fixture
def things(
    generated_out: Path, mount_generated: Callable[[Path, str], None], loopback_server: LoopbackServer
) -> Iterator[Any]:
    mount_generated(generated_out, "constructs31")
    module = importlib.import_module("openai_compat._generated.constructs31.resources.things")
    with OpenAI(base_url=loopback_server.url("/v1"), api_key="sk-c", max_retries=0) as client:
        yield module.Things(client)


def answer(server: LoopbackServer, body: object) -> None:
    def handler(request: LoopbackRequest) -> None:
        request.send_body(200, json.dumps(body).encode(), JSON_HEADERS)

    server.handler = handler


THING = {"id": "t1", "kind": "thing"}


def test_a_get_list_with_inline_items_is_a_page_of_named_items(
    things: Any, loopback_server: LoopbackServer
) -> None:
    answer(loopback_server, {"object": "list", "has_more": False,
                             "data": [{**THING, "rank": 2, "note": None}]})  # fmt: skip
    page = things.list(limit=None)
    assert isinstance(page, SyncPage)
    [item] = list(page)
    assert type(item).__name__ == "GetThingsResponseDataItem"  # parent + field, never `Datum`
    assert (item.id, item.rank, item.note) == ("t1", 2, None)


def test_fields_not_sent_read_none_and_deprecated_fields_read_without_warning(
    things: Any, loopback_server: LoopbackServer
) -> None:
    answer(loopback_server, {**THING, "old_field": "legacy"})
    thing = things.create(name="n")
    assert thing.score is None  # the spec's default (1.5) is the server's business
    assert thing.color is None and thing.parent is None
    assert thing.old_field == "legacy"  # pytest turns any warning into an error


def test_every_additional_properties_form_and_type_lists_are_sent_as_given(
    things: Any, loopback_server: LoopbackServer
) -> None:
    answer(loopback_server, {**THING, "parent": {**THING, "id": "t0"}})
    body = {
        "name": "n",
        "size": "large",  # type: [integer, string]
        "labels": {"a": "b"},
        "extra": {"any": [1, {"x": None}]},
        "closed": {"a": "z"},
        "anything": {"k": 1.5},
        "shape": {"kind": "circle", "radius": 2},
        "tree": {"value": 1, "children": [{"value": 2}], "next": {"back": {"value": 3}}},
    }
    thing = things.create(**body)
    assert json.loads(loopback_server.requests[0].body) == body
    assert thing.parent.id == "t0" and type(thing.parent) is type(thing)


def test_discriminated_and_recursive_responses_are_typed(
    things: Any, loopback_server: LoopbackServer
) -> None:
    answer(loopback_server, {
        "thing": THING,
        "meta": {"source": None, "pet": {"type": "dog", "friends": [{"type": "dog"}, {"name": "x"}]}},
    })  # fmt: skip
    got = things.retrieve("t1")
    assert loopback_server.requests[0].path == "/v1/things/t1"
    assert type(got.meta).__name__ == "GetThingsThingIdResponseMeta"
    dog = got.meta.pet
    assert type(dog).__name__ == "Dog"
    assert [type(f).__name__ for f in dog.friends] == ["Dog", "DogFriendsItemObject"]
    answer(loopback_server, {"thing": THING, "meta": {"pet": {"type": "cat", "lives": 9}}})
    assert type(things.retrieve("t1").meta.pet).__name__ == "Cat"


def test_duplicate_operation_ids_are_both_generated(
    things: Any, loopback_server: LoopbackServer
) -> None:
    answer(loopback_server, {"id": "t1"})
    deleted = things.delete("t1")
    assert loopback_server.requests[0].method == "DELETE"
    assert type(deleted).__name__ == "DeleteThingsThingIdResponse"  # not `SameIdResponse2`
    assert deleted.deleted is None  # default: true in the spec; the server did not say


def _broken(change: Callable[[dict[str, Any]], None], tmp_path: Path) -> Path:
    spec = copy.deepcopy(yaml.safe_load(SPEC.read_text(encoding="utf-8")))
    change(spec)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def _set(schema: str, prop: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"][schema]["properties"][prop] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            _set("Thing", "note", {"$ref": "other.yaml#/components/schemas/Note"}),
            "schema components/schemas/Thing/properties/note: $ref cannot be generated: "
            "'other.yaml#/components/schemas/Note' points outside",
        ),
        (
            _set("Node", "value", {"type": "widget"}),
            "schema components/schemas/Node/properties/value: type cannot be generated: 'widget'",
        ),
        (
            _set("Dog", "friends", {"type": "array", "items": [{"type": "string"}]}),
            "schema components/schemas/Dog/properties/friends: items cannot be generated",
        ),
        (
            _set("Circle", "radius", {"allOf": {"type": "number"}}),
            "schema components/schemas/Circle/properties/radius: allOf cannot be generated: "
            "expected a list of schemas, got dict",
        ),
        (
            _set("Square", "side", {"oneOf": [{"type": "number"}], "discriminator": "kind"}),
            "schema components/schemas/Square/properties/side: discriminator cannot be generated",
        ),
    ],
)
def test_what_cannot_be_generated_is_named_without_a_traceback(
    change: Callable[[dict[str, Any]], None], expected: str, tmp_path: Path, codegen_cli: Any
) -> None:
    spec = _broken(change, tmp_path)
    result = codegen_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {expected}"), result.stderr
    assert not (tmp_path / "out" / "broken").exists()
