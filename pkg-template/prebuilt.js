// `langgraph-wasm/prebuilt` for browsers and bundlers: the entry that loads the engine, then the
// prebuilt graphs (ToolNode, toolsCondition, createReactAgent). Needs `@langchain/core`.
import "./index.js";

export * from "./lib/prebuilt.js";
