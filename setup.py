"""Packaging glue: one import package `openai_compat` built from two folders.

Hand-written `overlays/openai_compat` is the package itself; the generated tree in `generated/`
is mounted inside it as `openai_compat._generated`. setuptools' `package_dir` mapping is honoured
both by the wheel and by the PEP 660 editable install, so both give the same import layout.
Everything else about the distribution lives in pyproject.toml.
"""

from setuptools import find_packages, setup

OVERLAYS = "overlays/openai_compat"
GENERATED = "generated"

# `openai_compat.types` mirrors `openai.types` module by module; codegen writes it beside the
# OpenAI models (generated/openai/types) and it is installed at its public path.
TYPES = "generated/openai/types"

packages = ["openai_compat", "openai_compat._generated", "openai_compat.types"]
packages += [f"openai_compat.{name}" for name in find_packages(OVERLAYS)]
packages += [
    f"openai_compat._generated.{name}"
    for name in find_packages(GENERATED, exclude=["openai.types", "openai.types.*"])
]
packages += [f"openai_compat.types.{name}" for name in find_packages(TYPES)]

setup(
    packages=packages,
    package_dir={
        "openai_compat": OVERLAYS,
        "openai_compat._generated": GENERATED,
        "openai_compat.types": TYPES,
    },
)
