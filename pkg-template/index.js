// Browser and bundler entry: loads the wasm next to this module (bundlers copy the
// `new URL(..., import.meta.url)` asset), then exposes the API. No init() for users.
import init from "./wasm/langgraph_wasm.js";

await init({ module_or_path: new URL("./wasm/langgraph_wasm_bg.wasm", import.meta.url) });

export * from "./lib/index.js";
