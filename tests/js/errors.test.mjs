// Failed runs: every error is a JS Error with a stable `name` and a message that says what
// went wrong where (node, key path).
import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { StateGraph, START, END, Command, MemorySaver } from "../../pkg/index.node.js";

async function failure(fn) {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  assert.fail("expected an error");
}

/** A one-node graph whose node `writer` returns `update`. */
function returning(update, channels = { x: null }) {
  return new StateGraph({ channels })
    .addNode("writer", () => update)
    .addEdge(START, "writer")
    .compile();
}

describe("recursion limit", () => {
  test("a self-loop (addEdge(n, n)) with recursionLimit 3 fails with GraphRecursionError", async () => {
    let calls = 0;
    const graph = new StateGraph({ channels: { n: null } })
      .addNode("loop", (s) => {
        calls++;
        return { n: s.n + 1 };
      })
      .addEdge(START, "loop")
      .addEdge("loop", "loop")
      .compile();
    const error = await failure(() => graph.invoke({ n: 0 }, { recursionLimit: 3 }));
    assert.equal(error.name, "GraphRecursionError");
    assert.equal(calls, 3);
  });

  test("a conditional loop that never ends runs the node recursionLimit times, then GraphRecursionError", async () => {
    let calls = 0;
    const graph = new StateGraph({ channels: { n: null } })
      .addNode("loop", (s) => {
        calls++;
        return { n: s.n + 1 };
      })
      .addEdge(START, "loop")
      .addConditionalEdges("loop", (s) => (s.n > 1000 ? END : "loop"))
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "loop" }, recursionLimit: 3 };
    const error = await failure(() => graph.invoke({ n: 0 }, config));
    assert.equal(error.name, "GraphRecursionError");
    assert.match(error.message, /Recursion limit of 3 reached/);
    assert.ok(error instanceof Error);
    assert.equal(calls, 3);
    // The last good checkpoint is kept, with the loop node still to run.
    const state = await graph.getState(config);
    assert.deepEqual(state.values, { n: 3 });
    assert.deepEqual(state.next, ["loop"]);
  });

  test("the default recursion limit is 25", async () => {
    const graph = new StateGraph({ channels: { n: null } })
      .addNode("loop", (s) => ({ n: s.n + 1 }))
      .addEdge(START, "loop")
      .addConditionalEdges("loop", (s) => (s.n > 1000 ? END : "loop"))
      .compile();
    await assert.rejects(graph.invoke({ n: 0 }), { name: "GraphRecursionError", message: /Recursion limit of 25 reached/ });
  });
});

describe("node failures", () => {
  class MyError extends Error {
    name = "MyError";
  }

  test("a sync node's own error reaches the caller unchanged: the same object, its class, its message", async () => {
    const thrown = new MyError("boom");
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("bad", () => {
        throw thrown;
      })
      .addEdge(START, "bad")
      .compile();
    const error = await failure(() => graph.invoke({ x: 0 }));
    assert.equal(error, thrown);
    assert.ok(error instanceof MyError);
    assert.equal(error.message, "boom");
  });

  test("an async node rejecting is reported the same way", async () => {
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("bad", async () => {
        await null;
        throw new MyError("later boom");
      })
      .addEdge(START, "bad")
      .compile();
    await assert.rejects(graph.invoke({ x: 0 }), (error) => error instanceof MyError && error.message === "later boom");
  });

  test("a TypeError inside a node reaches the caller as that TypeError", async () => {
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("bad", (s) => s.missing.field)
      .addEdge(START, "bad")
      .compile();
    await assert.rejects(graph.invoke({ x: 0 }), (error) => error instanceof TypeError && /field/.test(error.message));
  });

  test("a node's own error reaches a stream's reader unchanged too", async () => {
    const thrown = new MyError("streamed boom");
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("bad", () => {
        throw thrown;
      })
      .addEdge(START, "bad")
      .compile();
    const read = async () => {
      for await (const _ of graph.stream({ x: 0 })) {
        // nothing streams before the failure
      }
    };
    assert.equal(await failure(read), thrown);
  });

  test("a failed node leaves the thread at its last good checkpoint", async () => {
    let fail = true;
    const graph = new StateGraph({ channels: { log: "append" } })
      .addNode("a", () => ({ log: ["a"] }))
      .addNode("b", () => {
        if (fail) throw new Error("not yet");
        return { log: ["b"] };
      })
      .addEdge(START, "a")
      .addEdge("a", "b")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "retry" } };
    await assert.rejects(graph.invoke({ log: [] }, config), { name: "Error", message: "not yet" });
    const state = await graph.getState(config);
    assert.deepEqual(state.values, { log: ["a"] });
    assert.deepEqual(state.next, ["b"]);
    fail = false;
    assert.deepEqual(await graph.invoke(null, config), { log: ["a", "b"] });
  });
});

describe("retrying a failed run", () => {
  test("invoke(null) after a failure re-runs only the failed task, not its finished sibling", async () => {
    const calls = [];
    let down = true;
    const graph = new StateGraph({ channels: { a: null, c: null } })
      .addNode("fine", () => {
        calls.push("fine");
        return { a: 1 };
      })
      .addNode("flaky", async () => {
        calls.push("flaky");
        await null;
        if (down) throw new Error("service down");
        return { c: 3 };
      })
      .addEdge(START, "fine")
      .addEdge(START, "flaky")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "sibling" } };
    await assert.rejects(graph.invoke({}, config), { name: "Error", message: "service down" });
    const state = await graph.getState(config);
    assert.deepEqual(state.next, ["flaky"]);
    const failed = state.tasks.find((t) => t.name === "flaky");
    assert.match(JSON.stringify(failed.error), /service down/);
    down = false;
    assert.deepEqual(await graph.invoke(null, config), { a: 1, c: 3 });
    assert.deepEqual(calls.sort(), ["fine", "flaky", "flaky"]);
  });
});

describe("state values JSON cannot hold", () => {
  // As in LangGraph.js, the state holds what nodes return, whatever it is. A value is encoded
  // only when a checkpoint is saved; one that cannot be is refused then, naming the node and the
  // path, and nothing of that step is saved.
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  const cases = [
    ["a function", { x: { deep: [1, () => 1] } }, "x.deep[1]", /function/],
    ["a Symbol", { x: Symbol("s") }, "x", /symbol/],
    ["a BigInt", { x: 1n }, "x", /BigInt/],
    ["a cyclic object", { x: cyclic }, "x.self", /cyclic/],
    ["NaN", { x: NaN }, "x", /NaN/],
  ];

  /** `writer` returns `update`; `reader` records the `x` it gets. */
  function writerThenReader(update, compileOptions) {
    const seen = [];
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("writer", () => update)
      .addNode("reader", (state) => {
        seen.push(state.x);
        return {};
      })
      .addEdge(START, "writer")
      .addEdge("writer", "reader")
      .compile(compileOptions);
    return { graph, seen };
  }

  for (const [what, update, path, found] of cases) {
    test(`without a checkpointer, ${what} reaches the next node as it is`, async () => {
      const { graph, seen } = writerThenReader(update);
      const out = await graph.invoke({ x: 0 });
      assert.ok(Object.is(seen[0], update.x), "the reader got the writer's own value");
      assert.ok(Object.is(out.x, update.x));
    });

    test(`with a checkpointer, a node returning ${what} gets an InvalidUpdateError naming the node and '${path}'`, async () => {
      const { graph, seen } = writerThenReader(update, { checkpointer: new MemorySaver() });
      const config = { configurable: { thread_id: "t" } };
      const error = await failure(() => graph.invoke({ x: 0 }, config));
      assert.equal(error.name, "InvalidUpdateError");
      assert.match(error.message, /'writer'/);
      assert.ok(error.message.includes(`'${path}'`), `message names the path '${path}': ${error.message}`);
      assert.match(error.message, found);
      assert.deepEqual(seen, [], "the next node did not run");
      const state = await graph.getState(config);
      assert.deepEqual(state.values, { x: 0 }, "the thread is at its last good checkpoint");
      assert.deepEqual(state.next, ["writer"]);
    });
  }

  test("under sync and async durability, a value refused at a later step leaves the thread at its last good checkpoint", async () => {
    // Under `async` the steps a run makes before its saver catches up are saved together; a
    // value refused in the last of them must not take the earlier ones (the input, the first
    // node's step) with it.
    const histories = {};
    for (const durability of ["sync", "async"]) {
      const graph = new StateGraph({ channels: { x: null, f: null } })
        .addNode("a", (s) => ({ x: s.x + 1 }))
        .addNode("b", () => ({ f: () => 1 }))
        .addEdge(START, "a")
        .addEdge("a", "b")
        .addEdge("b", END)
        .compile({ checkpointer: new MemorySaver() });
      const config = { configurable: { thread_id: durability } };
      await assert.rejects(graph.invoke({ x: 1 }, { ...config, durability }), { name: "InvalidUpdateError", message: /'b'.*function at 'f'/s });
      const history = [];
      for await (const snapshot of graph.getStateHistory(config)) history.push([snapshot.metadata.step, snapshot.values, snapshot.next]);
      histories[durability] = history;
    }
    const lastGood = [1, { x: 2 }, ["b"]];
    assert.deepEqual(histories.sync, [lastGood, [0, { x: 1 }, ["a"]], [-1, {}, ["__start__"]]]);
    assert.deepEqual(histories.async, histories.sync);
  });

  test("with a checkpointer, a string with an unpaired surrogate inside a value is refused when saved, not when read", async () => {
    const { graph, seen } = writerThenReader({ x: { note: "a\ud800b" } }, { checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "surrogate" } };
    const error = await failure(() => graph.invoke({ x: 0 }, config));
    assert.equal(error.name, "InvalidUpdateError");
    assert.match(error.message, /'writer'.*unpaired surrogate/s);
    assert.deepEqual(seen, []);
    const state = await graph.getState(config);
    assert.deepEqual(state.values, { x: 0 }, "the thread reads back, at its last good checkpoint");
    // A long one too (the engine escapes long strings itself, well-formed ones only), beside a long well-formed one.
    const long = writerThenReader({ x: { fine: "z".repeat(600), note: "y".repeat(600) + "\udc00" } }, { checkpointer: new MemorySaver() });
    const longError = await failure(() => long.graph.invoke({ x: 0 }, { configurable: { thread_id: "long" } }));
    assert.match(longError.message, /'writer'.*unpaired surrogate/s);
    // A pair is fine, and so is a backslash followed by the text "ud800".
    const fine = writerThenReader({ x: { note: "\ud83d\ude00 \\ud800" } }, { checkpointer: new MemorySaver() });
    await fine.graph.invoke({ x: 0 }, { configurable: { thread_id: "pair" } });
    assert.deepEqual((await fine.graph.getState({ configurable: { thread_id: "pair" } })).values.x, { note: "\ud83d\ude00 \\ud800" });
  });

  test("with a checkpointer, a function in the input is refused naming the key, and nothing is saved", async () => {
    const g = new StateGraph({ channels: { x: null } })
      .addNode("writer", () => ({}))
      .addEdge(START, "writer")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "input" } };
    await assert.rejects(g.invoke({ x: () => 1 }, config), { name: "InvalidUpdateError", message: /function at 'x'/ });
    assert.equal((await g.getState(config)).createdAt, undefined);
  });

  test("what LangGraph.js's serializer keeps survives a checkpoint: Map, Set, Uint8Array, undefined; a Date becomes its ISO string", async () => {
    const when = new Date("2024-01-02T03:04:05.000Z");
    const value = { m: new Map([["k", 1]]), s: new Set([1, 2]), b: new Uint8Array([1, 2]), u: undefined, when };
    const { graph, seen } = writerThenReader({ x: value }, { checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "kept" } };
    await graph.invoke({ x: 0 }, config);
    assert.ok(seen[0].when instanceof Date, "within the run, a value is the node's own");
    const saved = (await graph.getState(config)).values.x;
    assert.ok(saved.m instanceof Map && saved.m.get("k") === 1);
    assert.ok(saved.s instanceof Set && saved.s.has(2));
    assert.ok(saved.b instanceof Uint8Array && saved.b[1] === 2);
    assert.ok("u" in saved && saved.u === undefined);
    assert.equal(saved.when, "2024-01-02T03:04:05.000Z");
  });
});

describe("invalid updates", () => {
  test("a node writing an unknown key gets an InvalidUpdateError naming the node and the key", async () => {
    const error = await failure(() => returning({ y: 1 }).invoke({ x: 0 }));
    assert.equal(error.name, "InvalidUpdateError");
    assert.match(error.message, /'writer'/);
    assert.match(error.message, /'y'/);
  });

  test("a node returning a non-object gets an InvalidUpdateError", async () => {
    await assert.rejects(returning(5).invoke({ x: 0 }), { name: "InvalidUpdateError", message: /'writer'/ });
  });

  test("a reducer that throws fails the run with the reducer's own error (as LangGraph.js)", async () => {
    const thrown = new TypeError("cannot add");
    const channels = {
      total: {
        reducer: () => {
          throw thrown;
        },
        default: () => 0,
      },
    };
    await assert.rejects(returning({ total: 1 }, channels).invoke({}), (error) => error === thrown);
  });
});

describe("config and input errors", () => {
  const graph = () =>
    new StateGraph({ channels: { x: null } })
      .addNode("a", () => ({}))
      .addEdge(START, "a")
      .compile({ checkpointer: new MemorySaver() });

  test("invoking a graph with a checkpointer without a thread_id rejects", async () => {
    await assert.rejects(graph().invoke({ x: 1 }), { name: "InvalidConfigError", message: /thread_id/ });
    await assert.rejects(graph().invoke({ x: 1 }, { configurable: {} }), { name: "InvalidConfigError" });
  });

  test("getState on a graph without a checkpointer is a MissingCheckpointerError", async () => {
    const plain = new StateGraph({ channels: { x: null } }).addNode("a", () => ({})).addEdge(START, "a").compile();
    await assert.rejects(plain.getState({ configurable: { thread_id: "t" } }), { name: "MissingCheckpointerError" });
  });

  test("invoke(null) on a thread with nothing to resume is an EmptyInputError", async () => {
    await assert.rejects(graph().invoke(null, { configurable: { thread_id: "empty" } }), { name: "EmptyInputError" });
  });

  test("Command({resume}) on a graph without a checkpointer is a MissingCheckpointerError", async () => {
    const plain = new StateGraph({ channels: { x: null } }).addNode("a", () => ({})).addEdge(START, "a").compile();
    await assert.rejects(plain.invoke(new Command({ resume: 1 })), { name: "MissingCheckpointerError" });
  });

  test("an unknown durability is refused", async () => {
    await assert.rejects(async () => graph().invoke({ x: 1 }, { configurable: { thread_id: "d" }, durability: "later" }), {
      name: "InvalidArgumentError",
      message: /later/,
    });
  });

  test("invoke, getState and updateState report bad arguments as rejected promises, never as synchronous throws", async () => {
    // Like LangGraph.js's async methods: `graph.invoke(…).catch(…)` must see every error.
    const g = graph();
    const thread = { configurable: { thread_id: "args" } };
    const calls = {
      "invoke(non-JSON input)": () => g.invoke({ x: () => 1 }, thread),
      "invoke(unknown durability)": () => g.invoke({ x: 1 }, { ...thread, durability: "later" }),
      "invoke(configurable not an object)": () => g.invoke({ x: 1 }, { configurable: "t" }),
      "getState(configurable not an object)": () => g.getState({ configurable: "t" }),
      "updateState(non-JSON values)": () => g.updateState(thread, { x: () => 1 }),
    };
    for (const [call, fn] of Object.entries(calls)) {
      let result;
      try {
        result = fn();
      } catch (error) {
        assert.fail(`${call} threw synchronously (${error.name}: ${error.message}) instead of returning a rejected promise`);
      }
      assert.ok(result instanceof Promise, `${call} returns a promise`);
      await assert.rejects(result, (error) => error instanceof Error && typeof error.name === "string", call);
    }
  });
});
