// `langgraph-wasm/prebuilt` in Node: the Node entry, then the prebuilt graphs (ToolNode,
// toolsCondition, createReactAgent). Needs `@langchain/core`.
import "./index.node.js";

export * from "./lib/prebuilt.js";
