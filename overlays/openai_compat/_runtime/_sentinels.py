"""Sentinels that tell "argument omitted" apart from "argument set to None".

`None` cannot mean "omitted": `None` is a value users send on purpose (JSON null clears a field
on update endpoints, and many servers treat null and absent differently). So every optional
parameter defaults to `NOT_GIVEN`, which the request builder drops, while an explicit `None` is
sent as JSON null. `Omit` is for removing a header or query value the client would add by default.
"""

from __future__ import annotations

from typing import Final, Literal

from typing_extensions import override

__all__ = ["NOT_GIVEN", "NotGiven", "Omit", "not_given", "omit"]


class NotGiven:
    """The type of `NOT_GIVEN`: an argument the caller did not pass."""

    __slots__ = ()

    def __bool__(self) -> Literal[False]:
        return False

    @override
    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()
not_given: Final = NOT_GIVEN  # the spelling newer openai-python releases use


class Omit:
    """Remove a default header or query value: `extra_headers={"OpenAI-Organization": omit}`."""

    __slots__ = ()

    def __bool__(self) -> Literal[False]:
        return False

    @override
    def __repr__(self) -> str:
        return "omit"


omit: Final = Omit()
