"""Packaging glue: one import package `openai_compat` from two folders.

`overlays/openai_compat` is the package; the generated tree stays in the top-level `generated/`
(the seam between hand-written and generated code stays visible in the repository) and appears
inside the package through the committed symlink `overlays/openai_compat/_generated ->
../../generated`. So `overlays/` is an ordinary source root: the editable install is a plain path
entry (no import hook) that mypy, pyright and editors resolve from a checkout, and the wheel,
which follows the symlink, has the same layout. Everything else lives in pyproject.toml.
"""

from setuptools import find_packages, setup

# `openai_compat.types` is the generated mirror of `openai.types` (generated/openai/types), reached
# through the symlink `overlays/openai_compat/types`; its second path under `_generated` is not
# packaged, so the wheel holds each module once.
_MIRROR_TWIN = ["openai_compat._generated.openai.types", "openai_compat._generated.openai.types.*"]

setup(
    packages=find_packages("overlays", exclude=_MIRROR_TWIN),
    package_dir={"": "overlays"},
)
