"""Lay the operation model out as Python source with jinja2 templates.

Everything decided here is layout: grouping operations into resource classes, and turning each
parameter into the text of a signature. Names, types and wire locations were decided in
`operations.py`; the templates in `templates/` only place the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .errors import CodegenError
from .operations import OperationModel, OperationSet, ParamModel

_TEMPLATES = Path(__file__).parent / "templates"
COMMON_PARAMS = (
    "extra_headers: Headers | None = None",
    "extra_query: Query | None = None",
    "extra_body: Body | None = None",
    "timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN",
)


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )


def const_name(op: OperationModel) -> str:
    """The module-level constant holding an operation: `chat.completions.create` -> `CHAT_COMPLETIONS_CREATE`."""
    return op.client_method.replace(".", "_").upper()


def class_name(resource_path: tuple[str, ...]) -> str:
    return "".join(part.title().replace("_", "") for part in resource_path)


@dataclass
class Signature:
    """One rendered method signature (overloads share the same parameter text but for `stream`)."""

    params: list[str]
    returns: str


@dataclass
class MethodView:
    op: OperationModel
    const: str
    docstring: str
    call_args: list[str]
    overloads: list[Signature]
    implementation: Signature
    is_async_iterable_page: bool


@dataclass
class ResourceView:
    path: tuple[str, ...]
    sync_name: str
    async_name: str
    ops: list[OperationModel] = field(default_factory=list)
    children: list[tuple[str, str, str]] = field(default_factory=list)  # (attr, sync, async)
    # Another resource again under this one, as openai-python has it (`client.beta.chat` is
    # `client.chat`): (attr, target path, target module, sync class, async class).
    aliases: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    @property
    def sync_methods(self) -> list[MethodView]:
        return [method_view(op, False) for op in self.ops]

    @property
    def async_methods(self) -> list[MethodView]:
        return [method_view(op, True) for op in self.ops]


# An optional parameter left out: `NOT_GIVEN` (openai-python's older spelling) or `omit` (its
# newer one) both drop it from the request, so both type-check as openai-python's signatures do.
OPTIONAL = "NotGiven | Omit = NOT_GIVEN"


def _param_text(p: ParamModel, type_override: str | None = None) -> str:
    type_expr = type_override or p.type_expr
    if p.required:
        return f"{p.name}: {type_expr}"
    return f"{p.name}: {type_expr} | {OPTIONAL}"


def _returns(op: OperationModel, is_async: bool, streaming: bool | None) -> str:
    stream_type = f"{'AsyncStream' if is_async else 'Stream'}[{_cls(op.stream_event_model)}]"
    if op.streams == "always" or streaming is True:
        return stream_type
    if op.pagination != "none" and op.page_item_model:
        # An async method that may stream is a coroutine: awaited, its first page.
        may_stream = op.streams == "when_requested"
        page = "SyncPage" if not is_async else "AsyncPage" if may_stream else "AsyncPaginator"
        base = f"{page}[{_cls(op.page_item_model)}]"
    elif op.response_content_type is None and op.response_model is None:
        return "None"  # the success response declares no content (see codegen/empty_results.py)
    elif op.response_content_type and "json" not in op.response_content_type:
        base = "AsyncBinaryResponse" if is_async else "BinaryResponse"
    else:
        base = _cls(op.response_model) if op.response_model else "Any"
    if streaming is None and op.streams == "when_requested":
        return f"{base} | {stream_type}"
    return base


def _cls(ref: str | None) -> str:
    return ref.split(":", 1)[1] if ref else "Any"


def _signature(op: OperationModel, is_async: bool, stream: bool | None) -> Signature:
    params: list[str] = ["self"]
    params += [_param_text(p) for name in op.positional for p in op.params if p.name == name]
    rest: list[str] = []
    for p in op.params:
        text = _param_text(p)
        if p.name == "stream" and op.streams == "when_requested":
            text = {
                True: "stream: Literal[True]",
                False: f"stream: Literal[False] | None | {OPTIONAL}",
                None: f"stream: bool | None | {OPTIONAL}",
            }[stream]
        if p.name in op.positional:
            continue
        if p.required or (p.name == "stream" and stream is True):
            rest.insert(sum(1 for r in rest if "=" not in r), text)
        else:
            rest.append(text)
    params += ["*", *rest, *COMMON_PARAMS]
    return Signature(params=params, returns=_returns(op, is_async, stream))


def _docstring(op: OperationModel) -> str:
    text = (op.summary or op.description or op.client_method).strip()
    if op.summary and op.description and op.description.strip() != op.summary.strip():
        text = f"{op.summary.strip()}\n\n{op.description.strip()}"
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return f"{text}\n\n{op.method} {op.path}"


def method_view(op: OperationModel, is_async: bool) -> MethodView:
    has_stream_flag = op.streams == "when_requested" and any(p.name == "stream" for p in op.params)
    overloads = (
        [_signature(op, is_async, s) for s in (False, True, None)] if has_stream_flag else []
    )
    return MethodView(
        op=op,
        const=const_name(op),
        docstring=_docstring(op),
        call_args=[p.name for p in op.params],
        overloads=overloads,
        implementation=_signature(op, is_async, None),
        is_async_iterable_page=is_async
        and op.pagination != "none"
        and bool(op.page_item_model)
        and not overloads,
    )


def group_resources(
    ops: OperationSet, aliases: dict[str, str] | None = None
) -> dict[str, list[ResourceView]]:
    """Resource classes per top-level module, parents before children, in a stable order.

    `aliases` ("beta.chat" -> "chat") become properties returning the client's own resource,
    where this spec generates both the parent and the target."""
    views: dict[tuple[str, ...], ResourceView] = {}

    def view(path: tuple[str, ...]) -> ResourceView:
        if path not in views:
            name = class_name(path)
            views[path] = ResourceView(path, name, f"Async{name}")
            if len(path) > 1:
                parent = view(path[:-1])
                parent.children.append((path[-1], name, f"Async{name}"))
        return views[path]

    for op in sorted(ops.operations, key=lambda o: o.client_method):
        view(op.resource_path).ops.append(op)
    known = set(views)
    for alias, target in sorted((aliases or {}).items()):
        parent, attr, to = (
            tuple(alias.split(".")[:-1]),
            alias.split(".")[-1],
            tuple(target.split(".")),
        )
        if parent not in views or to not in known:
            continue
        if any(child == attr for child, _, _ in views[parent].children):
            raise CodegenError(
                f"resource alias {alias!r} -> {target!r}: {alias!r} is generated too"
            )
        name = class_name(to)
        views[parent].aliases.append((attr, target, to[0], name, f"Async{name}"))
    modules: dict[str, list[ResourceView]] = {}
    for path in sorted(views):
        modules.setdefault(path[0], []).append(views[path])
    for resources in modules.values():
        for r in resources:
            r.children.sort()
    return modules
