// StateSnapshot tasks created by Send: LangGraph.js's path is ["__pregel_push", i, false];
// langgraph-wasm's is ["__pregel_push", i].
import { Annotation, StateGraph, START, MemorySaver, Send } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const State = Annotation.Root({ items: Annotation(), item: Annotation() });
const g = new StateGraph(State)
  .addNode("w", () => ({}))
  .addConditionalEdges(START, (s) => s.items.map((item) => new Send("w", { item })))
  .compile({ checkpointer: new MemorySaver(), interruptBefore: ["w"] });
const config = { configurable: { thread_id: "1" } };
await g.invoke({ items: [1, 2] }, config);
show("paths", (await g.getState(config)).tasks.map((t) => t.path));
