// StateGraph and the compiled graph, shaped like LangGraph.js, over the wasm handles.
import { StateGraphBuilder } from "../wasm/langgraph_wasm.js";
import { pull } from "./iterate.js";

/** The plain object a node gets as its second argument (safe to destructure). */
function nodeRuntime(handle) {
  return {
    interrupt: (value) => handle.interrupt(value),
    writer: (chunk) => handle.write(chunk),
    get config() {
      return handle.config;
    },
    get context() {
      return handle.context;
    },
    get node() {
      return handle.node;
    },
    get signal() {
      return handle.signal;
    },
  };
}

function wrapNode(name, fn) {
  if (typeof fn !== "function") {
    throw new TypeError(`addNode("${name}", …) needs a function or a compiled graph`);
  }
  return (state, handle) => fn(state, nodeRuntime(handle));
}

function channelDefault(key, spec) {
  if (spec.default === undefined) return undefined;
  return typeof spec.default === "function" ? spec.default() : spec.default;
}

/** A graph whose nodes read and write a shared state. */
export class StateGraph {
  /**
   * @param {{channels: Record<string, null | "append" | "add" | "merge" | "messages" |
   *   {reducer?: Function | string, value?: Function, default?: unknown}>}} spec
   */
  constructor(spec = {}) {
    this._builder = new StateGraphBuilder();
    const channels = spec.channels ?? {};
    for (const [key, channel] of Object.entries(channels)) {
      if (channel === null || channel === undefined || typeof channel === "string") {
        this._builder.channel(key, channel ?? null, undefined);
      } else if (typeof channel === "object") {
        const reducer = channel.reducer ?? channel.value ?? null;
        this._builder.channel(key, reducer, channelDefault(key, channel));
      } else {
        throw new TypeError(`channel "${key}" must be null, a reducer name, or {reducer, default}`);
      }
    }
  }

  /** Adds a node: a function `(state, runtime) => update | Command | Promise`, or a compiled graph. */
  addNode(name, action, options = {}) {
    if (action instanceof CompiledStateGraph) {
      this._builder.addSubgraph(name, action._handle, options);
    } else {
      this._builder.addNode(name, wrapNode(name, action), options);
    }
    return this;
  }

  /** Adds `from → to`; with an array of sources, `to` waits for all of them. */
  addEdge(from, to) {
    this._builder.addEdge(from, to);
    return this;
  }

  /** After `source`, `path(state)` picks the next nodes (names or Sends), mapped by `pathMap`. */
  addConditionalEdges(source, path, pathMap) {
    this._builder.addConditionalEdges(source, path, pathMap);
    return this;
  }

  /** Adds nodes chained in order: `[[name, fn], …]` or `{name: fn, …}`. */
  addSequence(nodes) {
    const entries = Array.isArray(nodes) ? nodes : Object.entries(nodes);
    let previous;
    for (const [name, fn] of entries) {
      this.addNode(name, fn);
      if (previous !== undefined) this.addEdge(previous, name);
      previous = name;
    }
    return this;
  }

  /** Validates the graph and makes it runnable. */
  compile({ checkpointer, interruptBefore, interruptAfter, name } = {}) {
    const options = { interruptBefore, interruptAfter, name };
    const handle = checkpointer
      ? this._builder.compileWithCheckpointer(options, checkpointer._handle)
      : this._builder.compile(options);
    return new CompiledStateGraph(handle);
  }
}

/** A runnable graph. */
export class CompiledStateGraph {
  constructor(handle) {
    this._handle = handle;
  }

  /** Runs until the graph ends or pauses; resolves to its state (with `__interrupt__` when paused). */
  invoke(input, config = {}) {
    return this._handle.invoke(input, config);
  }

  /** Streams the run's events; works with `for await (… of graph.stream())` and with `await graph.stream()`. */
  stream(input, config = {}) {
    return pull(this._handle.stream(input, config));
  }

  getState(config, options = {}) {
    return this._handle.getState(config, Boolean(options.subgraphs));
  }

  updateState(config, values, asNode) {
    return this._handle.updateState(config, values, asNode);
  }

  /** The thread's snapshots, newest first. */
  async *getStateHistory(config, options = {}) {
    yield* await this._handle.getStateHistory(config, options);
  }

  /** `{nodes, edges, drawMermaid()}`. */
  getGraph() {
    const handle = this._handle;
    return { ...handle.getGraph(), drawMermaid: () => handle.drawMermaid() };
  }

  drawMermaid() {
    return this._handle.drawMermaid();
  }
}
