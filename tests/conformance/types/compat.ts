// Our savers type-check where LangGraph.js wants a checkpointer: as `BaseCheckpointSaver` and as
// `compile({ checkpointer })` of a LangGraph.js graph.
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { JsonPlusSerializer } from "@langchain/langgraph-checkpoint";
import { Annotation, StateGraph, START } from "@langchain/langgraph";
import { IndexedDBSaver, MemorySaver } from "langgraph-wasm";

const savers: BaseCheckpointSaver[] = [
  new MemorySaver(),
  new MemorySaver(new JsonPlusSerializer()),
  new IndexedDBSaver({ name: "app" }),
  new IndexedDBSaver({ name: "app", serde: new JsonPlusSerializer() }),
];

const State = Annotation.Root({ text: Annotation<string>() });
export const graphs = savers.map((checkpointer) =>
  new StateGraph(State).addNode("n", () => ({ text: "x" })).addEdge(START, "n").compile({ checkpointer }),
);
