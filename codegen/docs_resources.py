"""Resource pages of the reference docs: one page per client resource (`chat.completions`).

Each method shows its HTTP method and path, a short example call, its parameters (types exactly
as the generated signature has them), what it returns and, for streaming methods, the event
types the stream yields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .docs_models import Detail, fold
from .docs_schema import (
    JSON,
    SpecDocs,
    default_of,
    description_of,
    discriminator_of,
    link_type_expr,
    merged_object,
    single_tag,
    unwrap,
    variants_of,
)
from .docs_text import cell, code, description_text, python_source, shorten_literals, slug
from .operations import OperationModel, ParamModel
from .render import method_view

MODELS_FROM_RESOURCE = "../models/"
_EXAMPLE_WIDTH = 88


@dataclass
class ParamRow:
    name: str
    type: str
    required: str
    default: str
    description: str


@dataclass
class MethodDoc:
    name: str
    anchor: str
    http: str
    deprecated: bool
    description: str
    example: str
    returns: str
    returns_note: str
    events: list[str]
    request_model: str
    params: list[ParamRow]
    details: list[Detail] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # other names of the same method


@dataclass
class ResourcePage:
    name: str
    spec: str
    notes: list[str]
    methods: list[MethodDoc]


def resource_file(name: str) -> str:
    return f"{name}.md"


class ResourcePageBuilder:
    """Builds resource pages of one spec; `client_setup` is the example's first lines."""

    def __init__(self, docs: SpecDocs, client_setup: str) -> None:
        self.docs = docs
        self.client_setup = client_setup
        self.classes = set(docs.key_of_class)

    def build(self, name: str, ops: list[OperationModel]) -> ResourcePage:
        notes = []
        base = self.docs.base
        if base is not None:
            notes.append(
                f"The {self.docs.name} client is a {base.name} client: its methods, with their "
                f"signatures and results, are the {base.name} spec's "
                f"(see [{base.name}](../../{base.name}/index.md)); this page documents them as "
                f"the {self.docs.name} spec defines them (its request fields marked "
                f"*{self.docs.only_label}* go in `extra_body`; `to_azure_model` reads a result "
                "as these models)."
            )
        methods = [self._method(op) for op in sorted(ops, key=lambda o: o.method_name)]
        return ResourcePage(name=name, spec=self.docs.name, notes=notes, methods=methods)

    def _link(self, type_expr: str) -> str:
        return link_type_expr(type_expr, self.classes, MODELS_FROM_RESOURCE)

    def _method(self, op: OperationModel) -> MethodDoc:
        details: list[Detail] = []
        request = self.docs.class_of_ref(op.request_model)
        returns, note = self._returns(op)
        return MethodDoc(
            name=op.method_name,
            anchor=slug(op.method_name),
            http=f"{op.method} {op.path}",
            deprecated=op.deprecated,
            description=self._description(op),
            example=self._example(op),
            returns=returns,
            returns_note=note,
            events=self._events(op),
            request_model=f"[{request}]({MODELS_FROM_RESOURCE}{request}.md)" if request else "",
            params=[self._param(op, p, details) for p in op.params],
            details=details,
            aliases=list(op.aliases),
        )

    def _description(self, op: OperationModel) -> str:
        summary = description_text(op.summary)
        text = description_text(op.description)
        if summary and text and text != summary:
            return f"{summary}\n\n{text}"
        return summary or text

    def _returns(self, op: OperationModel) -> tuple[str, str]:
        returns = method_view(op, is_async=False).implementation.returns
        if op.streams == "when_requested":
            note = "A `Stream` when called with `stream=True`."
        elif op.pagination == "cursor":
            note = "Iterating the page fetches the following pages."
        elif op.response_content_type and "json" not in op.response_content_type:
            note = f"The body ({op.response_content_type}) as it comes: `.content`, `.write_to_file(path)`."
        else:
            note = ""
        return self._link(returns), note

    def _events(self, op: OperationModel) -> list[str]:
        event = self.docs.class_of_ref(op.stream_event_model)
        if op.streams == "never" or not event:
            return []
        key = self.docs.key_of_class.get(event)
        schema = self.docs.schemas.get(key, {}) if key else {}
        variants = variants_of(schema) if isinstance(schema, dict) else []
        if not variants:
            return [f"[{event}]({MODELS_FROM_RESOURCE}{event}.md)"]
        prop, tags = discriminator_of(schema)
        out = []
        for variant in variants:
            vkey, target = self.docs.resolve(variant)
            vname = self.docs.class_of_key.get(vkey or "")
            if not vname:
                continue
            tag = tags.get(vkey or "") or single_tag(self.docs, target, prop or "type")
            link = f"[{vname}]({MODELS_FROM_RESOURCE}{vname}.md)"
            out.append(f"{code(tag)}: {link}" if tag else link)
        return out

    def _param(self, op: OperationModel, p: ParamModel, details: list[Detail]) -> ParamRow:
        schema = param_schema(self.docs, op, p)
        short, hidden = shorten_literals(p.type_expr)
        type_text = self._link(short)
        if hidden:
            heading = f"{op.method_name}: `{p.name}` values"
            details.append(Detail(heading, ", ".join(code(v) for v in hidden)))
            type_text += f" ([all values](#{slug(heading)}))"
        text = description_text(p.description)
        if not text and schema:
            text = description_of(self.docs, schema)[0]
        where = f" <sub>{p.location}</sub>" if p.location != "body" else ""
        default = default_of(schema) if schema else ""
        return ParamRow(
            name=code(p.name) + where + self._only_marker(op, p),
            type=cell(type_text),
            required="required" if p.required else "optional",
            default=cell(code(default)) if default else "",
            description=fold(text, f"{op.method_name}: `{p.name}`", details) if text else "",
        )

    def _only_marker(self, op: OperationModel, p: ParamModel) -> str:
        base = self.docs.base
        if base is None:
            return ""
        same = [o for o in base.ops.operations if o.client_method == op.client_method]
        if same and all(p.wire_name != q.wire_name for q in same[0].params):
            return f" <sup>{self.docs.only_label}</sup>"
        return ""

    def _example(self, op: OperationModel) -> str:
        by_name = {p.name: p for p in op.params}
        args = [self._example_value(op, by_name[name]) for name in op.positional]
        for p in op.params:
            if p.name in op.positional:
                continue
            if p.required:
                args.append(f"{p.name}={self._example_value(op, p)}")
        call = f"client.{op.client_method}({', '.join(args)})"
        if len(call) + 16 > _EXAMPLE_WIDTH:
            call = f"client.{op.client_method}(\n" + "".join(f"    {a},\n" for a in args) + ")"
        if op.streams == "always":
            body = f"for event in {call}:\n    print(event)"
        elif op.pagination != "none" and op.page_item_model:
            body = f"for item in {call}:\n    print(item)"
        elif op.response_content_type and "json" not in op.response_content_type:
            body = f'content = {call}\ncontent.write_to_file("output")'
        else:
            body = f"result = {call}\nprint(result)"
        return f"{self.client_setup}\n{body}"

    def _example_value(self, op: OperationModel, p: ParamModel) -> str:
        schema = param_schema(self.docs, op, p) or {}
        example = _example_of(self.docs, schema)
        if example is not None:
            return python_source(example)
        values = unwrap(self.docs.resolve(unwrap(schema)[0])[1])[0].get("enum")
        if p.type_expr.startswith("Literal[") and isinstance(values, list) and values:
            return python_source(values[0])
        if p.is_file:
            return 'open("file.bin", "rb")'
        head = p.type_expr.split(" | ")[0]
        by_type = {"str": f'"{p.name}"' if p.location == "path" else '"..."', "int": "1",
                   "float": "1.0", "bool": "True", "bytes": 'b"..."'}  # fmt: skip
        if head in by_type:
            return by_type[head]
        return "[...]" if head.startswith("Sequence[") else "{...}"


def _example_of(docs: SpecDocs, schema: JSON) -> Any:
    for candidate in (schema, docs.resolve(unwrap(schema)[0])[1]):
        value = candidate.get("example")
        if isinstance(value, (str, int, float, bool)) and len(str(value)) <= 40:
            return value
    return None


def param_schema(docs: SpecDocs, op: OperationModel, p: ParamModel) -> JSON | None:
    """The spec's schema behind a parameter: a body property, or a path/query/header schema."""
    if p.location == "body":
        key = docs.key_of_class.get(docs.class_of_ref(op.request_model) or "")
        if key is None:
            return None
        props = dict(merged_object(docs, docs.schemas[key]).properties)
        return props.get(p.wire_name)
    raw = docs.raw_ops.get(op.operation_id, {})
    for item in raw.get("parameters", []):
        param = _resolve_parameter(docs, item)
        if param.get("name") == p.wire_name and param.get("in") == p.location:
            schema = param.get("schema")
            return schema if isinstance(schema, dict) else None
    return None


def _resolve_parameter(docs: SpecDocs, item: JSON) -> JSON:
    ref = item.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/parameters/"):
        found = docs.spec.get("components", {}).get("parameters", {}).get(ref.rsplit("/", 1)[1])
        return found if isinstance(found, dict) else {}
    return item
