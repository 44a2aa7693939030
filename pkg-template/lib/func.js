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
//
// Values keep their classes across the entrypoint and its tasks, as in LangGraph.js: the input
// and the entrypoint's return value are held by the engine as JS values (handles), a task's
// arguments and fresh result never leave the JS side, and what the engine keeps of a task's
// result (its saved write, its `updates` chunk) is in the storage format, which revives
// LangChain messages as their classes.
import { CompiledStateGraph, StateGraph } from "./graph.js";
import { getConfig, taskConfig, taskHandle } from "./context.js";
import { isThenable, wrapNode } from "./node.js";
import { asLangGraphError, thrownLike } from "./errors.js";
import { valueHelpers } from "./values.js";
import { DrawableGraph } from "./drawable.js";

const PREVIOUS = Symbol.for("langgraph-wasm.previous");
const FINAL = Symbol.for("langgraph-wasm.entrypoint-final");

/**
 * A task's result as the engine keeps it: an object in the storage format (LangChain messages as
 * their constructor records, which the engine's copies revive as their classes); anything else,
 * or what cannot be stored, as it is (for the engine to report).
 */
function storedForm(value) {
  if (value === null || typeof value !== "object") return value;
  const text = valueHelpers.encode(value, "", true);
  return typeof text === "string" ? JSON.parse(text) : value;
}

/** Defines a task: `const addOne = task("addOne", async (n) => n + 1)`; call it inside an entrypoint. */
export function task(optionsOrName, fn) {
  const name = typeof optionsOrName === "string" ? optionsOrName : optionsOrName?.name;
  if (typeof name !== "string" || name === "") throw new TypeError("task() needs a name: task(name, fn) or task({ name }, fn)");
  if (typeof fn !== "function") throw new TypeError(`task("${name}", fn) needs a function`);
  // What runs a call: its arguments come as a list.
  const run = wrapNode(name, (args, config) => fn(...args, config));
  const called = (...args) => {
    const handle = taskHandle(getConfig());
    if (handle === undefined) {
      throw new Error(`task "${name}" was called outside an entrypoint or a node: call it while one runs`);
    }
    let ran = false;
    let result;
    const finish = (value) => {
      ran = true;
      result = value;
      return storedForm(value);
    };
    // The call's own arguments, not the engine's copy: the engine is given none (it does not read
    // them: a call is known by its position), so that they reach the task as they are.
    const runCall = (_, h) => {
      const returned = run(args, h);
      return isThenable(returned) ? Promise.resolve(returned).then(finish) : finish(returned);
    };
    return handle.call(name, runCall, null).then(
      // A fresh result is the task's own object; one saved by an earlier run comes from the
      // engine, revived.
      (saved) => (ran ? result : saved),
      (error) => {
        throw (error?.task === name ? thrownLike(error.name, error.message) : undefined) ?? asLangGraphError(error);
      },
    );
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
 * Where a run's input travels when JSON would not carry it (a list of messages, a Date, a class
 * instance): under this one key, in a holder (`{ value }`) that the engine keeps as it is (a
 * handle) and saves in the storage format (a plain `{ value }`). A class instance, the engine
 * leaves as it is; the plain containers it holds, it freezes, so a list travels as a copy that the
 * entrypoint may change (LangGraph.js hands it the caller's own; a frozen one would be frozen for
 * the caller too once the entrypoint returned it).
 */
const BOXED = "__langgraph_wasm_input__";

class BoxedInput {
  constructor(value) {
    this.value = value;
  }
}

/** Whether `value` is JSON data, which the engine keeps exactly as JSON. */
function isJsonData(value, depth = 0) {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value !== "object" || depth > 64) return false;
  if (Array.isArray(value)) return value.every((v) => isJsonData(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype) return false;
  return Object.values(value).every((v) => isJsonData(v, depth + 1));
}

/** A run's input as the engine takes it: boxed when it is neither a plain object nor JSON data. */
function boxInput(input) {
  if (input === null || typeof input !== "object" || input.lg_name === "Command") return input;
  const proto = Object.getPrototypeOf(input);
  if ((proto === null || proto === Object.prototype) && !Object.hasOwn(input, BOXED)) return input;
  if (isJsonData(input)) return input;
  return { [BOXED]: new BoxedInput(Array.isArray(input) ? [...input] : input) };
}

/**
 * The run's input as the entrypoint gets it: out of its box (a holder, or its saved form, which
 * the engine froze when it read it back: a list is copied again).
 */
function unboxInput(input) {
  if (input === null || typeof input !== "object" || !Object.hasOwn(input, BOXED)) return input;
  const value = input[BOXED]?.value;
  return Array.isArray(value) && Object.isFrozen(value) ? [...value] : value;
}

/**
 * An entrypoint's compiled graph: a run's input is boxed where JSON would not carry it, and its
 * drawing is LangGraph.js's (`<name>Input → <name> → <name>Output`).
 */
class EntrypointGraph extends CompiledStateGraph {
  invoke(input, config) {
    return super.invoke(boxInput(input), config);
  }

  stream(input, config) {
    return super.stream(boxInput(input), config);
  }

  getGraph() {
    const [input, output] = [`${this.name}Input`, `${this.name}Output`];
    const schema = (title) => ({ $schema: "http://json-schema.org/draft-07/schema#", title });
    return new EntrypointDrawing(
      {
        [input]: { id: input, name: input, data: schema(input) },
        [this.name]: { id: this.name, name: this.name, data: { id: ["langgraph", "pregel", "LangGraph"], name: this.name } },
        [output]: { id: output, name: output, data: schema(output) },
      },
      [
        { source: input, target: this.name, conditional: false },
        { source: this.name, target: output, conditional: false },
      ],
    );
  }
}

/**
 * An entrypoint's drawing, whose `toJSON()` is LangGraph.js's: nodes numbered in order (their ids
 * there are random), the input and output as schemas.
 */
class EntrypointDrawing extends DrawableGraph {
  toJSON() {
    const ids = Object.keys(this.nodes);
    return {
      nodes: Object.values(this.nodes).map(({ data }, i) => ({ id: i, type: data.$schema ? "schema" : "runnable", data })),
      edges: this.edges.map(({ source, target }) => ({ source: ids.indexOf(source), target: ids.indexOf(target) })),
    };
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
    const returned = fn(unboxInput(state?.__root_input__), config);
    return typeof returned?.then === "function" ? Promise.resolve(returned).then(finish) : finish(returned);
  };
  const graph = StateGraph._functional();
  graph.addNode(name, node);
  graph.addEdge("__start__", name);
  const compiled = graph.compile({ checkpointer: options.checkpointer, store: options.store, name });
  // compile() makes a CompiledStateGraph; this one is an entrypoint's.
  return Object.setPrototypeOf(compiled, EntrypointGraph.prototype);
}

entrypoint.final = ({ value, save } = {}) => new EntrypointFinal(value, save);

/** Inside an entrypoint: what the last run on this thread saved (its return value, or `final`'s `save`). */
export function getPreviousState() {
  const config = taskConfig(getConfig());
  if (config === undefined) throw new Error("getPreviousState() must be called inside an entrypoint");
  const previous = config[PREVIOUS];
  return previous === null ? undefined : previous;
}
