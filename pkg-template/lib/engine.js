// When the wasm engine is there. Importing the package loads nothing: the entry point says how
// the wasm can be loaded (`configure`), and it is loaded on first need or on `ready()`.
//
// - Browsers and bundlers (index.js) can only load it asynchronously (fetch + streaming
//   compilation). Until then the synchronous builders (`new StateGraph`, `addNode`, `compile`,
//   `new Client`, savers) record what they are asked, and the async methods wait for `ready()`.
// - Node (index.node.js, index.cjs) reads the file synchronously, so the first thing that needs
//   the engine loads it on the spot (`engineNow()`), and behaviour is as if it had always been there.
//
// One instance per loaded copy of this module: every API class asks here.
import init, { initSync, installValues } from "../wasm/langgraph_wasm.js";
import { valueHelpers } from "./values.js";

/** How this entry loads the wasm: `{ load(source?) → Promise<init input>, loadSync?() → bytes }`. */
let loader;
/** The wasm instance exists. */
let loaded = false;
/** The load in flight (or done), shared by every caller of `ready()`. */
let loading;
/** Why the synchronous load failed (it is not tried again; `ready()` rejects with it). */
let syncFailure;

/** The engine is loaded: what it needs from the JS side is installed. */
function started() {
  installValues(valueHelpers);
  loaded = true;
}

/** Called once by the entry point. */
export function configure(entryLoader) {
  loader = entryLoader;
}

/** The wasm could not be loaded: its URL answered something else, or compiling it failed. */
export class WasmLoadError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "WasmLoadError";
  }
}

/** Something synchronous needed the engine before it was loaded (browsers: `await ready()` first). */
export class WasmNotReadyError extends Error {
  constructor(what) {
    super(
      `${what} needs the wasm engine, which is not loaded yet in this page: \`await ready()\` ` +
        `(exported by "langgraph-wasm") once before calling it. Async methods wait by themselves.`,
    );
    this.name = "WasmNotReadyError";
  }
}

/**
 * Loads the wasm engine now, if it is not loaded yet; resolves when it is. Calling it is optional:
 * every async method waits for it. `options.wasm` replaces the asset next to the module (a URL,
 * a `Response`, bytes or a `WebAssembly.Module`), for pages that host the `.wasm` elsewhere; it
 * counts only on the first call.
 * @param {{ wasm?: string | URL | Response | BufferSource | WebAssembly.Module }} [options]
 * @returns {Promise<void>}
 */
export function ready(options = {}) {
  if (loaded) return (loading ??= Promise.resolve());
  if (loading) return loading;
  if (!loader) return Promise.reject(new WasmLoadError("langgraph-wasm was imported without an entry point that can load its wasm"));
  loading = (async () => {
    if (loader.loadSync && options.wasm === undefined) {
      if (!engineNow()) throw syncFailure;
      return;
    }
    const input = await loader.load(options.wasm);
    if (!loaded) {
      try {
        await init({ module_or_path: input });
      } catch (error) {
        throw error instanceof WasmLoadError
          ? error
          : new WasmLoadError(`the langgraph-wasm engine failed to start: ${error?.message ?? error}`, { cause: error });
      }
      started();
    }
  })();
  // A failed load can be tried again (a flaky network, a fixed configuration).
  loading.catch(() => {
    if (!loaded) loading = undefined;
  });
  return loading;
}

/**
 * Whether the engine can be used right now. Where the entry can load the wasm synchronously
 * (Node), this loads it on the spot; in browsers it is true once `ready()` has resolved. When the
 * synchronous load fails (the wasm is not where a bundled server module looks), the builders
 * record what they are asked as in a browser, and `ready()` and the async methods reject with why.
 */
export function engineNow() {
  if (loaded) return true;
  if (!loader?.loadSync || syncFailure) return false;
  try {
    initSync({ module: loader.loadSync() });
  } catch (error) {
    syncFailure =
      error instanceof WasmLoadError
        ? error
        : new WasmLoadError(`the langgraph-wasm engine failed to start: ${error?.message ?? error}`, { cause: error });
    return false;
  }
  started();
  return true;
}

/**
 * Throws unless the engine can be used right now: why the synchronous load failed (Node), else
 * `WasmNotReadyError` naming `what` (a browser before `ready()`).
 */
export function requireEngine(what) {
  if (!engineNow()) throw syncFailure ?? new WasmNotReadyError(what);
}

/** `use()` now when the engine is there (its result as is), else once it is (a Promise). */
export function withEngine(use) {
  return engineNow() ? use() : ready().then(use);
}
