"""Runs one of the seed document's Python examples verbatim against a LangGraph server.

    python seed_example.py <url> '<json of extra globals>' < example.py

The example's `<DEPLOYMENT_URL>` placeholder becomes the URL; its top-level `await`s run on
asyncio (as in a notebook or `python -m asyncio`). A fragment that uses `client` without
creating one gets `get_client(url=<url>)`. Used by tests/js/http-serve.test.mjs.
"""

import ast
import asyncio
import json
import sys

from langgraph_sdk import get_client


async def main(url: str, extra: dict, code: str) -> None:
    source = code.replace("<DEPLOYMENT_URL>", repr(url))
    scope = {"__name__": "__seed__", **extra}
    if "client" not in extra and "get_client(" not in source:
        scope["client"] = get_client(url=url)
    compiled = compile(source, "<seed example>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    result = eval(compiled, scope)
    if asyncio.iscoroutine(result):
        await result


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], json.loads(sys.argv[2]), sys.stdin.read()))
