// The Client's assistants as the LangGraph server has them (create, update into versions,
// search, count, setLatest, delete), runs inheriting their config and context, per-graph
// defaults, graph factories, schemas from what a graph declares, the store from nodes, and the
// server's shapes for errors, interrupts and messages.
import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { StateGraph, START, interrupt, Client } from "../../pkg/index.node.js";
import { collect, rejection } from "../support/promises.mjs";

async function rejectsWith(promise, name, status) {
  const error = await rejection(promise);
  assert.equal(error.name, name, error.message);
  assert.equal(error.status, status, `${error.name}: ${error.message}`);
  return error;
}

/** A node that reports its `configurable` and `context`. */
function echoGraph() {
  return new StateGraph({ channels: { seen: null } })
    .addNode("echo", (_, { config, context }) => ({ seen: { configurable: config.configurable, context: context ?? null } }))
    .addEdge(START, "echo")
    .compile();
}

describe("assistants", () => {
  test("create, update into versions, get, search, count, setLatest, delete", async () => {
    const client = new Client({ graphs: { agent: echoGraph() } });
    const config = { configurable: { model_name: "gpt" } };
    const made = await client.assistants.create({ graphId: "agent", config, description: "foo" });
    assert.equal(made.version, 1);
    assert.deepEqual(made.config, config);
    assert.equal(made.name, "agent");

    await client.assistants.update(made.assistant_id, { metadata: { name: "woof" }, description: "bar" });
    const got = await client.assistants.get(made.assistant_id);
    assert.deepEqual([got.version, got.config, got.metadata, got.description], [2, config, { name: "woof" }, "bar"]);
    await client.assistants.update(made.assistant_id, { config: { configurable: { foo: "bar" } } });
    const versions = await client.assistants.getVersions(made.assistant_id);
    assert.deepEqual(versions.map((v) => v.version), [3, 2, 1]);
    assert.deepEqual(versions[0].config, { configurable: { foo: "bar" } });
    assert.deepEqual((await client.assistants.getVersions(made.assistant_id, { limit: 1, offset: 1 })).map((v) => v.version), [2]);
    assert.deepEqual((await client.assistants.getVersions(made.assistant_id, { metadata: { name: "woof" } })).length, 2);
    assert.equal((await client.assistants.setLatest(made.assistant_id, 1)).version, 1);
    assert.equal((await client.assistants.update(made.assistant_id, {})).version, 4);
    await rejectsWith(client.assistants.setLatest(made.assistant_id, 9), "NotFoundError", 404);

    assert.equal(await client.assistants.count(), 2);
    assert.equal(await client.assistants.count({ metadata: { created_by: "system" } }), 1);
    const page = await client.assistants.search({ limit: 1, includePagination: true });
    assert.equal(page.assistants.length, 1);
    assert.equal(page.next, "1");
    assert.deepEqual(Object.keys((await client.assistants.search({ select: ["assistant_id"] }))[0]), ["assistant_id"]);

    await client.assistants.delete(made.assistant_id);
    const error = await rejectsWith(client.assistants.get(made.assistant_id), "NotFoundError", 404);
    assert.equal(error.message, "HTTP 404: Assistant not found");
    await rejectsWith(client.assistants.create({ graphId: "nope" }), "NotFoundError", 404);
    await rejectsWith(client.assistants.create({ graphId: "agent", assistantId: "x" }), "UnprocessableEntityError", 422);
    const unknown = await rejectsWith(client.runs.wait(null, "nope", { input: {} }), "NotFoundError", 404);
    assert.match(unknown.message, /No assistant found for "nope"/);
  });

  test("runs inherit the assistant's config and context; the run's own keys win", async () => {
    const client = new Client({
      graphs: { agent: { graph: echoGraph(), config: { configurable: { model: "default" } }, context: { tone: "dry" } } },
    });
    const system = await client.assistants.get("agent");
    assert.deepEqual(system.context, { tone: "dry" });
    let { seen } = await client.runs.wait(null, "agent", { input: {} });
    assert.equal(seen.configurable.model, "default");
    assert.deepEqual(seen.context, { tone: "dry" });
    assert.equal(seen.configurable.assistant_id, system.assistant_id);

    const custom = await client.assistants.create({
      graphId: "agent",
      config: { configurable: { model: "assistant", keep: 1 } },
      context: { tone: "warm" },
    });
    ({ seen } = await client.runs.wait(null, custom.assistant_id, {
      input: {},
      config: { configurable: { keep: 2 } },
      context: { lang: "fr" },
    }));
    assert.deepEqual([seen.configurable.model, seen.configurable.keep], ["assistant", 2]);
    assert.deepEqual(seen.context, { tone: "warm", lang: "fr" });
    await assert.rejects(async () => new Client({ graphs: { agent: { graph: echoGraph(), config: [] } } }).ready(), /config must be an object/);
  });

  test("a graph factory builds each run's graph from its config", async () => {
    const built = [];
    const dynamic = async (config) => {
      const name = config.configurable.nodeName ?? "default";
      built.push(name);
      return new StateGraph({ channels: { messages: "append" } })
        .addNode(name, () => ({ messages: [name] }))
        .addEdge(START, name)
        .compile();
    };
    const client = new Client({ graphs: { dynamic, broken: () => ({}) } });
    const updates = async (threadId, assistantId, payload) =>
      (await collect(client.runs.stream(threadId, assistantId, { streamMode: ["updates"], ...payload })))
        .filter((e) => e.event === "updates")
        .flatMap((e) => Object.keys(e.data));
    assert.deepEqual(await updates(null, "dynamic", { input: { messages: ["input"] } }), ["default"]);
    assert.deepEqual(
      await updates(null, "dynamic", { input: { messages: ["input"] }, config: { configurable: { nodeName: "runtime" } } }),
      ["runtime"],
    );
    const assistant = await client.assistants.create({ graphId: "dynamic", config: { configurable: { nodeName: "assistant" } } });
    const thread = await client.threads.create();
    assert.deepEqual(await updates(thread.thread_id, assistant.assistant_id, { input: { messages: ["input"] } }), ["assistant"]);
    await client.threads.updateState(thread.thread_id, { values: { messages: "update" }, asNode: "assistant" });
    assert.deepEqual((await client.threads.getState(thread.thread_id)).values.messages, ["input", "assistant", "update"]);
    assert.ok(built.includes("assistant"));

    const error = await rejectsWith(client.runs.wait(null, "broken", { input: {} }), "GraphFactoryError", 500);
    assert.match(error.message, /must return a compiled graph/);
  });

  test("schemas come from the channels' schemas and the declared config and context", async () => {
    const graph = new StateGraph({
      channels: {
        messages: "messages",
        model: { schema: { type: "string", enum: ["anthropic", "openai", "unknown"] } },
      },
      contextSchema: { type: "object", properties: { model: { type: "string" } } },
    })
      .addNode("n", () => ({}))
      .addEdge(START, "n")
      .compile();
    const client = new Client({ graphs: { agent: graph } });
    const schemas = await client.assistants.getSchemas("agent");
    assert.deepEqual(schemas.state_schema.properties.model, { type: "string", enum: ["anthropic", "openai", "unknown"] });
    assert.equal(schemas.state_schema.properties.messages.langgraph_type, "messages");
    assert.equal(schemas.state_schema.$schema, "http://json-schema.org/draft-07/schema#");
    assert.deepEqual(schemas.context_schema.properties, { model: { type: "string" } });
    assert.deepEqual(schemas.config_schema.properties, { model: { type: "string" } });
    assert.throws(
      () => new StateGraph({ channels: { x: { schema: "string" } } }).compile(),
      (e) => e.name === "InvalidArgumentError" && /JSON Schema/.test(e.message),
    );
  });

  test("getSubgraphs: a namespace, and nested ones with recurse", async () => {
    const leaf = new StateGraph({ channels: { child: null } }).addNode("leaf", () => ({})).addEdge(START, "leaf").compile();
    const middle = new StateGraph({ channels: { parent: null } }).addNode("p_two", leaf).addEdge(START, "p_two").compile();
    const root = new StateGraph({ channels: { messages: "messages" } }).addNode("gp_two", middle).addEdge(START, "gp_two").compile();
    const client = new Client({ graphs: { nested: root } });
    assert.deepEqual(Object.keys(await client.assistants.getSubgraphs("nested")), ["gp_two"]);
    assert.deepEqual(Object.keys(await client.assistants.getSubgraphs("nested", { recurse: true })), ["gp_two", "gp_two|p_two"]);
    const one = await client.assistants.getSubgraphs("nested", { namespace: "gp_two|p_two", recurse: true });
    assert.deepEqual(Object.keys(one["gp_two|p_two"].state.properties), ["child"]);
  });
});

describe("the server's shapes", () => {
  test("nodes reach the Client's store as runtime.store and config.store", async () => {
    const graph = new StateGraph({ channels: { user: null, found: null } })
      .addNode("remember", async (state, runtime) => {
        await runtime.config.store.put(["sharedState", "data"], "user_id", { id: state.user });
        const item = await runtime.store.get(["sharedState", "data"], "user_id");
        const hits = await runtime.store.search(["sharedState"]);
        const refusals = await Promise.all([
          runtime.store.get(42, "k").catch((e) => e.name),
          runtime.store.put(["ns"], "k", "not an object").catch((e) => e.name),
          runtime.store.put(["a.b"], "k", {}).catch((e) => e.name),
          runtime.store.listNamespaces({ maxDepth: 0 }).catch((e) => e.name),
        ]);
        return { found: { id: item.value.id, dated: item.createdAt instanceof Date, hits: hits.length, refusals } };
      })
      .addEdge(START, "remember")
      .compile();
    const client = new Client({ graphs: { agent: graph } });
    const out = await client.runs.wait(null, "agent", { input: { user: "u1" } });
    assert.deepEqual(out.found, {
      id: "u1",
      dated: true,
      hits: 1,
      refusals: ["InvalidArgumentError", "UnprocessableEntityError", "UnprocessableEntityError", "UnprocessableEntityError"],
    });
    assert.deepEqual((await client.store.getItem(["sharedState", "data"], "user_id")).value, { id: "u1" });
    await assert.rejects(graph.invoke({ user: "x" }), /TypeError/, "no store outside a Client");
  });

  test("messages sent with roles are stored as LangChain messages", async () => {
    const graph = new StateGraph({ channels: { messages: "messages" } })
      .addNode("reply", () => ({ messages: [{ role: "assistant", content: "hi" }] }))
      .addEdge(START, "reply")
      .compile();
    const client = new Client({ graphs: { agent: graph } });
    const { messages } = await client.runs.wait(null, "agent", {
      input: { messages: [{ role: "human", content: "SF", id: "initial-message" }] },
    });
    assert.deepEqual(messages[0], { content: "SF", additional_kwargs: {}, response_metadata: {}, type: "human", id: "initial-message" });
    assert.deepEqual(
      { ...messages[1], id: undefined },
      { content: "hi", additional_kwargs: {}, response_metadata: {}, type: "ai", tool_calls: [], invalid_tool_calls: [], id: undefined },
    );
  });

  test("values at an interrupt are {__interrupt__} in the stream; wait has the whole state", async () => {
    const graph = new StateGraph({ channels: { some_text: null } })
      .addNode("human_node", (state) => ({ some_text: interrupt({ text_to_revise: state.some_text }) }))
      .addEdge(START, "human_node")
      .compile();
    const client = new Client({ graphs: { agent: graph } });
    const { thread_id } = await client.threads.create();
    const events = await collect(client.runs.stream(thread_id, "agent", { input: { some_text: "t" } }));
    assert.deepEqual(Object.keys(events.at(-1).data), ["__interrupt__"]);
    const other = await client.threads.create();
    const out = await client.runs.wait(other.thread_id, "agent", { input: { some_text: "t" } });
    assert.deepEqual(Object.keys(out), ["some_text", "__interrupt__"]);
  });

  test("threads.create with supersteps (asNode __input__, __start__, then each node) replays a thread's history", async () => {
    const graph = new StateGraph({ channels: { trace: "append" } })
      .addNode("a", () => ({ trace: ["a"] }))
      .addNode("b", () => ({ trace: ["b"] }))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .compile();
    const client = new Client({ graphs: { agent: graph } });
    const { thread_id } = await client.threads.create();
    const updates = (await collect(client.runs.stream(thread_id, "agent", { input: { trace: ["in"] }, streamMode: "updates" })))
      .filter((e) => e.event === "updates")
      .map((e) => ({ updates: Object.entries(e.data).map(([asNode, values]) => ({ asNode, values })) }));
    const history = await client.threads.getHistory(thread_id);
    const first = history.at(-2).values;
    const clone = await client.threads.create({
      graphId: "agent",
      supersteps: [{ updates: [{ asNode: "__input__", values: first }] }, { updates: [{ asNode: "__start__", values: first }] }, ...updates],
    });
    const replayed = await client.threads.getHistory(clone.thread_id);
    const shape = (h) => h.map(({ next, values }) => ({ next, values }));
    assert.deepEqual(shape(replayed), shape(history));
    await rejectsWith(client.threads.create({ graphId: "agent", supersteps: "x" }), "UnprocessableEntityError", 422);
  });

  test("a run after afterSeconds is pending, its thread busy, until it starts or is cancelled", async () => {
    const client = new Client({ graphs: { agent: echoGraph() } });
    const { thread_id } = await client.threads.create();
    const run = await client.runs.create(thread_id, "agent", { input: {}, afterSeconds: 30 });
    assert.equal(run.status, "pending");
    assert.equal((await client.threads.get(thread_id)).status, "busy");
    await rejectsWith(client.threads.updateState(thread_id, { values: { seen: 1 }, asNode: "echo" }), "ConflictError", 409);
    await client.runs.cancel(thread_id, run.run_id);
    assert.equal((await client.runs.get(thread_id, run.run_id)).status, "interrupted");
    assert.equal((await client.threads.get(thread_id)).status, "idle");
    const soon = await client.runs.create(thread_id, "agent", { input: {}, afterSeconds: 0.05 });
    assert.equal(soon.status, "pending");
    assert.ok((await client.runs.join(thread_id, soon.run_id)).seen);
  });
});
