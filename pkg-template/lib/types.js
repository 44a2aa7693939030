// The values users put in graphs: START/END, Send, Command, and the module-level interrupt.
// Send and Command carry `lg_name` like LangGraph.js's, so either library's objects are recognised.
import { interrupt as wasmInterrupt } from "../wasm/langgraph_wasm.js";
import { engineNow } from "./engine.js";

export const START = "__start__";
export const END = "__end__";

/** Run `node` with `args` as its input (a parallel task), from a conditional edge or a Command. */
export class Send {
  constructor(node, args) {
    this.lg_name = "Send";
    this.node = node;
    this.args = args;
  }
}

/** Update state, go to nodes, or answer an interrupt. */
export class Command {
  static PARENT = "__parent__";

  constructor(options = {}) {
    this.lg_name = "Command";
    // `resume` counts whenever it is given, even as null, false, 0 or "".
    if (Object.prototype.hasOwnProperty.call(options, "resume")) this.resume = options.resume;
    if (options.update !== undefined) this.update = options.update;
    if (options.goto !== undefined) this.goto = options.goto;
    if (options.graph !== undefined) this.graph = options.graph;
  }
}

/**
 * Pauses the graph and asks a person; returns the answer when the graph is resumed.
 * Works in the synchronous part of a node; after an `await`, use `runtime.interrupt(value)`.
 */
export function interrupt(value) {
  if (!engineNow()) {
    // No engine, so no node is running: what the engine says outside a node.
    const error = new Error(
      "interrupt() was called outside the synchronous part of a node (after an `await`, or outside any node). " +
        "Use the node's runtime instead: (state, runtime) => runtime.interrupt(value)",
    );
    error.name = "InterruptOutsideNodeError";
    throw error;
  }
  return wasmInterrupt(value);
}
