// `langgraph-wasm/web` in Node (ESM, and `require()` where Node loads ES modules for it, from 20.19):
// the same graph API and smaller engine as web.js, the wasm read from disk on first need as in
// index.node.js. `require()` on older Node and in Jest gets the package root's CommonJS build
// (index.cjs), a superset.
import { startNode } from "./web-lib/node-entry.js";

startNode(new URL("./wasm/engine/langgraph_wasm_bg.wasm", import.meta.url), "wasm/engine/langgraph_wasm_bg.wasm", import.meta.url);

export * from "./web-lib/index.js";
