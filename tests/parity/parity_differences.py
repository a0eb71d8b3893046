"""THE list of places where openai_compat behaves differently from openai-python 3.54.0, each
with its reason. The parity harness fails on any difference not listed here, and on any listed
difference that no longer occurs (so this list cannot go stale).

Two kinds:
- DELIBERATE: kept on purpose; the reason says why.
- PENDING: owned by other work in progress (the issue item is named); when that work lands the
  entry stops matching, the harness says so, and the entry is deleted.
"""

from __future__ import annotations

from parity_compare import Difference

__all__ = ["DELIBERATE", "DIFFERENCES", "PENDING"]

_HEADER = r"requests\[\d+\]\.headers\."

DELIBERATE: list[Difference] = [
    Difference(
        "user-agent names this library",
        "The User-Agent says which client sent the request (`openai-compat/<version> python`), "
        "so server logs and bug reports are not attributed to openai-python.",
        _HEADER + "user-agent",
    ),
    Difference(
        "X-Stainless-Package-Version is our version",
        "The X-Stainless-* platform headers are sent like openai-python's (lang, OS, arch, "
        "runtime, async, read timeout, retry count), but the package version is openai_compat's own.",
        _HEADER + "x-stainless-package-version",
    ),
    Difference(
        "error messages quote the server's words for every body shape",
        "openai-python adds the message only for `{\"error\": {\"message\": ...}}` bodies; for the "
        "shapes compatible servers send (vLLM, FastAPI, llama.cpp strings, HTML pages, plain text, "
        "empty bodies) we append the server's own words. The class, status, .body, .code, "
        ".param, .type and request id are the same.",
        r"outcome\.error\.message",
        scenarios=r"error\..*",
        reference=r"['\"]Error code: \d+['\"]",
        ours=r"['\"]Error code: \d+ - .+['\"]",
    ),
    Difference(
        "embeddings are not requested as base64 unless asked",
        "openai-python silently asks for encoding_format=base64 and decodes it; we send what the "
        "caller gives (compatible servers often do not support base64) and return what the "
        "server sent.",
        r"requests\[0\]\.body\.encoding_format|outcome\.(reads\.r\.data\[0\]\.embedding|result\.dict\.data\[0\]\.embedding)",
        scenarios=r"embeddings\.default_format.*",
    ),
    Difference(
        "to_dict() does not warn about values the server sent",
        "openai-python's to_dict() emits a pydantic serializer UserWarning when a field holds "
        "what the server sent in another shape (a base64 string in `embedding`); dumping what the "
        "server sent back is the point, so we do not warn.",
        r"outcome\.warnings\[\d+\]",
        scenarios=r"embeddings\.base64_explicit|chat\.response\.created_float",
        reference=r".UserWarning: Pydantic serializer warnings:.*",
    ),
    Difference(
        "values that cannot be JSON are refused naming the argument",
        "openai-python raises the JSON encoder's bare ValueError (NaN) or TypeError (an object); "
        "we raise InvalidArgumentError - an OpenAIError, TypeError and ValueError, so the same "
        "except clauses catch it - naming the argument and where inside it the value is.",
        r"outcome\.error\.(class|message|param|isa\[\d+\])",
        scenarios=r"chat\.(nan|object)_argument",
    ),
    Difference(
        "connection errors say what failed",
        "openai-python's message is always 'Connection error.'; ours adds the cause (refused, "
        "reset, DNS...). The class is the same.",
        r"outcome\.error\.message",
        scenarios=r"error\.connection_refused",
        reference=r"'Connection error\.'",
        ours=r"'Connection error: .+'",
    ),
    Difference(
        "a body that is not JSON is an APIResponseValidationError",
        "openai-python lets json's JSONDecodeError escape; we raise APIResponseValidationError "
        "(an APIError, with status, request id and the start of the body), which is what "
        "openai-python documents for a response it cannot read.",
        r"outcome\.error\.(class|isa\[\d+\]|body|code|param|type|request_id|status_code|message)",
        scenarios=r"error\.invalid_json_200",
    ),
    Difference(
        "an error event inside a stream is an APIStreamError",
        "APIStreamError is a subclass of APIError (what openai-python raises), so `except "
        "APIError` still catches it; the distinct class tells a stream failure from others. "
        "Message and .body are the same.",
        r"outcome\.error\.class",
        scenarios=r"stream\.chat\.error_event",
        reference=r"'APIError'",
        ours=r"'APIStreamError'",
    ),
    Difference(
        "a list without has_more is the last page",
        "openai-python asks for another page when `has_more` is missing, and loops forever on a "
        "server that ignores `after` (llama.cpp, Ollama lists); we stop.",
        r"outcome\.result\.first\.has_next_page|requests\[1\]",
        scenarios=r"pagination\.has_more_missing",
    ),
    Difference(
        "stream requests accept text/event-stream",
        "openai-python sends `Accept: application/json` even when it asks for a stream; servers "
        "that negotiate the content type (spec mocks, some gateways) then answer JSON, so a "
        "stream request says it accepts an event stream.",
        _HEADER + "accept",
        reference=r"'application/json'",
        ours=r"'text/event-stream'",
    ),
    Difference(
        "binary downloads accept the spec's content type",
        "files.content sends `Accept: application/octet-stream` (the spec's response type); "
        "openai-python sends `application/binary`. Servers ignore both.",
        _HEADER + "accept",
        scenarios=r"files\.content",
    ),
]

# Differences still open: each is a place where openai_compat is not (yet) openai-python's
# equal, with what it would take; the harness keeps them true like the deliberate ones.
PENDING: list[Difference] = [
    Difference(
        "open: some result classes carry other names",
        "Azure clients return the Azure spec's models (CreateChatCompletionResponse, with the "
        "Azure-only fields typed) where openai-python returns ChatCompletion; ParsedChatCompletion "
        "is not a parametrised generic at run time. Closing it: Azure models as subclasses of "
        "OpenAI's.",
        r"outcome\..*\$type|outcome\.reads\.type\(r\)\.__name__|outcome\.result\.tool_calls\[\d+\]\.\$type",
    ),
    Difference(
        "open: spec types and llama.cpp's finish_reason",
        "`created_at` is the integer the spec declares (openai-python's models say float, so an "
        "integer reads 1700000000.0 there); tolerant parsing reads llama.cpp's finish_reason "
        "'eos' as 'stop' (a recorded repair, openai_compat.tolerated(model)), where openai-python "
        "keeps 'eos'.",
        r"outcome\.(result\.dict|result\.items\[\d+\]\.dict|reads)\..*(created_at|finish_reason)",
    ),
    Difference(
        "open: the stream helper's final completion",
        "openai-python's get_final_completion() sets every field the stream did not carry to None "
        "(system_fingerprint, usage, audio...) and keeps the deltas' tool-call `index`; ours "
        "leaves fields the server did not send unset (to_dict() omits them: a client never "
        "invents data) and drops `index`; a role repeated in every chunk is kept once (openai-"
        "python concatenates it: 'assistantassistant'), and a message whose chunks carried no "
        "role reads 'assistant', the only value the spec allows there (openai-python: None).",
        r"outcome\.result\.(events\[\d+\]|events|final\..*|tool_calls\[\d+\]\..*)",
        scenarios=r"stream\.helper\..*",
    ),
]

DIFFERENCES: list[Difference] = DELIBERATE + PENDING
