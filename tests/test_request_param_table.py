"""The request builder's per-operation parameter table survives operations coming and going.

Tests that mount generated packages import, forget and re-import resource modules; each import
builds new `Operation` objects, and CPython hands a freed object's id to the next object of its
size. The table cache was keyed by id, so an operation could get a forgotten operation's table
and silently drop arguments (a body `{}` instead of `{"minutes": 5}` in the full suite).
"""

from __future__ import annotations

import gc

from openai_compat._request import build_request
from openai_compat._runtime import NOT_GIVEN, Operation, Param

PET_ID = Param("pet_id", "pet_id", "path", True)


def _op(name: str, *params: Param) -> Operation:
    return Operation(
        spec="petstore",
        operation_id=name,
        method="POST",
        path="/pets/{pet_id}/" + name,
        client_method=f"pets.{name}.create",
        params=(PET_ID, *params),
        request_content_type="application/json",
        response_content_type="application/json",
        request_model=None,
        response_model=None,
    )


def test_a_new_operation_never_reads_a_forgotten_operations_table() -> None:
    for _ in range(200):  # id reuse is likely on the first round; keep trying to be sure
        forgotten = _op("walks")
        build_request(forgotten, {"pet_id": "p1"}, None, None, None, NOT_GIVEN)
        del forgotten
        gc.collect()
        current = _op("walks", Param("minutes", "minutes", "body", False))
        prepared = build_request(
            current, {"pet_id": "p1", "minutes": 5}, None, None, None, NOT_GIVEN
        )
        assert prepared.body == {"minutes": 5}
        assert prepared.path == "/pets/p1/walks"
