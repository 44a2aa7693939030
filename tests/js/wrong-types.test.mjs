// Every exported function and method, called with a wrong type in each argument position
// (a number, an object, null, undefined, a symbol, and a Proxy whose traps throw), while the
// other arguments are right. Whatever each does — go on, throw, or reject — it must be with an
// ordinary named error: never a wasm trap (`RuntimeError: unreachable`, `memory access out of
// bounds`), which would kill the module for every later call. After each group the seed flow
// must still run, so a trap anywhere shows up.
import { describe, test } from "node:test";
import assert from "node:assert/strict";

import {
  Client,
  Command,
  CompiledStateGraph,
  IndexedDBSaver,
  MemorySaver,
  Send,
  StateGraph,
  START,
  END,
  createFetch,
  interrupt,
} from "../../pkg/index.node.js";
import { serve } from "../../pkg/node.js";

const hostile = new Proxy({}, {
  get() { throw new Error("trap"); },
  ownKeys() { throw new Error("trap"); },
  getPrototypeOf() { throw new Error("trap"); },
  has() { throw new Error("trap"); },
});
const WRONG = [["a number", 42], ["an object", {}], ["null", null], ["undefined", undefined], ["a symbol", Symbol("x")], ["a throwing Proxy", hostile]];

function seedGraph(checkpointer) {
  return new StateGraph({ channels: { some_text: null } })
    .addNode("human_node", (state) => ({ some_text: interrupt({ text_to_revise: state.some_text }) }))
    .addEdge(START, "human_node")
    .compile(checkpointer ? { checkpointer } : {});
}

async function seedStillRuns() {
  const client = new Client({ graphs: { agent: seedGraph() } });
  const { thread_id } = await client.threads.create();
  const paused = await client.runs.wait(thread_id, "agent", { input: { some_text: "original text" } });
  assert.equal(paused.__interrupt__.length, 1);
  assert.deepEqual(await client.runs.wait(thread_id, "agent", { command: { resume: "Edited text" } }), {
    some_text: "Edited text",
  });
}

/** Calls `call()`, pulling one item if it returns an async iterator; resolves to the error, if any. */
async function outcome(call) {
  try {
    const result = call();
    if (result && typeof result.next === "function" && typeof result[Symbol.asyncIterator] === "function") {
      await result.next();
      await result.return?.();
    } else {
      await result;
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

function assertOrdinary(error, label) {
  if (error === undefined) return;
  assert.ok(error instanceof Error, `${label}: threw a non-Error ${String(error)}`);
  assert.notEqual(error.name, "RuntimeError", `${label}: a wasm trap: ${error.message}`);
  assert.doesNotMatch(error.message, /unreachable|memory access out of bounds|recursive use of an object/, label);
}

/**
 * `[name, valid args, (args) => call]`: each method with arguments that work, so that only the
 * argument under test is wrong.
 */
function methods() {
  const graph = seedGraph(new MemorySaver());
  const config = { configurable: { thread_id: "wrong-types" } };
  const client = new Client({ graphs: { agent: seedGraph() } });
  const saver = new MemorySaver();
  const fetchFn = createFetch(client);
  const checkpoint = { v: 4, id: "1ef4f797-8335-6428-8001-8a1503f9b875", ts: "2026-01-01T00:00:00.000Z", channel_values: {}, channel_versions: {}, versions_seen: {} };
  return [
    ["new Send", ["node", { a: 1 }], (a) => new Send(...a)],
    ["new Command", [{ resume: 1 }], (a) => new Command(...a)],
    ["interrupt (outside a node)", [{ q: 1 }], (a) => interrupt(...a)],
    ["new StateGraph", [{ channels: { a: null } }], (a) => new StateGraph(...a)],
    ["StateGraph#addNode", ["n", () => ({}), {}], (a) => new StateGraph({ channels: { a: null } }).addNode(...a)],
    ["StateGraph#addNode (retry policy)", ["n", () => ({}), { retryPolicy: { initialInterval: 1, maxInterval: 2, backoffFactor: 2, maxAttempts: 2 } }], (a) => new StateGraph({ channels: { a: null } }).addNode(...a)],
    ["StateGraph#addNode (retry intervals)", [Infinity, 1e300], ([initialInterval, maxInterval]) => new StateGraph({ channels: { a: null } }).addNode("n", () => ({}), { retryPolicy: { initialInterval, maxInterval } })],
    ["StateGraph#addEdge", [START, "n"], (a) => new StateGraph({ channels: { a: null } }).addNode("n", () => ({})).addEdge(...a)],
    ["StateGraph#addConditionalEdges", ["n", () => END, [END]], (a) => new StateGraph({ channels: { a: null } }).addNode("n", () => ({})).addConditionalEdges(...a)],
    ["StateGraph#addSequence", [[["n", () => ({})]]], (a) => new StateGraph({ channels: { a: null } }).addSequence(...a)],
    ["StateGraph#compile", [{ interruptBefore: [], name: "g" }], (a) => new StateGraph({ channels: { a: null } }).addNode("n", () => ({})).addEdge(START, "n").compile(...a)],
    ["CompiledStateGraph#invoke", [{ some_text: "x" }, config], (a) => graph.invoke(...a)],
    ["CompiledStateGraph#stream", [{ some_text: "x" }, config], (a) => graph.stream(...a)],
    ["CompiledStateGraph#getState", [config, {}], (a) => graph.getState(...a)],
    ["CompiledStateGraph#updateState", [config, { some_text: "y" }, "human_node"], (a) => graph.updateState(...a)],
    ["CompiledStateGraph#getStateHistory", [config, { limit: 2 }], (a) => graph.getStateHistory(...a)],
    ["CompiledStateGraph#getGraph", [], () => graph.getGraph()],
    ["new CompiledStateGraph", [graph._handle], (a) => new CompiledStateGraph(...a).drawMermaid()],
    ["new MemorySaver", [{}], (a) => new MemorySaver(...a)],
    ["new IndexedDBSaver", [{ name: "db" }], (a) => new IndexedDBSaver(...a)],
    ["MemorySaver#getTuple", [config], (a) => saver.getTuple(...a)],
    ["MemorySaver#list", [config, { limit: 1 }], (a) => saver.list(...a)],
    ["MemorySaver#put", [config, checkpoint, { source: "input", step: -1, parents: {} }, {}], (a) => saver.put(...a)],
    ["MemorySaver#putWrites", [{ configurable: { ...config.configurable, checkpoint_id: checkpoint.id } }, [["a", 1]], "task"], (a) => saver.putWrites(...a)],
    ["MemorySaver#deleteThread", ["t"], (a) => saver.deleteThread(...a)],
    ["MemorySaver#getNextVersion", [1], (a) => saver.getNextVersion(...a)],
    ["new Client", [{ graphs: { agent: graph } }], (a) => new Client(...a)],
    ["Client#onThreadChange", [() => {}], (a) => client.onThreadChange(...a)],
    ["assistants.get", ["agent"], (a) => client.assistants.get(...a)],
    ["assistants.search", [{ limit: 1 }], (a) => client.assistants.search(...a)],
    ["assistants.getGraph", ["agent"], (a) => client.assistants.getGraph(...a)],
    ["assistants.getSchemas", ["agent"], (a) => client.assistants.getSchemas(...a)],
    ["assistants.getSubgraphs", ["agent"], (a) => client.assistants.getSubgraphs(...a)],
    ["assistants.getSubgraphs (options)", ["agent", { namespace: "x", recurse: true }], (a) => client.assistants.getSubgraphs(...a)],
    ["assistants.create", [{ graphId: "agent", config: {}, context: {}, metadata: {} }], (a) => client.assistants.create(...a)],
    ["assistants.update", ["agent", { metadata: { a: 1 } }], (a) => client.assistants.update(...a)],
    ["assistants.delete", ["nope", { deleteThreads: true }], (a) => client.assistants.delete(...a)],
    ["assistants.count", [{ graphId: "agent" }], (a) => client.assistants.count(...a)],
    ["assistants.getVersions", ["agent", { limit: 1 }], (a) => client.assistants.getVersions(...a)],
    ["assistants.setLatest", ["agent", 1], (a) => client.assistants.setLatest(...a)],
    ["new Client (graph entries)", [{ graphs: { a: { graph, config: {}, context: {} }, b: () => graph } }], (a) => new Client(...a)],
    ["new StateGraph (schemas)", [{ channels: { a: { schema: {} } }, contextSchema: {}, configSchema: {} }], (a) => new StateGraph(...a)],
    ["threads.create", [{ metadata: {} }], (a) => client.threads.create(...a)],
    ["threads.get", ["t"], (a) => client.threads.get(...a)],
    ["threads.update", ["t", { metadata: {} }], (a) => client.threads.update(...a)],
    ["threads.delete", ["t"], (a) => client.threads.delete(...a)],
    ["threads.search", [{ limit: 1 }], (a) => client.threads.search(...a)],
    ["threads.copy", ["t"], (a) => client.threads.copy(...a)],
    ["threads.getState", ["t", undefined, {}], (a) => client.threads.getState(...a)],
    ["threads.updateState", ["t", { values: {} }], (a) => client.threads.updateState(...a)],
    ["threads.getHistory", ["t", { limit: 1 }], (a) => client.threads.getHistory(...a)],
    ["runs.create", [null, "agent", { input: { some_text: "x" } }], (a) => client.runs.create(...a)],
    ["runs.wait", [null, "agent", { input: { some_text: "x" } }], (a) => client.runs.wait(...a)],
    ["runs.stream", [null, "agent", { input: { some_text: "x" } }], (a) => client.runs.stream(...a)],
    ["runs.join", ["t", "r"], (a) => client.runs.join(...a)],
    ["runs.joinStream", ["t", "r", {}], (a) => client.runs.joinStream(...a)],
    ["runs.get", ["t", "r"], (a) => client.runs.get(...a)],
    ["runs.list", ["t", { limit: 1 }], (a) => client.runs.list(...a)],
    ["runs.cancel", ["t", "r", false, "interrupt"], (a) => client.runs.cancel(...a)],
    ["runs.delete", ["t", "r"], (a) => client.runs.delete(...a)],
    ["store.putItem", [["a"], "k", { v: 1 }], (a) => client.store.putItem(...a)],
    ["store.getItem", [["a"], "k"], (a) => client.store.getItem(...a)],
    ["store.deleteItem", [["a"], "k"], (a) => client.store.deleteItem(...a)],
    ["store.searchItems", [["a"], { limit: 1 }], (a) => client.store.searchItems(...a)],
    ["store.listNamespaces", [{ limit: 1 }], (a) => client.store.listNamespaces(...a)],
    ["createFetch", [client], (a) => createFetch(...a)],
    ["createFetch()(…)", ["http://local/ok", { method: "GET" }], (a) => fetchFn(...a)],
    ["serve", [{ client, port: 0 }], async (a) => (await serve(...a)).close()],
  ];
}

describe("every exported function, called with wrong types in each argument", () => {
  for (const [name, valid, call] of methods()) {
    test(name, async () => {
      // The right arguments work (so each case below tests only the wrong one).
      assertOrdinary(await outcome(() => call(valid)), `${name}(valid)`);
      const positions = Math.max(valid.length, 1);
      for (let i = 0; i < positions; i++) {
        for (const [kind, wrong] of WRONG) {
          const args = [...valid];
          args[i] = wrong;
          assertOrdinary(await outcome(() => call(args)), `${name}: argument ${i + 1} is ${kind}`);
        }
      }
      await seedStillRuns();
    });
  }
});
