// CompiledStateGraph.bulkUpdateState (public in 1.7.3) does not exist in langgraph-wasm.
import { Annotation, StateGraph, START, MemorySaver } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const State = Annotation.Root({ log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
const g = new StateGraph(State)
  .addNode("a", () => ({ log: ["a"] })).addNode("b", () => ({ log: ["b"] }))
  .addEdge(START, "a").addEdge("a", "b")
  .compile({ checkpointer: new MemorySaver() });
const config = { configurable: { thread_id: "1" } };
try {
  await g.bulkUpdateState(config, [{ updates: [{ values: { log: ["x"] }, asNode: "a" }] }, { updates: [{ values: { log: ["y"] }, asNode: "b" }] }]);
  const s = await g.getState(config);
  show("after bulk", [s.values, s.next, s.metadata.step]);
} catch (e) { show("threw", e); }
