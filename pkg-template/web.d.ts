// Type declarations for `langgraph-wasm/web`: the package root's graph API on the smaller engine,
// without the Client layer (`Client`, `createFetch`), which the package root has.
export type * from "./index.js";
export * from "./dropin.js";
export {
  START,
  END,
  Send,
  Command,
  interrupt,
  pushMessage,
  MemorySaver,
  IndexedDBSaver,
  StateGraph,
  CompiledStateGraph,
  ready,
  WasmLoadError,
  WasmNotReadyError,
} from "./index.js";
