import { SaverHandle } from "../wasm/langgraph_wasm.js";

/** Keeps checkpoints in memory (for the life of the page or process). */
export class MemorySaver {
  constructor() {
    this._handle = SaverHandle.memory();
  }
}

/**
 * Keeps checkpoints in the IndexedDB database `name` (default "langgraph-wasm"): they survive
 * reloads, crashes and closed tabs. One superstep is one transaction. In Node it needs an
 * IndexedDB implementation on `globalThis` (e.g. `import "fake-indexeddb/auto"`).
 */
export class IndexedDBSaver {
  constructor({ name = "langgraph-wasm" } = {}) {
    if (typeof name !== "string" || name === "") {
      throw new TypeError("IndexedDBSaver: `name` must be a non-empty string");
    }
    this.name = name;
    this._handle = SaverHandle.indexedDb(name);
  }
}
