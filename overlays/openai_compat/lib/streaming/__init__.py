"""Stream helpers: `chat` (chat.completions.stream) and `responses` (responses.stream)."""
