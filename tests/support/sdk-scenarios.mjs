// The real `@langchain/langgraph-sdk` Client (1.9.31 and 1.15.0, from target/tools) driving the
// engine through the HTTP API: the seed's JavaScript examples verbatim, then threads, state,
// history, every stream mode we make, create/join, cancel, multitask strategies, the store,
// errors and their statuses, the SDK's concurrency limit, and assistants. The same scenarios
// run through `createFetch` (tests/js/http.test.mjs) and through `serve()` on loopback
// (tests/js/http-serve.test.mjs), once per SDK version: `suite(name, connect)` takes how to
// reach a Client.
//
// Runs are held in flight by nodes that await a promise the test resolves.
import { describe, test, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

import { StateGraph, START } from "../../pkg/index.node.js";
import { agent as seedAgent, breakpoints, stepsGraph } from "../../examples/graphs.mjs";
import { seedExamples } from "./seed.mjs";
import { deferred, collect, rejection } from "./promises.mjs";

const require = createRequire(new URL("../../target/tools/package.json", import.meta.url));
/** The SDK versions the scenarios run on (1.15.0 is installed under an alias, see the Makefile). */
export const SDKS = [
  ["1.9.31", (await import(require.resolve("@langchain/langgraph-sdk"))).Client],
  ["1.15.0", (await import(require.resolve("langgraph-sdk-1.15.0"))).Client],
];
const { Client: SdkClient } = await import(require.resolve("@langchain/langgraph-sdk"));

const INTERRUPT_ID = /^[0-9a-f]{32}$/;

/** The SDK's HTTPError: `HTTP <status>: {"error": <name>, "message": …}`. */
async function refused(promise, status, name) {
  const error = await rejection(promise);
  assert.equal(error.status, status, error.message);
  assert.ok(error.message.startsWith(`HTTP ${status}: `), error.message);
  const body = JSON.parse(error.message.slice(`HTTP ${status}: `.length));
  assert.equal(body.error, name, error.message);
  return body;
}

/** Polls `check` (a bounded number of times, yielding between tries) until it returns true. */
async function eventually(check, what) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`never happened: ${what}`);
}

/** A graph whose node waits for `gate.promise` (replace `gate` to hold the next run). */
export function gatedAgent(gates) {
  return new StateGraph({ channels: { log: "append" } })
    .addNode("slow", async (state, runtime) => {
      runtime.writer({ waiting: state.log.length });
      await gates.current.promise;
      return { log: [`slow:${state.log.join(",")}`] };
    })
    .addEdge(START, "slow")
    .compile();
}

function failingAgent() {
  return new StateGraph({ channels: { x: null } })
    .addNode("boom", () => {
      const error = new Error("Boo!");
      error.name = "CustomError";
      throw error;
    })
    .addEdge(START, "boom")
    .compile();
}

/**
 * Runs a seed JavaScript example verbatim: its `import { Client } …` line is supplied, and its
 * `new Client({ apiUrl: <DEPLOYMENT_URL> })` becomes `new Client({ apiUrl, callerOptions })`.
 * Free names of fragments (`input`, `threadID`, …) come from `scope`. Returns what it logged.
 */
async function runSeedExample(code, { apiUrl, callerOptions, Sdk }, scope = {}) {
  const IMPORT = 'import { Client } from "@langchain/langgraph-sdk";\n';
  const NEW_CLIENT = "new Client({ apiUrl: <DEPLOYMENT_URL> })";
  let body = code;
  if (body.startsWith(IMPORT)) body = body.slice(IMPORT.length);
  if (body.includes(NEW_CLIENT)) body = body.replace(NEW_CLIENT, "new Client({ apiUrl, callerOptions })");
  assert.ok(!body.includes("<DEPLOYMENT_URL>") && !body.includes("import "), body);
  const logged = [];
  const console = { log: (...values) => logged.push(values.length === 1 ? values[0] : values) };
  const names = ["Client", "apiUrl", "callerOptions", "console", ...Object.keys(scope)];
  const AsyncFunction = (async () => {}).constructor;
  await new AsyncFunction(...names, body)(Sdk ?? SdkClient, apiUrl, callerOptions, console, ...Object.values(scope));
  return logged;
}

/**
 * Registers the scenarios. `connect(graphs)` resolves to `{ apiUrl, callerOptions, close }` for a
 * new langgraph-wasm Client over `graphs`, reached the way the suite tests.
 */
export function suite(name, connect) {
  for (const [version, Sdk] of SDKS) suiteOn(`${name} (SDK ${version})`, connect, Sdk);
}

function suiteOn(name, connect, SdkClient) {
  const open = [];
  after(() => Promise.all(open.map((c) => c.close?.())));
  async function sdkFor(graphs, options = {}) {
    const connection = { ...(await connect(graphs)) };
    open.push(connection);
    const sdk = new SdkClient({
      apiUrl: connection.apiUrl,
      callerOptions: { maxRetries: 0, ...connection.callerOptions },
      ...options,
    });
    return { sdk, connection: { ...connection, Sdk: SdkClient } };
  }

  describe(`${name}: the seed's JavaScript examples, verbatim`, () => {
    const [dynamic, runtimeBreakpoints, staticExample] = seedExamples("js");

    test("dynamic interrupt: runs.wait returns __interrupt__, a resume command finishes", async () => {
      const { connection } = await sdkFor({ agent: seedAgent });
      const logged = await runSeedExample(dynamic, connection);
      assert.equal(logged.length, 2);
      const [interrupts, resumed] = logged;
      assert.equal(interrupts.length, 1);
      assert.deepEqual(interrupts[0].value, { text_to_revise: "original text" });
      assert.match(interrupts[0].id, INTERRUPT_ID);
      assert.deepEqual(resumed, { some_text: "Edited text" });
    });

    test("static interrupts: the complete example pauses before node_a, then after node_b", async () => {
      const { sdk, connection } = await sdkFor({ agent: breakpoints });
      const before = await sdk.threads.search();
      await runSeedExample(staticExample, connection, { input: { trace: "start" } });
      const [thread] = (await sdk.threads.search()).filter((t) => !before.some((b) => b.thread_id === t.thread_id));
      assert.equal(thread.status, "interrupted");
      const state = await sdk.threads.getState(thread.thread_id);
      assert.deepEqual(state.values, { trace: "start|node_a|node_b" });
      assert.deepEqual(state.next, ["node_c"]);
    });

    test("static interrupts set per run (interruptBefore/interruptAfter on runs.wait)", async () => {
      const { sdk, connection } = await sdkFor({ agent: stepsGraph() });
      const client = sdk;
      const thread = await client.threads.create();
      const scope = { client, threadID: thread.thread_id, assistantID: "agent", input: { trace: "start" } };
      await runSeedExample(runtimeBreakpoints, connection, scope);
      let state = await sdk.threads.getState(thread.thread_id);
      assert.deepEqual(state.next, ["node_a"]);
      await runSeedExample(runtimeBreakpoints, connection, { ...scope, input: null });
      state = await sdk.threads.getState(thread.thread_id);
      assert.deepEqual(state.values, { trace: "start|node_a|node_b" });
      assert.deepEqual(state.next, ["node_c"]);
    });
  });

  describe(`${name}: threads`, () => {
    test("create, get, update (metadata merges), search, count, copy, delete", async () => {
      const { sdk } = await sdkFor({ agent: stepsGraph() });
      const a = await sdk.threads.create({ metadata: { owner: "ann" } });
      const b = await sdk.threads.create({ threadId: "thread-b", metadata: { owner: "bob" }, graphId: "agent" });
      assert.equal(b.thread_id, "thread-b");
      assert.deepEqual(b.metadata, { owner: "bob", graph_id: "agent" });
      assert.equal((await sdk.threads.create({ threadId: "thread-b", ifExists: "do_nothing" })).thread_id, "thread-b");
      await refused(sdk.threads.create({ threadId: "thread-b" }), 409, "ConflictError");

      assert.deepEqual(await sdk.threads.get(a.thread_id), a);
      const updated = await sdk.threads.update(a.thread_id, { metadata: { tag: "x" } });
      assert.deepEqual(updated.metadata, { owner: "ann", tag: "x" });

      assert.deepEqual((await sdk.threads.search({ metadata: { owner: "bob" } })).map((t) => t.thread_id), ["thread-b"]);
      const newestFirst = (await sdk.threads.search()).map((t) => t.thread_id);
      assert.deepEqual(newestFirst, ["thread-b", a.thread_id]);
      const oldestFirst = await sdk.threads.search({ sortOrder: "asc", limit: 1 });
      assert.deepEqual(oldestFirst.map((t) => t.thread_id), [a.thread_id]);
      assert.equal(await sdk.threads.count(), 2);
      assert.equal(await sdk.threads.count({ metadata: { owner: "ann" } }), 1);

      await sdk.runs.wait("thread-b", "agent", { input: { trace: "b" } });
      const copy = await sdk.threads.copy("thread-b");
      assert.notEqual(copy.thread_id, "thread-b");
      const original = await sdk.threads.getState("thread-b");
      const copied = await sdk.threads.getState(copy.thread_id);
      assert.deepEqual(copied.values, original.values);
      assert.equal(copied.checkpoint.thread_id, copy.thread_id);
      await sdk.threads.updateState(copy.thread_id, { values: { trace: "copy only" }, asNode: "node_c" });
      assert.deepEqual((await sdk.threads.getState("thread-b")).values, original.values);

      await sdk.threads.delete(a.thread_id);
      await refused(sdk.threads.get(a.thread_id), 404, "NotFoundError");
    });

    test("state and history: newest first, at a checkpoint, updates, metadata filter", async () => {
      const { sdk } = await sdkFor({ agent: stepsGraph() });
      const { thread_id } = await sdk.threads.create();
      await sdk.runs.wait(thread_id, "agent", { input: { trace: "h" } });
      const history = await sdk.threads.getHistory(thread_id);
      assert.equal(history.length, 5);
      assert.deepEqual(history[0].values, { trace: "h|node_a|node_b|node_c" });
      assert.deepEqual(history[4].next, ["__start__"]);
      assert.deepEqual((await sdk.threads.getHistory(thread_id, { limit: 2 })).length, 2);
      const older = await sdk.threads.getState(thread_id, history[2].checkpoint);
      assert.deepEqual(older.values, history[2].values);
      assert.deepEqual(older.next, history[2].next);

      const saved = await sdk.threads.updateState(thread_id, { values: { trace: "edited" }, asNode: "node_c" });
      assert.equal(saved.checkpoint.thread_id, thread_id);
      const state = await sdk.threads.getState(thread_id);
      assert.deepEqual(state.values, { trace: "edited" });
      assert.equal(state.metadata.source, "update");
      const updates = await sdk.threads.getHistory(thread_id, { metadata: { source: "update" } });
      assert.deepEqual(updates.map((s) => s.values), [{ trace: "edited" }]);
    });
  });

  describe(`${name}: runs`, () => {
    test("stream: metadata first, then each mode's events, with ids on thread runs", async () => {
      const gates = { current: deferred() };
      gates.current.resolve();
      const { sdk } = await sdkFor({ steps: stepsGraph(), gated: gatedAgent(gates) });
      const { thread_id } = await sdk.threads.create();
      const modes = ["values", "updates", "tasks", "checkpoints", "debug"];
      const events = await collect(sdk.runs.stream(thread_id, "steps", { input: { trace: "s" }, streamMode: modes }));
      assert.equal(events[0].event, "metadata");
      assert.deepEqual(Object.keys(events[0].data).sort(), ["attempt", "run_id"]);
      assert.deepEqual(events.map((e) => e.id), events.map((_, i) => String(i)));
      assert.deepEqual(new Set(events.map((e) => e.event)), new Set(["metadata", ...modes]));
      assert.deepEqual(
        events.filter((e) => e.event === "updates").map((e) => Object.keys(e.data)[0]),
        ["node_a", "node_b", "node_c"],
      );
      assert.deepEqual(events.filter((e) => e.event === "values").at(-1).data, { trace: "s|node_a|node_b|node_c" });
      const taskStart = events.find((e) => e.event === "tasks").data;
      assert.equal(taskStart.name, "node_a");
      const debugTypes = new Set(events.filter((e) => e.event === "debug").map((e) => e.data.type));
      assert.ok(debugTypes.has("checkpoint"), [...debugTypes].join());
      assert.ok(events.filter((e) => e.event === "checkpoints").every((e) => "values" in e.data && "next" in e.data));

      const custom = await collect(sdk.runs.stream(null, "gated", { input: { log: [] }, streamMode: "custom" }));
      assert.deepEqual(custom.map((e) => [e.event, e.data, e.id]), [
        ["metadata", custom[0].data, undefined],
        ["custom", { waiting: 0 }, undefined],
      ]);
    });

    test("stream a resume: the interrupt's values, then the resumed run's", async () => {
      const { sdk } = await sdkFor({ agent: seedAgent });
      const { thread_id } = await sdk.threads.create();
      const first = await collect(sdk.runs.stream(thread_id, "agent", { input: { some_text: "a" } }));
      const paused = first.at(-1).data;
      assert.deepEqual(paused.__interrupt__[0].value, { text_to_revise: "a" });
      const thread = await sdk.threads.get(thread_id);
      assert.equal(thread.status, "interrupted");
      assert.deepEqual(Object.values(thread.interrupts)[0][0].id, paused.__interrupt__[0].id);
      const second = await collect(sdk.runs.stream(thread_id, "agent", { command: { resume: "b" } }));
      assert.deepEqual(second.at(-1), { id: String(second.length - 1), event: "values", data: { some_text: "b" } });
    });

    test("create + join, joinStream from lastEventId -1, onRunCreated, list and get", async () => {
      const { sdk } = await sdkFor({ steps: stepsGraph() });
      const { thread_id } = await sdk.threads.create();
      let created;
      const run = await sdk.runs.create(thread_id, "steps", {
        input: { trace: "j" },
        streamMode: ["updates"],
        onRunCreated: (meta) => (created = meta),
      });
      assert.deepEqual(created, { run_id: run.run_id, thread_id });
      assert.deepEqual(await sdk.runs.join(thread_id, run.run_id), { trace: "j|node_a|node_b|node_c" });
      const replay = await collect(sdk.runs.joinStream(thread_id, run.run_id, { lastEventId: "-1" }));
      assert.deepEqual(replay.map((e) => e.event), ["metadata", "updates", "updates", "updates"]);
      const rest = await collect(sdk.runs.joinStream(thread_id, run.run_id, { lastEventId: "1" }));
      assert.deepEqual(rest, replay.slice(2));
      assert.equal((await sdk.runs.get(thread_id, run.run_id)).status, "success");
      const listed = await sdk.runs.list(thread_id);
      assert.deepEqual(listed.map((r) => r.run_id), [run.run_id]);

      let streamed;
      await collect(sdk.runs.stream(null, "steps", { input: { trace: "x" }, onRunCreated: (m) => (streamed = m) }));
      assert.equal(typeof streamed.run_id, "string");
      assert.equal(streamed.thread_id, undefined, "a stateless run has no thread");
    });

    test("cancel: 202 at once or after the run ends with wait; the run ends interrupted", async () => {
      const gates = { current: deferred() };
      const { sdk } = await sdkFor({ agent: gatedAgent(gates) });
      const { thread_id } = await sdk.threads.create();
      const run = await sdk.runs.create(thread_id, "agent", { input: { log: [] } });
      await eventually(async () => (await sdk.runs.get(thread_id, run.run_id)).status === "running", "run starts");
      assert.equal((await sdk.threads.get(thread_id)).status, "busy");
      await refused(sdk.threads.updateState(thread_id, { values: { log: ["x"] } }), 409, "ConflictError");
      await sdk.runs.cancel(thread_id, run.run_id, true);
      assert.equal((await sdk.runs.get(thread_id, run.run_id)).status, "interrupted");
      assert.equal((await sdk.threads.get(thread_id)).status, "idle");
      gates.current.resolve();
    });

    test("multitask strategies: reject 422, interrupt, rollback, enqueue", async () => {
      const gates = { current: deferred() };
      const { sdk } = await sdkFor({ agent: gatedAgent(gates) });
      const { thread_id } = await sdk.threads.create();
      const start = (log, multitaskStrategy) => sdk.runs.create(thread_id, "agent", { input: { log }, multitaskStrategy });
      const status = async (run) => (await sdk.runs.get(thread_id, run.run_id)).status;

      const first = await start(["1"]);
      await eventually(async () => (await status(first)) === "running", "first run starts");
      const busy = await refused(start(["2"]), 422, "ThreadBusyError");
      assert.match(busy.message, /^Thread is already running a task/);

      const second = await start(["2"], "interrupt");
      assert.equal(await status(first), "interrupted");
      const third = await start(["3"], "rollback");
      await refused(sdk.runs.get(thread_id, second.run_id), 404, "NotFoundError");
      const fourth = await start(["4"], "enqueue");
      assert.equal(await status(fourth), "pending");
      gates.current.resolve();
      const out = await sdk.runs.join(thread_id, fourth.run_id);
      assert.equal(await status(third), "success");
      // The interrupted run's input stays; the rolled-back run left nothing.
      assert.deepEqual(out.log, ["1", "3", "slow:1,3", "4", "slow:1,3,slow:1,3,4"]);
    });

    test("a run that throws: wait rejects with its error, stream ends with an error event", async () => {
      const { sdk } = await sdkFor({ agent: failingAgent() });
      const { thread_id } = await sdk.threads.create();
      const error = await rejection(sdk.runs.wait(thread_id, "agent", { input: { x: 1 } }));
      assert.equal(error.message, "CustomError: Boo!");
      assert.equal((await sdk.threads.get(thread_id)).status, "error");
      const events = await collect(sdk.runs.stream(null, "agent", { input: { x: 1 } }));
      assert.deepEqual(events.at(-1).event, "error");
      assert.deepEqual(events.at(-1).data, { error: "CustomError", message: "Boo!" });
    });

    test("waits in flight do not hold the SDK's 4 request slots", async () => {
      const gates = { current: deferred() };
      const { sdk } = await sdkFor({ agent: gatedAgent(gates) });
      const threads = await Promise.all([1, 2, 3, 4, 5].map(() => sdk.threads.create()));
      const waits = threads.map((t) => sdk.runs.wait(t.thread_id, "agent", { input: { log: [] } }));
      // With 5 waits in flight, other calls still get through.
      assert.equal((await sdk.threads.search({ limit: 10 })).length, 5);
      await eventually(async () => (await sdk.threads.search({ status: "busy" })).length === 5, "all runs start");
      gates.current.resolve();
      for (const out of await Promise.all(waits)) assert.deepEqual(out, { log: ["slow:"] });
    });

    test("aborting a stream with onDisconnect: cancel cancels its run", async () => {
      const gates = { current: deferred() };
      const { sdk } = await sdkFor({ agent: gatedAgent(gates) });
      const { thread_id } = await sdk.threads.create();
      const controller = new AbortController();
      const seen = [];
      const reading = (async () => {
        for await (const part of sdk.runs.stream(thread_id, "agent", {
          input: { log: [] },
          streamMode: "custom",
          onDisconnect: "cancel",
          signal: controller.signal,
        })) {
          seen.push(part);
          if (part.event === "custom") controller.abort();
        }
      })();
      await reading.catch(() => {});
      assert.deepEqual(seen.map((p) => p.event), ["metadata", "custom"]);
      const runId = seen[0].data.run_id;
      await eventually(async () => (await sdk.runs.get(thread_id, runId)).status === "interrupted", "run cancelled");
      gates.current.resolve();
    });
  });

  describe(`${name}: assistants, store, errors`, () => {
    test("assistants: by graph id or id, search, count, graph, schemas", async () => {
      const { sdk } = await sdkFor({ agent: seedAgent });
      const assistant = await sdk.assistants.get("agent");
      assert.equal(assistant.graph_id, "agent");
      assert.deepEqual(await sdk.assistants.get(assistant.assistant_id), assistant);
      assert.deepEqual(await sdk.assistants.search({ graphId: "agent" }), [assistant]);
      assert.equal(await sdk.assistants.count(), 1);
      const graph = await sdk.assistants.getGraph("agent");
      assert.ok(graph.nodes.some((n) => n.id === "human_node"));
      const schemas = await sdk.assistants.getSchemas("agent");
      assert.ok("some_text" in schemas.state_schema.properties);
      const body = await refused(sdk.assistants.get("ghost"), 404, "NotFoundError");
      assert.equal(body.message, "Assistant not found");
    });

    // The reference server's API tests ("assistants › create read update delete", "get assistant
    // versions", "set latest version", "delete assistant and threads"), in our words.
    test("assistants: create, update into versions, setLatest, delete with its threads", async () => {
      const { sdk } = await sdkFor({ agent: seedAgent });
      const config = { configurable: { model_name: "gpt" } };
      let made = await sdk.assistants.create({ graphId: "agent", config, description: "foo" });
      assert.deepEqual([made.graph_id, made.config, made.description, made.version], ["agent", config, "foo", 1]);
      await sdk.assistants.update(made.assistant_id, { graphId: "agent", metadata: { name: "woof" }, description: "bar" });
      made = await sdk.assistants.get(made.assistant_id);
      assert.deepEqual([made.config, made.metadata, made.description], [config, { name: "woof" }, "bar"]);
      await sdk.assistants.update(made.assistant_id, { config: { configurable: { foo: "bar" } } });
      const versions = await sdk.assistants.getVersions(made.assistant_id);
      assert.deepEqual(versions.map((v) => v.version), [3, 2, 1]);
      assert.deepEqual((await sdk.assistants.getVersions(made.assistant_id, { limit: 1 })).map((v) => v.version), [3]);
      assert.deepEqual((await sdk.assistants.getVersions(made.assistant_id, { offset: 2 })).map((v) => v.version), [1]);
      assert.equal((await sdk.assistants.setLatest(made.assistant_id, 1)).version, 1);
      assert.equal((await sdk.assistants.update(made.assistant_id, {})).version, 4);
      await refused(sdk.assistants.setLatest(made.assistant_id, 9), 404, "NotFoundError");

      const thread = await sdk.threads.create({ metadata: { name: "test_thread", assistant_id: made.assistant_id } });
      await sdk.assistants.delete(made.assistant_id, { deleteThreads: true });
      await refused(sdk.assistants.get(made.assistant_id), 404, "NotFoundError");
      await refused(sdk.threads.get(thread.thread_id), 404, "NotFoundError");
      await refused(sdk.assistants.getVersions(made.assistant_id), 404, "NotFoundError");

      const named = await sdk.assistants.create({ graphId: "agent", name: "woof" });
      const found = (await sdk.assistants.search({ graphId: "agent", limit: 100 })).filter((a) => a.name === "woof");
      assert.deepEqual(found.map((a) => a.assistant_id), [named.assistant_id]);
      assert.equal((await sdk.assistants.search({ metadata: { created_by: "system" } })).length, 1);
      assert.equal(await sdk.assistants.count({ graphId: "agent" }), 2);
    });

    test("assistants: runs inherit an assistant's context (the runtime API test)", async () => {
      const graph = new StateGraph({ channels: { model: null } })
        .addNode("pick", (_, { context }) => ({ model: context?.model ?? "unknown" }))
        .addEdge(START, "pick")
        .compile();
      const { sdk } = await sdkFor({ simple_runtime: graph });
      assert.deepEqual(await sdk.runs.wait(null, "simple_runtime", { input: {} }), { model: "unknown" });
      const assistant = await sdk.assistants.create({ graphId: "simple_runtime", context: { model: "anthropic" } });
      assert.deepEqual(await sdk.runs.wait(null, assistant.assistant_id, { input: {} }), { model: "anthropic" });
      await sdk.assistants.update(assistant.assistant_id, { context: { model: "openai" } });
      assert.deepEqual(await sdk.runs.wait(null, assistant.assistant_id, { input: {} }), { model: "openai" });
      const thread = await sdk.threads.create();
      assert.deepEqual(await sdk.runs.wait(thread.thread_id, assistant.assistant_id, { input: {}, context: { model: "x" } }), {
        model: "x",
      });
    });

    test("errors: a node's error streams under its own class name; getSubgraphs recurses", async () => {
      const { sdk } = await sdkFor({ error: failingAgent() });
      const { thread_id } = await sdk.threads.create();
      const stream = await collect(sdk.runs.stream(thread_id, "error", { input: {}, streamMode: ["debug", "events"] }));
      assert.deepEqual(stream.at(-1).data, { error: "CustomError", message: "Boo!" });
      await assert.rejects(sdk.runs.wait(thread_id, "error", { input: {} }), /CustomError: Boo!/);
      assert.equal((await sdk.threads.get(thread_id)).status, "error");
      const leaf = new StateGraph({ channels: { child: null } }).addNode("leaf", () => ({})).addEdge(START, "leaf").compile();
      const middle = new StateGraph({ channels: { parent: null } }).addNode("p_two", leaf).addEdge(START, "p_two").compile();
      const root = new StateGraph({ channels: { m: null } }).addNode("gp_two", middle).addEdge(START, "gp_two").compile();
      const { sdk: nested } = await sdkFor({ nested: root });
      assert.deepEqual(Object.keys(await nested.assistants.getSubgraphs("nested")), ["gp_two"]);
      assert.deepEqual(Object.keys(await nested.assistants.getSubgraphs("nested", { recurse: true })), ["gp_two", "gp_two|p_two"]);
    });

    test("store: put, get, search, list namespaces, delete", async () => {
      const { sdk } = await sdkFor({ agent: seedAgent });
      await sdk.store.putItem(["users", "ann"], "prefs", { theme: "dark" });
      await sdk.store.putItem(["users", "bob"], "prefs", { theme: "light" });
      const item = await sdk.store.getItem(["users", "ann"], "prefs");
      assert.deepEqual(item.value, { theme: "dark" });
      assert.equal(item.createdAt, item.created_at);
      assert.equal(await sdk.store.getItem(["users", "zed"], "prefs"), null);
      const { items } = await sdk.store.searchItems(["users"], { filter: { theme: "light" } });
      assert.deepEqual(items.map((i) => i.namespace), [["users", "bob"]]);
      const { namespaces } = await sdk.store.listNamespaces({ prefix: ["users"] });
      assert.deepEqual(namespaces, [["users", "ann"], ["users", "bob"]]);
      await sdk.store.deleteItem(["users", "ann"], "prefs");
      assert.equal(await sdk.store.getItem(["users", "ann"], "prefs"), null);
      await refused(sdk.store.putItem(["langgraph"], "k", { a: 1 }), 422, "UnprocessableEntityError");
    });

    test("errors: 404 unknown assistant or thread, 422 bad run, 404 unknown route", async () => {
      const { sdk } = await sdkFor({ agent: seedAgent });
      const { thread_id } = await sdk.threads.create();
      const body = await refused(sdk.runs.wait(thread_id, "ghost", { input: {} }), 404, "NotFoundError");
      assert.match(body.message, /ghost/);
      await refused(collect(sdk.runs.stream(thread_id, "ghost", { input: {} })), 404, "NotFoundError");
      await refused(sdk.threads.get("ghost-thread"), 404, "NotFoundError");
      await refused(sdk.runs.wait("ghost-thread", "agent", { input: {} }), 404, "NotFoundError");
      await refused(
        sdk.runs.create(thread_id, "agent", { input: {}, multitaskStrategy: "shove" }),
        422,
        "UnprocessableEntityError",
      );
      await refused(sdk.crons.create("agent", { schedule: "* * * * *" }), 404, "NotFoundError");
      // Resuming with nothing pending is refused before any run is recorded.
      await refused(sdk.runs.wait(thread_id, "agent", { command: { resume: "x" } }), 409, "NothingToResumeError");
      assert.deepEqual(await sdk.runs.list(thread_id), []);
      assert.equal((await sdk.threads.get(thread_id)).status, "idle");
    });
  });
}
