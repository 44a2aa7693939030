export { START, END, Send, Command, interrupt } from "./types.js";
export { StateGraph, CompiledStateGraph } from "./graph.js";
export { MemorySaver, IndexedDBSaver } from "./checkpoint.js";
export { Client } from "./client.js";
export { createFetch } from "./http.js";
export { ready, WasmLoadError, WasmNotReadyError } from "./engine.js";
export { useLangChain } from "./langchain.js";
export { REMOVE_ALL_MESSAGES } from "./reducers.js";
