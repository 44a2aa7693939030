// Deferred nodes (`addNode(…, { defer: true })`): a node that waits until every other pending
// task has run, so branches of different lengths meet once, also behind a join edge, after a
// Send fan-out, inside a subgraph, across an interrupt, and with a checkpointer's history.
import { Annotation, Command, END, MemorySaver, Send, START, StateGraph, interrupt } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const State = Annotation.Root({
  trail: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
});
const step = (name) => () => ({ trail: [name] });

// a → b → b2 → d and a → c → d: deferred, d runs once, after the longer branch; not, twice.
const diamond = (defer) =>
  new StateGraph(State)
    .addNode("a", step("a"))
    .addNode("b", step("b"))
    .addNode("b2", step("b2"))
    .addNode("c", step("c"))
    .addNode("d", step("d"), { defer })
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("a", "c")
    .addEdge("b", "b2")
    .addEdge("b2", "d")
    .addEdge("c", "d")
    .addEdge("d", END)
    .compile();
show("branches", await diamond(true).invoke({}));
show("branches updates", await collect(diamond(true).stream({})));
show("eager", await diamond(false).invoke({}));

// A join edge into a deferred node, with one branch longer than the other.
const joined = new StateGraph(State)
  .addNode("x", step("x"))
  .addNode("y", step("y"))
  .addNode("y2", step("y2"))
  .addNode("z", step("z"))
  .addNode("after", step("after"), { defer: true })
  .addEdge(START, "x")
  .addEdge(START, "y")
  .addEdge("y", "y2")
  .addEdge("y2", "z")
  .addEdge(["x", "y"], "after")
  .compile();
show("joined", await joined.invoke({}));

// Send fan-out of different depths, then a deferred reducer node.
const Fan = Annotation.Root({
  items: Annotation(),
  trail: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
});
const fan = new StateGraph(Fan)
  .addNode("work", (s) => ({ trail: [`work:${s.item}`] }))
  .addNode("deep", (s) => ({ trail: [`deep:${s.item}`] }))
  .addNode("sum", (s) => ({ trail: [`sum:${s.trail.length}`] }), { defer: true })
  .addConditionalEdges(START, (s) => s.items.map((item) => new Send(item % 2 ? "deep" : "work", { item })))
  .addEdge("deep", "work")
  .addEdge("work", "sum")
  .compile();
show("fan", await fan.invoke({ items: [1, 2, 3] }));

// Across an interrupt, with a checkpointer: the deferred node waits for the resumed branch.
const paused = new StateGraph(State)
  .addNode("p", step("p"))
  .addNode("ask", () => ({ trail: [`ask:${interrupt("ok?")}`] }))
  .addNode("q", step("q"))
  .addNode("end", step("end"), { defer: true })
  .addEdge(START, "p")
  .addEdge(START, "ask")
  .addEdge("p", "q")
  .addEdge("q", "end")
  .addEdge("ask", "end")
  .compile({ checkpointer: new MemorySaver() });
const config = { configurable: { thread_id: "deferred" } };
show("paused", await paused.invoke({}, config));
const waiting = await paused.getState(config);
show("paused next", waiting.next);
show("resumed", await paused.invoke(new Command({ resume: "yes" }), config));
const history = [];
for await (const snapshot of paused.getStateHistory(config)) history.push([snapshot.metadata.step, snapshot.next, snapshot.values.trail]);
show("history", history);

// A subgraph with a deferred node, as a node of a parent graph.
const inner = new StateGraph(State)
  .addNode("i1", step("i1"))
  .addNode("i2", step("i2"))
  .addNode("i3", step("i3"))
  .addNode("last", step("last"), { defer: true })
  .addEdge(START, "i1")
  .addEdge(START, "i2")
  .addEdge("i2", "i3")
  .addEdge("i1", "last")
  .addEdge("i3", "last")
  .compile();
const outer = new StateGraph(State).addNode("inner", inner).addNode("o", step("o")).addEdge(START, "inner").addEdge("inner", "o").compile();
show("subgraph", await outer.invoke({}));
