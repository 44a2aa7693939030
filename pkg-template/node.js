// `langgraph-wasm/node`: everything the package root has, plus `serve()` (the HTTP API on a
// port, like `langgraph dev`). Node only.
export * from "./index.node.js";
export { serve } from "./lib/serve.js";
