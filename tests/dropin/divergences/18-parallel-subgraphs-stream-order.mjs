// Two Send tasks into a subgraph with synchronous nodes, streamed with subgraphs: true: LangGraph.js
// interleaves the two subgraph runs step by step (s1,s1,s2,s2); langgraph-wasm emits one whole
// subgraph run after the other. (With async nodes that await timers both orders agree.)
import { Annotation, StateGraph, START, Send } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const Sub = Annotation.Root({ item: Annotation(), results: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
const sub = new StateGraph(Sub)
  .addNode("s1", (s) => ({ results: [`s1:${s.item}`] })).addNode("s2", (s) => ({ results: [`s2:${s.item}`] }))
  .addEdge(START, "s1").addEdge("s1", "s2").compile();
const P = Annotation.Root({ results: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
const g = new StateGraph(P).addNode("sub", sub).addConditionalEdges(START, () => [new Send("sub", { item: 1 }), new Send("sub", { item: 2 })]).compile();
const out = [];
for await (const [ns, chunk] of await g.stream({}, { subgraphs: true })) out.push([ns.map((n) => n.split(":")[0]).join("/"), Object.keys(chunk)[0], JSON.stringify(Object.values(chunk)[0].results)]);
show("order", out);
