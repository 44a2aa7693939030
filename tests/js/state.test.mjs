// Threads and their checkpoints: getState, updateState, getStateHistory, replaying from an
// older checkpoint, Command({update}) as input, and drawing the graph.
import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { StateGraph, START, END, Command, MemorySaver, interrupt } from "../../pkg/index.node.js";

const CHECKPOINT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let threads = 0;
const newThread = () => ({ configurable: { thread_id: `state-${++threads}` } });

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** a → b → c over an append log; b counts its runs in `n`; pauses before c. */
function abc(calls = []) {
  return new StateGraph({ channels: { log: "append", n: null } })
    .addNode("a", () => {
      calls.push("a");
      return { log: ["a"] };
    })
    .addNode("b", (s) => {
      calls.push("b");
      return { log: ["b"], n: s.n + 1 };
    })
    .addNode("c", () => {
      calls.push("c");
      return { log: ["c"] };
    })
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("b", "c")
    .addEdge("c", END)
    .compile({ checkpointer: new MemorySaver(), interruptBefore: ["c"] });
}

describe("getState", () => {
  test("a paused thread's snapshot has values, next, config, metadata, createdAt, parentConfig and tasks", async () => {
    const graph = abc();
    const config = newThread();
    await graph.invoke({ log: [], n: 0 }, config);
    const state = await graph.getState(config);

    assert.deepEqual(state.values, { log: ["a", "b"], n: 1 });
    assert.deepEqual(state.next, ["c"]);
    assert.equal(state.config.configurable.thread_id, config.configurable.thread_id);
    assert.match(state.config.configurable.checkpoint_id, CHECKPOINT_ID);
    assert.equal(state.metadata.source, "loop");
    assert.equal(state.metadata.step, 2);
    assert.ok(!Number.isNaN(Date.parse(state.createdAt)), `createdAt is a date: ${state.createdAt}`);
    assert.equal(state.parentConfig.configurable.thread_id, config.configurable.thread_id);
    assert.match(state.parentConfig.configurable.checkpoint_id, CHECKPOINT_ID);
    assert.ok(state.parentConfig.configurable.checkpoint_id < state.config.configurable.checkpoint_id);
    assert.equal(state.tasks.length, 1);
    assert.equal(typeof state.tasks[0].id, "string");
    assert.equal(state.tasks[0].name, "c");
    assert.deepEqual(state.tasks[0].interrupts, []);
  });

  test("a thread at a dynamic interrupt lists the interrupt on its task", async () => {
    const graph = new StateGraph({ channels: { some_text: null } })
      .addNode("human_node", (s) => ({ some_text: interrupt({ text_to_revise: s.some_text }) }))
      .addEdge(START, "human_node")
      .compile({ checkpointer: new MemorySaver() });
    const config = newThread();
    const paused = await graph.invoke({ some_text: "original text" }, config);
    const state = await graph.getState(config);
    assert.deepEqual(state.next, ["human_node"]);
    assert.deepEqual(
      state.tasks.map((t) => ({ name: t.name, interrupts: t.interrupts })),
      [{ name: "human_node", interrupts: paused.__interrupt__ }],
    );
  });

  test("a thread that never ran has empty values and no next nodes", async () => {
    const state = await abc().getState(newThread());
    assert.deepEqual(state.values, {});
    assert.deepEqual(state.next, []);
    assert.deepEqual(state.tasks, []);
  });
});

describe("getState with subgraphs", () => {
  test("getState(config, {subgraphs: true}) nests the interrupted subgraph's snapshot in its task", async () => {
    const child = new StateGraph({ channels: { text: null } })
      .addNode("ask", (s) => ({ text: interrupt({ revise: s.text }) }))
      .addEdge(START, "ask")
      .compile();
    const graph = new StateGraph({ channels: { text: null } })
      .addNode("child", child)
      .addEdge(START, "child")
      .compile({ checkpointer: new MemorySaver() });
    const config = newThread();
    await graph.invoke({ text: "hi" }, config);

    const shallow = await graph.getState(config);
    assert.match(shallow.tasks[0].state.configurable.checkpoint_ns, /^child:/);
    assert.equal(shallow.tasks[0].state.values, undefined);

    const deep = await graph.getState(config, { subgraphs: true });
    const inner = deep.tasks[0].state;
    assert.deepEqual(inner.values, { text: "hi" });
    assert.deepEqual(inner.next, ["ask"]);
    assert.deepEqual(inner.tasks[0].interrupts, shallow.tasks[0].interrupts);
    assert.equal(inner.config.configurable.checkpoint_ns, shallow.tasks[0].state.configurable.checkpoint_ns);
  });
});

describe("updateState", () => {
  test("updateState(config, values, asNode) writes through the reducers, then the run continues from there", async () => {
    const graph = abc();
    const config = newThread();
    await graph.invoke({ log: [], n: 0 }, config);

    const saved = await graph.updateState(config, { log: ["manual"], n: 100 }, "b");
    assert.equal(saved.configurable.thread_id, config.configurable.thread_id);
    assert.match(saved.configurable.checkpoint_id, CHECKPOINT_ID);

    const state = await graph.getState(config);
    assert.deepEqual(state.values, { log: ["a", "b", "manual"], n: 100 });
    assert.deepEqual(state.next, ["c"]);
    assert.equal(state.metadata.source, "update");
    assert.equal(state.config.configurable.checkpoint_id, saved.configurable.checkpoint_id);

    assert.deepEqual(await graph.invoke(null, config), { log: ["a", "b", "manual", "c"], n: 100 });
  });

  test("updateState as the node before another one schedules that node", async () => {
    const graph = abc();
    const config = newThread();
    await graph.updateState(config, { log: ["seeded"], n: 5 }, "a");
    assert.deepEqual((await graph.getState(config)).next, ["b"]);
    assert.deepEqual(await graph.invoke(null, config), { log: ["seeded", "b"], n: 6, __interrupt__: [] });
  });
});

describe("getStateHistory", () => {
  test("history is an async iterable of snapshots, newest first", async () => {
    const graph = abc();
    const config = newThread();
    await graph.invoke({ log: [], n: 0 }, config);
    await graph.updateState(config, { log: ["manual"] }, "b");
    await graph.invoke(null, config);

    const history = await collect(graph.getStateHistory(config));
    assert.deepEqual(
      history.map((s) => [s.metadata.step, s.metadata.source, s.next]),
      [
        [4, "loop", []],
        [3, "update", ["c"]],
        [2, "loop", ["c"]],
        [1, "loop", ["b"]],
        [0, "loop", ["a"]],
        [-1, "input", ["__start__"]],
      ],
    );
    assert.deepEqual(history[0].values, { log: ["a", "b", "manual", "c"], n: 1 });
    assert.deepEqual(history[0], await graph.getState(config));
    for (let i = 0; i + 1 < history.length; i++) {
      assert.equal(history[i].parentConfig.configurable.checkpoint_id, history[i + 1].config.configurable.checkpoint_id);
    }
  });

  test("getStateHistory({limit}) stops after that many snapshots", async () => {
    const graph = abc();
    const config = newThread();
    await graph.invoke({ log: [], n: 0 }, config);
    const limited = await collect(graph.getStateHistory(config, { limit: 2 }));
    assert.deepEqual(
      limited.map((s) => s.metadata.step),
      [2, 1],
    );
  });
  test("getStateHistory({before, filter}) selects older checkpoints and matching metadata", async () => {
    const graph = abc();
    const config = newThread();
    await graph.invoke({ log: [], n: 0 }, config);
    const all = await collect(graph.getStateHistory(config));
    const before = await collect(graph.getStateHistory(config, { before: all[1].config }));
    assert.deepEqual(
      before.map((s) => s.metadata.step),
      all.slice(2).map((s) => s.metadata.step),
    );
    const inputs = await collect(graph.getStateHistory(config, { filter: { source: "input" } }));
    assert.deepEqual(
      inputs.map((s) => s.metadata.step),
      [-1],
    );
  });
});

describe("replay", () => {
  test("invoking null with an older checkpoint_id re-runs the nodes after it", async () => {
    const calls = [];
    const graph = abc(calls);
    const config = newThread();
    await graph.invoke({ log: [], n: 0 }, config);
    await graph.invoke(null, config);
    assert.deepEqual(calls, ["a", "b", "c"]);

    const history = await collect(graph.getStateHistory(config));
    const afterA = history.find((s) => s.next.length === 1 && s.next[0] === "b");
    assert.deepEqual(afterA.values, { log: ["a"], n: 0 });

    calls.length = 0;
    const replayed = await graph.invoke(null, {
      configurable: { ...config.configurable, checkpoint_id: afterA.config.configurable.checkpoint_id },
    });
    assert.deepEqual(calls, ["b"]); // then paused before c again
    assert.deepEqual(replayed, { log: ["a", "b"], n: 1, __interrupt__: [] });

    const state = await graph.getState(config);
    assert.deepEqual(state.next, ["c"]);
    assert.equal(state.parentConfig.configurable.checkpoint_id === afterA.config.configurable.checkpoint_id, false);
    assert.deepEqual(await graph.invoke(null, config), { log: ["a", "b", "c"], n: 1 });
    assert.deepEqual(calls, ["b", "c"]);
  });
});

describe("Command({update}) as input", () => {
  function counter() {
    return new StateGraph({ channels: { x: null } })
      .addNode("inc", (s) => ({ x: s.x + 1 }))
      .addEdge(START, "inc")
      .compile({ checkpointer: new MemorySaver() });
  }

  test("Command({update, goto}) on a finished thread applies the update and runs the node", async () => {
    const graph = counter();
    const config = newThread();
    assert.deepEqual(await graph.invoke({ x: 1 }, config), { x: 2 });
    assert.deepEqual(await graph.invoke(new Command({ update: { x: 20 }, goto: "inc" }), config), { x: 21 });
  });

  test("two Command({update}) inputs in a row apply in turn and leave the thread usable", async () => {
    const graph = counter();
    const config = newThread();
    await graph.invoke({ x: 1 }, config);
    assert.deepEqual(await graph.invoke(new Command({ update: { x: 10 } }), config), { x: 10 });
    assert.deepEqual(await graph.invoke(new Command({ update: { x: 11 } }), config), { x: 11 });
    assert.deepEqual((await graph.getState(config)).values, { x: 11 });
    assert.ok((await collect(graph.getStateHistory(config))).length > 0);
    assert.deepEqual(await graph.invoke({ x: 5 }, config), { x: 6 });
  });
});

describe("getGraph and drawMermaid", () => {
  function routed() {
    return new StateGraph({ channels: { route: null } })
      .addNode("a", () => ({}))
      .addNode("b", () => ({}))
      .addEdge(START, "a")
      .addConditionalEdges("a", (s) => s.route, { go: "b", stop: END })
      .addEdge("b", END)
      .compile();
  }

  test("getGraph() lists nodes (by id) and edges, conditional ones marked with their path-map key", () => {
    const { nodes, edges } = routed().getGraph();
    assert.deepEqual(Object.keys(nodes), ["__start__", "a", "b", "__end__"]);
    assert.deepEqual(nodes.a, { id: "a", name: "a", data: { id: ["langgraph", "RunnableCallable"], name: "a" }, metadata: {} });
    const key = (e) => `${e.source}->${e.target}`;
    assert.deepEqual(
      edges.map(({ source, target, conditional, data }) => ({ source, target, conditional, data })).sort((x, y) => key(x).localeCompare(key(y))),
      [
        { source: "__start__", target: "a", conditional: false, data: undefined },
        { source: "a", target: "__end__", conditional: true, data: "stop" },
        { source: "a", target: "b", conditional: true, data: "go" },
        { source: "b", target: "__end__", conditional: false, data: undefined },
      ],
    );
  });

  test("drawMermaid() draws the nodes, plain edges (-->) and conditional edges (-.->)", () => {
    const graph = routed();
    const text = graph.drawMermaid();
    assert.match(text, /^graph TD;$/m);
    assert.match(text, /__start__ --> a;/);
    assert.match(text, /a -\. &nbsp;go&nbsp; \.-> b;/);
    assert.match(text, /a -\. &nbsp;stop&nbsp; \.-> __end__;/);
    assert.match(text, /b --> __end__;/);
    assert.equal(graph.getGraph().drawMermaid(), text);
  });

  test("a ToolNode is known in toJSON() by its id, not its class name (which a minifier renames)", async () => {
    // What a minified bundle's ToolNode looks like (langgraph-wasm/prebuilt needs @langchain/core,
    // which this suite runs without; tests/dropin/programs/30 draws the real one): another class
    // name, the same id.
    class t {
      constructor(tools) {
        this.tools = tools;
      }
      get lc_id() {
        return ["langgraph", "ToolNode"];
      }
      getName() {
        return "tools";
      }
      async invoke() {
        return {};
      }
    }
    const tool = { name: "search", invoke: async () => "found" };
    const graph = new StateGraph({ channels: { messages: null } }).addNode("tools", new t([tool])).addEdge(START, "tools").compile();
    const tools = graph.getGraph().toJSON().nodes.find((n) => n.id === "tools");
    assert.deepEqual(tools.data, { id: ["langgraph", "ToolNode"], name: "func" });
    assert.deepEqual(tools.metadata, { __tools: ["search"] });
  });

  test("drawMermaidPng() asks mermaid.ink for the drawing (UTF-8 text, base64url) and resolves to its Blob", async () => {
    const graph = new StateGraph({ channels: { x: null } }).addNode("résumé ✓", () => ({})).addEdge(START, "résumé ✓").compile();
    const drawn = graph.getGraph();
    const realFetch = globalThis.fetch;
    const asked = [];
    globalThis.fetch = async (url) => {
      asked.push(url);
      return asked.length === 1 ? new Response(new Blob(["png"], { type: "image/png" })) : new Response("busy", { status: 503, statusText: "Service Unavailable" });
    };
    try {
      const image = await drawn.drawMermaidPng({ backgroundColor: "#ffffff", withStyles: false });
      assert.equal(await image.text(), "png");
      const url = new URL(asked[0]);
      assert.equal(url.origin + url.pathname.slice(0, 5), "https://mermaid.ink/img/");
      const encoded = url.pathname.slice(5);
      assert.doesNotMatch(encoded, /[+/=]/);
      assert.equal(Buffer.from(encoded, "base64url").toString("utf8"), drawn.drawMermaid({ withStyles: false }));
      assert.deepEqual([url.searchParams.get("bgColor"), url.searchParams.get("type")], ["#ffffff", "png"]);
      // A named color is sent as `!name`; a refusal is an error with its status.
      await assert.rejects(drawn.drawMermaidPng({ backgroundColor: "white" }), /Status code: 503/);
      assert.equal(new URL(asked[1]).searchParams.get("bgColor"), "!white");
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
