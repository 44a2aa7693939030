// The values users put in graphs: START/END, Send, Command, Overwrite, and the module-level
// interrupt. Send and Command carry `lg_name` like LangGraph.js's, so either library's objects
// are recognised.
import { interrupt as wasmInterrupt } from "../wasm/langgraph_wasm.js";
import { engineNow } from "./engine.js";
import { getConfig, taskConfig } from "./context.js";
import { asLangGraphError } from "./errors.js";

export const START = "__start__";
export const END = "__end__";
/** The key of the interrupts in a paused run's output and stream chunks. */
export const INTERRUPT = "__interrupt__";

/** Run `node` with `args` as its input (a parallel task), from a conditional edge or a Command. */
export class Send {
  constructor(node, args) {
    this.lg_name = "Send";
    this.node = node;
    this.args = args;
  }
  toJSON() {
    return { lg_name: this.lg_name, node: this.node, args: this.args };
  }
}

const COMMAND_SYMBOL = Symbol.for("langgraph.command");

/** Update state, go to nodes, or answer an interrupt. */
export class Command {
  static PARENT = "__parent__";

  constructor(options = {}) {
    this.lg_name = "Command";
    // A tool that returns a Command hands it to the graph as it is (LangChain's tools check this).
    Object.defineProperty(this, "lc_direct_tool_output", { value: true, enumerable: false });
    Object.defineProperty(this, COMMAND_SYMBOL, { value: options, enumerable: false });
    // `resume` counts whenever it is given, even as null, false, 0 or "".
    if (Object.prototype.hasOwnProperty.call(options, "resume")) this.resume = options.resume;
    if (options.update !== undefined) this.update = options.update;
    if (options.goto !== undefined) this.goto = options.goto;
    if (options.graph !== undefined) this.graph = options.graph;
  }

  /** The update as `[key, value]` pairs (LangGraph.js's `_updateAsTuples`). */
  _updateAsTuples() {
    const update = this.update;
    if (update && typeof update === "object" && !Array.isArray(update)) return Object.entries(update);
    if (Array.isArray(update) && update.every((t) => Array.isArray(t) && t.length === 2 && typeof t[0] === "string")) {
      return update;
    }
    return [["__root__", update]];
  }

  toJSON() {
    return { lg_name: this.lg_name, update: this.update, resume: this.resume, goto: this.goto };
  }
}

/** Whether `x` is a `Command` (this package's or LangGraph.js's). */
export function isCommand(x) {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x);
  return proto !== Object.prototype && proto !== null && x.lg_name === "Command";
}

/** Whether a run's output says it paused (`__interrupt__` present). */
export function isInterrupted(value) {
  return value !== null && typeof value === "object" && Array.isArray(value[INTERRUPT]);
}

/**
 * Replaces a reducer key's value instead of folding into it: `{ items: new Overwrite([]) }`.
 * Stored as `{ __overwrite__: value }`, the form the engine (and LangGraph) reads.
 */
export class Overwrite {
  constructor(value) {
    this.__overwrite__ = value;
    Object.defineProperty(this, "lg_name", { value: "Overwrite", enumerable: false });
  }
  get value() {
    return this.__overwrite__;
  }
}

/**
 * Pauses the graph and asks a person; returns the answer when the graph is resumed.
 * Works anywhere in a node where its config is current: in Node everywhere in it (also after an
 * `await`), in browsers in its synchronous part; elsewhere use the node's `config.interrupt(value)`.
 */
export function interrupt(value) {
  // A runnable or tool the node called has a config of LangChain's making: the node's is linked.
  const config = taskConfig(getConfig());
  if (typeof config?.interrupt === "function") return config.interrupt(value);
  if (!engineNow()) {
    // No engine, so no node is running: what the engine says outside a node.
    const error = new Error(
      "interrupt() was called outside the synchronous part of a node (after an `await`, or outside any node). " +
        "Use the node's runtime instead: (state, runtime) => runtime.interrupt(value)",
    );
    error.name = "InterruptOutsideNodeError";
    throw asLangGraphError(error);
  }
  try {
    return wasmInterrupt(value);
  } catch (error) {
    throw asLangGraphError(error);
  }
}
