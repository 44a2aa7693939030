// A node's config: LangGraph.js 1.7.3 gives `executionInfo` ({ checkpointId, checkpointNs, taskId,
// threadId, nodeAttempt, nodeFirstAttemptTime }) — e.g. to know which retry attempt is running —
// and `configurable.checkpoint_map`; langgraph-wasm has neither (config.executionInfo is undefined).
import { Annotation, StateGraph, START, MemorySaver } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const State = Annotation.Root({ x: Annotation() });
let tries = 0;
const g = new StateGraph(State)
  .addNode("a", (s, c) => {
    show("attempt", [c.executionInfo?.nodeAttempt, c.executionInfo?.threadId, c.executionInfo?.taskId === c.configurable.checkpoint_ns.split(":")[1]]);
    show("checkpoint_map", c.configurable.checkpoint_map);
    if (++tries < 2) throw new Error("flaky");
    return { x: 1 };
  }, { retryPolicy: { maxAttempts: 2, initialInterval: 1 } })
  .addEdge(START, "a").compile({ checkpointer: new MemorySaver() });
await g.invoke({ x: 0 }, { configurable: { thread_id: "t" } });
