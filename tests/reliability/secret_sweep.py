"""The secret sweep: every text the reliability suite produces is checked for credentials.

What is swept (see conftest.py for where each comes from):
- every log record of every logger, at DEBUG, as an application's root handler would format it
  (message, rendered traceback, stack) - including httpx's and httpcore's records;
- every exception a test catches through `reltools.raises`: `str`, `repr` and the formatted
  traceback with its whole `__cause__` / `__context__` chain;
- every client, options copy, response, stream and page `repr` a test hands to `SWEEP.text`.

The credentials are fresh random values per run, and what is searched for is the random part of
each one, so that even a truncated or re-prefixed copy ("Bearer ...", "api-key: ...") is caught.
"""

from __future__ import annotations

import logging
import secrets
import traceback
from dataclasses import dataclass, field

__all__ = ["SECRETS", "SWEEP", "Leak", "SecretSweep"]


@dataclass(frozen=True)
class Secrets:
    """The credentials the suite hands to clients; `needles` are what must never appear."""

    api_key: str
    azure_key: str
    ad_token: str
    provider_token: str

    @property
    def needles(self) -> dict[str, str]:
        # The random tail: 12 bytes of hex, which no other text in the suite can contain.
        return {name: value[-24:] for name, value in vars(self).items()}


def _fresh() -> Secrets:
    return Secrets(
        api_key="sk-rel-" + secrets.token_hex(12),
        azure_key="az" + secrets.token_hex(12),
        ad_token="eyJhbGciOi." + secrets.token_hex(12),
        provider_token="eyJwcm92aWRlci." + secrets.token_hex(12),
    )


SECRETS = _fresh()


@dataclass(frozen=True)
class Leak:
    secret: str  # which credential (its name, never its value)
    source: str  # "log httpcore.http11", "exception APIConnectionError", "repr", ...
    excerpt: str  # the text around the hit, with the secret masked


@dataclass
class SecretSweep:
    """Counts what it swept and remembers leaks (never the leaked text itself)."""

    leaks: list[Leak] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"log": 0, "exception": 0, "repr": 0})

    def text(self, text: str, source: str = "repr") -> None:
        kind = source.split(" ", 1)[0]
        self.counts[kind] = self.counts.get(kind, 0) + 1
        for name, needle in SECRETS.needles.items():
            at = text.find(needle)
            if at >= 0:
                excerpt = text[max(0, at - 60) : at + 60].replace(needle, "<SECRET>")
                self.leaks.append(Leak(name, source, excerpt))

    def exception(self, exc: BaseException) -> None:
        label = f"exception {type(exc).__name__}"
        self.text(str(exc), label)
        self.text(repr(exc), label)
        self.text("".join(traceback.format_exception(exc)), label)

    def take_leaks(self) -> list[Leak]:
        leaks, self.leaks = self.leaks, []
        return leaks


SWEEP = SecretSweep()


class SweepHandler(logging.Handler):
    """A root handler: sees every record as an application's own handler would."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        SWEEP.text(self.format(record), f"log {record.name}")
