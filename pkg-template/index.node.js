// Node entry: reads the wasm from disk (Node's fetch cannot load file: URLs), then exposes the API.
import { readFile } from "node:fs/promises";
import init from "./wasm/langgraph_wasm.js";

await init({ module_or_path: await readFile(new URL("./wasm/langgraph_wasm_bg.wasm", import.meta.url)) });

export * from "./lib/index.js";
