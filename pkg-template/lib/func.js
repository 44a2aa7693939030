// The functional API, as LangGraph.js has it: `entrypoint(options, fn)` makes a compiled graph
// of one node that runs `fn(input, config)`; `task(name, fn)` makes a function that, called
// inside it, runs as a task of its own whose result is saved, so that when the entrypoint runs
// again (after an interrupt) finished tasks return their saved results instead of running.
// `getPreviousState()` is what the last run on the thread saved; `entrypoint.final({ value,
// save })` returns `value` and saves `save` instead.
//
// The graph's input and output are single values (the engine's root graphs): `invoke(3)` runs
// `fn(3)` and resolves to what it returned. Hosted by a Client (or `serve()`), its input over the
// HTTP API must be an object, as for any graph there.
import { StateGraph } from "./graph.js";
import { getConfig, taskConfig, taskHandle } from "./context.js";
import { wrapNode } from "./node.js";
import { asLangGraphError, thrownLike } from "./errors.js";

const PREVIOUS = Symbol.for("langgraph-wasm.previous");
const FINAL = Symbol.for("langgraph-wasm.entrypoint-final");

/** Defines a task: `const addOne = task("addOne", async (n) => n + 1)`; call it inside an entrypoint. */
export function task(optionsOrName, fn) {
  const name = typeof optionsOrName === "string" ? optionsOrName : optionsOrName?.name;
  if (typeof name !== "string" || name === "") throw new TypeError("task() needs a name: task(name, fn) or task({ name }, fn)");
  if (typeof fn !== "function") throw new TypeError(`task("${name}", fn) needs a function`);
  // What the engine runs: the task's arguments come as a list.
  const run = wrapNode(name, (args, config) => fn(...(Array.isArray(args) ? args : [args]), config));
  const called = (...args) => {
    const handle = taskHandle(getConfig());
    if (handle === undefined) {
      throw new Error(`task "${name}" was called outside an entrypoint or a node: call it while one runs`);
    }
    return handle.call(name, run, args).catch((error) => {
      throw (error?.task === name ? thrownLike(error.name, error.message) : undefined) ?? asLangGraphError(error);
    });
  };
  Object.defineProperty(called, "name", { value: name });
  return called;
}

/** What an entrypoint returns to return `value` and save `save` for the next run (`getPreviousState()`). */
class EntrypointFinal {
  constructor(value, save) {
    this[FINAL] = true;
    this.value = value;
    this.save = save;
  }
}

/**
 * Makes a graph of one node running `fn(input, config)`: `entrypoint({ name, checkpointer, store }, fn)`
 * or `entrypoint(name, fn)`.
 */
export function entrypoint(optionsOrName, fn) {
  const options = typeof optionsOrName === "string" ? { name: optionsOrName } : (optionsOrName ?? {});
  if (typeof fn !== "function") throw new TypeError("entrypoint(options, fn) needs a function");
  const name = options.name ?? (fn.name || "entrypoint");
  const node = (state, config) => {
    Object.defineProperty(config, PREVIOUS, { value: state?.__previous__ ?? undefined });
    const finish = (returned) => {
      const final = returned !== null && typeof returned === "object" && returned[FINAL] === true;
      const value = final ? returned.value : returned;
      const save = final ? returned.save : returned;
      return { __end__: value === undefined ? null : value, __previous__: save === undefined ? null : save };
    };
    const returned = fn(state?.__root_input__, config);
    return typeof returned?.then === "function" ? Promise.resolve(returned).then(finish) : finish(returned);
  };
  const graph = StateGraph._functional();
  graph.addNode(name, node);
  graph.addEdge("__start__", name);
  return graph.compile({ checkpointer: options.checkpointer, store: options.store, name });
}

entrypoint.final = ({ value, save } = {}) => new EntrypointFinal(value, save);

/** Inside an entrypoint: what the last run on this thread saved (its return value, or `final`'s `save`). */
export function getPreviousState() {
  const config = taskConfig(getConfig());
  if (config === undefined) throw new Error("getPreviousState() must be called inside an entrypoint");
  const previous = config[PREVIOUS];
  return previous === null ? undefined : previous;
}
