// `@langchain/core`, when the app has it: an optional peer dependency, never bundled and never
// imported statically from the package root (a static import of a missing package breaks
// bundlers' builds). It is found two ways:
// - registered: `langgraph-wasm/langchain` (and `langgraph-wasm/prebuilt`, which imports it)
//   imports `@langchain/core` statically and registers it; an app can also call
//   `registerLangChain({ messages, callbacks })` with the modules itself. Bundled browser apps
//   use one of these.
// - loaded: where a bare specifier can be imported at run time (Node, Deno, a page with an import
//   map), `loadLangChain()` imports it with a computed specifier, which bundlers leave alone.
//
// What uses it: message coercion in the `messages` reducer (dicts and tuples become message
// classes), the `messages` stream mode (a callback handler), `ToolNode`. Plain graphs never load it.

let core = null;
let loading = null;
/** Node's entry sets this: imports a module by name synchronously (`require` of ESM). */
let importSync = null;

/** Called by the Node entry: how to import `@langchain/core` synchronously when a caller cannot wait. */
export function setImportSync(importer) {
  importSync = importer;
}

/**
 * Registers `@langchain/core`'s modules: `messages` (`@langchain/core/messages`) and, for the
 * `"messages"` stream mode, `callbacks` (`@langchain/core/callbacks/base`). Needed only where
 * the package cannot import them by itself (bundled browser apps that do not import
 * `langgraph-wasm/langchain`).
 */
export function registerLangChain(modules = {}) {
  const messages = modules.messages;
  if (typeof messages?.coerceMessageLikeToMessage !== "function" || typeof messages?.isBaseMessage !== "function") {
    throw new TypeError(
      "registerLangChain({ messages }) needs the module @langchain/core/messages (import * as messages from \"@langchain/core/messages\")",
    );
  }
  core = { messages, callbacks: modules.callbacks ?? core?.callbacks ?? null };
  loading = Promise.resolve(core);
  return core;
}

/**
 * The registered or loaded modules (`{ messages, callbacks }`), or null if not found. Where the
 * runtime can import synchronously (Node), a module not loaded yet is loaded now: a synchronous
 * caller (a reducer) cannot wait for `loadLangChain()`.
 */
export function langchain() {
  if (core === null && importSync !== null && !triedSync) {
    triedSync = true;
    try {
      core = { messages: importSync(`${CORE}/messages`), callbacks: importSync(`${CORE}/callbacks/base`) };
      loading ??= Promise.resolve(core);
    } catch {
      // Not installed, or this Node cannot require ES modules: the async load may still find it.
    }
  }
  return core;
}

let triedSync = false;

/** Whether a load of `@langchain/core` was asked for (then runs wait for it to settle). */
export function langchainRequested() {
  return loading !== null;
}

// Computed, so that bundlers do not try to resolve it at build time.
const CORE = ["@langchain", "core"].join("/");

async function importCore(subpath) {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ `${CORE}/${subpath}`);
}

/**
 * Finds `@langchain/core` (once): resolves to `{ messages, callbacks }`, or null when the app
 * does not have it (or this runtime cannot import it by name: register it instead).
 */
export function loadLangChain() {
  loading ??= (async () => {
    try {
      const [messages, callbacks] = await Promise.all([importCore("messages"), importCore("callbacks/base")]);
      // A registration that came in meanwhile wins (it is the app's own instance).
      core ??= { messages, callbacks };
    } catch {
      // Not installed, or not importable by name here.
    }
    return core;
  })();
  return loading;
}

/** Settles a load that was asked for, so that what runs next sees its result. */
export async function langchainSettled() {
  if (loading !== null) await loading;
  return core;
}
