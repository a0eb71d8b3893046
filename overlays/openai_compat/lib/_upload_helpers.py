"""`uploads.upload_file_chunked()`, sync and async: the I/O shells over `_chunked_upload`.

openai-python's signature and requests (create, one `parts.create` per part, `complete` with the
part ids in file order), with two additions: parts go up to `max_concurrency` at once (each part
is retried on its own by the client's retry policy), and a failure carries `upload_progress`, which
`resume=` takes to finish the same Upload (see `openai_compat.lib.uploads`).

At most `max_concurrency` parts are in memory at a time: a path is read one part at a time.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, overload

from .._logging import get_logger
from .._runtime import Omit, omit
from ._chunked_upload import ChunkedUpload, start

if TYPE_CHECKING:
    from .._generated.openai.models.upload import Upload
    from ..types.file_purpose import FilePurpose
    from .uploads import UploadProgress

__all__ = ["AsyncUploadsHelpers", "UploadsHelpers"]

log = get_logger("openai_compat.lib.uploads")
DEFAULT_MAX_CONCURRENCY = 4


def _uploaded(plan: ChunkedUpload, index: int, part: Any) -> None:
    part_id = getattr(part, "id", None)
    plan.part_done(index, part_id)
    if plan.part_ids[index] is not None:  # (an answer without an id is a failure)
        log.info("Uploaded part %s for upload %s", part_id, plan.upload_id)


class UploadsHelpers:
    create: Callable[..., Any]
    complete: Callable[..., Any]
    parts: Any

    @overload
    def upload_file_chunked(
        self,
        *,
        file: os.PathLike[str],
        mime_type: str,
        purpose: FilePurpose,
        bytes: int | None = None,
        part_size: int | None = None,
        md5: str | Omit = omit,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        resume: UploadProgress | None = None,
    ) -> Upload: ...

    @overload
    def upload_file_chunked(
        self,
        *,
        file: bytes,
        filename: str,
        bytes: int,
        mime_type: str,
        purpose: FilePurpose,
        part_size: int | None = None,
        md5: str | Omit = omit,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        resume: UploadProgress | None = None,
    ) -> Upload: ...

    def upload_file_chunked(
        self,
        *,
        file: os.PathLike[str] | bytes,
        mime_type: str,
        purpose: FilePurpose,
        filename: str | None = None,
        bytes: int | None = None,
        part_size: int | None = None,
        md5: str | Omit = omit,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        resume: UploadProgress | None = None,
    ) -> Upload:
        """Create an Upload, send the file in parts of `part_size` (64 MiB by default; up to
        `max_concurrency` at once) and complete it with the part ids in file order.

        A part that still fails after the client's retries stops the upload: the parts in flight
        finish, then the error is raised carrying `error.upload_progress`; pass it as `resume=`
        (with the same file and arguments) to send only the missing parts and complete."""
        plan = start(
            file=file, mime_type=mime_type, purpose=purpose, filename=filename, bytes=bytes,
            part_size=part_size, max_concurrency=max_concurrency, resume=resume,
        )  # fmt: skip
        if plan.upload_id is None:
            args = plan.create
            upload = self.create(
                bytes=args.bytes,
                filename=args.filename,
                mime_type=args.mime_type,
                purpose=args.purpose,
            )
            plan.created(getattr(upload, "id", None))
        try:
            self._send_parts(plan, max_concurrency)
            if plan.failure is not None:
                raise plan.failure
            return self.complete(plan.upload_id, part_ids=plan.part_ids_in_order(), md5=md5)  # type: ignore[no-any-return]
        except BaseException as error:  # Ctrl-C too: what was sent is kept for a resume
            plan.with_progress(error)
            raise

    def _send_parts(self, plan: ChunkedUpload, max_concurrency: int) -> None:
        create_part = self.parts.create
        lock = threading.Lock()  # guards the plan: workers take and report parts under it

        def work() -> None:
            while True:
                with lock:
                    index = plan.next_part()
                if index is None:
                    return
                try:
                    part = create_part(plan.upload_id, data=plan.source.read(index))
                except Exception as error:
                    with lock:
                        plan.part_failed(index, error)
                    return
                with lock:
                    _uploaded(plan, index, part)

        workers = min(max_concurrency, plan.pending_count)
        if workers <= 1:
            work()  # no thread for one part at a time
            return
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="upload-part") as pool:
            futures = [pool.submit(work) for _ in range(workers)]
            try:
                for future in futures:
                    future.result()
            except BaseException:  # Ctrl-C while waiting: no new part; those in flight finish
                with lock:
                    plan.stop()
                raise


class AsyncUploadsHelpers:
    create: Callable[..., Any]
    complete: Callable[..., Any]
    parts: Any

    @overload
    async def upload_file_chunked(
        self,
        *,
        file: os.PathLike[str],
        mime_type: str,
        purpose: FilePurpose,
        bytes: int | None = None,
        part_size: int | None = None,
        md5: str | Omit = omit,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        resume: UploadProgress | None = None,
    ) -> Upload: ...

    @overload
    async def upload_file_chunked(
        self,
        *,
        file: bytes,
        filename: str,
        bytes: int,
        mime_type: str,
        purpose: FilePurpose,
        part_size: int | None = None,
        md5: str | Omit = omit,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        resume: UploadProgress | None = None,
    ) -> Upload: ...

    async def upload_file_chunked(
        self,
        *,
        file: os.PathLike[str] | bytes,
        mime_type: str,
        purpose: FilePurpose,
        filename: str | None = None,
        bytes: int | None = None,
        part_size: int | None = None,
        md5: str | Omit = omit,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        resume: UploadProgress | None = None,
    ) -> Upload:
        """The async twin of `Uploads.upload_file_chunked` (same arguments, same resume)."""
        plan = start(
            file=file, mime_type=mime_type, purpose=purpose, filename=filename, bytes=bytes,
            part_size=part_size, max_concurrency=max_concurrency, resume=resume,
        )  # fmt: skip
        if plan.upload_id is None:
            args = plan.create
            upload = await self.create(
                bytes=args.bytes,
                filename=args.filename,
                mime_type=args.mime_type,
                purpose=args.purpose,
            )
            plan.created(getattr(upload, "id", None))
        try:
            await self._send_parts(plan, max_concurrency)
            if plan.failure is not None:
                raise plan.failure
            return await self.complete(plan.upload_id, part_ids=plan.part_ids_in_order(), md5=md5)  # type: ignore[no-any-return]
        except BaseException as error:  # cancellation too: what was sent is kept for a resume
            plan.with_progress(error)
            raise

    async def _send_parts(self, plan: ChunkedUpload, max_concurrency: int) -> None:
        create_part = self.parts.create
        source = plan.source

        async def work() -> None:
            # One event loop: taking and reporting parts needs no lock.
            while (index := plan.next_part()) is not None:
                try:
                    data = (
                        await asyncio.to_thread(source.read, index)
                        if source.reads_disk
                        else source.read(index)
                    )
                    part = await create_part(plan.upload_id, data=data)
                except Exception as error:
                    plan.part_failed(index, error)
                    return
                _uploaded(plan, index, part)

        workers = min(max_concurrency, plan.pending_count)
        await asyncio.gather(*(work() for _ in range(workers)))
