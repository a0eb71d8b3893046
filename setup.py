"""Packaging glue: one import package `openai_compat` from two folders.

`overlays/openai_compat` is the package; the generated tree stays in the top-level `generated/`
(the seam between hand-written and generated code stays visible in the repository) and appears
inside the package through the committed symlink `overlays/openai_compat/_generated ->
../../generated`. So `overlays/` is an ordinary source root: the editable install is a plain path
entry (no import hook) that mypy, pyright and editors resolve from a checkout, and the wheel,
which follows the symlink, has the same layout. Everything else lives in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages("overlays"),
    package_dir={"": "overlays"},
)
