// Nodes that write nothing (returning undefined, null or {}), in `updates` mode on their own, in
// a list of modes and inside a subgraph; and the metadata of getState() and getStateHistory().
import { Annotation, StateGraph, START, END, MemorySaver } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const State = Annotation.Root({
  n: Annotation(),
  log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
});

const inner = new StateGraph(State)
  .addNode("silent", () => undefined)
  .addNode("count", (state) => ({ n: state.n + 1 }))
  .addEdge(START, "silent")
  .addEdge("silent", "count")
  .compile();

const graph = new StateGraph(State)
  .addNode("nothing", () => {})
  .addNode("nil", () => null)
  .addNode("empty", () => ({}))
  .addNode("inner", inner)
  .addNode("write", (state) => ({ log: [`n=${state.n}`] }))
  .addEdge(START, "nothing")
  .addEdge("nothing", "nil")
  .addEdge("nil", "empty")
  .addEdge("empty", "inner")
  .addEdge("inner", "write")
  .addEdge("write", END)
  .compile({ checkpointer: new MemorySaver() });

const config = (thread) => ({ configurable: { thread_id: thread } });
show("updates", await collect(graph.stream({ n: 1 }, config("a"))));
show("updates+values", await collect(graph.stream({ n: 1 }, { ...config("b"), streamMode: ["updates", "values"] })));
show("subgraphs", await collect(graph.stream({ n: 1 }, { ...config("c"), subgraphs: true })));
show("state metadata", (await graph.getState(config("a"))).metadata);
const history = [];
for await (const snapshot of graph.getStateHistory(config("a"))) history.push(snapshot.metadata);
show("history metadata", history);
