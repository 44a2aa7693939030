// Browser and bundler entry. Importing it loads nothing: the wasm next to this module (bundlers
// copy the `new URL(..., import.meta.url)` asset) is fetched and compiled while it streams on
// first need, or when the app calls `await ready()`. The synchronous builders work before that.
import { configure } from "./lib/engine.js";
import { fetchWasm } from "./lib/fetch-wasm.js";

// Named here, literally, so that bundlers see the asset and emit it.
const WASM_URL = new URL("./wasm/langgraph_wasm_bg.wasm", import.meta.url);

configure({ load: (source) => fetchWasm(source, WASM_URL, import.meta.url) });

export * from "./lib/index.js";
