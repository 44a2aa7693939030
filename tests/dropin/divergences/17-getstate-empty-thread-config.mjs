// getState on a thread with no checkpoint: LangGraph.js returns the config as given;
// langgraph-wasm adds checkpoint_ns: "".
import { Annotation, StateGraph, START, MemorySaver } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const g = new StateGraph(Annotation.Root({ v: Annotation() })).addNode("a", () => ({})).addEdge(START, "a").compile({ checkpointer: new MemorySaver() });
show("snapshot", await g.getState({ configurable: { thread_id: "none" } }));
