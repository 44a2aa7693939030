// Node entry (ESM; CommonJS gets index.cjs, built from this file). Importing it loads nothing:
// the first thing that needs the engine reads the wasm from disk and compiles it synchronously,
// so the API behaves as if it had always been loaded. `await ready()` does it ahead of time.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { AsyncLocalStorage } from "node:async_hooks";
import { configure } from "./lib/engine.js";
import { setAsyncLocalStorage } from "./lib/context.js";
import { setImportSync } from "./lib/langchain.js";

const WASM_FILE = new URL("./wasm/langgraph_wasm_bg.wasm", import.meta.url);

configure({
  loadSync: () => readFileSync(WASM_FILE),
  load: async (source) => source ?? readFileSync(WASM_FILE),
});

// The current node's config follows its `await`s (getConfig(), interrupt(), LangChain runnables
// called without a config), where LangGraph.js and @langchain/core also look for it.
setAsyncLocalStorage(new AsyncLocalStorage());

// `@langchain/core` (an optional peer) can be found synchronously here: `require` of the ES module
// the app's own `import` would load (Node >= 20.19), so both get the same classes. The CommonJS
// build has no `import.meta.resolve` and resolves the CommonJS files its app requires.
const require = createRequire(import.meta.url);
setImportSync((specifier) =>
  require(typeof import.meta.resolve === "function" ? fileURLToPath(import.meta.resolve(specifier)) : specifier),
);

export * from "./lib/index.js";
