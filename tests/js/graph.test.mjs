// The StateGraph builder: channels and reducers, nodes, edges, Command/Send routing, subgraphs,
// the node runtime, and what compile() refuses.
import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { StateGraph, START, END, Command, Send, MemorySaver, interrupt } from "../../pkg/index.node.js";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A graph where nodes `a` and `b` run in parallel from START and return the given updates. */
function parallel(channels, updateA, updateB) {
  return new StateGraph({ channels })
    .addNode("a", () => updateA)
    .addNode("b", () => updateB)
    .addEdge(START, "a")
    .addEdge(START, "b")
    .compile();
}

/** Runs `fn` and returns the error it throws or rejects with (fails if it does not). */
async function failure(fn) {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  assert.fail("expected an error");
}

describe("channels", () => {
  test("a plain key (null) takes the last value", async () => {
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("a", (s) => ({ x: s.x + 1 }))
      .addNode("b", (s) => ({ x: s.x * 10 }))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .compile();
    assert.deepEqual(await graph.invoke({ x: 1 }), { x: 20 });
  });

  test("two parallel writes to a plain key fail with InvalidUpdateError", async () => {
    const error = await failure(() => parallel({ x: null }, { x: 1 }, { x: 2 }).invoke({}));
    assert.equal(error.name, "InvalidUpdateError");
    assert.match(error.message, /'x'/);
  });

  test('"append" concatenates lists and appends single values', async () => {
    assert.deepEqual(await parallel({ x: "append" }, { x: [1] }, { x: [2, 3] }).invoke({ x: [0] }), { x: [0, 1, 2, 3] });
    assert.deepEqual(await parallel({ x: "append" }, { x: 1 }, { x: 2 }).invoke({ x: [0] }), { x: [0, 1, 2] });
  });

  test('"add" adds numbers and concatenates strings', async () => {
    assert.deepEqual(await parallel({ x: "add" }, { x: 1 }, { x: 2 }).invoke({ x: 10 }), { x: 13 });
    assert.deepEqual(await parallel({ x: "add" }, { x: "b" }, { x: "c" }).invoke({ x: "a" }), { x: "abc" });
  });

  test('"merge" merges objects key by key', async () => {
    const graph = parallel({ x: "merge" }, { x: { a: 1 } }, { x: { b: 2 } });
    assert.deepEqual(await graph.invoke({ x: { a: 0, c: 3 } }), { x: { a: 1, b: 2, c: 3 } });
  });

  test('"messages" coerces messages to LangChain\'s shape and assigns ids to new ones', async () => {
    const graph = parallel({ m: "messages" }, { m: [{ role: "user", content: "hi" }] }, { m: { role: "ai", content: "yo" } });
    const { m } = await graph.invoke({});
    assert.deepEqual(
      m.map(({ type, content, role }) => ({ type, content, role })),
      [
        { type: "human", content: "hi", role: undefined },
        { type: "ai", content: "yo", role: undefined },
      ],
    );
    assert.deepEqual(m[0].additional_kwargs, {});
    assert.deepEqual(m[1].tool_calls, []);
    for (const message of m) assert.equal(typeof message.id, "string");
    assert.notEqual(m[0].id, m[1].id);
  });

  test('"messages" replaces a message with the same id in place', async () => {
    const graph = parallel({ m: "messages" }, { m: [{ id: "1", role: "ai", content: "new" }] }, {});
    const input = { m: [{ id: "1", role: "ai", content: "old" }, { id: "2", role: "user", content: "keep" }] };
    const ai = (content) => ({ content, additional_kwargs: {}, response_metadata: {}, type: "ai", id: "1", tool_calls: [], invalid_tool_calls: [] });
    const human = { content: "keep", additional_kwargs: {}, response_metadata: {}, type: "human", id: "2" };
    assert.deepEqual(await graph.invoke(input), { m: [ai("new"), human] });
  });

  test("a reducer function with a default folds every write", async () => {
    const channels = { total: { reducer: (a, b) => a + b, default: () => 0 } };
    assert.deepEqual(await parallel(channels, { total: 1 }, { total: 2 }).invoke({}), { total: 3 });
    assert.deepEqual(await parallel(channels, { total: 1 }, { total: 2 }).invoke({ total: 5 }), { total: 8 });
  });

  test("{reducer: <built-in name>, default} combines a built-in reducer with a starting value", async () => {
    const graph = parallel({ m: { reducer: "merge", default: { z: 0 } } }, { m: { a: 1 } }, { m: { b: 2 } });
    assert.deepEqual(await graph.invoke({}), { m: { z: 0, a: 1, b: 2 } });
  });

  test("a plain key with a default starts with it", async () => {
    const graph = parallel({ mode: { default: () => "draft" }, n: { default: 7 }, x: null }, { x: 1 }, {});
    assert.deepEqual(await graph.invoke({}), { mode: "draft", n: 7, x: 1 });
  });

  test("a reducer that returns a Promise fails the run", async () => {
    const channels = { total: { reducer: async (a, b) => a + b, default: () => 0 } };
    const error = await failure(() => parallel(channels, { total: 1 }, { total: 2 }).invoke({}));
    assert.equal(error.name, "InvalidUpdateError");
    assert.match(error.message, /Promise/);
    assert.match(error.message, /'total'/);
  });

  test("an unknown reducer name is refused when the graph is declared", () => {
    assert.throws(() => new StateGraph({ channels: { x: "concat" } }), { name: "InvalidArgumentError", message: /concat/ });
  });
});

describe("nodes", () => {
  test("sync and async nodes both update the state", async () => {
    const graph = new StateGraph({ channels: { log: "append" } })
      .addNode("sync", () => ({ log: ["sync"] }))
      .addNode("async", async () => {
        await sleep(1);
        return { log: ["async"] };
      })
      .addEdge(START, "sync")
      .addEdge("sync", "async")
      .addEdge("async", END)
      .compile();
    assert.deepEqual(await graph.invoke({ log: [] }), { log: ["sync", "async"] });
  });

  test("a node returning nothing leaves the state as it is", async () => {
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("a", () => undefined)
      .addNode("b", () => null)
      .addEdge(START, "a")
      .addEdge("a", "b")
      .compile();
    assert.deepEqual(await graph.invoke({ x: 1 }), { x: 1 });
  });

  test("a node returning Command({goto, update}) updates and routes", async () => {
    const graph = new StateGraph({ channels: { log: "append" } })
      .addNode("a", () => new Command({ goto: "c", update: { log: ["a"] } }), { ends: ["b", "c"] })
      .addNode("b", () => ({ log: ["b"] }))
      .addNode("c", () => ({ log: ["c"] }))
      .addEdge(START, "a")
      .compile();
    assert.deepEqual(await graph.invoke({ log: [] }), { log: ["a", "c"] });
  });

  test("Command({goto}) can send to the same node several times", async () => {
    const graph = new StateGraph({ channels: { log: "append" } })
      // As in LangGraph.js, a node that only Commands lead to is declared in the sender's `ends`.
      .addNode("a", () => new Command({ goto: [new Send("c", { v: 1 }), new Send("c", { v: 2 })] }), { ends: ["c"] })
      .addNode("c", (s) => ({ log: [s.v] }))
      .addEdge(START, "a")
      .compile();
    assert.deepEqual(await graph.invoke({ log: [] }), { log: [1, 2] });
  });

  test("Sends from a conditional edge fan out, and results keep the Send order even when later tasks finish first", async () => {
    const finished = [];
    const graph = new StateGraph({ channels: { items: "append" } })
      .addNode("gen", async (s) => {
        await sleep(40 - s.n * 10); // n=3 finishes first, n=1 last
        finished.push(s.n);
        return { items: [s.n] };
      })
      .addConditionalEdges(START, () => [1, 2, 3].map((n) => new Send("gen", { n })))
      .compile();
    assert.deepEqual(await graph.invoke({ items: [] }), { items: [1, 2, 3] });
    assert.deepEqual(finished, [3, 2, 1]);
  });

  test("a Send node gets the Send's argument as its input", async () => {
    let seen;
    const graph = new StateGraph({ channels: { items: "append", other: null } })
      .addNode("gen", (input) => {
        seen = input;
        return {};
      })
      .addConditionalEdges(START, () => new Send("gen", { only: "this" }))
      .compile();
    await graph.invoke({ items: [], other: 1 });
    assert.deepEqual(seen, { only: "this" });
  });

  test("a retryPolicy runs a failing node again until it succeeds", async () => {
    let attempts = 0;
    const graph = new StateGraph({ channels: { x: null } })
      .addNode(
        "flaky",
        () => {
          attempts++;
          if (attempts < 3) {
            const error = new Error("connection reset");
            error.name = "ConnectionError";
            throw error;
          }
          return { x: attempts };
        },
        { retryPolicy: { maxAttempts: 3, initialInterval: 1, jitter: false } },
      )
      .addEdge(START, "flaky")
      .compile();
    assert.deepEqual(await graph.invoke({ x: 0 }), { x: 3 });
  });

  test("a retryPolicy gives up after maxAttempts, and retryOn picks the errors to retry", async () => {
    let attempts = 0;
    const failing = (retryOn) =>
      new StateGraph({ channels: { x: null } })
        .addNode(
          "flaky",
          () => {
            attempts++;
            throw new Error("still down");
          },
          { retryPolicy: { maxAttempts: 2, initialInterval: 1, retryOn } },
        )
        .addEdge(START, "flaky")
        .compile();
    await assert.rejects(failing(() => true).invoke({ x: 0 }), { name: "Error", message: "still down" });
    assert.equal(attempts, 2);
    attempts = 0;
    await assert.rejects(failing(() => false).invoke({ x: 0 }), { message: "still down" });
    assert.equal(attempts, 1);
  });

  test("a node's runtime has config.configurable.thread_id, context and node", async () => {
    let seen;
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("n", (state, { config, context, node }) => {
        seen = { thread_id: config.configurable.thread_id, user: config.configurable.user, context, node };
        return {};
      })
      .addEdge(START, "n")
      .compile({ checkpointer: new MemorySaver() });
    await graph.invoke({ x: 1 }, { configurable: { thread_id: "T9", user: "ann" }, context: { model: "m1" } });
    assert.deepEqual(seen, { thread_id: "T9", user: "ann", context: { model: "m1" }, node: "n" });
  });

  test("a run config's __proto__ key is data: it does not become the prototype the engine reads options through", async () => {
    const seen = [];
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("a", () => ({ x: 1 }))
      .addNode("b", (state, { config }) => (seen.push(config.configurable.user), { x: 2 }))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .compile({ checkpointer: new MemorySaver() });
    // Were `__proto__` assigned, the engine would read recursionLimit 1 through it and stop after "a".
    const config = JSON.parse('{"__proto__": {"recursionLimit": 1}, "configurable": {"thread_id": "p1", "user": "ann", "__proto__": {"user": "eve"}}}');
    assert.deepEqual(await graph.invoke({ x: 0 }, config), { x: 2 });
    assert.deepEqual(seen, ["ann"]);
    assert.equal({}.recursionLimit, undefined);
  });
});

describe("deferred nodes", () => {
  const trail = { trail: { reducer: (a, b) => a.concat(b), default: () => [] } };
  const step = (name) => () => ({ trail: [name] });

  test("a deferred node runs once, after the longest branch that leads to it", async () => {
    const graph = (defer) =>
      new StateGraph({ channels: trail })
        .addNode("a", step("a"))
        .addNode("b", step("b"))
        .addNode("b2", step("b2"))
        .addNode("c", step("c"))
        .addNode("d", step("d"), { defer })
        .addEdge(START, "a")
        .addEdge("a", "b")
        .addEdge("a", "c")
        .addEdge("b", "b2")
        .addEdge("b2", "d")
        .addEdge("c", "d")
        .compile();
    assert.deepEqual((await graph(true).invoke({})).trail, ["a", "b", "c", "b2", "d"]);
    assert.deepEqual((await graph(false).invoke({})).trail, ["a", "b", "c", "b2", "d", "d"]);
  });

  test("a deferred subgraph node waits too", async () => {
    const inner = new StateGraph({ channels: trail }).addNode("i", step("i")).addEdge(START, "i").compile();
    const graph = new StateGraph({ channels: trail })
      .addNode("x", step("x"))
      .addNode("x2", step("x2"))
      .addNode("y", step("y"))
      .addNode("inner", inner, { defer: true })
      .addEdge(START, "x")
      .addEdge(START, "y")
      .addEdge("x", "x2")
      .addEdge("x2", "inner")
      .addEdge("y", "inner")
      .compile();
    // The subgraph returns its whole trail (the parent's, then "i"), which the reducer appends:
    // one run of it, after x2.
    assert.deepEqual((await graph.invoke({})).trail, ["x", "y", "x2", "x", "y", "x2", "i"]);
  });
});

describe("edges", () => {
  function router(pathMap) {
    return new StateGraph({ channels: { log: "append", route: null } })
      .addNode("a", () => ({ log: ["a"] }))
      .addNode("b", () => ({ log: ["b"] }))
      .addNode("c", () => ({ log: ["c"] }))
      .addEdge(START, "a")
      .addConditionalEdges("a", (s) => s.route, pathMap)
      .compile();
  }

  test("a conditional edge with a path map given as an array", async () => {
    assert.deepEqual(await router(["b", "c"]).invoke({ log: [], route: "c" }), { log: ["a", "c"], route: "c" });
  });

  test("a conditional edge with a path map given as an object, including END", async () => {
    const graph = router({ go_b: "b", go_c: "c", done: END });
    assert.deepEqual(await graph.invoke({ log: [], route: "go_b" }), { log: ["a", "b"], route: "go_b" });
    assert.deepEqual(await graph.invoke({ log: [], route: "done" }), { log: ["a"], route: "done" });
  });

  test("a conditional edge without a path map can return several node names", async () => {
    assert.deepEqual(await router(undefined).invoke({ log: [], route: ["b", "c"] }), {
      log: ["a", "b", "c"],
      route: ["b", "c"],
    });
  });

  test("a conditional edge returning a key outside its path map fails the run", async () => {
    const error = await failure(() => router({ go_b: "b", go_c: "c" }).invoke({ log: [], route: "nowhere" }));
    assert.equal(error.name, "InvalidUpdateError");
    assert.match(error.message, /nowhere/);
  });

  test("addEdge([a, b], c) waits for both sources", async () => {
    const graph = new StateGraph({ channels: { log: "append" } })
      .addNode("a", async () => {
        await sleep(10);
        return { log: ["a"] };
      })
      .addNode("b", () => ({ log: ["b"] }))
      .addNode("b2", () => ({ log: ["b2"] }))
      .addNode("c", (s) => ({ log: [`c saw ${s.log.length}`] }))
      .addEdge(START, "a")
      .addEdge(START, "b")
      .addEdge("b", "b2")
      .addEdge(["a", "b2"], "c")
      .addEdge("c", END)
      .compile();
    assert.deepEqual(await graph.invoke({ log: [] }), { log: ["a", "b", "b2", "c saw 3"] });
  });

  test("addSequence chains nodes given as [name, fn] pairs", async () => {
    const graph = new StateGraph({ channels: { log: "append" } })
      .addSequence([
        ["a", () => ({ log: ["a"] })],
        ["b", () => ({ log: ["b"] })],
        ["c", () => ({ log: ["c"] })],
      ])
      .addEdge(START, "a")
      .compile();
    assert.deepEqual(await graph.invoke({ log: [] }), { log: ["a", "b", "c"] });
  });

  test("addSequence also takes an object of nodes", async () => {
    const graph = new StateGraph({ channels: { log: "append" } })
      .addSequence({ a: () => ({ log: ["a"] }), b: () => ({ log: ["b"] }) })
      .addEdge(START, "a")
      .compile();
    assert.deepEqual(await graph.invoke({ log: [] }), { log: ["a", "b"] });
  });

  test("a loop that only ever stops at an interrupt compiles and runs (END need not be reachable)", async () => {
    // LangGraph compiles graphs with no path to END (e.g. a chat loop that always waits for
    // the user); the run stops at each interrupt.
    const graph = new StateGraph({ channels: { msgs: "append" } })
      .addNode("agent", () => ({ msgs: ["agent"] }))
      .addNode("human", () => ({ msgs: [interrupt("your turn")] }))
      .addEdge(START, "agent")
      .addEdge("agent", "human")
      .addEdge("human", "agent")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "chat" } };
    const first = await graph.invoke({ msgs: [] }, config);
    assert.deepEqual(first.msgs, ["agent"]);
    assert.equal(first.__interrupt__[0].value, "your turn");
    const second = await graph.invoke(new Command({ resume: "hello" }), config);
    assert.deepEqual(second.msgs, ["agent", "hello", "agent"]);
    assert.equal(second.__interrupt__.length, 1);
  });
});

describe("subgraphs", () => {
  test("a compiled graph used as a node runs on the shared keys", async () => {
    const child = new StateGraph({ channels: { text: null } })
      .addNode("shout", (s) => ({ text: s.text.toUpperCase() }))
      .addEdge(START, "shout")
      .compile();
    const graph = new StateGraph({ channels: { text: null } })
      .addNode("child", child)
      .addNode("post", (s) => ({ text: `${s.text}!` }))
      .addEdge(START, "child")
      .addEdge("child", "post")
      .compile();
    assert.deepEqual(await graph.invoke({ text: "hi" }), { text: "HI!" });
  });

  test("a subgraph that declares only some of the parent's keys ignores the others", async () => {
    // LangGraph passes the parent state in and the subgraph reads only its own keys.
    const child = new StateGraph({ channels: { text: null } })
      .addNode("shout", (s) => ({ text: s.text.toUpperCase() }))
      .addEdge(START, "shout")
      .compile();
    const graph = new StateGraph({ channels: { text: null, log: "append" } })
      .addNode("pre", () => ({ log: ["pre"] }))
      .addNode("child", child)
      .addNode("post", (s) => ({ log: [`post:${s.text}`] }))
      .addEdge(START, "pre")
      .addEdge("pre", "child")
      .addEdge("child", "post")
      .compile();
    assert.deepEqual(await graph.invoke({ text: "hi", log: [] }), { text: "HI", log: ["pre", "post:HI"] });
  });

  test("Command({graph: Command.PARENT}) from a subgraph node updates and routes the parent", async () => {
    assert.equal(Command.PARENT, "__parent__");
    const child = new StateGraph({ channels: { log: "append" } })
      .addNode("s", () => new Command({ graph: Command.PARENT, goto: "target", update: { log: ["from sub"] } }))
      .addEdge(START, "s")
      .compile();
    const graph = new StateGraph({ channels: { log: "append" } })
      .addNode("child", child, { ends: ["target"] })
      .addNode("target", () => ({ log: ["target"] }))
      .addNode("other", () => ({ log: ["other"] }))
      .addEdge(START, "child")
      .addEdge("child", "other")
      .compile();
    // As in LangGraph, the parent runs the child node's static edges too.
    assert.deepEqual(await graph.invoke({ log: [] }), { log: ["from sub", "other", "target"] });
  });
});

describe("compile errors", () => {
  const node = () => ({});

  test("a duplicate node name is a GraphValidationError", () => {
    const graph = new StateGraph({ channels: { x: null } }).addNode("a", node);
    assert.throws(() => graph.addNode("a", node), { name: "GraphValidationError", message: /'a' already exists/ });
  });

  test("an edge to an unknown node is a GraphValidationError", () => {
    const graph = new StateGraph({ channels: { x: null } }).addNode("a", node).addEdge(START, "a").addEdge("a", "zzz");
    assert.throws(() => graph.compile(), { name: "GraphValidationError", message: /zzz/ });
  });

  test("a graph without an edge from START is a GraphValidationError", () => {
    const graph = new StateGraph({ channels: { x: null } }).addNode("a", node);
    assert.throws(() => graph.compile(), { name: "GraphValidationError", message: /entry point/ });
  });

  test("a path map naming an unknown node is a GraphValidationError", () => {
    const graph = new StateGraph({ channels: { x: null } })
      .addNode("a", node)
      .addEdge(START, "a")
      .addConditionalEdges("a", () => "b", ["b"]);
    assert.throws(() => graph.compile(), { name: "GraphValidationError", message: /'b'/ });
  });

  test("a breakpoint on an unknown node is a GraphValidationError", () => {
    const graph = new StateGraph({ channels: { x: null } }).addNode("a", node).addEdge(START, "a");
    assert.throws(() => graph.compile({ interruptBefore: ["zz"] }), { name: "GraphValidationError", message: /zz/ });
  });

  test("LangGraph.js options not implemented here are refused by name, not ignored", () => {
    const graph = () => new StateGraph({ channels: { x: null } });
    assert.throws(() => graph().addNode("a", node, { errorHandler: () => ({}) }), {
      name: "GraphValidationError",
      message: /addNode\("a", …\): `errorHandler` is not supported by langgraph-wasm yet \(a node's error reaches the caller instead\)/,
    });
    assert.throws(() => graph().addNode("a", node, { timeout: 1000 }), { name: "GraphValidationError", message: /`timeout`/ });
    assert.throws(() => graph().addNode([["a", node, { timeout: 5 }]]), { name: "GraphValidationError", message: /`timeout`/ });
    const built = graph().addNode("a", node, { cachePolicy: { ttl: 5 } }).addEdge(START, "a");
    assert.throws(() => built.compile({ cache: {} }), { name: "GraphValidationError", message: /compile\(…\): `cache`/ });
    // A cache policy without a cache does nothing on LangGraph.js either.
    assert.ok(built.compile());
  });

  test("a checkpointer that is not one of this package's savers is refused by name", async () => {
    // What a LangGraph.js checkpointer looks like to us: an object with getTuple/put/putWrites/list.
    class SqliteSaver {
      async getTuple() {}
      async put() {}
      async putWrites() {}
      async *list() {}
    }
    const graph = () => new StateGraph({ channels: { x: null } }).addNode("a", node).addEdge(START, "a");
    assert.throws(() => graph().compile({ checkpointer: new SqliteSaver() }), {
      name: "GraphValidationError",
      message: /^compile\(\{ checkpointer \}\): the checkpointer must be langgraph-wasm's MemorySaver or IndexedDBSaver; got SqliteSaver\. LangGraph\.js checkpointers/,
    });
    // `null`, `false` and `true` (a subgraph's own threads) stay accepted.
    for (const checkpointer of [null, false, true, undefined]) assert.ok(graph().compile({ checkpointer }));
    assert.deepEqual(await graph().compile({ checkpointer: new MemorySaver() }).invoke({ x: 1 }, { configurable: { thread_id: "t" } }), { x: 1 });
  });

  test("defer must be a boolean", () => {
    assert.throws(() => new StateGraph({ channels: { x: null } }).addNode("a", node, { defer: "yes" }).addEdge(START, "a").compile(), {
      name: "InvalidArgumentError",
      message: "options.defer must be a boolean; got a string",
    });
  });

  test("reserved names and node names equal to state keys are refused", () => {
    assert.throws(() => new StateGraph({ channels: { x: null } }).addNode(END, node), { name: "GraphValidationError" });
    assert.throws(() => new StateGraph({ channels: { x: null } }).addNode("x", node), { name: "GraphValidationError" });
  });

  test("an edge into START is refused", () => {
    const graph = new StateGraph({ channels: { x: null } }).addNode("a", node).addEdge(START, "a");
    assert.throws(() => graph.addEdge("a", START).compile(), { name: "GraphValidationError" });
  });

  test("a node that is neither a function nor a compiled graph is a TypeError", () => {
    assert.throws(() => new StateGraph({ channels: { x: null } }).addNode("a", 5), TypeError);
  });
});
