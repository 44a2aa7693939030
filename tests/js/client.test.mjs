// The SDK-shaped Client (`@langchain/langgraph-sdk`'s `Client`, running the graphs in process): the
// seed's JavaScript examples verbatim, every method, thread and run statuses, multitask
// strategies, and errors with their `name` and HTTP `status`.
//
// Runs are held in flight by nodes that await a promise the test resolves (no timers).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { StateGraph, START, END, MemorySaver, interrupt, Client } from "../../pkg/index.node.js";
import { deferred, collect, rejection } from "../support/promises.mjs";

const INTERRUPT_ID = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** Asserts that `promise` rejects with an error of this `name` and HTTP `status`. */
async function rejectsWith(promise, name, status) {
  const error = await rejection(promise);
  assert.ok(error instanceof Error, `not an Error: ${error}`);
  assert.equal(error.name, name, error.message);
  assert.equal(error.status, status, `${error.name}: ${error.message}`);
  return error;
}

/** Lets pending promise callbacks and spawned wasm tasks run. */
async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** uuid5, as the LangGraph server derives an assistant id from a graph id. */
function uuid5(name, namespace) {
  const hash = createHash("sha1")
    .update(Buffer.concat([Buffer.from(namespace.replace(/-/g, ""), "hex"), Buffer.from(name)]))
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
const NAMESPACE_GRAPH = "6ba7b821-9dad-11d1-80b4-00c04fd430c8";

/** The seed document's graph: one node that asks a person to revise `some_text`. */
function seedAgent() {
  return new StateGraph({ channels: { some_text: null } })
    .addNode("human_node", (state) => ({ some_text: interrupt({ text_to_revise: state.some_text }) }))
    .addEdge(START, "human_node")
    .compile();
}

/** START → node_a → node_b → node_c → END; each appends its name to `trace`. */
function abcGraph(compileOptions) {
  const graph = new StateGraph({ channels: { trace: null } });
  for (const name of ["node_a", "node_b", "node_c"]) {
    graph.addNode(name, (state) => ({ trace: `${state.trace}|${name}` }));
  }
  return graph
    .addEdge(START, "node_a")
    .addEdge("node_a", "node_b")
    .addEdge("node_b", "node_c")
    .addEdge("node_c", END)
    .compile(compileOptions);
}

/**
 * A graph whose node `slow` waits until the test releases it, to keep a run in flight. Each time
 * a run enters the node it gets the next gate; `release(i, value)` lets the i-th entry finish,
 * appending `value` to `log`.
 */
function heldGraph() {
  const gates = [];
  let wake = () => {};
  const graph = new StateGraph({ channels: { log: "append" } })
    .addNode("slow", async () => {
      const gate = deferred();
      gates.push(gate);
      wake();
      return { log: [await gate.promise] };
    })
    .addEdge(START, "slow")
    .compile();
  return {
    graph,
    /** Resolves once runs have entered the node `n` times in all. */
    async entered(n) {
      while (gates.length < n) await new Promise((resolve) => (wake = resolve));
    },
    release(i, value) {
      gates[i].resolve(value);
    },
    get entries() {
      return gates.length;
    },
  };
}

/** A graph whose node throws `CustomError: Boo!`. */
function failingGraph() {
  return new StateGraph({ channels: { x: null } })
    .addNode("bad", () => {
      const error = new Error("Boo!");
      error.name = "CustomError";
      throw error;
    })
    .addEdge(START, "bad")
    .compile();
}

// -------------------------------------------------------------------------------------------------

describe("the seed's JavaScript examples", () => {
  test("dynamic interrupt: runs.wait returns __interrupt__ [{value, id}], command.resume returns the edit", async () => {
    const agent = seedAgent();
    const client = new Client({ graphs: { agent } });
    const logged = [];
    const console = { log: (value) => logged.push(value) };

    // ---- verbatim from the seed's JavaScript example ----
    // Using the graph deployed with the name "agent"
    const assistantID = "agent";

    // create a thread
    const thread = await client.threads.create();
    const threadID = thread["thread_id"];

    // Run the graph until the interrupt is hit.
    const result = await client.runs.wait(
      threadID,
      assistantID,
      { input: { "some_text": "original text" } }   // (1)!
    );

    console.log(result['__interrupt__']); // (2)!

    // Resume the graph
    console.log(await client.runs.wait(
        threadID,
        assistantID,
        // highlight-next-line
        { command: { resume: "Edited text" }}   // (3)!
    ));
    // ---- end of the seed's example ----

    const [interrupts, resumed] = logged;
    assert.equal(interrupts.length, 1);
    assert.match(interrupts[0].id, INTERRUPT_ID);
    assert.deepEqual(interrupts, [{ value: { text_to_revise: "original text" }, id: interrupts[0].id }]);
    assert.deepEqual(result, { some_text: "original text", __interrupt__: interrupts });
    assert.deepEqual(resumed, { some_text: "Edited text" });
    const after = await client.threads.get(threadID);
    assert.equal(after.status, "idle");
    assert.deepEqual(after.values, { some_text: "Edited text" });
  });

  test("static interrupts per run: interruptBefore/interruptAfter on runs.wait, resumed with input: null", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const input = { trace: "start" };

    // Using the graph deployed with the name "agent"
    const assistantID = "agent";

    // create a thread
    const thread = await client.threads.create();
    const threadID = thread["thread_id"];

    // ---- verbatim: the seed's runs.wait with run-time breakpoints ----
    // highlight-next-line
    await client.runs.wait( // (1)!
        threadID,
        assistantID,
        {
        input: input,
        // highlight-next-line
        interruptBefore: ["node_a"], // (2)!
        // highlight-next-line
        interruptAfter: ["node_b", "node_c"] // (3)!
        }
    )
    // ---- end ----
    const [first] = await client.runs.list(threadID);
    assert.deepEqual(await client.runs.join(threadID, first.run_id), { trace: "start", __interrupt__: [] });
    assert.equal((await client.threads.get(threadID)).status, "interrupted");
    assert.deepEqual((await client.threads.getState(threadID)).next, ["node_a"]);

    // The breakpoints were that run's only: `input: null` continues to the end.
    // ---- verbatim: resume the graph ----
    await client.runs.wait(
      threadID,
      assistantID,
      { input: null }   // (2)!
    );
    // ---- end ----
    const second = (await client.runs.list(threadID)).find((run) => run.run_id !== first.run_id);
    assert.deepEqual(await client.runs.join(threadID, second.run_id), { trace: "start|node_a|node_b|node_c" });
    assert.equal((await client.threads.get(threadID)).status, "idle");
    const state = await client.threads.getState(threadID);
    assert.deepEqual(state.next, []);
    assert.deepEqual(state.values, { trace: "start|node_a|node_b|node_c" });
  });

  test("static interrupts per run, given on every run: it stops before node_a, after node_b, after node_c", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const breakpoints = { interruptBefore: ["node_a"], interruptAfter: ["node_b", "node_c"] };
    const { thread_id: threadID } = await client.threads.create();

    let out = await client.runs.wait(threadID, "agent", { input: { trace: "s" }, ...breakpoints });
    assert.deepEqual(out, { trace: "s", __interrupt__: [] });
    assert.equal((await client.threads.get(threadID)).status, "interrupted");
    assert.deepEqual((await client.threads.getState(threadID)).next, ["node_a"]);

    out = await client.runs.wait(threadID, "agent", { input: null, ...breakpoints });
    assert.deepEqual(out, { trace: "s|node_a|node_b", __interrupt__: [] });
    assert.equal((await client.threads.get(threadID)).status, "interrupted");
    assert.deepEqual((await client.threads.getState(threadID)).next, ["node_c"]);

    out = await client.runs.wait(threadID, "agent", { input: null, ...breakpoints });
    assert.deepEqual(out, { trace: "s|node_a|node_b|node_c", __interrupt__: [] });
    assert.deepEqual((await client.threads.getState(threadID)).next, []);
    assert.equal((await client.threads.get(threadID)).status, "idle", "nothing is left to run after node_c");
    assert.ok((await client.runs.list(threadID)).every((run) => run.status === "success"));
  });

  test("static interrupts at compile time: the seed's complete example, { input: input } then { input: null }", async () => {
    const agent = abcGraph({ interruptBefore: ["node_a"], interruptAfter: ["node_b", "node_c"] });
    const client = new Client({ graphs: { agent } });
    const input = { trace: "start" };
    const stops = [];
    const stop = async (threadID) => {
      const [thread, state] = await Promise.all([client.threads.get(threadID), client.threads.getState(threadID)]);
      stops.push({ status: thread.status, next: state.next, values: state.values });
    };

    // ---- verbatim from the seed's JavaScript example ----
    // Using the graph deployed with the name "agent"
    const assistantID = "agent";

    // create a thread
    const thread = await client.threads.create();
    const threadID = thread["thread_id"];

    // Run the graph until the breakpoint
    const result = await client.runs.wait(
      threadID,
      assistantID,
      { input: input }   // (1)!
    );

    // Resume the graph
    await client.runs.wait(
      threadID,
      assistantID,
      { input: null }   // (2)!
    );
    // ---- end of the seed's example ----
    await stop(threadID);
    const last = await client.runs.wait(threadID, assistantID, { input: null });

    assert.deepEqual(result, { trace: "start", __interrupt__: [] });
    assert.deepEqual(stops, [{ status: "interrupted", next: ["node_c"], values: { trace: "start|node_a|node_b" } }]);
    assert.deepEqual(last, { trace: "start|node_a|node_b|node_c", __interrupt__: [] });
    assert.equal((await client.threads.get(threadID)).status, "idle");
    assert.deepEqual((await client.threads.getState(threadID)).values, { trace: "start|node_a|node_b|node_c" });
  });
});

// -------------------------------------------------------------------------------------------------

describe("assistants", () => {
  const child = new StateGraph({ channels: { x: null } })
    .addNode("inner", (state) => ({ x: state.x + 100 }))
    .addEdge(START, "inner")
    .compile();
  const parent = new StateGraph({ channels: { x: null } })
    .addNode("child", child)
    .addNode("after", (state) => ({ x: state.x + 1 }))
    .addEdge(START, "child")
    .addEdge("child", "after")
    .compile();
  const client = new Client({ graphs: { agent: seedAgent(), parent } });

  test("get: by graph id and by assistant id (uuid5 of the graph id), a system assistant", async () => {
    const byGraph = await client.assistants.get("agent");
    assert.equal(byGraph.assistant_id, uuid5("agent", NAMESPACE_GRAPH));
    assert.deepEqual(await client.assistants.get(byGraph.assistant_id), byGraph);
    assert.equal(byGraph.graph_id, "agent");
    assert.equal(byGraph.name, "agent");
    assert.equal(byGraph.version, 1);
    assert.deepEqual(byGraph.metadata, { created_by: "system" });
    assert.deepEqual(byGraph.config, {});
    assert.match(byGraph.created_at, ISO_DATE);
    assert.match(byGraph.updated_at, ISO_DATE);
    await rejectsWith(client.assistants.get("nope"), "NotFoundError", 404);
  });

  test("search: every assistant, by graph id, by metadata, with limit and offset", async () => {
    const all = await client.assistants.search();
    assert.deepEqual(all.map((a) => a.graph_id).sort(), ["agent", "parent"]);
    assert.deepEqual((await client.assistants.search({ graphId: "parent" })).map((a) => a.graph_id), ["parent"]);
    assert.equal((await client.assistants.search({ metadata: { created_by: "system" } })).length, 2);
    assert.equal((await client.assistants.search({ metadata: { created_by: "user" } })).length, 0);
    const first = await client.assistants.search({ limit: 1 });
    const second = await client.assistants.search({ limit: 1, offset: 1 });
    assert.equal(first.length, 1);
    assert.equal(second.length, 1);
    assert.notEqual(first[0].assistant_id, second[0].assistant_id);
  });

  test("getGraph, getSchemas, getSubgraphs", async () => {
    const drawing = await client.assistants.getGraph("agent");
    assert.deepEqual(drawing.nodes.map((n) => n.id), ["__start__", "human_node", "__end__"]);
    assert.deepEqual(drawing.nodes[1], { id: "human_node", type: "runnable", data: { id: "human_node", name: "human_node" } });
    assert.deepEqual(drawing.edges[0], { source: "__start__", target: "human_node", conditional: false });

    const schemas = await client.assistants.getSchemas("agent");
    assert.equal(schemas.graph_id, "agent");
    for (const key of ["input_schema", "output_schema", "state_schema", "config_schema", "context_schema"]) {
      assert.ok(key in schemas, key);
    }
    assert.deepEqual(Object.keys(schemas.state_schema.properties), ["some_text"]);

    assert.deepEqual(await client.assistants.getSubgraphs("agent"), {});
    const subgraphs = await client.assistants.getSubgraphs("parent");
    assert.deepEqual(Object.keys(subgraphs), ["child"]);
    assert.deepEqual(Object.keys(subgraphs.child.state.properties), ["x"]);
    await rejectsWith(client.assistants.getGraph("nope"), "NotFoundError", 404);
  });
});

// -------------------------------------------------------------------------------------------------

describe("threads", () => {
  test("create with threadId, metadata and graphId; a duplicate id is a 409 unless ifExists: do_nothing", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const thread = await client.threads.create({ threadId: "t-1", metadata: { owner: "ana" }, graphId: "agent" });
    assert.deepEqual(
      { ...thread, created_at: undefined, updated_at: undefined },
      {
        thread_id: "t-1",
        created_at: undefined,
        updated_at: undefined,
        metadata: { owner: "ana", graph_id: "agent" },
        status: "idle",
        values: {},
        interrupts: {},
        config: {},
      },
    );
    assert.match(thread.created_at, ISO_DATE);
    assert.match((await client.threads.create()).thread_id, UUID);

    const duplicate = await rejectsWith(client.threads.create({ threadId: "t-1" }), "ConflictError", 409);
    assert.match(duplicate.message, /t-1/);
    assert.deepEqual(await client.threads.create({ threadId: "t-1", ifExists: "do_nothing", metadata: { x: 1 } }), thread);
  });

  test("get, update (merges metadata), delete (then get is a 404)", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const { thread_id } = await client.threads.create({ metadata: { owner: "ana", n: 1 } });
    assert.equal((await client.threads.get(thread_id)).thread_id, thread_id);
    const updated = await client.threads.update(thread_id, { metadata: { n: 2, tag: "x" } });
    assert.deepEqual(updated.metadata, { owner: "ana", n: 2, tag: "x" });
    assert.deepEqual((await client.threads.get(thread_id)).metadata, updated.metadata);
    assert.equal(await client.threads.delete(thread_id), undefined);
    await rejectsWith(client.threads.get(thread_id), "NotFoundError", 404);
    await rejectsWith(client.threads.delete(thread_id), "NotFoundError", 404);
    await rejectsWith(client.threads.update("missing", { metadata: {} }), "NotFoundError", 404);
  });

  test("search: by metadata, status, ids, values; limit/offset; sortBy + sortOrder", async () => {
    const client = new Client({ graphs: { agent: seedAgent() } });
    for (const [id, owner] of [["t-b", "ana"], ["t-a", "bob"], ["t-c", "ana"]]) {
      await client.threads.create({ threadId: id, metadata: { owner } });
    }
    await client.runs.wait("t-c", "agent", { input: { some_text: "hi" } });
    const ids = (threads) => threads.map((t) => t.thread_id);

    assert.deepEqual(ids(await client.threads.search({ metadata: { owner: "ana" }, sortBy: "thread_id" })), ["t-c", "t-b"]);
    assert.deepEqual(ids(await client.threads.search({ status: "interrupted" })), ["t-c"]);
    assert.deepEqual(ids(await client.threads.search({ status: "idle", sortBy: "thread_id", sortOrder: "asc" })), ["t-a", "t-b"]);
    assert.deepEqual(ids(await client.threads.search({ ids: ["t-a", "t-x"] })), ["t-a"]);
    assert.deepEqual(ids(await client.threads.search({ values: { some_text: "hi" } })), ["t-c"]);
    assert.deepEqual(ids(await client.threads.search({ sortBy: "thread_id", sortOrder: "asc" })), ["t-a", "t-b", "t-c"]);
    assert.deepEqual(ids(await client.threads.search({ sortBy: "thread_id", sortOrder: "desc" })), ["t-c", "t-b", "t-a"]);
    assert.deepEqual(ids(await client.threads.search({ sortBy: "thread_id", sortOrder: "asc", limit: 1, offset: 1 })), ["t-b"]);
    assert.deepEqual(ids(await client.threads.search({ sortBy: "updated_at", limit: 1 })), ["t-c"]);
    assert.equal((await client.threads.search({ limit: 2 })).length, 2);
  });

  test("search: newest first by default, also for threads created in the same millisecond", async () => {
    const client = new Client({ graphs: { agent: seedAgent() } });
    const created = [];
    // Ids in descending order, created back to back (most fall in one millisecond).
    for (let i = 9; i >= 0; i--) created.push((await client.threads.create({ threadId: `same-ms-${i}` })).thread_id);
    const found = await client.threads.search({ limit: 100 });
    assert.deepEqual(found.map((t) => t.thread_id), [...created].reverse(), "search() lists the newest thread first");
  });

  test("copy: a new thread with the same metadata, state and history; runs on the copy leave the original alone", async () => {
    const client = new Client({ graphs: { agent: seedAgent() } });
    const { thread_id } = await client.threads.create({ metadata: { owner: "ana" } });
    await client.runs.wait(thread_id, "agent", { input: { some_text: "original text" } });

    const copy = await client.threads.copy(thread_id);
    assert.notEqual(copy.thread_id, thread_id);
    assert.equal(copy.metadata.owner, "ana");
    assert.equal(copy.status, "interrupted");
    const [original, copied] = await Promise.all([client.threads.getState(thread_id), client.threads.getState(copy.thread_id)]);
    assert.deepEqual(copied.values, original.values);
    assert.deepEqual(copied.next, original.next);
    assert.equal(copied.checkpoint.checkpoint_id, original.checkpoint.checkpoint_id);
    assert.equal(copied.checkpoint.thread_id, copy.thread_id);
    assert.equal(
      (await client.threads.getHistory(copy.thread_id)).length,
      (await client.threads.getHistory(thread_id)).length,
    );

    assert.deepEqual(await client.runs.wait(copy.thread_id, "agent", { command: { resume: "copy" } }), { some_text: "copy" });
    assert.deepEqual((await client.threads.getState(thread_id)).values, { some_text: "original text" });
    await rejectsWith(client.threads.copy("missing"), "NotFoundError", 404);
  });

  test("getState: values, next, checkpoint, metadata, created_at, parent_checkpoint, tasks[].interrupts", async () => {
    const client = new Client({ graphs: { agent: seedAgent() } });
    const { thread_id } = await client.threads.create();

    const empty = await client.threads.getState(thread_id);
    assert.deepEqual(empty.values, {});
    assert.deepEqual(empty.next, []);
    assert.equal(empty.checkpoint.checkpoint_id, null);

    const paused = await client.runs.wait(thread_id, "agent", { input: { some_text: "original text" } });
    const state = await client.threads.getState(thread_id);
    assert.deepEqual(state.values, { some_text: "original text" });
    assert.deepEqual(state.next, ["human_node"]);
    assert.equal(state.checkpoint.thread_id, thread_id);
    assert.equal(state.checkpoint.checkpoint_ns, "");
    assert.match(state.checkpoint.checkpoint_id, UUID);
    assert.equal(state.metadata.source, "loop");
    assert.equal(state.metadata.step, 0);
    assert.deepEqual(state.metadata.parents, {});
    assert.match(state.created_at, ISO_DATE);
    assert.equal(state.parent_checkpoint.thread_id, thread_id);
    assert.match(state.parent_checkpoint.checkpoint_id, UUID);
    assert.ok(state.parent_checkpoint.checkpoint_id < state.checkpoint.checkpoint_id, "uuid6 ids sort by time");
    assert.equal(state.tasks.length, 1);
    const [task] = state.tasks;
    assert.equal(task.name, "human_node");
    assert.match(task.id, UUID);
    assert.equal(task.error, null);
    assert.deepEqual(task.interrupts, paused.__interrupt__);
    await rejectsWith(client.threads.getState("missing"), "NotFoundError", 404);
  });

  test("a run's durability (or the older checkpointDuring) decides which checkpoints its thread keeps", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const steps = async (options) => {
      const { thread_id } = await client.threads.create();
      const out = await client.runs.wait(thread_id, "agent", { input: { trace: "s" }, ...options });
      assert.deepEqual(out, { trace: "s|node_a|node_b|node_c" });
      return (await client.threads.getHistory(thread_id)).map((s) => s.metadata.step);
    };
    const sync = await steps({});
    assert.deepEqual(sync, [3, 2, 1, 0, -1]);
    assert.deepEqual(await steps({ durability: "async" }), sync);
    assert.deepEqual(await steps({ durability: "exit" }), [3]);
    assert.deepEqual(await steps({ checkpointDuring: false }), [3]);
    const { thread_id } = await client.threads.create();
    await rejectsWith(client.runs.wait(thread_id, "agent", { input: {}, durability: "later" }), "UnprocessableEntityError", 422);
  });

  test("getState at an older checkpoint (a Checkpoint or its id)", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const { thread_id } = await client.threads.create();
    await client.runs.wait(thread_id, "agent", { input: { trace: "s" } });
    const history = await client.threads.getHistory(thread_id);
    const older = history.find((s) => s.next[0] === "node_b");
    assert.ok(older);

    const byCheckpoint = await client.threads.getState(thread_id, older.checkpoint);
    assert.deepEqual(byCheckpoint.values, { trace: "s|node_a" });
    assert.deepEqual(byCheckpoint.next, ["node_b"]);
    assert.equal(byCheckpoint.checkpoint.checkpoint_id, older.checkpoint.checkpoint_id);
    const byId = await client.threads.getState(thread_id, older.checkpoint.checkpoint_id);
    assert.deepEqual(byId, byCheckpoint);
    assert.deepEqual((await client.threads.getState(thread_id)).values, { trace: "s|node_a|node_b|node_c" });
  });

  test("updateState({values, asNode}) returns {checkpoint: {thread_id, checkpoint_ns, checkpoint_id, checkpoint_map}}", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const { thread_id } = await client.threads.create();
    await client.runs.wait(thread_id, "agent", { input: { trace: "s" }, interruptBefore: ["node_b"] });

    const saved = await client.threads.updateState(thread_id, { values: { trace: "edited" }, asNode: "node_b" });
    assert.deepEqual(Object.keys(saved), ["checkpoint"]);
    assert.equal(saved.checkpoint.thread_id, thread_id);
    assert.equal(saved.checkpoint.checkpoint_ns, "");
    assert.match(saved.checkpoint.checkpoint_id, UUID);
    assert.equal(saved.checkpoint.checkpoint_map, null);

    const state = await client.threads.getState(thread_id);
    assert.equal(state.checkpoint.checkpoint_id, saved.checkpoint.checkpoint_id);
    assert.deepEqual(state.values, { trace: "edited" });
    assert.deepEqual(state.next, ["node_c"], "node_b counts as done");
    assert.equal(state.metadata.source, "update");
    assert.deepEqual((await client.threads.get(thread_id)).values, { trace: "edited" });
    assert.deepEqual(await client.runs.wait(thread_id, "agent", { input: null }), { trace: "edited|node_c" });
  });

  test("a fork (updateState at an older checkpoint) leaves the other branch's checkpoints as they were", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const { thread_id } = await client.threads.create();
    await client.runs.wait(thread_id, "agent", { input: { trace: "s" } });
    const history = await client.threads.getHistory(thread_id);
    const older = history.find((s) => s.next[0] === "node_b");

    await client.threads.updateState(thread_id, {
      values: { trace: "forked" },
      asNode: "node_a",
      checkpointId: older.checkpoint.checkpoint_id,
    });
    assert.deepEqual(await client.runs.wait(thread_id, "agent", { input: null }), { trace: "forked|node_b|node_c" });

    for (const before of history) {
      const now = await client.threads.getState(thread_id, before.checkpoint);
      assert.deepEqual(now.values, before.values, `checkpoint ${before.checkpoint.checkpoint_id} (step ${before.metadata.step}) changed`);
    }
  });

  describe("subgraph checkpoints", () => {
    /** A thread paused at an interrupt inside the subgraph node `child` (which has a key `y` of its own). */
    async function pausedInSubgraph() {
      const child = new StateGraph({ channels: { x: null, y: null } })
        .addNode("ask", (state) => ({ x: interrupt({ question: state.x }) }))
        .addEdge(START, "ask")
        .compile();
      const parent = new StateGraph({ channels: { x: null } }).addNode("child", child).addEdge(START, "child").compile();
      const client = new Client({ graphs: { parent } });
      const { thread_id } = await client.threads.create();
      const paused = await client.runs.wait(thread_id, "parent", { input: { x: "hi" } });
      const [task] = (await client.threads.getState(thread_id)).tasks;
      return { client, thread_id, paused, task };
    }

    test("getState with subgraphs: true nests the subgraph's state in its task", async () => {
      const { client, thread_id, paused, task } = await pausedInSubgraph();
      assert.equal(task.name, "child");
      assert.deepEqual(task.checkpoint, { thread_id, checkpoint_ns: `child:${task.id}` });
      assert.equal(task.state, null);
      assert.deepEqual(task.interrupts, paused.__interrupt__);
      const nested = (await client.threads.getState(thread_id, undefined, { subgraphs: true })).tasks[0].state;
      assert.deepEqual(nested.values, { x: "hi" });
      assert.deepEqual(nested.next, ["ask"]);
      assert.equal(nested.checkpoint.checkpoint_ns, task.checkpoint.checkpoint_ns);
      assert.deepEqual((await client.threads.get(thread_id)).interrupts, { [task.id]: paused.__interrupt__ });
    });

    test("getState at a subgraph task's checkpoint is the subgraph's state", async () => {
      const { client, thread_id, task } = await pausedInSubgraph();
      const state = await client.threads.getState(thread_id, task.checkpoint);
      assert.equal(state.checkpoint.checkpoint_ns, task.checkpoint.checkpoint_ns);
      assert.deepEqual(state.next, ["ask"]);
      assert.deepEqual(state.tasks.map((t) => t.name), ["ask"]);
    });

    test("getHistory with checkpoint: {checkpoint_ns} lists the subgraph's checkpoints, with their next nodes", async () => {
      const { client, thread_id, task } = await pausedInSubgraph();
      const history = await client.threads.getHistory(thread_id, { checkpoint: { checkpoint_ns: task.checkpoint.checkpoint_ns } });
      assert.ok(history.length > 0);
      assert.ok(history.every((s) => s.checkpoint.checkpoint_ns === task.checkpoint.checkpoint_ns));
      assert.deepEqual(history[0].next, ["ask"], "the newest subgraph checkpoint waits at ask");
      assert.deepEqual(history[0].tasks.map((t) => t.name), ["ask"]);
    });

    test("updateState at a subgraph task's checkpoint writes to the subgraph", async () => {
      const { client, thread_id, task } = await pausedInSubgraph();
      const saved = await client.threads.updateState(thread_id, { values: { y: "LA" }, checkpoint: task.checkpoint });
      assert.equal(saved.checkpoint.checkpoint_ns, task.checkpoint.checkpoint_ns);
      const nested = (await client.threads.getState(thread_id, undefined, { subgraphs: true })).tasks[0].state;
      assert.deepEqual(nested.values, { x: "hi", y: "LA" });
    });
  });

  test("getHistory: newest first, with limit, a metadata filter, and before", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const { thread_id } = await client.threads.create();
    await client.runs.wait(thread_id, "agent", { input: { trace: "s" } });

    const history = await client.threads.getHistory(thread_id);
    assert.deepEqual(
      history.map((s) => [s.metadata.source, s.metadata.step, s.next]),
      [
        ["loop", 3, []],
        ["loop", 2, ["node_c"]],
        ["loop", 1, ["node_b"]],
        ["loop", 0, ["node_a"]],
        ["input", -1, ["__start__"]],
      ],
    );
    const ids = history.map((s) => s.checkpoint.checkpoint_id);
    assert.deepEqual(ids, [...ids].sort().reverse());
    assert.deepEqual((await client.threads.getHistory(thread_id, { limit: 2 })).map((s) => s.checkpoint.checkpoint_id), ids.slice(0, 2));
    const inputs = await client.threads.getHistory(thread_id, { metadata: { source: "input" } });
    assert.deepEqual(inputs.map((s) => s.checkpoint.checkpoint_id), [ids[4]]);
    const before = await client.threads.getHistory(thread_id, { before: { configurable: { checkpoint_id: ids[1] } } });
    assert.deepEqual(before.map((s) => s.checkpoint.checkpoint_id), ids.slice(2));
    await rejectsWith(client.threads.getHistory("missing"), "NotFoundError", 404);
  });
});

// -------------------------------------------------------------------------------------------------

describe("runs", () => {
  test("create resolves to the run at once; join waits for its output", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const { thread_id } = await client.threads.create();
    const run = await client.runs.create(thread_id, "agent", { input: { trace: "s" }, metadata: { origin: "test" } });
    assert.match(run.run_id, UUID);
    assert.equal(run.thread_id, thread_id);
    assert.equal(run.assistant_id, uuid5("agent", NAMESPACE_GRAPH));
    assert.equal(run.status, "pending");
    assert.equal(run.multitask_strategy, "reject");
    assert.equal(run.metadata.origin, "test");
    assert.match(run.created_at, ISO_DATE);
    assert.deepEqual(await client.runs.join(thread_id, run.run_id), { trace: "s|node_a|node_b|node_c" });
    const done = await client.runs.get(thread_id, run.run_id);
    assert.equal(done.status, "success");
    assert.equal(done.run_id, run.run_id);
  });

  test("stream: metadata {run_id, attempt: 1} first, then one event per chunk with ids 0, 1, …", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const { thread_id } = await client.threads.create();
    let created;
    const events = await collect(
      client.runs.stream(thread_id, "agent", { input: { trace: "s" }, onRunCreated: (ids) => (created = ids) }),
    );
    assert.deepEqual(events[0], { event: "metadata", data: { run_id: created.run_id, attempt: 1 }, id: "0" });
    assert.equal(created.thread_id, thread_id);
    assert.deepEqual(events.map((e) => e.id), events.map((_, i) => String(i)));
    assert.deepEqual(
      events.slice(1).map((e) => [e.event, e.data]),
      [
        ["values", { trace: "s" }],
        ["values", { trace: "s|node_a" }],
        ["values", { trace: "s|node_a|node_b" }],
        ["values", { trace: "s|node_a|node_b|node_c" }],
      ],
    );
    assert.equal((await client.runs.get(thread_id, created.run_id)).status, "success");
  });

  test("stream: a stateless run (threadId null) has no event ids", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const events = await collect(client.runs.stream(null, "agent", { input: { trace: "s" }, streamMode: "updates" }));
    assert.equal(events[0].event, "metadata");
    assert.deepEqual(Object.keys(events[0].data).sort(), ["attempt", "run_id"]);
    assert.deepEqual(
      events.map((e) => e.event),
      ["metadata", "updates", "updates", "updates"],
    );
    for (const event of events) assert.equal("id" in event, false, JSON.stringify(event));
    assert.deepEqual(events[1].data, { node_a: { trace: "s|node_a" } });
  });

  describe("stream modes", () => {
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("a", (state, runtime) => {
        runtime.writer({ progress: state.x });
        return { x: state.x + 1 };
      })
      .addNode("b", (state) => ({ x: state.x * 10 }))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .compile();
    const client = new Client({ graphs: { agent: graph } });
    const streamed = async (streamMode) => {
      const { thread_id } = await client.threads.create();
      const events = await collect(client.runs.stream(thread_id, "agent", { input: { x: 1 }, streamMode }));
      assert.equal(events[0].event, "metadata");
      return events.slice(1);
    };

    test("values: the state after each step", async () => {
      assert.deepEqual(await streamed("values"), [
        { event: "values", data: { x: 1 }, id: "1" },
        { event: "values", data: { x: 2 }, id: "2" },
        { event: "values", data: { x: 20 }, id: "3" },
      ]);
    });

    test("updates: {node: update}", async () => {
      assert.deepEqual(
        (await streamed("updates")).map((e) => [e.event, e.data]),
        [
          ["updates", { a: { x: 2 } }],
          ["updates", { b: { x: 20 } }],
        ],
      );
    });

    test("tasks: a start and a result per task", async () => {
      const events = await streamed("tasks");
      assert.deepEqual(events.map((e) => e.event), ["tasks", "tasks", "tasks", "tasks"]);
      const [startA, resultA, startB, resultB] = events.map((e) => e.data);
      assert.deepEqual([startA.name, startA.input], ["a", { x: 1 }]);
      assert.ok(Array.isArray(startA.triggers));
      assert.equal(resultA.id, startA.id);
      assert.deepEqual([resultA.name, resultA.result, resultA.error, resultA.interrupts], ["a", { x: 2 }, null, []]);
      assert.equal(startB.name, "b");
      assert.deepEqual(resultB.result, { x: 20 });
    });

    test("checkpoints: one per saved checkpoint, with values, metadata and next", async () => {
      const events = await streamed("checkpoints");
      assert.ok(events.every((e) => e.event === "checkpoints"));
      assert.deepEqual(
        events.map((e) => [e.data.metadata.source, e.data.values, e.data.next]),
        [
          ["input", {}, ["__start__"]],
          ["loop", { x: 1 }, ["a"]],
          ["loop", { x: 2 }, ["b"]],
          ["loop", { x: 20 }, []],
        ],
      );
    });

    test("debug: checkpoint, task and task_result events", async () => {
      const events = await streamed("debug");
      assert.ok(events.every((e) => e.event === "debug"));
      assert.deepEqual(
        events.map((e) => e.data.type),
        ["checkpoint", "checkpoint", "task", "task_result", "checkpoint", "task", "task_result", "checkpoint"],
      );
      for (const { data } of events) {
        assert.equal(typeof data.step, "number");
        assert.match(data.timestamp, ISO_DATE);
      }
      assert.deepEqual(events.at(-1).data.payload.values, { x: 20 });
    });

    test("custom: what nodes write with runtime.writer", async () => {
      assert.deepEqual(await streamed("custom"), [{ event: "custom", data: { progress: 1 }, id: "1" }]);
    });

    test("several modes at once, in the order they happen", async () => {
      const events = await streamed(["updates", "custom", "values"]);
      assert.deepEqual(
        events.map((e) => e.event),
        ["values", "custom", "updates", "values", "updates", "values"],
      );
    });
  });

  test("streamSubgraphs: subgraph events are named <mode>|<node>:<task id>", async () => {
    const child = new StateGraph({ channels: { x: null } })
      .addNode("inner", (state) => ({ x: state.x + 100 }))
      .addEdge(START, "inner")
      .compile();
    const parent = new StateGraph({ channels: { x: null } })
      .addNode("child", child)
      .addEdge(START, "child")
      .compile();
    const client = new Client({ graphs: { parent } });
    const { thread_id } = await client.threads.create();
    const events = await collect(
      client.runs.stream(thread_id, "parent", { input: { x: 1 }, streamMode: ["values", "updates"], streamSubgraphs: true }),
    );
    const names = events.map((e) => e.event.replace(/:[0-9a-f-]{36}$/, ":<task id>"));
    assert.deepEqual(names, [
      "metadata",
      "values",
      "values|child:<task id>",
      "updates|child:<task id>",
      "values|child:<task id>",
      "updates",
      "values",
    ]);
    assert.deepEqual(events[3].data, { inner: { x: 101 } });
    const taskId = events[2].event.split(":")[1];
    assert.match(taskId, UUID);
    assert.deepEqual(events.map((e) => e.id), events.map((_, i) => String(i)));
  });

  test("joinStream: replays a run's events, live or after it ended; lastEventId resumes after that event", async () => {
    const hold = heldGraph();
    const client = new Client({ graphs: { agent: hold.graph } });
    const { thread_id } = await client.threads.create();
    const run = await client.runs.create(thread_id, "agent", { input: { log: ["in"] }, streamMode: ["values", "updates"] });
    await hold.entered(1);
    const live = collect(client.runs.joinStream(thread_id, run.run_id));
    hold.release(0, "out");
    const events = await live;
    assert.deepEqual(
      events.map((e) => [e.id, e.event]),
      [
        ["0", "metadata"],
        ["1", "values"],
        ["2", "updates"],
        ["3", "values"],
      ],
    );
    assert.deepEqual(events[3].data, { log: ["in", "out"] });
    assert.deepEqual(await collect(client.runs.joinStream(thread_id, run.run_id)), events);
    assert.deepEqual(await collect(client.runs.joinStream(thread_id, run.run_id, { lastEventId: "-1" })), events);
    assert.deepEqual(await collect(client.runs.joinStream(thread_id, run.run_id, { lastEventId: "1" })), events.slice(2));
    assert.deepEqual(await client.runs.join(thread_id, run.run_id), { log: ["in", "out"] });
  });

  test("get and list: newest first, filtered by status, with limit and offset", async () => {
    const client = new Client({ graphs: { agent: seedAgent() } });
    const { thread_id } = await client.threads.create();
    const ids = [];
    for (const body of [{ input: { some_text: "a" } }, { command: { resume: "b" } }, { input: { some_text: "c" } }]) {
      ids.push((await client.runs.create(thread_id, "agent", body)).run_id);
      await client.runs.join(thread_id, ids.at(-1));
      await new Promise((resolve) => setTimeout(resolve, 2)); // distinct millisecond timestamps
    }
    const listed = await client.runs.list(thread_id);
    assert.deepEqual(listed.map((r) => r.run_id), [...ids].reverse());
    assert.ok(listed.every((r) => r.status === "success"));
    assert.deepEqual((await client.runs.list(thread_id, { limit: 1, offset: 1 })).map((r) => r.run_id), [ids[1]]);
    assert.deepEqual(await client.runs.list(thread_id, { status: "error" }), []);
    assert.equal((await client.runs.list(thread_id, { status: "success" })).length, 3);
    assert.deepEqual(await client.runs.get(thread_id, ids[0]), listed[2]);
    await rejectsWith(client.runs.get(thread_id, "missing"), "NotFoundError", 404);
    await rejectsWith(client.runs.list("missing"), "NotFoundError", 404);
  });

  test("cancel: a run in flight ends interrupted, its join rejects, the thread is free again", async () => {
    const hold = heldGraph();
    const client = new Client({ graphs: { agent: hold.graph } });
    const { thread_id } = await client.threads.create();
    const run = await client.runs.create(thread_id, "agent", { input: { log: ["in"] } });
    await hold.entered(1);
    assert.equal(await client.runs.cancel(thread_id, run.run_id), undefined);
    assert.equal((await client.runs.get(thread_id, run.run_id)).status, "interrupted");
    await rejection(client.runs.join(thread_id, run.run_id));

    hold.release(0, "too late");
    await settle();
    const [thread, state] = await Promise.all([client.threads.get(thread_id), client.threads.getState(thread_id)]);
    assert.notEqual(thread.status, "busy");
    assert.deepEqual(state.values, { log: ["in"] }, "the cancelled node's result never lands");
    assert.deepEqual(state.next, ["slow"]);

    // The thread takes new runs (the default multitask strategy would refuse them if it were busy).
    const next = client.runs.wait(thread_id, "agent", { input: { log: ["again"] } });
    await hold.entered(2);
    hold.release(1, "done");
    assert.deepEqual(await next, { log: ["in", "again", "done"] });
  });

  test("cancel: the thread is idle afterwards, as the LangGraph server sets it", async () => {
    // The server drops a cancelled run's last checkpoint when it sets the thread's status
    // (langgraph-api queue.mts: `if (isInterrupted()) checkpoint = undefined`; `runs.cancel` sets
    // the thread `idle`), so the thread is idle even though that checkpoint has a node to run.
    const hold = heldGraph();
    const client = new Client({ graphs: { agent: hold.graph } });
    const { thread_id } = await client.threads.create();
    const run = await client.runs.create(thread_id, "agent", { input: { log: ["in"] } });
    await hold.entered(1);
    await client.runs.cancel(thread_id, run.run_id);
    assert.equal((await client.threads.get(thread_id)).status, "idle");
    hold.release(0, "too late");
    await settle();
    assert.equal((await client.threads.get(thread_id)).status, "idle");
  });

  test("cancel with wait and action rollback: the run is deleted and the thread is back where it was", async () => {
    const hold = heldGraph();
    const client = new Client({ graphs: { agent: hold.graph } });
    const { thread_id } = await client.threads.create();
    const first = client.runs.wait(thread_id, "agent", { input: { log: ["one"] } });
    await hold.entered(1);
    hold.release(0, "first");
    await first;
    const before = await client.threads.getState(thread_id);

    const run = await client.runs.create(thread_id, "agent", { input: { log: ["two"] } });
    await hold.entered(2);
    await client.runs.cancel(thread_id, run.run_id, true, "rollback");
    await rejectsWith(client.runs.get(thread_id, run.run_id), "NotFoundError", 404);
    const after = await client.threads.getState(thread_id);
    assert.deepEqual(after.values, before.values);
    assert.deepEqual(after.next, []);
    assert.equal((await client.threads.get(thread_id)).status, "idle");
  });

  test("delete: the run is gone (get is a 404)", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const { thread_id } = await client.threads.create();
    const run = await client.runs.create(thread_id, "agent", { input: { trace: "s" } });
    await client.runs.join(thread_id, run.run_id);
    assert.equal(await client.runs.delete(thread_id, run.run_id), undefined);
    await rejectsWith(client.runs.get(thread_id, run.run_id), "NotFoundError", 404);
    assert.deepEqual(await client.runs.list(thread_id), []);
    await rejectsWith(client.runs.delete(thread_id, run.run_id), "NotFoundError", 404);
  });

  test("command: update and goto", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const { thread_id } = await client.threads.create();
    assert.deepEqual(
      await client.runs.wait(thread_id, "agent", { command: { update: { trace: "u" }, goto: "node_c" } }),
      { trace: "u|node_c" },
    );
    assert.deepEqual(await client.runs.wait(thread_id, "agent", { command: { goto: "node_b" } }), {
      trace: "u|node_c|node_b|node_c",
    });
    assert.deepEqual(await client.runs.wait(thread_id, "agent", { command: { update: [["trace", "pairs"]] } }), {
      trace: "pairs",
    });
    const sent = await client.runs.wait(thread_id, "agent", { command: { goto: { node: "node_c", input: { trace: "sent" } } } });
    assert.deepEqual(sent, { trace: "sent|node_c" });
  });

  test("config.recursion_limit: a run that takes more steps fails with GraphRecursionError", async () => {
    const loop = new StateGraph({ channels: { n: null } })
      .addNode("step", (state) => ({ n: state.n + 1 }))
      .addEdge(START, "step")
      .addConditionalEdges("step", (state) => (state.n < 10 ? "step" : END), ["step", END])
      .compile();
    const client = new Client({ graphs: { loop } });
    const { thread_id } = await client.threads.create();
    const error = await rejectsWith(
      client.runs.wait(thread_id, "loop", { input: { n: 0 }, config: { recursion_limit: 3 } }),
      "GraphRecursionError",
      500,
    );
    assert.match(error.message, /3/);
    assert.equal((await client.threads.get(thread_id)).status, "error");
    assert.deepEqual(await client.runs.wait(null, "loop", { input: { n: 0 }, config: { recursion_limit: 20 } }), { n: 10 });
  });

  test("context and config.configurable reach the nodes", async () => {
    const graph = new StateGraph({ channels: { seen: null } })
      .addNode("look", (_, runtime) => ({
        seen: { context: runtime.context, user: runtime.config.configurable.user, thread: runtime.config.configurable.thread_id },
      }))
      .addEdge(START, "look")
      .compile();
    const client = new Client({ graphs: { agent: graph } });
    const { thread_id } = await client.threads.create();
    const out = await client.runs.wait(thread_id, "agent", {
      input: {},
      context: { model: "m1" },
      config: { configurable: { user: "ana" } },
    });
    assert.deepEqual(out, { seen: { context: { model: "m1" }, user: "ana", thread: thread_id } });
  });

  test("metadata lands on the run and in the metadata of the checkpoints it writes", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const { thread_id } = await client.threads.create();
    const run = await client.runs.create(thread_id, "agent", { input: { trace: "s" }, metadata: { origin: "test", n: 1 } });
    await client.runs.join(thread_id, run.run_id);
    const state = await client.threads.getState(thread_id);
    assert.equal(state.metadata.origin, "test");
    assert.equal(state.metadata.n, 1);
    assert.equal(state.metadata.run_id, run.run_id);
    const history = await client.threads.getHistory(thread_id);
    assert.ok(history.every((s) => s.metadata.origin === "test"));
    assert.equal((await client.runs.get(thread_id, run.run_id)).metadata.origin, "test");
  });

  test("checkpointId (or checkpoint): a run from an older checkpoint forks the thread", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const { thread_id } = await client.threads.create();
    await client.runs.wait(thread_id, "agent", { input: { trace: "s" } });
    const older = (await client.threads.getHistory(thread_id)).find((s) => s.next[0] === "node_c");

    assert.deepEqual(
      await client.runs.wait(thread_id, "agent", { input: { trace: "fork" }, checkpointId: older.checkpoint.checkpoint_id }),
      { trace: "fork|node_a|node_b|node_c" },
    );
    const head = await client.threads.getState(thread_id);
    const ancestry = [];
    for (let c = head; c; c = c.parent_checkpoint && (await client.threads.getState(thread_id, c.parent_checkpoint))) {
      ancestry.push(c.checkpoint.checkpoint_id);
    }
    assert.ok(ancestry.includes(older.checkpoint.checkpoint_id), "the new checkpoints descend from the older one");

    assert.deepEqual(await client.runs.wait(thread_id, "agent", { input: null, checkpoint: older.checkpoint }), {
      trace: "s|node_a|node_b|node_c",
    });
  });

  test("ifNotExists: create makes the thread; without it an unknown thread is a 404", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    await rejectsWith(client.runs.wait("made-by-run", "agent", { input: { trace: "s" } }), "NotFoundError", 404);
    assert.deepEqual(await client.runs.wait("made-by-run", "agent", { input: { trace: "s" }, ifNotExists: "create" }), {
      trace: "s|node_a|node_b|node_c",
    });
    const thread = await client.threads.get("made-by-run");
    assert.equal(thread.status, "idle");
    assert.equal(thread.metadata.graph_id, "agent");
  });

  test("stateless runs: the thread is deleted when the run ends, unless onCompletion: keep", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    assert.deepEqual(await client.runs.wait(null, "agent", { input: { trace: "gone" } }), { trace: "gone|node_a|node_b|node_c" });
    assert.deepEqual(await client.threads.search(), []);

    const run = await client.runs.create(null, "agent", { input: { trace: "kept" }, onCompletion: "keep" });
    assert.equal(run.thread_id, null);
    await settle();
    const [kept] = await client.threads.search({ values: { trace: "kept|node_a|node_b|node_c" } });
    assert.ok(kept, "the stateless run's thread is kept");
    assert.equal(kept.status, "idle");
    assert.equal((await client.threads.search()).length, 1);
  });

  test("signal: aborting it cancels the run, which ends interrupted", async () => {
    const hold = heldGraph();
    const client = new Client({ graphs: { agent: hold.graph } });
    const { thread_id } = await client.threads.create();
    const controller = new AbortController();
    let created;
    const waiting = client.runs.wait(thread_id, "agent", {
      input: { log: ["in"] },
      signal: controller.signal,
      onRunCreated: (ids) => (created = ids),
    });
    await hold.entered(1);
    controller.abort();
    await rejection(waiting);
    assert.equal((await client.runs.get(thread_id, created.run_id)).status, "interrupted");

    // The same for a stream.
    const streamController = new AbortController();
    const events = [];
    const reading = (async () => {
      for await (const event of client.runs.stream(thread_id, "agent", { input: { log: ["s"] }, signal: streamController.signal })) {
        events.push(event);
      }
    })();
    await hold.entered(2);
    streamController.abort();
    await reading.catch(() => {});
    hold.release(1, "late");
    await settle();
    assert.equal((await client.runs.get(thread_id, events[0].data.run_id)).status, "interrupted");
    assert.ok(!events.some((e) => e.event === "values" && e.data.log.includes("late")));

    // An already aborted signal.
    const aborted = new AbortController();
    aborted.abort();
    const run = await client.runs.create(thread_id, "agent", { input: { log: ["x"] }, signal: aborted.signal });
    await settle();
    assert.equal((await client.runs.get(thread_id, run.run_id)).status, "interrupted");
  });

  test("signal on a stateless run: aborting it cancels the run", async () => {
    const hold = heldGraph();
    const client = new Client({ graphs: { agent: hold.graph } });
    const controller = new AbortController();
    const events = [];
    const reading = (async () => {
      for await (const event of client.runs.stream(null, "agent", { input: { log: ["in"] }, signal: controller.signal })) {
        events.push(event);
      }
    })();
    await hold.entered(1);
    controller.abort();
    hold.release(0, "after abort");
    await reading.catch(() => {});
    assert.ok(
      !events.some((e) => e.event === "values" && e.data.log.includes("after abort")),
      `the run went on after its signal aborted: ${JSON.stringify(events.map((e) => [e.event, e.data]))}`,
    );
  });

  test("signal on a stateless runs.wait: aborting it cancels the run and wait rejects", async () => {
    const hold = heldGraph();
    const client = new Client({ graphs: { agent: hold.graph } });
    const controller = new AbortController();
    const waiting = client.runs.wait(null, "agent", { input: { log: ["w"] }, signal: controller.signal });
    waiting.catch(() => {});
    await hold.entered(1);
    controller.abort();
    const error = await rejection(waiting);
    assert.notEqual(error.name, "TypeError", error.message);
    hold.release(0, "after abort");
    await settle();
    assert.deepEqual(await client.threads.search(), [], "the cancelled stateless run's thread is deleted");
  });

  test("onRunCreated: called with the run's ids (thread runs, stateless runs, wait, create, stream)", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const { thread_id } = await client.threads.create();
    const seen = [];
    const onRunCreated = (ids) => seen.push(ids);

    const run = await client.runs.create(thread_id, "agent", { input: { trace: "a" }, onRunCreated });
    assert.deepEqual(seen.pop(), { run_id: run.run_id, thread_id });
    await client.runs.join(thread_id, run.run_id);

    await client.runs.wait(thread_id, "agent", { input: { trace: "b" }, onRunCreated });
    const waited = (await client.runs.list(thread_id)).find((r) => r.run_id !== run.run_id);
    assert.deepEqual(seen.pop(), { run_id: waited.run_id, thread_id });

    const events = await collect(client.runs.stream(null, "agent", { input: { trace: "c" }, onRunCreated }));
    assert.deepEqual(seen.pop(), { run_id: events[0].data.run_id, thread_id: undefined });

    const run2 = await client.runs.create(null, "agent", { input: { trace: "d" }, onRunCreated });
    assert.deepEqual(seen.pop(), { run_id: run2.run_id, thread_id: undefined });
  });

  test("onRunCreated on a stateless runs.wait: called, and wait resolves to the output", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const seen = [];
    const out = await client.runs.wait(null, "agent", { input: { trace: "d" }, onRunCreated: (ids) => seen.push(ids) });
    assert.deepEqual(out, { trace: "d|node_a|node_b|node_c" });
    assert.equal(seen.length, 1);
    assert.match(seen[0].run_id, UUID);
  });
});

// -------------------------------------------------------------------------------------------------

describe("store", () => {
  test("putItem, getItem (with createdAt; missing → null), deleteItem", async () => {
    const client = new Client({ graphs: { agent: seedAgent() } });
    assert.equal(await client.store.putItem(["docs", "a"], "k1", { kind: "x", n: 1 }), undefined);
    const item = await client.store.getItem(["docs", "a"], "k1");
    assert.deepEqual(
      { namespace: item.namespace, key: item.key, value: item.value },
      { namespace: ["docs", "a"], key: "k1", value: { kind: "x", n: 1 } },
    );
    assert.match(item.createdAt, ISO_DATE);
    assert.equal(item.createdAt, item.created_at);
    assert.equal(item.updatedAt, item.updated_at);

    await client.store.putItem(["docs", "a"], "k1", { kind: "y" });
    const replaced = await client.store.getItem(["docs", "a"], "k1");
    assert.deepEqual(replaced.value, { kind: "y" });
    assert.equal(replaced.createdAt, item.createdAt);
    assert.ok(replaced.updatedAt > item.updatedAt);

    assert.equal(await client.store.getItem(["docs", "a"], "missing"), null);
    assert.equal(await client.store.deleteItem(["docs", "a"], "k1"), undefined);
    assert.equal(await client.store.getItem(["docs", "a"], "k1"), null);
    await client.store.deleteItem(["docs", "a"], "k1");

    await rejectsWith(client.store.putItem(["docs"], "k", 5), "UnprocessableEntityError", 422);
    await rejectsWith(client.store.putItem(["a.b"], "k", {}), "UnprocessableEntityError", 422);
  });

  test("searchItems: under a prefix, with filter, limit and offset (most recently updated first)", async () => {
    const client = new Client({ graphs: { agent: seedAgent() } });
    await client.store.putItem(["docs", "a"], "k1", { kind: "x", n: 1 });
    await client.store.putItem(["docs", "a"], "k2", { kind: "y", n: 2 });
    await client.store.putItem(["docs", "b"], "k3", { kind: "x", n: 3 });
    await client.store.putItem(["other"], "k4", { kind: "x", n: 4 });
    const keys = ({ items }) => items.map((i) => i.key);

    assert.deepEqual(keys(await client.store.searchItems(["docs"])), ["k3", "k2", "k1"]);
    assert.deepEqual(keys(await client.store.searchItems(["docs"], { filter: { kind: "x" } })), ["k3", "k1"]);
    assert.deepEqual(keys(await client.store.searchItems(["docs"], { limit: 1, offset: 1 })), ["k2"]);
    assert.deepEqual(keys(await client.store.searchItems([], { filter: { kind: "x" } })), ["k4", "k3", "k1"]);
    const { items } = await client.store.searchItems(["docs", "b"]);
    assert.deepEqual(items[0].value, { kind: "x", n: 3 });
    assert.equal(items[0].createdAt, items[0].created_at);
  });

  test("listNamespaces: all, by prefix, cut to maxDepth", async () => {
    const client = new Client({ graphs: { agent: seedAgent() } });
    await client.store.putItem(["docs", "a"], "k1", { n: 1 });
    await client.store.putItem(["docs", "b", "deep"], "k2", { n: 2 });
    await client.store.putItem(["other"], "k3", { n: 3 });
    assert.deepEqual(await client.store.listNamespaces(), { namespaces: [["docs", "a"], ["docs", "b", "deep"], ["other"]] });
    assert.deepEqual(await client.store.listNamespaces({ prefix: ["docs"] }), { namespaces: [["docs", "a"], ["docs", "b", "deep"]] });
    assert.deepEqual(await client.store.listNamespaces({ maxDepth: 1 }), { namespaces: [["docs"], ["other"]] });
    assert.deepEqual(await client.store.listNamespaces({ prefix: ["docs"], maxDepth: 2 }), { namespaces: [["docs", "a"], ["docs", "b"]] });
  });
});

// -------------------------------------------------------------------------------------------------

describe("statuses", () => {
  test("thread busy and run running while a run is in flight; idle and success after it", async () => {
    const hold = heldGraph();
    const client = new Client({ graphs: { agent: hold.graph } });
    const { thread_id } = await client.threads.create();
    const run = await client.runs.create(thread_id, "agent", { input: { log: ["in"] } });
    await hold.entered(1);
    assert.equal((await client.threads.get(thread_id)).status, "busy");
    assert.equal((await client.runs.get(thread_id, run.run_id)).status, "running");
    assert.deepEqual((await client.threads.search({ status: "busy" })).map((t) => t.thread_id), [thread_id]);
    hold.release(0, "out");
    await client.runs.join(thread_id, run.run_id);
    assert.equal((await client.threads.get(thread_id)).status, "idle");
    assert.equal((await client.runs.get(thread_id, run.run_id)).status, "success");
  });

  test("interrupted at an interrupt (thread.interrupts keyed by task id); the run that paused is a success", async () => {
    const client = new Client({ graphs: { agent: seedAgent() } });
    const { thread_id } = await client.threads.create();
    const run = await client.runs.create(thread_id, "agent", { input: { some_text: "original text" } });
    const paused = await client.runs.join(thread_id, run.run_id);
    const thread = await client.threads.get(thread_id);
    assert.equal(thread.status, "interrupted");
    assert.equal((await client.runs.get(thread_id, run.run_id)).status, "success");
    const [task] = (await client.threads.getState(thread_id)).tasks;
    assert.deepEqual(thread.interrupts, { [task.id]: paused.__interrupt__ });
    assert.deepEqual(thread.values, { some_text: "original text" });

    await client.runs.wait(thread_id, "agent", { command: { resume: "done" } });
    const done = await client.threads.get(thread_id);
    assert.equal(done.status, "idle");
    assert.deepEqual(done.interrupts, {});
  });

  test("interrupted at a breakpoint", async () => {
    const client = new Client({ graphs: { agent: abcGraph() } });
    const { thread_id } = await client.threads.create();
    await client.runs.wait(thread_id, "agent", { input: { trace: "s" }, interruptAfter: ["node_a"] });
    const thread = await client.threads.get(thread_id);
    assert.equal(thread.status, "interrupted");
    assert.deepEqual(thread.interrupts, {});
    assert.deepEqual(thread.values, { trace: "s|node_a" });
  });

  test("error after a node throws: run error, thread error with the error; a later success makes it idle", async () => {
    let fail = true;
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("flaky", (state) => {
        if (fail) throw new Error("Boo!");
        return { x: state.x + 1 };
      })
      .addEdge(START, "flaky")
      .compile();
    const client = new Client({ graphs: { agent: graph } });
    const { thread_id } = await client.threads.create();
    const run = await client.runs.create(thread_id, "agent", { input: { x: 1 } });
    await rejectsWith(client.runs.join(thread_id, run.run_id), "Error", 500);
    assert.equal((await client.runs.get(thread_id, run.run_id)).status, "error");
    const thread = await client.threads.get(thread_id);
    assert.equal(thread.status, "error");
    assert.deepEqual(thread.error, { error: "Error", message: "Boo!" });
    assert.deepEqual((await client.threads.search({ status: "error" })).map((t) => t.thread_id), [thread_id]);

    fail = false;
    assert.deepEqual(await client.runs.wait(thread_id, "agent", { input: null }), { x: 2 });
    assert.equal((await client.threads.get(thread_id)).status, "idle");
  });

  test("run pending while enqueued behind another, then running, then success", async () => {
    const hold = heldGraph();
    const client = new Client({ graphs: { agent: hold.graph } });
    const { thread_id } = await client.threads.create();
    const first = await client.runs.create(thread_id, "agent", { input: { log: ["one"] } });
    await hold.entered(1);
    const second = await client.runs.create(thread_id, "agent", { input: { log: ["two"] }, multitaskStrategy: "enqueue" });
    assert.equal(second.status, "pending");
    await settle();
    assert.equal((await client.runs.get(thread_id, second.run_id)).status, "pending");
    assert.equal(hold.entries, 1, "the enqueued run has not started");
    assert.deepEqual((await client.runs.list(thread_id, { status: "pending" })).map((r) => r.run_id), [second.run_id]);

    hold.release(0, "first");
    await hold.entered(2);
    assert.equal((await client.runs.get(thread_id, first.run_id)).status, "success");
    assert.equal((await client.runs.get(thread_id, second.run_id)).status, "running");
    assert.equal((await client.threads.get(thread_id)).status, "busy");
    hold.release(1, "second");
    assert.deepEqual(await client.runs.join(thread_id, second.run_id), { log: ["one", "first", "two", "second"] });
    assert.equal((await client.runs.get(thread_id, second.run_id)).status, "success");
    assert.equal((await client.threads.get(thread_id)).status, "idle");
  });

  const RUNS = 9;

  /** A run in flight and eight runs enqueued behind it, created back to back (mostly in one millisecond). */
  async function enqueuedBackToBack() {
    const hold = heldGraph();
    const client = new Client({ graphs: { agent: hold.graph } });
    const { thread_id } = await client.threads.create();
    const ids = [(await client.runs.create(thread_id, "agent", { input: { log: ["r0"] } })).run_id];
    await hold.entered(1);
    for (let i = 1; i < RUNS; i++) {
      const run = await client.runs.create(thread_id, "agent", { input: { log: [`r${i}`] }, multitaskStrategy: "enqueue" });
      ids.push(run.run_id);
    }
    return { hold, client, thread_id, ids };
  }

  test("runs.list is newest first also for runs created within one millisecond", async () => {
    const { hold, client, thread_id, ids } = await enqueuedBackToBack();
    assert.deepEqual((await client.runs.list(thread_id, { limit: RUNS })).map((r) => r.run_id), [...ids].reverse(), "runs.list: newest first");
    for (let i = 0; i < RUNS; i++) {
      await hold.entered(i + 1);
      hold.release(i, "done");
    }
  });

  test("enqueued runs start in the order they were created, also within one millisecond", async () => {
    const { hold, client, thread_id, ids } = await enqueuedBackToBack();
    for (let i = 0; i < RUNS; i++) {
      await hold.entered(i + 1);
      hold.release(i, `done${i}`);
    }
    await Promise.all(ids.map((id) => client.runs.join(thread_id, id)));
    const log = (await client.threads.getState(thread_id)).values.log;
    assert.deepEqual(
      log,
      ids.flatMap((_, i) => [`r${i}`, `done${i}`]),
      "enqueued runs run first-in, first-out",
    );
  });
});

// -------------------------------------------------------------------------------------------------

describe("errors", () => {
  test("onThreadChange refuses a listener that is not a function, and the others still hear every change", async () => {
    const client = new Client({ graphs: { agent: seedAgent() } });
    for (const wrong of [42, {}, null, undefined, "f"]) {
      assert.throws(() => client.onThreadChange(wrong), { name: "TypeError", message: /needs a function/ });
    }
    const heard = [];
    client.onThreadChange((change) => heard.push(change.status));
    const { thread_id } = await client.threads.create();
    await client.runs.wait(thread_id, "agent", { input: { some_text: "x" } });
    assert.ok(heard.length > 0 && heard.includes("interrupted"), `heard ${JSON.stringify(heard)}`);
  });

  test("an unknown assistant is a NotFoundError (404) for wait, create and stream", async () => {
    const client = new Client({ graphs: { agent: seedAgent() } });
    const { thread_id } = await client.threads.create();
    const error = await rejectsWith(client.runs.wait(thread_id, "nope", { input: {} }), "NotFoundError", 404);
    assert.match(error.message, /nope/);
    await rejectsWith(client.runs.create(null, "nope", { input: {} }), "NotFoundError", 404);
    await rejectsWith(collect(client.runs.stream(thread_id, "nope", { input: {} })), "NotFoundError", 404);
    assert.deepEqual(await client.runs.list(thread_id), [], "no run was created");
  });

  test("an unknown thread is a NotFoundError (404)", async () => {
    const client = new Client({ graphs: { agent: seedAgent() } });
    const error = await rejectsWith(client.threads.get("missing"), "NotFoundError", 404);
    assert.match(error.message, /missing/);
    await rejectsWith(client.runs.wait("missing", "agent", { input: { some_text: "x" } }), "NotFoundError", 404);
    await rejectsWith(collect(client.runs.stream("missing", "agent", { input: { some_text: "x" } })), "NotFoundError", 404);
    await rejectsWith(client.threads.updateState("missing", { values: {} }), "NotFoundError", 404);
    await rejectsWith(client.runs.join("missing", "run"), "NotFoundError", 404);
  });

  test("resuming with nothing pending is a NothingToResumeError, and changes nothing", async () => {
    const client = new Client({ graphs: { agent: seedAgent() } });
    const { thread_id } = await client.threads.create();
    await client.runs.wait(thread_id, "agent", { input: { some_text: "original text" } });
    await client.runs.wait(thread_id, "agent", { command: { resume: "Edited text" } });
    const before = await client.threads.getState(thread_id);
    await rejectsWith(client.runs.wait(thread_id, "agent", { command: { resume: "again" } }), "NothingToResumeError", 409);
    const after = await client.threads.getState(thread_id);
    assert.deepEqual(after.values, { some_text: "Edited text" });
    assert.equal(after.checkpoint.checkpoint_id, before.checkpoint.checkpoint_id);
  });

  describe("a run on a busy thread, by multitask strategy", () => {
    async function busyThread() {
      const hold = heldGraph();
      const client = new Client({ graphs: { agent: hold.graph } });
      const { thread_id } = await client.threads.create();
      const first = await client.runs.create(thread_id, "agent", { input: { log: ["one"] } });
      await hold.entered(1);
      return { hold, client, thread_id, first };
    }

    test("reject (default): ThreadBusyError (422); updateState is a ConflictError (409)", async () => {
      const { hold, client, thread_id, first } = await busyThread();
      await rejectsWith(client.runs.wait(thread_id, "agent", { input: { log: ["two"] } }), "ThreadBusyError", 422);
      await rejectsWith(
        client.runs.create(thread_id, "agent", { input: { log: ["two"] }, multitaskStrategy: "reject" }),
        "ThreadBusyError",
        422,
      );
      await rejectsWith(client.threads.updateState(thread_id, { values: { log: ["x"] } }), "ConflictError", 409);
      hold.release(0, "first");
      assert.deepEqual(await client.runs.join(thread_id, first.run_id), { log: ["one", "first"] });
      assert.equal((await client.runs.list(thread_id)).length, 1);
    });

    test("interrupt: the first run ends interrupted, the second succeeds", async () => {
      const { hold, client, thread_id, first } = await busyThread();
      const second = client.runs.wait(thread_id, "agent", { input: { log: ["two"] }, multitaskStrategy: "interrupt" });
      await hold.entered(2);
      assert.equal((await client.runs.get(thread_id, first.run_id)).status, "interrupted");
      hold.release(1, "second");
      assert.deepEqual(await second, { log: ["one", "two", "second"] }, "the first run's input stays");
      hold.release(0, "first, too late");
      await settle();
      const runs = await client.runs.list(thread_id);
      assert.deepEqual(runs.map((r) => r.status).sort(), ["interrupted", "success"]);
      assert.deepEqual((await client.threads.getState(thread_id)).values, { log: ["one", "two", "second"] });
    });

    test("rollback: the first run is deleted (404) and its effects are gone", async () => {
      const { hold, client, thread_id, first } = await busyThread();
      const second = client.runs.wait(thread_id, "agent", { input: { log: ["two"] }, multitaskStrategy: "rollback" });
      await hold.entered(2);
      await rejectsWith(client.runs.get(thread_id, first.run_id), "NotFoundError", 404);
      hold.release(1, "second");
      assert.deepEqual(await second, { log: ["two", "second"] });
      const history = await client.threads.getHistory(thread_id, { limit: 100 });
      assert.ok(history.every((s) => !s.values.log?.includes("one")), "no checkpoint has the rolled-back input");
      assert.equal((await client.runs.list(thread_id)).length, 1);
    });

    test("enqueue: the second run is pending, then both succeed in order", async () => {
      const { hold, client, thread_id, first } = await busyThread();
      const second = await client.runs.create(thread_id, "agent", { input: { log: ["two"] }, multitaskStrategy: "enqueue" });
      assert.equal((await client.runs.get(thread_id, second.run_id)).status, "pending");
      hold.release(0, "first");
      await hold.entered(2);
      hold.release(1, "second");
      assert.deepEqual(await client.runs.join(thread_id, second.run_id), { log: ["one", "first", "two", "second"] });
      assert.equal((await client.runs.get(thread_id, first.run_id)).status, "success");
      assert.equal((await client.runs.get(thread_id, second.run_id)).status, "success");
    });
  });

  test("a node that throws: an error event with its own class name and message ends the stream; wait and join reject with them", async () => {
    const client = new Client({ graphs: { agent: failingGraph() } });
    const { thread_id } = await client.threads.create();
    const events = await collect(client.runs.stream(thread_id, "agent", { input: { x: 1 } }));
    assert.deepEqual(events.map((e) => e.event), ["metadata", "values", "error"]);
    const last = events.at(-1);
    assert.equal(last.id, "2");
    assert.deepEqual(last.data, { error: "CustomError", message: "Boo!" });

    const error = await rejectsWith(client.runs.wait(thread_id, "agent", { input: { x: 2 } }), "CustomError", 500);
    assert.equal(error.message, "Boo!");
    const run = await client.runs.create(thread_id, "agent", { input: { x: 3 } });
    await rejectsWith(client.runs.join(thread_id, run.run_id), "CustomError", 500);
    const replay = await collect(client.runs.joinStream(thread_id, run.run_id));
    assert.equal(replay.at(-1).event, "error");
    await rejectsWith(client.runs.wait(null, "agent", { input: { x: 4 } }), "CustomError", 500);
  });

  test("a node returning a non-JSON value is an InvalidUpdateError naming the node and the key", async () => {
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("make_fn", () => ({ x: () => 1 }))
      .addEdge(START, "make_fn")
      .compile();
    const client = new Client({ graphs: { agent: graph } });
    const { thread_id } = await client.threads.create();
    const error = await rejectsWith(client.runs.wait(thread_id, "agent", { input: { x: 0 } }), "InvalidUpdateError", 500);
    assert.match(error.message, /make_fn/);
    assert.match(error.message, /'x'/);
    assert.equal((await client.threads.get(thread_id)).status, "error");
    assert.deepEqual((await client.threads.getState(thread_id)).values, { x: 0 }, "nothing was saved from the bad update");
  });

  test("new Client: a given checkpointer holds the threads; graphs must be compiled (TypeError)", async () => {
    const checkpointer = new MemorySaver();
    const client = new Client({ graphs: { agent: seedAgent() }, checkpointer });
    const { thread_id } = await client.threads.create();
    await client.runs.wait(thread_id, "agent", { input: { some_text: "t" } });
    assert.deepEqual((await client.threads.getState(thread_id)).next, ["human_node"]);
    assert.throws(() => new Client({ graphs: { agent: new StateGraph({ channels: { x: null } }) } }), TypeError);
    // A LangGraph.js checkpointer (or anything else) is refused by name, before any thread is made.
    assert.throws(() => new Client({ graphs: { agent: seedAgent() }, checkpointer: { getTuple() {}, put() {} } }), {
      name: "GraphValidationError",
      message: /^new Client\(\{ checkpointer \}\): the checkpointer must be langgraph-wasm's MemorySaver or IndexedDBSaver; got Object/,
    });
  });
});

// -------------------------------------------------------------------------------------------------

describe("types", () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const tsc = join(root, "target/tools/node_modules/.bin/tsc");
  const declarations = join(root, "pkg/index.d.ts");

  test("@langchain/langgraph-sdk is installed for tests/js/types/client.ts", () => {
    const sdk = join(root, "target/tools/node_modules/@langchain/langgraph-sdk/package.json");
    assert.ok(
      existsSync(sdk),
      "tests/js/types/client.ts compares the Client's types with the SDK's: run `make tools` or " +
        "`npm install --prefix target/tools --no-save --no-audit --no-fund @langchain/langgraph-sdk@1.9.31`",
    );
  });

  test("pkg/index.d.ts needs no DOM or Node types (lib ES2022 only)", () => {
    assert.ok(existsSync(tsc), `TypeScript is not installed at ${tsc}: run \`make tools\``);
    assert.ok(existsSync(declarations), `${declarations} is missing: run \`make pkg\``);
    const dir = mkdtempSync(join(tmpdir(), "langgraph-wasm-nodom-"));
    try {
      writeFileSync(
        join(dir, "use.ts"),
        'import { Client, type RunPayload } from "langgraph-wasm";\n' +
          "export const payload: RunPayload = { input: null };\nexport type C = Client;\n",
      );
      const compilerOptions = {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "bundler",
        lib: ["ES2022"],
        types: [],
        skipLibCheck: false,
        paths: { "langgraph-wasm": [declarations] },
      };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["use.ts"] }));
      const result = spawnSync(tsc, ["--noEmit", "-p", dir], { encoding: "utf8" });
      assert.equal(result.status, 0, `tsc reported errors:\n${result.stdout}${result.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test("a refused request reads like the SDK's HTTP error: `HTTP <status>: <text>`, with name and status", async () => {
  const graph = new StateGraph({ channels: { x: null } })
    .addNode("a", () => ({ x: 1 }))
    .addEdge(START, "a")
    .compile();
  const client = new Client({ graphs: { agent: graph } });
  await assert.rejects(client.threads.get("missing"), (error) => {
    assert.equal(error.name, "NotFoundError");
    assert.equal(error.status, 404);
    assert.match(error.message, /^HTTP 404: Thread with ID missing not found$/);
    return true;
  });
});
