// getState(config, { subgraphs: true }): the nested subgraph snapshot's config has a checkpoint_map
// ({ "": parentId, "child:<task>": childId }) in LangGraph.js; langgraph-wasm leaves it out.
import { Annotation, StateGraph, START, MemorySaver, interrupt } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const State = Annotation.Root({ v: Annotation() });
const child = new StateGraph(State).addNode("ask", () => ({ v: interrupt("q") })).addEdge(START, "ask").compile();
const g = new StateGraph(State).addNode("child", child).addEdge(START, "child").compile({ checkpointer: new MemorySaver() });
const config = { configurable: { thread_id: "1" } };
await g.invoke({ v: 1 }, config);
const s = await g.getState(config, { subgraphs: true });
show("subgraph config keys", Object.keys(s.tasks[0].state.config.configurable).sort());
