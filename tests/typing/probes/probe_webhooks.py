"""User code: a webhook receiver (client.webhooks.unwrap and the types.webhooks event models)."""

from __future__ import annotations

from typing_extensions import assert_type

from openai_compat import OpenAI
from openai_compat.types.webhooks import (
    BatchCompletedWebhookEvent,
    ResponseCompletedWebhookEvent,
    UnwrapWebhookEvent,
)
from openai_compat.types.webhooks.batch_completed_webhook_event import Data

client = OpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1", webhook_secret="whsec_x")


def receive(body: str, headers: dict[str, str]) -> None:
    event = client.webhooks.unwrap(body, headers)
    assert_type(event, UnwrapWebhookEvent)
    if isinstance(event, BatchCompletedWebhookEvent):
        assert_type(event.data, Data)
        assert_type(event.data.id, str)
        assert_type(event.created_at, int)
    elif isinstance(event, ResponseCompletedWebhookEvent):
        assert_type(event.data.id, str)
    event.not_a_field  # type: ignore[union-attr]  # pyright: ignore[reportAttributeAccessIssue]
    client.webhooks.verify_signature(body, headers, secret=None)
