// runtime.signal: a node's AbortSignal aborts when its task is cancelled, and config.signal
// aborts a run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { StateGraph, START } from "../../pkg/index.node.js";

test("aborting config.signal rejects invoke with AbortError and aborts the running node's signal", async () => {
  let nodeSignal;
  const graph = new StateGraph({ channels: { x: null } })
    .addNode("slow", async (state, runtime) => {
      nodeSignal = runtime.signal;
      await new Promise((resolve) => runtime.signal.addEventListener("abort", resolve));
      return { x: 1 };
    })
    .addEdge(START, "slow")
    .compile();
  const controller = new AbortController();
  const run = graph.invoke({ x: 0 }, { signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(nodeSignal.aborted, false, "not aborted while running");
  controller.abort();
  await assert.rejects(run, { name: "AbortError" });
  assert.equal(nodeSignal.aborted, true);
});

test("an already aborted signal rejects at once without running any node", async () => {
  let ran = false;
  const graph = new StateGraph({ channels: { x: null } })
    .addNode("a", () => {
      ran = true;
      return { x: 1 };
    })
    .addEdge(START, "a")
    .compile();
  await assert.rejects(graph.invoke({ x: 0 }, { signal: AbortSignal.abort() }), { name: "AbortError" });
  assert.equal(ran, false);
});

test("closing a stream early aborts the node still running, and a finished node's signal is never aborted", async () => {
  let first;
  let second;
  const graph = new StateGraph({ channels: { x: null } })
    .addNode("a", (state, runtime) => {
      first = runtime.signal;
      return { x: 1 };
    })
    .addNode("slow", async (state, runtime) => {
      second = runtime.signal;
      await new Promise(() => {});
    })
    .addEdge(START, "a")
    .addEdge("a", "slow")
    .compile();
  for await (const chunk of graph.stream({ x: 0 }, { streamMode: "updates" })) {
    assert.deepEqual(chunk, { a: { x: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    break;
  }
  assert.equal(second.aborted, true);
  assert.equal(first.aborted, false);
});

test("a node that first reads runtime.signal after its task was cancelled gets an aborted signal", async () => {
  let release;
  let late;
  const graph = new StateGraph({ channels: { x: null } })
    .addNode("slow", async (state, runtime) => {
      await new Promise((resolve) => (release = resolve));
      late = runtime.signal;
      return { x: 1 };
    })
    .addEdge(START, "slow")
    .compile();
  const controller = new AbortController();
  const run = graph.invoke({ x: 0 }, { signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 5));
  controller.abort();
  await assert.rejects(run, { name: "AbortError" });
  release();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(late.aborted, true);
});
