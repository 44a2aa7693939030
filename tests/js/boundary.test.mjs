// The boundary converts only what changed: a channel's JS value is made once per version and
// shared (frozen) by the nodes that read it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { StateGraph, START, END, Send } from "../../pkg/index.node.js";

test("an unchanged channel reaches successive nodes as the same object; a changed one is new", async () => {
  const seen = [];
  const record = (name, update) => (state) => {
    seen.push({ name, big: state.big, small: state.small });
    return update(state);
  };
  const graph = new StateGraph({ channels: { big: null, small: null } })
    .addNode("a", record("a", (s) => ({ small: s.small + 1 })))
    .addNode("b", record("b", (s) => ({ small: s.small + 1 })))
    .addNode("c", record("c", (s) => ({ big: [...s.big, "more"] })))
    .addNode("d", record("d", () => ({})))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("b", "c")
    .addEdge("c", "d")
    .addEdge("d", END)
    .compile();
  const out = await graph.invoke({ big: ["x", "y"], small: 0 });
  assert.deepEqual(out, { big: ["x", "y", "more"], small: 2 });
  const [a, b, c, d] = seen;
  assert.equal(a.big, b.big, "big did not change between a and b: one JS value");
  assert.equal(b.big, c.big);
  assert.notEqual(c.big, d.big, "c changed big: d gets the new version");
  assert.deepEqual(d.big, ["x", "y", "more"]);
});

test("a node that mutates its input gets an error and the state is unchanged", async () => {
  const graph = new StateGraph({ channels: { items: null } })
    .addNode("mutates", (state) => {
      state.items.push("sneaky");
      return {};
    })
    .addEdge(START, "mutates")
    .compile();
  await assert.rejects(graph.invoke({ items: ["a"] }), (error) => {
    assert.match(error.message, /TypeError|not extensible|read.only|frozen/i);
    return true;
  });

  // Reading and returning a new value works as usual.
  const fine = new StateGraph({ channels: { items: null } })
    .addNode("appends", (state) => ({ items: [...state.items, "b"] }))
    .addEdge(START, "appends")
    .compile();
  assert.deepEqual(await fine.invoke({ items: ["a"] }), { items: ["a", "b"] });
});

test("a list that a reducer appends to keeps its earlier items' objects; a replaced message is new", async () => {
  const seen = [];
  let turn = 0;
  const graph = new StateGraph({ channels: { messages: "messages", log: "add" } })
    .addNode("talk", (state) => {
      seen.push({ messages: state.messages, log: state.log });
      turn += 1;
      // Turn 3 edits message "m1" (a replace, not an append); the others append.
      const message = turn === 3 ? { id: "m1", type: "ai", content: "edited" } : { id: `m${turn}`, type: "ai", content: `said ${turn}` };
      return { messages: [message], log: [{ turn }] };
    })
    .addEdge(START, "talk")
    .addConditionalEdges("talk", () => (turn < 4 ? "talk" : END))
    .compile();
  const out = await graph.invoke({ messages: [{ id: "h", type: "human", content: "hi" }], log: [] });
  assert.deepEqual(out.messages.map((m) => [m.id, m.content]), [["h", "hi"], ["m1", "edited"], ["m2", "said 2"], ["m4", "said 4"]]);
  assert.deepEqual(out.log, [{ turn: 1 }, { turn: 2 }, { turn: 3 }, { turn: 4 }]);
  const [, second, third, fourth] = seen;
  assert.deepEqual(second.messages.map((m) => m.content), ["hi", "said 1"]);
  assert.equal(third.messages[1], second.messages[1], "an appended list reuses the earlier items' objects");
  assert.equal(third.log[0], second.log[0]);
  assert.deepEqual(third.messages.map((m) => m.content), ["hi", "said 1", "said 2"]);
  assert.deepEqual(fourth.messages.map((m) => m.content), ["hi", "edited", "said 2"], "the edit is seen");
  assert.ok(Object.isFrozen(fourth.messages) && Object.isFrozen(fourth.messages[2]));
  assert.throws(() => third.messages.push({}), TypeError);
});

test("returning a value the node was handed, or a reducer returning its argument, keeps the value", async () => {
  const graph = new StateGraph({
    channels: {
      source: null,
      copy: null,
      kept: { reducer: (current, update) => update ?? current, default: () => ({ first: true }) },
    },
  })
    .addNode("copier", (state) => ({ copy: state.source, kept: state.source }))
    .addNode("again", (state) => ({ copy: state.copy, kept: null }))
    .addEdge(START, "copier")
    .addEdge("copier", "again")
    .addEdge("again", END)
    .compile();
  const source = { deep: { list: [1, "two", null, true] } };
  const out = await graph.invoke({ source });
  assert.deepEqual(out, { source, copy: source, kept: source });
});

test("updates chunks hold the node's own returned values (as LangGraph.js), state keys only", async () => {
  const returned = [];
  const graph = new StateGraph({ channels: { doc: null, tags: { reducer: "append", default: () => [] } } })
    .addNode("write", () => {
      const update = { doc: { title: "t", body: ["a", "b"] }, tags: ["x"], note: undefined };
      returned.push(update);
      return update;
    })
    .addNode("route", () => ({}))
    .addEdge(START, "write")
    .addEdge("write", "route")
    .addEdge("route", END)
    .compile();
  const chunks = [];
  for await (const chunk of await graph.stream({}, { streamMode: "updates" })) chunks.push(chunk);
  assert.equal(chunks.length, 2);
  assert.deepEqual(chunks[0], { write: { doc: { title: "t", body: ["a", "b"] }, tags: ["x"] } });
  assert.equal(chunks[0].write.doc, returned[0].doc, "the chunk holds the returned object, not a copy");
  assert.equal(chunks[0].write.tags, returned[0].tags);
  assert.ok(!("note" in chunks[0].write), "an undefined value is left out, as in the state");
  // The state holds the returned objects themselves, frozen: a later change cannot make what a
  // node reads differ from what a checkpoint saved.
  assert.throws(() => {
    returned[0].doc.title = "changed";
  }, TypeError);
  assert.equal((await graph.invoke({})).doc.title, "t");
});

test("a Send whose argument holds an item of a list the edge read carries that item's value", async () => {
  const seen = [];
  const graph = new StateGraph({ channels: { items: null, done: { reducer: "add", default: () => [] } } })
    .addNode("work", (arg) => {
      seen.push(arg);
      return { done: [`${arg.item.name}:${arg.item.tags.join("+")}:${arg.n}`] };
    })
    .addConditionalEdges(START, (s) => s.items.map((item, n) => new Send("work", { item, n })))
    .addEdge("work", END)
    .compile();
  const items = [
    { name: "a", tags: ["x", "y"] },
    { name: "b", tags: [] },
  ];
  const out = await graph.invoke({ items });
  assert.deepEqual(out.done, ["a:x+y:0", "b::1"]);
  assert.deepEqual(
    seen.map((arg) => arg.item),
    items,
    "each worker got its item, equal to what was sent",
  );
});
