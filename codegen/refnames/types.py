"""The types half of the openai-python name map: which openai type matches which spec schema.

`python -m codegen.refnames.types` (`make refnames-types`) runs `_dump_openai_types.py` under the
reference venv's interpreter (openai-python 3.54.0 is never a dependency of the library), then
walks every operation openai-python and the pinned spec share, with the operation's request and
response schemas and openai's annotations side by side, field by field: the response model
against the response schema, each field's type against the field's schema (through `$ref`s,
arrays, maps, and unions whose variants are paired by their tag value or by being the only one of
their shape), the params TypedDict against the request body and query parameters. Names are
never compared. Every type reached is recorded with the schema (a component key) or inline
sub-schema (a JSON pointer into the normalised spec) it matched, and written to
`spec/openai-python-3.54.0.types.json`. Generation reads only that file.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..document import read_document
from ..normalize import iter_operations, normalize
from ..pins import REPO_ROOT, load_pin, locate, sha256_of
from ..webhook_events import WEBHOOK_EVENT_KEY

JSON = dict[str, Any]
OPENAI_PYTHON_VERSION = "3.54.0"
TYPES_MAP = REPO_ROOT / "spec" / f"openai-python-{OPENAI_PYTHON_VERSION}.types.json"
DUMPER = Path(__file__).with_name("_dump_openai_types.py")
_COMPONENT = "#/components/schemas/"
# Stream events the spec describes as a union of (event, data) pairs rather than by an
# operation's `text/event-stream` content: openai's stream item type -> the spec's schema.
# Likewise webhook deliveries: the spec's `webhooks:` payloads, united by normalisation
# (codegen/webhook_events.py) into the schema openai's `unwrap()` result matches.
STREAM_ROOTS = {
    "openai.types.beta.assistant_stream_event:AssistantStreamEvent": "AssistantStreamEvent",
    "openai.types.webhooks.unwrap_webhook_event:UnwrapWebhookEvent": WEBHOOK_EVENT_KEY,
}
# Fields whose value is a tag naming the variant of a union (in the order tried).
_TAGS = ("type", "object", "role", "event")


def dump_openai(ref_python: Path) -> JSON:
    """openai-python's methods and types as `_dump_openai_types.py` prints them."""
    result = subprocess.run(
        [str(ref_python), "-P", str(DUMPER)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{DUMPER.name} failed under {ref_python}:\n{result.stderr[-3000:]}")
    dumped: JSON = json.loads(result.stdout)
    return dumped


def _path_key(method: str, path: str) -> tuple[str, str]:
    return method.lower(), re.sub(r"\{[^}]*\}", "{}", path)


@dataclass
class Matcher:
    spec: JSON
    types: JSON  # openai's types as dumped
    found: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)
    seen: set[tuple[str, str]] = field(default_factory=set)
    missing_fields: set[tuple[str, str]] = field(default_factory=set)

    # --- the spec side ----------------------------------------------------------------------
    def deref(self, schema: Any, pointer: str) -> tuple[JSON, str]:
        for _ in range(20):
            if not isinstance(schema, dict):
                return {}, pointer
            ref = schema.get("$ref")
            if not isinstance(ref, str) or not ref.startswith(_COMPONENT):
                return schema, pointer
            key = ref[len(_COMPONENT) :]
            schema, pointer = self.spec["components"]["schemas"].get(key, {}), ref
        return {}, pointer

    def properties(self, schema: JSON, pointer: str) -> dict[str, tuple[JSON, str]]:
        """Own and `allOf` properties of an object schema, each with its pointer."""
        props: dict[str, tuple[JSON, str]] = {}
        for i, part in enumerate(schema.get("allOf") or []):
            resolved, where = self.deref(part, f"{pointer}/allOf/{i}")
            props.update(self.properties(resolved, where))
        for name, prop in (schema.get("properties") or {}).items():
            props[str(name)] = (prop, f"{pointer}/properties/{_escape(str(name))}")
        return props

    def variants(self, schema: JSON, pointer: str, flat: bool = True) -> list[tuple[JSON, str]]:
        for key in ("oneOf", "anyOf"):
            found = schema.get(key)
            if isinstance(found, list):
                out: list[tuple[JSON, str]] = []
                for i, v in enumerate(found):
                    if v == {"type": "null"} or not isinstance(v, dict):
                        continue
                    at = f"{pointer}/{key}/{i}"
                    # An inline union inside a union (`anyOf: [{oneOf: [...]}, null]`) is flat.
                    inner = self.variants(v, at) if flat and "$ref" not in v else []
                    out += inner or [(v, at)]
                return out
        return []

    def spec_tag(self, schema: JSON, pointer: str) -> tuple[str, Any] | None:
        resolved, where = self.deref(schema, pointer)
        props = self.properties(resolved, where)
        for tag in _TAGS:
            if tag in props:
                prop, _ = self.deref(*props[tag])
                values = [prop["const"]] if "const" in prop else prop.get("enum") or []
                values = [v for v in values if v is not None]
                if len(values) == 1:
                    return tag, values[0]
        return None

    # --- openai's side ----------------------------------------------------------------------
    def tree_tag(self, tree: JSON) -> tuple[str, Any] | None:
        if tree.get("t") != "ref":
            return None
        info = self.types.get(tree["ref"], {})
        fields = info.get("fields") or {}
        for tag in _TAGS:
            value = fields.get(tag)
            if isinstance(value, dict) and value.get("t") == "union":  # Optional[Literal["x"]]
                rest = [a for a in value["args"] if a.get("t") != "null"]
                value = rest[0] if len(rest) == 1 else None
            if (
                isinstance(value, dict)
                and value.get("t") == "literal"
                and len(value["values"]) == 1
            ):
                return tag, value["values"][0]
        return None

    # --- walking both -----------------------------------------------------------------------
    def record(self, ref: str, pointer: str, side: str) -> None:
        self.found.setdefault(ref, Counter())[(pointer, side)] += 1

    def match(self, tree: JSON, schema: Any, pointer: str, side: str) -> None:
        kind = tree.get("t")
        if not isinstance(schema, dict) or not schema:
            return
        resolved, where = self.deref(schema, pointer)
        if kind == "ref":
            ref = tree["ref"]
            info = self.types.get(ref, {})
            if info.get("kind") in ("model", "typeddict") and not self.properties(resolved, where):
                # One object type against a union of objects: its tag (or being the only
                # object) picks the variant; an ambiguous union names nothing.
                picked = self.pick_variant(tree, resolved, where)
                if picked is not None:
                    self.match(tree, *picked, side)
                return
            self.record(ref, where, side)
            if (ref, where) in self.seen:
                return
            self.seen.add((ref, where))
            if info.get("kind") in ("model", "typeddict"):
                self.match_fields(info, ref, resolved, where, side)
            elif info.get("kind") == "alias":
                self.match(info["target"], resolved, where, side)
            return
        if kind == "list":
            items = resolved.get("items")
            if resolved.get("type") in ("array", ["array", "null"]) and isinstance(items, dict):
                self.match(tree["item"], items, f"{where}/items", side)
            elif self.variants(resolved, where):
                arrays = [
                    (v, p)
                    for v, p in self.variants(resolved, where)
                    if self.deref(v, p)[0].get("type") == "array"
                ]
                if len(arrays) == 1:
                    self.match(tree, *arrays[0], side)
            return
        if kind == "dict":
            extra = resolved.get("additionalProperties")
            if isinstance(extra, dict):
                self.match(tree["value"], extra, f"{where}/additionalProperties", side)
            return
        if kind == "union":
            self.match_union(tree["args"], resolved, where, side)

    def pick_variant(self, tree: JSON, schema: JSON, pointer: str) -> tuple[JSON, str] | None:
        variants = self.variants(schema, pointer)
        tag = self.tree_tag(tree)
        tagged = [v for v in variants if tag and self.spec_tag(*v) == tag]
        if len(tagged) == 1:
            return tagged[0]
        objects = [v for v in variants if self.spec_shape(*v) == "object"]
        return objects[0] if len(objects) == 1 else None

    def match_fields(self, info: JSON, ref: str, schema: JSON, pointer: str, side: str) -> None:
        props = self.properties(schema, pointer)
        for name, sub in (info.get("fields") or {}).items():
            if name in props:
                self.match(sub, *props[name], side)
            else:
                self.missing_fields.add((ref, name))

    def match_union(self, args: list[JSON], schema: JSON, pointer: str, side: str) -> None:
        args = [a for a in args if a.get("t") not in ("null", "any")]
        outer = self.variants(schema, pointer, flat=False)
        if len(args) == 1 and len(outer) == 1:  # Optional[X] <-> anyOf: [X, null]
            self.match(args[0], *outer[0], side)
            return
        variants = self.variants(schema, pointer)
        if not variants:
            refs = [a for a in args if a.get("t") in ("ref", "list", "dict")]
            if len(refs) == 1:
                self.match(refs[0], schema, pointer, side)
            return
        left = list(variants)
        pending = list(args)
        # Tags first; a variant that is itself a union (`$ref: Item` inside InputItem) is
        # opened for the arguments no direct variant took (openai flattens nested unions).
        for _ in range(4):
            still: list[JSON] = []
            by_tag: dict[Any, list[JSON]] = {}
            for arg in pending:
                tag = self.tree_tag(arg)
                if tag is None:
                    still.append(arg)
                else:
                    by_tag.setdefault(tag, []).append(arg)
            for tag, mine in by_tag.items():
                theirs = [v for v in left if self.spec_tag(*v) == tag]
                if len(mine) == 1 and len(theirs) == 1:
                    pairs = [(mine[0], theirs[0])]
                else:  # one tag, several variants (`message`): told apart by their fields
                    pairs = self.pair_by_fields(mine, theirs) if theirs else []
                for arg, variant in pairs:
                    left.remove(variant)
                    self.match(arg, *variant, side)
                paired = [id(a) for a, _ in pairs]
                still += [a for a in mine if id(a) not in paired]
            pending = still
            nested = [v for v in left if self.spec_shape(*v) == "union"]
            if not pending or not nested:
                break
            for v in nested:
                left.remove(v)
                left += self.variants(*self.deref(*v))
        # Variants without a tag: paired when each side has exactly one of that shape.
        for shape in ("list", "dict", "object", "union", "enum"):
            mine = [a for a in pending if _tree_shape(a, self.types) == shape]
            theirs = [v for v in left if self.spec_shape(*v) == shape]
            if len(mine) == 1 and len(theirs) == 1:
                self.match(mine[0], *theirs[0], side)
            elif shape == "object" and mine and theirs:
                for arg, variant in self.pair_by_fields(mine, theirs):
                    self.match(arg, *variant, side)

    def pair_by_fields(
        self, args: list[JSON], variants: list[tuple[JSON, str]]
    ) -> list[tuple[JSON, tuple[JSON, str]]]:
        """Untagged object variants paired by their field names: each pair is the other's
        unique best overlap, and shares most of its fields (a structural match, not names)."""
        mine = {
            i: set(self.types.get(a.get("ref", ""), {}).get("fields") or {})
            for i, a in enumerate(args)
        }
        theirs = {j: set(self.properties(*self.deref(*v))) for j, v in enumerate(variants)}

        def score(i: int, j: int) -> float:
            union = mine[i] | theirs[j]
            return len(mine[i] & theirs[j]) / len(union) if union else 0.0

        pairs = []
        for i in mine:
            scores = sorted(((score(i, j), j) for j in theirs), reverse=True)
            if (
                not scores
                or scores[0][0] < 0.5
                or (len(scores) > 1 and scores[1][0] == scores[0][0])
            ):
                continue
            best = scores[0][1]
            back = sorted(((score(k, best), k) for k in mine), reverse=True)
            if back[0][1] == i and (len(back) == 1 or back[1][0] < back[0][0]):
                pairs.append((args[i], variants[best]))
        return pairs

    def spec_shape(self, schema: JSON, pointer: str) -> str:
        resolved, where = self.deref(schema, pointer)
        kind = resolved.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "array" in kinds:
            return "list"
        if self.properties(resolved, where):
            return "object"
        if self.variants(resolved, where):
            return "union"
        if "object" in kinds or "additionalProperties" in resolved:
            return "dict"
        return "enum" if resolved.get("enum") else "scalar"


def _tree_shape(tree: JSON, types: JSON) -> str:
    kind = tree.get("t")
    if kind == "list":
        return "list"
    if kind == "dict":
        return "dict"
    if kind == "ref":
        info = types.get(tree["ref"], {})
        if info.get("kind") == "alias":
            return _tree_shape(info["target"], types)
        return "object"
    if kind == "union":
        shapes = {_tree_shape(a, types) for a in tree["args"] if a.get("t") != "null"}
        if shapes == {"enum"}:
            return "enum"
        return "union" if shapes <= {"object", "union"} else "mixed"
    return "enum" if kind == "literal" else "scalar"


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def build_map(spec: JSON, dumped: JSON, spec_sha: str) -> JSON:
    """The types map: every openai type reached from a shared operation and its schema."""
    operations = {_path_key(m, p): op for m, p, op in iter_operations(spec)}
    raw_paths = {_path_key(m, p): (m, p) for m, p, _ in iter_operations(spec)}
    matcher = Matcher(spec, dumped["types"])
    missing_operations: list[str] = []
    for method in dumped["methods"]:
        key = _path_key(method["http"], method["path"])
        op = operations.get(key)
        if op is None:
            missing_operations.append(method["client_path"])
            continue
        http, path = raw_paths[key]
        base = f"#/paths/{_escape(path)}/{http}"
        _match_request(matcher, method, op, base)
        _match_response(matcher, method, op, base)
    for ref, schema_key in STREAM_ROOTS.items():
        matcher.match({"t": "ref", "ref": ref}, {"$ref": _COMPONENT + schema_key}, "", "response")
    _match_literal_aliases(matcher, dumped)
    # Another name openai binds to a type it reached is that type: same schema.
    for ref, info in dumped["types"].items():
        target = info.get("same_as")
        if target and target in matcher.found:
            matcher.found[ref] = matcher.found[target]
    return _render_map(matcher, dumped, spec_sha, sorted(set(missing_operations)))


def _match_literal_aliases(matcher: Matcher, dumped: JSON) -> None:
    """A Literal alias no operation reaches (`ChatCompletionRole`) names the one component
    enum with exactly its values, if there is exactly one."""
    enums: dict[frozenset[Any], list[str]] = {}
    for key, schema in matcher.spec["components"]["schemas"].items():
        values = schema.get("enum") if isinstance(schema, dict) else None
        if isinstance(values, list) and all(isinstance(v, str) for v in values if v is not None):
            enums.setdefault(frozenset(v for v in values if v is not None), []).append(key)
    for ref, info in dumped["types"].items():
        if not info.get("unreached"):
            continue
        target = info["target"]
        args = target["args"] if target.get("t") == "union" else [target]
        values = frozenset(v for a in args if a.get("t") == "literal" for v in a["values"])
        keys = enums.get(values, [])
        if len(keys) == 1:
            matcher.record(ref, _COMPONENT + keys[0], "response")


def _match_request(matcher: Matcher, method: JSON, op: JSON, base: str) -> None:
    body_schema: JSON = {}
    body_pointer = ""
    for content_type, media in ((op.get("requestBody") or {}).get("content") or {}).items():
        if "json" in content_type or "form" in content_type:
            body_schema = media.get("schema") or {}
            body_pointer = f"{base}/requestBody/content/{_escape(content_type)}/schema"
            break
    query = {
        str(p.get("name")): (p.get("schema") or {}, f"{base}/parameters/{i}/schema")
        for i, p in enumerate(op.get("parameters") or [])
        if isinstance(p, dict) and p.get("in") == "query"
    }
    resolved, where = matcher.deref(body_schema, body_pointer)
    props = {**query, **matcher.properties(resolved, where)} if body_schema else query
    for params in method.get("params") or []:
        ref = params["ref"]
        info = matcher.types.get(ref, {})
        if body_schema:
            matcher.record(ref, where, "request")
        elif query and info.get("kind") == "typeddict":  # a GET's params: its query parameters
            matcher.record(ref, f"{base}/parameters", "request")
        for name, sub in (info.get("fields") or {}).items():
            if name in props:
                matcher.match(sub, *props[name], "request")
            else:
                matcher.missing_fields.add((ref, name))
        # Params unions (streaming / non-streaming variants) share the body's fields.
        if info.get("kind") == "alias":
            for arg in info["target"].get("args", [info["target"]]):
                sub_info = matcher.types.get(arg.get("ref", ""), {})
                for name, sub in (sub_info.get("fields") or {}).items():
                    if name in props:
                        matcher.match(sub, *props[name], "request")
    for name, sub in (method.get("kwargs") or {}).items():
        if name in props:
            matcher.match(sub, *props[name], "request")


def _match_response(matcher: Matcher, method: JSON, op: JSON, base: str) -> None:
    returns = method.get("returns") or {}
    plain_args = [a for a in returns.get("args", [returns]) if a.get("t") not in ("stream",)]
    # The non-stream results are matched as one union (openai's return union <-> a oneOf).
    plain = plain_args if len(plain_args) < 2 else [{"t": "union", "args": plain_args}]
    streams = [a["item"] for a in returns.get("args", [returns]) if a.get("t") == "stream"]
    for status, response in sorted((op.get("responses") or {}).items()):
        if not str(status).startswith("2") or not isinstance(response, dict):
            continue
        content = response.get("content") or {}
        where = f"{base}/responses/{status}/content"
        for content_type, media in content.items():
            schema = media.get("schema") or {}
            pointer = f"{where}/{_escape(content_type)}/schema"
            if content_type == "text/event-stream":
                for item in streams:
                    matcher.match(item, schema, pointer, "response")
            elif "json" in content_type:
                for tree in plain:
                    if tree.get("t") == "page":
                        resolved, at = matcher.deref(schema, pointer)
                        data = matcher.properties(resolved, at).get("data")
                        if data:
                            matcher.match({"t": "list", "item": tree["item"]}, *data, "response")
                    else:
                        matcher.match(tree, schema, pointer, "response")
        break


def _users(dumped: JSON) -> dict[str, list[tuple[str, str]]]:
    """Who refers to each type: (type, field) pairs and ("method", client path) pairs."""
    users: dict[str, list[tuple[str, str]]] = {}

    def refs(tree: Any) -> list[str]:
        if isinstance(tree, dict):
            found = [tree["ref"]] if tree.get("t") == "ref" else []
            return found + [r for v in tree.values() for r in refs(v)]
        if isinstance(tree, list):
            return [r for v in tree for r in refs(v)]
        return []

    for ref, info in dumped["types"].items():
        for name, sub in (info.get("fields") or {}).items():
            for used in refs(sub):
                users.setdefault(used, []).append((ref, name))
        for used in refs(info.get("target")):
            users.setdefault(used, []).append((ref, ""))
    for method in dumped["methods"]:
        for used in refs([method.get("params"), method.get("kwargs"), method.get("returns")]):
            users.setdefault(used, []).append(("method", method["client_path"]))
    return users


def _spec_tags(matcher: Matcher) -> set[tuple[str, Any]]:
    """Every (tag field, value) a component schema of the spec declares."""
    found = set()
    for key in matcher.spec["components"]["schemas"]:
        tag = matcher.spec_tag({"$ref": _COMPONENT + key}, "")
        if tag is not None and isinstance(tag[1], (str, int, bool)):
            found.add(tag)
    return found


def _why_unmatched(
    ref: str,
    matcher: Matcher,
    users: dict[str, list[tuple[str, str]]],
    spec_tags: set[tuple[str, Any]],
) -> str:
    if matcher.types.get(ref, {}).get("unreached"):
        return "a Literal no operation uses, and no spec enum has exactly its values"
    uses = sorted(set(users.get(ref, [])))
    missing = [f"{u.split(':')[1]}.{f}" for u, f in uses if (u, f) in matcher.missing_fields]
    if missing:
        return f"field not in the pinned spec: {', '.join(missing[:3])}"
    if uses and all(u == "method" for u, _ in uses):
        return "used only by operations the pinned spec lacks"
    if uses and all(u == "method" or u not in matcher.found for u, _ in uses):
        return "used only inside types the pinned spec lacks"
    tag = matcher.tree_tag({"t": "ref", "ref": ref})
    if tag is not None and isinstance(tag[1], (str, int, bool)) and tag not in spec_tags:
        return f"no schema of the pinned spec has {tag[0]}={tag[1]!r} (a variant the spec lacks)"
    return "no schema paired by the walk (a union variant with no tag or shape of its own)"


def _render_map(matcher: Matcher, dumped: JSON, spec_sha: str, missing_ops: list[str]) -> JSON:
    users = _users(dumped)
    spec_tags = _spec_tags(matcher)
    entries: list[JSON] = []
    unmatched: list[JSON] = []
    for ref in sorted(dumped["types"]):
        module, name = ref.split(":")
        info = dumped["types"][ref]
        kind = {"model": "model", "typeddict": "typeddict"}.get(info.get("kind"), "alias")
        counts = matcher.found.get(ref)
        if not counts:
            unmatched.append({"module": module, "name": name, "kind": kind,
                              "reason": _why_unmatched(ref, matcher, users, spec_tags)})  # fmt: skip
            continue
        # The schema met most often names the type; ties go to the first in sort order.
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        (pointer, side), _ = ranked[0]
        entry: JSON = {"module": module, "name": name, "kind": kind, "schema": _short(pointer),
                       "side": side}  # fmt: skip
        others = sorted({_short(p) for (p, _), _ in ranked[1:]} - {entry["schema"]})
        if others:
            entry["also"] = others
        entries.append(entry)
    exports = {
        package: dict(sorted(names.items()))
        for package, names in sorted(dumped["exports"].items())
        if names
    }
    return {
        "openai_python": OPENAI_PYTHON_VERSION,
        "spec": {"name": "openai", "sha256": spec_sha},
        "about": "openai-python's types matched to the pinned spec's schemas (schema: a component "
        "key, or a JSON pointer into the normalised spec for inline sub-schemas); written by "
        "`make refnames-types`.",
        "types": entries,
        "unmatched": unmatched,
        "exports": exports,
        "operations_not_in_spec": missing_ops,
    }


def _short(pointer: str) -> str:
    if pointer.startswith(_COMPONENT) and "/" not in pointer[len(_COMPONENT) :]:
        return pointer[len(_COMPONENT) :]
    return pointer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen.refnames.types")
    parser.add_argument("--ref-python", default=str(REPO_ROOT / ".ref-venv" / "bin" / "python"))
    parser.add_argument("--dump", help="read a saved dump instead of running the reference venv")
    parser.add_argument("--out", default=str(TYPES_MAP))
    args = parser.parse_args(argv)
    dumped = (
        json.loads(Path(args.dump).read_text()) if args.dump else dump_openai(Path(args.ref_python))
    )
    spec_path = locate(load_pin("openai"))
    spec = normalize(read_document(spec_path))
    mapping = build_map(spec, dumped, sha256_of(spec_path))
    Path(args.out).write_text(json.dumps(mapping, indent=1, sort_keys=False) + "\n")
    print(f"{args.out}: {len(mapping['types'])} types matched, {len(mapping['unmatched'])} not")
    return 0


if __name__ == "__main__":
    sys.exit(main())
