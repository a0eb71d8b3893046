"""The polling and upload helpers openai-python adds to its resources, as mixins of the
generated ones (sync and async twins; the decisions live in `_polling.PollPlan`):
`vector_stores.files` / `file_batches` `*_and_poll`, `poll`, `upload*`; `files.
wait_for_processing`; `videos.create_and_poll` / `poll` (`uploads.upload_file_chunked`
is in `_upload_helpers`);
`beta.threads.runs.*_and_poll` / `poll`; `beta.threads.create_and_run_poll`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .._runtime import NOT_GIVEN
from ._polling import PollPlan, apoll, poll, validate_max_wait_seconds

__all__ = [
    "AsyncFileBatchesHelpers",
    "AsyncFilesHelpers",
    "AsyncRunsHelpers",
    "AsyncThreadsHelpers",
    "AsyncVectorStoreFilesHelpers",
    "AsyncVideosHelpers",
    "FileBatchesHelpers",
    "FilesHelpers",
    "RunsHelpers",
    "ThreadsHelpers",
    "VectorStoreFilesHelpers",
    "VideosHelpers",
]

RUN_TERMINAL_STATES = frozenset(
    {"requires_action", "cancelled", "completed", "failed", "expired", "incomplete"}
)
FILE_TERMINAL_STATES = frozenset({"processed", "error", "deleted"})


def _status(obj: Any) -> Any:
    """`obj.status` without the DeprecationWarning some specs attach to it (the helper reads
    it, the caller did not)."""
    values = getattr(obj, "__dict__", None)
    if isinstance(values, dict) and "status" in values:
        return values["status"]
    return getattr(obj, "status", None)


def _file_settled(file: Any) -> bool:
    return bool(_status(file) != "in_progress")


def _batch_settled(batch: Any) -> bool:
    counts = getattr(batch, "file_counts", None)
    return not (getattr(counts, "in_progress", 0) or 0) > 0


def _run_settled(run: Any) -> bool:
    return _status(run) in RUN_TERMINAL_STATES


def _video_settled(video: Any) -> bool:
    return _status(video) not in ("in_progress", "queued")


def _extras(extra_headers: Any, extra_query: Any, extra_body: Any, timeout: Any) -> dict[str, Any]:
    return {
        "extra_headers": extra_headers,
        "extra_query": extra_query,
        "extra_body": extra_body,
        "timeout": timeout,
    }


# -- vector_stores.files ---------------------------------------------------------------------


class VectorStoreFilesHelpers:
    create: Callable[..., Any]
    retrieve: Callable[..., Any]
    with_raw_response: Any
    _client: Any

    def create_and_poll(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        attributes: Any = NOT_GIVEN,
        poll_interval_ms: Any = NOT_GIVEN,
        max_wait_seconds: Any = NOT_GIVEN,
        chunking_strategy: Any = NOT_GIVEN,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
    ) -> Any:
        """Attach a file to a vector store and wait until it is processed."""
        validate_max_wait_seconds(max_wait_seconds)
        self.create(
            vector_store_id,
            file_id=file_id,
            chunking_strategy=chunking_strategy,
            attributes=attributes,
            **_extras(extra_headers, extra_query, extra_body, timeout),
        )
        return self.poll(
            file_id,
            vector_store_id=vector_store_id,
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
        )

    def poll(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: Any = NOT_GIVEN,
        max_wait_seconds: Any = NOT_GIVEN,
    ) -> Any:
        """Wait until the vector store file is no longer `in_progress` (it may have failed:
        check `status` / `last_error`)."""
        plan = PollPlan(
            f"vector store file {file_id!r}",
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
        )
        raw = self.with_raw_response
        return poll(
            plan,
            lambda headers: raw.retrieve(
                file_id, vector_store_id=vector_store_id, extra_headers=headers
            ),
            _file_settled,
        )

    def upload(self, *, vector_store_id: str, file: Any, chunking_strategy: Any = NOT_GIVEN) -> Any:
        """Upload a file (purpose "assistants") and attach it (processing continues server-side)."""
        uploaded = self._client.files.create(file=file, purpose="assistants")
        return self.create(
            vector_store_id, file_id=uploaded.id, chunking_strategy=chunking_strategy
        )

    def upload_and_poll(
        self,
        *,
        vector_store_id: str,
        file: Any,
        attributes: Any = NOT_GIVEN,
        poll_interval_ms: Any = NOT_GIVEN,
        max_wait_seconds: Any = NOT_GIVEN,
        chunking_strategy: Any = NOT_GIVEN,
    ) -> Any:
        """Upload a file, attach it and wait until it is processed."""
        validate_max_wait_seconds(max_wait_seconds)
        uploaded = self._client.files.create(file=file, purpose="assistants")
        return self.create_and_poll(
            uploaded.id,
            vector_store_id=vector_store_id,
            attributes=attributes,
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
            chunking_strategy=chunking_strategy,
        )


class AsyncVectorStoreFilesHelpers:
    create: Callable[..., Any]
    with_raw_response: Any
    _client: Any

    async def create_and_poll(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        attributes: Any = NOT_GIVEN,
        poll_interval_ms: Any = NOT_GIVEN,
        max_wait_seconds: Any = NOT_GIVEN,
        chunking_strategy: Any = NOT_GIVEN,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
    ) -> Any:
        validate_max_wait_seconds(max_wait_seconds)
        await self.create(
            vector_store_id,
            file_id=file_id,
            chunking_strategy=chunking_strategy,
            attributes=attributes,
            **_extras(extra_headers, extra_query, extra_body, timeout),
        )
        return await self.poll(
            file_id,
            vector_store_id=vector_store_id,
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
        )

    async def poll(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: Any = NOT_GIVEN,
        max_wait_seconds: Any = NOT_GIVEN,
    ) -> Any:
        plan = PollPlan(
            f"vector store file {file_id!r}",
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
        )
        raw = self.with_raw_response
        return await apoll(
            plan,
            lambda headers: raw.retrieve(
                file_id, vector_store_id=vector_store_id, extra_headers=headers
            ),
            _file_settled,
        )

    async def upload(
        self, *, vector_store_id: str, file: Any, chunking_strategy: Any = NOT_GIVEN
    ) -> Any:
        uploaded = await self._client.files.create(file=file, purpose="assistants")
        return await self.create(
            vector_store_id, file_id=uploaded.id, chunking_strategy=chunking_strategy
        )

    async def upload_and_poll(
        self,
        *,
        vector_store_id: str,
        file: Any,
        attributes: Any = NOT_GIVEN,
        poll_interval_ms: Any = NOT_GIVEN,
        max_wait_seconds: Any = NOT_GIVEN,
        chunking_strategy: Any = NOT_GIVEN,
    ) -> Any:
        validate_max_wait_seconds(max_wait_seconds)
        uploaded = await self._client.files.create(file=file, purpose="assistants")
        return await self.create_and_poll(
            uploaded.id,
            vector_store_id=vector_store_id,
            attributes=attributes,
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
            chunking_strategy=chunking_strategy,
        )


# -- vector_stores.file_batches --------------------------------------------------------------


def _check_concurrency(max_concurrency: Any) -> None:
    if (
        not isinstance(max_concurrency, int)
        or isinstance(max_concurrency, bool)
        or max_concurrency < 1
    ):
        raise ValueError(f"max_concurrency: expected an int >= 1, got {max_concurrency!r}")


class FileBatchesHelpers:
    create: Callable[..., Any]
    with_raw_response: Any
    _client: Any

    def create_and_poll(
        self,
        vector_store_id: str,
        *,
        attributes: Any = NOT_GIVEN,
        chunking_strategy: Any = NOT_GIVEN,
        file_ids: Any = NOT_GIVEN,
        files: Any = NOT_GIVEN,
        poll_interval_ms: Any = NOT_GIVEN,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
    ) -> Any:
        """Create a file batch and wait until none of its files is `in_progress`."""
        batch = self.create(
            vector_store_id,
            attributes=attributes,
            chunking_strategy=chunking_strategy,
            file_ids=file_ids,
            files=files,
            **_extras(extra_headers, extra_query, extra_body, timeout),
        )
        return self.poll(
            batch.id, vector_store_id=vector_store_id, poll_interval_ms=poll_interval_ms
        )

    def poll(
        self, batch_id: str, *, vector_store_id: str, poll_interval_ms: Any = NOT_GIVEN
    ) -> Any:
        plan = PollPlan(f"vector store file batch {batch_id!r}", poll_interval_ms=poll_interval_ms)
        raw = self.with_raw_response
        return poll(
            plan,
            lambda headers: raw.retrieve(
                batch_id, vector_store_id=vector_store_id, extra_headers=headers
            ),
            _batch_settled,
        )

    def upload_and_poll(
        self,
        vector_store_id: str,
        *,
        files: Iterable[Any],
        max_concurrency: int = 5,
        file_ids: Sequence[str] = (),
        poll_interval_ms: Any = NOT_GIVEN,
        chunking_strategy: Any = NOT_GIVEN,
    ) -> Any:
        """Upload `files` (at most `max_concurrency` at a time), then create a batch of them
        (and of `file_ids`) and wait for it. The first failed upload is raised."""
        _check_concurrency(max_concurrency)
        create_file = self._client.files.create
        with ThreadPoolExecutor(max_workers=max_concurrency) as pool:
            futures = [pool.submit(create_file, file=f, purpose="assistants") for f in files]
        uploaded = [future.result() for future in futures]  # in the caller's order
        return self.create_and_poll(
            vector_store_id,
            file_ids=[*file_ids, *(f.id for f in uploaded)],
            poll_interval_ms=poll_interval_ms,
            chunking_strategy=chunking_strategy,
        )


class AsyncFileBatchesHelpers:
    create: Callable[..., Any]
    with_raw_response: Any
    _client: Any

    async def create_and_poll(
        self,
        vector_store_id: str,
        *,
        attributes: Any = NOT_GIVEN,
        chunking_strategy: Any = NOT_GIVEN,
        file_ids: Any = NOT_GIVEN,
        files: Any = NOT_GIVEN,
        poll_interval_ms: Any = NOT_GIVEN,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
    ) -> Any:
        batch = await self.create(
            vector_store_id,
            attributes=attributes,
            chunking_strategy=chunking_strategy,
            file_ids=file_ids,
            files=files,
            **_extras(extra_headers, extra_query, extra_body, timeout),
        )
        return await self.poll(
            batch.id, vector_store_id=vector_store_id, poll_interval_ms=poll_interval_ms
        )

    async def poll(
        self, batch_id: str, *, vector_store_id: str, poll_interval_ms: Any = NOT_GIVEN
    ) -> Any:
        plan = PollPlan(f"vector store file batch {batch_id!r}", poll_interval_ms=poll_interval_ms)
        raw = self.with_raw_response
        return await apoll(
            plan,
            lambda headers: raw.retrieve(
                batch_id, vector_store_id=vector_store_id, extra_headers=headers
            ),
            _batch_settled,
        )

    async def upload_and_poll(
        self,
        vector_store_id: str,
        *,
        files: Iterable[Any],
        max_concurrency: int = 5,
        file_ids: Sequence[str] = (),
        poll_interval_ms: Any = NOT_GIVEN,
        chunking_strategy: Any = NOT_GIVEN,
    ) -> Any:
        _check_concurrency(max_concurrency)
        semaphore = asyncio.Semaphore(max_concurrency)
        create_file = self._client.files.create

        async def upload(file: Any) -> Any:
            async with semaphore:
                return await create_file(file=file, purpose="assistants")

        uploaded = await asyncio.gather(*(upload(f) for f in files))
        return await self.create_and_poll(
            vector_store_id,
            file_ids=[*file_ids, *(f.id for f in uploaded)],
            poll_interval_ms=poll_interval_ms,
            chunking_strategy=chunking_strategy,
        )


# -- files -----------------------------------------------------------------------------------


class FilesHelpers:
    retrieve: Callable[..., Any]

    def wait_for_processing(
        self, id: str, *, poll_interval: float = 5.0, max_wait_seconds: float = 30 * 60
    ) -> Any:
        """Wait until the file is processed (or in error, or deleted); RuntimeError after
        `max_wait_seconds`."""
        start = time.monotonic()
        file = self.retrieve(id)
        while _status(file) not in FILE_TERMINAL_STATES:
            time.sleep(poll_interval)
            file = self.retrieve(id)
            if time.monotonic() - start > max_wait_seconds:
                raise RuntimeError(
                    f"Giving up on waiting for file {id} to finish processing after "
                    f"{max_wait_seconds} seconds."
                )
        return file


class AsyncFilesHelpers:
    retrieve: Callable[..., Any]

    async def wait_for_processing(
        self, id: str, *, poll_interval: float = 5.0, max_wait_seconds: float = 30 * 60
    ) -> Any:
        start = time.monotonic()
        file = await self.retrieve(id)
        while _status(file) not in FILE_TERMINAL_STATES:
            await asyncio.sleep(poll_interval)
            file = await self.retrieve(id)
            if time.monotonic() - start > max_wait_seconds:
                raise RuntimeError(
                    f"Giving up on waiting for file {id} to finish processing after "
                    f"{max_wait_seconds} seconds."
                )
        return file


# -- videos ----------------------------------------------------------------------------------


class VideosHelpers:
    create: Callable[..., Any]
    with_raw_response: Any

    def create_and_poll(
        self,
        *,
        prompt: str,
        poll_interval_ms: Any = NOT_GIVEN,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
        **params: Any,
    ) -> Any:
        """Create a video and wait until it is completed or failed."""
        video = self.create(
            prompt=prompt, **params, **_extras(extra_headers, extra_query, extra_body, timeout)
        )
        return self.poll(video.id, poll_interval_ms=poll_interval_ms)

    def poll(self, video_id: str, *, poll_interval_ms: Any = NOT_GIVEN) -> Any:
        plan = PollPlan(f"video {video_id!r}", poll_interval_ms=poll_interval_ms)
        raw = self.with_raw_response
        return poll(
            plan, lambda headers: raw.retrieve(video_id, extra_headers=headers), _video_settled
        )


class AsyncVideosHelpers:
    create: Callable[..., Any]
    with_raw_response: Any

    async def create_and_poll(
        self,
        *,
        prompt: str,
        poll_interval_ms: Any = NOT_GIVEN,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
        **params: Any,
    ) -> Any:
        video = await self.create(
            prompt=prompt, **params, **_extras(extra_headers, extra_query, extra_body, timeout)
        )
        return await self.poll(video.id, poll_interval_ms=poll_interval_ms)

    async def poll(self, video_id: str, *, poll_interval_ms: Any = NOT_GIVEN) -> Any:
        plan = PollPlan(f"video {video_id!r}", poll_interval_ms=poll_interval_ms)
        raw = self.with_raw_response
        return await apoll(
            plan, lambda headers: raw.retrieve(video_id, extra_headers=headers), _video_settled
        )


# -- beta.threads.runs / beta.threads ----------------------------------------------------------


class RunsHelpers:
    create: Callable[..., Any]
    submit_tool_outputs: Callable[..., Any]
    with_raw_response: Any

    def create_and_poll(
        self,
        *,
        assistant_id: str,
        thread_id: str,
        poll_interval_ms: Any = NOT_GIVEN,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
        **params: Any,
    ) -> Any:
        """Create a run and wait for a terminal state (including `requires_action`)."""
        extras = _extras(extra_headers, extra_query, extra_body, timeout)
        run = self.create(thread_id, assistant_id=assistant_id, stream=False, **params, **extras)
        return self.poll(run.id, thread_id=thread_id, poll_interval_ms=poll_interval_ms, **extras)

    def poll(
        self,
        run_id: str,
        thread_id: str,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
        poll_interval_ms: Any = NOT_GIVEN,
    ) -> Any:
        plan = PollPlan(
            f"run {run_id!r}", poll_interval_ms=poll_interval_ms, extra_headers=extra_headers
        )
        raw = self.with_raw_response
        return poll(
            plan,
            lambda headers: raw.retrieve(
                run_id,
                thread_id=thread_id,
                extra_headers=headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            _run_settled,
        )

    def submit_tool_outputs_and_poll(
        self,
        *,
        tool_outputs: Any,
        run_id: str,
        thread_id: str,
        poll_interval_ms: Any = NOT_GIVEN,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
    ) -> Any:
        extras = _extras(extra_headers, extra_query, extra_body, timeout)
        run = self.submit_tool_outputs(
            run_id, thread_id=thread_id, tool_outputs=tool_outputs, stream=False, **extras
        )
        return self.poll(run.id, thread_id=thread_id, poll_interval_ms=poll_interval_ms, **extras)


class AsyncRunsHelpers:
    create: Callable[..., Any]
    submit_tool_outputs: Callable[..., Any]
    with_raw_response: Any

    async def create_and_poll(
        self,
        *,
        assistant_id: str,
        thread_id: str,
        poll_interval_ms: Any = NOT_GIVEN,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
        **params: Any,
    ) -> Any:
        extras = _extras(extra_headers, extra_query, extra_body, timeout)
        run = await self.create(
            thread_id, assistant_id=assistant_id, stream=False, **params, **extras
        )
        return await self.poll(
            run.id, thread_id=thread_id, poll_interval_ms=poll_interval_ms, **extras
        )

    async def poll(
        self,
        run_id: str,
        thread_id: str,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
        poll_interval_ms: Any = NOT_GIVEN,
    ) -> Any:
        plan = PollPlan(
            f"run {run_id!r}", poll_interval_ms=poll_interval_ms, extra_headers=extra_headers
        )
        raw = self.with_raw_response
        return await apoll(
            plan,
            lambda headers: raw.retrieve(
                run_id,
                thread_id=thread_id,
                extra_headers=headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            _run_settled,
        )

    async def submit_tool_outputs_and_poll(
        self,
        *,
        tool_outputs: Any,
        run_id: str,
        thread_id: str,
        poll_interval_ms: Any = NOT_GIVEN,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
    ) -> Any:
        extras = _extras(extra_headers, extra_query, extra_body, timeout)
        run = await self.submit_tool_outputs(
            run_id, thread_id=thread_id, tool_outputs=tool_outputs, stream=False, **extras
        )
        return await self.poll(
            run.id, thread_id=thread_id, poll_interval_ms=poll_interval_ms, **extras
        )


class ThreadsHelpers:
    create_and_run: Callable[..., Any]
    runs: Any

    def create_and_run_poll(
        self,
        *,
        assistant_id: str,
        poll_interval_ms: Any = NOT_GIVEN,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
        **params: Any,
    ) -> Any:
        """Create a thread and a run on it, and wait for the run's terminal state."""
        extras = _extras(extra_headers, extra_query, extra_body, timeout)
        run = self.create_and_run(assistant_id=assistant_id, stream=False, **params, **extras)
        return self.runs.poll(run.id, run.thread_id, poll_interval_ms=poll_interval_ms, **extras)


class AsyncThreadsHelpers:
    create_and_run: Callable[..., Any]
    runs: Any

    async def create_and_run_poll(
        self,
        *,
        assistant_id: str,
        poll_interval_ms: Any = NOT_GIVEN,
        extra_headers: Any = None,
        extra_query: Any = None,
        extra_body: Any = None,
        timeout: Any = NOT_GIVEN,
        **params: Any,
    ) -> Any:
        extras = _extras(extra_headers, extra_query, extra_body, timeout)
        run = await self.create_and_run(assistant_id=assistant_id, stream=False, **params, **extras)
        return await self.runs.poll(
            run.id, run.thread_id, poll_interval_ms=poll_interval_ms, **extras
        )
