// The custom stream: config.writer and getWriter() inside nodes, alongside updates.
import { Annotation, StateGraph, START, END, getWriter } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const State = Annotation.Root({ done: Annotation() });

const graph = new StateGraph(State)
  .addNode("work", async (_state, config) => {
    config.writer({ progress: 0.5 });
    await new Promise((resolve) => setTimeout(resolve, 2));
    getWriter()({ progress: 1 });
    return { done: true };
  })
  .addEdge(START, "work")
  .addEdge("work", END)
  .compile();

show("custom", await collect(graph.stream({}, { streamMode: "custom" })));
show("custom + updates", await collect(graph.stream({}, { streamMode: ["custom", "updates"] })));
