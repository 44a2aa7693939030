// `langgraph-wasm/web` beside the package root in one process: each entry loads its own engine
// (pkg/web.node.js the one built without the Client layer), so a graph or checkpointer made by
// one and handed to the other is refused with a GraphValidationError that says so, instead of
// failing later (a saver "not ours") or running a subgraph as a plain function.
import { test } from "node:test";
import assert from "node:assert/strict";

const web = await import(new URL("../../pkg/web.node.js", import.meta.url));
const root = await import(new URL("../../pkg/index.node.js", import.meta.url));

const oneNode = (lib) => new lib.StateGraph({ channels: { x: null } }).addNode("a", () => ({ x: 1 })).addEdge(lib.START, "a");

const refused = (where, what) => (error) =>
  error instanceof root.GraphValidationError &&
  error.message.startsWith(`${where}: this ${what} was made by the other langgraph-wasm entry`) &&
  /Import StateGraph and the savers from the same entry/.test(error.message);

test("a checkpointer of the other entry is refused at compile(), both ways", () => {
  assert.throws(() => oneNode(root).compile({ checkpointer: new web.MemorySaver() }), refused("compile({ checkpointer })", "checkpointer"));
  assert.throws(() => oneNode(web).compile({ checkpointer: new root.MemorySaver() }), refused("compile({ checkpointer })", "checkpointer"));
});

test("a compiled graph of the other entry is refused as a subgraph and as a Client's graph", () => {
  assert.throws(() => oneNode(root).addNode("sub", oneNode(web).compile()), refused('addNode("sub", …)', "compiled graph"));
  // A function node that declares the subgraphs it runs (LangGraph.js's `subgraphs` option).
  const runs = oneNode(web).compile();
  assert.throws(() => oneNode(root).addNode("calls", (s) => runs.invoke(s), { subgraphs: [runs] }), refused('addNode("calls", …)', "compiled graph"));
  assert.throws(() => new root.Client({ graphs: { agent: oneNode(web).compile() } }), refused("graphs.agent", "compiled graph"));
  assert.throws(() => new root.Client({ graphs: { agent: { graph: oneNode(web).compile() } } }), refused("graphs.agent", "compiled graph"));
});

test("a saver of the same entry given where a graph goes gets the usual error, not the other-entry one", () => {
  assert.throws(
    () => oneNode(root).addNode("s", new root.MemorySaver()),
    (error) => error instanceof TypeError && /needs a function, a Runnable \(with invoke\(\)\) or a compiled graph/.test(error.message),
  );
});

test("each entry runs its own graphs and savers, and they share the error classes", async () => {
  assert.equal(web.GraphValidationError, root.GraphValidationError);
  assert.notEqual(web.StateGraph, root.StateGraph);
  for (const lib of [web, root]) {
    const graph = oneNode(lib).compile({ checkpointer: new lib.MemorySaver() });
    assert.deepEqual(await graph.invoke({ x: 0 }, { configurable: { thread_id: "t" } }), { x: 1 });
  }
  const sub = oneNode(root).addNode("sub", oneNode(root).compile()).addEdge("a", "sub").compile();
  assert.deepEqual(await sub.invoke({ x: 0 }), { x: 1 });
});
