"""Typed events: server messages parsed into the generated models, client events serialised.

Server messages go through the tolerant parser (`_tolerant.parse_json`): a valid event costs one
pydantic `model_validate_json` of the spec's discriminated union; an event type the spec does not
know becomes a `GenericModel` holding every field the server sent (recorded in
`openai_compat.tolerated(event)`), never an exception. Only a message that is not a JSON object
raises (`ResponseShapeError`, a `ValueError`, as `json.loads` raises for openai-python).

Client events are sent as openai-python sends them, byte for byte: a dict through `json.dumps`
with its default separators, a model as its fields set, indented by two spaces.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pydantic

from .._request import resolve_model
from .._runtime import NotGiven, Omit
from .._tolerant import _attach, parse_json, tolerated

__all__ = ["EventParser", "dumps_event", "event_parser", "strip_omitted"]

EventParser = Callable[[str | bytes], Any]

# Which generated union each connection's server events are parsed into.
REALTIME = "realtime_server_event:RealtimeServerEvent"
RESPONSES = "responses_server_event:ResponsesServerEvent"
BETA_REALTIME = "beta-realtime"  # no union in the spec: built from its event models below


@functools.cache
def _model(kind: str) -> Any:
    if kind == BETA_REALTIME:
        return _beta_realtime_union()
    return resolve_model("openai", kind)


def _beta_realtime_union() -> Any:
    """The spec defines every beta realtime server event (`RealtimeBetaServerEvent...`) but no
    union of them: build the discriminated union from those whose `type` is a single literal."""
    import importlib

    models = importlib.import_module("openai_compat._generated.openai.models")
    variants = []
    for name in sorted(models.MODULE_OF):
        if not name.startswith("RealtimeBetaServerEvent"):
            continue
        cls = getattr(models, name)
        field = getattr(cls, "model_fields", {}).get("type")
        annotation = field.annotation if field is not None else None
        if get_origin(annotation) is Literal and len(get_args(annotation)) == 1:
            variants.append(cls)
    union: Any = Annotated[Union[tuple(variants)], pydantic.Field(discriminator="type")]  # noqa: UP007
    return type("RealtimeBetaServerEvent", (pydantic.RootModel[union],), {})


def event_parser(kind: str, *, strict: bool, context: str) -> EventParser:
    """A function turning one server message into its typed event."""
    model = _model(kind)

    def parse(data: str | bytes) -> Any:
        wrapper = parse_json(model, data, strict=strict, context=context)
        event = wrapper.root
        if wrapper.__pydantic_private__ and isinstance(event, pydantic.BaseModel):
            # Slow path: the record of what was tolerated goes with the event handed out.
            _attach(event, tolerated(wrapper))
        return event

    return parse


def strip_omitted(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields the caller gave (openai-python's `strip_not_given`), in the same order."""
    return {k: v for k, v in fields.items() if not isinstance(v, (NotGiven, Omit))}


def _json_default(value: Any) -> Any:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)
    if isinstance(value, Mapping):
        return dict(value)
    if hasattr(value, "__iter__") and not isinstance(value, (str, bytes, bytearray)):
        return list(value)
    raise TypeError(f"an object of type {type(value).__name__} cannot be sent as JSON")


def dumps_event(event: Any, *, exclude_defaults: bool = False) -> str:
    """The text frame for a client event (a dict or a model)."""
    if isinstance(event, pydantic.BaseModel):
        return event.model_dump_json(
            indent=2, by_alias=True, exclude_unset=True, exclude_defaults=exclude_defaults
        )
    if not isinstance(event, Mapping):
        from .._exceptions import InvalidArgumentError

        raise InvalidArgumentError(
            f"send(): expected a client event as a dict or a model, got {type(event).__name__}",
            param="event",
        )
    try:
        return json.dumps(strip_omitted(event), default=_json_default)
    except (TypeError, ValueError) as exc:
        from .._exceptions import InvalidArgumentError

        raise InvalidArgumentError(f"send(): the event cannot be sent as JSON: {exc}",
                                   param="event") from exc  # fmt: skip
