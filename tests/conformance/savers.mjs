// Our savers as LangGraph's conformance suite and the LangGraph.js tests create them: from the
// built package (../../pkg), with IndexedDB in Node from fake-indexeddb.
import "fake-indexeddb/auto";
import { JsonPlusSerializer } from "@langchain/langgraph-checkpoint";
import { IndexedDBSaver, MemorySaver } from "../../pkg/index.node.js";

let databases = 0;

/** A database name no earlier saver of this process used: each checkpointer starts empty. */
export function freshDatabaseName() {
  databases += 1;
  return `conformance-${process.pid}-${databases}`;
}

// The suite's `CheckpointerTestInitializer`s, one per saver configuration. (Names other than
// LangGraph's own, so that no test is skipped for a saver of the same name.)

export const memory = {
  checkpointerName: "langgraph-wasm MemorySaver",
  createCheckpointer: () => new MemorySaver(),
};

export const indexedDb = {
  checkpointerName: "langgraph-wasm IndexedDBSaver",
  createCheckpointer: () => new IndexedDBSaver({ name: freshDatabaseName() }),
};

export const indexedDbWithSerde = {
  checkpointerName: "langgraph-wasm IndexedDBSaver with JsonPlusSerializer",
  createCheckpointer: () => new IndexedDBSaver({ name: freshDatabaseName(), serde: new JsonPlusSerializer() }),
};
