// `updateState` without `asNode` infers the node as LangGraph.js does: `__start__` is one of the
// graph's nodes, so an edit at a breakpoint before a one-node graph's only node counts as input and
// the node still runs on `invoke(null)`; on a thread with no checkpoint yet the values are applied
// as `__start__` (an "update" at step 0, its values visible, the first node next); after a run the
// node that ran last gets the update; two nodes that ran last in one step make it ambiguous.
import { Annotation, StateGraph, START, END, MemorySaver } from "@langchain/langgraph";
import { show, attempt } from "./support/show.mjs";

const State = Annotation.Root({
  v: Annotation(),
  log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
});

const single = new StateGraph(State)
  .addNode("work", (s) => ({ log: [`work v=${s.v}`] }))
  .addEdge(START, "work")
  .compile({ checkpointer: new MemorySaver(), interruptBefore: ["work"] });
const paused = { configurable: { thread_id: "single" } };
await single.invoke({ v: 1 }, paused);
await single.updateState(paused, { v: 2 });
const edited = await single.getState(paused);
show("one node, edited at its breakpoint", [edited.next, edited.metadata.source, edited.metadata.step]);
show("continued", await single.invoke(null, paused));

const chain = () =>
  new StateGraph(State)
    .addNode("a", () => ({ log: ["a"] }))
    .addNode("b", () => ({ log: ["b"] }))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .compile({ checkpointer: new MemorySaver() });
for (const asNode of [undefined, START]) {
  const graph = chain();
  const fresh = { configurable: { thread_id: "fresh" } };
  await graph.updateState(fresh, { v: 7, log: ["init"] }, asNode);
  const s = await graph.getState(fresh);
  show(`a thread with no checkpoint, asNode ${asNode ?? "inferred"}`, [s.values, s.next, s.metadata.source, s.metadata.step]);
  show("then run", await graph.invoke(null, fresh));
}

const ran = chain();
const done = { configurable: { thread_id: "done" } };
await ran.invoke({ v: 0 }, done);
await ran.updateState(done, { log: ["edit"] });
const after = await ran.getState(done);
show("after a run: the last node's update", [after.values, after.next, after.metadata.writes]);

const parallel = new StateGraph(State)
  .addNode("x", () => ({ log: ["x"] }))
  .addNode("y", () => ({ log: ["y"] }))
  .addEdge(START, "x")
  .addEdge(START, "y")
  .addEdge("x", END)
  .compile({ checkpointer: new MemorySaver() });
const both = { configurable: { thread_id: "both" } };
await parallel.invoke({ v: 0 }, both);
await attempt("two nodes ran last", () => parallel.updateState(both, { log: ["edit"] }));
