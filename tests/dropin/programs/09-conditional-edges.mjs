// Conditional edges with a path map (object and array), a loop that ends, async path functions.
import { Annotation, StateGraph, START, END } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const State = Annotation.Root({
  count: Annotation({ reducer: (a, b) => a + b, default: () => 0 }),
  verdict: Annotation(),
});

const graph = new StateGraph(State)
  .addNode("tick", () => ({ count: 1 }))
  .addNode("judge", (state) => ({ verdict: state.count > 3 ? "big" : "small" }))
  .addNode("big", () => ({ verdict: "BIG" }))
  .addNode("small", () => ({ verdict: "small!" }))
  .addEdge(START, "tick")
  .addConditionalEdges("tick", async (state) => (state.count < 3 ? "again" : "done"), { again: "tick", done: "judge" })
  .addConditionalEdges("judge", (state) => state.verdict, ["big", "small"])
  .addEdge("big", END)
  .addEdge("small", END)
  .compile();

show("from 0", await graph.invoke({}));
show("from 5", await graph.invoke({ count: 5 }));
show("updates", await collect(graph.stream({ count: 1 })));
