"""The spec's webhook payloads as one union component: `WebhookEvent`.

OpenAPI 3.1's top-level `webhooks:` section describes each event the API POSTs to a receiver
(`batch_completed` -> `WebhookBatchCompleted`), but nothing in `components` unites them: no
operation returns "any webhook event". A receiver needs exactly that union (openai-python's
`client.webhooks.unwrap()` returns its `UnwrapWebhookEvent`), so normalisation adds it: a
`oneOf` of every payload schema the section names, in spec order, told apart by `type`.
"""

from __future__ import annotations

from typing import Any

JSON = dict[str, Any]
WEBHOOK_EVENT_KEY = "WebhookEvent"
_METHODS = ("post", "put", "patch", "get", "delete")


def webhook_payload_refs(spec: JSON) -> list[str]:
    """The `$ref` of each webhook's JSON payload schema, in spec order, without repeats."""
    refs: list[str] = []
    for item in (spec.get("webhooks") or {}).values():
        if not isinstance(item, dict):
            continue
        for method in _METHODS:
            operation = item.get(method)
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            content = body.get("content") if isinstance(body, dict) else None
            for content_type, media in (content or {}).items():
                schema = media.get("schema") if isinstance(media, dict) else None
                ref = schema.get("$ref") if isinstance(schema, dict) else None
                if "json" in content_type and isinstance(ref, str) and ref not in refs:
                    refs.append(ref)
    return refs


def add_webhook_event_union(spec: JSON, schemas: JSON) -> None:
    """Add `WebhookEvent` (a discriminated `oneOf` of the webhook payloads) when the spec has
    webhooks and no schema of that name; the discriminator mapping is built later, from the
    variants' `type` values (normalisation step 2)."""
    refs = webhook_payload_refs(spec)
    if not refs or WEBHOOK_EVENT_KEY in schemas:
        return
    schemas[WEBHOOK_EVENT_KEY] = {
        "description": "Any event the API delivers to a webhook endpoint, told apart by `type`.",
        "oneOf": [{"$ref": ref} for ref in refs],
        "discriminator": {"propertyName": "type"},
    }
