"""`openai_compat.types`: a mirror of `openai.types`, module by module, from the types map.

Every openai type the map matched to a spec schema gets the same module path and name here
(`openai_compat.types.chat.chat_completion.Choice`) and the same kind:
- models: the pydantic classes generated from the (renamed) spec, imported under openai's name;
- TypedDicts (openai's request `*Param` types): rendered here from the request schemas, so dict
  literals type-check against them and `m["content"]` works;
- aliases (unions, Literals): the generated alias for response types; for request types a union
  of the TypedDicts, rendered here.
Packages (`openai_compat.types.chat`) export what openai's `__init__` exports, lazily: a
`__getattr__` imports the one module a name needs, and `if TYPE_CHECKING:` imports show every
name to type checkers. The mirror is written to `generated/openai/types/` and installed as
`openai_compat.types` (setup.py).
"""

from __future__ import annotations

import keyword
import pprint
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .mirror_overlays import HAND_WRITTEN
from .models import ModelIndex, class_name_for_key
from .render import environment
from .typemap import AppliedNames, Entry, _home_first

JSON = dict[str, Any]
MODELS_PACKAGE = "openai_compat._generated.openai.models"
PUBLIC_PACKAGE = "openai_compat.types"
_COMPONENT = "#/components/schemas/"
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
_MAX_DEPTH = 8


def public_module(openai_module: str) -> str:
    """`openai.types.chat.chat_completion` -> `openai_compat.types.chat.chat_completion`."""
    return PUBLIC_PACKAGE + openai_module[len("openai.types") :]


@dataclass
class _Module:
    """One mirror module being rendered: its imports and its definitions."""

    name: str  # openai module path
    model_imports: list[tuple[str, str, str]] = field(default_factory=list)  # (module, cls, as)
    checking_imports: dict[str, str] = field(default_factory=dict)  # module -> local alias
    definitions: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    typing: set[str] = field(default_factory=set)
    local_refs: set[str] = field(default_factory=set)  # same-module names referenced (quoted)


class MirrorRenderer:
    def __init__(self, spec: JSON, names: AppliedNames, models: ModelIndex) -> None:
        self.spec = spec
        self.schemas: JSON = spec["components"]["schemas"]
        self.names = names
        self.models = models
        # Request-side names per schema key: the TypedDict and the alias other params refer to.
        self.param_of: dict[str, Entry] = {}
        self.param_alias_of: dict[str, Entry] = {}
        typed: dict[str, list[Entry]] = {}
        aliases: dict[str, list[Entry]] = {}
        for entry, key in names.key_of.items():
            if entry.kind == "typeddict":
                typed.setdefault(key, []).append(entry)
            elif entry.kind == "alias" and entry.side == "request":
                aliases.setdefault(key, []).append(entry)
        self.param_of = {k: _home_first(v)[0] for k, v in typed.items()}
        self.param_alias_of = {k: _home_first(v)[0] for k, v in aliases.items()}

    # --- request types ----------------------------------------------------------------------
    def param_type(self, schema: Any, module: _Module, depth: int = 0) -> str:
        """The annotation of a request value of `schema`, for a TypedDict field or alias."""
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return "object"
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith(_COMPONENT):
            return self._param_ref(ref[len(_COMPONENT) :], module, depth)
        variants = schema.get("oneOf") or schema.get("anyOf")
        if isinstance(variants, list) and variants:
            return self._union([self.param_type(v, module, depth + 1) for v in variants], module)
        if "const" in schema:
            module.typing.add("Literal")
            return f"Literal[{schema['const']!r}]"
        kind = schema.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            module.typing.add("Literal")
            values = [v for v in enum if v is not None]
            literal = f"Literal[{', '.join(repr(v) for v in values)}]" if values else "None"
            nullable = None in enum or "null" in kinds
            return self._union([literal, "None"], module) if nullable and values else literal
        members = []
        for one in kinds:
            if one == "array":
                module.typing.add("Iterable")
                members.append(
                    f"Iterable[{self.param_type(schema.get('items'), module, depth + 1)}]"
                )
            elif one == "object" or (one is None and ("properties" in schema or
                                                      "additionalProperties" in schema)):  # fmt: skip
                members.append(self._mapping(schema, module, depth))
            elif one in _SCALARS:
                members.append(_SCALARS[one])
        if not members and schema.get("allOf"):
            parts = schema["allOf"]
            return self.param_type(parts[0], module, depth + 1) if len(parts) == 1 else "object"
        return self._union(members, module) if members else "object"

    def _mapping(self, schema: JSON, module: _Module, depth: int) -> str:
        module.typing.add("Dict")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra and not schema.get("properties"):
            return f"Dict[str, {self.param_type(extra, module, depth + 1)}]"
        return "Dict[str, object]"

    def _union(self, members: list[str], module: _Module) -> str:
        unique = list(dict.fromkeys(members))
        if "object" in unique:
            return "object"
        if len(unique) == 1:
            return unique[0]
        module.typing.add("Union")
        return f"Union[{', '.join(unique)}]"

    def _param_ref(self, key: str, module: _Module, depth: int) -> str:
        target = self.schemas.get(key)
        if not isinstance(target, dict):
            return "object"
        entry = self.param_of.get(key) or self.param_alias_of.get(key)
        if entry is not None and self._is_typed(target):
            return self._reference(entry, module)
        if entry is not None and self._is_union(target):
            return self._reference(entry, module)
        if self._is_typed(target):
            return self._mapping(target, module, depth)
        return self.param_type(target, module, depth + 1)

    def _is_typed(self, schema: JSON) -> bool:
        return bool(schema.get("properties") or schema.get("allOf"))

    def _is_free_form(self, schema: JSON) -> bool:
        kind = schema.get("type")
        return (kind == "object" or kind == ["object", "null"]) and not (
            schema.get("properties") or schema.get("allOf") or self._is_union(schema)
        )

    def _is_union(self, schema: JSON) -> bool:
        return bool(schema.get("oneOf") or schema.get("anyOf"))

    def _reference(self, entry: Entry, module: _Module) -> str:
        """A quoted reference (a forward reference at runtime, a name to type checkers):
        other modules' TypedDicts are imported for type checkers only, so importing one
        module imports no other, and `Required[...]` stays visible at runtime."""
        if entry.module == module.name:
            module.local_refs.add(entry.name)
            return repr(entry.name)
        alias = module.checking_imports.get(entry.module)
        if alias is None:
            base = "_" + entry.module.rsplit(".", 1)[1]
            taken = set(module.checking_imports.values())
            alias, n = base, 2
            while alias in taken:
                alias, n = f"{base}_{n}", n + 1
            module.checking_imports[entry.module] = alias
        return repr(f"{alias}.{entry.name}")

    def properties(self, schema: JSON, depth: int = 0) -> tuple[dict[str, JSON], set[str]]:
        """Own and `allOf` properties (with required keys) of an object schema."""
        props: dict[str, JSON] = {}
        required: set[str] = set()
        for part in schema.get("allOf") or []:
            resolved = self.resolve(part)
            if depth < _MAX_DEPTH:
                more, more_required = self.properties(resolved, depth + 1)
                props.update(more)
                required |= more_required
        props.update(schema.get("properties") or {})
        required |= {str(r) for r in schema.get("required") or []}
        return props, required

    def resolve(self, schema: Any) -> JSON:
        for _ in range(20):
            if not isinstance(schema, dict):
                return {}
            ref = schema.get("$ref")
            if not isinstance(ref, str) or not ref.startswith(_COMPONENT):
                return schema
            schema = self.schemas.get(ref[len(_COMPONENT) :], {})
        return {}

    def typed_dict(self, entry: Entry, schema: JSON, module: _Module) -> str:
        props, required = self.properties(self.resolve(schema))
        module.typing.update({"TypedDict"})
        fields: list[tuple[str, str]] = []
        for name, prop in props.items():
            annotation = self.param_type(prop, module)
            if name in required:
                module.typing.add("Required")
                annotation = f"Required[{annotation}]"
            fields.append((name, annotation))
        if any(not n.isidentifier() or keyword.iskeyword(n) for n, _ in fields):
            body = ", ".join(f"{n!r}: {a!r}" for n, a in fields)
            return f"{entry.name} = TypedDict({entry.name!r}, {{{body}}}, total=False)"
        lines = [f"class {entry.name}(TypedDict, total=False):"]
        lines += [f"    {n}: {a}" for n, a in fields] or ["    pass"]
        return "\n".join(lines)

    # --- modules ----------------------------------------------------------------------------
    def render_module(self, name: str, entries: list[Entry]) -> _Module:
        module = _Module(name)
        for entry in sorted(entries, key=lambda e: e.name):
            key = self.names.key_of.get(entry)
            node = self.names.node_of.get(entry)
            schema = self.schemas.get(key) if key else node
            if not isinstance(schema, dict):
                continue
            if entry.kind == "typeddict":
                if self._is_typed(self.resolve(schema)) or schema.get("properties") is not None:
                    module.definitions.append(self.typed_dict(entry, schema, module))
                    module.names.append(entry.name)
                continue
            free_form = self._is_free_form(schema)
            if entry.kind == "alias" and (entry.side == "request" or key is None or free_form):
                # Free-form objects (`Metadata`) are dicts to openai, whichever side.
                if free_form:
                    annotation = self._mapping(schema, module, 0)
                elif key in self.param_of and self._is_typed(schema):  # Params = ParamsBase
                    annotation = self._reference(self.param_of[key], module)
                else:
                    annotation = self.param_type(schema, module)
                if annotation == "object":
                    continue  # an object where openai has a union: no alias says the same
                module.typing.add("TypeAlias")
                module.definitions.append(f"{entry.name}: TypeAlias = {annotation}")
                module.names.append(entry.name)
                continue
            if key is None:
                continue
            cls = class_name_for_key(key)
            home = self.models.module_of.get(cls)
            if home is None:
                continue
            module.model_imports.append((f"{MODELS_PACKAGE}.{home}", cls, entry.name))
            module.names.append(entry.name)
        _unquote_unrendered(module)
        return module


def _unquote_unrendered(module: _Module) -> None:
    """A same-module reference to an entry the module does not render (openai's alias
    `Filter = Union[ComparisonFilter, object]` has no typed equivalent here) becomes `object`:
    what the alias admits, and never a name that is not defined."""
    for name in sorted(module.local_refs - set(module.names)):
        module.definitions = [d.replace(repr(name), "object") for d in module.definitions]


def render_mirror(
    target: Path, header: str, spec: JSON, names: AppliedNames, models: ModelIndex
) -> dict[str, list[str]]:
    """Write the mirror package into `target`; return each public module's names."""
    renderer = MirrorRenderer(spec, names, models)
    env = environment()
    env.filters["pyrepr"] = lambda value: pprint.pformat(value, width=10_000)
    by_module: dict[str, list[Entry]] = {}
    for entry in names.entries:
        by_module.setdefault(entry.module, []).append(entry)
    packages: set[str] = {"openai.types"}
    defined: dict[str, list[str]] = {}
    template = env.get_template("types_module.py.jinja")
    for openai_module in sorted({*by_module, *HAND_WRITTEN}):
        if openai_module in by_module:
            module = renderer.render_module(openai_module, by_module[openai_module])
        else:
            module = _Module(openai_module)
        for name, source in sorted(HAND_WRITTEN.get(openai_module, {}).items()):
            if name not in module.names:
                module.model_imports.append((source, name, name))
                module.names.append(name)
        if not module.names:
            continue
        parts = openai_module.split(".")[2:]
        path = target.joinpath(*parts[:-1], f"{parts[-1]}.py")
        if path.parent.joinpath(parts[-1]).is_dir() or parts[-1] == "__init__":
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        for i in range(2, len(parts) + 1):
            packages.add(".".join(["openai", "types", *parts[: i - 1]]))
        path.write_text(
            template.render(header=header, module=module, public=public_module(openai_module))
        )
        defined[openai_module] = module.names
    init = env.get_template("types_init.py.jinja")
    for package in sorted(packages):
        exported = {
            name: ref.split(":")[0]
            for name, ref in names.exports.get(package, {}).items()
            if ref.split(":")[1] == name and name in defined.get(ref.split(":")[0], [])
        }
        # Hand-written names are re-exported by their parent package, as openai-python's are.
        for hand_module, hand_names in HAND_WRITTEN.items():
            if hand_module.rsplit(".", 1)[0] == package:
                exported.update(dict.fromkeys(hand_names, hand_module))
        # `from .x import Y as Z` in openai's __init__: Z comes from Y of module x.
        renamed = {
            name: ref.split(":")
            for name, ref in names.exports.get(package, {}).items()
            if ref.split(":")[1] != name and ref.split(":")[1] in defined.get(ref.split(":")[0], [])
        }
        rows = sorted(
            [(n, _relative(package, m), n) for n, m in exported.items()]
            + [(n, _relative(package, m), orig) for n, (m, orig) in renamed.items()]
        )
        subpackages = sorted(
            p.rsplit(".", 1)[1] for p in packages if p.rsplit(".", 1)[0] == package and p != package
        )
        directory = target.joinpath(*package.split(".")[2:])
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "__init__.py").write_text(
            init.render(
                header=header,
                package=public_module(package),
                rows=rows,
                subpackages=subpackages,
                top=package == "openai.types",
            )
        )
    return {public_module(m): n for m, n in defined.items()}


def _relative(package: str, module: str) -> str:
    """`openai.types.chat` + `openai.types.chat.chat_completion` -> `.chat_completion`."""
    return "." + module[len(package) + 1 :]
