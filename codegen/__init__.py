"""The generator: pinned OpenAPI specs in, the `generated/` tree out. Run as `python -m codegen`."""
