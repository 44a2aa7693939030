// stream(..., { streamMode: "values" }) stopping at a static breakpoint: LangGraph.js ends with a
// { __interrupt__: [] } chunk; langgraph-wasm sends none (it does in "updates" mode).
import { Annotation, StateGraph, START, MemorySaver } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const State = Annotation.Root({ log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
const g = new StateGraph(State)
  .addNode("a", () => ({ log: ["a"] })).addNode("b", () => ({ log: ["b"] }))
  .addEdge(START, "a").addEdge("a", "b")
  .compile({ checkpointer: new MemorySaver(), interruptBefore: ["b"] });
const chunks = [];
for await (const c of await g.stream({ log: [] }, { configurable: { thread_id: "1" }, streamMode: "values" })) chunks.push(c);
show("values", chunks);
