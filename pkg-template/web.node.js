// `langgraph-wasm/web` in Node (ESM): the same graph API and smaller engine as web.js, the wasm read
// from disk on first need as in index.node.js. CommonJS `require("langgraph-wasm/web")` gets the
// package root (index.cjs), a superset.
import { startNode } from "./web-lib/node-entry.js";

startNode(new URL("./wasm/engine/langgraph_wasm_bg.wasm", import.meta.url), "wasm/engine/langgraph_wasm_bg.wasm", import.meta.url);

export * from "./web-lib/index.js";
