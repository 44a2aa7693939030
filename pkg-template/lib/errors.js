// The error classes, named and shaped as LangGraph.js's (`@langchain/langgraph`'s errors), so that
// `instanceof` and `isGraphInterrupt(e)` work on what this package throws. The engine (wasm)
// throws plain `Error`s with a stable `name`; `asLangGraphError` gives such an error the class of
// its name where it crosses into user code (the graph's methods, the Client's), keeping its
// message, stack and fields. A node's own error is not converted: it reaches the caller as the
// very object the node threw (see graph.js).

/** The base of every error this package throws on purpose. */
export class BaseLangGraphError extends Error {
  constructor(message, fields) {
    super(message ?? "");
    this.lc_error_code = fields?.lc_error_code;
  }
}

/** Errors that unwind a node on purpose (an interrupt, a command for the parent graph). */
export class GraphBubbleUp extends BaseLangGraphError {
  get is_bubble_up() {
    return true;
  }
}

function named(name, Base = BaseLangGraphError) {
  const Class = class extends Base {
    constructor(message, fields) {
      super(message, fields);
      this.name = name;
    }
    static get unminifiable_name() {
      return name;
    }
  };
  Object.defineProperty(Class, "name", { value: name });
  return Class;
}

export const GraphRecursionError = named("GraphRecursionError");
export const GraphValueError = named("GraphValueError");
export const InvalidUpdateError = named("InvalidUpdateError");
export const EmptyInputError = named("EmptyInputError");
export const EmptyChannelError = named("EmptyChannelError");
export const UnreachableNodeError = named("UnreachableNodeError");
export const MultipleSubgraphsError = named("MultipleSubgraphsError");
export const RemoteException = named("RemoteException");
/** The graph cannot be built or compiled (a duplicate node, an unknown edge target, no state, …). */
export const GraphValidationError = named("GraphValidationError");
/** `Command({ resume })` with no interrupt waiting (a second approval of the same request). */
export const NothingToResumeError = named("NothingToResumeError");
/** A bare resume with several interrupts pending, or a resume-map id that matches none. */
export const AmbiguousResumeError = named("AmbiguousResumeError");
/** `interrupt()` (or `getConfig()` in a browser) outside the synchronous part of a node. */
export const InterruptOutsideNodeError = named("InterruptOutsideNodeError");
export const InvalidConfigError = named("InvalidConfigError");
export const MissingCheckpointerError = named("MissingCheckpointerError");
export const InvalidArgumentError = named("InvalidArgumentError");
export const StorageError = named("StorageError");

/**
 * Marks what runs on one loaded engine (a compiled graph, a checkpointer), so that one from the
 * package's other entry is recognised: the package root and `langgraph-wasm/web` each load their
 * own engine, and this module is shared by both.
 */
export const ENGINE_OBJECT = Symbol.for("langgraph-wasm.engine-object");

/**
 * Throws when `value` is what `Own` (this entry's CompiledStateGraph or saver class) makes, but
 * made by the other entry: it carries the same mark and is not an `Own`. `where` names the call.
 */
export function refuseOtherEntry(value, Own, where) {
  const kind = Own.prototype[ENGINE_OBJECT];
  if (value?.[ENGINE_OBJECT] !== kind || value instanceof Own) return;
  throw new GraphValidationError(
    `${where}: this ${kind} was made by the other langgraph-wasm entry: the package root ("langgraph-wasm") and ` +
      '"langgraph-wasm/web" each load their own engine, and the graphs and checkpointers of one do not run on the ' +
      "other's. Import StateGraph and the savers from the same entry as the code that runs them.",
  );
}

/** What LangGraph.js throws for a `new StateGraph(…)` argument it cannot read. */
export class StateGraphInputError extends GraphValidationError {
  constructor(message, fields) {
    super(
      message ??
        "Invalid StateGraph input. Make sure to pass a valid StateDefinition, Annotation.Root, StateSchema or Zod schema.",
      fields,
    );
    this.name = "StateGraphInputError";
  }
  static get unminifiable_name() {
    return "StateGraphInputError";
  }
}

/** Unwinds a node at an unanswered `interrupt()`; the graph catches it. */
export class GraphInterrupt extends GraphBubbleUp {
  constructor(interrupts, fields) {
    super(JSON.stringify(interrupts ?? [], null, 2), fields);
    this.name = "GraphInterrupt";
    this.interrupts = interrupts ?? [];
  }
  static get unminifiable_name() {
    return "GraphInterrupt";
  }
}

/** LangGraph.js's older way to interrupt from a node: `throw new NodeInterrupt(value)`. */
export class NodeInterrupt extends GraphInterrupt {
  constructor(message, fields) {
    super([{ value: message }], fields);
    this.name = "NodeInterrupt";
  }
  static get unminifiable_name() {
    return "NodeInterrupt";
  }
}

/** A `Command({ graph: Command.PARENT })` on its way to the parent graph. */
export class ParentCommand extends GraphBubbleUp {
  constructor(command) {
    super();
    this.name = "ParentCommand";
    this.command = command;
  }
  static get unminifiable_name() {
    return "ParentCommand";
  }
}

/**
 * A node failed and its own error object is not at hand (a run of the `Client`, whose errors
 * cross the engine as data): `node` names it, `error` is `{ name, message }` of what it threw.
 */
export class NodeError extends BaseLangGraphError {
  constructor(message, fields) {
    super(message, fields);
    this.name = "NodeError";
  }
  static get unminifiable_name() {
    return "NodeError";
  }
}

export function isGraphInterrupt(e) {
  return e != null && (e.name === "GraphInterrupt" || e.name === "NodeInterrupt");
}

export function isGraphBubbleUp(e) {
  return e != null && e.is_bubble_up === true;
}

export function isParentCommand(e) {
  return e != null && e.name === "ParentCommand";
}

export function isNodeError(e) {
  return e != null && e.name === "NodeError";
}

const CLASSES = new Map(
  [
    GraphRecursionError,
    GraphValueError,
    InvalidUpdateError,
    EmptyInputError,
    EmptyChannelError,
    UnreachableNodeError,
    MultipleSubgraphsError,
    GraphValidationError,
    NothingToResumeError,
    AmbiguousResumeError,
    InterruptOutsideNodeError,
    InvalidConfigError,
    MissingCheckpointerError,
    InvalidArgumentError,
    StorageError,
    GraphInterrupt,
    NodeInterrupt,
    NodeError,
  ].map((Class) => [Class.unminifiable_name, Class]),
);

/**
 * Gives an engine error (a plain `Error` with a known `name`) the class of that name, in place;
 * anything else is returned as it is.
 */
export function asLangGraphError(error) {
  if (!(error instanceof Error)) return error;
  const Class = CLASSES.get(error.name);
  if (Class !== undefined && !(error instanceof Class)) {
    Object.setPrototypeOf(error, Class.prototype);
    if (error instanceof GraphInterrupt && !Array.isArray(error.interrupts)) error.interrupts = [];
    if (error.lc_error_code === undefined && LC_ERROR_CODES.has(error.name)) error.lc_error_code = LC_ERROR_CODES.get(error.name);
  }
  return error;
}

/** LangGraph.js's `lc_error_code` of the engine's errors that have one there (its message ends with its URL). */
const LC_ERROR_CODES = new Map([["GraphRecursionError", "GRAPH_RECURSION_LIMIT"]]);

// What user code (nodes, paths, reducers) threw lately. The engine reports such an error by its
// name and message; the graph's methods then throw the object itself, as LangGraph.js does.
const thrown = [];
const KEPT = 64;

/** Remembers `error`, thrown by user code the engine called; returns it. */
export function rememberThrown(error) {
  if (error !== null && (typeof error === "object" || typeof error === "string")) {
    if (!isGraphBubbleUp(error)) {
      thrown.push(error);
      if (thrown.length > KEPT) thrown.shift();
    }
  }
  return error;
}

function describeThrown(value) {
  if (typeof value === "string") return { name: "Error", message: value };
  let name;
  let message;
  try {
    name = typeof value.name === "string" ? value.name : "Error";
    message = typeof value.message === "string" ? value.message : String(value);
  } catch {
    return undefined;
  }
  return { name, message };
}

/**
 * The object user code threw that an engine error reports (a node's, a path function's, a
 * reducer's), or undefined. It is forgotten once found.
 */
function originalOf(error) {
  let wanted;
  if (error?.name === "NodeError" || (error?.error && typeof error.node === "string")) {
    wanted = (d) => d.name === error.error?.name && d.message === error.error?.message;
  } else if (error?.name === "InvalidUpdateError" && typeof error.message === "string") {
    const at = error.message.indexOf("reducer failed: ");
    if (at === -1) return undefined;
    const text = error.message.slice(at + "reducer failed: ".length);
    wanted = (d) => text === `${d.name}: ${d.message}`;
  } else {
    return undefined;
  }
  for (let i = thrown.length - 1; i >= 0; i -= 1) {
    const d = describeThrown(thrown[i]);
    if (d !== undefined && wanted(d)) return thrown.splice(i, 1)[0];
  }
  return undefined;
}

/**
 * The object user code threw lately with this name and message (kept: the run goes on), or
 * undefined: what a retry policy's `retryOn` is asked about.
 */
export function thrownLike(name, message) {
  for (let i = thrown.length - 1; i >= 0; i -= 1) {
    const d = describeThrown(thrown[i]);
    if (d !== undefined && d.name === name && d.message === message) return thrown[i];
  }
  return undefined;
}

/**
 * What the caller of a graph method gets for an engine error: the very object a node (or path,
 * or reducer) threw when that is what failed, else the error with its LangGraph.js class.
 */
export function toCallerError(error) {
  if (error instanceof Error && (error.name === "NodeError" || error.name === "InvalidUpdateError" || error.name === "GraphRecursionError")) {
    const original = originalOf(error);
    if (original !== undefined) return original;
  }
  return asLangGraphError(error);
}
