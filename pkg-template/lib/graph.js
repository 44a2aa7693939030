// StateGraph and the compiled graph, shaped like LangGraph.js, over the wasm handles.
// Building needs no wasm: until the engine is loaded (browsers), the builder's calls are recorded
// and replayed into a wasm builder when it is; once it is (always, in Node), they go straight to
// it, so errors show where they are made.
import { StateGraphBuilder } from "../wasm/langgraph_wasm.js";
import { engineNow, requireEngine, withEngine } from "./engine.js";
import { pull } from "./iterate.js";

/** An item as LangGraph.js's store gives it: the server's fields plus `createdAt`/`updatedAt` dates. */
function storeItem(item) {
  return item && { ...item, createdAt: new Date(item.created_at), updatedAt: new Date(item.updated_at) };
}

/** LangGraph.js's `BaseStore` methods over the run's store (the Client's). */
function nodeStore(handle) {
  const call = (f) => new Promise((resolve) => resolve(f()));
  return {
    get: (namespace, key) => call(() => storeItem(handle.storeGet(namespace, key))),
    put: (namespace, key, value) => call(() => handle.storePut(namespace, key, value)),
    delete: (namespace, key) => call(() => handle.storeDelete(namespace, key)),
    search: (namespacePrefix, options = {}) => call(() => handle.storeSearch(namespacePrefix, options).map(storeItem)),
    listNamespaces: (options = {}) => {
      const { prefix, suffix, maxDepth, limit, offset } = options;
      return call(() => handle.storeListNamespaces({ prefix, suffix, max_depth: maxDepth, limit, offset }));
    },
  };
}

/** The plain object a node gets as its second argument (safe to destructure). */
function nodeRuntime(handle) {
  let store;
  const storeOf = () => (handle.hasStore ? (store ??= nodeStore(handle)) : undefined);
  return {
    interrupt: (value) => handle.interrupt(value),
    writer: (chunk) => handle.write(chunk),
    /** The Client's store, in runs of a Client (LangGraph.js's `config.store`). */
    get store() {
      return storeOf();
    },
    get config() {
      const config = handle.config;
      const store = storeOf();
      if (store) config.store = store;
      return config;
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
   *   {reducer?: Function | string, value?: Function, default?: unknown, schema?: object}>,
   *   configSchema?: object, contextSchema?: object}} spec
   */
  constructor(spec = {}) {
    /** The builder calls so far, `(builder) => …`, in order: replayed into a wasm builder. */
    this._calls = [];
    /** The wasm builder, once the engine is loaded. */
    this._builder = null;
    const channels = spec.channels ?? {};
    for (const [key, channel] of Object.entries(channels)) {
      if (channel === null || channel === undefined || typeof channel === "string") {
        this._call((b) => b.channel(key, channel ?? null, undefined));
      } else if (typeof channel === "object") {
        const reducer = channel.reducer ?? channel.value ?? null;
        const initial = channelDefault(key, channel);
        this._call((b) => b.channel(key, reducer, initial));
        if (channel.schema !== undefined) this._call((b) => b.channelSchema(key, channel.schema));
      } else {
        throw new TypeError(`channel "${key}" must be null, a reducer name, or {reducer, default, schema}`);
      }
    }
    if (spec.configSchema !== undefined || spec.contextSchema !== undefined) {
      this._call((b) => b.runSchemas(spec.configSchema, spec.contextSchema));
    }
  }

  /** Makes a builder call: now when the engine is loaded, else when it is. */
  _call(call) {
    if (this._builder === null && engineNow()) this._builder = replay(this._calls);
    if (this._builder !== null) call(this._builder);
    this._calls.push(call);
  }

  /** Adds a node: a function `(state, runtime) => update | Command | Promise`, or a compiled graph. */
  addNode(name, action, options = {}) {
    if (action instanceof CompiledStateGraph) {
      this._call((b) => b.addSubgraph(name, action._handle, options));
    } else {
      const node = wrapNode(name, action);
      this._call((b) => b.addNode(name, node, options));
    }
    return this;
  }

  /** Adds `from → to`; with an array of sources, `to` waits for all of them. */
  addEdge(from, to) {
    this._call((b) => b.addEdge(from, to));
    return this;
  }

  /** After `source`, `path(state)` picks the next nodes (names or Sends), mapped by `pathMap`. */
  addConditionalEdges(source, path, pathMap) {
    this._call((b) => b.addConditionalEdges(source, path, pathMap));
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

  /**
   * Validates the graph and makes it runnable. Before the engine is loaded (browsers), validation
   * happens when it is, and a problem rejects the graph's first async call.
   */
  compile({ checkpointer, interruptBefore, interruptAfter, name } = {}) {
    const options = { interruptBefore, interruptAfter, name };
    const compile = (builder) =>
      checkpointer ? builder.compileWithCheckpointer(options, checkpointer._handle) : builder.compile(options);
    if (engineNow()) {
      this._builder ??= replay(this._calls);
      return new CompiledStateGraph(compile(this._builder));
    }
    // The graph as declared now: later builder calls belong to later compiles.
    const calls = this._calls.slice();
    return new CompiledStateGraph(() => compile(replay(calls)));
  }
}

/** A wasm builder that has had `calls`. */
function replay(calls) {
  const builder = new StateGraphBuilder();
  for (const call of calls) call(builder);
  return builder;
}

/** A runnable graph. */
export class CompiledStateGraph {
  /** @param handle the wasm handle, or a function that makes it once the engine is loaded */
  constructor(handle) {
    this._make = typeof handle === "function" ? handle : null;
    this._made = this._make ? null : handle;
  }

  /** The wasm handle (made on first use; the engine must be loaded). */
  get _handle() {
    if (this._made === null) {
      requireEngine("this graph");
      this._made = this._make();
    }
    return this._made;
  }

  /** `use(handle)`, now when the engine is loaded, else once it is (then as a Promise). */
  _use(use) {
    return withEngine(() => use(this._handle));
  }

  /** Runs until the graph ends or pauses; resolves to its state (with `__interrupt__` when paused). */
  invoke(input, config = {}) {
    return this._use((h) => h.invoke(input, config));
  }

  /** Streams the run's events; works with `for await (… of graph.stream())` and with `await graph.stream()`. */
  stream(input, config = {}) {
    return pull(this._use((h) => h.stream(input, config)));
  }

  getState(config, options = {}) {
    return this._use((h) => h.getState(config, Boolean(options.subgraphs)));
  }

  updateState(config, values, asNode) {
    return this._use((h) => h.updateState(config, values, asNode));
  }

  /** The thread's snapshots, newest first. */
  async *getStateHistory(config, options = {}) {
    yield* await this._use((h) => h.getStateHistory(config, options));
  }

  /** `{nodes, edges, drawMermaid()}`. Synchronous: in browsers, after `await ready()`. */
  getGraph() {
    requireEngine("getGraph()");
    const handle = this._handle;
    return { ...handle.getGraph(), drawMermaid: () => handle.drawMermaid() };
  }

  /** Synchronous: in browsers, after `await ready()`. */
  drawMermaid() {
    requireEngine("drawMermaid()");
    return this._handle.drawMermaid();
  }
}
