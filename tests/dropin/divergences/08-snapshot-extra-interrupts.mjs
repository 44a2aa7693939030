// getState() snapshot has an extra top-level `interrupts` key (not in LangGraph.js 1.7.3's StateSnapshot).
import { Annotation, StateGraph, START, MemorySaver, interrupt } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const g = new StateGraph(Annotation.Root({ v: Annotation() }))
  .addNode("ask", () => ({ v: interrupt("q") }))
  .addEdge(START, "ask")
  .compile({ checkpointer: new MemorySaver() });
const config = { configurable: { thread_id: "1" } };
await g.invoke({ v: 1 }, config);
show("keys", Object.keys(await g.getState(config)).sort());
