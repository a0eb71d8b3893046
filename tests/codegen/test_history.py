"""Published versions of the OpenAI spec from before the current pin generate, import and work.

Users regenerate on spec bumps and pin older specs when a provider lags, so the generator must
handle the spec's history, not only the pins: the 2023-12 and 2024-12 versions (OpenAPI 3.0,
`nullable`, `type` lists after normalisation, older shapes) stand for it. Each is generated once
per module, mounted as its own package (`openai_compat._generated.openai_2023_12_15`...), every
operation's models are resolved, and a handful of operations are called over loopback with a
real `OpenAI` client. `codegen diff` runs between the versions and the current pin.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback import LoopbackRequest, LoopbackServer
from test_class_names import degenerate_names

from codegen.document import read_document
from codegen.generate import generate
from codegen.models import index_models
from codegen.pins import load_pin
from openai_compat import OpenAI, SyncPage
from openai_compat._request import resolve_model

VERSIONS = ("openai-2023-12-15", "openai-2024-12-18")
JSON_HEADERS = {"Content-Type": "application/json"}
HISTORY_PINS = Path(__file__).parent / "history_pins"


def _package(version: str) -> str:
    return version.replace("-", "_")


@pytest.fixture(scope="module")
def history_out(
    tmp_path_factory: pytest.TempPathFactory, history_spec: Callable[[str], Path]
) -> dict[str, Any]:
    """Both history versions generated once for the module; their generation reports."""
    out = tmp_path_factory.mktemp("history")
    reports = {v: generate(history_spec(v), out, v) for v in VERSIONS}
    return {"out": out, "reports": reports}


@pytest.fixture(params=VERSIONS)
def version(
    request: pytest.FixtureRequest,
    history_out: dict[str, Any],
    mount_generated: Callable[[Path, str], None],
) -> str:
    mount_generated(history_out["out"], _package(request.param))
    return str(request.param)


@pytest.fixture
def client(loopback_server: LoopbackServer) -> Iterator[OpenAI]:
    with OpenAI(base_url=loopback_server.url("/v1"), api_key="sk-history", max_retries=0) as c:
        yield c


def resource(version: str, module: str, cls: str, client: OpenAI) -> Any:
    mod = importlib.import_module(
        f"openai_compat._generated.{_package(version)}.resources.{module}"
    )
    return getattr(mod, cls)(client)


def answer_json(server: LoopbackServer, body: object) -> None:
    def handler(request: LoopbackRequest) -> None:
        request.send_body(200, json.dumps(body).encode(), JSON_HEADERS)

    server.handler = handler


def test_every_operation_and_schema_is_generated(history_out: dict[str, Any]) -> None:
    for version, report in history_out["reports"].items():
        assert report.complete, (version, report.lines())
        assert len(report.operations.operations) == report.operations.total > 50, version
        assert report.schemas_total > 100, version


def test_no_generated_class_name_is_degenerate(
    history_out: dict[str, Any], history_spec: Callable[[str], Path]
) -> None:
    """The rule of test_class_names.py holds for the history versions too."""
    for version in VERSIONS:
        names = set(index_models(history_out["out"] / _package(version) / "models").module_of)
        assert len(names) > 100, version
        found = degenerate_names(names, read_document(history_spec(version)))
        assert found == {}, f"degenerate names generated from {version}: {found}"


def test_every_operation_resolves_its_models(version: str) -> None:
    operations = importlib.import_module(f"openai_compat._generated.{_package(version)}.operations")
    ops = operations.load_operations()
    assert ops and all(op.spec == version for op in ops)
    resolved = 0
    for op in ops:
        for ref in (op.request_model, op.response_model, op.stream_event_model, op.page_item_model):
            if ref:
                cls = resolve_model(op.spec, ref)
                cls.model_rebuild(raise_errors=True)  # every forward reference resolves
                resolved += 1
    assert resolved > len(ops)


MODEL = {"id": "m1", "object": "model", "created": 1, "owned_by": "me"}
COMPLETION = {
    "id": "c1", "object": "chat.completion", "created": 1, "model": "m",
    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                 "message": {"role": "assistant", "content": "hi"}}],
    "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
}  # fmt: skip


def test_models_list_is_a_page_of_typed_models(
    version: str, client: OpenAI, loopback_server: LoopbackServer
) -> None:
    answer_json(loopback_server, {"object": "list", "data": [MODEL, {**MODEL, "id": "m2"}]})
    page = resource(version, "models", "Models", client).list()
    assert isinstance(page, SyncPage)
    assert [(type(m).__name__, m.id) for m in page] == [("Model", "m1"), ("Model", "m2")]
    assert loopback_server.requests[0].path == "/v1/models"


def test_chat_completion_is_typed_and_sends_what_was_given(
    version: str, client: OpenAI, loopback_server: LoopbackServer
) -> None:
    answer_json(loopback_server, COMPLETION)
    completions = resource(version, "chat", "Chat", client).completions
    messages = [{"role": "user", "content": "hello"}]
    completion = completions.create(model="m", messages=messages, temperature=0.5)
    assert json.loads(loopback_server.requests[0].body) == {
        "model": "m", "messages": messages, "temperature": 0.5,
    }  # fmt: skip
    assert completion.choices[0].message.content == "hi"
    assert completion.usage.total_tokens == 3
    assert completion.system_fingerprint is None  # not sent: None, never a default


def test_chat_completion_stream_chunks_are_typed(
    version: str, client: OpenAI, loopback_server: LoopbackServer
) -> None:
    def handler(request: LoopbackRequest) -> None:
        request.start_chunked(headers={"Content-Type": "text/event-stream"})
        for text in ("Hel", "lo"):
            chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
                     "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]}  # fmt: skip
            request.write_chunk(b"data: " + json.dumps(chunk).encode() + b"\n\n")
        request.write_chunk(b"data: [DONE]\n\n")
        request.end_chunked()

    loopback_server.handler = handler
    completions = resource(version, "chat", "Chat", client).completions
    stream = completions.create(model="m", messages=[{"role": "user", "content": "x"}], stream=True)
    with stream:
        chunks = list(stream)
    assert {type(c).__name__ for c in chunks} == {"CreateChatCompletionStreamResponse"}
    assert "".join(c.choices[0].delta.content for c in chunks) == "Hello"


def test_embeddings_create_returns_the_response_not_a_page(
    version: str, client: OpenAI, loopback_server: LoopbackServer
) -> None:
    answer_json(
        loopback_server,
        {"object": "list", "model": "e", "usage": {"prompt_tokens": 1, "total_tokens": 1},
         "data": [{"object": "embedding", "index": 0, "embedding": [0.5, 0.25]}]},
    )  # fmt: skip
    response = resource(version, "embeddings", "Embeddings", client).create(model="e", input="x")
    assert type(response).__name__ == "CreateEmbeddingResponse"
    assert response.model == "e" and response.data[0].embedding == [0.5, 0.25]


def test_files_delete_takes_its_id_positionally(
    version: str, client: OpenAI, loopback_server: LoopbackServer
) -> None:
    answer_json(loopback_server, {"id": "file-1", "object": "file", "deleted": True})
    deleted = resource(version, "files", "Files", client).delete("file-1")
    assert loopback_server.requests[0].method == "DELETE"
    assert loopback_server.requests[0].path == "/v1/files/file-1"
    assert deleted.deleted is True


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("openai-2023-12-15", "openai-2024-12-18"),
        ("openai-2024-12-18", "current"),
        ("openai-2023-12-15", "current"),
    ],
)
def test_codegen_diff_runs_across_the_history(
    old: str, new: str, codegen_cli: Any, tmp_path: Path
) -> None:
    def lock(name: str) -> str:
        if name == "current":
            return "openai"  # the current pin, by name
        load_pin(name, HISTORY_PINS)  # a readable pin
        return str(HISTORY_PINS / f"{name}.lock.json")

    report = tmp_path / "diff.md"
    result = codegen_cli("diff", lock(old), lock(new), "--output", str(report))
    assert result.returncode == 0, result.stderr
    text = report.read_text(encoding="utf-8")
    assert text.startswith("## OpenAPI diff") and "### Operations" in text
    assert "breaking" in result.stdout
