"""Errors of the generator. Each message names the file or spec, what was expected and what came.

CodegenError          base
├── SpecNotFoundError     no file with the pinned hash in any place looked
├── PinError              a lock file in spec/ is missing, unreadable or malformed
└── SpecFormatError       a spec file is not an OpenAPI 3.0/3.1 document we can read
"""

from __future__ import annotations


class CodegenError(Exception):
    """Base class of the generator's errors."""


class SpecNotFoundError(CodegenError):
    """No file with the pinned sha256 was found in any of the places looked."""


class PinError(CodegenError):
    """A pin (spec/NAME.lock.json) is missing, unreadable, or lacks a field."""


class SpecFormatError(CodegenError):
    """A spec file cannot be parsed, or is not OpenAPI 3.0/3.1."""
