// Node entry (ESM; CommonJS gets index.cjs, built from this file). Importing it loads nothing:
// the first thing that needs the engine reads the wasm from disk and compiles it synchronously,
// so the API behaves as if it had always been loaded. `await ready()` does it ahead of time.
import { startNode } from "./lib/node-entry.js";

// What a bundler that emits assets rewrites (and copies the file for); unbundled, the file itself.
startNode(new URL("./wasm/langgraph_wasm_bg.wasm", import.meta.url), "wasm/langgraph_wasm_bg.wasm", import.meta.url);

export * from "./lib/index.js";
