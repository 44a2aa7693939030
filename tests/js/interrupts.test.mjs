// Human in the loop: dynamic interrupt() and runtime.interrupt, resuming with Command({resume}),
// static breakpoints (interruptBefore / interruptAfter), and the errors around resuming.
import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { StateGraph, START, END, Command, Send, MemorySaver, interrupt } from "../../pkg/index.node.js";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const INTERRUPT_ID = /^[0-9a-f]{32}$/;
let threads = 0;
const newThread = () => ({ configurable: { thread_id: `thread-${++threads}` } });

async function failure(fn) {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  assert.fail("expected an error");
}

/** The seed document's graph: one node that asks a person to revise `some_text`. */
function seedGraph(node) {
  return new StateGraph({ channels: { some_text: null } })
    .addNode("human_node", node)
    .addEdge(START, "human_node")
    .compile({ checkpointer: new MemorySaver() });
}

describe("dynamic interrupts", () => {
  test("seed flow: interrupt() pauses with __interrupt__ [{value, id}], Command({resume}) finishes with the edit", async () => {
    const graph = seedGraph((state) => ({ some_text: interrupt({ text_to_revise: state.some_text }) }));
    const config = newThread();

    const paused = await graph.invoke({ some_text: "original text" }, config);
    assert.deepEqual(Object.keys(paused).sort(), ["__interrupt__", "some_text"]);
    assert.equal(paused.some_text, "original text");
    assert.equal(paused.__interrupt__.length, 1);
    const [pending] = paused.__interrupt__;
    assert.deepEqual(Object.keys(pending).sort(), ["id", "value"]);
    assert.deepEqual(pending.value, { text_to_revise: "original text" });
    assert.match(pending.id, INTERRUPT_ID);

    const state = await graph.getState(config);
    assert.deepEqual(state.next, ["human_node"]);
    assert.equal(state.tasks.length, 1);
    assert.equal(state.tasks[0].name, "human_node");
    assert.deepEqual(state.tasks[0].interrupts, [pending]);

    assert.deepEqual(await graph.invoke(new Command({ resume: "Edited text" }), config), { some_text: "Edited text" });
    assert.deepEqual((await graph.getState(config)).next, []);
  });

  test("runtime.interrupt works after an await in an async node", async () => {
    const graph = seedGraph(async (state, runtime) => {
      await sleep(1);
      return { some_text: runtime.interrupt({ text_to_revise: state.some_text }) };
    });
    const config = newThread();
    const paused = await graph.invoke({ some_text: "original text" }, config);
    assert.deepEqual(paused.__interrupt__.map((i) => i.value), [{ text_to_revise: "original text" }]);
    assert.match(paused.__interrupt__[0].id, INTERRUPT_ID);
    assert.deepEqual(await graph.invoke(new Command({ resume: "Edited text" }), config), { some_text: "Edited text" });
  });

  for (const answer of [false, 0, "", null]) {
    test(`a falsy resume value (${JSON.stringify(answer)}) reaches the node as it is`, async () => {
      const graph = new StateGraph({ channels: { answer: null } })
        .addNode("ask", () => ({ answer: { got: interrupt("approve?") } }))
        .addEdge(START, "ask")
        .compile({ checkpointer: new MemorySaver() });
      const config = newThread();
      await graph.invoke({ answer: "none yet" }, config);
      assert.deepEqual(await graph.invoke(new Command({ resume: answer }), config), { answer: { got: answer } });
    });
  }

  test("several interrupts in one node share the task's id and are answered in order", async () => {
    const graph = new StateGraph({ channels: { answers: null } })
      .addNode("ask", () => ({ answers: [interrupt("first?"), interrupt("second?")] }))
      .addEdge(START, "ask")
      .compile({ checkpointer: new MemorySaver() });
    const config = newThread();
    const one = await graph.invoke({ answers: [] }, config);
    assert.equal(one.__interrupt__[0].value, "first?");
    const two = await graph.invoke(new Command({ resume: 1 }), config);
    assert.equal(two.__interrupt__[0].value, "second?");
    assert.equal(two.__interrupt__[0].id, one.__interrupt__[0].id);
    assert.deepEqual(await graph.invoke(new Command({ resume: 2 }), config), { answers: [1, 2] });
  });

  test("on resume only the interrupted node re-runs; a sibling that finished in the same step does not", async () => {
    const calls = [];
    const graph = new StateGraph({ channels: { a: null, b: null } })
      .addNode("done_early", () => {
        calls.push("done_early");
        return { a: 1 };
      })
      .addNode("ask", () => {
        calls.push("ask");
        return { b: interrupt("b?") };
      })
      .addEdge(START, "done_early")
      .addEdge(START, "ask")
      .compile({ checkpointer: new MemorySaver() });
    const config = newThread();
    await graph.invoke({}, config);
    assert.deepEqual(await graph.invoke(new Command({ resume: "B" }), config), { a: 1, b: "B" });
    assert.deepEqual(calls.sort(), ["ask", "ask", "done_early"]);
  });

  test("an interrupt inside a subgraph surfaces in the parent and is resumed from it", async () => {
    const child = new StateGraph({ channels: { text: null } })
      .addNode("ask", (s) => ({ text: interrupt({ revise: s.text }) }))
      .addNode("shout", (s) => ({ text: s.text.toUpperCase() }))
      .addEdge(START, "ask")
      .addEdge("ask", "shout")
      .compile();
    const calls = [];
    const graph = new StateGraph({ channels: { text: null } })
      .addNode("pre", () => {
        calls.push("pre");
        return {};
      })
      .addNode("child", child)
      .addNode("post", (s) => ({ text: `${s.text}!` }))
      .addEdge(START, "pre")
      .addEdge("pre", "child")
      .addEdge("child", "post")
      .compile({ checkpointer: new MemorySaver() });
    const config = newThread();

    const paused = await graph.invoke({ text: "hi" }, config);
    assert.deepEqual(paused.__interrupt__.map((i) => i.value), [{ revise: "hi" }]);
    assert.match(paused.__interrupt__[0].id, INTERRUPT_ID);
    const state = await graph.getState(config);
    assert.deepEqual(state.next, ["child"]);
    assert.deepEqual(state.tasks[0].interrupts, paused.__interrupt__);
    assert.match(state.tasks[0].state.configurable.checkpoint_ns, /^child:/);

    assert.deepEqual(await graph.invoke(new Command({ resume: "yo" }), config), { text: "YO!" });
    assert.deepEqual(calls, ["pre"]);
  });
});

describe("resume errors", () => {
  test("resuming when nothing is pending is a NothingToResumeError and changes nothing", async () => {
    const graph = seedGraph((state) => ({ some_text: interrupt({ text_to_revise: state.some_text }) }));
    const config = newThread();
    await graph.invoke({ some_text: "original text" }, config);
    await graph.invoke(new Command({ resume: "Edited text" }), config);
    const before = await graph.getState(config);

    const error = await failure(() => graph.invoke(new Command({ resume: "again" }), config));
    assert.equal(error.name, "NothingToResumeError");
    assert.ok(error instanceof Error);

    const after = await graph.getState(config);
    assert.equal(after.config.configurable.checkpoint_id, before.config.configurable.checkpoint_id);
    assert.deepEqual(after.values, { some_text: "Edited text" });
  });

  test("resuming a thread that never ran is a NothingToResumeError", async () => {
    const graph = seedGraph(() => ({}));
    const error = await failure(() => graph.invoke(new Command({ resume: "x" }), newThread()));
    assert.equal(error.name, "NothingToResumeError");
  });

  function twoAsks() {
    return new StateGraph({ channels: { a: null, b: null } })
      .addNode("p", () => ({ a: interrupt("question a") }))
      .addNode("q", () => ({ b: interrupt("question b") }))
      .addEdge(START, "p")
      .addEdge(START, "q")
      .compile({ checkpointer: new MemorySaver() });
  }

  test("a bare resume with two parallel interrupts is an AmbiguousResumeError; a resume map answers both", async () => {
    const graph = twoAsks();
    const config = newThread();
    const paused = await graph.invoke({}, config);
    assert.deepEqual(paused.__interrupt__.map((i) => i.value).sort(), ["question a", "question b"]);
    const [first, second] = paused.__interrupt__;
    assert.notEqual(first.id, second.id);

    const error = await failure(() => graph.invoke(new Command({ resume: "x" }), config));
    assert.equal(error.name, "AmbiguousResumeError");
    assert.match(error.message, new RegExp(first.id));

    const answers = Object.fromEntries(paused.__interrupt__.map((i) => [i.id, `${i.value}!`]));
    assert.deepEqual(await graph.invoke(new Command({ resume: answers }), config), { a: "question a!", b: "question b!" });
  });

  test("a resume map answering one of two interrupts leaves the other pending under the same id", async () => {
    const graph = twoAsks();
    const config = newThread();
    const paused = await graph.invoke({}, config);
    const byValue = Object.fromEntries(paused.__interrupt__.map((i) => [i.value, i.id]));

    const partial = await graph.invoke(new Command({ resume: { [byValue["question a"]]: "one" } }), config);
    assert.equal(partial.a, "one");
    assert.deepEqual(partial.__interrupt__, [{ value: "question b", id: byValue["question b"] }]);

    assert.deepEqual(await graph.invoke(new Command({ resume: "two" }), config), { a: "one", b: "two" });
  });

  test("a resume map with an id that matches no pending interrupt is an AmbiguousResumeError", async () => {
    const graph = seedGraph((state) => ({ some_text: interrupt({ text_to_revise: state.some_text }) }));
    const config = newThread();
    await graph.invoke({ some_text: "x" }, config);
    await assert.rejects(graph.invoke(new Command({ resume: { ["0".repeat(32)]: "y" } }), config), {
      name: "AmbiguousResumeError",
      message: /0{32}/,
    });
  });

  test("interrupts in parallel Send tasks are answered with one resume map", async () => {
    const graph = new StateGraph({ channels: { answers: "append" } })
      .addNode("check", (s) => ({ answers: [interrupt(`ok ${s.n}?`)] }))
      .addConditionalEdges(START, () => [1, 2].map((n) => new Send("check", { n })))
      .compile({ checkpointer: new MemorySaver() });
    const config = newThread();
    const paused = await graph.invoke({ answers: [] }, config);
    assert.deepEqual(paused.__interrupt__.map((i) => i.value), ["ok 1?", "ok 2?"]);
    const answers = Object.fromEntries(paused.__interrupt__.map((i) => [i.id, `${i.value} yes`]));
    assert.deepEqual(await graph.invoke(new Command({ resume: answers }), config), { answers: ["ok 1? yes", "ok 2? yes"] });
  });

  test("in Node, module-level interrupt() also works after an await (the node's config follows it)", async () => {
    const graph = seedGraph(async (state) => {
      await sleep(1);
      return { some_text: interrupt({ text_to_revise: state.some_text }) };
    });
    const config = newThread();
    const paused = await graph.invoke({ some_text: "x" }, config);
    assert.deepEqual(paused.__interrupt__.map((i) => i.value), [{ text_to_revise: "x" }]);
    assert.deepEqual(await graph.invoke(new Command({ resume: "edited" }), config), { some_text: "edited" });
  });

  test("module-level interrupt() outside any node throws InterruptOutsideNodeError synchronously", () => {
    assert.throws(() => interrupt("hello"), { name: "InterruptOutsideNodeError", message: /runtime\.interrupt/ });
  });
});

describe("static breakpoints", () => {
  function abc(compileOptions) {
    return new StateGraph({ channels: { log: "append" } })
      .addNode("node_a", () => ({ log: ["a"] }))
      .addNode("node_b", () => ({ log: ["b"] }))
      .addNode("node_c", () => ({ log: ["c"] }))
      .addEdge(START, "node_a")
      .addEdge("node_a", "node_b")
      .addEdge("node_b", "node_c")
      .addEdge("node_c", END)
      .compile({ checkpointer: new MemorySaver(), ...compileOptions });
  }
  const breakpoints = { interruptBefore: ["node_a"], interruptAfter: ["node_b", "node_c"] };

  async function walk(graph, runConfig, config) {
    const steps = [];
    let output = await graph.invoke({ log: [] }, runConfig);
    steps.push([output, (await graph.getState(config)).next]);
    for (let i = 0; i < 3; i++) {
      output = await graph.invoke(null, runConfig);
      steps.push([output, (await graph.getState(config)).next]);
    }
    return steps;
  }

  const expected = [
    [{ log: [], __interrupt__: [] }, ["node_a"]],
    [{ log: ["a", "b"], __interrupt__: [] }, ["node_c"]],
    [{ log: ["a", "b", "c"], __interrupt__: [] }, []],
    [{ log: ["a", "b", "c"] }, []],
  ];

  test("interruptBefore/interruptAfter given at compile time pause the run; invoke(null) resumes", async () => {
    const config = newThread();
    assert.deepEqual(await walk(abc(breakpoints), config, config), expected);
  });

  test("interruptBefore/interruptAfter given per run in the invoke config", async () => {
    const config = newThread();
    assert.deepEqual(await walk(abc({}), { ...config, ...breakpoints }, config), expected);
  });

  test('interruptAfter: "*" pauses after every node', async () => {
    const graph = abc({ interruptAfter: "*" });
    const config = newThread();
    assert.deepEqual(await graph.invoke({ log: [] }, config), { log: ["a"], __interrupt__: [] });
    assert.deepEqual(await graph.invoke(null, config), { log: ["a", "b"], __interrupt__: [] });
    assert.deepEqual((await graph.getState(config)).next, ["node_c"]);
  });

  test("while paused at a breakpoint, the snapshot's tasks show the next node without interrupts", async () => {
    const graph = abc(breakpoints);
    const config = newThread();
    await graph.invoke({ log: [] }, config);
    const state = await graph.getState(config);
    assert.deepEqual(
      state.tasks.map((t) => ({ name: t.name, interrupts: t.interrupts })),
      [{ name: "node_a", interrupts: [] }],
    );
  });
});
