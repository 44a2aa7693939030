// Which node's config is current: what `getConfig()`, `getWriter()`, `getStore()`, the
// module-level `interrupt()` and LangChain's own runnables (a chat model called in a node
// without a config) read.
//
// The config lives where `@langchain/core` looks for it, so both agree without importing each
// other: an AsyncLocalStorage-like object at `globalThis[Symbol.for("ls:tracing_async_local_storage")]`
// whose store holds the config under `extra[Symbol.for("lc:child_config")]` (what core's
// `AsyncLocalStorageProviderSingleton` reads and writes; LangGraph.js installs Node's
// AsyncLocalStorage there too).
//
// - Node (and Deno, Bun, workers with `node:async_hooks`): the Node entry installs an
//   `AsyncLocalStorage`, so the config follows the node's code across `await`s.
// - Browsers have no async context yet: the config is current during the synchronous part of the
//   node (until its first `await`), as for `interrupt()`. A chat model called there (the usual
//   `await model.invoke(state.messages)`) still gets the node's callbacks; after an `await`, pass
//   the node's `config` explicitly. `setAsyncLocalStorage()` installs another implementation.

const ALS_KEY = Symbol.for("ls:tracing_async_local_storage");
const CONFIG_KEY = Symbol.for("lc:child_config");
const CONTEXT_VARIABLES_KEY = Symbol.for("lc:context_variables");

/** Current during synchronous calls only: the browser's stand-in for AsyncLocalStorage. */
class SynchronousContext {
  constructor() {
    this._store = undefined;
  }
  getStore() {
    return this._store;
  }
  run(store, callback, ...args) {
    const previous = this._store;
    this._store = store;
    try {
      return callback(...args);
    } finally {
      this._store = previous;
    }
  }
  enterWith() {}
}

/**
 * Installs `storage` (an AsyncLocalStorage, or anything with `getStore()` and `run(store, fn)`)
 * where `@langchain/core` and this package look for the current config, unless one is there.
 */
export function setAsyncLocalStorage(storage) {
  if (globalThis[ALS_KEY] === undefined) globalThis[ALS_KEY] = storage;
}

function storage() {
  if (globalThis[ALS_KEY] === undefined) globalThis[ALS_KEY] = new SynchronousContext();
  return globalThis[ALS_KEY];
}

/** Whether the config stays current across `await`s here (Node: yes; browsers: no). */
export function configFollowsAwaits() {
  return !(storage() instanceof SynchronousContext);
}

/** Runs `fn()` with `config` as the current config. */
export function runWithConfig(config, fn) {
  const als = storage();
  const previous = als.getStore();
  const store = { extra: { [CONFIG_KEY]: config } };
  if (previous?.[CONTEXT_VARIABLES_KEY] !== undefined) store[CONTEXT_VARIABLES_KEY] = previous[CONTEXT_VARIABLES_KEY];
  return als.run(store, fn);
}

const HANDLE = Symbol.for("langgraph-wasm.task-handle");

/** Attaches the engine's handle of the running task to its config (for `task()`). */
export function attachTaskHandle(config, handle) {
  Object.defineProperty(config, HANDLE, { value: handle, enumerable: false });
}

/** The engine's handle of the task whose config this is (or derives from), or undefined. */
export function taskHandle(config) {
  return taskConfig(config)?.[HANDLE];
}

const TASK_CONFIG = Symbol.for("langgraph-wasm.task-config");

/**
 * Makes the node's (or task's) `config` reachable from its `configurable`, and returns that.
 * A runnable or tool the node calls gets from LangChain a config of LangChain's own keys only
 * (`pickRunnableConfigKeys`: `configurable`, `callbacks`, `metadata`, …), which drops `interrupt`
 * and the task handle; `configurable` goes along, by reference or spread, and so does this
 * enumerable Symbol key, which `Object.keys`, `Object.entries` and JSON leave out (LangGraph.js
 * keeps its own hooks in `configurable` for the same reason).
 */
export function linkTaskConfig(configurable, config) {
  // A function, so that printing `configurable` (console.log) shows one line, not the config.
  configurable[TASK_CONFIG] = () => config;
  return configurable;
}

/**
 * The config of the node or task that `config` belongs to: `config` itself, or the one a child
 * config LangChain made from it links to; `config` when it is neither.
 */
export function taskConfig(config) {
  if (config === undefined || config === null || config[HANDLE] !== undefined) return config;
  return config.configurable?.[TASK_CONFIG]?.() ?? config;
}

/** The current node's (or task's) config, or undefined outside one. */
export function getConfig() {
  return storage().getStore()?.extra?.[CONFIG_KEY];
}

function required(what) {
  const config = getConfig();
  if (config === undefined) {
    const error = new Error(
      `${what}() was called outside a node${configFollowsAwaits() ? "" : " or after its first `await` (browsers keep no async context)"}: ` +
        "pass the node's config instead, e.g. (state, config) => config.writer",
    );
    error.name = "InterruptOutsideNodeError";
    throw error;
  }
  return config;
}

/** The current node's custom-stream writer (`config.writer`). */
export function getWriter(config) {
  const c = config ?? required("getWriter");
  return c.writer ?? c.configurable?.writer;
}

/** The store given to `compile({ store })` (or the Client's), as nodes see it. */
export function getStore(config) {
  return (config ?? required("getStore")).store;
}

/** The input of the current node or task. */
export function getCurrentTaskInput(config) {
  const c = config ?? required("getCurrentTaskInput");
  return c.configurable?.__pregel_scratchpad?.currentTaskInput;
}

/** Sends `chunk` to the current node's `"custom"` stream (LangGraph.js's `writer`). */
export function writer(chunk) {
  const write = getWriter();
  if (typeof write !== "function") throw new Error("writer() needs a running node with a custom stream writer");
  return write(chunk);
}
