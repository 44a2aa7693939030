// Annotation.Root with a last-value key and reducer keys with defaults; the default stream mode
// (updates), values mode, and a root built by spreading another root's `.spec`.
import { Annotation, StateGraph, START, END } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const Base = Annotation.Root({
  topic: Annotation(),
  steps: Annotation({ reducer: (left, right) => left.concat(right), default: () => [] }),
});

const State = Annotation.Root({
  ...Base.spec,
  total: Annotation({ reducer: (a, b) => a + b, default: () => 0 }),
});

const graph = new StateGraph(State)
  .addNode("plan", (state) => ({ steps: [`plan ${state.topic}`], total: 1 }))
  .addNode("write", (state) => ({ steps: ["write"], total: state.steps.length }))
  .addNode("review", () => ({ steps: ["review"], total: 10 }))
  .addNode("publish", (state) => ({ steps: [`publish after ${state.steps.length}`] }))
  .addEdge(START, "plan")
  .addEdge("plan", "write")
  .addEdge("plan", "review")
  .addEdge(["write", "review"], "publish")
  .addEdge("publish", END)
  .compile();

show("invoke", await graph.invoke({ topic: "bees" }));
show("stream (default mode)", await collect(graph.stream({ topic: "ants" })));
show("stream values", await collect(graph.stream({ topic: "ants", steps: ["given"] }, { streamMode: "values" })));
show("state keys", Object.keys(State.spec));
