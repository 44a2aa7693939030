// A `values` stream that stops at a static breakpoint ends with a `{ __interrupt__: [] }` chunk, as
// an `updates` stream does (LangGraph.js; the Client's runs, as the LangGraph server, send it in
// `updates` only); `invoke` gives the state with `__interrupt__: []`.
import { Annotation, StateGraph, START, MemorySaver } from "@langchain/langgraph";
import { show } from "./support/show.mjs";
const State = Annotation.Root({ log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
const g = new StateGraph(State)
  .addNode("a", () => ({ log: ["a"] })).addNode("b", () => ({ log: ["b"] }))
  .addEdge(START, "a").addEdge("a", "b")
  .compile({ checkpointer: new MemorySaver(), interruptBefore: ["b"] });
const chunks = [];
for await (const c of await g.stream({ log: [] }, { configurable: { thread_id: "1" }, streamMode: "values" })) chunks.push(c);
show("values", chunks);
const both = [];
for await (const c of await g.stream({ log: [] }, { configurable: { thread_id: "2" }, streamMode: ["values", "updates"] })) both.push(c);
show("values and updates", both);
show("invoke", await g.invoke({ log: [] }, { configurable: { thread_id: "3" } }));
