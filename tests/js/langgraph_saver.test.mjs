// The savers' LangGraph.js checkpointer surface (BaseCheckpointSaver's methods) against the built
// package: its named errors, and checkpoints our own graphs wrote read back in LangGraph.js's
// shape. (LangGraph's conformance suite and a real LangGraph.js graph: tests/conformance/.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { MemorySaver, StateGraph, START, interrupt } from "../../pkg/index.node.js";

const ids = ["1ef4f797-8335-6428-8001-8a1503f9b875", "1ef4f797-8335-6428-8002-8a1503f9b875"];

function checkpoint(id, values, versions) {
  return { v: 4, id, ts: "2024-07-31T20:14:19.804Z", channel_values: values, channel_versions: versions, versions_seen: {} };
}

const input = { source: "input", step: -1, parents: {} };
const config = { configurable: { thread_id: "t", checkpoint_ns: "" } };

test("string channel versions are an UnsupportedVersionError naming the channel", async () => {
  const saver = new MemorySaver();
  await assert.rejects(saver.put(config, checkpoint(ids[0], { a: 1 }, { a: "00001.0.5" }), input, { a: "00001.0.5" }), {
    name: "UnsupportedVersionError",
    message: /channel 'a'/,
  });
  assert.throws(() => saver.getNextVersion("00001.0.5"), { name: "UnsupportedVersionError" });
  assert.deepEqual([saver.getNextVersion(undefined), saver.getNextVersion(41)], [1, 42]);
});

test("metadata without `source` and a checkpoint id that is not a uuid are InvalidArgumentErrors", async () => {
  const saver = new MemorySaver();
  await assert.rejects(saver.put(config, checkpoint(ids[0], {}, {}), { step: 0 }, {}), {
    name: "InvalidArgumentError",
    message: /source/,
  });
  await assert.rejects(saver.put(config, checkpoint("cp-1", {}, {}), input, {}), { name: "InvalidArgumentError" });
  await assert.rejects(saver.putWrites(config, [["a", 1]], "task"), {
    name: "InvalidArgumentError",
    message: /checkpoint_id is missing/,
  });
  assert.equal(await saver.getTuple({ configurable: { checkpoint_ns: "" } }), undefined);
});

test("non-JSON values are named with their channel and path; nothing is stored", async () => {
  const saver = new MemorySaver();
  class Note {}
  await assert.rejects(saver.put(config, checkpoint(ids[0], { notes: [{ n: new Note() }] }, { notes: 1 }), input, { notes: 1 }), {
    name: "NotSerializableError",
    message: /channel 'notes' is not JSON data at '\[0\]\.n': an instance of Note/,
  });
  assert.equal(await saver.getTuple(config), undefined);
});

test("a serializer given positionally, as LangGraph.js's MemorySaver takes it, is used for values", async () => {
  const calls = [];
  const serde = {
    async dumpsTyped(value) {
      calls.push("dump");
      return ["json", new TextEncoder().encode(JSON.stringify({ wrapped: value }))];
    },
    async loadsTyped(type, data) {
      calls.push("load");
      return JSON.parse(data).wrapped;
    },
  };
  const saver = new MemorySaver(serde);
  assert.equal(saver.serde, serde);
  await saver.put(config, checkpoint(ids[0], { a: { deep: [1] } }, { a: 1 }), input, { a: 1 });
  const tuple = await saver.getTuple(config);
  assert.deepEqual(tuple.checkpoint.channel_values, { a: { deep: [1] } });
  assert.deepEqual(calls, ["dump", "load"]);
});

test("a thread our own graph ran reads back through getTuple and list in LangGraph.js's shape", async () => {
  const saver = new MemorySaver();
  const graph = new StateGraph({ channels: { text: null } })
    .addNode("ask", () => ({ text: interrupt("edit?") }))
    .addEdge(START, "ask")
    .compile({ checkpointer: saver });
  const run = { configurable: { thread_id: "ours" } };
  await graph.invoke({ text: "v1" }, run);
  const latest = await saver.getTuple(run);
  assert.equal(latest.checkpoint.channel_values.text, "v1");
  assert.deepEqual(latest.config.configurable.thread_id, "ours");
  assert.ok(latest.pendingWrites.some(([, channel]) => channel === "__interrupt__"));
  const steps = [];
  for await (const t of saver.list(run)) steps.push(t.metadata.step);
  assert.deepEqual(steps, [0, -1]);
  await saver.deleteThread("ours");
  assert.equal(await saver.getTuple(run), undefined);
});
