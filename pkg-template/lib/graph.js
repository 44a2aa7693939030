// StateGraph and the compiled graph, shaped like LangGraph.js, over the wasm handles.
// Building needs no wasm: until the engine is loaded (browsers), the builder's calls are recorded
// and replayed into a wasm builder when it is; once it is (always, in Node), they go straight to
// it, so errors show where they are made.
import { StateGraphBuilder } from "../wasm/langgraph_wasm.js";
import { engineNow, requireEngine, withEngine } from "./engine.js";
import { pull } from "./iterate.js";
import { getConfig, taskHandle } from "./context.js";
import { checkSaver } from "./checkpoint.js";
import { readState, isStateDeclaration, isStandardSchema } from "./state.js";
import { jsonSchemaOf } from "./schema.js";
import {
  ENGINE_OBJECT,
  GraphValidationError,
  StateGraphInputError,
  toCallerError,
  asLangGraphError,
  thrownLike,
  refuseOtherEntry,
} from "./errors.js";
import { isRunnableLike, plainOverwrites, validateUpdate, wrapNode, wrapPath, wrapReducer, engineConfigurable } from "./node.js";
import { langchainSettled, loadLangChain } from "./langchain.js";
import { messagesStateReducer } from "./messages.js";
import { DrawableGraph } from "./drawable.js";
import { debugPayloads } from "./stream-debug.js";
import { eventStream } from "./event-stream.js";

/** `new StateGraph(state, options)`'s arguments as `{ state, input, output }` declarations. */
function normalizeArgs(stateOrInit, options) {
  if (stateOrInit === undefined || stateOrInit === null) {
    throw new StateGraphInputError("new StateGraph() needs a state declaration (Annotation.Root, StateSchema, a zod object or { channels })");
  }
  const init = stateOrInit;
  if (typeof init === "object" && !Array.isArray(init) && !isStateDeclaration(init) && !("channels" in init)) {
    // LangGraph.js's StateGraphInit: `{ state | stateSchema | input, input?, output?, context? }`.
    const state = init.state ?? init.stateSchema ?? init.input;
    if (state !== undefined) return { state, input: init.input, output: init.output, context: init.context };
  }
  if (isStateDeclaration(options) || isStandardSchema(options)) return { state: stateOrInit, context: options };
  const opts = options !== null && typeof options === "object" ? options : {};
  return { state: stateOrInit, input: opts.input, output: opts.output, context: opts.context };
}

/** Calls the builder's `channel` for one key. */
function declareKey(builder, key, spec) {
  // LangGraph.js's messages reducer is the engine's "messages" key (the same reducer, known as one).
  const named = spec.kind === messagesStateReducer ? "messages" : spec.kind;
  const kind = typeof named === "function" ? wrapReducer(named) : named ?? null;
  builder.channel(key, kind, spec.default);
  if (spec.schema !== undefined) builder.channelSchema(key, spec.schema);
}

/** A graph whose nodes read and write a shared state. */
export class StateGraph {
  /**
   * @param stateOrInit `Annotation.Root(…)`, a `StateSchema`, a zod object, `{ channels }`, or
   *   `{ state, input, output }`
   * @param options `{ input, output }`: the schemas of a run's input and output
   */
  constructor(stateOrInit, options) {
    /** The builder calls so far, `(builder) => …`, in order: replayed into a wasm builder. */
    this._calls = [];
    /** The wasm builder, once the engine is loaded. */
    this._builder = null;
    /** What `getGraph()` shows of each node: `addNode`'s `metadata`, a ToolNode's tool names, a subgraph. */
    this._drawn = {};
    const { state, input, output, context } = normalizeArgs(stateOrInit, options);
    /** Every declared key: `{ kind, default, schema, validate }` (see state.js). */
    this.channels = {};
    this._validators = undefined;
    const stateKeys = this._addKeys(readState(state));
    this._stateKeys = stateKeys;
    this._inputKeys = input === undefined ? undefined : this._addKeys(readState(input));
    this._outputKeys = output === undefined ? undefined : this._addKeys(readState(output));
    if (this._inputKeys !== undefined) {
      const keys = this._inputKeys;
      this._call((b) => b.inputKeys(keys));
    }
    if (this._outputKeys !== undefined) {
      const keys = this._outputKeys;
      this._call((b) => b.outputKeys(keys));
    }
    // JSON Schemas of a run's `config.configurable` and `context` (`assistants.getSchemas`):
    // given as JSON Schema in the `{ channels }` form, or as a zod/Standard schema in `context`.
    const configSchema = state?.configSchema;
    const contextSchema = state?.contextSchema ?? jsonSchemaOf(context);
    if (configSchema !== undefined || contextSchema !== undefined) {
      this._call((b) => b.runSchemas(configSchema, contextSchema));
    }
  }

  /**
   * An empty graph whose run input and output are single values (the functional API's
   * entrypoint, see func.js): the engine's root graph, with the keys `__root_input__`, `__end__`
   * and `__previous__`.
   */
  static _functional() {
    const graph = Object.create(StateGraph.prototype);
    graph._calls = [];
    graph._builder = null;
    graph._drawn = {};
    graph.channels = {};
    graph._validators = undefined;
    graph._functional = true;
    graph._call((b) => b.rootIo());
    return graph;
  }

  /** Declares keys not declared yet (a key in several schemas is one channel); returns their names. */
  _addKeys(keys) {
    for (const [key, spec] of Object.entries(keys)) {
      if (spec.kind === "messages" || spec.kind === messagesStateReducer) loadLangChain();
      if (spec.validate !== undefined) (this._validators ??= {})[key] ??= spec.validate;
      if (key in this.channels) continue;
      this.channels[key] = spec;
      this._call((b) => declareKey(b, key, spec));
    }
    return Object.keys(keys);
  }

  /** Makes a builder call: now when the engine is loaded, else when it is. */
  _call(call) {
    if (this._builder === null && engineNow()) this._builder = replay(this._calls);
    if (this._builder !== null) call(this._builder);
    this._calls.push(call);
  }

  /**
   * Adds a node: a function `(state, config) => update | Command | Promise`, a LangChain Runnable,
   * or a compiled graph. Also `addNode({ name: fn, … })` and `addNode([[name, fn, options], …])`.
   */
  addNode(nameOrNodes, action, options = {}) {
    if (typeof nameOrNodes !== "string" && nameOrNodes !== null && typeof nameOrNodes === "object") {
      const entries = Array.isArray(nameOrNodes) ? nameOrNodes : Object.entries(nameOrNodes);
      for (const [name, fn, opts] of entries) this.addNode(name, fn, opts);
      return this;
    }
    const name = nameOrNodes;
    options ??= {};
    notYet(`addNode("${name}", …)`, options, NOT_YET_NODE_OPTIONS);
    for (const graph of [action, ...(options.subgraphs ?? [])]) refuseOtherEntry(graph, CompiledStateGraph, `addNode("${name}", …)`);
    const subgraph = action instanceof CompiledStateGraph ? action : undefined;
    // `subgraphs`: the compiled graphs a function node runs inside, as LangGraph.js declares them.
    const subgraphs = subgraph ? [subgraph] : (options.subgraphs ?? []).filter((g) => g instanceof CompiledStateGraph);
    this._drawn[name] = { metadata: options.metadata, tools: toolNames(action), subgraph, subgraphs, data: runnableData(name, action) };
    const engineOptions = { ends: options.ends, retryPolicy: retryPolicy(options.retryPolicy), defer: options.defer };
    if (action instanceof CompiledStateGraph) {
      this._call((b) => b.addSubgraph(name, action._handle, engineOptions));
      return this;
    }
    let inputKeys;
    if (options.input !== undefined) {
      inputKeys = this._addKeys(readState(options.input));
    }
    const node = wrapNode(name, action, { inputKeys, validators: this._validators, metadata: options.metadata });
    if (isRunnableLike(action)) loadLangChain();
    this._call((b) => b.addNode(name, node, engineOptions));
    return this;
  }

  /** Adds `from → to`; with an array of sources, `to` waits for all of them. */
  addEdge(from, to) {
    this._call((b) => b.addEdge(from, to));
    return this;
  }

  /** After `source`, `path(state)` picks the next nodes (names or Sends), mapped by `pathMap`. */
  addConditionalEdges(source, path, pathMap) {
    if (source !== null && typeof source === "object" && !Array.isArray(source)) {
      // LangGraph.js's `addConditionalEdges({ source, path, pathMap })`.
      ({ source, path, pathMap } = source);
    }
    const wrapped = typeof path === "function" || isRunnableLike(path) ? wrapPath(path) : path;
    this._call((b) => b.addConditionalEdges(source, wrapped, pathMap));
    return this;
  }

  /** Adds nodes chained in order: `[[name, fn], …]` or `{name: fn, …}`. */
  addSequence(nodes) {
    const entries = Array.isArray(nodes) ? nodes : Object.entries(nodes);
    let previous;
    for (const [name, fn, options] of entries) {
      this.addNode(name, fn, options);
      if (previous !== undefined) this.addEdge(previous, name);
      previous = name;
    }
    return this;
  }

  /** LangGraph.js's older way to say `addEdge(START, node)`. */
  setEntryPoint(node) {
    return this.addEdge("__start__", node);
  }

  /** LangGraph.js's older way to say `addEdge(node, END)`. */
  setFinishPoint(node) {
    return this.addEdge(node, "__end__");
  }

  /**
   * Validates the graph and makes it runnable. Before the engine is loaded (browsers), validation
   * happens when it is, and a problem rejects the graph's first async call.
   */
  compile({ checkpointer, store, interruptBefore, interruptAfter, name, description, ...rest } = {}) {
    notYet("compile(…)", rest, NOT_YET_COMPILE_OPTIONS);
    const options = { interruptBefore, interruptAfter, name };
    // `true`: a subgraph that keeps its own threads under the parent's checkpointer (the engine
    // inherits the parent's saver either way); `false`: none.
    const saver = checkpointer === true || checkpointer === false || checkpointer === null ? undefined : checkpointer;
    if (saver !== undefined) checkSaver(saver, "compile({ checkpointer })");
    const compile = (builder) =>
      saver !== undefined ? builder.compileWithCheckpointer(options, saver._handle) : builder.compile(options);
    const drawn = { nodes: { ...this._drawn }, interruptBefore, interruptAfter };
    const extras = { store, validators: this._validators, name: name ?? "LangGraph", description, builder: this, drawn, saver };
    if (engineNow()) {
      this._builder ??= replay(this._calls);
      return new CompiledStateGraph(compile(this._builder), extras);
    }
    // The graph as declared now: later builder calls belong to later compiles.
    const calls = this._calls.slice();
    return new CompiledStateGraph(() => compile(replay(calls)), extras);
  }
}

/**
 * LangGraph.js options this package does not implement yet, and what a program that relies on
 * them would get instead: refused with that said, rather than run differently without a word.
 * (`cachePolicy` alone is accepted: without a cache at compile, LangGraph.js ignores it too.)
 */
const NOT_YET_NODE_OPTIONS = {
  errorHandler: "a node's error reaches the caller instead",
  timeout: "nodes run without a time limit",
};
const NOT_YET_COMPILE_OPTIONS = {
  cache: "every node runs each time (no node caching)",
};

function notYet(where, options, known) {
  for (const [key, instead] of Object.entries(known)) {
    if (options[key] !== undefined) {
      throw new GraphValidationError(
        `${where}: \`${key}\` is not supported by langgraph-wasm yet (${instead}); remove it to run the graph here`,
      );
    }
  }
}

/** HTTP statuses that another attempt would get again (LangGraph.js's default leaves them). */
const STATUS_NOT_RETRIED = new Set([400, 401, 402, 403, 404, 405, 406, 407, 409]);

/**
 * Whether a failure is retried when the policy has no `retryOn`, as LangGraph.js decides: always,
 * unless it is a cancellation, a `GraphValueError`, an aborted connection, an HTTP answer in
 * `STATUS_NOT_RETRIED` (`status`, or `response.status` as fetch wrappers put it), or an API's
 * exhausted quota.
 */
function retriedByDefault(error) {
  const message = String(error?.message ?? "");
  if (error?.name === "AbortError" || message.startsWith("Cancel") || message.startsWith("AbortError")) return false;
  if (error?.name === "GraphValueError" || error?.code === "ECONNABORTED") return false;
  const status = error?.response?.status ?? error?.status;
  if (status && STATUS_NOT_RETRIED.has(Number(status))) return false;
  return error?.error?.code !== "insufficient_quota";
}

/**
 * LangGraph.js's retry policy options, as the engine takes them (same names). `retryOn` (or the
 * default, `retriedByDefault`) is asked about the error the node threw (the engine reports it by
 * name and message).
 */
function retryPolicy(policy) {
  if (policy === undefined || policy === null) return undefined;
  const { maxAttempts, initialInterval, backoffFactor, maxInterval, jitter, retryOn = retriedByDefault } = policy;
  const asked = typeof retryOn === "function" ? (error) => retryOn(thrownLike(error?.name, error?.message) ?? error) : retryOn;
  return { maxAttempts, initialInterval, backoffFactor, maxInterval, jitter, retryOn: asked };
}

/** A ToolNode's tool names (what LangGraph.js shows as a node's `__tools`), else undefined. */
function toolNames(action) {
  const tools = action?.tools;
  if (!Array.isArray(tools) || tools.length === 0 || !tools.every((tool) => typeof tool?.name === "string")) return undefined;
  return tools.map((tool) => tool.name);
}

/**
 * What runs a node, as LangGraph.js's `getGraph().toJSON()` names it: its Runnable's id and name
 * (a function runs in a `RunnableCallable` named after the node; a ToolNode's name there is
 * "func"; a subgraph is a `CompiledStateGraph` under its own name).
 */
function runnableData(name, action) {
  if (action instanceof CompiledStateGraph) return { id: ["langgraph", "pregel", "CompiledStateGraph"], name: action.name };
  // Known by its id, not its class name (which a minifier renames).
  if (isToolNodeId(action?.lc_id)) return { id: action.lc_id, name: "func" };
  if (isRunnableLike(action) && Array.isArray(action.lc_id)) {
    let runnableName;
    try {
      runnableName = typeof action.getName === "function" ? action.getName() : action.name;
    } catch {
      runnableName = undefined;
    }
    return { id: action.lc_id, name: runnableName ?? name };
  }
  return { id: ["langgraph", "RunnableCallable"], name };
}

const isToolNodeId = (id) => Array.isArray(id) && id.length === 2 && id[0] === "langgraph" && id[1] === "ToolNode";

/** A wasm builder that has had `calls`. */
function replay(calls) {
  const builder = new StateGraphBuilder();
  for (const call of calls) call(builder);
  return builder;
}

/**
 * Keys of a run config not copied for the engine: what stays on the JS side (`signal` is added
 * after the rest), and `__proto__` (assigning it would set the copy's prototype).
 */
const JS_ONLY = new Set(["callbacks", "store", "signal", "__proto__"]);

/**
 * The run config the engine reads: the caller's, with `configurable` reduced to JSON-able values.
 * Copied key by key: an object rest (`{callbacks, store, signal, ...rest}`) took ~1 µs a run.
 */
function engineConfig(config) {
  if (config === null || typeof config !== "object") return config;
  const out = {};
  for (const key of Object.keys(config)) if (!JS_ONLY.has(key)) out[key] = config[key];
  out.signal = config.signal;
  if (config.configurable !== undefined) out.configurable = engineConfigurable(config.configurable);
  return out;
}

/**
 * The run's config as the engine reads it and as the nodes see it (`host`), or an
 * `InvalidArgumentError` when reading it throws (a getter, a Proxy trap), as the engine's own
 * reading of a config reports it.
 */
function readConfig(graph, config) {
  try {
    return {
      engine: engineConfig(config),
      host: graph._host(config),
      modes: config?.streamMode,
      payloads: debugPayloads(graph, config),
    };
  } catch (error) {
    let detail;
    try {
      detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    } catch {
      detail = "an unprintable value";
    }
    const refused = new Error(`the run's config could not be read (${detail})`);
    refused.name = "InvalidArgumentError";
    throw asLangGraphError(refused);
  }
}

/** Checks and converts a run's input with the state's schemas (zod, StateSchema). */
function validateInput(input, validators) {
  const plain = plainOverwrites(input);
  if (validators === undefined || plain === null || typeof plain !== "object" || plain.lg_name === "Command") return plain;
  return validateUpdate(plain, validators, "the run's input");
}

/** A runnable graph. */
export class CompiledStateGraph {
  /** @param handle the wasm handle, or a function that makes it once the engine is loaded */
  constructor(handle, extras = {}) {
    this._make = typeof handle === "function" ? handle : null;
    this._made = this._make ? null : handle;
    this._store = extras.store;
    this._validators = extras.validators;
    /** The graph's name (`compile({ name })`). */
    this.name = extras.name ?? "LangGraph";
    this.description = extras.description;
    this.builder = extras.builder;
    this._drawn = extras.drawn ?? { nodes: {} };
    this._saver = extras.saver;
    this.lg_is_pregel = true;
  }

  /** The store nodes see as `config.store` (`compile({ store })`). */
  get store() {
    return this._store;
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

  /** What the run's nodes get besides what the engine knows: the caller's config, the store. */
  _host(config) {
    return { config: config ?? {}, store: config?.store ?? this._store };
  }

  /** Runs until the graph ends or pauses; resolves to its state (with `__interrupt__` when paused). */
  async invoke(input, config = {}) {
    try {
      const task = this._callingTask(input, config);
      if (task !== undefined) {
        const checked = await validateInput(input, this._validators);
        return await this._use((h) => task.invokeSubgraph(h, checked));
      }
      const { engine, host } = readConfig(this, config);
      await langchainSettled();
      const checked = await validateInput(input, this._validators);
      return await this._use((h) => h.invoke(checked, engine, host));
    } catch (error) {
      throw toCallerError(error);
    }
  }

  /**
   * The running task that invokes this graph, when the call is LangGraph.js's "subgraph called
   * inside a node" (`await inner.invoke(state)` in a node or a task): then the graph runs as a
   * subgraph of that task, in its namespace, with its run's checkpointer, stream and resume
   * answers, so an `interrupt()` in it pauses the node and a resume reaches it. Not when the graph
   * has a checkpointer or a thread of its own, or the input is not state values (then it is a
   * run of its own, as before); in browsers only in the node's synchronous part (`getConfig()`).
   */
  _callingTask(input, config) {
    if (this._saver !== undefined || this.builder?._functional) return undefined;
    const current = getConfig();
    const task = taskHandle(current);
    if (typeof task?.invokeSubgraph !== "function") return undefined;
    try {
      const values = input !== null && typeof input === "object" && !Array.isArray(input) && input.lg_name !== "Command";
      // The node's own config passed on (`inner.invoke(state, config)`) names the node's thread.
      const thread = config?.configurable?.thread_id;
      return values && (thread === undefined || thread === current.configurable?.thread_id) ? task : undefined;
    } catch {
      // An input or config that cannot be read: a run of its own, whose reading reports it.
      return undefined;
    }
  }

  /**
   * Streams the run's events (`updates` by default); works with `for await (… of graph.stream())`
   * and with `for await (… of await graph.stream())`.
   */
  stream(input, config = {}) {
    // LangGraph.js's payloads for the `tasks`, `checkpoints` and `debug` modes (stream-debug.js).
    let payloads;
    let options;
    try {
      const { encoding, streamMode, subgraphs } = config ?? {};
      options = encoding === "text/event-stream" ? { modes: streamMode, subgraphs: Boolean(subgraphs) } : undefined;
    } catch {
      // A config that cannot be read: the run's reading of it reports that.
    }
    const handle = (async () => {
      const { engine, host, modes, payloads: shape } = readConfig(this, config);
      payloads = shape;
      if (modes === "messages" || (Array.isArray(modes) && modes.includes("messages"))) loadLangChain();
      await langchainSettled();
      const checked = await validateInput(input, this._validators);
      return this._use((h) => h.stream(checked, engine, host));
    })();
    const items = callerErrors(pull(handle), (item) => (payloads === undefined ? item : payloads(item)));
    return readable(options === undefined ? items : eventStream(items, options));
  }

  async getState(config, options = {}) {
    try {
      return await this._use((h) => h.getState(config, Boolean(options?.subgraphs)));
    } catch (error) {
      throw asLangGraphError(error);
    }
  }

  async updateState(config, values, asNode) {
    try {
      // A Command's `update` is checked as a node's would be (LangGraph.js runs the node's writers).
      const checked = await validateUpdate(plainOverwrites(values), this._validators, "updateState");
      return await this._use((h) => h.updateState(config, checked, asNode));
    } catch (error) {
      throw asLangGraphError(error);
    }
  }

  /** The thread's snapshots, newest first. */
  async *getStateHistory(config, options = {}) {
    let history;
    try {
      history = await this._use((h) => h.getStateHistory(config, options));
    } catch (error) {
      throw asLangGraphError(error);
    }
    yield* history;
  }

  /**
   * The graph's nodes (by id) and edges, as LangGraph.js's `getGraph()` gives them, with
   * `drawMermaid()` and `drawMermaidPng()`. Synchronous: in browsers, after `await ready()`.
   */
  getGraph(config) {
    requireEngine("getGraph()");
    const { nodes, interruptBefore, interruptAfter } = this._drawn;
    const drawn = DrawableGraph.fromEngine(this._handle.getGraph(), (name) => {
      // As LangGraph.js labels them: the node's own metadata, when a breakpoint stops there,
      // and a ToolNode's tools.
      const metadata = { ...nodes[name]?.metadata };
      const before = Boolean(interruptBefore?.includes?.(name));
      const after = Boolean(interruptAfter?.includes?.(name));
      if (before || after) metadata.__interrupt = before && after ? "before,after" : before ? "before" : "after";
      if (nodes[name]?.tools !== undefined) metadata.__tools = nodes[name].tools;
      return metadata;
    }, (name) => nodes[name]?.data);
    // `xray`: subgraphs drawn inside (`true`: all the way down; a number: that many levels).
    const xray = config?.xray;
    if (!xray) return drawn;
    const deeper = typeof xray === "number" ? xray - 1 : xray;
    return drawn.expand((id) => nodes[id]?.subgraph?.getGraph({ ...config, xray: deeper }));
  }

  /**
   * The compiled graphs in this graph's nodes, as `[namespace, graph]`: a node that is a graph, or
   * the graphs a node declared (`addNode(name, fn, { subgraphs })`). `namespace` yields only the
   * one at that namespace (`node`, or `node|child` with `recurse`); `recurse` goes into them.
   */
  *getSubgraphs(namespace, recurse) {
    for (const [name, node] of Object.entries(this._drawn.nodes)) {
      if (namespace !== undefined && namespace !== name && !namespace.startsWith(`${name}|`)) continue;
      for (const graph of node.subgraphs ?? []) {
        if (name === namespace) {
          yield [name, graph];
          return;
        }
        if (namespace === undefined) yield [name, graph];
        if (!recurse) continue;
        const inner = namespace === undefined ? undefined : namespace.slice(name.length + 1);
        for (const [childName, child] of graph.getSubgraphs(inner, recurse)) {
          yield [`${name}|${childName}`, child];
          if (namespace !== undefined) return;
        }
      }
    }
  }

  /** `getSubgraphs()` as an async generator (LangGraph.js's preferred form). */
  async *getSubgraphsAsync(namespace, recurse) {
    yield* this.getSubgraphs(namespace, recurse);
  }

  /** LangGraph.js's async form of `getGraph()`. */
  async getGraphAsync(config) {
    await withEngine(() => undefined);
    return this.getGraph(config);
  }

  /** `getGraph().drawMermaid(options)`. Synchronous: in browsers, after `await ready()`. */
  drawMermaid(options) {
    requireEngine("drawMermaid()");
    return this.getGraph().drawMermaid(options);
  }

  /** LangGraph.js's Runnable surface: `batch` runs each input. */
  async batch(inputs, config) {
    return Promise.all(inputs.map((input, i) => this.invoke(input, Array.isArray(config) ? config[i] : config)));
  }

  /** `config` for every call of this graph (LangGraph.js's `withConfig`). */
  withConfig(defaults) {
    const merge = (config = {}) => ({
      ...defaults,
      ...config,
      configurable: { ...defaults?.configurable, ...config?.configurable },
    });
    const base = this;
    const bound = Object.create(base);
    bound.invoke = (input, config) => base.invoke(input, merge(config));
    bound.stream = (input, config) => base.stream(input, merge(config));
    return bound;
  }
}
Object.defineProperty(CompiledStateGraph.prototype, ENGINE_OBJECT, { value: "compiled graph" });

/**
 * The stream's errors as callers of LangGraph.js get them (a node's own error object, classes),
 * and its items through `shape`.
 */
function callerErrors(iterator, shape) {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      let next;
      try {
        next = await iterator.next();
      } catch (error) {
        throw toCallerError(error);
      }
      return next.done ? next : { done: false, value: shape(next.value) };
    },
    return() {
      return iterator.return();
    },
  };
}

/**
 * `iterator` as LangGraph.js's stream is: a `ReadableStream` (`getReader`, `pipeThrough`, `tee`,
 * `cancel`, …) that is also the async iterator itself (`for await`, `next`, `return`). The stream
 * reads from the iterator only when read (a high-water mark of 0), so either way of reading gets
 * every item; one stream is read one way.
 */
function readable(iterator) {
  if (typeof ReadableStream !== "function") return iterator;
  const stream = new ReadableStream(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await iterator.return();
      },
    },
    { highWaterMark: 0 },
  );
  return Object.assign(stream, {
    [Symbol.asyncIterator]() {
      return iterator;
    },
    next: () => iterator.next(),
    return: () => iterator.return(),
  });
}
