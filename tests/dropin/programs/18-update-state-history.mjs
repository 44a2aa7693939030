// updateState (as a node), getStateHistory (sources, steps, next), and replaying from an earlier
// checkpoint (a fork).
import { Annotation, StateGraph, START, END, MemorySaver } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const State = Annotation.Root({
  value: Annotation(),
  log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
});

const graph = new StateGraph(State)
  .addNode("first", (state) => ({ value: state.value * 2, log: ["first"] }))
  .addNode("second", (state) => ({ value: state.value + 1, log: ["second"] }))
  .addEdge(START, "first")
  .addEdge("first", "second")
  .addEdge("second", END)
  .compile({ checkpointer: new MemorySaver(), interruptBefore: ["second"] });

const config = { configurable: { thread_id: "h-1" } };
show("paused", await graph.invoke({ value: 5 }, config));
const updated = await graph.updateState(config, { value: 100, log: ["edited"] }, "first");
show("update config keys", Object.keys(updated.configurable).sort());
show("after update", await graph.getState(config).then((s) => [s.values, s.next, s.metadata.source, s.metadata.step]));
show("finished", await graph.invoke(null, config));

const history = [];
for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
show("history", history.map((s) => [s.metadata.source, s.metadata.step, s.next, s.values]));

const beforeSecond = history.find((s) => s.next.includes("second") && s.metadata.source === "loop");
show("replay from", beforeSecond.values);
show("replayed", await graph.invoke(null, beforeSecond.config));
