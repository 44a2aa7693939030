// What the Node entries (index.node.js, web.node.js) set up: the wasm read from disk and compiled
// synchronously on first need (so the API behaves as if it had always been loaded; `await ready()`
// does it ahead of time), the config following a node's `await`s, and `@langchain/core` found
// synchronously. Each entry names its wasm literally (`new URL(…, import.meta.url)`), for bundlers.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AsyncLocalStorage } from "node:async_hooks";
import { configure, WasmLoadError } from "./engine.js";
import { setAsyncLocalStorage } from "./context.js";
import { setImportSync } from "./langchain.js";

/**
 * `asset`: the entry's `new URL("./wasm/….wasm", import.meta.url)`; `file`: the same path from the
 * package root; `entryUrl`: the entry's `import.meta.url`.
 */
export function startNode(asset, file, entryUrl) {
  /**
   * The wasm's bytes: where a bundler put it when its URL is a file, else beside the entry in the
   * installed package. (Next.js's server build, for one, rewrites the asset's URL to the path the
   * browser fetches it from, `/_next/static/…`, and keeps `import.meta.url` the file's own.)
   */
  function wasmBytes() {
    const url = String(asset);
    const candidates = url.startsWith("file:") ? [fileURLToPath(url)] : [];
    candidates.push(join(dirname(fileURLToPath(String(entryUrl))), ...file.split("/")));
    const failures = [];
    for (const path of new Set(candidates)) {
      try {
        return readFileSync(path);
      } catch (error) {
        failures.push(`${path}: ${error?.code ?? error?.message ?? error}`);
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

  // `@langchain/core` (an optional peer) can be found synchronously here: `require` of the ES
  // module the app's own `import` would load (Node >= 20.19), so both get the same classes. The
  // CommonJS build has no `import.meta.resolve` and resolves the CommonJS files its app requires.
  const require = createRequire(entryUrl);
  setImportSync((specifier) =>
    require(typeof import.meta.resolve === "function" ? fileURLToPath(import.meta.resolve(specifier)) : specifier),
  );
}
