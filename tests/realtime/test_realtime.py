"""Realtime and Responses over WebSocket against a loopback server: every test body runs with the
sync and the async client (`mode`), through the same helpers (`enter`, `call`, `collect`)."""

from __future__ import annotations

import inspect
import json
import socket
import subprocess
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from websockets.exceptions import ConnectionClosed, ConnectionClosedError
from websockets.sync.server import ServerConnection
from ws_scenarios import (
    AUDIO_DELTAS,
    TEXT_DELTAS,
    UNKNOWN_EVENT,
    serve_by_path,
    serve_realtime,
    serve_responses,
)
from ws_server import ConnectionRecord, WebSocketServer, receive

from openai_compat import (
    APIConnectionError,
    AsyncAzureOpenAI,
    AsyncOpenAI,
    AuthenticationError,
    AzureOpenAI,
    InvalidArgumentError,
    OpenAI,
    OpenAIError,
    WebSocketConnectionClosedError,
    WebSocketQueueFullError,
    omit,
    tolerated,
)
from openai_compat._realtime import ReconnectingEvent, WebSocketConnectionError
from openai_compat._runtime import GenericModel

API_KEY = "sk-realtime-0123456789SECRET"
SESSION = {"type": "realtime", "instructions": "Be brief.", "output_modalities": ["audio"]}


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def make_client(mode: str, server: WebSocketServer, **options: Any) -> Any:
    options.setdefault("api_key", API_KEY)
    options.setdefault("base_url", server.http_url("/v1"))
    return (AsyncOpenAI if mode == "async" else OpenAI)(**options)


def make_azure(mode: str, server: WebSocketServer, **options: Any) -> Any:
    options.setdefault("azure_endpoint", server.http_url())
    options.setdefault("api_version", "2025-04-01-preview")
    return (AsyncAzureOpenAI if mode == "async" else AzureOpenAI)(**options)


async def call(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def enter(manager: Any) -> Any:
    return await call(manager.enter())


async def collect(conn: Any, until: str | None = None, limit: int = 1000) -> list[Any]:
    """Events until one of type `until` (included), or until iteration ends."""
    events: list[Any] = []
    if hasattr(conn, "__aiter__"):
        async for event in conn:
            events.append(event)
            if event.type == until or len(events) >= limit:
                break
    else:
        for event in conn:
            events.append(event)
            if event.type == until or len(events) >= limit:
                break
    return events


def query_of(record: ConnectionRecord) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(record.path).query, keep_blank_values=True))


# -- sessions -------------------------------------------------------------------------------------


async def test_voice_session_typed_events(mode: str) -> None:
    with WebSocketServer(serve_realtime) as server:
        conn = await enter(make_client(mode, server).realtime.connect(model="gpt-realtime"))
        await call(conn.session.update(session=SESSION))
        for chunk in ("UklGRiQA", "AAAAAAAA"):
            await call(conn.input_audio_buffer.append(audio=chunk))
        await call(conn.input_audio_buffer.commit())
        await call(conn.response.create())
        events = await collect(conn, until="response.done")
        await call(conn.close())

    types = [e.type for e in events]
    assert types[:3] == ["session.updated", "input_audio_buffer.committed", "response.created"]
    assert types[-1] == "response.done"
    audio = [e for e in events if e.type == "response.output_audio.delta"]
    transcript = "".join(e.delta for e in events if e.type == "response.output_audio_transcript.delta")
    assert len(audio) == AUDIO_DELTAS
    assert transcript == "".join(f"word{i} " for i in range(AUDIO_DELTAS))
    assert type(audio[0]).__name__ == "RealtimeServerEventResponseAudioDelta"
    assert audio[0].response_id == "resp_1" and audio[0].content_index == 0
    assert events[0].session.instructions == "Be brief."
    assert events[-1].response.status == "completed"
    known = [e for e in events if e.type != UNKNOWN_EVENT["type"]]
    assert all(tolerated(e) == [] for e in known)  # the fixtures are valid for the spec
    assert [json.loads(f)["type"] for f in server.records[0].frames] == [
        "session.update", "input_audio_buffer.append", "input_audio_buffer.append",
        "input_audio_buffer.commit", "response.create",
    ]  # fmt: skip
    assert query_of(server.records[0]) == {"model": "gpt-realtime"}
    assert server.records[0].path.startswith("/v1/realtime?")


async def test_unknown_event_kept_as_generic_model(mode: str) -> None:
    with WebSocketServer(serve_realtime) as server:
        conn = await enter(make_client(mode, server).realtime.connect(model="m"))
        await call(conn.response.create())
        events = await collect(conn, until="response.done")
        await call(conn.close())
    unknown = [e for e in events if e.type == UNKNOWN_EVENT["type"]]
    assert len(unknown) == 1
    assert isinstance(unknown[0], GenericModel)
    assert unknown[0].payload == {"a": [1, 2]}
    assert [issue.kind for issue in tolerated(unknown[0])] == ["unknown_variant"]
    assert events[-1].type == "response.done"  # nothing after it was lost


async def test_text_session_over_responses(mode: str) -> None:
    with WebSocketServer(serve_responses) as server:
        manager = make_client(mode, server).responses.connect()
        conn = await enter(manager)
        await call(conn.response.create(model="gpt-5", input="Say hello", stream_id="lane-1"))
        events = await collect(conn, until="response.completed")
        await call(conn.response.create(model="gpt-5", input="Again"))
        second = await collect(conn, until="response.completed")
        await call(conn.close())

    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert text == "".join(TEXT_DELTAS)
    assert events[-1].response.output[0].content[0].text == text
    assert type(events[-1]).__name__ == "ResponsesServerEventResponseWsCompleted"
    assert {e.stream_id for e in events} == {"lane-1"}
    assert {e.stream_id for e in second} == {None}  # not sent, so None
    assert all(tolerated(e) == [] for e in events + second)
    assert server.records[0].path == "/v1/responses"
    assert json.loads(server.records[0].frames[0]) == {
        "type": "response.create", "input": "Say hello", "model": "gpt-5", "stream_id": "lane-1"
    }  # fmt: skip


async def test_response_create_rejects_unknown_arguments(mode: str) -> None:
    with WebSocketServer(serve_responses) as server:
        conn = await enter(make_client(mode, server).responses.connect())
        with pytest.raises(InvalidArgumentError, match=r"unexpected argument.*modle"):
            await call(conn.response.create(modle="gpt-5"))
        await call(conn.close())
    assert server.records[0].frames == []


async def test_server_error_event_is_typed(mode: str) -> None:
    with WebSocketServer(serve_by_path) as server:
        client = make_client(mode, server)
        conn = await enter(client.realtime.connect(model="m"))
        await call(conn.send({"type": "trigger.error", "event_id": "client_1"}))
        [event] = await collect(conn, until="error")
        await call(conn.close())
        assert type(event).__name__ == "RealtimeServerEventError"
        assert event.error.code == "invalid_value" and event.error.event_id == "client_1"

        conn = await enter(client.responses.connect())
        await call(conn.send({"type": "response.bogus"}))
        [event] = await collect(conn, until="error")
        await call(conn.close())
        assert type(event).__name__ == "ResponseWsError"
        assert event.status == 400 and event.error.code == "unknown_event"


async def test_dispatch_events_raises_on_unhandled_error_and_calls_handlers(mode: str) -> None:
    with WebSocketServer(serve_realtime) as server:
        client = make_client(mode, server)
        conn = await enter(client.realtime.connect(model="m"))
        await call(conn.send({"type": "trigger.error"}))
        with pytest.raises(OpenAIError, match="bad value"):
            await call(conn.dispatch_events())
        await call(conn.close())

        seen: list[str] = []
        manager = client.realtime.connect(model="m")
        manager.on("error", lambda event: seen.append("error:" + event.error.code))
        manager.once("event", lambda event: seen.append("first:" + event.type))
        conn = await enter(manager)

        @conn.on("session.updated")
        def updated(event: Any) -> None:
            seen.append("updated")

        conn.off("session.updated", updated)
        if mode == "async":  # the async connection awaits handlers that are coroutines

            async def updated_2(event: Any) -> None:
                seen.append("updated-2")

            conn.on("session.updated", updated_2)
        else:
            conn.on("session.updated", lambda event: seen.append("updated-2"))
        await call(conn.send({"type": "trigger.error"}))
        await call(conn.session.update(session=SESSION))
        await call(conn.send({"type": "trigger.close"}))
        await call(conn.dispatch_events())  # returns when the server closes normally
    assert seen == ["error:invalid_value", "first:error", "updated-2"]


# -- closing and dropping -------------------------------------------------------------------------


async def test_abrupt_close_mid_response_raises_connection_error(mode: str) -> None:
    with WebSocketServer(serve_realtime) as server:
        conn = await enter(make_client(mode, server).realtime.connect(model="m"))
        await call(conn.send({"type": "trigger.drop"}))
        events: list[Any] = []
        with pytest.raises(WebSocketConnectionError) as info:
            if mode == "async":
                async for event in conn:
                    events.append(event)
            else:
                for event in conn:
                    events.append(event)
    assert [e.type for e in events] == ["response.created", "response.output_audio.delta",
                                        "response.output_audio_transcript.delta"]  # fmt: skip
    error = info.value
    assert isinstance(error, APIConnectionError)
    assert isinstance(error, ConnectionClosedError)  # what openai-python code catches
    assert error.close_code == 1006
    assert "1006" in str(error) and API_KEY not in str(error) and API_KEY not in repr(error)
    assert str(error.request.url).startswith("http://127.0.0.1:")
    assert "authorization" not in error.request.headers


async def test_recv_after_drop_raises_and_normal_close_ends_iteration(mode: str) -> None:
    with WebSocketServer(serve_realtime) as server:
        client = make_client(mode, server)
        conn = await enter(client.realtime.connect(model="m"))
        await call(conn.send({"type": "trigger.drop"}))
        for _ in range(3):
            await call(conn.recv())
        with pytest.raises(WebSocketConnectionError):
            await call(conn.recv())

        conn = await enter(client.realtime.connect(model="m"))
        await call(conn.send({"type": "trigger.close"}))
        assert await collect(conn) == []  # the server's normal close ends iteration quietly
        with pytest.raises(ConnectionClosed):  # and recv() says the connection is closed
            await call(conn.recv())


async def test_raw_messages_and_non_json(mode: str) -> None:
    def script(connection: ServerConnection, record: ConnectionRecord) -> None:
        receive(connection, record)
        connection.send(b'{"type": "input_audio_buffer.cleared", "event_id": "e1"}')
        connection.send("not json")
        connection.send("[1, 2]")
        receive(connection, record)

    with WebSocketServer(script) as server:
        conn = await enter(make_client(mode, server).realtime.connect(model="m"))
        await call(conn.input_audio_buffer.clear(event_id="c1"))
        raw = await call(conn.recv_bytes())
        assert raw == b'{"type": "input_audio_buffer.cleared", "event_id": "e1"}'
        assert conn.parse_event(raw).event_id == "e1"
        with pytest.raises(ValueError, match="not valid JSON"):
            await call(conn.recv())
        with pytest.raises(ValueError, match="expected a JSON object for RealtimeServerEvent, got a JSON array"):
            await call(conn.recv())
        await call(conn.close())


# -- what is sent ---------------------------------------------------------------------------------


async def test_helpers_send_openai_python_frames(mode: str) -> None:
    def script(connection: ServerConnection, record: ConnectionRecord) -> None:
        while True:
            receive(connection, record)

    with WebSocketServer(script) as server:
        conn = await enter(make_client(mode, server).realtime.connect(model="m"))
        await call(conn.conversation.item.create(item={"type": "message", "role": "user",
                   "content": [{"type": "input_text", "text": "héllo"}]}, previous_item_id="p"))  # fmt: skip
        await call(conn.conversation.item.truncate(item_id="i", content_index=0, audio_end_ms=5))
        await call(conn.response.cancel(response_id="r", event_id=omit))
        await call(conn.output_audio_buffer.clear())
        from openai_compat.types import RealtimeClientEventResponseCreate  # type: ignore[attr-defined]

        await call(conn.send(RealtimeClientEventResponseCreate(type="response.create", event_id="x")))
        await call(conn.close())
    assert server.records[0].frames == [
        '{"type": "conversation.item.create", "item": {"type": "message", "role": "user", '
        '"content": [{"type": "input_text", "text": "h\\u00e9llo"}]}, "previous_item_id": "p"}',
        '{"type": "conversation.item.truncate", "audio_end_ms": 5, "content_index": 0, '
        '"item_id": "i"}',
        '{"type": "response.cancel", "response_id": "r"}',
        '{"type": "output_audio_buffer.clear"}',
        # A model is sent as openai-python sends one (its set fields, indented); the keys come
        # in the spec's order, which may differ from openai-python's class.
        '{\n  "event_id": "x",\n  "type": "response.create"\n}',
    ]


async def test_send_rejects_what_is_not_an_event(mode: str) -> None:
    with WebSocketServer(serve_realtime) as server:
        conn = await enter(make_client(mode, server).realtime.connect(model="m"))
        with pytest.raises(InvalidArgumentError, match=r"expected a client event.*list"):
            await call(conn.send(["response.create"]))
        with pytest.raises(InvalidArgumentError, match="cannot be sent as JSON"):
            await call(conn.send({"type": "x", "when": object()}))
        await call(conn.close())


async def test_manager_send_queues_until_open_and_bounds_the_queue(mode: str) -> None:
    with WebSocketServer(serve_realtime) as server:
        manager = make_client(mode, server).realtime.connect(model="m", max_queue_size=64)
        manager.send({"type": "session.update", "session": {"type": "realtime"}})
        with pytest.raises(WebSocketQueueFullError, match="queue is full"):
            manager.send({"type": "input_audio_buffer.append", "audio": "A" * 100})
        conn = await enter(manager)
        [event] = await collect(conn, until="session.updated")
        await call(conn.close())
    assert event.type == "session.updated"
    assert len(server.records[0].frames) == 1


# -- URLs, headers, credentials -------------------------------------------------------------------


async def test_url_and_headers_follow_client_options(mode: str) -> None:
    with WebSocketServer(serve_realtime) as server:
        client = make_client(
            mode, server, base_url=server.http_url("/v1/"), organization="org-1",
            default_headers={"X-Default": "d", "X-Gone": "g"}, default_query={"tenant": "t1"},
        )  # fmt: skip
        manager = client.realtime.connect(
            model="gpt-realtime", call_id="call_9", extra_query={"tenant": "t2", "debug": None},
            extra_headers={"X-Extra": "e", "x-gone": omit},
        )  # fmt: skip
        conn = await enter(manager)
        await call(conn.close())
    record = server.records[0]
    assert urlsplit(record.path).path == "/v1/realtime"
    assert query_of(record) == {"model": "gpt-realtime", "call_id": "call_9", "tenant": "t2",
                                "debug": ""}  # fmt: skip
    headers = {k.lower(): v for k, v in record.headers.items()}
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["openai-organization"] == "org-1"
    assert headers["x-default"] == "d" and headers["x-extra"] == "e"
    assert "x-gone" not in headers and "openai-beta" not in headers


async def test_websocket_base_url_and_beta_header(mode: str) -> None:
    with WebSocketServer(serve_realtime) as server:
        client = make_client(mode, server, base_url="https://api.invalid/v1",
                             websocket_base_url=f"ws://127.0.0.1:{server.port}/ws")  # fmt: skip
        conn = await enter(client.beta.realtime.connect(model="gpt-4o-realtime-preview"))
        await call(conn.transcription_session.update(session={"input_audio_format": "pcm16"}))
        [event] = await collect(conn, until="transcription_session.updated")
        await call(conn.close())
    record = server.records[0]
    assert record.path == "/ws/realtime?model=gpt-4o-realtime-preview"
    assert record.headers["OpenAI-Beta"] == "realtime=v1"
    assert event.type == "transcription_session.updated"
    assert type(event).__name__ == "RealtimeBetaServerEventTranscriptionSessionUpdated"


async def test_callable_api_key_is_resolved_per_connection(mode: str) -> None:
    keys = iter(["sk-first-SECRET", "sk-second-SECRET"])
    with WebSocketServer(serve_realtime) as server:
        client = make_client(mode, server, api_key=lambda: next(keys))
        for _ in range(2):
            conn = await enter(client.realtime.connect(model="m"))
            await call(conn.close())
    assert [r.headers["Authorization"] for r in server.records] == [
        "Bearer sk-first-SECRET", "Bearer sk-second-SECRET"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("credentials", "header", "value"),
    [
        ({"api_key": "azure-key-SECRET"}, "api-key", "azure-key-SECRET"),
        ({"azure_ad_token": "ad-token-SECRET"}, "Authorization", "Bearer ad-token-SECRET"),
        ({"azure_ad_token_provider": lambda: "provided-SECRET"}, "Authorization",
         "Bearer provided-SECRET"),
    ],
)  # fmt: skip
async def test_azure_url_and_auth(mode: str, credentials: dict[str, Any], header: str,
                                  value: str) -> None:  # fmt: skip
    with WebSocketServer(serve_by_path) as server:
        client = make_azure(mode, server, **credentials)
        conn = await enter(client.realtime.connect(model="my-deployment"))
        await call(conn.session.update(session=SESSION))
        [event] = await collect(conn, until="session.updated")
        await call(conn.close())
        conn = await enter(client.responses.connect())
        await call(conn.close())
    realtime, responses = server.records
    assert urlsplit(realtime.path).path == "/openai/realtime"
    assert query_of(realtime) == {"api-version": "2025-04-01-preview", "deployment": "my-deployment"}
    assert realtime.headers[header] == value
    other = ({"api-key", "authorization"} - {header.lower()}).pop()
    assert other not in {k.lower() for k in realtime.headers}
    assert event.type == "session.updated"
    assert responses.path == "/openai/responses?api-version=2025-04-01-preview"
    assert responses.headers[header] == value


async def test_azure_deployment_option_and_missing_deployment(mode: str) -> None:
    with WebSocketServer(serve_realtime) as server:
        client = make_azure(mode, server, api_key="k", azure_deployment="fixed-dep")
        conn = await enter(client.realtime.connect(model="ignored"))
        await call(conn.close())
        assert query_of(server.records[0])["deployment"] == "fixed-dep"
        with pytest.raises(InvalidArgumentError, match="deployment"):
            await enter(make_azure(mode, server, api_key="k").realtime.connect())


# -- failures to connect --------------------------------------------------------------------------


async def test_handshake_rejected_is_a_status_error(mode: str) -> None:
    body = b'{"error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}}'
    server = WebSocketServer(serve_realtime, reject=(401, body))
    with server, pytest.raises(AuthenticationError) as info:
        await enter(make_client(mode, server).realtime.connect(model="m"))
    assert info.value.status_code == 401
    assert "Incorrect API key provided" in str(info.value)
    assert API_KEY not in str(info.value)


async def test_connection_refused_is_a_connection_error(mode: str) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    client = (AsyncOpenAI if mode == "async" else OpenAI)(
        api_key=API_KEY, base_url=f"http://127.0.0.1:{port}/v1"
    )
    with pytest.raises(APIConnectionError, match="Could not open the WebSocket"):
        await enter(client.realtime.connect(model="m"))


def test_missing_websockets_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['websockets'] = None\n"
        "from openai_compat import OpenAI, OpenAIError\n"
        "client = OpenAI(api_key='k', base_url='http://127.0.0.1:9/v1')\n"
        "client.realtime.client_secrets, client.beta.realtime.sessions  # HTTP: no websockets\n"
        "manager = client.realtime.connect(model='m')\n"  # creating the manager needs nothing
        "try:\n    manager.enter()\nexcept OpenAIError as e:\n    print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "pip install 'openai-compat[realtime]'" in done.stdout, done.stderr


# -- reconnecting ---------------------------------------------------------------------------------


def _flaky(closes: list[int]) -> Callable[[ServerConnection, ConnectionRecord], None]:
    """Closes the n-th connection with closes[n] after its first message; later ones serve."""

    def script(connection: ServerConnection, record: ConnectionRecord) -> None:
        index = len(records_seen)
        records_seen.append(record)
        if index < len(closes):
            receive(connection, record)
            connection.close(closes[index], "restarting")
            return
        serve_realtime(connection, record)

    records_seen: list[ConnectionRecord] = []
    return script


async def test_reconnects_on_recoverable_close(mode: str) -> None:
    attempts: list[ReconnectingEvent] = []

    holder: dict[str, Any] = {}

    def on_reconnecting(event: ReconnectingEvent) -> Any:
        attempts.append(event)
        overrides = {"extra_query": {"resume": str(event.attempt)}}
        # Sent while reconnecting: queued, then sent on the new connection.
        sent = holder["conn"].session.update(session=SESSION)
        if inspect.isawaitable(sent):

            async def then() -> dict[str, Any]:
                await sent
                return overrides

            return then()
        return overrides

    with WebSocketServer(_flaky([1012])) as server:
        manager = make_client(mode, server).realtime.connect(
            model="m", on_reconnecting=on_reconnecting, initial_delay=0.01, max_delay=0.02
        )
        conn = holder["conn"] = await enter(manager)
        await call(conn.session.update(session=SESSION))  # the server closes after this one
        [event] = await collect(conn, until="session.updated")
        await call(conn.close())
    assert event.type == "session.updated"
    assert [(a.attempt, a.close_code, a.max_attempts) for a in attempts] == [(1, 1012, 5)]
    assert 0 < attempts[0].delay <= 0.01
    assert len(server.records) == 2
    assert query_of(server.records[1]) == {"model": "m", "resume": "1"}


async def test_no_reconnect_on_policy_close_or_abort(mode: str) -> None:
    with WebSocketServer(_flaky([1008])) as server:  # policy violation: not worth retrying
        manager = make_client(mode, server).realtime.connect(
            model="m", on_reconnecting=lambda event: pytest.fail("must not reconnect")
        )
        conn = await enter(manager)
        await call(conn.send({"type": "x"}))
        with pytest.raises(WebSocketConnectionError, match="1008"):
            await collect(conn)

    with WebSocketServer(_flaky([1011])) as server:
        holder: dict[str, Any] = {}

        def abort(event: ReconnectingEvent) -> Any:
            # Sent while reconnecting: queued, then reported unsent when recovery is abandoned.
            sent = holder["conn"].send({"type": "input_audio_buffer.commit"})
            if inspect.isawaitable(sent):

                async def then() -> dict[str, Any]:
                    await sent
                    return {"abort": True}

                return then()
            return {"abort": True}

        conn = await enter(make_client(mode, server).realtime.connect(model="m",
                                                                      on_reconnecting=abort))  # fmt: skip
        holder["conn"] = conn
        await call(conn.send({"type": "x"}))
        with pytest.raises(WebSocketConnectionClosedError) as info:
            await collect(conn)
    assert info.value.unsent_messages == ['{"type": "input_audio_buffer.commit"}']
    assert "input_audio_buffer" not in repr(vars(info.value))


# -- bad arguments (nothing is sent) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "param"),
    [({"max_retries": -1}, "max_retries"), ({"initial_delay": "soon"}, "initial_delay"),
     ({"max_queue_size": 1.5}, "max_queue_size"), ({"model": 4}, "model")],
)  # fmt: skip
def test_connect_rejects_bad_options(options: dict[str, Any], param: str) -> None:
    client = OpenAI(api_key=API_KEY, base_url="http://127.0.0.1:9/v1")
    options.setdefault("model", "m")
    with pytest.raises(InvalidArgumentError, match=param) as info:
        client.realtime.connect(**options)
    assert info.value.param == param


async def test_websocket_base_url_must_be_a_websocket_or_http_url(mode: str) -> None:
    client = (AsyncOpenAI if mode == "async" else OpenAI)(
        api_key=API_KEY, base_url="http://127.0.0.1:9/v1", websocket_base_url="ftp://x/y"
    )
    with pytest.raises(InvalidArgumentError, match=r"websocket_base_url.*ftp://x/y"):
        await enter(client.realtime.connect(model="m"))


def test_backoff_grows_and_is_capped() -> None:
    from openai_compat._realtime._support import ReconnectPolicy

    policy = ReconnectPolicy(lambda event: None, max_retries=5, initial_delay=0.5, max_delay=2.0)
    for attempt, base in [(1, 0.5), (2, 1.0), (3, 2.0), (6, 2.0)]:
        for _ in range(20):
            assert 0.75 * base <= policy.delay(attempt) <= base
    assert policy.wanted(1006, closed_by_us=False)
    assert not policy.wanted(1006, closed_by_us=True)
    assert not policy.wanted(1008, closed_by_us=False)
    assert not ReconnectPolicy(None).wanted(1006, closed_by_us=False)
