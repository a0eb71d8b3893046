"""Turn whatever an OpenAI-compatible server sends with an error status into a readable message.

Servers disagree on the shape of an error body. Seen in the wild:

    {"error": {"message": "...", "type": "...", "code": "...", "param": null}}   OpenAI, Azure
    {"error": "text"}                                                          llama.cpp, proxies
    {"object": "error", "message": "...", "type": "...", "code": 400}          vLLM
    {"message": {"detail": [...]}} / {"error": {"message": {"detail": ...}}}   wrapped FastAPI
    {"detail": [{"loc": [...], "msg": "...", "type": "..."}]} / {"detail": "text"}  FastAPI
    [{"error": {"code": 400, "message": "...", "status": "..."}}]              Gemini compat
    {"type": "...", "title": "...", "detail": "..."}                           RFC 9457 problem+json
    <html><title>502 Bad Gateway</title>...                                    nginx, load balancers
    plain text, an empty body, bytes that are not UTF-8

openai-python formats `Error code: 400 - {'error': {...}}` (the repr of the whole dict). We quote
the server's own words instead, `Error code: 400 - <message>`, bounded in length, and keep the full
decoded body on the exception's `.body`. Pure functions: bytes in, text out.
"""

from __future__ import annotations

import codecs
import http
import json
import re
from html.parser import HTMLParser

from ._constants import MAX_ERROR_MESSAGE_CHARS

__all__ = ["decode_error_body", "describe_error_body", "error_message"]

# Keys that hold a human message, most specific first. "error" leads because it wraps the others.
_MESSAGE_KEYS = ("error", "message", "detail", "error_description", "title", "msg", "errors")
# Bounds on work spent on a hostile or absurd body: the message is truncated anyway.
_MAX_DEPTH = 8
_MAX_LIST_ITEMS = 20
_MAX_HTML_CHARS = 100_000
_HTML_PREFIXES = ("<!doctype html", "<html", "<head", "<body", "<title")
_WHITESPACE = re.compile(r"\s+")


def error_message(
    status_code: int, body_bytes: bytes, content_type: str | None
) -> tuple[str, object]:
    """The exception message for an error response, and the decoded body to keep on it.

    The body is a JSON value when it parses as JSON, else the text (invalid bytes replaced), else
    None when empty. The message never raises, whatever the bytes.
    """
    body = decode_error_body(body_bytes, content_type)
    return describe_error_body(status_code, body, content_type=content_type), body


def decode_error_body(body_bytes: bytes, content_type: str | None) -> object:
    """The body as a JSON value if it is JSON, else as text; None when empty or only whitespace.

    JSON is tried when the content type says so (`application/json`, `*+json`) and, whatever the
    content type, when the text looks like an object or array: many servers label JSON text/plain.
    """
    text = body_bytes.decode(_charset(content_type), errors="replace").lstrip("\ufeff").strip()
    if not text:
        return None
    if _is_json_type(content_type) or text[0] in "{[":
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            pass  # not JSON after all (or absurdly nested): keep it as text
    return text


def describe_error_body(status_code: int, body: object, *, content_type: str | None = None) -> str:
    """`Error code: <status> - <the server's words>` for an already decoded body.

    `body` is what `decode_error_body` returns (or any JSON-like value); a str body is shown as
    text, or as the title/text of an HTML page when it is one.
    """
    if body is None:
        return f"Error code: {status_code} - {_reason_phrase(status_code)} (empty body)"
    if isinstance(body, str):
        words = _html_text(body) if _is_html(body, content_type) else body.strip()
    else:
        words = _server_words(body, 0) or _compact_json(body)
    if not words:
        words = f"{_reason_phrase(status_code)} (no message in body)"
    return f"Error code: {status_code} - {_bounded(words, MAX_ERROR_MESSAGE_CHARS)}"


def _server_words(value: object, depth: int) -> str | None:
    """The human message inside a JSON value, or None when there is none to find."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _words_in_object(value, depth)
    if isinstance(value, list):
        parts = [
            _validation_item(item) or _server_words(item, depth + 1)
            for item in value[:_MAX_LIST_ITEMS]
        ]
        found = [part for part in parts if part]
        if not found:
            return None
        more = len(value) - _MAX_LIST_ITEMS
        return "; ".join(found) + (f"; ... ({more} more)" if more > 0 else "")
    return None


def _words_in_object(obj: dict[object, object], depth: int) -> str | None:
    error, message = obj.get("error"), obj.get("message")
    # Spring-style bodies put the reason phrase in "error" and the explanation in "message".
    if isinstance(error, str) and isinstance(message, str):
        error, message = error.strip(), message.strip()
        if error and message and error != message:
            return f"{error}: {message}"
    for key in _MESSAGE_KEYS:
        if key in obj:
            found = _server_words(obj[key], depth + 1)
            if found:
                return found
    return None


def _validation_item(item: object) -> str | None:
    """FastAPI / pydantic validation errors: `body.messages.0.content: Field required`."""
    if not isinstance(item, dict) or not isinstance(item.get("msg"), str):
        return None
    loc = item.get("loc")
    msg = str(item["msg"]).strip()
    if isinstance(loc, list) and loc:
        return ".".join(str(part) for part in loc) + f": {msg}"
    return msg or None


def _is_json_type(content_type: str | None) -> bool:
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.endswith(("/json", "+json"))


def _charset(content_type: str | None) -> str:
    """The declared charset when Python knows it, else UTF-8 (JSON's only encoding)."""
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"')
            try:
                return codecs.lookup(charset).name
            except LookupError:
                break
    return "utf-8"


def _is_html(text: str, content_type: str | None) -> bool:
    if content_type and content_type.split(";", 1)[0].strip().lower() in (
        "text/html",
        "application/xhtml+xml",
    ):
        return True
    return text.lstrip()[:20].lower().startswith(_HTML_PREFIXES)


class _TextExtractor(HTMLParser):
    """Collects a page's <title> and its visible text, skipping scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.text: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("title", "script", "style"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        current = self._open[-1] if self._open else None
        if current == "title":
            self.title.append(data)
        elif current is None:
            self.text.append(data)


def _html_text(page: str) -> str:
    """The page's title, or failing that its text, on one line."""
    extractor = _TextExtractor()
    extractor.feed(page[:_MAX_HTML_CHARS])
    extractor.close()
    title = _WHITESPACE.sub(" ", "".join(extractor.title)).strip()
    if title:
        return title
    return _WHITESPACE.sub(" ", " ".join(extractor.text)).strip()


def _compact_json(value: object) -> str:
    # A body handed in by a caller may hold non-JSON values or cycles; the message must still build.
    try:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
    except (ValueError, RecursionError):
        return repr(value)


def _reason_phrase(status_code: int) -> str:
    try:
        return http.HTTPStatus(status_code).phrase
    except ValueError:
        return "Unknown Status"


def _bounded(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... [{len(text) - limit} more characters]"
