"""Parse a response body into a generated model, tolerating what real servers get wrong.

"OpenAI-compatible" servers deviate from the spec in small ways: a `finish_reason` the spec does
not list (vLLM's "abort", llama.cpp's "eos", Ollama's ""), a required field left out (`refusal`,
`logprobs`, `created`), null where the spec says never null, a number where a string is due, a
tagged item of a kind newer than the spec. Strict validation would turn each of those into an
exception and lose the whole response; this module keeps the response and every byte of data in
it.

Fast path: `model.model_validate_json(body)` and nothing else, so a valid body costs what pydantic
costs. Only when that raises is the body parsed to Python values (with `pydantic_core.from_json`,
the parser the fast path uses, so >64-bit integers and NaN read the same on both paths; orjson
would reject >64-bit integers) and the model rebuilt, recursively, from the model classes'
fields and annotations. A value that validates is kept as pydantic made it; one that does not is
repaired as below and its model assembled with `model_construct`, so attribute access and
`to_dict()` work as on the fast path, and `model_fields_set` holds exactly the keys the server sent.

What the slow path tolerates (each occurrence is recorded as a `ToleratedIssue`):

    kind               what came                               what the model holds
    unknown_enum       a string/number outside a Literal/Enum  the value as sent (llama.cpp's
                                                               finish_reason "eos" reads "eos",
                                                               as in openai-python: a value is
                                                               never rewritten into another)
    missing_required   no key for a required field             None, or an empty model when the
                                                               field's model has no required
                                                               fields (a chunk choice's `delta`);
                                                               the field stays out of fields_set
    null_for_non_null  null for a non-nullable field           None
    wrong_type         any other mismatch                      the value as sent
    unknown_variant    a discriminator tag no variant has      a `GenericModel` with every field

Unknown keys are always kept (the models have `extra="allow"`). A union without a usable tag is
filled by the variant that needs the fewest repairs.

What it refuses, with `ResponseShapeError` (a `ValueError` carrying `message` and `body_start`,
the first 200 characters): a body that is not JSON, or JSON of the wrong kind for the model (an
array where an object is due). The client turns it into `APIResponseValidationError`, adding the
HTTP status and request id this module does not know. With `strict=True` any tolerated issue
raises `StrictValidationError` (a `ResponseShapeError` listing them): for testing one's own server.

The issues of one parse are stored on the top-level instance (in `__pydantic_private__`, written
only on the slow path) and read with `tolerated(instance)`; each is also logged at DEBUG on the
"openai_compat" logger as path, kind and a truncated value, never the body. The record survives
`copy`, `model_copy` and pickling, is not part of `repr` or `to_dict()`, and - because pydantic's
`==` compares private state - a tolerated instance equals only instances with the same record.
"""

from __future__ import annotations

import logging
import reprlib
import types
from collections.abc import Callable, Mapping, MutableSequence, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Final, Literal, TypeVar, Union, cast, get_args, get_origin

import pydantic
import pydantic_core
from pydantic import Discriminator, Field, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from ._runtime import GenericModel

__all__ = [
    "IssueKind",
    "ResponseShapeError",
    "StrictValidationError",
    "ToleratedIssue",
    "parse_json",
    "parse_python",
    "tolerated",
]

M = TypeVar("M", bound=pydantic.BaseModel)

IssueKind = Literal[
    "unknown_enum",
    "missing_required",
    "null_for_non_null",
    "wrong_type",
    "unknown_variant",
]

logger = logging.getLogger("openai_compat")

_PRIVATE_KEY: Final = "_openai_compat_tolerated"
_BODY_START_CHARS: Final = 200
# Deeper than any real response; bounds Python recursion on recursive models (jiter stops at 200).
_MAX_DEPTH: Final = 96
_ABSENT: Final = "<absent>"
_UNION_ORIGINS: Final = (Union, types.UnionType)
_SEQUENCE_ORIGINS: Final = (list, tuple, set, frozenset, Sequence, MutableSequence)
_MAPPING_ORIGINS: Final = (dict, Mapping)

_short_repr = reprlib.Repr()
_short_repr.maxstring = 60
_short_repr.maxother = 60
_short_repr.maxlist = _short_repr.maxdict = 4
_short_repr.maxlevel = 2


def _shorten(value: object) -> str:
    """A repr bounded in size however large the value (reprlib never renders it whole)."""
    if value is _ABSENT:
        return _ABSENT
    try:
        text = _short_repr.repr(value)
    except Exception:  # a parse_python caller's object with a broken __repr__
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:77] + "..."


@dataclass(frozen=True, slots=True)
class ToleratedIssue:
    """One deviation from the spec that the parser accepted instead of failing."""

    path: str  # e.g. "choices[0].finish_reason"; "" is the body itself
    kind: IssueKind
    value: str  # what the server sent, as a truncated repr ("<absent>" for a missing key)
    detail: str

    def __str__(self) -> str:
        return f"{self.path or '<body>'}: {self.kind}, got {self.value} ({self.detail})"


class ResponseShapeError(ValueError):
    """The body is not JSON, or not the kind of JSON value the model is built from."""

    def __init__(self, message: str, *, body_start: str) -> None:
        super().__init__(message)
        self.message = message
        self.body_start = body_start


class StrictValidationError(ResponseShapeError):
    """`strict=True` and the body deviates from the spec; `issues` lists every deviation."""

    def __init__(self, message: str, *, body_start: str, issues: Sequence[ToleratedIssue]) -> None:
        super().__init__(message, body_start=body_start)
        self.issues = tuple(issues)


def parse_json(
    model: type[M], body: bytes | bytearray | str, *, strict: bool = False, context: str = ""
) -> M:
    """Parse a JSON body into `model`, tolerating spec deviations (see the module docstring).

    `context` (e.g. "POST /chat/completions") prefixes error and log messages.
    """
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        error = exc
    where = context or model.__name__
    start = _body_start(body)
    try:
        data = pydantic_core.from_json(body)
    except ValueError as exc:
        raise ResponseShapeError(
            f"{where}: the response body is not valid JSON ({exc}); expected "
            f"{_kind_name(model)} for {model.__name__}, body starts {start[:60]!r}",
            body_start=start,
        ) from exc
    return _rebuild(model, data, error=error, strict=strict, where=where, body_start=start)


def parse_python(model: type[M], data: object, *, strict: bool = False, context: str = "") -> M:
    """Like `parse_json`, for a body already decoded to Python values (dicts, lists, str...)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc
    where = context or model.__name__
    return _rebuild(model, data, error=error, strict=strict, where=where, body_start=_shorten(data))


def tolerated(instance: pydantic.BaseModel) -> list[ToleratedIssue]:
    """What the parser tolerated to build `instance` (empty when the body matched the spec)."""
    private = getattr(instance, "__pydantic_private__", None)
    if isinstance(private, dict):
        return list(private.get(_PRIVATE_KEY, ()))
    return []


def _body_start(body: bytes | bytearray | str) -> str:
    if isinstance(body, str):
        return body[:_BODY_START_CHARS]
    # Decode a few bytes more than needed so a multi-byte character is not cut in half.
    return bytes(body[: _BODY_START_CHARS * 4]).decode("utf-8", "replace")[:_BODY_START_CHARS]


def _rebuild(
    model: type[M],
    data: object,
    *,
    error: ValidationError,
    strict: bool,
    where: str,
    body_start: str,
) -> M:
    if not _accepts_kind(model, data):
        raise ResponseShapeError(
            f"{where}: expected {_kind_name(model)} for {model.__name__}, got {_json_kind(data)}",
            body_start=body_start,
        )
    repair = _Repair()
    instance = repair.rebuild(model, data, "", None, 0)
    if not isinstance(instance, model):  # unreachable after the kind check; kept as a guard
        raise ResponseShapeError(
            f"{where}: could not build {model.__name__} from {_json_kind(data)}",
            body_start=body_start,
        )
    issues = repair.issues or [_issue_from_error(error)]
    if strict:
        listed = "; ".join(str(issue) for issue in issues[:20])
        more = f" and {len(issues) - 20} more" if len(issues) > 20 else ""
        raise StrictValidationError(
            f"{where}: the response does not match {model.__name__}: {listed}{more}",
            body_start=body_start,
            issues=issues,
        )
    _attach(instance, issues)
    if logger.isEnabledFor(logging.DEBUG):
        for issue in issues:
            logger.debug("%s: tolerated %s", where, issue)
    return instance


def _issue_from_error(error: ValidationError) -> ToleratedIssue:
    """A record for a failure no repair rule explains (so no slow-path parse goes unrecorded)."""
    first = error.errors(include_url=False)[0]
    path = _join_loc(first["loc"])
    return ToleratedIssue(path, "wrong_type", _shorten(first.get("input")), first["msg"])


def _join_loc(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path = f"{path}[{part}]" if isinstance(part, int) else _join(path, part)
    return path


def _attach(instance: pydantic.BaseModel, issues: list[ToleratedIssue]) -> None:
    # getattr, not attribute access: model_construct leaves the slot unset on RootModels.
    private = getattr(instance, "__pydantic_private__", None)
    if isinstance(private, dict):
        private[_PRIVATE_KEY] = tuple(issues)
    else:
        object.__setattr__(instance, "__pydantic_private__", {_PRIVATE_KEY: tuple(issues)})


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Repair:
    """One slow-path rebuild: walks value and type together, collecting what it tolerated."""

    def __init__(self) -> None:
        self.issues: list[ToleratedIssue] = []

    def note(self, path: str, kind: IssueKind, value: object, detail: str) -> None:
        self.issues.append(ToleratedIssue(path, kind, _shorten(value), detail))

    def value(self, tp: object, raw: object, path: str, name: str | None, depth: int) -> object:
        """`raw` validated as `tp` when it can be, else repaired."""
        adapter = _adapter(tp)
        if adapter is not None:
            try:
                return adapter.validate_python(raw)
            except ValidationError:
                pass
        return self.rebuild(tp, raw, path, name, depth)

    def rebuild(self, tp: object, raw: object, path: str, name: str | None, depth: int) -> object:
        """`raw` (which did not validate as `tp`) turned into the closest thing `tp` can hold."""
        bare, discriminator = _unwrap(tp)
        if depth > _MAX_DEPTH:
            self.note(path, "wrong_type", raw, "nested too deeply to check; kept as sent")
            return raw
        if raw is None:
            self.note(path, "null_for_non_null", raw, f"expected {_type_name(bare)}; kept null")
            return None
        origin = get_origin(bare)
        if origin in _UNION_ORIGINS:
            return self._union(bare, discriminator, raw, path, name, depth)
        if origin is Literal:
            return self._literal(bare, raw, path)
        if isinstance(bare, type) and issubclass(bare, pydantic.RootModel):
            return self._root(bare, raw, path, name, depth)
        if isinstance(bare, type) and issubclass(bare, pydantic.BaseModel):
            return self._model(bare, raw, path, depth)
        if isinstance(bare, type) and issubclass(bare, Enum):
            return self._enum(bare, raw, path)
        if origin in _SEQUENCE_ORIGINS:
            return self._sequence(bare, raw, path, name, depth)
        if origin in _MAPPING_ORIGINS:
            return self._mapping(bare, raw, path, name, depth)
        self.note(path, "wrong_type", raw, f"expected {_type_name(bare)}; kept as sent")
        return raw

    def _union(
        self,
        bare: object,
        discriminator: str | None,
        raw: object,
        path: str,
        name: str | None,
        depth: int,
    ) -> object:
        options = [arg for arg in get_args(bare) if arg is not type(None)]
        if discriminator is not None and isinstance(raw, dict) and discriminator in raw:
            return self._tagged(bare, options, discriminator, raw, path, depth)
        candidates = [option for option in options if _accepts_kind(option, raw)]
        if not candidates:
            self.note(path, "wrong_type", raw, f"expected {_type_name(bare)}; kept as sent")
            return raw
        if len(candidates) == 1:
            return self.value(candidates[0], raw, path, name, depth + 1)
        return self._best_fit(candidates, raw, path, name, depth)

    def _tagged(
        self,
        bare: object,
        options: list[object],
        discriminator: str,
        raw: dict[Any, Any],
        path: str,
        depth: int,
    ) -> object:
        tag = raw[discriminator]
        variants = _tag_map(bare, options, discriminator)
        variant = variants.get(tag) if isinstance(tag, (str, int, bool)) else None
        if variant is None:
            known = ", ".join(sorted(repr(key) for key in variants))
            self.note(
                path,
                "unknown_variant",
                tag,
                f"{discriminator}={_shorten(tag)} is none of {known}; every field kept in a GenericModel",
            )
            return _construct(GenericModel, {}, set(), _hashable_tag(raw, discriminator))
        return self.value(variant, raw, path, None, depth + 1)

    def _best_fit(
        self, candidates: list[object], raw: object, path: str, name: str | None, depth: int
    ) -> object:
        best: tuple[tuple[int, int], object, list[ToleratedIssue]] | None = None
        for option in candidates:
            trial = _Repair()
            result = trial.value(option, raw, path, name, depth + 1)
            extra = (
                getattr(result, "__pydantic_extra__", None)
                if isinstance(result, pydantic.BaseModel)
                else None
            )
            score = (len(trial.issues), len(extra or ()))
            if best is None or score < best[0]:
                best = (score, result, trial.issues)
        assert best is not None  # candidates is never empty here
        self.issues.extend(best[2])
        return best[1]

    def _literal(self, bare: object, raw: object, path: str) -> object:
        allowed = get_args(bare)
        if any(_same_kind(option, raw) for option in allowed):
            self.note(
                path, "unknown_enum", raw, f"not one of {_shorten(list(allowed))}; kept as sent"
            )
        else:
            self.note(
                path, "wrong_type", raw, f"expected one of {_shorten(list(allowed))}; kept as sent"
            )
        return raw

    def _enum(self, bare: type[Enum], raw: object, path: str) -> object:
        kind: IssueKind = (
            "unknown_enum" if any(_same_kind(m.value, raw) for m in bare) else "wrong_type"
        )
        self.note(path, kind, raw, f"not a {bare.__name__} value; kept as sent")
        return raw

    def _root(
        self,
        cls: type[pydantic.RootModel[Any]],
        raw: object,
        path: str,
        name: str | None,
        depth: int,
    ) -> object:
        # A RootModel is transparent in paths: its root stands where the model stands.
        _ensure_complete(cls)
        root_type = _field_type(cls, "root", cls.__pydantic_fields__["root"])
        return cls.model_construct(self.value(root_type, raw, path, name, depth + 1))

    def _model(self, cls: type[pydantic.BaseModel], raw: object, path: str, depth: int) -> object:
        if not isinstance(raw, dict):
            self.note(
                path, "wrong_type", raw, f"expected an object for {cls.__name__}; kept as sent"
            )
            return raw
        rest = dict(raw)
        values: dict[str, object] = {}
        fields_set: set[str] = set()
        for field in _fields_of(cls):
            key = next((key for key in field.keys if key in rest), None)
            if key is None:
                if field.required:
                    values[field.name] = self._missing(field.info, _join(path, field.keys[0]), cls)
                continue
            fields_set.add(field.name)
            raw_value = rest.pop(key)
            values[field.name] = self.value(
                field.type, raw_value, _join(path, key), field.name, depth + 1
            )
        return _construct(cls, values, fields_set, rest)

    def _missing(self, info: FieldInfo, path: str, owner: type[pydantic.BaseModel]) -> object:
        empty = _empty_model(info.annotation)
        read_as = f"an empty {type(empty).__name__}" if empty is not None else "None"
        self.note(
            path, "missing_required", _ABSENT, f"required by {owner.__name__}; read as {read_as}"
        )
        return empty

    def _sequence(
        self, bare: object, raw: object, path: str, name: str | None, depth: int
    ) -> object:
        if not isinstance(raw, (list, tuple)):
            self.note(
                path, "wrong_type", raw, f"expected an array ({_type_name(bare)}); kept as sent"
            )
            return raw
        args = get_args(bare)
        item_types = _item_types(args, len(raw))
        items = [
            self.value(tp, item, f"{path}[{index}]", name, depth + 1) if tp is not None else item
            for index, (tp, item) in enumerate(zip(item_types, raw, strict=False))
        ]
        return tuple(items) if get_origin(bare) is tuple else items

    def _mapping(
        self, bare: object, raw: object, path: str, name: str | None, depth: int
    ) -> object:
        if not isinstance(raw, dict):
            self.note(
                path, "wrong_type", raw, f"expected an object ({_type_name(bare)}); kept as sent"
            )
            return raw
        args = get_args(bare)
        value_type = args[1] if len(args) == 2 else Any
        return {
            key: self.value(value_type, item, f"{path}[{key!r}]", name, depth + 1)
            for key, item in raw.items()
        }


class _IdentityHashedList(list[Any]):
    __hash__ = object.__hash__  # type: ignore[assignment]


class _IdentityHashedDict(dict[Any, Any]):
    __hash__ = object.__hash__  # type: ignore[assignment]


def _hashable_tag(raw: dict[Any, Any], discriminator: str) -> dict[Any, Any]:
    """`raw` with an array/object tag made hashable: pydantic-core's tagged-union serializer
    hashes the tag of the value it writes, and raises TypeError on a list or dict. The
    subclasses compare equal to the tag as sent and serialise as plain lists/dicts."""
    tag = raw[discriminator]
    if isinstance(tag, list):
        return {**raw, discriminator: _IdentityHashedList(tag)}
    if isinstance(tag, dict):
        return {**raw, discriminator: _IdentityHashedDict(tag)}
    return dict(raw)


def _item_types(args: tuple[Any, ...], count: int) -> list[object | None]:
    """The type of each of `count` items: `list[X]`, `tuple[X, ...]` or a fixed `tuple[X, Y]`."""
    if not args:
        return [None] * count
    if len(args) == 2 and args[1] is Ellipsis:
        return [args[0]] * count
    if len(args) == 1:
        return [args[0]] * count
    # A fixed-length tuple: extra items have no type and are kept as sent.
    return [args[index] if index < len(args) else None for index in range(count)]


def _construct(
    cls: type[M], values: dict[str, object], fields_set: set[str], extras: dict[Any, Any]
) -> M:
    """A model from repaired values, keeping unknown keys as pydantic's `extra="allow"` does."""
    keep_extras = cls.model_config.get("extra") == "allow"
    # Extra keys count as set, as they do after validation, so exclude_unset keeps them.
    instance = cls.model_construct(
        fields_set | set(extras) if keep_extras else fields_set, **values
    )
    if keep_extras:
        object.__setattr__(instance, "__pydantic_extra__", extras)
    return instance


@dataclass(frozen=True, slots=True)
class _Field:
    """What the slow path needs of one model field, worked out once per class."""

    name: str
    keys: tuple[str, ...]  # where the input may hold it: alias, validation aliases, name
    type: object
    required: bool
    info: FieldInfo


_FIELDS: dict[type, tuple[_Field, ...]] = {}


def _fields_of(cls: type[pydantic.BaseModel]) -> tuple[_Field, ...]:
    cached = _FIELDS.get(cls)
    if cached is None:
        _ensure_complete(cls)
        cached = tuple(
            _Field(
                name,
                _input_keys(name, info),
                _field_type(cls, name, info),
                info.is_required(),
                info,
            )
            for name, info in cls.__pydantic_fields__.items()
        )
        _FIELDS[cls] = cached
    return cached


def _input_keys(name: str, info: FieldInfo) -> tuple[str, ...]:
    keys: list[str] = []
    if info.alias is not None:
        keys.append(info.alias)
    alias = info.validation_alias
    if isinstance(alias, str):
        keys.append(alias)
    elif isinstance(alias, pydantic.AliasChoices):
        keys.extend(choice for choice in alias.choices if isinstance(choice, str))
    keys.append(name)
    return tuple(dict.fromkeys(keys))


def _empty_model(annotation: object) -> pydantic.BaseModel | None:
    """An empty instance when the annotation is one model whose fields are all optional."""
    bare, _ = _unwrap(annotation)
    if get_origin(bare) in _UNION_ORIGINS:
        options = [arg for arg in get_args(bare) if arg is not type(None)]
        if len(options) != 1:
            return None
        bare, _ = _unwrap(options[0])
    if not isinstance(bare, type) or not issubclass(bare, pydantic.BaseModel):
        return None
    if issubclass(bare, pydantic.RootModel):
        return None
    _ensure_complete(bare)
    if any(info.is_required() for info in bare.__pydantic_fields__.values()):
        return None
    return bare.model_construct(set())


# Caches keyed by id() hold the keyed object too, so an id is never reused while cached.
_ADAPTERS: dict[int, tuple[object, TypeAdapter[Any] | None]] = {}
_FIELD_TYPES: dict[tuple[type, str], object] = {}
_TAG_MAPS: dict[tuple[int, str], tuple[object, dict[object, object]]] = {}


def _adapter(tp: object) -> TypeAdapter[Any] | None:
    hit = _ADAPTERS.get(id(tp))
    if hit is not None and hit[0] is tp:
        return hit[1]
    adapter: TypeAdapter[Any] | None
    try:
        adapter = TypeAdapter(cast(Any, tp))
    except (pydantic.PydanticSchemaGenerationError, pydantic.PydanticUserError, TypeError):
        adapter = None  # not a type pydantic can validate alone: values are repaired directly
    _ADAPTERS[id(tp)] = (tp, adapter)
    return adapter


def _field_type(cls: type[pydantic.BaseModel], name: str, info: FieldInfo) -> object:
    """The field's annotation with the constraints and discriminator its FieldInfo carries."""
    key = (cls, name)
    cached = _FIELD_TYPES.get(key)
    if cached is not None:
        return cached
    extras: list[object] = list(info.metadata)
    if info.discriminator is not None:
        extras.append(Field(discriminator=info.discriminator))
    args = (info.annotation, *extras)
    # Annotated[args] spreads the tuple into Annotated[annotation, *extras] at runtime.
    tp: object = Annotated[args] if extras else info.annotation
    _FIELD_TYPES[key] = tp
    return tp


def _ensure_complete(cls: type[pydantic.BaseModel]) -> None:
    """Resolve a deferred model's annotations (generated models use `defer_build`)."""
    if not cls.__pydantic_complete__:
        cls.model_rebuild(raise_errors=False)


_UNWRAPPED: dict[int, tuple[object, tuple[object, str | None]]] = {}


def _unwrap(tp: object) -> tuple[object, str | None]:
    """The type without `Annotated`, and the discriminator field its metadata names, if any."""
    hit = _UNWRAPPED.get(id(tp))
    if hit is not None and hit[0] is tp:
        return hit[1]
    result = _unwrap_uncached(tp)
    _UNWRAPPED[id(tp)] = (tp, result)
    return result


def _unwrap_uncached(tp: object) -> tuple[object, str | None]:
    discriminator: str | None = None
    while get_origin(tp) is Annotated:
        tp, *metadata = get_args(tp)
        for meta in metadata:
            found = (
                getattr(meta, "discriminator", None)
                if isinstance(meta, (FieldInfo, Discriminator))
                else None
            )
            if isinstance(found, Discriminator):
                found = found.discriminator
            if isinstance(found, str):
                discriminator = found
    alias_value = getattr(tp, "__value__", None)
    if alias_value is not None and type(tp).__name__ == "TypeAliasType":
        return _unwrap(alias_value)
    return tp, discriminator


def _tag_map(bare: object, options: list[object], discriminator: str) -> dict[object, object]:
    """Tag value -> variant, read from each variant model's Literal discriminator field."""
    key = (id(bare), discriminator)
    hit = _TAG_MAPS.get(key)
    if hit is not None and hit[0] is bare:
        return hit[1]
    mapping: dict[object, object] = {}
    for option in options:
        for tag in _variant_tags(option, discriminator):
            mapping.setdefault(tag, option)
    _TAG_MAPS[key] = (bare, mapping)
    return mapping


def _variant_tags(option: object, discriminator: str) -> list[object]:
    variant, _ = _unwrap(option)
    if get_origin(variant) in _UNION_ORIGINS:
        return [tag for inner in get_args(variant) for tag in _variant_tags(inner, discriminator)]
    if not isinstance(variant, type) or not issubclass(variant, pydantic.BaseModel):
        return []
    _ensure_complete(variant)
    for name, info in variant.__pydantic_fields__.items():
        if discriminator in (name, info.alias):
            tag_type, _ = _unwrap(info.annotation)
            if get_origin(tag_type) is Literal:
                return list(get_args(tag_type))
            if isinstance(tag_type, type) and issubclass(tag_type, Enum):
                return [member.value for member in tag_type]
    return []


def _same_kind(expected: object, raw: object) -> bool:
    """Whether `raw` is the same JSON kind as a Literal/Enum value (bool is not a number here)."""
    if isinstance(expected, Enum):
        expected = expected.value
    if isinstance(expected, bool) or isinstance(raw, bool):
        return isinstance(expected, bool) and isinstance(raw, bool)
    if isinstance(expected, (int, float)):
        return isinstance(raw, (int, float))
    return type(expected) is type(raw)


def _accepts_none(tp: object) -> bool:
    bare, _ = _unwrap(tp)
    if bare is type(None) or bare is Any or bare is object or bare is None:
        return True
    if get_origin(bare) in _UNION_ORIGINS:
        return any(_accepts_none(arg) for arg in get_args(bare))
    if get_origin(bare) is Literal:
        return None in get_args(bare)
    return False


_KIND_CHECKS: Final[Mapping[object, Callable[[object], bool]]] = {
    str: lambda raw: isinstance(raw, str),
    bytes: lambda raw: isinstance(raw, (str, bytes)),
    bool: lambda raw: isinstance(raw, bool),
    int: lambda raw: isinstance(raw, int) and not isinstance(raw, bool),
    float: lambda raw: isinstance(raw, (int, float)) and not isinstance(raw, bool),
    list: lambda raw: isinstance(raw, (list, tuple)),
    tuple: lambda raw: isinstance(raw, (list, tuple)),
    dict: lambda raw: isinstance(raw, dict),
}


def _accepts_kind(tp: object, raw: object, depth: int = 0) -> bool:
    """Whether `raw` is a JSON kind (object, array, string...) that `tp` is built from."""
    bare, _ = _unwrap(tp)
    if depth > 16 or bare is Any or bare is object:
        return True  # (recursive RootModels end here)
    if raw is None:
        return _accepts_none(bare)
    origin = get_origin(bare)
    if origin in _UNION_ORIGINS:
        return any(_accepts_kind(arg, raw, depth + 1) for arg in get_args(bare))
    if origin is Literal:
        return any(_same_kind(option, raw) for option in get_args(bare))
    if isinstance(bare, type) and issubclass(bare, pydantic.RootModel):
        _ensure_complete(bare)
        return _accepts_kind(bare.__pydantic_fields__["root"].annotation, raw, depth + 1)
    if isinstance(bare, type) and issubclass(bare, pydantic.BaseModel):
        return isinstance(raw, dict)
    if isinstance(bare, type) and issubclass(bare, Enum):
        return any(_same_kind(member.value, raw) for member in bare)
    if origin in _SEQUENCE_ORIGINS:
        return _KIND_CHECKS[list](raw)
    if origin in _MAPPING_ORIGINS:
        return _KIND_CHECKS[dict](raw)
    check = _KIND_CHECKS.get(bare)
    return check(raw) if check is not None else True


def _kind_name(tp: object) -> str:
    """The JSON kind a type is built from, for error messages ("a JSON object")."""
    for sample, label in (
        ({}, "a JSON object"),
        ([], "a JSON array"),
        ("", "a JSON string"),
        (0, "a JSON number"),
    ):
        if _accepts_kind(tp, sample):
            return label
    return "a JSON value"


def _json_kind(raw: object) -> str:
    if raw is None:
        return "null"
    if isinstance(raw, bool):
        return "a JSON boolean"
    if isinstance(raw, dict):
        return "a JSON object"
    if isinstance(raw, (list, tuple)):
        return "a JSON array"
    if isinstance(raw, str):
        return "a JSON string"
    if isinstance(raw, (int, float)):
        return "a JSON number"
    return f"a {type(raw).__name__}"


def _type_name(tp: object) -> str:
    if isinstance(tp, type):
        return tp.__name__
    text = repr(tp).replace("typing.", "")
    return text if len(text) <= 80 else text[:77] + "..."
