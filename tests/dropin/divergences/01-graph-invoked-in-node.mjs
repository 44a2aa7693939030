// A compiled graph invoked from inside a node (`await inner.invoke(...)`) is a subgraph in
// LangGraph.js: its events stream under the node's namespace (subgraphs: true), and its
// config.writer output reaches the "custom" stream. langgraph-wasm streams none of it.
import { Annotation, StateGraph, START } from "@langchain/langgraph";
import { show, collect } from "../programs/support/show.mjs";
const S = Annotation.Root({ n: Annotation() });
const inner = new StateGraph(S).addNode("dbl", (s, c) => { c.writer({ inner: s.n }); return { n: s.n * 2 }; }).addEdge(START, "dbl").compile();
const outer = new StateGraph(S)
  .addNode("call", async (s) => ({ n: (await inner.invoke({ n: s.n })).n + 1 }))
  .addEdge(START, "call").compile();
const ns = (x) => x.map((p) => p.split(":")[0]);
show("updates subgraphs", (await collect(outer.stream({ n: 1 }, { streamMode: "updates", subgraphs: true }))).map(([n, c]) => [ns(n), c]));
show("custom", await collect(outer.stream({ n: 1 }, { streamMode: "custom" })));
