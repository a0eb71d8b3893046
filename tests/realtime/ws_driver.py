"""One client session, run with openai-python or openai_compat (the parity tests run it in a
subprocess with each and compare what the server received and what the client got back).

    python ws_driver.py openai|openai_compat sync|async PORT SESSION...

Runs each session on a connection of its own, in order, and prints one JSON object per session:
the events received (`type` and fields), and the error that ended the session, if any (its class
and base class names).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import sys
from typing import Any

LIB, MODE, PORT, SESSION_NAMES = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
lib: Any = importlib.import_module(LIB)
HTTP = f"http://127.0.0.1:{PORT}"
received: list[dict[str, Any]] = []

ITEM = {"type": "message", "role": "user",
        "content": [{"type": "input_text", "text": "Héllo ✓ – what's the weather?"}]}  # noqa: RUF001  # fmt: skip
SESSION_CONFIG = {"type": "realtime", "instructions": "Be brief.", "output_modalities": ["audio"],
                  "audio": {"output": {"voice": "marin"}}}  # fmt: skip


def client(azure: dict[str, Any] | None = None, **options: Any) -> Any:
    if azure is not None:
        cls = lib.AsyncAzureOpenAI if MODE == "async" else lib.AzureOpenAI
        return cls(azure_endpoint=HTTP, api_version="2025-04-01-preview",
                   websocket_base_url=f"ws://127.0.0.1:{PORT}/openai", **azure)  # fmt: skip
    cls = lib.AsyncOpenAI if MODE == "async" else lib.OpenAI
    return cls(api_key="sk-parity-SECRET", base_url=f"{HTTP}/v1", **options)


async def call(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def events_until(conn: Any, *types: str) -> None:
    """Record events until one of `types` (or the end of the connection)."""
    iterator = conn.__aiter__() if MODE == "async" else iter(conn)
    while True:
        try:
            event = await iterator.__anext__() if MODE == "async" else next(iterator)
        except (StopIteration, StopAsyncIteration):
            return
        received.append({"type": event.type, "data": event.model_dump(mode="json", exclude_unset=True)})
        if event.type in types:
            return


async def voice(conn: Any) -> None:
    await call(conn.session.update(session=SESSION_CONFIG))
    await events_until(conn, "session.updated")
    await call(conn.conversation.item.create(item=ITEM, event_id="client_item"))
    await events_until(conn, "conversation.item.done")
    for chunk in ("UklGRiQAAABXQVZF", "AAAAAAAAAAAA", "//79/f39"):
        await call(conn.input_audio_buffer.append(audio=chunk))
    await call(conn.input_audio_buffer.commit())
    await events_until(conn, "input_audio_buffer.committed")
    await call(conn.response.create(response={"instructions": "Answer in one word.",
                                              "metadata": {"turn": "1"}}))  # fmt: skip
    await events_until(conn, "response.done")
    await call(conn.response.cancel(event_id="client_cancel"))
    await events_until(conn, "error")
    await call(conn.conversation.item.truncate(item_id="item_out", content_index=0, audio_end_ms=1500))
    await call(conn.conversation.item.retrieve(item_id="item_out"))
    await call(conn.conversation.item.delete(item_id="item_out", event_id="client_delete"))
    await call(conn.input_audio_buffer.clear())
    await call(conn.output_audio_buffer.clear())
    await call(conn.send({"type": "trigger.close"}))
    await events_until(conn)


async def text(conn: Any) -> None:
    await call(conn.response.create(model="gpt-5", instructions="Be brief.", stream_id="lane-1",
                                    input=[{"role": "user", "content": "Say hello ✓"}],
                                    metadata={"k": "v"}, store=False))  # fmt: skip
    await events_until(conn, "response.completed")
    await call(conn.response.create(model="gpt-5", input="Again", previous_response_id="resp_ws_1"))
    await events_until(conn, "response.completed")
    await call(conn.send({"type": "response.bogus"}))
    await events_until(conn, "error")


async def beta(conn: Any) -> None:
    await call(conn.session.update(session={"instructions": "Be brief.", "voice": "alloy"}))
    await events_until(conn, "session.updated")
    await call(conn.response.create(response={"modalities": ["text"]}))
    await events_until(conn, "response.done")


async def error(conn: Any) -> None:
    await call(conn.send({"type": "trigger.error", "event_id": "client_bad"}))
    await events_until(conn, "error")
    await call(conn.send({"type": "trigger.close"}))
    await events_until(conn)


async def drop(conn: Any) -> None:
    await call(conn.session.update(session=SESSION_CONFIG))
    await events_until(conn, "session.updated")
    await call(conn.send({"type": "trigger.drop"}))
    await events_until(conn)


async def azure(conn: Any) -> None:
    await call(conn.session.update(session=SESSION_CONFIG))
    await events_until(conn, "session.updated")


SESSIONS: dict[str, tuple[Any, Any]] = {
    "voice": (lambda: client().realtime.connect(model="gpt-realtime",
                                                extra_query={"trace": "on"}), voice),
    "text": (lambda: client().responses.connect(extra_headers={"X-Trace": "1"}), text),
    "beta": (lambda: client(websocket_base_url=f"ws://127.0.0.1:{PORT}/v1").beta.realtime.connect(
        model="gpt-4o-realtime-preview"), beta),
    "error": (lambda: client().realtime.connect(model="gpt-realtime"), error),
    "drop": (lambda: client().realtime.connect(model="gpt-realtime"), drop),
    "azure_key": (lambda: client(azure={"api_key": "azure-key-SECRET"}).realtime.connect(
        model="my-deployment"), azure),
    "azure_ad": (lambda: client(azure={"azure_ad_token": "ad-token-SECRET"}).realtime.connect(
        model="my-deployment"), azure),
}  # fmt: skip


async def main(session: str) -> dict[str, Any]:
    open_manager, run = SESSIONS[session]
    outcome: dict[str, Any] = {"error": None}
    received.clear()
    try:
        if MODE == "async":
            async with open_manager() as conn:
                await run(conn)
        else:
            with open_manager() as conn:
                await run(conn)
    except Exception as exc:
        outcome["error"] = [cls.__name__ for cls in type(exc).__mro__]
    outcome["events"] = list(received)
    return outcome


for name in SESSION_NAMES:
    print(json.dumps(asyncio.run(main(name))))
