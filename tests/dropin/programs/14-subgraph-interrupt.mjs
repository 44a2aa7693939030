// An interrupt inside a subgraph: the parent pauses, getState with subgraphs shows the
// subgraph's pending task, and Command({ resume }) continues inside the subgraph.
import { Annotation, StateGraph, START, END, MemorySaver, interrupt, Command } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const State = Annotation.Root({ topic: Annotation(), approved: Annotation(), report: Annotation() });

const reviewer = new StateGraph(State)
  .addNode("ask", (state) => ({ approved: interrupt({ review: state.topic }) }))
  .addNode("note", (state) => ({ report: `${state.topic}: ${state.approved ? "approved" : "rejected"}` }))
  .addEdge(START, "ask")
  .addEdge("ask", "note")
  .addEdge("note", END)
  .compile();

const graph = new StateGraph(State)
  .addNode("prepare", (state) => ({ topic: `${state.topic}!` }))
  .addNode("review", reviewer)
  .addEdge(START, "prepare")
  .addEdge("prepare", "review")
  .addEdge("review", END)
  .compile({ checkpointer: new MemorySaver() });

const config = { configurable: { thread_id: "sub-1" } };
const paused = await graph.invoke({ topic: "budget" }, config);
show("paused", paused);
const state = await graph.getState(config, { subgraphs: true });
show("next", state.next);
show("subgraph task", state.tasks.map((t) => ({ name: t.name, interrupts: t.interrupts.map((i) => i.value), subgraph_next: t.state?.next, subgraph_values: t.state?.values })));
show("resumed", await graph.invoke(new Command({ resume: false }), config));
