"""What a failed `uploads.upload_file_chunked()` leaves behind, so that it can be resumed.

When a part still fails after the client's retries (or `complete` fails), the error raised is the
one openai-python raises there (`InternalServerError`, `APIConnectionError`...), so existing
`except` clauses keep working; it also carries `error.upload_progress`, an `UploadProgress`.
Passing that back resumes the same Upload: only the parts not uploaded yet are sent, then the
Upload is completed with every part id in file order.

    from openai_compat import APIError

    try:
        upload = client.uploads.upload_file_chunked(file=path, mime_type="text/jsonl", purpose="batch")
    except APIError as error:
        if error.upload_progress is None:  # the Upload itself could not be created
            raise
        upload = client.uploads.upload_file_chunked(
            file=path, mime_type="text/jsonl", purpose="batch", resume=error.upload_progress
        )

`progress.to_dict()` is plain JSON and `UploadProgress.from_dict()` reads it back, so a resume
can also happen in another process (within the Upload's lifetime: an hour after it was created).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["UploadProgress"]


def part_count(size: int, part_size: int) -> int:
    """How many parts `size` bytes make in parts of `part_size` (an empty file has none)."""
    return -(-size // part_size)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class UploadProgress:
    """How far one chunked upload got: enough to finish it with `upload_file_chunked(resume=...)`.

    upload_id   the Upload the parts belong to (created by the first attempt)
    bytes       the size of the file's content, which was split into parts
    part_size   the size of every part but the last
    part_ids    one entry per part, in file order: the Part id the server gave it, or None where
                the part was not uploaded
    filename, mime_type, purpose
                what the Upload was created with (a resume must pass the same values)
    """

    upload_id: str
    bytes: int
    part_size: int
    part_ids: tuple[str | None, ...]
    filename: str
    mime_type: str
    purpose: str

    def __post_init__(self) -> None:
        if not isinstance(self.upload_id, str) or not self.upload_id:
            raise ValueError(
                f"UploadProgress.upload_id: expected a non-empty str, got {self.upload_id!r}"
            )
        for name in ("filename", "mime_type", "purpose"):  # as the caller gave them
            value = getattr(self, name)
            if not isinstance(value, str):
                raise ValueError(f"UploadProgress.{name}: expected a str, got {value!r}")
        if not _is_int(self.bytes) or self.bytes < 0:
            raise ValueError(f"UploadProgress.bytes: expected an int >= 0, got {self.bytes!r}")
        if not _is_int(self.part_size) or self.part_size < 1:
            raise ValueError(
                f"UploadProgress.part_size: expected an int >= 1, got {self.part_size!r}"
            )
        if not isinstance(self.part_ids, tuple):
            object.__setattr__(self, "part_ids", tuple(self.part_ids))
        expected = part_count(self.bytes, self.part_size)
        if len(self.part_ids) != expected:
            raise ValueError(
                f"UploadProgress.part_ids: expected {expected} entries ({self.bytes} bytes in "
                f"parts of {self.part_size}), got {len(self.part_ids)}"
            )
        for index, part_id in enumerate(self.part_ids):
            if part_id is not None and (not isinstance(part_id, str) or not part_id):
                raise ValueError(
                    f"UploadProgress.part_ids[{index}]: expected a part id (non-empty str) or "
                    f"None, got {part_id!r}"
                )

    @property
    def completed_part_ids(self) -> list[str]:
        """The ids of the parts uploaded, in file order."""
        return [part_id for part_id in self.part_ids if part_id is not None]

    @property
    def missing_parts(self) -> list[int]:
        """The 0-based indexes of the parts not uploaded (part `i` is bytes `i * part_size` on)."""
        return [index for index, part_id in enumerate(self.part_ids) if part_id is None]

    @property
    def is_complete(self) -> bool:
        """True when every part is uploaded (what failed, if anything, was `complete`)."""
        return all(part_id is not None for part_id in self.part_ids)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data; `UploadProgress.from_dict()` reads it back."""
        return {
            "upload_id": self.upload_id,
            "bytes": self.bytes,
            "part_size": self.part_size,
            "part_ids": list(self.part_ids),
            "filename": self.filename,
            "mime_type": self.mime_type,
            "purpose": self.purpose,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UploadProgress:
        """An `UploadProgress` from `to_dict()`'s data (checked: a clear error names what is wrong)."""
        if not isinstance(data, Mapping):
            raise TypeError(
                f"data: expected a mapping (UploadProgress.to_dict()), got {type(data).__name__}"
            )
        fields = ("upload_id", "bytes", "part_size", "part_ids", "filename", "mime_type", "purpose")
        missing = [name for name in fields if name not in data]
        if missing:
            raise ValueError(
                f"data: missing {', '.join(missing)} (expected the keys of UploadProgress.to_dict())"
            )
        part_ids = data["part_ids"]
        if not isinstance(part_ids, (list, tuple)):
            raise ValueError(
                f"UploadProgress.part_ids: expected a list of part ids or None, got {type(part_ids).__name__}"
            )
        return cls(
            upload_id=data["upload_id"],
            bytes=data["bytes"],
            part_size=data["part_size"],
            part_ids=tuple(part_ids),
            filename=data["filename"],
            mime_type=data["mime_type"],
            purpose=data["purpose"],
        )
