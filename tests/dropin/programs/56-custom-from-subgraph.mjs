// What a subgraph's nodes write with `config.writer` reaches the `custom` stream also without
// `subgraphs: true` (as the parent's own chunks), as LangGraph.js streams it; with `subgraphs`, under
// the subgraph's namespace.
import { Annotation, StateGraph, START } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const State = Annotation.Root({ n: Annotation() });
const inner = new StateGraph(State)
  .addNode("work", (_, config) => {
    config.writer({ from: "inner" });
    return { n: 2 };
  })
  .addEdge(START, "work")
  .compile();
const outer = new StateGraph(State)
  .addNode("pre", (_, config) => {
    config.writer({ from: "outer" });
    return { n: 1 };
  })
  .addNode("sub", inner)
  .addEdge(START, "pre")
  .addEdge("pre", "sub")
  .compile();
show("custom", await collect(outer.stream({ n: 0 }, { streamMode: "custom" })));
show("custom and updates", await collect(outer.stream({ n: 0 }, { streamMode: ["custom", "updates"] })));
const nested = await collect(outer.stream({ n: 0 }, { streamMode: "custom", subgraphs: true }));
show("custom, subgraphs", nested.map(([ns, chunk]) => [ns.length, chunk]));
