"""The base class of every generated model.

Every model keeps the fields a server sent that the spec does not know (`extra="allow"`): they
are attributes, and they come back out of `to_dict()` / `to_json()` / `model_extra`. Schemas are
built on first use (`defer_build`) so that importing a model module stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import pydantic
from pydantic import ConfigDict

__all__ = ["BaseModel", "GenericModel"]

# Providers put the reasoning text under either name; reading one finds the other.
_REASONING_TWINS = {"reasoning_content": "reasoning", "reasoning": "reasoning_content"}


class BaseModel(pydantic.BaseModel):
    """A pydantic model that keeps unknown fields and serialises like openai-python's models."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
        defer_build=True,
        arbitrary_types_allowed=True,
    )

    def __repr_args__(self) -> Any:
        # Identity first, as openai-python's models declare it: `Response(id='resp_1', ...)`
        # even where the spec composes the model from shared parts (allOf) that come first.
        args = list(super().__repr_args__())
        return sorted(args, key=lambda item: item[0] != "id")

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        by_alias: bool = True,
        exclude_unset: bool = True,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        """The model as a dict of what the server sent (unset fields left out by default)."""
        # warnings=False: a tolerated response holds what the server sent (a string where the
        # spec says number, say); dumping it back is the point, not something to warn about.
        return self.model_dump(
            mode=mode,
            by_alias=by_alias,
            exclude_unset=exclude_unset,
            exclude_none=exclude_none,
            warnings=False,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        by_alias: bool = True,
        exclude_unset: bool = True,
        exclude_none: bool = False,
    ) -> str:
        """The model as JSON text (unset fields left out by default)."""
        return self.model_dump_json(
            indent=indent,
            by_alias=by_alias,
            exclude_unset=exclude_unset,
            exclude_none=exclude_none,
            warnings=False,
        )

    if not TYPE_CHECKING:
        # Invisible to type checkers (as pydantic hides its own): a typo such as
        # `completion.choises` must stay an error in users' editors, not become `Any`.
        def __getattr__(self, name: str) -> Any:
            # Only reached when normal lookup fails, so the common path pays nothing for this.
            try:
                return super().__getattr__(name)  # type: ignore[misc]
            except AttributeError:
                twin = _REASONING_TWINS.get(name)
                extra = self.__pydantic_extra__
                if twin is not None:
                    if twin in type(self).model_fields:
                        return getattr(self, twin)
                    if extra is not None and twin in extra:
                        return extra[twin]
                    return None
                raise


class GenericModel(BaseModel):
    """A variant the spec does not know (an unknown `type` tag): every field is kept as sent."""
