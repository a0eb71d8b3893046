"""The pure SSE layers: WHATWG framing (`SSEDecoder`) and OpenAI stream meaning (`StreamInterpreter`).

The decoder is checked against a reference written straight from the WHATWG algorithm that reads
the whole input at once, so any read split must give the reference's events.
"""

from __future__ import annotations

import itertools
import json
import re

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openai_compat._exceptions import APIError, APIResponseValidationError, APIStreamError
from openai_compat._sse import ServerSentEvent, SSEDecoder, StreamInterpreter, invalid_event_error

Event = tuple[str, str, str, "int | None"]  # event, data, id, retry

REQUEST = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")


def reference_events(raw: bytes) -> list[Event]:
    """WHATWG event-stream interpretation of a complete input, one line at a time."""
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = re.split(r"\r\n|\r|\n", text)[:-1]  # the last piece has no line end: discarded
    events: list[Event] = []
    data_buffer, event_type, last_id, retry = "", "", "", None
    for line in lines:
        if line == "":
            if data_buffer:
                events.append((event_type or "message", data_buffer[:-1], last_id, retry))
            data_buffer, event_type, retry = "", "", None
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            data_buffer += value + "\n"
        elif name == "event":
            event_type = value
        elif name == "id" and "\0" not in value:
            last_id = value
        elif name == "retry" and re.fullmatch(r"[0-9]+", value):
            retry = int(value)
    return events


def decode(chunks: list[bytes]) -> list[Event]:
    decoder = SSEDecoder()
    events = [e for chunk in chunks for e in decoder.feed(chunk)]
    events += decoder.close()
    return [(e.event, e.data, e.id, e.retry) for e in events]


def split_at(raw: bytes, cuts: list[int]) -> list[bytes]:
    bounds = [0, *sorted(c % (len(raw) + 1) for c in cuts), len(raw)]
    return [raw[a:b] for a, b in itertools.pairwise(bounds)]


# --- framing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("line_end", ["\n", "\r", "\r\n"])
def test_every_line_end_kind_frames_events(line_end: str) -> None:
    raw = f"data: one{line_end}{line_end}data: two{line_end}{line_end}".encode()
    assert decode([raw]) == [("message", "one", "", None), ("message", "two", "", None)]


def test_mixed_line_ends_in_one_stream() -> None:
    raw = b"data: a\r\n\ndata: b\r\rdata: c\n\r\n"
    assert [e[1] for e in decode([raw])] == ["a", "b", "c"]


def test_crlf_split_across_reads_is_one_line_end() -> None:
    # A CR at the end of a read and the LF starting the next must not make a blank line.
    assert decode([b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]) == [("message", "a\nb", "", None)]


def test_lone_cr_then_more_data_in_the_next_read() -> None:
    assert decode([b"data: a\r", b"data: b\r", b"\r"]) == [("message", "a\nb", "", None)]


def test_every_two_cut_split_gives_the_same_events() -> None:
    raw = (
        "\ufeff: comment\r\nevent: delta\ndata: h\u00e9llo \u20ac \U0001f600\r\n"
        "data:second\r\rid: 7\ndata:  two spaces\n\nretry: 30\ndata\n\n"
    ).encode()
    expected = reference_events(raw)
    assert expected == [
        ("delta", "h\u00e9llo \u20ac \U0001f600\nsecond", "", None),
        ("message", " two spaces", "7", None),
        ("message", "", "7", 30),
    ]
    for i in range(len(raw) + 1):
        for j in range(i, len(raw) + 1):
            assert decode([raw[:i], raw[i:j], raw[j:]]) == expected, (i, j)


def test_utf8_sequence_split_byte_by_byte() -> None:
    raw = "data: \U0001f600\u00e9\n\n".encode()
    assert decode([raw[i : i + 1] for i in range(len(raw))]) == [
        ("message", "\U0001f600\u00e9", "", None)
    ]


def test_invalid_utf8_becomes_replacement_character() -> None:
    assert decode([b"data: a\xffb\xe2\x82\n\n"]) == [("message", "a\ufffdb\ufffd", "", None)]


def test_multiple_data_lines_joined_with_newline() -> None:
    assert decode([b"data: a\ndata: b\ndata:\ndata: c\n\n"])[0][1] == "a\nb\n\nc"


def test_only_one_leading_space_stripped_and_none_required() -> None:
    assert [e[1] for e in decode([b"data:x\n\ndata: x\n\ndata:  x\n\ndata:x \n\n"])] == [
        "x",
        "x",
        " x",
        "x ",
    ]


def test_comments_and_unknown_fields_ignored() -> None:
    raw = b": keep-alive\n\n:\ndata: a\nfoo: bar\nDATA: no\n: OPENROUTER PROCESSING\n\n"
    assert decode([raw]) == [("message", "a", "", None)]


def test_frames_without_data_are_not_dispatched() -> None:
    raw = b"id: 1\n\nretry: 10\n\nevent: ping\n\n\n\n\nevent: x\ndata: y\n\n"
    assert decode([raw]) == [("x", "y", "1", None)]


def test_empty_data_frame_is_dispatched_with_empty_data() -> None:
    assert decode([b"data:\n\ndata\n\n"]) == [("message", "", "", None)] * 2


def test_last_event_id_persists_and_nul_ids_are_ignored() -> None:
    raw = b"id: a\ndata: 1\n\ndata: 2\n\nid: b\x00c\ndata: 3\n\nid\ndata: 4\n\n"
    assert [(e[1], e[2]) for e in decode([raw])] == [("1", "a"), ("2", "a"), ("3", "a"), ("4", "")]


def test_retry_must_be_ascii_digits() -> None:
    raw = b"retry: 12\ndata: a\n\nretry: 1x\ndata: b\n\nretry: -5\ndata: c\n\nretry: \xd9\xa1\ndata: d\n\n"
    assert [e[3] for e in decode([raw])] == [12, None, None, None]


def test_unterminated_event_at_end_is_discarded() -> None:
    assert decode([b"data: complete\n\ndata: partial\n"]) == [("message", "complete", "", None)]
    assert decode([b"data: no line end"]) == []


def test_bom_only_skipped_at_the_start() -> None:
    assert decode([b"\xef\xbb", b"\xbfdata: a\n\n"]) == [("message", "a", "", None)]
    assert decode([b"data: \xef\xbb\xbfa\n\n"]) == [("message", "\ufeffa", "", None)]


def test_close_resets_the_decoder_for_another_stream() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"id: 1\ndata: half") == []
    assert decoder.close() == []
    assert decoder.feed(b"\xef\xbb\xbfdata: b\n\n") == [ServerSentEvent("b")]


def test_big_event_in_small_writes_is_assembled() -> None:
    payload = b"x" * (2 * 1024 * 1024)
    raw = b"data: " + payload + b"\n\n"
    decoder = SSEDecoder()
    events = []
    for start in range(0, len(raw), 4093):
        events += decoder.feed(raw[start : start + 4093])
    assert len(events) == 1
    assert events[0].data == payload.decode()


def test_server_sent_event_value_semantics() -> None:
    event = ServerSentEvent('{"a": 1}', "x", "7", 5)
    assert event == ServerSentEvent('{"a": 1}', "x", "7", 5)
    assert event != ServerSentEvent('{"a": 1}')
    assert event.json() == {"a": 1}
    assert "event='x'" in repr(event)


# --- properties --------------------------------------------------------------------------------

_text = st.text(
    st.characters(blacklist_characters="\r\n", blacklist_categories=["Cs"]), max_size=12
)
_line = st.one_of(
    st.tuples(st.just("data"), _text),
    st.tuples(st.sampled_from(["event", "id", "retry", "foo", "Data", ""]), _text),
    st.tuples(st.just("retry"), st.integers(0, 10**6).map(str)),
)


@st.composite
def event_streams(draw: st.DrawFn) -> bytes:
    frames = draw(st.lists(st.lists(_line, max_size=4), max_size=6))
    out = []
    for frame in frames:
        for name, value in frame:
            sep = draw(st.sampled_from([":", ": "]))
            out.append(f"{name}{sep}{value}" + draw(st.sampled_from(["\n", "\r", "\r\n"])))
        out.append(draw(st.sampled_from(["\n", "\r", "\r\n"])))
    return "".join(out).encode()


@settings(max_examples=300)
@given(event_streams(), st.lists(st.integers(min_value=0), max_size=8))
def test_valid_stream_split_anywhere_gives_the_same_events(raw: bytes, cuts: list[int]) -> None:
    expected = reference_events(raw)
    assert decode([raw]) == expected
    assert decode(split_at(raw, cuts)) == expected


@settings(max_examples=300)
@given(st.binary(max_size=200), st.lists(st.integers(min_value=0), max_size=8))
def test_arbitrary_bytes_never_raise_and_match_the_reference(raw: bytes, cuts: list[int]) -> None:
    assert decode(split_at(raw, cuts)) == reference_events(raw)


@settings(max_examples=300)
@given(st.text(max_size=60), st.sampled_from(["message", "error", "ping", "done"]))
def test_interpreter_raises_only_stream_errors(data: str, event: str) -> None:
    interpreter = StreamInterpreter(REQUEST)
    try:
        result = interpreter.payload(ServerSentEvent(data, event))
    except APIStreamError as exc:
        assert exc.request is REQUEST
        assert exc.message
    else:
        assert result is None or result == data


# --- interpretation ----------------------------------------------------------------------------


def test_done_ends_the_stream_and_later_events_are_ignored() -> None:
    interpreter = StreamInterpreter(REQUEST)
    assert interpreter.payload(ServerSentEvent('{"a": 1}')) == '{"a": 1}'
    assert interpreter.payload(ServerSentEvent("[DONE]")) is None
    assert interpreter.done
    assert interpreter.payload(ServerSentEvent('{"a": 2}')) is None
    assert interpreter.payload(ServerSentEvent('{"error": {"message": "late"}}')) is None


@pytest.mark.parametrize("data", ["{}", "[DONE]", ""])
def test_done_event_ends_the_stream_whatever_its_data(data: str) -> None:
    # Assistants streams end with `event: done` + `data: [DONE]`; the Steady mock server with
    # `data: {}`, which must not become one more (empty) parsed event.
    interpreter = StreamInterpreter(REQUEST)
    assert interpreter.payload(ServerSentEvent('{"a": 1}', "thread.run.created")) == '{"a": 1}'
    assert interpreter.payload(ServerSentEvent(data, "done")) is None
    assert interpreter.done
    assert interpreter.payload(ServerSentEvent('{"a": 2}')) is None


@pytest.mark.parametrize("data", ["", " ", "\n"])
def test_empty_data_is_skipped(data: str) -> None:
    interpreter = StreamInterpreter(REQUEST)
    assert interpreter.payload(ServerSentEvent(data)) is None
    assert not interpreter.done


@pytest.mark.parametrize(
    ("data", "message", "code"),
    [
        (
            '{"error": {"message": "Rate limited", "code": "rate_limit"}}',
            "Rate limited",
            "rate_limit",
        ),
        (
            '{"error": "Input validation error", "error_type": "validation"}',
            "Input validation error",
            None,
        ),
        (
            '{"object": "error", "message": "bad input", "type": "BadRequestError", "code": 400}',
            "bad input",
            "400",
        ),
        (
            '{"id": "x", "error": {"code": "server_error", "message": "Provider disconnected"}, "choices": []}',
            "Provider disconnected",
            "server_error",
        ),
    ],
)
def test_json_error_payloads_raise_with_the_servers_message(
    data: str, message: str, code: str | None
) -> None:
    with pytest.raises(APIStreamError) as caught:
        StreamInterpreter(REQUEST).payload(ServerSentEvent(data))
    assert caught.value.message == message
    assert str(caught.value) == message
    assert caught.value.code == code
    # .body is the error object (or text) itself, as in openai-python
    decoded = json.loads(data)
    assert caught.value.body == (decoded.get("error", decoded))
    assert caught.value.request is REQUEST
    assert isinstance(caught.value, APIError)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"error": {"message": "overloaded", "type": "overloaded_error"}}', "overloaded"),
        ('{"message": "quota exceeded"}', "quota exceeded"),
        ("upstream timed out", "upstream timed out"),
        ("", "The server sent an error event."),
    ],
)
def test_error_event_frames_raise(data: str, message: str) -> None:
    with pytest.raises(APIStreamError, match=re.escape(message)):
        StreamInterpreter(REQUEST).payload(ServerSentEvent(data, "error"))


@pytest.mark.parametrize(
    "data",
    [
        '{"choices": [{"delta": {"content": "\\"error\\""}, "finish_reason": "error"}]}',
        '{"error": null, "choices": []}',
        '{"error": {}, "choices": []}',
        '["error"]',
        '"error"',
    ],
)
def test_payloads_merely_mentioning_error_pass_through(data: str) -> None:
    assert StreamInterpreter(REQUEST).payload(ServerSentEvent(data)) == data


def test_invalid_event_error_names_the_bad_data() -> None:
    response = httpx.Response(200, request=REQUEST)
    error = invalid_event_error(response, "<html>502 Bad Gateway</html>", None, ValueError("x"))
    assert isinstance(error, APIResponseValidationError)
    assert "not JSON" in error.message
    assert "'<html>502 Bad Gateway</html>'" in error.message
    assert error.body == "<html>502 Bad Gateway</html>"
    long = invalid_event_error(response, "x" * 5000, "delta", ValueError("x"))
    assert "(5000 characters)" in long.message
    assert "'delta' event" in long.message
    assert len(long.message) < 300
    wrong_shape = invalid_event_error(response, '{"a": 1}', None, ValueError("missing id\nmore"))
    assert "cannot read (missing id)" in wrong_shape.message
    assert wrong_shape.body == {"a": 1}
