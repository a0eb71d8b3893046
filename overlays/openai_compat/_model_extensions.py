"""Computed properties openai-python's models have that no spec field carries, attached to the
generated models by class name when each class is created (generated code is never edited).

`BaseModel.__pydantic_init_subclass__` calls `extend(cls)` for every model class, so whatever
module path or base classes the generator gives a model, and however it is imported
(`openai_compat.types...`, a response, a stream event), it gets the same behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["extend"]


def _output_text(self: Any) -> str:
    """The text of every `output_text` part of every message in `output`, joined (as openai-python
    computes it; "" when there is none). The spec's `output_text` field is an SDK convenience that
    servers do not send, so it is computed, never read from the body."""
    texts: list[str] = []
    for item in getattr(self, "output", None) or ():
        item = getattr(item, "root", item)  # a union item may arrive wrapped
        if getattr(item, "type", None) != "message":
            continue
        for part in getattr(item, "content", None) or ():
            part = getattr(part, "root", part)
            text = getattr(part, "text", None)
            if getattr(part, "type", None) == "output_text" and isinstance(text, str):
                texts.append(text)
    return "".join(texts)


def _is_response(cls: type) -> bool:
    fields = getattr(cls, "__pydantic_fields__", None) or getattr(cls, "model_fields", {})
    return "output" in fields and "output_text" in fields


# class name -> (condition on the class, properties to attach)
_EXTENSIONS: dict[str, tuple[Callable[[type], bool], dict[str, Callable[[Any], Any]]]] = {
    "Response": (_is_response, {"output_text": _output_text}),
}


def extend(cls: type) -> None:
    """Attach the computed properties registered for `cls`'s name, if it qualifies."""
    found = _EXTENSIONS.get(cls.__name__)
    if found is None:
        return
    applies, properties = found
    if applies(cls):
        for name, getter in properties.items():
            # A data descriptor on the class wins over the field value in the instance dict.
            type.__setattr__(cls, name, property(getter, doc=getter.__doc__))
