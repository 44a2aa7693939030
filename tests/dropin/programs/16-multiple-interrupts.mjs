// Two nodes interrupt in the same step: both interrupts are pending, and a map from interrupt
// id to answer resumes both at once.
import { Annotation, StateGraph, START, END, MemorySaver, interrupt, Command } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const State = Annotation.Root({
  answers: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
});

const graph = new StateGraph(State)
  .addNode("legal", () => ({ answers: [`legal: ${interrupt("Legal OK?")}`] }))
  .addNode("budget", () => ({ answers: [`budget: ${interrupt("Budget OK?")}`] }))
  .addNode("done", (state) => ({ answers: [`done after ${state.answers.length}`] }))
  .addEdge(START, "legal")
  .addEdge(START, "budget")
  .addEdge(["legal", "budget"], "done")
  .addEdge("done", END)
  .compile({ checkpointer: new MemorySaver() });

const config = { configurable: { thread_id: "multi-1" } };
const paused = await graph.invoke({}, config);
show("pending", paused.__interrupt__.map((i) => i.value).sort());
const state = await graph.getState(config);
show("next", [...state.next].sort());
const answers = Object.fromEntries(paused.__interrupt__.map((i) => [i.id, i.value === "Legal OK?" ? "yes" : "no"]));
show("resumed", await graph.invoke(new Command({ resume: answers }), config));
