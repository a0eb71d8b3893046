"""Hand-written helpers of openai-python's `openai.lib`: structured outputs, stream helpers,
polling. Submodules load on first use."""
