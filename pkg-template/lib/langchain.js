// `@langchain/core`, when the app has it. It is an optional peer dependency: nothing here imports
// it statically, so apps without it (and bundlers, which would fail on a missing import) are not
// affected. It is found
// - in Node, by a dynamic `import()` of `@langchain/core/messages` and `/documents` (`findLangChain`);
// - anywhere, from the LangChain objects that pass through a graph (each one's class is noted
//   under its serialization id, so objects of that class are revived as it after a reload);
// - anywhere, when the app hands the modules over: `useLangChain(messages, documents)` (what a
//   bundled browser app does once, at start-up, if its state is revived before its graph sees any
//   LangChain object).
// What it is used for: reviving stored LangChain objects as their classes, and the `messages`
// reducer's coercion of message-likes (`{role, content}`, strings) into message classes.

/** Class by serialization id (`langchain_core/messages/AIMessage`), and by class name alone. */
const byId = new Map();
const byName = new Map();
/** The messages module, when known (for coercion and RemoveMessage). */
let messagesModule;

function note(id, Class) {
  if (typeof Class !== "function" || !Array.isArray(id) || id.length === 0) return;
  const key = id.join("/");
  if (!byId.has(key)) byId.set(key, Class);
  const name = id[id.length - 1];
  if (!byName.has(name)) byName.set(name, Class);
}

/** Notes the class of a LangChain serializable object passing through. */
export function noteLangChainValue(value) {
  try {
    if (value?.lc_serializable !== true || !Array.isArray(value.lc_namespace)) return;
    const id = value.lc_id;
    if (Array.isArray(id)) note(id, value.constructor);
  } catch {
    // A getter that throws: not a LangChain object we can use.
  }
}

/** Registers the classes a module exports under `namespace` (by their `lc_name()`). */
function registerModule(namespace, module) {
  for (const value of Object.values(module ?? {})) {
    if (typeof value !== "function" || typeof value.lc_name !== "function") continue;
    try {
      note([...namespace, value.lc_name()], value);
    } catch {
      // Not a serializable class after all.
    }
  }
}

/**
 * Hands `@langchain/core` modules to langgraph-wasm, for apps whose bundler cannot let it find
 * them by itself: `useLangChain(await import("@langchain/core/messages"))`.
 */
export function useLangChain(messages, documents) {
  if (messages) {
    messagesModule = messages;
    registerModule(["langchain_core", "messages"], messages);
  }
  if (documents) registerModule(["langchain_core", "documents"], documents);
}

let finding;

/** Looks for `@langchain/core` where a dynamic import can find it (Node); resolves either way. */
export function findLangChain() {
  if (finding) return finding;
  // A computed specifier: bundlers leave it alone (a missing optional package must not fail
  // their build), and where nothing can resolve it at run time it simply is not found.
  const load = (name) => import(/* webpackIgnore: true */ /* @vite-ignore */ `@langchain/core/${name}`).catch(() => undefined);
  finding =
    typeof process === "object" && process.versions?.node
      ? Promise.all([load("messages"), load("documents")]).then(([messages, documents]) => useLangChain(messages, documents))
      : Promise.resolve();
  return finding;
}

/** The class stored under `id`, if known. */
export function langchainClass(id) {
  return byId.get(id.join("/")) ?? byName.get(id[id.length - 1]);
}

/** The messages module of `@langchain/core`, if known. */
export function langchainMessages() {
  return messagesModule;
}
