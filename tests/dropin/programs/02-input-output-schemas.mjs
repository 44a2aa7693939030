// Input and output schemas: the run takes only the input keys, returns only the output keys,
// and a private key lives between nodes; the thread's state keeps every key.
import { Annotation, StateGraph, START, END, MemorySaver } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const Input = Annotation.Root({ question: Annotation() });
const Output = Annotation.Root({ answer: Annotation() });
const Overall = Annotation.Root({
  question: Annotation(),
  notes: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
  answer: Annotation(),
});

const graph = new StateGraph(Overall, { input: Input, output: Output })
  .addNode("research", (state) => ({ notes: [`looked up ${state.question}`] }))
  .addNode("respond", (state) => ({ answer: `${state.question}? ${state.notes.join("; ")}` }))
  .addEdge(START, "research")
  .addEdge("research", "respond")
  .addEdge("respond", END)
  .compile({ checkpointer: new MemorySaver() });

const config = { configurable: { thread_id: "io-1" } };
show("invoke", await graph.invoke({ question: "why is the sky blue", notes: ["ignored?"] }, config));
show("state", (await graph.getState(config)).values);
show("values chunks", await collect(graph.stream({ question: "what is rain" }, { configurable: { thread_id: "io-2" }, streamMode: "values" })));
