"""`client.webhooks.unwrap()` / `verify_signature()`: check a webhook's Standard-Webhooks
signature (HMAC-SHA256 over "id.timestamp.body", secret given as `whsec_<base64>` or raw) and
timestamp window, then parse the payload into the event model named by its `type`.

`webhook_signature_matches` is pure (no I/O, the clock is a parameter); `Webhooks` /
`AsyncWebhooks` are the resource (both synchronous: nothing is sent).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from .._exceptions import InvalidWebhookSignatureError

if TYPE_CHECKING:
    from ..types.webhooks.unwrap_webhook_event import UnwrapWebhookEvent

__all__ = ["AsyncWebhooks", "Webhooks", "parse_webhook_event", "webhook_signature_matches"]

_NO_SECRET = (
    "The webhook secret must either be set using the env var, OPENAI_WEBHOOK_SECRET, "
    "on the client class, OpenAI(webhook_secret='123'), or passed to this function"
)


def _header(headers: Any, name: str) -> str:
    if not isinstance(headers, Mapping) and not hasattr(headers, "get"):
        raise TypeError(f"headers: expected a mapping of header names to values, got {headers!r}")
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        for key, candidate in headers.items():
            if isinstance(key, str) and key.lower() == lowered:
                value = candidate
                break
    if value is None:
        raise ValueError(f"Could not find {name} header")
    return value if isinstance(value, str) else str(value)


def _secret_key(secret: str) -> bytes:
    if secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret[6:])
        except binascii.Error as exc:
            raise ValueError(
                f"webhook secret: 'whsec_' is not followed by base64 ({exc})"
            ) from None
    return secret.encode()


def webhook_signature_matches(
    payload: str | bytes, headers: Any, *, secret: str, tolerance: int, now: float | None = None
) -> bool:
    """True when one of the `webhook-signature` values signs this payload. Raises
    `InvalidWebhookSignatureError` for a malformed, too old or too new timestamp, and
    ValueError for a missing header."""
    signature_header = _header(headers, "webhook-signature")
    timestamp = _header(headers, "webhook-timestamp")
    webhook_id = _header(headers, "webhook-id")
    try:
        seconds = int(timestamp)
    except ValueError:
        raise InvalidWebhookSignatureError("Invalid webhook timestamp format") from None
    current = int(time.time() if now is None else now)
    if current - seconds > tolerance:
        raise InvalidWebhookSignatureError("Webhook timestamp is too old")
    if seconds > current + tolerance:
        raise InvalidWebhookSignatureError("Webhook timestamp is too new")
    body = payload.decode("utf-8") if isinstance(payload, bytes) else payload
    signed = f"{webhook_id}.{timestamp}.{body}".encode()
    expected = base64.b64encode(hmac.new(_secret_key(secret), signed, hashlib.sha256).digest())
    expected_text = expected.decode()
    candidates = [part[3:] if part.startswith("v1,") else part for part in signature_header.split()]
    return any(hmac.compare_digest(expected_text, candidate) for candidate in candidates)


_event_models: dict[str, Any] = {}


def _webhook_models() -> dict[str, Any]:
    """`type` tag -> generated webhook event model: the members of `WebhookEvent`, the union
    of the spec's webhook payloads (openai-python's `UnwrapWebhookEvent`)."""
    if not _event_models:
        import typing

        from .._generated.openai.models import WebhookEvent
        from ._utils import union_members_literals

        union = typing.get_args(WebhookEvent.__value__)[0]  # Annotated[Union[...], Field]
        for model in typing.get_args(union):
            fields = getattr(model, "model_fields", None)
            if not fields or "type" not in fields:
                continue
            for tag in union_members_literals(fields["type"].annotation):
                _event_models[tag] = model
    return _event_models


def parse_webhook_event(payload: str | bytes) -> Any:
    """The payload as the event model its `type` names; an event type this client does not
    know is still parsed (as a generic model keeping every field) rather than refused."""
    from .._runtime._model import GenericModel
    from .._tolerant import parse_python

    body = payload.decode("utf-8") if isinstance(payload, bytes) else payload
    data = json.loads(body)
    kind = data.get("type") if isinstance(data, dict) else None
    model = _webhook_models().get(kind) if isinstance(kind, str) else None
    if model is None:
        return GenericModel.model_validate(data) if isinstance(data, dict) else data
    return parse_python(model, data)


class Webhooks:
    """`client.webhooks`: verify and parse webhook deliveries."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def unwrap(
        self, payload: str | bytes, headers: Any, *, secret: str | None = None
    ) -> UnwrapWebhookEvent:
        """Verify the signature (see `verify_signature`) and return the typed event (an event
        type the spec does not know comes back as a generic model, as `parse_webhook_event`)."""
        if secret is None:
            secret = self._client.webhook_secret
        self.verify_signature(payload=payload, headers=headers, secret=secret)
        return cast("UnwrapWebhookEvent", parse_webhook_event(payload))

    def verify_signature(
        self, payload: str | bytes, headers: Any, *, secret: str | None = None, tolerance: int = 300
    ) -> None:
        """Raise `InvalidWebhookSignatureError` unless the payload is signed with the secret
        (the argument, else the client's `webhook_secret` / OPENAI_WEBHOOK_SECRET) and its
        timestamp is within `tolerance` seconds of now."""
        if secret is None:
            secret = self._client.webhook_secret
        if secret is None:
            raise ValueError(_NO_SECRET)
        if not webhook_signature_matches(payload, headers, secret=secret, tolerance=tolerance):
            raise InvalidWebhookSignatureError(
                "The given webhook signature does not match the expected signature"
            )


class AsyncWebhooks(Webhooks):
    """`client.webhooks` of the async clients: the same synchronous methods (nothing is sent)."""
