// `langgraph-wasm/web`, browser and bundler entry: the graph API (what `@langchain/langgraph/web`
// has: StateGraph, savers, interrupt, Command, …) on the engine built without the Client and HTTP
// layer, a smaller wasm. Apps that also use `Client`, `createFetch` or `langgraph-wasm/prebuilt`
// import the package root instead (one engine per page: graphs and savers of one entry do not run
// on the other's, and are refused with a GraphValidationError). Loading works as in index.js:
// nothing until first need or `await ready()`. (web-lib/ holds lib/'s modules that use the engine,
// wired to wasm/engine/; `make pkg` writes it with tools/web-lib.mjs.)
import { configure } from "./web-lib/engine.js";
import { fetchWasm } from "./web-lib/fetch-wasm.js";

// Named here, literally, so that bundlers see the asset and emit it.
const WASM_URL = new URL("./wasm/engine/langgraph_wasm_bg.wasm", import.meta.url);

configure({ load: (source) => fetchWasm(source, WASM_URL, import.meta.url, "wasm/engine/langgraph_wasm_bg.wasm") });

export * from "./web-lib/index.js";
