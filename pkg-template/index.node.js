// Node entry (ESM; CommonJS gets index.cjs, built from this file). Importing it loads nothing:
// the first thing that needs the engine reads the wasm from disk and compiles it synchronously,
// so the API behaves as if it had always been loaded. `await ready()` does it ahead of time.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AsyncLocalStorage } from "node:async_hooks";
import { configure, WasmLoadError } from "./lib/engine.js";
import { setAsyncLocalStorage } from "./lib/context.js";
import { setImportSync } from "./lib/langchain.js";

// What a bundler that emits assets rewrites (and copies the file for); unbundled, the file itself.
const WASM_ASSET = new URL("./wasm/langgraph_wasm_bg.wasm", import.meta.url);

/**
 * The wasm's bytes: where a bundler put it when its URL is a file, else beside this module in
 * the installed package. (Next.js's server build, for one, rewrites the asset's URL to the path
 * the browser fetches it from, `/_next/static/…`, and keeps `import.meta.url` the file's own.)
 */
function wasmBytes() {
  const asset = String(WASM_ASSET);
  const candidates = asset.startsWith("file:") ? [fileURLToPath(asset)] : [];
  candidates.push(join(dirname(fileURLToPath(String(import.meta.url))), "wasm", "langgraph_wasm_bg.wasm"));
  const failures = [];
  for (const file of new Set(candidates)) {
    try {
      return readFileSync(file);
    } catch (error) {
      failures.push(`${file}: ${error?.code ?? error?.message ?? error}`);
    }
  }
  throw new WasmLoadError(
    `langgraph-wasm could not read its wasm (${failures.join("; ")}). If a bundler moved this module ` +
      `(a server build), leave the package out of the server bundle (Next.js: serverExternalPackages) ` +
      "or pass the file's bytes to `await ready({ wasm })`.",
  );
}

configure({
  loadSync: wasmBytes,
  load: async (source) => source ?? wasmBytes(),
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
