// graph.stream(): stream modes, one mode vs a list, subgraph namespaces, custom chunks from
// runtime.writer, errors mid-stream, and stopping a run by leaving the loop.
import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { StateGraph, START, END, Command, MemorySaver, interrupt } from "../../pkg/index.node.js";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let threads = 0;
const newThread = () => ({ configurable: { thread_id: `stream-${++threads}` } });

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** START → a (x=1) → b (x=2) → END, with a checkpointer. */
function twoSteps() {
  return new StateGraph({ channels: { x: null } })
    .addNode("a", () => ({ x: 1 }))
    .addNode("b", () => ({ x: 2 }))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("b", END)
    .compile({ checkpointer: new MemorySaver() });
}

describe("stream modes", () => {
  test("without streamMode, items are updates chunks", async () => {
    assert.deepEqual(await collect(twoSteps().stream({ x: 0 }, newThread())), [{ a: { x: 1 } }, { b: { x: 2 } }]);
  });

  test('streamMode "values": each item is the full state after a step', async () => {
    const items = await collect(twoSteps().stream({ x: 0 }, { ...newThread(), streamMode: "values" }));
    assert.deepEqual(items, [{ x: 0 }, { x: 1 }, { x: 2 }]);
  });

  test('streamMode "updates": each item is {node: update}', async () => {
    const items = await collect(twoSteps().stream({ x: 0 }, { ...newThread(), streamMode: "updates" }));
    assert.deepEqual(items, [{ a: { x: 1 } }, { b: { x: 2 } }]);
  });

  test("a list of modes makes items [mode, chunk]", async () => {
    const items = await collect(twoSteps().stream({ x: 0 }, { ...newThread(), streamMode: ["values", "updates"] }));
    assert.deepEqual(items, [
      ["values", { x: 0 }],
      ["updates", { a: { x: 1 } }],
      ["values", { x: 1 }],
      ["updates", { b: { x: 2 } }],
      ["values", { x: 2 }],
    ]);
  });

  test("a list with one mode still gives [mode, chunk] items", async () => {
    const items = await collect(twoSteps().stream({ x: 0 }, { ...newThread(), streamMode: ["updates"] }));
    assert.deepEqual(items, [
      ["updates", { a: { x: 1 } }],
      ["updates", { b: { x: 2 } }],
    ]);
  });

  test('streamMode "tasks": a start event and a result event per task', async () => {
    const items = await collect(twoSteps().stream({ x: 0 }, { ...newThread(), streamMode: "tasks" }));
    assert.equal(items.length, 4);
    const [startA, resultA, startB, resultB] = items;
    assert.deepEqual({ name: startA.name, input: startA.input }, { name: "a", input: { x: 0 } });
    assert.ok(Array.isArray(startA.triggers));
    assert.deepEqual({ name: resultA.name, result: resultA.result, interrupts: resultA.interrupts }, {
      name: "a",
      result: { x: 1 },
      interrupts: [],
    });
    assert.equal(resultA.id, startA.id);
    assert.equal(startB.name, "b");
    assert.deepEqual(resultB.result, { x: 2 });
  });

  test('streamMode "tasks" reports a task\'s interrupts in its result', async () => {
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("ask", () => ({ x: interrupt("q") }))
      .addEdge(START, "ask")
      .compile({ checkpointer: new MemorySaver() });
    const items = await collect(graph.stream({ x: 0 }, { ...newThread(), streamMode: "tasks" }));
    // Task starts carry `interrupts: []` too (as the LangGraph server streams them): take the result.
    const result = items.find((item) => "result" in item);
    assert.equal(result.name, "ask");
    assert.deepEqual(result.interrupts.map((i) => i.value), ["q"]);
  });

  test('streamMode "checkpoints": one snapshot per saved checkpoint, oldest first', async () => {
    const config = newThread();
    const items = await collect(twoSteps().stream({ x: 0 }, { ...config, streamMode: "checkpoints" }));
    assert.deepEqual(
      items.map((c) => [c.metadata.source, c.metadata.step, c.values, c.next]),
      [
        ["input", -1, {}, ["__start__"]],
        ["loop", 0, { x: 0 }, ["a"]],
        ["loop", 1, { x: 1 }, ["b"]],
        ["loop", 2, { x: 2 }, []],
      ],
    );
    for (const c of items) {
      assert.equal(c.config.configurable.thread_id, config.configurable.thread_id);
      assert.equal(typeof c.config.configurable.checkpoint_id, "string");
      assert.ok(Array.isArray(c.tasks));
    }
  });

  test('"checkpoints" chunks call the parent checkpoint parentConfig, as snapshots and LangGraph.js do', async () => {
    const config = newThread();
    const items = await collect(twoSteps().stream({ x: 0 }, { ...config, streamMode: "checkpoints" }));
    assert.ok(!("parent_config" in items[1]), "no snake_case parent_config in the JS API");
    for (let i = 1; i < items.length; i++) {
      assert.equal(items[i].parentConfig?.configurable?.checkpoint_id, items[i - 1].config.configurable.checkpoint_id);
    }
  });

  test('streamMode "debug": checkpoint, task and task_result events with step and timestamp', async () => {
    const items = await collect(twoSteps().stream({ x: 0 }, { ...newThread(), streamMode: "debug" }));
    assert.deepEqual(
      items.map((e) => e.type),
      ["checkpoint", "checkpoint", "task", "task_result", "checkpoint", "task", "task_result", "checkpoint"],
    );
    for (const event of items) {
      assert.equal(typeof event.step, "number");
      assert.equal(typeof event.timestamp, "string");
      assert.ok(event.payload);
    }
    assert.deepEqual(items.find((e) => e.type === "task_result").payload.result, { x: 1 });
  });

  test("a run's metadata reaches its nodes and checkpoint chunks but not its saved checkpoints, as in LangGraph.js", async () => {
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("a", (state, config) => ({ x: config.metadata.request }))
      .addEdge(START, "a")
      .compile({ checkpointer: new MemorySaver() });
    const config = { ...newThread(), metadata: { request: 7 }, runId: "1f1ef492-1f74-63e1-8000-7cfe4a0beae8" };
    const chunks = await collect(graph.stream({ x: 0 }, { ...config, streamMode: ["checkpoints", "values"] }));

    assert.equal(chunks.filter(([mode]) => mode === "values").at(-1)[1].x, 7);
    const checkpoints = chunks.filter(([mode]) => mode === "checkpoints").map(([, chunk]) => chunk);
    assert.equal(checkpoints.length, 3);
    for (const chunk of checkpoints) {
      assert.equal(chunk.config.metadata.request, 7);
      assert.deepEqual(Object.keys(chunk.metadata).sort(), ["parents", "source", "step"]);
    }
    // A snapshot's metadata adds its thread's id, as LangGraph.js's getState() does; nothing of the run's.
    for await (const snapshot of graph.getStateHistory(config)) {
      assert.deepEqual(Object.keys(snapshot.metadata).sort(), ["parents", "source", "step", "thread_id"]);
      assert.equal(snapshot.metadata.thread_id, config.configurable.thread_id);
    }
  });

  test('streamMode "custom": the chunks a node passes to runtime.writer', async () => {
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("n", (state, { writer }) => {
        writer({ progress: 0.5 });
        writer("done");
        return { x: 1 };
      })
      .addEdge(START, "n")
      .compile();
    assert.deepEqual(await collect(graph.stream({ x: 0 }, { streamMode: "custom" })), [{ progress: 0.5 }, "done"]);
    assert.deepEqual(await collect(graph.stream({ x: 0 }, { streamMode: ["custom", "updates"] })), [
      ["custom", { progress: 0.5 }],
      ["custom", "done"],
      ["updates", { n: { x: 1 } }],
    ]);
  });

  test("a chunk written after an await reaches the reader while the node still runs (as chat-model tokens do)", async () => {
    // The node returns only once the reader has its chunk. If chunks were held until the node
    // returned, nothing would open the gate but the fallback timer.
    let openedBy;
    let open;
    const gate = new Promise((resolve) => (open = resolve));
    const openGate = (who) => {
      openedBy ??= who;
      open();
    };
    const fallback = setTimeout(() => openGate("the fallback timer"), 3000);
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("n", async (state, { writer }) => {
        await sleep(5);
        writer("token");
        await gate;
        return { x: 1 };
      })
      .addEdge(START, "n")
      .compile();
    const items = [];
    for await (const item of graph.stream({ x: 0 }, { streamMode: ["custom", "updates"] })) {
      items.push(item);
      if (item[0] === "custom") openGate("the reader");
    }
    clearTimeout(fallback);
    assert.equal(openedBy, "the reader");
    assert.deepEqual(items, [
      ["custom", "token"],
      ["updates", { n: { x: 1 } }],
    ]);
  });

  test("an unknown stream mode is refused", async () => {
    await assert.rejects(
      async () => {
        for await (const _ of twoSteps().stream({ x: 0 }, { ...newThread(), streamMode: "nope" }));
      },
      { name: "InvalidArgumentError", message: /nope/ },
    );
  });
});

describe("interrupts while streaming", () => {
  test("a dynamic interrupt appears as an updates chunk {__interrupt__: [...]}", async () => {
    const graph = new StateGraph({ channels: { some_text: null } })
      .addNode("human_node", (s) => ({ some_text: interrupt({ text_to_revise: s.some_text }) }))
      .addEdge(START, "human_node")
      .compile({ checkpointer: new MemorySaver() });
    const config = newThread();
    const items = await collect(graph.stream({ some_text: "x" }, { ...config, streamMode: ["values", "updates"] }));
    assert.equal(items.length, 3);
    assert.deepEqual(items[0], ["values", { some_text: "x" }]);
    const [mode, chunk] = items[1];
    assert.equal(mode, "updates");
    assert.deepEqual(chunk.__interrupt__.map((i) => i.value), [{ text_to_revise: "x" }]);
    // As LangGraph.js: in values mode the interrupt is a chunk of its own (the state came before).
    assert.deepEqual(items[2], ["values", { __interrupt__: chunk.__interrupt__ }]);

    const resumed = await collect(graph.stream(new Command({ resume: "edited" }), { ...config, streamMode: "updates" }));
    assert.deepEqual(resumed, [{ human_node: { some_text: "edited" } }]);
  });

  test("a static breakpoint appears as an updates chunk {__interrupt__: []}", async () => {
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("a", () => ({ x: 2 }))
      .addEdge(START, "a")
      .compile({ checkpointer: new MemorySaver(), interruptBefore: ["a"] });
    const items = await collect(graph.stream({ x: 1 }, { ...newThread(), streamMode: "updates" }));
    assert.deepEqual(items, [{ __interrupt__: [] }]);
  });
});

describe("subgraphs: true", () => {
  function nested() {
    const child = new StateGraph({ channels: { x: null } })
      .addNode("inner", (s, { writer }) => {
        writer({ from: "inner" });
        return { x: s.x + 1 };
      })
      .addEdge(START, "inner")
      .compile();
    return new StateGraph({ channels: { x: null } }).addNode("outer", child).addEdge(START, "outer").compile();
  }

  test("with a list of modes, items are [namespace[], mode, chunk]", async () => {
    const items = await collect(nested().stream({ x: 1 }, { streamMode: ["custom", "updates"], subgraphs: true }));
    assert.equal(items.length, 3);
    const [ns] = items[0];
    assert.equal(ns.length, 1);
    assert.match(ns[0], /^outer:/);
    assert.deepEqual(items, [
      [ns, "custom", { from: "inner" }],
      [ns, "updates", { inner: { x: 2 } }],
      [[], "updates", { outer: { x: 2 } }],
    ]);
  });

  test("with a single mode, items are [namespace[], chunk]", async () => {
    const items = await collect(nested().stream({ x: 1 }, { streamMode: "updates", subgraphs: true }));
    assert.equal(items.length, 2);
    assert.match(items[0][0][0], /^outer:/);
    assert.deepEqual(items[0][1], { inner: { x: 2 } });
    assert.deepEqual(items[1], [[], { outer: { x: 2 } }]);
  });

  test("without subgraphs: true, the subgraph's own chunks are not streamed, but its custom chunks are, as the parent's", async () => {
    // As in LangGraph.js (LangGraph's Python, and the Client's runs, send a subgraph's custom
    // chunks only with `subgraphs: true`).
    const graph = nested();
    assert.deepEqual(await collect(graph.stream({ x: 1 }, { streamMode: "updates" })), [{ outer: { x: 2 } }]);
    assert.deepEqual(await collect(graph.stream({ x: 1 }, { streamMode: "custom" })), [{ from: "inner" }]);
    assert.deepEqual(await collect(graph.stream({ x: 1 }, { streamMode: ["custom", "updates"] })), [
      ["custom", { from: "inner" }],
      ["updates", { outer: { x: 2 } }],
    ]);
  });
});

describe("consuming a stream", () => {
  /** `a` writes `log: ["a"]`, then `b` throws `error`. */
  const failingAtB = (error) =>
    new StateGraph({ channels: { log: "append" } })
      .addNode("a", () => ({ log: ["a"] }))
      .addNode("b", () => {
        throw error;
      })
      .addEdge(START, "a")
      .addEdge("a", "b")
      .compile();

  test('encoding: "text/event-stream" gives SSE bytes, and a failing node a last error event', async () => {
    const graph = failingAtB(new TypeError("b broke"));
    const decoder = new TextDecoder();
    const events = [];
    for await (const bytes of await graph.stream({ log: [] }, { encoding: "text/event-stream" })) {
      assert.ok(bytes instanceof Uint8Array);
      events.push(decoder.decode(bytes));
    }
    assert.deepEqual(events, [
      'event: updates\ndata: {"a":{"log":["a"]}}\n\n',
      'event: error\ndata: {"error":"TypeError","message":"b broke"}\n\n',
    ]);
  });

  test("for await works on graph.stream(...) and on await graph.stream(...)", async () => {
    const graph = twoSteps();
    const direct = await collect(graph.stream({ x: 0 }, { ...newThread(), streamMode: "values" }));
    const awaited = [];
    for await (const chunk of await graph.stream({ x: 0 }, { ...newThread(), streamMode: "values" })) awaited.push(chunk);
    assert.deepEqual(direct, [{ x: 0 }, { x: 1 }, { x: 2 }]);
    assert.deepEqual(awaited, direct);
  });

  test("a node failing mid-stream makes the loop throw after the earlier chunks", async () => {
    const graph = failingAtB(new Error("b broke"));
    const seen = [];
    await assert.rejects(
      async () => {
        for await (const chunk of graph.stream({ log: [] }, { streamMode: "updates" })) seen.push(chunk);
      },
      { name: "Error", message: "b broke" },
    );
    assert.deepEqual(seen, [{ a: { log: ["a"] } }]);
  });

  test("breaking out of the loop stops the run: later nodes are not called", async () => {
    const calls = [];
    const graph = new StateGraph({ channels: { log: "append" } })
      .addNode("a", () => {
        calls.push("a");
        return { log: ["a"] };
      })
      .addNode("b", async () => {
        calls.push("b");
        await sleep(5);
        return { log: ["b"] };
      })
      .addNode("c", () => {
        calls.push("c");
        return { log: ["c"] };
      })
      .addEdge(START, "a")
      .addEdge("a", "b")
      .addEdge("b", "c")
      .compile({ checkpointer: new MemorySaver() });
    const config = newThread();
    for await (const chunk of graph.stream({ log: [] }, { ...config, streamMode: "updates" })) {
      assert.deepEqual(chunk, { a: { log: ["a"] } });
      break;
    }
    await sleep(30);
    assert.ok(!calls.includes("c"), `c ran after the loop was left: ${calls}`);
    const state = await graph.getState(config);
    assert.deepEqual(state.values, { log: ["a"] });
    assert.deepEqual(state.next, ["b"]);
  });
});
