"""Results carry openai-python's class name at each use of a shared schema (codegen/per_use_names.py).

openai-python has a class per use of one spec schema (`ContainerCreateResponse`,
`ContainerRetrieveResponse`, `ContainerListResponse`); the generated resources return a subclass
of the shared model under that name, found in `openai_compat.types` under it too.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback import LoopbackRequest, LoopbackServer

import openai_compat.types as types
from codegen.per_use_names import add_per_use_classes
from codegen.refnames.methods import MappedMethod, MethodMap, http_key
from codegen.typemap import AppliedNames, Entry, _unique
from openai_compat import OpenAI
from openai_compat._generated.openai.operations import load_operations

SPEC = Path(__file__).resolve().parents[2] / "spec"
CONTAINER = {"id": "cntr_1", "object": "container", "created_at": 1, "status": "running",
             "name": "c"}  # fmt: skip
# Operations whose result class openai-python names otherwise, and why no per-use class is made.
NOT_PER_USE = {
    # openai-python's return is a union of several models, or of models and str
    "audio.transcriptions.create": "a union (Transcription | TranscriptionVerbose | ...)",
    "audio.translations.create": "a union (Translation | TranslationVerbose | str)",
    # openai-python's name is a type alias of a union: items are its variants, named as theirs
    "responses.input_items.list": "ResponseItem is an alias of the ItemResource union",
    "beta.responses.input_items.list": "BetaResponseItem is an alias of a union",
    "beta.chatkit.threads.list_items": "Data is an alias of the ThreadItem union",
}


@pytest.fixture
def client(loopback_server: LoopbackServer) -> Iterator[OpenAI]:
    with OpenAI(base_url=loopback_server.url("/v1"), api_key="sk-per-use", max_retries=0) as c:
        yield c


def _answer(server: LoopbackServer, body: object) -> None:
    def handler(request: LoopbackRequest) -> None:
        request.send_body(200, json.dumps(body).encode(), {"Content-Type": "application/json"})

    server.handler = handler


def test_containers_results_carry_the_class_name_of_their_use(
    client: OpenAI, loopback_server: LoopbackServer
) -> None:
    _answer(loopback_server, {"object": "list", "data": [CONTAINER], "has_more": False})
    item = client.containers.list().data[0]
    assert type(item).__name__ == "ContainerListResponse"
    assert type(item) is types.ContainerListResponse
    assert isinstance(item, types.ContainerCreateResponse)  # the shared model
    assert item.id == "cntr_1"
    _answer(loopback_server, CONTAINER)
    retrieved = client.containers.retrieve("cntr_1")
    assert type(retrieved) is types.ContainerRetrieveResponse
    assert isinstance(retrieved, types.ContainerCreateResponse)
    assert type(client.containers.create(name="c")) is types.ContainerCreateResponse
    assert [r.path for r in loopback_server.requests] == [
        "/v1/containers", "/v1/containers/cntr_1", "/v1/containers",
    ]  # fmt: skip


def test_every_result_class_is_named_as_openai_python_names_it() -> None:
    """Over every operation openai-python has a method for: the class of the result (or of the
    page's items) shows openai-python's name, but for the listed operations."""
    methods = json.loads((SPEC / "openai-python-3.54.0.methods.json").read_text(encoding="utf-8"))
    returns = {m["client_path"]: m["returns"] for m in methods["methods"] if m["http"]}
    differing = {}
    compared = 0
    for op in load_operations():
        annotated = returns.get(op.client_method, "")
        page = re.fullmatch(r"\w*Page\[(.+)\]", annotated)
        # `Run | Stream[AssistantStreamEvent]`: the stream is another use, with its own events
        members = [m for m in annotated.split(" | ") if not m.startswith("Stream[")]
        wanted = page.group(1) if page else members[0]
        ref = op.page_item_model if page else op.response_model
        if ref is None or wanted in ("None", "") or not re.fullmatch(r"\w+", wanted):
            continue
        module, name = ref.split(":")
        cls = getattr(importlib.import_module(f"openai_compat._generated.openai.models.{module}"), name)
        compared += 1
        if getattr(cls, "__name__", name) != wanted or len(members) > 1:
            differing[op.client_method] = (annotated, cls.__name__)
    assert compared > 200
    assert set(differing) == set(NOT_PER_USE), differing


def _entry(name: str, module: str) -> Entry:
    return Entry(f"openai.types.{module}", name, "model", "response")


def test_an_envelope_other_operations_return_is_copied_for_the_per_use_one() -> None:
    ref = "#/components/schemas/"
    envelope = {"type": "object", "properties": {"object": {"const": "list"},
                "data": {"type": "array", "items": {"$ref": ref + "Thing"}}}}  # fmt: skip

    def returning(key: str) -> dict[str, Any]:
        content = {"application/json": {"schema": {"$ref": ref + key}}}
        return {"responses": {"200": {"description": "ok", "content": content}}}

    spec: dict[str, Any] = {
        "paths": {"/things": {"get": returning("ThingList")},
                  "/things/{id}/all": {"get": returning("ThingList")},
                  "/things/{id}/again": {"get": returning("ThingList")},
                  "/things/{id}": {"get": returning("Thing")}},
        "components": {"schemas": {"Thing": {"type": "object", "description": "A thing."},
                                   "ThingList": envelope}},
    }  # fmt: skip
    listed, retrieved = _entry("ThingListResponse", "thing_list"), _entry("ThingRetrieveResponse", "x")
    names = AppliedNames(key_of={listed: "Thing", retrieved: "Thing"})

    def mapped(returns: str) -> MappedMethod:
        return MappedMethod("things.x", (), (), (), returns)

    methods = MethodMap({http_key("GET", "/things"): mapped("SyncCursorPage[ThingListResponse]"),
                         http_key("GET", "/things/{}/again"): mapped("SyncPage[ThingListResponse]"),
                         http_key("GET", "/things/{id}"): mapped("ThingRetrieveResponse")}, {})  # fmt: skip
    added = add_per_use_classes(spec, names, methods, _unique)
    schemas = spec["components"]["schemas"]
    assert [(u.key, u.page) for u in added] == [("ThingListResponse", True),
                                                ("ThingRetrieveResponse", False),
                                                ("ThingListResponse", True)]  # fmt: skip
    assert schemas["ThingRetrieveResponse"] == {"allOf": [{"$ref": ref + "Thing"}],
                                                "description": "A thing."}  # fmt: skip
    # the list envelope is also returned by another operation: that one keeps the shared items
    assert schemas["ThingList"]["properties"]["data"]["items"] == {"$ref": ref + "Thing"}
    page = schemas["ThingListResponsePage"]["properties"]["data"]["items"]
    assert page == {"$ref": ref + "ThingListResponse"}
    assert spec["paths"]["/things"]["get"]["x-openai-compat-result"] == "ThingListResponsePage"
    # a second operation of the same use shares the class and the envelope's copy
    assert spec["paths"]["/things/{id}/again"]["get"]["x-openai-compat-result"] == "ThingListResponsePage"
    assert spec["paths"]["/things/{id}"]["get"]["x-openai-compat-result"] == "ThingRetrieveResponse"
    assert "x-openai-compat-result" not in spec["paths"]["/things/{id}/all"]["get"]
    # placed beside the schema they come from (datamodel-codegen names by position)
    assert list(schemas) == ["Thing", "ThingListResponse", "ThingRetrieveResponse", "ThingList",
                             "ThingListResponsePage"]  # fmt: skip
    assert names.key_of[listed] == "ThingListResponse"
