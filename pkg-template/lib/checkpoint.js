import { SaverHandle } from "../wasm/langgraph_wasm.js";

/** Keeps checkpoints in memory (for the life of the page or process). */
export class MemorySaver {
  constructor() {
    this._handle = SaverHandle.memory();
  }
}
