"""The per-operation parameter table never answers for another operation.

`build_request` caches each operation's parameters by identity; an operation that is freed
(a re-imported generated module, a byot call) leaves its id to be reused, and the next operation
at that address may share its first parameter. Its own arguments must still all be sent.
"""

from __future__ import annotations

import json

from openai_compat._request import build_request
from openai_compat._runtime import NOT_GIVEN, Operation, Param

PET_ID = Param("pet_id", "pet_id", "path", True)


def _op(*params: Param) -> Operation:
    return Operation(
        spec="t", operation_id="op", method="POST", path="/pets/{pet_id}/walks",
        client_method="pets.walks.create", params=params, request_content_type="application/json",
        response_content_type="application/json", request_model=None, response_model=None,
    )  # fmt: skip


def test_a_reused_address_gets_the_new_operations_parameters() -> None:
    # Without the fix, CPython hands the freed operation's address to the next one within a
    # few rounds and `minutes` is dropped (checked when the fix was made).
    for _ in range(200):
        first = _op(PET_ID)
        build_request(first, {"pet_id": "p1"}, None, None, None, NOT_GIVEN)
        del first
        second = _op(PET_ID, Param("minutes", "minutes", "body", False))
        prepared = build_request(second, {"pet_id": "p1", "minutes": 5}, None, None, None, NOT_GIVEN)
        assert prepared.path == "/pets/p1/walks"
        assert json.loads(prepared.content or b"{}") == {"minutes": 5}
