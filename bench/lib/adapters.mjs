// One small graph-building surface over both libraries, so each benchmark shape is written once
// and built the same way on langgraph-wasm and on LangGraph.js.
//
// A shape declares its state as `{ key: { reducer?, default? } }` where `reducer` is a built-in
// name ("add": Python's operator.add on lists, "merge": dict `|`, "messages": add_messages) or a
// JS function. Each library gets its most natural form: built-in names become langgraph-wasm's
// built-in reducers (they run in Rust) and the equivalent JS function on LangGraph.js.

const builtinReducers = (lg) => ({
  add: (a, b) => a.concat(b),
  merge: (a, b) => ({ ...a, ...b }),
  messages: lg.messagesStateReducer,
});

/**
 * langgraph-wasm, from the built package (`make pkg`): its module namespace in, adapter out.
 * `messages` is `@langchain/core/messages` where shapes should use LangChain's message classes.
 */
export function oursAdapter(lib, version, messages) {
  return {
    name: "langgraph-wasm",
    version,
    messages,
    /** Bytes a MemorySaver holds, as JSON. */
    storedBytes: (saver) => saver.storedBytes(),
    START: lib.START,
    END: lib.END,
    Send: lib.Send,
    Command: lib.Command,
    /** A fresh in-memory checkpointer; `kind` "indexeddb" is the browser's IndexedDB saver. */
    checkpointer(kind = "memory", name) {
      if (kind === "indexeddb") return new lib.IndexedDBSaver({ name });
      return new lib.MemorySaver();
    },
    stateGraph(state, { input, output } = {}) {
      void input;
      void output; // no input/output schemas: the parent keeps only its own keys of a subgraph's output
      const channels = {};
      for (const [key, spec] of Object.entries(state)) {
        const { reducer, default: init } = spec ?? {};
        channels[key] = reducer === undefined && init === undefined ? null : { reducer: reducer ?? null, default: init };
      }
      return new lib.StateGraph({ channels });
    },
    /** `runtime.interrupt`, as on LangGraph.js below. */
    interrupt: (value, runtime) => runtime.interrupt(value),
  };
}

/** LangGraph.js: `@langchain/langgraph` (or its `/web` entry) namespace in, adapter out. */
export function langgraphjsAdapter(lg, version, messages) {
  const builtins = builtinReducers(lg);
  const annotationRoot = (state) => {
    const fields = {};
    for (const [key, spec] of Object.entries(state)) {
      const { reducer, default: init } = spec ?? {};
      if (reducer === undefined && init === undefined) {
        fields[key] = lg.Annotation();
      } else {
        const fn = typeof reducer === "string" ? builtins[reducer] : (reducer ?? ((_, b) => b));
        fields[key] = lg.Annotation({ reducer: fn, default: init ?? (() => undefined) });
      }
    }
    return lg.Annotation.Root(fields);
  };
  return {
    name: "LangGraph.js",
    version,
    messages,
    /** Bytes a MemorySaver holds: its serialized checkpoints, metadata and writes. */
    storedBytes(saver) {
      let total = 0;
      for (const namespaces of Object.values(saver.storage)) {
        for (const checkpoints of Object.values(namespaces)) {
          for (const [checkpoint, metadata] of Object.values(checkpoints)) total += checkpoint.length + metadata.length;
        }
      }
      for (const writes of Object.values(saver.writes)) {
        for (const [, , value] of Object.values(writes)) total += value.length;
      }
      return total;
    },
    START: lg.START,
    END: lg.END,
    Send: lg.Send,
    Command: lg.Command,
    checkpointer() {
      return new lg.MemorySaver();
    },
    stateGraph(state, { input, output } = {}) {
      const stateSchema = annotationRoot(state);
      if (!input && !output) return new lg.StateGraph(stateSchema);
      const pick = (keys) => annotationRoot(Object.fromEntries(keys.map((k) => [k, state[k]])));
      return new lg.StateGraph({
        stateSchema,
        ...(input ? { input: pick(input) } : {}),
        ...(output ? { output: pick(output) } : {}),
      });
    },
    /** The node's `runtime.interrupt` (no AsyncLocalStorage needed, so it also works in browsers). */
    interrupt: (value, runtime) => runtime.interrupt(value),
  };
}
