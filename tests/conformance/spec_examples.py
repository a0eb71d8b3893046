"""What the pinned OpenAI spec says about each operation: its schema and its `x-oaiMeta` examples.

Every operation's `x-oaiMeta.examples` (one object or a list) holds requests written by OpenAI in
several languages. Two are used here: `curl`, whose `-d '...'` JSON body, `-F` form fields and URL
(path and query values) become a request sent through the client, and `python`, written for
openai-python, which is run with the import swapped. A few curl bodies in the spec are not JSON
(a missing comma, a trailing comma): those are reported, and the operation falls back to its
other examples or to a request built from the schema.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import shlex
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from codegen.document import read_document
from codegen.pins import load_pin, locate

_JSON_DATA = re.compile(r"(?:^|\s)(?:-d|--data|--data-raw)\s+'(.*)'", re.S)
_FORM_FIELD = re.compile(r"^([^=]+)=(.*)$", re.S)


@dataclass(frozen=True)
class SpecOperation:
    """One operation of the spec: where it is, its raw OpenAPI object, its examples."""

    operation_id: str
    method: str
    path: str
    raw: dict[str, Any]

    @property
    def examples(self) -> list[dict[str, Any]]:
        examples = (self.raw.get("x-oaiMeta") or {}).get("examples")
        if isinstance(examples, dict):
            return [examples]
        return [e for e in examples or [] if isinstance(e, dict)]

    def request_examples(self, language: str) -> list[tuple[str, str]]:
        """(title, code) of every example in `language`."""
        found = []
        for index, example in enumerate(self.examples):
            request = example.get("request")
            code = request.get(language) if isinstance(request, dict) else None
            if isinstance(code, str) and code.strip():
                found.append((str(example.get("title") or f"example {index + 1}"), code))
        return found


@dataclass
class CurlRequest:
    """The request a curl example makes: path and query values, and a JSON or form body."""

    title: str
    path_values: dict[str, str] = field(default_factory=dict)
    query: dict[str, str | list[str]] = field(default_factory=dict)
    json_body: Any = None
    form: list[tuple[str, str]] = field(default_factory=list)
    problem: str | None = None  # why the example cannot be used as it is written


@functools.cache
def openai_document() -> dict[str, Any]:
    """The pinned OpenAI spec, parsed once per test session."""
    return read_document(locate(load_pin("openai")))


@functools.cache
def spec_operations() -> dict[str, SpecOperation]:
    """operationId -> SpecOperation for every operation of the pinned OpenAI spec."""
    found: dict[str, SpecOperation] = {}
    for path, item in openai_document()["paths"].items():
        for method, raw in item.items():
            if isinstance(raw, dict) and "operationId" in raw:
                found[raw["operationId"]] = SpecOperation(raw["operationId"], method, path, raw)
    return found


def parse_curl(title: str, curl: str, path_template: str) -> CurlRequest:
    """Read a curl example; `problem` says what is wrong when its body is not usable."""
    request = CurlRequest(title)
    url = next((t for t in _tokens(curl) if t.startswith(("http://", "https://"))), "")
    parts = urlsplit(url)
    request.path_values = _path_values(path_template, parts.path.removeprefix("/v1"))
    for key, value in parse_qsl(parts.query):
        if key.endswith("[]"):
            existing = request.query.setdefault(key[:-2], [])
            assert isinstance(existing, list)
            existing.append(value)
        else:
            request.query[key] = value
    match = _JSON_DATA.search(curl)
    if match and match.group(1).strip():
        try:
            request.json_body = json.loads(match.group(1))
        except ValueError as exc:
            request.problem = f"the example's JSON body is not valid JSON ({exc})"
    request.form = _form_fields(curl)
    return request


def _tokens(curl: str) -> list[str]:
    try:
        return shlex.split(curl)
    except ValueError:  # an unbalanced quote in a header line: the URL is still the 2nd word
        return curl.replace("\\\n", " ").split()


def _form_fields(curl: str) -> list[tuple[str, str]]:
    tokens = _tokens(curl)
    fields = []
    for flag, value in itertools.pairwise(tokens):
        if flag in ("-F", "--form"):
            match = _FORM_FIELD.match(value)
            if match:
                fields.append((match.group(1), match.group(2)))
    return fields


def _path_values(template: str, path: str) -> dict[str, str]:
    names = re.findall(r"\{([^}]+)\}", template)
    pattern = re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(template))
    match = re.fullmatch(pattern, path)
    return dict(zip(names, match.groups(), strict=True)) if match else {}
