// Map-reduce with Send: a conditional edge fans out one task per subject; their results meet
// in a reducer key, in Send order.
import { Annotation, StateGraph, START, END, Send } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const State = Annotation.Root({
  subjects: Annotation(),
  jokes: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
  best: Annotation(),
});

const graph = new StateGraph(State)
  .addNode("generate", async ({ subject }) => {
    // Longer subjects finish first (by a margin no scheduling noise covers): updates stream in
    // completion order, while the reducer keeps Send order.
    await new Promise((resolve) => setTimeout(resolve, 120 / subject.length));
    return { jokes: [`a joke about ${subject}`] };
  })
  .addNode("pick", (state) => ({ best: state.jokes.reduce((a, b) => (b.length > a.length ? b : a)) }))
  .addConditionalEdges(START, (state) => state.subjects.map((subject) => new Send("generate", { subject })))
  .addEdge("generate", "pick")
  .addEdge("pick", END)
  .compile();

show("invoke", await graph.invoke({ subjects: ["cats", "elephants", "owls"] }));
show("updates", await collect(graph.stream({ subjects: ["a", "bb"] }, { streamMode: "updates" })));
