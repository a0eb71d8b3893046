"""`openai_compat.OPERATIONS` holds every operation of both pinned specs, and each record's
`client_method` resolves, attribute by attribute, to a callable on a client of its spec."""

from __future__ import annotations

import importlib.util
import inspect
from collections import Counter
from typing import Any

import pytest

import openai_compat
from codegen.normalize import iter_operations
from openai_compat import AsyncAzureOpenAI, AsyncOpenAI, AzureOpenAI, OpenAI

AZURE_PREFIX = "/deployments/{deployment-id}"


def spec_operations(document: dict[str, Any]) -> set[tuple[str, str, str]]:
    """(operationId, METHOD, path as the client sees it) of every operation in a spec."""
    return {
        (str(op["operationId"]), method.upper(), path.removeprefix(AZURE_PREFIX))
        for method, path, op in iter_operations(document)
    }


def indexed(spec: str) -> set[tuple[str, str, str]]:
    return {(r.operation_id, r.method, r.path) for r in openai_compat.OPERATIONS if r.spec == spec}


def test_every_operation_of_the_openai_spec_is_indexed(openai_document: dict[str, Any]) -> None:
    expected = spec_operations(openai_document)
    assert len(expected) == 288
    assert indexed("openai") == expected


def test_every_operation_of_the_azure_spec_is_indexed(azure_document: dict[str, Any]) -> None:
    expected = spec_operations(azure_document)
    assert len(expected) == 6
    assert indexed("azure-openai") == expected


def test_index_has_only_the_pinned_specs_and_no_duplicates() -> None:
    records = openai_compat.OPERATIONS
    assert {r.spec for r in records} == {"openai", "azure-openai"}
    keys = Counter((r.spec, r.client_method) for r in records)
    assert [k for k, n in keys.items() if n > 1] == []


def resolve(client: object, dotted: str) -> Any:
    target: Any = client
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


@pytest.fixture(scope="module")
def clients() -> Any:
    sync = {
        "openai": OpenAI(api_key="sk-index", base_url="http://127.0.0.1:9/v1"),
        "azure-openai": AzureOpenAI(
            api_key="az-index", azure_endpoint="http://127.0.0.1:9", api_version="2024-10-21"
        ),
    }
    async_ = {
        "openai": AsyncOpenAI(api_key="sk-index", base_url="http://127.0.0.1:9/v1"),
        "azure-openai": AsyncAzureOpenAI(
            api_key="az-index", azure_endpoint="http://127.0.0.1:9", api_version="2024-10-21"
        ),
    }
    yield sync, async_
    for client in sync.values():
        client.close()


def test_every_client_method_resolves_to_a_callable(clients: Any) -> None:
    sync, async_ = clients
    unresolved: list[str] = []
    for record in openai_compat.OPERATIONS:
        for client in (sync[record.spec], async_[record.spec]):
            try:
                method = resolve(client, record.client_method)
            except AttributeError as exc:
                unresolved.append(f"{type(client).__name__}.{record.client_method}: {exc}")
                continue
            if not callable(method):
                unresolved.append(f"{type(client).__name__}.{record.client_method}: not callable")
    assert unresolved == []
    assert len(openai_compat.OPERATIONS) == 288 + 6


def test_resolved_methods_are_the_generated_ones_for_their_operation(clients: Any) -> None:
    """The method found is the one whose docstring names the record's METHOD and path (a wrong
    override in naming.py would resolve to some other operation's method)."""
    sync, async_ = clients
    wrong: list[str] = []
    for record in openai_compat.OPERATIONS:
        for client in (sync[record.spec], async_[record.spec]):
            doc = inspect.getdoc(resolve(client, record.client_method)) or ""
            if not doc.endswith(f"{record.method} {record.path}"):
                wrong.append(f"{type(client).__name__}.{record.client_method}: {doc[-60:]!r}")
    assert wrong == []


def test_async_methods_are_coroutines_or_paginators(clients: Any) -> None:
    """Every async method is awaited, except list methods, which return an `AsyncPaginator`
    (awaited for the first page, or walked with `async for`)."""
    _, async_ = clients
    neither = []
    for record in openai_compat.OPERATIONS:
        method = resolve(async_[record.spec], record.client_method)
        returns = str(inspect.signature(method).return_annotation)
        if inspect.iscoroutinefunction(method) == returns.startswith("AsyncPaginator"):
            neither.append(f"{record.client_method} -> {returns}")
    assert neither == []


def test_azure_client_has_openais_methods_for_the_azure_operations(clients: Any) -> None:
    """As openai-python's AzureOpenAI (a subclass of OpenAI): Azure's six operations resolve to
    the OpenAI methods (perhaps through a hand-written subclass that also takes the Azure-only
    fields, see _azure_resources.py), so results are openai-python's classes; the rest of its
    surface is OpenAI's too."""
    sync, _ = clients
    azure = sync["azure-openai"]
    for record in openai_compat.OPERATIONS:
        if record.spec == "azure-openai":
            owner = type(resolve(azure, record.client_method).__self__)
            modules = {cls.__module__.rsplit(".", 1)[0] for cls in owner.__mro__}
            assert "openai_compat._generated.openai.resources" in modules, record.client_method
    files_list = resolve(azure, "files.list")
    assert type(files_list.__self__).__module__ == "openai_compat.lib._res_files"
    # The Azure spec gives models and an operations table only: no resource classes.
    assert importlib.util.find_spec("openai_compat._generated.azure.resources") is None
    assert importlib.util.find_spec("openai_compat._generated.azure.operations") is not None


def test_client_options_are_not_shadowed_by_resources() -> None:
    """`client.organization` is the OpenAI-Organization option, as in openai-python, so the
    `/organization/...` admin API lives under `client.admin.organization`."""
    client = OpenAI(api_key="sk-index", base_url="http://127.0.0.1:9/v1", organization="org-1")
    assert client.organization == "org-1"
    assert callable(client.admin.organization.projects.list)
    client.close()
