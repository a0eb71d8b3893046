"""Reference docs (codegen/docs*.py): coverage of the pinned specs, links, golden pages, units.

Golden pages live in tests/codegen/golden/; after a deliberate template change, rewrite them with
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/codegen/test_docs.py` and review the diff.
"""

from __future__ import annotations

import copy
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from codegen.check import EXTRA_TREES
from codegen.docs import (
    DOCS_DIR,
    build_pages,
    model_page,
    pinned_spec_docs,
    resource_page,
)
from codegen.docs_schema import SpecDocs, link_type_expr
from codegen.docs_text import (
    cell,
    fix_links,
    shorten_literals,
    slug,
    split_first_paragraph,
)
from codegen.errors import CodegenError
from codegen.models import ModelIndex, class_name_for_key
from codegen.naming import snake_case
from codegen.normalize import normalize
from codegen.operations import build_operations

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PAGES = (
    "openai/resources/chat.completions.md",
    "openai/models/CreateChatCompletionRequest.md",
    "openai/models/ResponseStreamEvent.md",
    "azure-openai/resources/chat.completions.md",
)
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_HEADING = re.compile(r"#{1,6} (.+)")


# --- helpers ----------------------------------------------------------------------------------


def headings(text: str) -> list[str]:
    """Anchors of a page's headings (outside fenced code), in order."""
    out, fenced = [], False
    for line in text.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := _HEADING.fullmatch(line)):
            out.append(slug(match.group(1)))
    return out


def broken_links(pages: dict[str, str]) -> list[str]:
    """Every link between pages whose page or anchor does not exist; root-relative links too."""
    anchors = {path: set(headings(text)) for path, text in pages.items()}
    broken = []
    for path, text in sorted(pages.items()):
        for target in _LINK.findall(text):
            if target.startswith(("https://", "http://")):
                continue
            file_part, _, anchor = target.partition("#")
            resolved = path
            if file_part:
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), file_part))
            if resolved not in pages or (anchor and anchor not in anchors[resolved]):
                broken.append(f"{path}: {target}")
    return broken


def spec_docs(spec: dict[str, Any], name: str = "zoo", **kwargs: Any) -> SpecDocs:
    """SpecDocs for a small inline spec, its model index made as datamodel-codegen names classes."""
    normalized = normalize(spec)
    keys = normalized["components"]["schemas"]
    models = ModelIndex({class_name_for_key(k): snake_case(k) for k in keys})
    ops = build_operations(name, normalized, models)
    return SpecDocs(name, "0" * 64, normalized, models, ops, **kwargs)


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


MEATS = [f"m{n}" for n in range(12)]
ZOO: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Zoo", "version": "1"},
    "paths": {
        "/animals": {
            "post": {
                "operationId": "createAnimal",
                "summary": "Create an animal.",
                "requestBody": {"required": True, **json_body(ref("CreateAnimalRequest"))},
                "responses": {"200": json_body(ref("Animal"))},
            },
            "get": {
                "operationId": "listAnimals",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 20}}
                ],
                "responses": {"200": json_body(ref("AnimalList"))},
            },
        },
        "/animals/{animal_id}": {
            "get": {
                "operationId": "getAnimal",
                "deprecated": True,
                "parameters": [
                    {
                        "name": "animal_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {"200": json_body(ref("Animal"))},
            }
        },
        "/feed": {
            "post": {
                "operationId": "feed",
                "requestBody": json_body(
                    {"type": "object", "properties": {"stream": {"type": "boolean"}}}
                ),
                "responses": {
                    "200": {
                        "content": {
                            "application/json": {"schema": ref("Animal")},
                            "text/event-stream": {"schema": ref("Food")},
                        }
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Base": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {
                        "type": "string",
                        "description": "The identifier.\n\nSee the [ID guide](/docs/ids).",
                    }
                },
            },
            "Animal": {
                "description": "An animal | of the zoo.",
                "allOf": [
                    ref("Base"),
                    {
                        "type": "object",
                        "properties": {
                            "kind": ref("Kind"),
                            "name": {"type": ["string", "null"], "default": "Rex"},
                            "collar": {
                                "type": "object",
                                "description": "The collar.",
                                "properties": {"size": {"type": "integer"}},
                            },
                            "food": ref("Food"),
                            "meat": {"type": "string", "enum": MEATS},
                            "old": {"type": "string", "deprecated": True, "description": "Old."},
                        },
                    },
                ],
            },
            "AnimalList": {
                "type": "object",
                "properties": {"data": {"type": "array", "items": ref("Animal")}},
            },
            "Kind": {"type": "string", "enum": ["cat", "dog"]},
            "Food": {
                "oneOf": [ref("Meat"), ref("Seeds")],
                "discriminator": {"propertyName": "type"},
            },
            "Meat": {
                "type": "object",
                "description": "Meat.",
                "properties": {"type": {"type": "string", "enum": ["meat"]}},
            },
            "Seeds": {"type": "object", "properties": {"type": {"const": "seeds"}}},
            "CreateAnimalRequest": {
                "type": "object",
                "required": ["kind"],
                "properties": {
                    "kind": ref("Kind"),
                    "name": {"type": "string", "description": "A name | with a pipe."},
                    "leash": {
                        "type": "object",
                        "description": "The leash.",
                        "properties": {"length": {"type": "integer"}},
                    },
                },
            },
        }
    },
}


@pytest.fixture(scope="module")
def zoo_pages() -> dict[str, str]:
    return build_pages([spec_docs(ZOO)])


# --- the pinned specs -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pinned() -> list[SpecDocs]:
    return pinned_spec_docs()


@pytest.fixture(scope="module")
def pages(pinned: list[SpecDocs]) -> dict[str, str]:
    return build_pages(pinned)


def test_both_pinned_specs_are_covered(pinned: list[SpecDocs], pages: dict[str, str]) -> None:
    assert [d.name for d in pinned] == ["azure-openai", "openai"]
    assert "index.md" in pages
    for docs in pinned:
        assert f"{docs.name}/index.md" in pages
        assert f"[{docs.name}]({docs.name}/index.md)" in pages["index.md"]


def test_every_operation_has_a_method_section(
    pinned: list[SpecDocs], pages: dict[str, str]
) -> None:
    counted = 0
    for docs in pinned:
        assert not docs.ops.skipped
        for op in docs.ops.operations:
            page = pages[resource_page(docs.name, ".".join(op.resource_path))]
            assert f"\n## {op.method_name}\n\n`{op.method} {op.path}`" in page, op.client_method
            counted += 1
    assert counted == sum(d.ops.total for d in pinned) > 280


def test_every_component_model_has_a_page(pinned: list[SpecDocs], pages: dict[str, str]) -> None:
    for docs in pinned:
        keys = set(docs.schemas)
        assert set(docs.class_of_key) == keys  # every component schema has a generated class
        expected = {model_page(docs.name, docs.class_of_key[k]) for k in keys}
        actual = {p for p in pages if p.startswith(f"{docs.name}/models/")}
        assert actual == expected
        for name in docs.key_of_class:
            assert pages[model_page(docs.name, name)].split("\n")[1] == f"# {name}"


def test_every_link_between_pages_resolves(pages: dict[str, str]) -> None:
    assert broken_links(pages) == []
    links = [t for text in pages.values() for t in _LINK.findall(text)]
    assert sum(1 for t in links if "#" in t and not t.startswith("http")) > 1000  # anchors checked


def test_spec_relative_links_point_upstream(pages: dict[str, str]) -> None:
    text = pages["openai/models/CreateChatCompletionRequest.md"]
    assert "](https://platform.openai.com/docs/models)" in text
    assert not any("](/" in t or 'href="/' in t for t in pages.values())


def test_headings_are_unique_within_each_page(pages: dict[str, str]) -> None:
    duplicates = {}
    for path, text in pages.items():
        anchors = headings(text)
        if len(anchors) != len(set(anchors)):
            duplicates[path] = sorted({a for a in anchors if anchors.count(a) > 1})
    assert duplicates == {}


def test_page_paths_do_not_collide_on_case_insensitive_disks(pages: dict[str, str]) -> None:
    assert len({p.lower() for p in pages}) == len(pages)


def test_streaming_methods_name_their_event_types(pages: dict[str, str]) -> None:
    responses = pages["openai/resources/responses.md"]
    events = responses.split("## create\n", 1)[1].split("**Parameters:**", 1)[0]
    assert "**Stream events:**" in events
    assert (
        "- `response.created`: [ResponseCreatedEvent](../models/ResponseCreatedEvent.md)" in events
    )
    chat = pages["openai/resources/chat.completions.md"]
    assert (
        "- [ChatCompletionChunk](../models/ChatCompletionChunk.md)"
        in chat
    )


def test_azure_pages_mark_fields_only_azure_has(pages: dict[str, str]) -> None:
    model = pages["azure-openai/models/CreateChatCompletionRequest.md"]
    assert "| `data_sources` <sup>Azure only</sup> |" in model
    assert "| `messages` |" in model
    assert (
        "[CreateChatCompletionRequest](../../openai/models/CreateChatCompletionRequest.md)" in model
    )
    assert "<sup>Azure only</sup>" not in pages["openai/models/CreateChatCompletionRequest.md"]


def test_pages_are_deterministic(pinned: list[SpecDocs], pages: dict[str, str]) -> None:
    assert build_pages(copy.deepcopy(pinned)) == pages


def test_total_size_stays_reasonable(pages: dict[str, str]) -> None:
    total = sum(len(text.encode()) for text in pages.values())
    assert total < 6_000_000, f"{total} bytes of docs: descriptions duplicated somewhere?"


@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_golden_pages(pages: dict[str, str], page: str) -> None:
    golden = GOLDEN / page
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[page], encoding="utf-8")
    assert pages[page] == golden.read_text(encoding="utf-8"), (
        f"{page} changed; if deliberate, rerun with UPDATE_GOLDEN=1 and review the diff"
    )


def test_make_check_compares_the_docs_tree() -> None:
    committed, writer = EXTRA_TREES["docs/reference"]
    assert committed == DOCS_DIR
    assert writer.__name__ == "write_reference"


# --- a small inline spec ----------------------------------------------------------------------


def test_inline_spec_pages_and_links(zoo_pages: dict[str, str]) -> None:
    assert sorted(zoo_pages) == [
        "index.md",
        "zoo/index.md",
        "zoo/models/Animal.md",
        "zoo/models/AnimalCollar.md",  # inline inside allOf: a class of its own, parent + field
        "zoo/models/AnimalList.md",
        "zoo/models/Base.md",
        "zoo/models/CreateAnimalRequest.md",
        "zoo/models/FeedRequest.md",  # the inline request body, hoisted by normalize
        "zoo/models/Food.md",
        "zoo/models/Kind.md",
        "zoo/models/Meat.md",
        "zoo/models/Seeds.md",
        "zoo/resources/animals.md",
        "zoo/resources/feed.md",
    ]
    assert broken_links(zoo_pages) == []


def test_model_properties_table(zoo_pages: dict[str, str]) -> None:
    page = zoo_pages["zoo/models/Animal.md"]
    assert "Extends [Base](Base.md)" in page
    assert "An animal | of the zoo." in page  # the description as written, outside tables
    rows = {line.split(" | ")[0][2:]: line for line in page.split("\n") if line.startswith("| `")}
    assert rows["`id`"] == ("| `id` | str | yes |  |  | The identifier. [More…](#id) |")
    assert "\n### `id`\n\nSee the [ID guide](https://platform.openai.com/docs/ids).\n" in page
    assert rows["`name`"] == "| `name` | str \\| None |  | yes | `'Rex'` |  |"
    assert rows["`kind`"].startswith("| `kind` | [Kind](Kind.md) |")
    assert rows["`food`"].startswith("| `food` | [Food](Food.md) |")
    assert rows["`old`"].endswith("| **Deprecated.** Old. |")


def test_inline_objects_fold_into_the_parent_page(zoo_pages: dict[str, str]) -> None:
    page = zoo_pages["zoo/models/CreateAnimalRequest.md"]
    assert "| `leash` | [object](#object-leash) |" in page
    assert "\n## Object `leash`\n\nThe leash.\n" in page
    assert "| `length` | int |" in page


def test_inline_objects_inside_all_of_have_their_own_page(zoo_pages: dict[str, str]) -> None:
    # The model generator would have named it `Collar` (without its parent): normalize names
    # it parent + field, and it is a model page like any other.
    assert "| `collar` | [AnimalCollar](AnimalCollar.md) |" in zoo_pages["zoo/models/Animal.md"]
    page = zoo_pages["zoo/models/AnimalCollar.md"]
    assert "The collar." in page and "| `size` | int |" in page


def test_long_enumerations_are_shortened_with_every_value_below(zoo_pages: dict[str, str]) -> None:
    page = zoo_pages["zoo/models/Animal.md"]
    assert "Literal\\['m0', 'm1', 'm2', […9 more](#meat-values)\\]" in page
    assert "\n### `meat` values\n\n" + ", ".join(f"`'{m}'`" for m in MEATS) + "\n" in page


def test_union_page_lists_variants_and_discriminator(zoo_pages: dict[str, str]) -> None:
    page = zoo_pages["zoo/models/Food.md"]
    assert "chosen by the value of `type`" in page
    assert "| [Meat](Meat.md) | `meat` | Meat. |" in page
    assert "| [Seeds](Seeds.md) | `seeds` |  |" in page
    assert "- [feed.create](../resources/feed.md#create) (stream events)" in page


def test_enum_page_lists_values(zoo_pages: dict[str, str]) -> None:
    assert "**Allowed values:** `'cat'`, `'dog'`" in zoo_pages["zoo/models/Kind.md"]


def test_resource_page_methods(zoo_pages: dict[str, str]) -> None:
    page = zoo_pages["zoo/resources/animals.md"]
    assert "| [`create`](#create) | `POST /animals` | [Animal](../models/Animal.md) |" in page
    assert 'result = client.animals.create(kind="cat")' in page
    assert '    client.animals.retrieve("animal_id")' not in page  # one line when short
    assert 'result = client.animals.retrieve("animal_id")' in page
    assert "`GET /animals/{animal_id}` · **Deprecated.**" in page
    assert "for item in client.animals.list():" in page
    assert "| `limit` <sub>query</sub> | int | optional | `20` |  |" in page
    assert "| `name` | str | optional |  | A name \\| with a pipe. |" in page
    assert "the body is a [CreateAnimalRequest](../models/CreateAnimalRequest.md)" in page


def test_stream_when_requested(zoo_pages: dict[str, str]) -> None:
    page = zoo_pages["zoo/resources/feed.md"]
    assert "A `Stream` when called with `stream=True`." in page
    assert "- `meat`: [Meat](../models/Meat.md)" in page
    assert "- `seeds`: [Seeds](../models/Seeds.md)" in page


def test_base_spec_comparison_marks_fields_and_params() -> None:
    azure = copy.deepcopy(ZOO)
    schemas = azure["components"]["schemas"]
    schemas["CreateAnimalRequest"]["properties"]["region"] = {"type": "string"}
    schemas["Base"]["properties"]["region"] = {"type": "string"}
    schemas["Cage"] = {"type": "object", "properties": {"size": {"type": "integer"}}}
    base = spec_docs(ZOO)
    docs = spec_docs(azure, "azure-zoo", base=base, only_label="Azure only")
    pages = build_pages([base, docs])
    assert broken_links(pages) == []
    model = pages["azure-zoo/models/Base.md"]
    assert "| `region` <sup>Azure only</sup> |" in model
    assert "| `id` |" in model
    assert "not in the zoo spec's [Base](../../zoo/models/Base.md)" in model
    assert "Only in the azure-zoo spec" in pages["azure-zoo/models/Cage.md"]
    resource = pages["azure-zoo/resources/animals.md"]
    assert "| `region` <sup>Azure only</sup> |" in resource
    assert "| `kind` |" in resource


def test_colliding_class_names_are_refused() -> None:
    spec = copy.deepcopy(ZOO)
    spec["components"]["schemas"]["kind"] = {"type": "string"}
    with pytest.raises(CodegenError, match="'Kind' and 'kind' both map to model class 'Kind'"):
        spec_docs(spec)


def test_cli_generate_writes_docs_for_any_spec(tmp_path: Path) -> None:
    spec = Path(__file__).parent / "specs" / "pets_new.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "codegen", "generate", "--spec", str(spec),
         "--out", str(tmp_path / "gen"), "--docs", str(tmp_path / "docs")],
        capture_output=True, text=True, check=False, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    written = {
        p.relative_to(tmp_path / "docs").as_posix(): p.read_text(encoding="utf-8")
        for p in (tmp_path / "docs").rglob("*.md")
    }
    assert "pets_new/resources/pets.md" in written
    assert "pets_new/models/Pet.md" in written
    assert broken_links(written) == []


# --- text helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see [a](/docs/x)", "see [a](https://platform.openai.com/docs/x)"),
        ("[t](/tokenizer?view=bpe)", "[t](https://platform.openai.com/tokenizer?view=bpe)"),
        (
            "[k](../admin-api-keys)",
            "[k](https://platform.openai.com/docs/api-reference/admin-api-keys)",
        ),
        (
            "[s](./streaming-events)",
            "[s](https://platform.openai.com/docs/api-reference/streaming-events)",
        ),
        ("[g](docs/guides/x)", "[g](https://platform.openai.com/docs/guides/x)"),
        ("[m](https://example.com/a)", "[m](https://example.com/a)"),
        ("[e](mailto:a@b.c)", "[e](mailto:a@b.c)"),
        ("[h](#here)", "[h](#here)"),
        ('<a href="/docs/y">y</a>', '<a href="https://platform.openai.com/docs/y">y</a>'),
    ],
)
def test_fix_links(text: str, expected: str) -> None:
    assert fix_links(text) == expected


@pytest.mark.parametrize(
    ("text", "head", "rest"),
    [
        ("One\nline.\n\nTwo.\n\nThree.", "One\nline.", "Two.\n\nThree."),
        ("Intro:\n- a\n- b\n\nAfter.", "Intro:", "- a\n- b\n\nAfter."),
        ("Steps\n1. one", "Steps", "1. one"),
        ("```\ncode\n```\nText.", "", "```\ncode\n```\nText."),
        ("Only.", "Only.", ""),
    ],
)
def test_split_first_paragraph(text: str, head: str, rest: str) -> None:
    assert split_first_paragraph(text) == (head, rest)


def test_cell_is_one_line_with_pipes_escaped() -> None:
    assert cell("a | b\nc  d \\| e") == "a \\| b c d \\| e"


def test_shorten_literals_respects_quotes() -> None:
    values = [repr(f"v{n},]") for n in range(10)]
    expr = f"str | Literal[{', '.join(values)}] | Literal['x']"
    short, hidden = shorten_literals(expr)
    assert short == "str | Literal['v0,]', 'v1,]', 'v2,]', …7 more] | Literal['x']"
    assert hidden == values


def test_link_type_expr_links_classes_but_not_quoted_values() -> None:
    text = link_type_expr("Sequence[Pet | Mapping[str, Any]] | Literal['Pet']", {"Pet"}, "../m/")
    assert text == (
        "Sequence\\[[Pet](../m/Pet.md) \\| Mapping\\[str, Any\\]\\] \\| Literal\\['Pet'\\]"
    )


def test_slug_matches_github_anchors() -> None:
    assert (
        slug("Object `web_search_options.user_location`")
        == "object-web_search_optionsuser_location"
    )
    assert slug("create: `model` values") == "create-model-values"
