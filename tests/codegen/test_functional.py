"""Functional tests: small inline specs are generated, imported and called over loopback.

`inline_specs/petstore31.yaml` (OpenAPI 3.1) has a oneOf with a mapping-less discriminator, allOf
inheritance, nullable written both ways, a recursive schema, a cursor page, a multipart upload,
a binary download and an SSE stream; `inline_specs/nullable30.yaml` has 3.0 nullability. Each is
generated with `python -m codegen generate` into a temporary folder, mounted as
`openai_compat._generated.<package>` (see conftest.py), and its resource classes are bound to a
real `OpenAI` client talking to a loopback server: the test checks the request on the wire and
the typed result.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from loopback import LoopbackRequest, LoopbackServer

from openai_compat import InvalidArgumentError, OpenAI
from openai_compat._tolerant import parse_json, tolerated

INLINE = Path(__file__).parent / "inline_specs"
JSON_HEADERS = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def generated_out(tmp_path_factory: pytest.TempPathFactory, codegen_cli: Any) -> Path:
    """Both inline specs generated once for the module, through the command line."""
    out = tmp_path_factory.mktemp("functional")
    for spec in ("petstore31", "nullable30"):
        result = codegen_cli("generate", "--spec", str(INLINE / f"{spec}.yaml"), "--out", str(out))
        assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def petstore(generated_out: Path, mount_generated: Callable[[Path, str], None]) -> ModuleType:
    mount_generated(generated_out, "petstore31")
    return importlib.import_module("openai_compat._generated.petstore31")


@pytest.fixture
def client(loopback_server: LoopbackServer) -> Iterator[OpenAI]:
    with OpenAI(base_url=loopback_server.url("/v1"), api_key="sk-functional", max_retries=0) as c:
        yield c


def resource(module: str, cls: str, client: OpenAI) -> Any:
    """A generated resource class of the mounted package, bound to `client`."""
    mod = importlib.import_module(f"openai_compat._generated.{module}")
    return getattr(mod, cls)(client)


def answer_json(server: LoopbackServer, *bodies: object) -> None:
    """Answer successive requests with these JSON bodies."""
    queue = list(bodies)

    def handler(request: LoopbackRequest) -> None:
        request.send_body(200, json.dumps(queue.pop(0)).encode(), JSON_HEADERS)

    server.handler = handler


PET_CAT = {"id": "p1", "name": "Tom", "type": "cat", "lives": 9, "tag": None, "owner": "ann"}
PET_DOG = {"id": "p2", "name": "Rex", "type": "dog", "good_boy": True, "tag": "x", "owner": None}


def test_the_command_line_reports_full_coverage(
    generated_out: Path, codegen_cli: Any, tmp_path: Path
) -> None:
    result = codegen_cli(
        "generate", "--spec", str(INLINE / "petstore31.yaml"), "--out", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "petstore31: operations 7/7, schemas 12/12"
    resources = sorted(p.name for p in (tmp_path / "petstore31" / "resources").glob("*.py"))
    assert resources == ["__init__.py", "pets.py", "photos.py", "trees.py"]


def test_json_body_on_the_wire_and_the_discriminated_variant_back(
    petstore: ModuleType, client: OpenAI, loopback_server: LoopbackServer
) -> None:
    answer_json(loopback_server, PET_DOG)
    pets = resource("petstore31.resources.pets", "Pets", client)
    pet = pets.create(name="Rex", kind="dog", tag=None)
    sent = loopback_server.requests[0]
    assert (sent.method, sent.path) == ("POST", "/v1/pets")
    assert sent.headers["Authorization"] == "Bearer sk-functional"
    # An explicit None is sent as null; what was not passed (owner, lives) is not sent at all.
    assert json.loads(sent.body) == {"name": "Rex", "kind": "dog", "tag": None}
    dog_cls = importlib.import_module("openai_compat._generated.petstore31.models.dog").Dog
    assert type(pet) is dog_cls
    assert (pet.id, pet.good_boy, pet.tag, pet.owner) == ("p2", True, "x", None)
    assert tolerated(pet) == []


def test_a_closed_enum_is_checked_before_anything_is_sent(
    petstore: ModuleType, client: OpenAI, loopback_server: LoopbackServer
) -> None:
    # local validation against the spec is opt-in (by default the server judges)
    pets = resource("petstore31.resources.pets", "Pets", client.with_options(validate_requests=True))
    with pytest.raises(InvalidArgumentError, match="kind"):
        pets.create(name="Nemo", kind="fish")
    assert loopback_server.requests == []


def test_path_parameter_and_the_other_variant(
    petstore: ModuleType, client: OpenAI, loopback_server: LoopbackServer
) -> None:
    answer_json(loopback_server, PET_CAT)
    pet = resource("petstore31.resources.pets", "Pets", client).retrieve("p/1")
    assert loopback_server.requests[0].path == "/v1/pets/p%2F1"
    assert type(pet).__name__ == "Cat"
    assert (pet.lives, pet.tag, pet.owner) == (9, None, "ann")


def test_cursor_pages_follow_last_id(
    petstore: ModuleType, client: OpenAI, loopback_server: LoopbackServer
) -> None:
    answer_json(
        loopback_server,
        {"object": "list", "data": [PET_CAT], "has_more": True, "last_id": "p1"},
        {"object": "list", "data": [PET_DOG], "has_more": False},
    )
    pets = list(resource("petstore31.resources.pets", "Pets", client).list(limit=1))
    assert [p.id for p in pets] == ["p1", "p2"]
    assert [r.path for r in loopback_server.requests] == [
        "/v1/pets?limit=1",
        "/v1/pets?limit=1&after=p1",
    ]


def test_multipart_upload_and_nullable_all_of_back(
    petstore: ModuleType, client: OpenAI, loopback_server: LoopbackServer
) -> None:
    answer_json(loopback_server, {"id": "ph1", "bytes": 3, "caption": None})
    photos = resource("petstore31.resources.pets", "PetsPhotos", client)
    photo = photos.create("p1", file=("cat.png", b"\x89PN", "image/png"), caption="hi")
    sent = loopback_server.requests[0]
    assert sent.path == "/v1/pets/p1/photos"
    assert sent.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="cat.png"' in sent.body and b"\x89PN" in sent.body
    assert b'name="caption"\r\n\r\nhi' in sent.body
    assert (photo.id, photo.caption) == ("ph1", None)
    assert tolerated(photo) == []


def test_binary_download(
    petstore: ModuleType, client: OpenAI, loopback_server: LoopbackServer
) -> None:
    payload = bytes(range(256))
    loopback_server.handler = lambda r: r.send_body(
        200, payload, {"Content-Type": "application/octet-stream"}
    )
    content = resource("petstore31.resources.photos", "Photos", client).content("ph1")
    assert loopback_server.requests[0].path == "/v1/photos/ph1/content"
    assert content.read() == payload


def test_sse_stream_of_typed_events(
    petstore: ModuleType, client: OpenAI, loopback_server: LoopbackServer
) -> None:
    def handler(request: LoopbackRequest) -> None:
        request.start_chunked()
        for event in ({"type": "walk.progress", "meters": 10}, {"type": "walk.done", "meters": 25}):
            request.write_chunk(b"data: " + json.dumps(event).encode() + b"\n\n")
        request.write_chunk(b"data: [DONE]\n\n")
        request.end_chunked()

    loopback_server.handler = handler
    walks = resource("petstore31.resources.pets", "PetsWalks", client)
    with walks.create("p1", minutes=5) as stream:
        events = list(stream)
    assert json.loads(loopback_server.requests[0].body) == {"minutes": 5}
    assert [(type(e).__name__, e.type, e.meters) for e in events] == [
        ("WalkEvent", "walk.progress", 10),
        ("WalkEvent", "walk.done", 25),
    ]


def test_recursive_schema(
    petstore: ModuleType, client: OpenAI, loopback_server: LoopbackServer
) -> None:
    answer_json(
        loopback_server, {"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]}
    )
    tree = resource("petstore31.resources.trees", "Trees", client).retrieve("t1")
    assert tree.children[0].children[0].value == 3
    assert type(tree.children[0].children[0]) is type(tree)


@pytest.mark.parametrize(
    ("module", "cls", "body"),
    [
        # 3.0 `nullable: true` on a required property, on an enum and beside allOf.
        (
            "nullable30.models.item",
            "Item",
            {"id": "i1", "note": None, "status": None, "label": None},
        ),
        # 3.1: `nullable: true` (a 3.0 keyword the OpenAI spec still uses), `type: [.., "null"]`.
        (
            "petstore31.models.cat",
            "Cat",
            {"id": "c", "name": "n", "type": "cat", "tag": None, "owner": None},
        ),
        # 3.1: allOf [$ref, {nullable: true}] on a required property.
        ("petstore31.models.photo", "Photo", {"id": "ph", "bytes": 1, "caption": None}),
    ],
)
def test_required_nullable_fields_accept_null_strictly(
    generated_out: Path,
    mount_generated: Callable[[Path, str], None],
    module: str,
    cls: str,
    body: dict[str, Any],
) -> None:
    mount_generated(generated_out, module.split(".")[0])
    model = getattr(importlib.import_module(f"openai_compat._generated.{module}"), cls)
    parsed = parse_json(model, json.dumps(body), strict=True)
    assert parsed.model_dump(mode="json", exclude_unset=True) == body
    for field in (k for k, v in body.items() if v is None):
        with pytest.raises(Exception, match=field):  # null is allowed, absence is not
            parse_json(
                model, json.dumps({k: v for k, v in body.items() if k != field}), strict=True
            )


def test_nullable30_item_over_the_wire(
    generated_out: Path,
    mount_generated: Callable[[Path, str], None],
    client: OpenAI,
    loopback_server: LoopbackServer,
) -> None:
    mount_generated(generated_out, "nullable30")
    answer_json(
        loopback_server, {"id": "i1", "note": None, "status": "open", "label": {"text": "t"}}
    )
    item = resource("nullable30.resources.items", "Items", client).retrieve("i1")
    assert (item.note, item.status, item.label.text) == (None, "open", "t")
    assert tolerated(item) == []


def test_mounting_does_not_shadow_committed_packages(
    mount_generated: Callable[[Path, str], None], tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="openai"):
        mount_generated(tmp_path, "openai")
