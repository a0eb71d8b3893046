"""HTTP transports and the user-facing `Default*Client` factories.

The clients send `httpx.Request`s and read `httpx.Response`s whatever carries them:
- `aiohttp.AioHttpClient`: the async clients' default (aiohttp imported on first use);
- `httpx.Client` / `httpx.AsyncClient`: the sync default, and the async one when
  `OPENAI_COMPAT_ASYNC_TRANSPORT=httpx`;
- a user's own client of either httpx line (`httpx` or `httpx2`), used as given (`lines`).
Nothing here imports aiohttp or httpx2 at import time.
"""
