// The boundary converts only what changed: a channel's JS value is made once per version and
// shared (frozen) by the nodes that read it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { StateGraph, START, END } from "../../pkg/index.node.js";

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
