"""Model pages of the reference docs: one page per component schema's model class.

Inline objects (the classes datamodel-codegen generates for nested anonymous schemas) are not
pages of their own: each is a section `Object `<path>`` of the page of the component that
contains it, so every page a type links to is a component a reader can import by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .docs_schema import (
    JSON,
    SpecDocs,
    TypeText,
    default_of,
    description_of,
    discriminator_of,
    enum_values,
    is_nullable,
    merged_object,
    single_tag,
    unwrap,
    variants_of,
)
from .docs_text import cell, code, description_text, slug, split_first_paragraph

_MAX_INLINE_SECTIONS = 200  # a bound on pathological nesting; no pinned spec comes near


@dataclass
class Detail:
    """Text that does not fit a table cell, under its own heading below the table."""

    heading: str
    text: str


@dataclass
class Row:
    name: str
    type: str
    required: str
    nullable: str
    default: str
    description: str


@dataclass
class Table:
    heading: str
    intro: str
    rows: list[Row]
    additional: str = ""
    details: list[Detail] = field(default_factory=list)


@dataclass
class Variant:
    type: str
    tag: str
    description: str


@dataclass
class ModelPage:
    name: str
    spec: str
    schema_key: str
    description: str
    import_code: str
    notes: list[str]
    extends: list[str]
    alias: str
    values: list[str]
    discriminator: str
    tag_heading: str
    variants: list[Variant]
    tables: list[Table]
    used_by: list[str]
    details: list[Detail] = field(default_factory=list)  # of the variants or the alias


def fold(text: str, detail_heading: str, details: list[Detail]) -> str:
    """A table cell's text: the first paragraph; the rest becomes a Detail linked from the cell."""
    head, rest = split_first_paragraph(text)
    if not rest:
        return cell(head)
    details.append(Detail(detail_heading, rest))
    return cell(f"{head} [More…](#{slug(detail_heading)})")


def describe_cell(docs: SpecDocs, schema: JSON, label: str, details: list[Detail]) -> str:
    text, borrowed = description_of(docs, schema)
    if borrowed:  # the component's own page has the rest
        return cell(split_first_paragraph(text)[0])
    own, _ = unwrap(schema)
    deprecated = own.get("deprecated") or schema.get("deprecated")
    prefix = "**Deprecated.** " if deprecated and not text.startswith("Deprecated") else ""
    return fold(prefix + text, f"`{label}`", details) if text else cell(prefix)


def _long_enum_details(types: TypeText, start: int) -> list[Detail]:
    return [
        Detail(f"`{label}` values", ", ".join(code(v) for v in values))
        for label, values in types.long_enums[start:]
    ]


class ModelPageBuilder:
    """Builds the page of one component model; `usage` maps class -> operation links."""

    def __init__(self, docs: SpecDocs, usage: dict[str, list[str]]) -> None:
        self.docs = docs
        self.usage = usage

    def build(self, key: str) -> ModelPage:
        docs, schema = self.docs, self.docs.schemas[key]
        name = docs.class_of_key[key]
        types = TypeText(docs, model_prefix="")
        own, _ = unwrap(schema)
        merged = merged_object(docs, schema)
        variants = variants_of(schema)
        tables: list[Table] = []
        if merged.properties or (own.get("type") == "object" and not variants):
            tables.append(self._table(types, "Properties", "", merged, "", self._azure_only(name)))
        page = ModelPage(
            name=name,
            spec=docs.name,
            schema_key=key if key != name else "",
            description=description_text(own.get("description")),
            import_code=docs.import_line.format(name=name) if docs.import_line else "",
            notes=self._notes(name),
            extends=[
                types.link(docs.class_of_key[b]) for b in merged.bases if b in docs.class_of_key
            ],
            alias="",
            values=[],
            discriminator="",
            tag_heading="",
            variants=[],
            tables=tables,
            used_by=self.usage.get(name, []),
        )
        start = len(types.long_enums)
        if variants:
            self._fill_variants(page, types, schema, variants)
        elif not tables:
            page.values = [code(v) for v in enum_values(schema)]
            if page.values and unwrap(schema)[1]:
                page.values.append(code("None"))
            page.alias = "" if page.values else types.render(schema, name)
        page.details = _long_enum_details(types, start)
        page.tables += self._inline_tables(types)
        return page

    def _table(
        self,
        types: TypeText,
        heading: str,
        intro: str,
        merged: Any,
        prefix: str,
        azure_only: set[str],
    ) -> Table:
        details: list[Detail] = []
        rows: list[Row] = []
        start = len(types.long_enums)
        for prop_name, prop in merged.properties:
            label = f"{prefix}{prop_name}"
            marker = f" <sup>{self.docs.only_label}</sup>" if prop_name in azure_only else ""
            rows.append(
                Row(
                    name=code(prop_name) + marker,
                    type=cell(types.render(prop, label)),
                    required="yes" if prop_name in merged.required else "",
                    nullable="yes" if is_nullable(self.docs, prop) else "",
                    default=cell(code(default_of(prop))) if default_of(prop) else "",
                    description=describe_cell(self.docs, prop, label, details),
                )
            )
        extra = merged.additional
        additional = ""
        if isinstance(extra, dict) and extra:
            additional = f"Additional properties: {cell(types.render(extra, f'{prefix}*'))}"
        elif extra is True:
            additional = "Additional properties: any."
        details += _long_enum_details(types, start)
        return Table(heading, intro, rows, additional, details)

    def _inline_tables(self, types: TypeText) -> list[Table]:
        tables: list[Table] = []
        done = 0
        while done < len(types.inline) and done < _MAX_INLINE_SECTIONS:
            obj = types.inline[done]
            done += 1
            merged = merged_object(self.docs, obj.schema)
            intro = description_text(unwrap(obj.schema)[0].get("description"))
            intro = split_first_paragraph(intro)[0] if intro else ""
            heading = f"Object `{obj.label}`"
            tables.append(self._table(types, heading, intro, merged, f"{obj.label}.", set()))
        return tables

    def _fill_variants(
        self, page: ModelPage, types: TypeText, schema: JSON, variants: list[JSON]
    ) -> None:
        prop, tags = discriminator_of(schema)
        tag_prop = prop or "type"
        rows = []
        for n, variant in enumerate(variants, 1):
            key, target = self.docs.resolve(variant)
            tag = tags.get(key, "") if key else ""
            if not tag:
                tag = single_tag(self.docs, target, tag_prop)
            text, _ = description_of(self.docs, variant)
            rows.append(
                Variant(
                    type=cell(types.render(variant, f"variant {n}")),
                    tag=code(tag) if tag else "",
                    description=cell(split_first_paragraph(text)[0]),
                )
            )
        page.variants = rows
        page.discriminator = code(prop) if prop else ""
        page.tag_heading = code(tag_prop) if any(r.tag for r in rows) else ""

    def _azure_only(self, name: str) -> set[str]:
        base = self.docs.base
        if base is None or name not in base.key_of_class:
            return set()
        ours = merged_object(self.docs, self.docs.schemas[self.docs.key_of_class[name]])
        theirs = merged_object(base, base.schemas[base.key_of_class[name]])
        return {p for p, _ in ours.properties} - {p for p, _ in theirs.properties}

    def _notes(self, name: str) -> list[str]:
        base = self.docs.base
        if base is None:
            return []
        if name not in base.key_of_class:
            return [
                f"Only in the {self.docs.name} spec: the {base.name} spec has no model of this name."
            ]
        link = f"../../{base.name}/models/{name}.md"
        if self._azure_only(name):
            return [
                f"Fields marked *{self.docs.only_label}* are not in the {base.name} spec's [{name}]({link})."
            ]
        return [f"The {base.name} spec has a model of the same name: [{name}]({link})."]
