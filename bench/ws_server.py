"""A WebSocket server on 127.0.0.1 for the realtime scenario (`python -m bench.ws_server N`).

Run in its own process; it prints its port, then answers every client message with the same N
pre-serialised Realtime server events (`fixtures.realtime_turn`), so the clients, not the
server, are what the scenario measures. Stops when its stdin closes.
"""

from __future__ import annotations

import asyncio
import sys

from websockets.asyncio.server import ServerConnection, serve

from bench.fixtures import realtime_turn


async def main(count: int) -> None:
    frames = realtime_turn(count)

    async def answer(connection: ServerConnection) -> None:
        async for _ in connection:
            for frame in frames:
                await connection.send(frame)

    async with serve(answer, "127.0.0.1", 0, compression=None, max_size=None) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
