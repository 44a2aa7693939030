// One first load in this (fresh) Node process: `node bench/lib/load.node.mjs ours|theirs` prints
// `{"import": ms, "firstRun": ms}`, the time from this script's start to the package's import and
// to the first result of a one-node graph (for langgraph-wasm: the wasm read and compiled too).
const t0 = performance.now();
const side = process.argv[2];
let result;
let imported;
if (side === "ours") {
  const m = await import(new URL("../../pkg/index.node.js", import.meta.url).href);
  imported = performance.now();
  const graph = new m.StateGraph({ channels: { x: null } }).addNode("a", (s) => ({ x: s.x + 1 })).addEdge(m.START, "a").compile();
  result = await graph.invoke({ x: 1 });
} else {
  const lg = await import("@langchain/langgraph");
  imported = performance.now();
  const State = lg.Annotation.Root({ x: lg.Annotation() });
  const graph = new lg.StateGraph(State).addNode("a", (s) => ({ x: s.x + 1 })).addEdge(lg.START, "a").compile();
  result = await graph.invoke({ x: 1 });
}
if (result.x !== 2) throw new Error(`unexpected result ${JSON.stringify(result)}`);
console.log(JSON.stringify({ import: imported - t0, firstRun: performance.now() - t0 }));
