// MemorySaver used directly: a checkpoint's channel_values lack LangGraph.js's "__pregel_tasks": []
// entry, and list({}) over all threads yields threads in a different order (LangGraph.js: thread
// insertion order, t1 first; langgraph-wasm: t2 first).
import { Annotation, StateGraph, START, MemorySaver } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const saver = new MemorySaver();
const g = new StateGraph(Annotation.Root({ v: Annotation() })).addNode("a", () => ({ v: 2 })).addEdge(START, "a").compile({ checkpointer: saver });
await g.invoke({ v: 1 }, { configurable: { thread_id: "t1" } });
await g.invoke({ v: 1 }, { configurable: { thread_id: "t2" } });
show("channel_values", (await saver.getTuple({ configurable: { thread_id: "t1" } })).checkpoint.channel_values);
const order = [];
for await (const t of saver.list({})) order.push([t.config.configurable.thread_id, t.metadata.step]);
show("list all", order);
