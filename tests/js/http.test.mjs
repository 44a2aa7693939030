// The HTTP API in process: the real @langchain/langgraph-sdk Client on `createFetch(client)`
// (the scenarios are in tests/support/sdk-scenarios.mjs), and createFetch as a `fetch`:
// Request or (url, init) arguments, statuses and bodies, streamed bodies that stop on cancel.
import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { Client, createFetch } from "../../pkg/index.node.js";
import { agent } from "../../examples/graphs.mjs";
import { suite, gatedAgent } from "../support/sdk-scenarios.mjs";
import { deferred } from "../support/promises.mjs";

suite("createFetch", async (graphs) => ({
  apiUrl: "http://langgraph.local",
  callerOptions: { fetch: createFetch(new Client({ graphs })) },
}));

describe("createFetch as a fetch function", () => {
  const fetch = createFetch(new Client({ graphs: { agent } }));

  test("takes (url, init) with no method for GET, a Request, or a relative URL", async () => {
    const created = await fetch("http://x/threads", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    assert.equal(created.status, 200);
    assert.equal(created.headers.get("content-type"), "application/json");
    const { thread_id } = await created.json();
    const viaInit = await fetch(`http://x/threads/${thread_id}`, { headers: {} });
    assert.equal((await viaInit.json()).thread_id, thread_id);
    const viaRequest = await fetch(new Request(`http://x/threads/${thread_id}`));
    assert.equal((await viaRequest.json()).thread_id, thread_id);
    const relative = await fetch(`/threads/${thread_id}`);
    assert.equal(relative.status, 200);
    const deleted = await fetch(new URL(`http://x/threads/${thread_id}`), { method: "DELETE" });
    assert.equal(deleted.status, 204);
    assert.equal(deleted.body, null);
  });

  test("refusals are JSON {error, message} with the server's status", async () => {
    const response = await fetch("http://x/threads/nope");
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: "NotFoundError", message: "Thread with ID nope not found" });
    const bad = await fetch("http://x/threads", { method: "POST", body: "{oops" });
    assert.equal(bad.status, 422);
  });

  test("an SSE body is a byte stream of frames; cancelling it stops the stream", async () => {
    const response = await fetch("http://x/runs/stream", {
      method: "POST",
      body: JSON.stringify({ assistant_id: "agent", input: { some_text: "t" }, stream_mode: ["values"] }),
    });
    assert.equal(response.headers.get("content-type"), "text/event-stream");
    const text = await response.text();
    assert.match(text, /^event: metadata\ndata: \{"run_id":"[0-9a-f-]+","attempt":1\}\n\n/);
    // At the interrupt, `values` is only `{__interrupt__}`, as the LangGraph server streams it.
    assert.match(text, /event: values\ndata: \{"some_text":"t"\}\n\n/);
    assert.match(text, /event: values\ndata: \{"__interrupt__":\[\{"value":\{"text_to_revise":"t"\},"id":"[0-9a-f]{32}"\}\]\}\n\n$/);

  });

  test("cancelling a stream's reader cancels its run when the request asked for that", async () => {
    const gates = { current: deferred() };
    const fetch = createFetch(new Client({ graphs: { agent: gatedAgent(gates) } }));
    const statuses = [];
    for (const on_disconnect of ["cancel", "continue"]) {
      const { thread_id } = await (await fetch("http://x/threads", { method: "POST", body: "{}" })).json();
      const response = await fetch(`http://x/threads/${thread_id}/runs/stream`, {
        method: "POST",
        body: JSON.stringify({ assistant_id: "agent", input: { log: [] }, on_disconnect }),
      });
      const runPath = response.headers.get("content-location");
      const reader = response.body.getReader();
      assert.match(new TextDecoder().decode((await reader.read()).value), /^event: metadata\n/);
      await reader.cancel();
      statuses.push((await (await fetch(`http://x${runPath}`)).json()).status);
    }
    assert.deepEqual(statuses, ["interrupted", "running"]);
    gates.current.resolve();
  });

  test("an aborted signal rejects before the call and errors a stream in flight", async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(fetch("http://x/ok", { signal: controller.signal }), { name: "AbortError" });
    const { thread_id } = await (await fetch("http://x/threads", { method: "POST", body: "{}" })).json();
    const live = new AbortController();
    const response = await fetch(`http://x/threads/${thread_id}/runs/stream`, {
      method: "POST",
      body: JSON.stringify({ assistant_id: "agent", input: { some_text: "t" } }),
      signal: live.signal,
    });
    const reader = response.body.getReader();
    await reader.read();
    live.abort();
    await assert.rejects(reader.read(), { name: "AbortError" });
  });

  test("needs a langgraph-wasm Client", () => {
    assert.throws(() => createFetch({}), TypeError);
  });
});
