"""The sans-I/O core of `uploads.upload_file_chunked()`, shared by the sync and async shells.

`start()` checks the arguments as openai-python does (and a `resume=` state against them) and
returns a `ChunkedUpload`: which parts are to be sent, and their state. The shells only move
bytes: they ask `next_part()` for work, send it, and report `part_done()` / `part_failed()`.
After a failure no new part is handed out, but the parts already in flight finish and are
recorded, so a resume never sends a part twice.
"""

from __future__ import annotations

import builtins
import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .uploads import UploadProgress, part_count

__all__ = [
    "DEFAULT_PART_SIZE",
    "ChunkedUpload",
    "PartSource",
    "UploadArguments",
    "check_concurrency",
    "start",
]

DEFAULT_PART_SIZE = 64 * 1024 * 1024  # openai-python's default part size


def check_concurrency(max_concurrency: Any) -> None:
    if (
        not isinstance(max_concurrency, int)
        or isinstance(max_concurrency, bool)
        or max_concurrency < 1
    ):
        raise ValueError(f"max_concurrency: expected an int >= 1, got {max_concurrency!r}")


@dataclass(frozen=True)
class PartSource:
    """The file's content: a path (read one part at a time, never whole) or bytes in memory."""

    path: Path | None
    data: builtins.bytes | None
    size: int  # bytes of content, split into parts
    part_size: int

    def read(self, index: int) -> builtins.bytes:
        offset = index * self.part_size
        if self.data is not None:
            return self.data[offset : offset + self.part_size]
        assert self.path is not None
        with open(self.path, "rb") as handle:
            handle.seek(offset)
            return handle.read(self.part_size)

    @property
    def reads_disk(self) -> bool:
        return self.path is not None


@dataclass(frozen=True)
class UploadArguments:
    """What `uploads.create` is sent (when not resuming)."""

    bytes: int
    filename: str
    mime_type: str
    purpose: Any


@dataclass
class ChunkedUpload:
    """One chunked upload's parts: handed out in file order, results recorded by index."""

    source: PartSource
    create: UploadArguments
    upload_id: str | None = None  # known once the Upload is created (or from `resume`)
    part_ids: list[str | None] = field(default_factory=list)
    failure: BaseException | None = None
    _pending: list[int] = field(default_factory=list)
    _stopped: bool = False

    def __post_init__(self) -> None:
        if not self.part_ids:
            self.part_ids = [None] * part_count(self.source.size, self.source.part_size)
        self._pending = [i for i, part_id in enumerate(self.part_ids) if part_id is None]
        self._pending.reverse()  # pop() from the end hands them out in file order

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def next_part(self) -> int | None:
        """The index of the next part to send; None when none is left or a part failed."""
        if self.failure is not None or self._stopped or not self._pending:
            return None
        return self._pending.pop()

    def stop(self) -> None:
        """Hand out no new part (the caller was interrupted)."""
        self._stopped = True

    def created(self, upload_id: object) -> None:
        """The Upload exists: its id is where the parts go."""
        if not isinstance(upload_id, str) or not upload_id:
            from .._exceptions import OpenAIError

            raise OpenAIError(
                f"uploads.create: the server's answer has no upload id (got {upload_id!r})"
            )
        self.upload_id = upload_id

    def part_done(self, index: int, part_id: object) -> None:
        if not isinstance(part_id, str) or not part_id:
            from .._exceptions import OpenAIError

            self.part_failed(
                index,
                OpenAIError(
                    f"uploads.parts.create: the server answered part {index} of upload "
                    f"{self.upload_id} without a part id (got {part_id!r})"
                ),
            )
            return
        self.part_ids[index] = part_id

    def part_failed(self, index: int, error: BaseException) -> None:
        if self.failure is None:  # the first failure is the one raised
            self.failure = error

    def part_ids_in_order(self) -> list[str]:
        return [part_id for part_id in self.part_ids if part_id is not None]

    def progress(self) -> UploadProgress:
        assert self.upload_id is not None
        return UploadProgress(
            upload_id=self.upload_id,
            bytes=self.source.size,
            part_size=self.source.part_size,
            part_ids=tuple(self.part_ids),
            filename=self.create.filename,
            mime_type=self.create.mime_type,
            purpose=str(self.create.purpose),
        )

    def with_progress(self, error: BaseException) -> BaseException:
        """`error`, carrying `upload_progress` (its class is kept: callers' except clauses work)."""
        if self.upload_id is None:  # no Upload: nothing to resume
            return error
        # An exception class that takes no attributes is raised as it is; so is the error when
        # the state cannot be described (it must never hide what went wrong).
        with contextlib.suppress(AttributeError, TypeError, ValueError):
            error.upload_progress = self.progress()  # type: ignore[attr-defined]
        return error


def _content(
    file: Any, filename: str | None, declared: int | None
) -> tuple[Path | None, builtins.bytes | None, str, int]:
    """(path, in-memory bytes, filename, content size), checked as openai-python checks them."""
    if isinstance(file, (builtins.bytes, bytearray)):
        if filename is None:
            raise TypeError("The `filename` argument must be given for in-memory files")
        if declared is None:
            raise TypeError("The `bytes` argument must be given for in-memory files")
        data = builtins.bytes(file)
        return None, data, filename, len(data)
    if not isinstance(file, (str, os.PathLike)):
        raise TypeError(
            f"file: expected a path (os.PathLike or str) or bytes, got {type(file).__name__}"
        )
    path = Path(file)
    return path, None, filename or path.name, path.stat().st_size


def _check_part_size(part_size: Any) -> None:
    if not isinstance(part_size, int) or isinstance(part_size, bool) or part_size < 1:
        raise ValueError(f"part_size: expected an int >= 1 (or None for 64 MiB), got {part_size!r}")


def start(
    *,
    file: Any,
    mime_type: str,
    purpose: Any,
    filename: str | None,
    bytes: int | None,
    part_size: int | None,
    max_concurrency: Any,
    resume: Any,
) -> ChunkedUpload:
    """Check the arguments and plan the upload (nothing is sent or read but the file's size)."""
    check_concurrency(max_concurrency)
    path, data, name, size = _content(file, filename, bytes)
    if resume is None:
        size_part = DEFAULT_PART_SIZE if part_size is None else part_size
        _check_part_size(size_part)
        # The parts are the file's content (as openai-python reads it to the end); `bytes` is
        # what the Upload is created with, as given.
        declared = size if bytes is None else bytes
        source = PartSource(path, data, size, size_part)
        return ChunkedUpload(source, UploadArguments(declared, name, mime_type, purpose))
    if not isinstance(resume, UploadProgress):
        raise TypeError(
            "resume: expected an UploadProgress (the `upload_progress` of the error a failed "
            f"upload_file_chunked() raised, or UploadProgress.from_dict()), got {type(resume).__name__}"
        )
    what = f"the upload being resumed ({resume.upload_id})"
    if size != resume.bytes:
        raise ValueError(
            f"file: expected {resume.bytes} bytes of content, the size of {what}, got {size}"
        )
    sizes: tuple[tuple[str, int | None, int], ...] = (
        ("bytes", bytes, resume.bytes),
        ("part_size", part_size, resume.part_size),
    )
    for param, given, expected in sizes:
        if given is not None and given != expected:
            raise ValueError(f"{param}: expected {expected!r}, as in {what}, got {given!r}")
    names: tuple[tuple[str, object, str], ...] = (
        ("filename", name, resume.filename),
        ("mime_type", mime_type, resume.mime_type),
        ("purpose", str(purpose), resume.purpose),
    )
    for param, value, recorded in names:
        if value != recorded:
            raise ValueError(
                f"{param}: expected {recorded!r}, what {what} was created with, got {value!r}"
            )
    source = PartSource(path, data, size, resume.part_size)
    return ChunkedUpload(
        source,
        UploadArguments(resume.bytes, name, mime_type, purpose),
        upload_id=resume.upload_id,
        part_ids=list(resume.part_ids),
    )
