"""Values openai-python's models compute instead of reading them from the body, as functions the
generated models' properties call (codegen/computed.py decides which spec field becomes which
property). Part of the runtime seam: generated code imports this module, never the reverse."""

from __future__ import annotations

from typing import Any

__all__ = ["response_output_text"]


def response_output_text(response: Any) -> str:
    """`Response.output_text`: the text of every `output_text` part of every message in
    `output`, joined ("" when there is none), as openai-python computes it. A server that sends
    an `output_text` of its own keeps it readable in `model_extra` and `to_dict()`."""
    texts: list[str] = []
    for item in getattr(response, "output", None) or ():
        item = getattr(item, "root", item)  # a union item may arrive wrapped
        if getattr(item, "type", None) != "message":
            continue
        for part in getattr(item, "content", None) or ():
            part = getattr(part, "root", part)
            text = getattr(part, "text", None)
            if getattr(part, "type", None) == "output_text" and isinstance(text, str):
                texts.append(text)
    return "".join(texts)
