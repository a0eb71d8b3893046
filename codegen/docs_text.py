"""Markdown text helpers for the reference docs: links, folding, escaping, anchors, literals.

Pure functions over strings; the page builders in `docs_*.py` decide what goes where.
"""

from __future__ import annotations

import json
import re
from typing import Any

UPSTREAM = "https://platform.openai.com"
# Relative links in the spec (`../admin-api-keys`, `./streaming-events`) are written relative
# to the upstream API reference page of the operation.
UPSTREAM_API_REFERENCE = f"{UPSTREAM}/docs/api-reference/"
# Literal types with more values than this are shortened in tables; all values are listed below.
MAX_INLINE_VALUES = 8

_MD_LINK = re.compile(r"(\]\()([^)\s]+)")
_HREF = re.compile(r"""(href=["'])([^"']+)""")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_BLOCK_START = re.compile(r"\s*(```|[-*+] |\d+\. )")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def fix_links(text: str) -> str:
    """Point the spec's site-relative links at the upstream docs site.

    `/docs/x` -> https://platform.openai.com/docs/x (any root-relative link likewise),
    `./x` / `../x` -> the upstream API reference; absolute links and anchors stay.
    """

    def fix(match: re.Match[str]) -> str:
        return match.group(1) + upstream_url(match.group(2))

    return _HREF.sub(fix, _MD_LINK.sub(fix, text))


def upstream_url(target: str) -> str:
    """A link target of the spec, as an absolute URL (anchors and absolute URLs unchanged)."""
    if target.startswith(("#", "//")) or _SCHEME.match(target):
        return target
    if target.startswith("/"):
        return UPSTREAM + target
    if target.startswith(("./", "../")):
        return UPSTREAM_API_REFERENCE + target.lstrip("./")
    return f"{UPSTREAM}/{target}"  # `docs/guides/x` (Azure spec): the site root was meant


def description_text(raw: Any) -> str:
    """A spec description as Markdown: stripped, links fixed, Windows newlines gone."""
    if not isinstance(raw, str):
        return ""
    return fix_links(raw.replace("\r\n", "\n").strip())


def split_first_paragraph(text: str) -> tuple[str, str]:
    """(first paragraph, the rest) of Markdown text.

    A code fence or a list ends the first paragraph too: flattened into a table cell, neither
    would read as what it is, so they go below with the rest.
    """
    parts = _PARAGRAPH_BREAK.split(text, maxsplit=1)
    lines = parts[0].split("\n")
    rest = parts[1] if len(parts) > 1 else ""
    starts = (i for i, line in enumerate(lines) if _BLOCK_START.match(line))
    cut = next((i for i in starts if i or lines[0].lstrip().startswith("```")), None)
    if cut is not None:
        rest = "\n".join(lines[cut:]) + ("\n\n" + rest if rest else "")
        lines = lines[:cut]
    return "\n".join(lines).strip(), rest.strip()


def cell(text: str) -> str:
    """Markdown text on one line, safe inside a table cell."""
    one_line = " ".join(text.split())
    return re.sub(r"(?<!\\)\|", r"\\|", one_line)


def escape(text: str) -> str:
    """Plain text as Markdown that renders literally (type expressions, values)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def code(text: str) -> str:
    """An inline code span that survives any backticks in `text`."""
    ticks = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def python_value(value: Any) -> str:
    """A JSON value as Python source (`true` -> `True`), compact and deterministic."""
    if isinstance(value, (dict, list)):
        text = json.dumps(value, sort_keys=True, default=str)
        return text.replace("true", "True").replace("false", "False").replace("null", "None")
    return repr(value)


def python_source(value: Any) -> str:
    """A JSON value as Python source in the style of an example call (double-quoted strings)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return python_value(value)


def literal_groups(type_expr: str) -> list[tuple[int, int, list[str]]]:
    """Each `Literal[...]` in a type expression: (start, end, [value sources]), quotes respected."""
    groups: list[tuple[int, int, list[str]]] = []
    start = type_expr.find("Literal[")
    while start >= 0:
        i, values, current = start + len("Literal["), [], ""
        quote: str | None = None
        while i < len(type_expr):
            ch = type_expr[i]
            if quote:
                current += ch
                if ch == "\\" and i + 1 < len(type_expr):
                    current += type_expr[i + 1]
                    i += 1
                elif ch == quote:
                    quote = None
            elif ch in "'\"":
                quote, current = ch, current + ch
            elif ch in ",]":
                if current.strip():
                    values.append(current.strip())
                current = ""
                if ch == "]":
                    break
            else:
                current += ch
            i += 1
        groups.append((start, i + 1, values))
        start = type_expr.find("Literal[", i + 1)
    return groups


def shorten_literals(type_expr: str) -> tuple[str, list[str]]:
    """(type with long Literal[...] lists shortened, every value of the shortened lists)."""
    out, last, hidden = [], 0, []
    for start, end, values in literal_groups(type_expr):
        if len(values) <= MAX_INLINE_VALUES:
            continue
        shown = ", ".join(values[:3])
        out.append(f"{type_expr[last:start]}Literal[{shown}, …{len(values) - 3} more]")
        hidden += values
        last = end
    out.append(type_expr[last:])
    return "".join(out), hidden
