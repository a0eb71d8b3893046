"""Dump openai-python's client methods and the types they use, as JSON (run inside .ref-venv).

This script is the only part of the types name map that imports openai-python; it runs under the
reference venv's interpreter (`codegen.refnames.types` starts it in a subprocess) and uses only
the standard library besides openai itself. It records structure, never text: for every method of
the client tree its HTTP method and path, its params TypedDict and return annotation; for every
type those reach, its kind and fields (annotations read from the source with `ast`, so type
aliases keep their names: at runtime `Optional[Alias]` would flatten the alias away).

Output (stdout): {"methods": [...], "types": {"module:Name": {...}}, "exports": {package: {name: ref}}}
An annotation is a tree: {"t": "ref", "ref": "module:Name"} | {"t": "list", "item": T} |
{"t": "dict", "value": T} | {"t": "union", "args": [T...]} | {"t": "literal", "values": [...]} |
{"t": "scalar", "name": "str"} | {"t": "null"} | {"t": "any"} | {"t": "stream", "item": T} |
{"t": "page", "item": T} | {"t": "binary"}.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import re
import sys
import textwrap
from typing import Any

import typing_extensions

Tree = dict[str, Any]

_HTTP = re.compile(
    r"self\._(get|post|put|patch|delete|get_api_list)\(\s*"
    r"(?:path_template\(\s*)?f?\"([^\"]+)\""
)
_PARAMS = re.compile(r"\b(\w+_params)\.(\w+Params\w*)\b")
_SCALARS = {"str": "str", "int": "int", "float": "float", "bool": "bool", "bytes": "bytes"}
_LISTS = {"List", "list", "Iterable", "Sequence", "SequenceNotStr", "Tuple", "tuple"}
_DICTS = {"Dict", "dict", "Mapping"}
_TRANSPARENT = {"Required", "NotRequired", "ReadOnly", "Optional"}
# Types users meet that no HTTP method returns: `client.webhooks.unwrap()` parses a delivery
# locally, into this union of the webhook event models.
EXTRA_ROOTS = (("openai.types.webhooks.unwrap_webhook_event", "UnwrapWebhookEvent"),)


class Dumper:
    def __init__(self) -> None:
        self.openai = importlib.import_module("openai")
        self.base_model = importlib.import_module("openai._models").BaseModel
        self.types: dict[str, Tree] = {}
        self.pending: list[tuple[Any, str, str]] = []  # (object, module, name)
        self.module_trees: dict[str, ast.Module] = {}

    # --- where a name comes from: followed through the modules' imports ------------------
    def origin(self, module: str, name: str, depth: int = 0) -> tuple[str, str] | None:
        """The module that defines `name` as seen from `module` (imports followed), or None."""
        if depth > 10 or not module.startswith("openai"):
            return None
        try:
            tree = self._module_tree(module)
        except (OSError, TypeError, KeyError):
            return None
        for stmt in tree.body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == name:
                return module, name
            if isinstance(stmt, (ast.AnnAssign, ast.Assign)):
                targets = [stmt.target] if isinstance(stmt, ast.AnnAssign) else stmt.targets
                if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                    return module, name
        for stmt in tree.body:
            if isinstance(stmt, ast.ImportFrom):
                for alias in stmt.names:
                    if (alias.asname or alias.name) == name:
                        source = _absolute(module, stmt, self._is_package(module))
                        importlib.import_module(source)
                        return self.origin(source, alias.name, depth + 1)
        return None

    def _is_package(self, module: str) -> bool:
        return hasattr(sys.modules[module], "__path__")

    def exports(self) -> dict[str, dict[str, str]]:
        """Names each openai.types package re-exports from its modules."""
        out: dict[str, dict[str, str]] = {}
        types_pkg = importlib.import_module("openai.types")
        packages = ["openai.types"] + [
            i.name for i in pkgutil.walk_packages(types_pkg.__path__, "openai.types.") if i.ispkg
        ]
        for package in packages:
            importlib.import_module(package)
            names: dict[str, str] = {}
            for stmt in self._module_tree(package).body:
                if not isinstance(stmt, ast.ImportFrom):
                    continue
                for alias in stmt.names:
                    shown = alias.asname or alias.name
                    ref = self.origin(package, shown)
                    if ref is not None and ref[0] != package and f"{ref[0]}:{ref[1]}" in self.types:
                        names[shown] = f"{ref[0]}:{ref[1]}"
            out[package] = names
        return out

    # --- annotations -> trees ---------------------------------------------------------------
    def _module_tree(self, module: str) -> ast.Module:
        if module not in self.module_trees:
            self.module_trees[module] = ast.parse(inspect.getsource(sys.modules[module]))
        return self.module_trees[module]

    def tree(self, node: ast.expr, namespace: dict[str, Any]) -> Tree:
        if isinstance(node, ast.Constant):
            if node.value is None:
                return {"t": "null"}
            if isinstance(node.value, str):  # a forward reference
                return self.tree(ast.parse(node.value, mode="eval").body, namespace)
            return {"t": "any"}
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return _union([self.tree(node.left, namespace), self.tree(node.right, namespace)])
        if isinstance(node, ast.Subscript):
            return self._subscript(node, namespace)
        if isinstance(node, (ast.Name, ast.Attribute)):
            return self._named(node, namespace)
        return {"t": "any"}

    def _head(self, node: ast.expr) -> str:
        return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")

    def _subscript(self, node: ast.Subscript, namespace: dict[str, Any]) -> Tree:
        head = self._head(node.value)
        args = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
        if head == "Literal":
            return {
                "t": "literal",
                "values": [a.value for a in args if isinstance(a, ast.Constant)],
            }
        if head == "Annotated":
            return self.tree(args[0], namespace)
        if head in _TRANSPARENT:
            inner = self.tree(args[0], namespace)
            return _union([inner, {"t": "null"}]) if head == "Optional" else inner
        if head == "Union":
            return _union([self.tree(a, namespace) for a in args])
        if head in _LISTS:
            return {"t": "list", "item": self.tree(args[0], namespace)}
        if head in _DICTS:
            return {"t": "dict", "value": self.tree(args[-1], namespace)}
        if head in ("Stream", "AsyncStream"):
            return {"t": "stream", "item": self.tree(args[0], namespace)}
        if head.endswith("Page") or head.endswith("Cursor"):
            return {"t": "page", "item": self.tree(args[0], namespace)}
        if head in ("Type", "type"):
            return {"t": "any"}
        return {"t": "any"}

    def _named(self, node: ast.expr, namespace: dict[str, Any]) -> Tree:
        name = self._head(node)
        if name in _SCALARS:
            return {"t": "scalar", "name": _SCALARS[name]}
        if name in ("object", "Any", "Body", "FileTypes"):
            return {"t": "any"}
        if name in ("HttpxBinaryResponseContent", "_legacy_response"):
            return {"t": "binary"}
        if name in ("Omit", "NotGiven"):
            return {"t": "omit"}
        if isinstance(node, ast.Attribute):
            base = self.tree_object(node.value, namespace)
            module = getattr(base, "__name__", None)
            if not isinstance(module, str):
                return {"t": "any"}
        else:
            module = namespace.get("__name__")
        ref = self.origin(str(module), name)
        if ref is None or not ref[0].startswith("openai.types"):
            value = namespace.get(name)
            if value in (str, int, float, bool):
                return {"t": "scalar", "name": value.__name__}
            return {"t": "any"}
        return self.ref_tree(*ref)

    def tree_object(self, node: ast.expr, namespace: dict[str, Any]) -> Any:
        if isinstance(node, ast.Name):
            return namespace.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.tree_object(node.value, namespace)
            return getattr(base, node.attr, None)
        return None

    def ref_tree(self, module: str, name: str) -> Tree:
        key = f"{module}:{name}"
        if key not in self.types:
            self.types[key] = {"kind": "pending"}
            self.pending.append((vars(sys.modules[module]).get(name), module, name))
        return {"t": "ref", "ref": key}

    def value_tree(self, value: Any) -> Tree:
        if inspect.isclass(value) and value.__module__.startswith("openai.types"):
            return self.ref_tree(value.__module__, value.__name__)
        return {"t": "any"}

    # --- types ------------------------------------------------------------------------------
    def drain(self) -> None:
        while self.pending:
            value, module, name = self.pending.pop(0)
            self.types[f"{module}:{name}"] = self.describe(value, module, name)

    def describe(self, value: Any, module: str, name: str) -> Tree:
        namespace = vars(sys.modules[module])
        if inspect.isclass(value) and issubclass(value, self.base_model):
            return {"kind": "model", **self._fields(value, module)}
        if inspect.isclass(value) and typing_extensions.is_typeddict(value):
            info = self._fields(value, module)
            info["required"] = sorted(getattr(value, "__required_keys__", ()))
            return {"kind": "typeddict", **info}
        if inspect.isclass(value):
            return {"kind": "class"}
        for stmt in self._module_tree(module).body:
            targets = (
                stmt.targets if isinstance(stmt, ast.Assign) else [getattr(stmt, "target", None)]
            )
            value = getattr(stmt, "value", None)
            if (
                isinstance(stmt, (ast.AnnAssign, ast.Assign))
                and any(isinstance(t, ast.Name) and t.id == name for t in targets)
                and value is not None
            ):
                return {"kind": "alias", "target": self.tree(value, namespace)}
        return {"kind": "alias", "target": {"t": "any"}}

    def _fields(self, cls: type, module: str) -> Tree:
        fields: dict[str, Tree] = {}
        required: list[str] = []
        for klass in reversed(cls.__mro__):
            kmod = getattr(klass, "__module__", "")
            if not kmod.startswith("openai.types") or klass.__module__ not in sys.modules:
                continue
            namespace = vars(sys.modules[kmod])
            try:
                source = textwrap.dedent(inspect.getsource(klass))
            except (OSError, TypeError):
                continue
            class_def = ast.parse(source).body[0]
            if not isinstance(class_def, ast.ClassDef):
                continue
            model_fields = getattr(klass, "model_fields", {})
            for stmt in class_def.body:
                if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
                    continue
                attr = stmt.target.id
                wire = _alias_of(stmt) or attr
                info = model_fields.get(attr)
                if info is not None and getattr(info, "alias", None):
                    wire = info.alias
                fields[wire] = self.tree(stmt.annotation, namespace)
                if info is not None and info.is_required():
                    required.append(wire)
        return {"fields": fields, "model_required": required}

    # --- the client tree --------------------------------------------------------------------
    def same_as(self) -> None:
        """Names openai.types binds to a reached class under another name
        (`ChatCompletionToolParam: TypeAlias = ChatCompletionFunctionToolParam`): the same type."""
        reached = {
            id(vars(sys.modules[k.split(":")[0]]).get(k.split(":")[1])): k
            for k, info in self.types.items()
            if info.get("kind") in ("model", "typeddict")
        }
        types_pkg = importlib.import_module("openai.types")
        for info in pkgutil.walk_packages(types_pkg.__path__, "openai.types."):
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                key = f"{info.name}:{name}"
                if key in self.types or id(value) not in reached or not inspect.isclass(value):
                    continue
                if self.origin(info.name, name) == (info.name, name):  # defined here
                    target = reached[id(value)]
                    self.types[key] = {**self.types[target], "same_as": target}

    def other_aliases(self) -> None:
        """Aliases openai.types defines that no method reaches: another name for a reached
        type (`ChatCompletionReasoningEffort = ReasoningEffort`), or a Literal of its own
        (`ChatCompletionRole`), which the matcher pairs with the spec enum of the same values."""
        types_pkg = importlib.import_module("openai.types")
        for info in pkgutil.walk_packages(types_pkg.__path__, "openai.types."):
            importlib.import_module(info.name)
            for stmt in self._module_tree(info.name).body:
                if not isinstance(stmt, (ast.AnnAssign, ast.Assign)) or stmt.value is None:
                    continue
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                if len(targets) != 1 or not isinstance(targets[0], ast.Name):
                    continue
                key = f"{info.name}:{targets[0].id}"
                if key in self.types or targets[0].id.startswith("_") or targets[0].id == "__all__":
                    continue
                namespace = vars(sys.modules[info.name])
                known = set(self.types)
                target = self.tree(stmt.value, namespace)
                for added in set(self.types) - known:  # only names for what methods reach
                    del self.types[added]
                self.pending.clear()
                if target.get("t") == "ref" and target["ref"] in known:
                    self.types[key] = {**self.types[target["ref"]], "same_as": target["ref"]}
                elif _literal_only(target):
                    self.types[key] = {"kind": "alias", "target": target, "unreached": True}

    def methods(self) -> list[Tree]:
        out: list[Tree] = []
        seen: set[type] = set()
        client = self.openai.OpenAI(api_key="unused", base_url="http://127.0.0.1:9")
        self._walk_resource(client, (), out, seen)
        return out

    def _walk_resource(
        self, obj: Any, path: tuple[str, ...], out: list[Tree], seen: set[type]
    ) -> None:
        cls = type(obj)
        for attr, member in sorted(vars(cls).items()):
            if attr.startswith("_") or attr.startswith("with_"):
                continue
            if getattr(member, "func", None) is not None:  # cached_property: a sub-resource
                child = getattr(obj, attr)
                if "resources" in type(child).__module__:
                    self._walk_resource(child, (*path, attr), out, seen)
                continue
            if inspect.isfunction(member) and path:
                found = self._method(cls, attr, member, path)
                if found:
                    out.append(found)

    def _method(self, cls: type, attr: str, func: Any, path: tuple[str, ...]) -> Tree | None:
        try:
            source = textwrap.dedent(inspect.getsource(func))
        except (OSError, TypeError):
            return None
        http = _HTTP.search(source)
        if http is None:
            return None
        namespace = vars(sys.modules[cls.__module__])
        func_def = ast.parse(source).body[0]
        if not isinstance(func_def, ast.FunctionDef):
            return None
        kwargs: dict[str, Tree] = {}
        for arg in [*func_def.args.args, *func_def.args.kwonlyargs]:
            if arg.arg in ("self", "extra_headers", "extra_query", "extra_body", "timeout"):
                continue
            if arg.annotation is not None:
                kwargs[arg.arg] = self.tree(arg.annotation, namespace)
        returns = self.tree(func_def.returns, namespace) if func_def.returns else {"t": "any"}
        page = re.search(r"page=(\w+)\[(\w+)\]", source)
        if page:
            item = ast.parse(page.group(2), mode="eval").body
            returns = {"t": "page", "item": self.tree(item, namespace)}
        # Every params type of the method's `*_params` module(s): the TypedDicts it sends
        # (`CompletionCreateParamsStreaming`...) and the names around them (`CompletionCreateParams`).
        params: list[Tree] = []
        for module_attr in sorted({m.group(1) for m in _PARAMS.finditer(source)}):
            module = getattr(namespace.get(module_attr), "__name__", None)
            if not module:
                continue
            prefix = "".join(p.title() for p in module_attr.split("_"))
            for stmt in self._module_tree(module).body:
                targets = getattr(stmt, "targets", None) or [getattr(stmt, "target", None)]
                name = getattr(stmt, "name", None) or getattr(targets[0], "id", None)
                if isinstance(name, str) and name.lower().startswith(prefix.lower()):
                    params.append(self.ref_tree(module, name))
        method = http.group(1)
        if method == "get_api_list":  # a page: GET unless the call says otherwise (`method="post"`)
            given = re.search(r"\bmethod=\"(\w+)\"", source[http.start() :])
            method = given.group(1) if given else "get"
        return {
            "client_path": ".".join((*path, attr)),
            "http": method,
            "path": http.group(2),
            "params": params,
            "kwargs": kwargs,
            "returns": returns,
        }


def _literal_only(tree: Tree) -> bool:
    args = tree["args"] if tree.get("t") == "union" else [tree]
    return any(a.get("t") == "literal" for a in args) and all(
        a.get("t") in ("literal", "null") for a in args
    )


def _alias_of(stmt: ast.AnnAssign) -> str | None:
    """`Annotated[X, PropertyInfo(alias="schema")]` on a TypedDict key: the wire name."""
    for node in ast.walk(stmt.annotation):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "PropertyInfo":
            for kw in node.keywords:
                if kw.arg == "alias" and isinstance(kw.value, ast.Constant):
                    return str(kw.value.value)
    return None


def _absolute(module: str, stmt: ast.ImportFrom, is_package: bool) -> str:
    if not stmt.level:
        return stmt.module or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (stmt.level - 1)]
    return ".".join(base + ([stmt.module] if stmt.module else []))


def _union(args: list[Tree]) -> Tree:
    flat: list[Tree] = []
    for arg in args:
        for item in arg["args"] if arg["t"] == "union" else [arg]:
            if item not in flat and item["t"] != "omit":
                flat.append(item)
    return flat[0] if len(flat) == 1 else {"t": "union", "args": flat}


def main() -> None:
    dumper = Dumper()
    methods = dumper.methods()
    for module, name in EXTRA_ROOTS:
        importlib.import_module(module)
        dumper.ref_tree(module, name)
    dumper.drain()
    dumper.same_as()
    dumper.other_aliases()
    json.dump(
        {"methods": methods, "types": dumper.types, "exports": dumper.exports()},
        sys.stdout,
        indent=None,
        sort_keys=True,
    )


if __name__ == "__main__":
    main()
