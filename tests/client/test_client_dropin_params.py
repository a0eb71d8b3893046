"""openai-python's parameter names reach the wire under the spec's names.

The method map renames what the spec spells differently (`include[]` -> `include`,
header `openai-beta` -> `betas`) and takes path ids positionally as openai-python does; each
call below sends what the spec says, whatever the Python name.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from harness import Harness, header, reply_json


async def test_a_header_parameter_named_betas_is_sent_as_openai_beta(h: Harness) -> None:
    h.server.handler = reply_json({"id": "resp_1", "object": "response", "deleted": True})
    await h.run(
        h.client().beta.responses.delete("resp_1", betas=["responses_multi_agent=v1", "x=v2"])
    )
    request = h.server.requests[-1]
    assert (request.method, request.path) == ("DELETE", "/v1/responses/resp_1?beta=true")
    assert header(h.server, "openai-beta") == "responses_multi_agent=v1,x=v2"


async def test_array_query_parameters_keep_their_wire_brackets(h: Harness) -> None:
    h.server.handler = reply_json({"object": "list", "data": [], "has_more": False})
    await h.run(
        h.client(admin_api_key="sk-admin-1").admin.organization.audit_logs.list(
            project_ids=["p1", "p2"], limit=5
        )
    )
    query = parse_qs(urlsplit(h.server.requests[-1].path).query)
    assert query == {"project_ids[]": ["p1", "p2"], "limit": ["5"]}
    h.server.handler = reply_json({"object": "list", "data": [], "has_more": False})
    await h.run(h.client().beta.threads.runs.steps.list("run_1", thread_id="t_1", include=["x"]))
    request = h.server.requests[-1]
    assert urlsplit(request.path).path == "/v1/threads/t_1/runs/run_1/steps"
    assert parse_qs(urlsplit(request.path).query) == {"include[]": ["x"]}


async def test_the_positional_id_and_the_keyword_parent_id_fill_the_path(h: Harness) -> None:
    h.server.handler = reply_json({"id": "file_1", "object": "vector_store.file"})
    await h.run(h.client().vector_stores.files.retrieve("file_1", vector_store_id="vs_1"))
    assert h.server.requests[-1].path == "/v1/vector_stores/vs_1/files/file_1"
    h.server.handler = reply_json({"id": "role_1", "object": "group.role", "deleted": True})
    await h.run(
        h.client().admin.organization.projects.users.roles.delete(
            "role_1", project_id="proj_1", user_id="user_1"
        )
    )
    # (the spec and openai-python both have this one under /projects, not /organization/projects)
    assert h.server.requests[-1].path == "/v1/projects/proj_1/users/user_1/roles/role_1"


async def test_beta_chat_completions_is_chat_completions(h: Harness) -> None:
    h.server.handler = reply_json({"object": "list", "data": [], "has_more": False})
    await h.run(h.client().beta.chat.completions.list(limit=1))
    assert h.server.requests[-1].path == "/v1/chat/completions?limit=1"
