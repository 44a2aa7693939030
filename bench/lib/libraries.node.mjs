// The two libraries as loaded in Node: langgraph-wasm from ../pkg (built by `make pkg`) and
// LangGraph.js from bench/node_modules.
import { readFileSync } from "node:fs";
import { langgraphjsAdapter, oursAdapter } from "./adapters.mjs";

const here = (path) => new URL(path, import.meta.url);
const version = (path) => JSON.parse(readFileSync(here(path), "utf8")).version;

export async function loadLibraries() {
  const ours = await import(here("../../pkg/index.node.js").href);
  const lg = await import("@langchain/langgraph");
  // One @langchain/core for both (the one LangGraph.js uses), handed to langgraph-wasm as an app
  // that has it installed beside the package would have it found.
  const messages = await import("@langchain/core/messages");
  const callbacks = await import("@langchain/core/callbacks/base");
  const documents = await import("@langchain/core/documents");
  ours.registerLangChain({ messages, callbacks, documents });
  return {
    ours: oursAdapter(ours, version("../../pkg/package.json"), messages),
    theirs: langgraphjsAdapter(lg, version("../node_modules/@langchain/langgraph/package.json"), messages),
    coreVersion: version("../node_modules/@langchain/core/package.json"),
    /** Bytes of langgraph-wasm's linear memory (the glue's init hands back the live exports). */
    async oursWasmMemory() {
      const glue = await import(here("../../pkg/wasm/langgraph_wasm.js").href);
      return (await glue.default()).memory.buffer.byteLength;
    },
  };
}
