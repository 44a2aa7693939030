// interrupt() and resuming with Command({ resume }), seen through stream modes: updates shows
// {__interrupt__}, values shows the state then the interrupt as its own chunk; a second
// interrupt in the same node. (Interrupt ids are not shown after the first: LangGraph.js 1.7.3
// gives a task's later interrupts ids of their own, this package one id per task, as Python
// LangGraph does; see the README's compatibility table.)
import { Annotation, StateGraph, START, END, MemorySaver, interrupt, Command } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const State = Annotation.Root({ name: Annotation(), age: Annotation(), ok: Annotation() });

const graph = new StateGraph(State)
  .addNode("form", (state) => {
    const name = interrupt("name?");
    const age = interrupt(`age of ${name}?`);
    return { name, age };
  })
  .addNode("confirm", (state) => ({ ok: interrupt(`confirm ${state.name}, ${state.age}?`) }))
  .addEdge(START, "form")
  .addEdge("form", "confirm")
  .addEdge("confirm", END)
  .compile({ checkpointer: new MemorySaver() });

const config = { configurable: { thread_id: "form-1" } };
show("start", await collect(graph.stream({}, { ...config, streamMode: ["updates", "values"] })));
const values = (chunks) => chunks.map((c) => (c.__interrupt__ ? { __interrupt__: c.__interrupt__.map((i) => i.value) } : c));
show("answer name", values(await collect(graph.stream(new Command({ resume: "Ada" }), { ...config, streamMode: "updates" }))));
show("answer age", values(await collect(graph.stream(new Command({ resume: 36 }), { ...config, streamMode: "values" }))));
show("confirm yes", await graph.invoke(new Command({ resume: true }), config));
