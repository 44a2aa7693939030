// `@langchain/core`, when the app has it: an optional peer dependency, never bundled and never
// imported statically from the package root (a static import of a missing package breaks
// bundlers' builds). It is found two ways:
// - registered: `langgraph-wasm/langchain` (and `langgraph-wasm/prebuilt`, which imports it)
//   imports `@langchain/core` statically and registers it; an app can also call
//   `registerLangChain({ messages, callbacks, documents })` with the modules itself. Bundled
//   browser apps use one of these.
// - loaded: where a bare specifier can be imported at run time (Node, Deno, a page with an import
//   map), `loadLangChain()` imports it with a computed specifier, which bundlers leave alone; in
//   Node a synchronous caller gets it at once (`require` of the ES module).
//
// What uses it: message coercion in the `messages` reducer (dicts and tuples become message
// classes), the `messages` stream mode (a callback handler), `ToolNode`, and reviving stored
// LangChain objects as their classes (values.js). For the last, every LangChain object that passes
// through a graph also notes its class under its serialization id, so a class the app uses is
// known even when the modules are not.

let core = null;
let loading = null;
/** Node's entry sets this: imports a module by name synchronously (`require` of ESM). */
let importSync = null;
let triedSync = false;

/** Class by serialization id (`langchain_core/messages/AIMessage`), and by class name alone. */
const byId = new Map();
const byName = new Map();

// Computed, so that bundlers do not try to resolve it at build time.
const CORE = ["@langchain", "core"].join("/");

/** Called by the Node entry: how to import `@langchain/core` synchronously when a caller cannot wait. */
export function setImportSync(importer) {
  importSync = importer;
}

function note(id, Class) {
  if (typeof Class !== "function" || !Array.isArray(id) || id.length === 0) return;
  const key = id.join("/");
  if (!byId.has(key)) byId.set(key, Class);
  const name = id[id.length - 1];
  if (!byName.has(name)) byName.set(name, Class);
}

/** Classes noted already: a message list passes through every step, its classes are noted once. */
const noted = new WeakSet();

/** Notes the class of a LangChain serializable object passing through a graph. */
export function noteLangChainValue(value) {
  try {
    if (value?.lc_serializable !== true || noted.has(value.constructor)) return;
    if (!Array.isArray(value.lc_namespace)) return;
    const id = value.lc_id;
    if (Array.isArray(id)) {
      note(id, value.constructor);
      if (typeof value.constructor === "function") noted.add(value.constructor);
    }
  } catch {
    // A getter that throws: not a LangChain object we can use.
  }
}

/** Notes the serializable classes a module exports under `namespace` (by their `lc_name()`). */
function noteModule(namespace, module) {
  for (const value of Object.values(module ?? {})) {
    if (typeof value !== "function" || typeof value.lc_name !== "function") continue;
    try {
      note([...namespace, value.lc_name()], value);
    } catch {
      // Not a serializable class after all.
    }
  }
}

/** Makes `modules` the ones in use and notes their classes. */
function use(modules) {
  core = modules;
  noteModule(["langchain_core", "messages"], modules.messages);
  if (modules.documents) noteModule(["langchain_core", "documents"], modules.documents);
  return core;
}

/**
 * Registers `@langchain/core`'s modules: `messages` (`@langchain/core/messages`), for the
 * `"messages"` stream mode `callbacks` (`@langchain/core/callbacks/base`), and `documents`
 * (`@langchain/core/documents`, to revive stored documents as their class). Needed only where the
 * package cannot import them by itself (bundled browser apps that do not import
 * `langgraph-wasm/langchain`).
 */
export function registerLangChain(modules = {}) {
  const messages = modules.messages;
  if (typeof messages?.coerceMessageLikeToMessage !== "function" || typeof messages?.isBaseMessage !== "function") {
    throw new TypeError(
      "registerLangChain({ messages }) needs the module @langchain/core/messages (import * as messages from \"@langchain/core/messages\")",
    );
  }
  use({
    messages,
    callbacks: modules.callbacks ?? core?.callbacks ?? null,
    documents: modules.documents ?? core?.documents ?? null,
  });
  loading = Promise.resolve(core);
  return core;
}

/**
 * The registered or loaded modules (`{ messages, callbacks, documents }`), or null if not found.
 * Where the runtime can import synchronously (Node), a module not loaded yet is loaded now: a
 * synchronous caller (a reducer, a value being revived) cannot wait for `loadLangChain()`.
 */
export function langchain() {
  if (core === null && importSync !== null && !triedSync) {
    triedSync = true;
    try {
      const messages = importSync(`${CORE}/messages`);
      const callbacks = importSync(`${CORE}/callbacks/base`);
      let documents = null;
      try {
        documents = importSync(`${CORE}/documents`);
      } catch {
        // An older @langchain/core without it.
      }
      use({ messages, callbacks, documents });
      loading ??= Promise.resolve(core);
    } catch {
      // Not installed, or this Node cannot require ES modules: the async load may still find it.
    }
  }
  return core;
}

/** Whether a load of `@langchain/core` was asked for (then runs wait for it to settle). */
export function langchainRequested() {
  return loading !== null;
}

async function importCore(subpath) {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ `${CORE}/${subpath}`);
}

/**
 * Finds `@langchain/core` (once): resolves to `{ messages, callbacks, documents }`, or null when
 * the app does not have it (or this runtime cannot import it by name: register it instead).
 */
export function loadLangChain() {
  loading ??= (async () => {
    try {
      const [messages, callbacks, documents] = await Promise.all([
        importCore("messages"),
        importCore("callbacks/base"),
        importCore("documents").catch(() => null),
      ]);
      // A registration that came in meanwhile wins (it is the app's own instance).
      if (core === null) use({ messages, callbacks, documents });
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

/**
 * The class stored under serialization id `id` (`["langchain_core", "messages", "AIMessage"]`),
 * if known: noted from values seen, or from `@langchain/core` where it can be loaded now.
 */
export function langchainClass(id) {
  const find = () => byId.get(id.join("/")) ?? byName.get(id[id.length - 1]);
  const found = find();
  if (found !== undefined || core !== null) return found;
  return langchain() === null ? undefined : find();
}
