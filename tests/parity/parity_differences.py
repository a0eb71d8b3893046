"""THE list of places where openai_compat deliberately behaves differently from openai-python
3.54.0, each with its reason. The parity harness fails on any difference not listed here, and on
any listed difference that no longer occurs.
"""

from __future__ import annotations

from parity_compare import Difference

__all__ = ["DIFFERENCES"]

DIFFERENCES: list[Difference] = [
]
