// The LangGraph.js drop-in parts that the differential suite (tests/dropin) does not reach:
// the package without @langchain/core (none is installed at the repository root, so these tests
// run as an app without it would), registering @langchain/core explicitly, state declarations
// that declare nothing, error classes of the Client's runs, the Client hosting a functional
// graph and giving its nodes its store, and the server's message stream modes over the Client,
// createFetch and the real SDK.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import {
  StateGraph,
  START,
  END,
  Annotation,
  MessagesAnnotation,
  Command,
  MemorySaver,
  Client,
  createFetch,
  entrypoint,
  task,
  interrupt,
  getConfig,
  getStore,
  messagesStateReducer,
  registerLangChain,
  GraphValidationError,
  StateGraphInputError,
  GraphRecursionError,
  InvalidUpdateError,
} from "../../pkg/index.node.js";
import { serve } from "../../pkg/node.js";

const coreDir = fileURLToPath(new URL("../dropin/node_modules/@langchain/core/", import.meta.url));
const sdkPath = fileURLToPath(new URL("../../target/tools/node_modules/@langchain/langgraph-sdk/dist/index.js", import.meta.url));

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("state declarations", () => {
  test("a declaration that declares nothing is a StateGraphInputError (a GraphValidationError) at construction", () => {
    for (const nothing of [undefined, null, {}, { spec: {} }, Annotation.Root({}), { channels: {} }, []]) {
      assert.throws(
        () => new StateGraph(nothing),
        (e) => e instanceof StateGraphInputError && e instanceof GraphValidationError,
        `new StateGraph(${JSON.stringify(nothing)})`,
      );
    }
  });

  test("the { channels } form still takes reducer names, functions, defaults, and a JSON Schema per key", async () => {
    const graph = new StateGraph({
      channels: {
        topic: { schema: { type: "string" } },
        notes: "append",
        total: { reducer: (a, b) => a + b, default: () => 0, schema: { type: "number" } },
      },
    });
    assert.deepEqual(graph.channels.topic.schema, { type: "string" });
    const compiled = graph.addNode("n", () => ({ notes: ["x"], total: 2 })).addEdge(START, "n").compile();
    assert.deepEqual(await compiled.invoke({ topic: "t" }), { topic: "t", notes: ["x"], total: 2 });
  });
});

describe("without @langchain/core", () => {
  test("messagesStateReducer keeps plain messages in the server's shape: strings become human messages, ids are given, ids replace", () => {
    const merged = messagesStateReducer([{ type: "human", content: "hi", id: "1" }], ["more", { type: "ai", content: "HI", id: "1" }]);
    assert.equal(merged.length, 2);
    assert.deepEqual(merged[0], {
      content: "HI",
      additional_kwargs: {},
      response_metadata: {},
      type: "ai",
      id: "1",
      tool_calls: [],
      invalid_tool_calls: [],
    });
    assert.equal(merged[1].type, "human");
    assert.equal(merged[1].content, "more");
    assert.match(merged[1].id, /^[0-9a-f-]{36}$/);
    assert.throws(() => messagesStateReducer([], [{ type: "remove", id: "nope" }]), /doesn't exist/);
  });

  test("MessagesAnnotation graphs run, and streamMode messages streams nothing without LangChain", async () => {
    const graph = new StateGraph(MessagesAnnotation)
      .addNode("echo", (state) => ({ messages: [{ role: "assistant", content: `echo ${state.messages.length}`, id: "a" }] }))
      .addEdge(START, "echo")
      .compile();
    const chunks = await collect(graph.stream({ messages: "hello" }, { streamMode: ["messages", "updates"] }));
    assert.deepEqual(chunks.map(([mode]) => mode), ["updates"]);
  });
});

describe("registering @langchain/core (what a bundled browser app does)", () => {
  test("registerLangChain refuses something that is not @langchain/core/messages", () => {
    assert.throws(() => registerLangChain({ messages: {} }), TypeError);
  });

  test("after registerLangChain, the messages reducer makes message classes and the messages mode hears chat models", async () => {
    const require = createRequire(coreDir);
    const load = (sub) => import(require.resolve(`@langchain/core/${sub}`));
    const [messages, callbacks, testing] = await Promise.all([load("messages"), load("callbacks/base"), load("utils/testing")]);
    registerLangChain({ messages, callbacks });
    const [human] = messagesStateReducer([], [{ role: "user", content: "hi" }]);
    assert.equal(human.constructor.name, "HumanMessage");

    const model = new testing.FakeListChatModel({ responses: ["ok"] });
    const graph = new StateGraph(MessagesAnnotation)
      .addNode("agent", async (state) => ({ messages: [await model.invoke(state.messages)] }))
      .addEdge(START, "agent")
      .compile();
    const chunks = await collect(graph.stream({ messages: [new messages.HumanMessage("hi")] }, { streamMode: "messages" }));
    assert.deepEqual(chunks.map(([m, meta]) => [m.constructor.name, m.content, meta.langgraph_node]), [
      ["AIMessageChunk", "o", "agent"],
      ["AIMessageChunk", "k", "agent"],
    ]);
  });
});

describe("a node's config and getConfig()", () => {
  test("getConfig() is the node's config inside it (also after an await) and undefined outside", async () => {
    let seen;
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("n", async (_, config) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen = [getConfig() === config, config.configurable.thread_id, config.configurable.user, config.metadata.langgraph_node];
        return {};
      })
      .addEdge(START, "n")
      .compile({ checkpointer: new MemorySaver() });
    await graph.invoke({ x: 1 }, { configurable: { thread_id: "c1", user: { name: "ann", greet: () => "hi" } } });
    assert.equal(seen[0], true);
    assert.equal(seen[1], "c1");
    // The caller's own objects reach the node (functions included), not JSON copies.
    assert.equal(seen[2].greet(), "hi");
    assert.equal(seen[3], "n");
    assert.equal(getConfig(), undefined);
  });

  test("the runtime extras stay: config.interrupt, config.writer, config.signal, config.config", async () => {
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("n", (_, runtime) => ({ x: [typeof runtime.interrupt, typeof runtime.writer, runtime.signal instanceof AbortSignal, runtime.config === runtime] }))
      .addEdge(START, "n")
      .compile();
    assert.deepEqual((await graph.invoke({})).x, ["function", "function", true, true]);
  });

  test("a node's config copies as a plain object: its keys, values in a spread copy, a key assigned replaces its value, per node", async () => {
    const seen = [];
    const node = (name) => (_, config) => {
      const copy = { ...config };
      seen.push({ keys: Object.keys(config), node: copy.metadata.langgraph_node, thread: copy.configurable.thread_id, own: Object.getOwnPropertyDescriptor(copy, "metadata").value !== undefined });
      config.metadata = { mine: name };
      config.configurable = "replaced";
      seen.push({ metadata: config.metadata, configurable: config.configurable, keys: Object.keys(config).length });
      return {};
    };
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("a", node("a"))
      .addNode("b", node("b"))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .compile();
    await graph.invoke({ x: 1 }, { configurable: { thread_id: "t" } });
    const keys = ["tags", "metadata", "recursionLimit", "configurable", "signal", "writer", "interrupt", "runName", "executionInfo", "callbacks"];
    assert.deepEqual(seen, [
      { keys, node: "a", thread: "t", own: true },
      { metadata: { mine: "a" }, configurable: "replaced", keys: keys.length },
      // The second node's config is its own: what the first did to its config stays there.
      { keys, node: "b", thread: "t", own: true },
      { metadata: { mine: "b" }, configurable: "replaced", keys: keys.length },
    ]);
  });
});

describe("the Client", () => {
  test("errors of its runs are the exported classes", async () => {
    const looping = new StateGraph({ channels: { n: null } })
      .addNode("loop", (s) => ({ n: s.n + 1 }))
      .addEdge(START, "loop")
      .addEdge("loop", "loop")
      .compile();
    const client = new Client({ graphs: { looping } });
    const thread = await client.threads.create();
    await assert.rejects(client.runs.wait(thread.thread_id, "looping", { input: { n: 0 }, config: { recursion_limit: 3 } }), (e) => e instanceof GraphRecursionError);
    await assert.rejects(client.runs.wait(thread.thread_id, "looping", { command: { update: { nope: 1 } } }), (e) => e instanceof InvalidUpdateError || e.status === 422);
  });

  test("its nodes see its store as config.store and getStore()", async () => {
    const graph = new StateGraph({ channels: { found: null } })
      .addNode("look", async (_, config) => {
        const item = await config.store.get(["prefs", "ann"], "color");
        await getStore().put(["prefs", "ann"], "seen", { by: "look" });
        return { found: item?.value ?? null };
      })
      .addEdge(START, "look")
      .compile();
    const client = new Client({ graphs: { graph } });
    await client.store.putItem(["prefs", "ann"], "color", { color: "teal" });
    const thread = await client.threads.create();
    const result = await client.runs.wait(thread.thread_id, "graph", { input: {} });
    assert.deepEqual(result.found, { color: "teal" });
    assert.deepEqual((await client.store.getItem(["prefs", "ann"], "seen")).value, { by: "look" });
  });

  test("it hosts a functional graph: object input, interrupts inside a task, resume", async () => {
    let drafts = 0;
    const draft = task("draft", async (topic) => {
      drafts += 1;
      return `a draft about ${topic}`;
    });
    const workflow = entrypoint({ name: "essay", checkpointer: new MemorySaver() }, async ({ topic }) => {
      const text = await draft(topic);
      const verdict = interrupt({ review: text });
      return { text, verdict };
    });
    const client = new Client({ graphs: { essay: workflow } });
    const thread = await client.threads.create();
    const paused = await client.runs.wait(thread.thread_id, "essay", { input: { topic: "owls" } });
    assert.deepEqual(paused.__interrupt__.map((i) => i.value), [{ review: "a draft about owls" }]);
    assert.equal((await client.threads.get(thread.thread_id)).status, "interrupted");
    const done = await client.runs.wait(thread.thread_id, "essay", { command: { resume: "ok" } });
    assert.deepEqual(done, { text: "a draft about owls", verdict: "ok" });
    assert.equal(drafts, 1);
  });
});

describe("the server's message stream modes", () => {
  /** A graph whose node streams a chat model's answer (core registered above). */
  async function chatGraph() {
    const require = createRequire(coreDir);
    const testing = await import(require.resolve("@langchain/core/utils/testing"));
    const model = new testing.FakeListChatModel({ responses: ["hey"] });
    return new StateGraph(MessagesAnnotation)
      .addNode("agent", async (state) => ({ messages: [await model.invoke(state.messages)] }))
      .addEdge(START, "agent")
      .addEdge("agent", END)
      .compile();
  }

  test("runs.stream: messages-tuple gives [message, metadata]; messages gives metadata, partial and complete; events gives chat model stream events", async () => {
    const client = new Client({ graphs: { chat: await chatGraph() } });
    const stream = (streamMode) =>
      collect(client.runs.stream(null, "chat", { input: { messages: [{ type: "human", content: "hi" }] }, streamMode }));

    const tuple = (await stream("messages-tuple")).filter((e) => e.event === "messages");
    assert.deepEqual(tuple.map((e) => e.data[0].content), ["h", "e", "y"]);
    assert.ok(tuple.every((e) => e.data[0].type === "AIMessageChunk" && e.data[1].langgraph_node === "agent"));

    const accumulated = (await stream("messages")).filter((e) => e.event.startsWith("messages/"));
    assert.deepEqual(accumulated.map((e) => e.event), ["messages/metadata", "messages/partial", "messages/partial", "messages/partial"]);
    assert.deepEqual(accumulated.at(-1).data.map((m) => [m.type, m.content]), [["ai", "hey"]]);

    const events = (await stream("events")).filter((e) => e.event === "events");
    assert.deepEqual(events.map((e) => [e.data.event, e.data.data.chunk.content]), [
      ["on_chat_model_stream", "h"],
      ["on_chat_model_stream", "e"],
      ["on_chat_model_stream", "y"],
    ]);
  });

  test("the real SDK on createFetch streams messages-tuple", async () => {
    const { Client: SdkClient } = await import(sdkPath);
    const fetch = createFetch(new Client({ graphs: { chat: await chatGraph() } }));
    const sdk = new SdkClient({ apiUrl: "http://localhost", callerOptions: { fetch, maxRetries: 0 } });
    const thread = await sdk.threads.create();
    const parts = [];
    for await (const part of sdk.runs.stream(thread.thread_id, "chat", {
      input: { messages: [{ type: "human", content: "hi" }] },
      streamMode: ["messages-tuple", "values"],
    })) {
      parts.push(part);
    }
    const tokens = parts.filter((p) => p.event === "messages").map((p) => p.data[0].content);
    assert.deepEqual(tokens, ["h", "e", "y"]);
    const last = parts.filter((p) => p.event === "values").at(-1).data;
    assert.deepEqual(last.messages.map((m) => m.content), ["hi", "hey"]);
  });

  test("the real SDK on serve() (a loopback HTTP server) streams messages-tuple", async () => {
    const { Client: SdkClient } = await import(sdkPath);
    const served = await serve({ client: new Client({ graphs: { chat: await chatGraph() } }), port: 0 });
    try {
      const sdk = new SdkClient({ apiUrl: served.url, callerOptions: { maxRetries: 0 } });
      const thread = await sdk.threads.create();
      const tokens = [];
      for await (const part of sdk.runs.stream(thread.thread_id, "chat", {
        input: { messages: [{ type: "human", content: "hi" }] },
        streamMode: "messages-tuple",
      })) {
        if (part.event === "messages") tokens.push([part.data[0].content, part.data[1].langgraph_node]);
      }
      assert.deepEqual(tokens, [
        ["h", "agent"],
        ["e", "agent"],
        ["y", "agent"],
      ]);
      const state = await sdk.threads.getState(thread.thread_id);
      assert.deepEqual(state.values.messages.map((m) => [m.type, m.content]), [
        ["human", "hi"],
        ["ai", "hey"],
      ]);
    } finally {
      await served.close();
    }
  });
});

describe("drawings", () => {
  test("getGraph().drawMermaid() draws Runnable nodes, subgraphs and an entrypoint", async () => {
    const runnable = { invoke: async () => ({}) };
    const child = new StateGraph({ channels: { x: null } }).addNode("inner", () => ({})).addEdge(START, "inner").compile();
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("agent", () => ({}))
      .addNode("tools", runnable)
      .addNode("child", child)
      .addEdge(START, "agent")
      .addConditionalEdges("agent", () => "tools", ["tools", "child"])
      .addEdge("tools", "agent")
      .addEdge("child", END)
      .compile();
    const mermaid = graph.getGraph().drawMermaid();
    for (const line of ["\ttools(tools)", "\tchild(child)", "\tagent -.-> tools;", "\tagent -.-> child;", "\ttools --> agent;"]) {
      assert.ok(mermaid.includes(line), `${line} in\n${mermaid}`);
    }
    const workflow = entrypoint({ name: "wf" }, async (n) => n);
    // As LangGraph.js draws an entrypoint: its input, itself, its output.
    assert.ok(workflow.drawMermaid().includes("\twfInput --> wf;\n\twf --> wfOutput;"));
  });
});
