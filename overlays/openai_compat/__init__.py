"""openai-compat: a client for OpenAI-compatible HTTP APIs."""
