// LangGraph.js's older way to pause: a node throws `NodeInterrupt(value)`. The run pauses with that
// value as its interrupt (no id), the task shows it, and after an edit the node runs again.
import { Annotation, StateGraph, START, MemorySaver, NodeInterrupt } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const State = Annotation.Root({
  v: Annotation(),
  log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
});
const graph = new StateGraph(State)
  .addNode("guard", (s) => {
    if (s.v > 5) throw new NodeInterrupt(`too big: ${s.v}`);
    return { log: [`ok ${s.v}`] };
  })
  .addNode("next", () => ({ log: ["next"] }))
  .addEdge(START, "guard")
  .addEdge("guard", "next")
  .compile({ checkpointer: new MemorySaver() });
const config = { configurable: { thread_id: "1" } };
show("paused", await graph.invoke({ v: 10 }, config));
const state = await graph.getState(config);
show("state", [state.next, state.tasks.map((t) => [t.name, t.interrupts, t.error ?? null])]);
await graph.updateState(config, { v: 3 });
show("after the edit", await graph.invoke(null, config));
