"""`client.webhooks.unwrap` / `verify_signature`: signatures, timestamp tolerance, secrets from
the client option or OPENAI_WEBHOOK_SECRET, and the typed event union."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest

import openai_compat as oc
from openai_compat.lib._webhooks import webhook_signature_matches

KEY = b"webhook-test-key"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
BODY = json.dumps({"id": "evt_1", "object": "event", "created_at": 1,
                   "type": "response.completed", "data": {"id": "resp_1"}})  # fmt: skip


def signed(body: str = BODY, *, at: int | None = None, key: bytes = KEY) -> dict[str, str]:
    stamp = str(int(time.time()) if at is None else at)
    mac = hmac.new(key, f"evt_1.{stamp}.{body}".encode(), hashlib.sha256).digest()
    return {"webhook-id": "evt_1", "webhook-timestamp": stamp,
            "webhook-signature": "v1," + base64.b64encode(mac).decode()}  # fmt: skip


AZURE = {"api_key": "azure-key", "api_version": "2024-10-21", "azure_endpoint": "http://127.0.0.1:9"}
CLIENTS = {
    "sync": lambda **o: oc.OpenAI(api_key="sk-test", **o),
    "async": lambda **o: oc.AsyncOpenAI(api_key="sk-test", **o),
    # openai-python's AzureOpenAI has client.webhooks too (webhook_secret / the environment)
    "azure": lambda **o: oc.AzureOpenAI(**AZURE, **o),
    "async_azure": lambda **o: oc.AsyncAzureOpenAI(**AZURE, **o),
}


@pytest.fixture(params=sorted(CLIENTS))
def client(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.delenv("OPENAI_WEBHOOK_SECRET", raising=False)
    return CLIENTS[request.param](webhook_secret=SECRET)


def test_unwrap_returns_the_typed_event(client: oc.OpenAI) -> None:
    event = client.webhooks.unwrap(BODY, signed())
    assert event.type == "response.completed" and event.data.id == "resp_1"
    # openai-python's class, under its name and module path (openai.types.webhooks)
    from openai_compat.types.webhooks import ResponseCompletedWebhookEvent
    from openai_compat.types.webhooks.response_completed_webhook_event import Data

    assert type(event) is ResponseCompletedWebhookEvent
    assert type(event).__name__ == "ResponseCompletedWebhookEvent"
    assert isinstance(event.data, Data) and type(event.data).__name__ == "Data"
    assert client.webhooks.unwrap(BODY.encode(), signed()).id == "evt_1"  # bytes payload


def test_unknown_event_type_is_kept_not_refused(client: oc.OpenAI) -> None:
    body = json.dumps({"id": "evt_2", "type": "brand.new", "data": {"x": 1}})
    event = client.webhooks.unwrap(body, signed(body))
    assert event.type == "brand.new" and event.data == {"x": 1}


def test_a_tampered_body_or_wrong_key_is_refused(client: oc.OpenAI) -> None:
    with pytest.raises(oc.InvalidWebhookSignatureError, match="does not match"):
        client.webhooks.unwrap(BODY.replace("resp_1", "resp_2"), signed())
    with pytest.raises(oc.InvalidWebhookSignatureError):
        client.webhooks.verify_signature(BODY, signed(key=b"other"))
    assert issubclass(oc.InvalidWebhookSignatureError, ValueError)


def test_any_of_several_signatures_may_match(client: oc.OpenAI) -> None:
    headers = signed()
    headers["webhook-signature"] = "v1,bm9wZQ== " + headers["webhook-signature"]
    client.webhooks.verify_signature(BODY, headers)


def test_timestamp_tolerance(client: oc.OpenAI) -> None:
    now = int(time.time())
    client.webhooks.verify_signature(BODY, signed(at=now - 250))
    with pytest.raises(oc.InvalidWebhookSignatureError, match="too old"):
        client.webhooks.verify_signature(BODY, signed(at=now - 400))
    with pytest.raises(oc.InvalidWebhookSignatureError, match="too new"):
        client.webhooks.verify_signature(BODY, signed(at=now + 400))
    client.webhooks.verify_signature(BODY, signed(at=now - 400), tolerance=600)
    headers = signed()
    headers["webhook-timestamp"] = "yesterday"
    with pytest.raises(oc.InvalidWebhookSignatureError, match="timestamp format"):
        client.webhooks.verify_signature(BODY, headers)


def test_missing_headers_and_secret_are_named(client: oc.OpenAI, monkeypatch: pytest.MonkeyPatch) -> None:
    headers = signed()
    del headers["webhook-id"]
    with pytest.raises(ValueError, match="Could not find webhook-id header"):
        client.webhooks.verify_signature(BODY, headers)
    bare = oc.OpenAI(api_key="sk-test")
    with pytest.raises(ValueError, match="OPENAI_WEBHOOK_SECRET"):
        bare.webhooks.verify_signature(BODY, signed())
    bare.webhooks.verify_signature(BODY, signed(), secret=SECRET)  # the argument is enough


@pytest.mark.parametrize("kind", sorted(CLIENTS))
def test_secret_from_the_environment_and_kept_by_with_options(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", SECRET)
    client = CLIENTS[kind]()
    assert client.webhook_secret == SECRET
    monkeypatch.delenv("OPENAI_WEBHOOK_SECRET")
    copy = client.with_options(timeout=3)
    assert copy.webhook_secret == SECRET
    copy.webhooks.verify_signature(BODY, signed())


def test_header_names_are_case_insensitive_and_raw_secrets_work() -> None:
    headers = {k.title(): v for k, v in signed(key=b"raw-secret").items()}
    assert webhook_signature_matches(BODY, headers, secret="raw-secret", tolerance=300)


def test_every_webhook_the_spec_describes_unwraps_to_openai_pythons_class() -> None:
    """Each payload of the spec's `webhooks:` section, by its `type`, becomes the class
    openai-python's `openai.types.webhooks` has for it (`batch.completed` ->
    `batch_completed_webhook_event.BatchCompletedWebhookEvent`)."""
    import importlib

    from codegen.document import read_document
    from codegen.pins import load_pin, locate
    from codegen.webhook_events import webhook_payload_refs

    spec = read_document(locate(load_pin("openai")))
    schemas = spec["components"]["schemas"]
    client = oc.OpenAI(api_key="sk-test", webhook_secret=SECRET)
    seen = []
    for ref in webhook_payload_refs(spec):
        schema = schemas[ref.rsplit("/", 1)[1]]
        tag = schema["properties"]["type"]["enum"][0]
        body = json.dumps({"id": "evt_1", "object": "event", "created_at": 1, "type": tag,
                           "data": {"id": "x_1", "call_id": "c", "session_id": "s",
                                    "sip_headers": []}})  # fmt: skip
        event = client.webhooks.unwrap(body, signed(body))
        stem = tag.replace(".", "_")
        module = importlib.import_module(f"openai_compat.types.webhooks.{stem}_webhook_event")
        expected = "".join(part.title() for part in stem.split("_")) + "WebhookEvent"
        assert type(event) is getattr(module, expected), tag
        assert type(event).__name__ == expected and event.type == tag
        seen.append(tag)
    assert len(seen) >= 16 and "realtime.call.incoming" in seen
