// A subgraph's node hands control back to its parent with Command({ graph: Command.PARENT }):
// the parent applies the update and goes where the command says.
import { Annotation, StateGraph, START, END, Command } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const State = Annotation.Root({ log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });

const child = new StateGraph(State)
  .addNode("work", () => ({ log: ["child worked"] }))
  .addNode("handoff", () => new Command({ graph: Command.PARENT, goto: "other", update: { log: ["handed off"] } }))
  .addEdge(START, "work")
  .addEdge("work", "handoff")
  .compile();

const graph = new StateGraph(State)
  .addNode("child", child, { ends: ["other"] })
  .addNode("other", () => ({ log: ["other ran"] }))
  .addEdge(START, "child")
  .addEdge("other", END)
  .compile();

show("invoke", await graph.invoke({ log: ["start"] }));
show("updates", await collect(graph.stream({ log: [] })));
