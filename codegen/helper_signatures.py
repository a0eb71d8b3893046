"""Typed signatures of the hand-written structured-output helpers (`chat.completions.parse` /
`.stream`, `responses.parse` / `.stream`), built from the generated `create()` parameters.

The helpers' run-time code is hand-written (`openai_compat.lib._chat_helpers`,
`lib._responses_helpers`) and takes `**params`; the module rendered here gives type checkers
openai-python's precise parameters (a misspelt keyword is an error, editors complete them)
without writing them by hand. At run time it only re-exports the hand-written classes, so the
seam stays one-way: generated code imports the helper core, never the reverse.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from .errors import CodegenError
from .operations import OperationModel, OperationSet, ParamModel
from .render import COMMON_PARAMS, OPTIONAL, environment

# The spec whose package carries the helpers (Azure's clients reuse OpenAI's resources).
HELPER_SPEC = "openai"
MODULE = "helper_signatures.py"
_CHAT_CREATE = "chat.completions.create"
_RESPONSES_CREATE = "responses.create"
_GIVEN_OR_OMITTED = OPTIONAL


@dataclass
class HelperSignature:
    """One method's parameters (after `self, *`) as text, and what it returns."""

    params: list[str]
    returns: str
    # The async twin returns the `Async` class (stream managers), not an awaitable of it.
    async_class: bool = False

    def returns_for(self, is_async: bool) -> str:
        return f"Async{self.returns}" if is_async and self.async_class else self.returns


def _find(ops: OperationSet, client_method: str) -> OperationModel:
    for op in ops.operations:
        if op.client_method == client_method:
            return op
    raise CodegenError(f"helper signatures: the spec has no {client_method!r} operation")


def _param(op: OperationModel, name: str) -> ParamModel:
    for p in op.params:
        if p.name == name:
            return p
    raise CodegenError(f"helper signatures: {op.client_method} has no {name!r} parameter")


def _text(p: ParamModel, required: bool | None = None) -> str:
    if p.required if required is None else required:
        return f"{p.name}: {p.type_expr}"
    return f"{p.name}: {p.type_expr} | {OPTIONAL}"


def _params(
    op: OperationModel,
    *,
    drop: Collection[str] = (),
    replace: dict[str, str] | None = None,
    require: Collection[str] = (),
    optional: Collection[str] = (),
    extra: list[str] | None = None,
) -> list[str]:
    """`create()`'s keyword parameters: some dropped, some retyped (full text), some made
    required or optional; required ones first, then `extra`, then the rest, then the common."""
    replace = replace or {}
    required: list[str] = []
    rest: list[str] = []
    for p in op.params:
        if p.name in drop or p.location == "path":
            continue
        is_required = (p.required or p.name in require) and p.name not in optional
        text = replace.get(p.name) or _text(p, is_required)
        (required if is_required else rest).append(text)
    return [*required, *(extra or []), *rest, *COMMON_PARAMS]


def _response_format(op: OperationModel, with_create_type: bool) -> str:
    p = _param(op, "response_format")
    create_type = f"{p.type_expr} | " if with_create_type else ""
    return f"response_format: {create_type}type[ResponseFormatT] | {_GIVEN_OR_OMITTED}"


def chat_signatures(op: OperationModel) -> dict[str, HelperSignature]:
    """`parse` takes a class as `response_format`; `stream` a class or create()'s formats."""
    parse = _params(op, drop={"stream"}, replace={"response_format": _response_format(op, False)})
    stream = _params(op, drop={"stream"}, replace={"response_format": _response_format(op, True)})
    return {
        "parse": HelperSignature(parse, "ParsedChatCompletion[ResponseFormatT]"),
        "stream": HelperSignature(stream, "ChatCompletionStreamManager[ResponseFormatT]", True),
    }


def responses_signatures(op: OperationModel) -> dict[str, HelperSignature]:
    """`parse`: create()'s parameters (as openai-python, `stream` too) with `text_format` /
    `parse_as` overloads. `stream`: one overload that resumes (`response_id`) and one that
    creates (`input` and `model` required), as openai-python."""
    tools = _param(op, "tools")
    text_format = f"text_format: type[TextFormatT] | {_GIVEN_OR_OMITTED}"
    parse_as_class = [
        f"text_format: type | {_GIVEN_OR_OMITTED}",
        "parse_as: type[TextFormatT] | None",
    ]
    parse_as_omitted = [text_format, f"parse_as: {_GIVEN_OR_OMITTED}"]
    parse_impl = ["text_format: Any = NOT_GIVEN", "parse_as: Any = NOT_GIVEN"]
    resume = [
        "response_id: str",
        text_format,
        f"starting_after: int | {OPTIONAL}",
        _text(tools),
        *COMMON_PARAMS,
    ]
    create = _params(op, drop={"stream"}, require={"input", "model"}, extra=[text_format])
    stream_impl = _params(
        op,
        drop={"stream"},
        optional={"input", "model"},
        extra=[
            text_format,
            f"response_id: str | {OPTIONAL}",
            f"starting_after: int | {OPTIONAL}",
        ],
    )
    parsed = "ParsedResponse[TextFormatT]"
    manager = "ResponseStreamManager[TextFormatT]"
    return {
        "parse_as_class": HelperSignature(_params(op, extra=parse_as_class), parsed),
        "parse_as_omitted": HelperSignature(_params(op, extra=parse_as_omitted), parsed),
        "parse_impl": HelperSignature(_params(op, extra=parse_impl), "ParsedResponse[Any]"),
        "stream_resume": HelperSignature(resume, manager, True),
        "stream_create": HelperSignature(create, manager, True),
        "stream_impl": HelperSignature(stream_impl, manager, True),
    }


def render_helper_signatures(
    package_dir: Path,
    header: str,
    spec_name: str,
    ops: OperationSet,
    imports: Callable[[OperationModel], Collection[tuple[str, str]]],
) -> None:
    """Write `<package>/helper_signatures.py` for the spec that has the helpers (else nothing).
    `imports(op)` gives the (module, class) pairs an operation's parameter types name."""
    if spec_name != HELPER_SPEC:
        return
    chat, responses = _find(ops, _CHAT_CREATE), _find(ops, _RESPONSES_CREATE)
    used = sorted(set(imports(chat)) | set(imports(responses)))
    text = (
        environment()
        .get_template("helper_signatures.py.jinja")
        .render(
            header=header,
            imports=used,
            chat=chat_signatures(chat),
            responses=responses_signatures(responses),
        )
    )
    (package_dir / MODULE).write_text(text)
