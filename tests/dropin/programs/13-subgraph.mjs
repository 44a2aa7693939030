// A compiled graph as a node: shared keys flow in and out, the subgraph's private key stays in
// it; streaming with subgraphs: true namespaces the subgraph's events.
import { Annotation, StateGraph, START, END } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const Child = Annotation.Root({
  text: Annotation(),
  draft: Annotation(),
});
const child = new StateGraph(Child)
  .addNode("make_draft", (state) => ({ draft: `${state.text} (draft)` }))
  .addNode("polish", (state) => ({ text: state.draft.replace("(draft)", "(polished)") }))
  .addEdge(START, "make_draft")
  .addEdge("make_draft", "polish")
  .addEdge("polish", END)
  .compile();

const Parent = Annotation.Root({
  text: Annotation(),
  log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
});
const graph = new StateGraph(Parent)
  .addNode("start", (state) => ({ text: state.text.toUpperCase(), log: ["start"] }))
  .addNode("writer", child)
  .addNode("finish", (state) => ({ log: [`finish: ${state.text}`] }))
  .addEdge(START, "start")
  .addEdge("start", "writer")
  .addEdge("writer", "finish")
  .addEdge("finish", END)
  .compile();

show("invoke", await graph.invoke({ text: "hello" }));
const events = await collect(graph.stream({ text: "hi" }, { streamMode: "updates", subgraphs: true }));
show("subgraph events", events.map(([ns, chunk]) => [ns.map((n) => n.split(":")[0]), chunk]));
