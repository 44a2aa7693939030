// Type declarations for langgraph-wasm: a LangGraph-compatible graph executor compiled to
// WebAssembly. The API is shaped like LangGraph.js (`@langchain/langgraph`).
//
// State is JSON data: plain objects, arrays, strings, finite numbers, booleans and null
// (a `Date` is stored as its ISO string). Anything else in a node's update, in an interrupt
// value or in the input is refused with an `InvalidUpdateError` that names the node and the
// key path; it is never silently dropped.

// ---------------------------------------------------------------------------------------------
// Constants, Send, Command, interrupt
// ---------------------------------------------------------------------------------------------

/** The virtual node every run starts from: `addEdge(START, "first_node")`. */
export declare const START: "__start__";

/** The virtual node that ends a run: `addEdge("last_node", END)`, or a path-map target. */
export declare const END: "__end__";

/**
 * Runs `node` with `args` as its input, as a task of its own in the next step. Return Sends
 * from a conditional edge's path function (or put them in `Command({goto})`) to fan out:
 * `addConditionalEdges(START, (s) => s.items.map((item) => new Send("worker", { item })))`.
 * With a reducer on the key the workers write (e.g. `"append"`), their results arrive in
 * Send order, whatever order the tasks finish in.
 */
export declare class Send<Args = any> {
  readonly lg_name: "Send";
  /** The node to run. */
  node: string;
  /** What the node gets as its first argument, instead of the graph state. */
  args: Args;
  constructor(node: string, args: Args);
}

/** Where a `Command` or a conditional edge can route to: node names, `Send`s, or a list of them. */
export type Destination = string | Send | Array<string | Send>;

/** A resume map: `{[interrupt id]: answer}`, to answer several pending interrupts at once. */
export type ResumeMap = Record<string, unknown>;

export interface CommandParams<Update = Record<string, any>, Resume = unknown> {
  /**
   * The answer to a pending `interrupt()` (as `invoke` input). Any JSON value counts, including
   * `false`, `0`, `""` and `null`. With several interrupts pending, pass a {@link ResumeMap}.
   */
  resume?: Resume;
  /** A state update, applied through the keys' reducers. */
  update?: Update;
  /** The nodes to run next (from a node), besides the node's static edges. */
  goto?: Destination;
  /** `Command.PARENT` sends the command to the graph that contains this subgraph. */
  graph?: typeof Command.PARENT;
}

/**
 * Update the state, route to other nodes, or answer an interrupt.
 *
 * - From a node: `return new Command({ update: { n: 1 }, goto: "next" })` (declare the possible
 *   targets with `addNode(name, fn, { ends: [...] })` so `getGraph()` can draw them).
 * - From a subgraph's node: `new Command({ graph: Command.PARENT, goto, update })` acts on the parent.
 * - As `invoke`/`stream` input: `new Command({ resume: "answer" })` resumes a paused thread.
 */
export declare class Command<Update = Record<string, any>, Resume = unknown> {
  /** The value of `graph` that targets the parent graph: `"__parent__"`. */
  static readonly PARENT: "__parent__";
  readonly lg_name: "Command";
  resume?: Resume;
  update?: Update;
  goto?: Destination;
  graph?: typeof Command.PARENT;
  constructor(params?: CommandParams<Update, Resume>);
}

/**
 * Pauses the graph and asks a person; returns their answer when the graph is resumed with
 * `new Command({ resume: answer })`. The paused run resolves to the state plus
 * `__interrupt__: [{ value, id }]`. On resume the node runs again from its start, and each
 * earlier `interrupt()` call returns its stored answer, in order.
 *
 * Works only in the synchronous part of a node (before its first `await`). After an `await`
 * use the node runtime's `runtime.interrupt(value)`; anywhere else this throws an error named
 * `InterruptOutsideNodeError`.
 *
 * @param value any JSON value, shown to the person (e.g. `{ text_to_revise: state.text }`).
 * @typeParam R the type of the answer.
 */
export declare function interrupt<R = unknown>(value: unknown): R;

/** A pending interrupt: the value given to `interrupt()` and its id (32 hex characters). */
export interface Interrupt<Value = any> {
  value: Value;
  /** Identifies the interrupted task; keys a {@link ResumeMap}. */
  id: string;
}

// ---------------------------------------------------------------------------------------------
// Checkpointers
// ---------------------------------------------------------------------------------------------

/**
 * Keeps checkpoints in memory, for the life of the page or process. Pass it to
 * `compile({ checkpointer })` to get threads (`configurable.thread_id`), interrupts and resumes,
 * `getState`, `updateState`, `getStateHistory` and replay.
 */
export declare class MemorySaver {
  constructor();
}

// ---------------------------------------------------------------------------------------------
// Channels (the state's keys)
// ---------------------------------------------------------------------------------------------

/**
 * Built-in reducers:
 * - `"append"`: a list; an update that is a list is concatenated, a single value is appended.
 * - `"add"`: numbers are added, strings and lists concatenated.
 * - `"merge"`: objects are merged key by key (the update wins).
 * - `"messages"`: a chat history; messages without an `id` get one, a message with an existing
 *   `id` replaces that message in place, `{ id, type: "remove" }` removes it.
 */
export type ReducerName = "append" | "add" | "merge" | "messages";

/** A reducer function: folds one update into the current value. Must be synchronous. */
export type Reducer<V = any, U = any> = (current: V, update: U) => V;

/** A key with a reducer (a function or a built-in name) and/or a starting value. */
export interface ReducerChannel<V = any, U = any> {
  /** How updates combine; without it the last update wins. */
  reducer?: Reducer<V, U> | ReducerName;
  /** Same as `reducer` (LangGraph.js's older name). */
  value?: Reducer<V, U> | ReducerName;
  /** The value before any update: a value, or a function returning it. */
  default?: V | (() => V);
}

/**
 * How one state key combines updates:
 * - `null`: the last value wins; two writes to it in one step are an `InvalidUpdateError`;
 * - a {@link ReducerName};
 * - `{ reducer, default }`.
 */
export type ChannelSpec<V = any> = null | ReducerName | ReducerChannel<V>;

/** One {@link ChannelSpec} per state key. */
export type ChannelsSpec<S> = { [K in keyof S]-?: ChannelSpec<S[K]> };

/** What `new StateGraph(...)` takes. */
export interface StateGraphArgs<S> {
  channels: ChannelsSpec<S>;
}

// ---------------------------------------------------------------------------------------------
// Nodes
// ---------------------------------------------------------------------------------------------

/** The config a node sees as `runtime.config`. */
export interface NodeConfig {
  configurable: {
    thread_id?: string;
    checkpoint_ns?: string;
    checkpoint_id?: string;
    /** Whatever else the run's `configurable` held. */
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** The second argument of every node function (safe to destructure). */
export interface NodeRuntime<Context = any> {
  /**
   * Pauses the graph and asks a person, like the module-level {@link interrupt}, but works
   * anywhere in the node, also after `await`.
   */
  interrupt<R = unknown>(value: unknown): R;
  /** Sends a chunk (any JSON value) to the run's `"custom"` stream. */
  writer(chunk: unknown): void;
  /** The run's config: `config.configurable.thread_id`, and the other `configurable` keys. */
  readonly config: NodeConfig;
  /** The run's `context` (from the invoke/stream config); `null` when none was given. */
  readonly context: Context;
  /** This node's name. */
  readonly node: string;
}

/** A state update: some of the state's keys. A node returning nothing changes nothing. */
export type StateUpdate<S> = Partial<S>;

/** What a node may return (or resolve to). */
export type NodeReturn<S> = StateUpdate<S> | Command | Command[] | null | undefined | void;

/**
 * A node: `(state, runtime) => update | Command | Promise<…>`. It gets the graph state, or the
 * `args` of the `Send` that started it.
 */
export type NodeFunction<S, Input = S, Context = any> = (
  state: Input,
  runtime: NodeRuntime<Context>,
) => NodeReturn<S> | Promise<NodeReturn<S>>;

/** Retries a failed node. */
export interface RetryPolicy {
  /** Tries in all, counting the first (default 3). */
  maxAttempts?: number;
  /** Milliseconds before the first retry (default 500). */
  initialInterval?: number;
  /** Multiplies the interval after each retry (default 2). */
  backoffFactor?: number;
  /** Milliseconds the interval never exceeds (default 128 000). */
  maxInterval?: number;
  /** Adds random jitter to the interval (default true). */
  jitter?: boolean;
  /** Which errors to retry; by default, not the programming errors (TypeError, SyntaxError, …). */
  retryOn?: (error: Error) => boolean;
}

export interface AddNodeOptions {
  /** The nodes a `Command({goto})` from this node can go to (used to draw the graph). */
  ends?: string[];
  retryPolicy?: RetryPolicy;
}

/**
 * A conditional edge's path function: returns the next node (or a path-map key), `END`, a
 * `Send`, or a list of them; may be async.
 */
export type PathFunction<S> = (state: S) => Destination | Promise<Destination>;

// ---------------------------------------------------------------------------------------------
// StateGraph
// ---------------------------------------------------------------------------------------------

export interface CompileOptions {
  /** Keeps the threads' checkpoints; needed for interrupts and the state methods. */
  checkpointer?: MemorySaver;
  /** Pause before these nodes run (`"*"`: every node). Resume with `invoke(null, config)`. */
  interruptBefore?: string[] | "*";
  /** Pause after these nodes ran (`"*"`: every node). */
  interruptAfter?: string[] | "*";
  /** The graph's name. */
  name?: string;
}

/**
 * A graph whose nodes read and write a shared state. Declare the state's keys, add nodes and
 * edges, then `compile()`.
 *
 * ```ts
 * const graph = new StateGraph({ channels: { some_text: null } })
 *   .addNode("human_node", (state) => ({ some_text: interrupt<string>({ text_to_revise: state.some_text }) }))
 *   .addEdge(START, "human_node")
 *   .compile({ checkpointer: new MemorySaver() });
 * ```
 *
 * @typeParam S the state: one property per key of `channels`.
 * @typeParam C the type of the run's `context` (what nodes see as `runtime.context`).
 */
export declare class StateGraph<S extends Record<string, unknown> = Record<string, any>, C = any> {
  constructor(spec: StateGraphArgs<S>);

  /**
   * Adds a node: a function `(state, runtime) => update | Command | Promise<…>`, or a compiled
   * graph (a subgraph, which gets the state and returns its own final state as the update).
   * Throws `GraphValidationError` for a duplicate or reserved name, or a name that is a state key.
   *
   * @typeParam I the node's input: the state, or the `args` of the `Send`s that target it.
   */
  addNode<I = S>(name: string, action: NodeFunction<S, I, C> | CompiledStateGraph<any, any>, options?: AddNodeOptions): this;

  /** Adds `from → to`; with an array of sources, `to` runs once all of them have run (a join). */
  addEdge(from: string | string[], to: string): this;

  /**
   * After `source`, `path(state)` picks what runs next. `pathMap` maps its return values to
   * nodes: an object `{ key: node }`, or an array of the node names it may return. Without a
   * path map, the function returns node names (or `END`) directly.
   */
  addConditionalEdges(source: string, path: PathFunction<S>, pathMap?: string[] | Record<string, string>): this;

  /** Adds nodes chained in order: `[[name, fn], …]` or `{ name: fn, … }`. */
  addSequence(nodes: Array<[string, NodeFunction<S, S, C>]> | Record<string, NodeFunction<S, S, C>>): this;

  /**
   * Validates the graph and makes it runnable. Throws `GraphValidationError` for an unknown node
   * in an edge, path map or breakpoint, or when nothing leaves `START`.
   */
  compile(options?: CompileOptions): CompiledStateGraph<S, C>;
}

// ---------------------------------------------------------------------------------------------
// Running a compiled graph
// ---------------------------------------------------------------------------------------------

/** `configurable` of a run's config. */
export interface Configurable {
  /** The thread to run on; required when the graph has a checkpointer. */
  thread_id?: string;
  /** Run from (replay) or read this checkpoint instead of the thread's latest. */
  checkpoint_id?: string;
  /** The checkpoint namespace ("" for the top graph). */
  checkpoint_ns?: string;
  /** Anything else; nodes see it in `runtime.config.configurable`. */
  [key: string]: unknown;
}

/** What `stream()` yields: `"values"` (the state after each step), `"updates"` (each node's update), … */
export type StreamMode = "values" | "updates" | "tasks" | "checkpoints" | "debug" | "custom";

/** How much of a run is saved: after every step (`"sync"`, default), in the background, or only at the end. */
export type Durability = "sync" | "async" | "exit";

/** A run's config, as `invoke` and `stream` take it (LangGraph.js's `RunnableConfig` shape). */
export interface RunnableConfig<Context = any> {
  configurable?: Configurable;
  /** The most steps a run may take (default 25); more is a `GraphRecursionError`. */
  recursionLimit?: number;
  /** For `stream()`: one mode (items are chunks) or a list (items are `[mode, chunk]`). Default `"updates"`. */
  streamMode?: StreamMode | StreamMode[];
  /** Breakpoints for this run only (in addition to the compiled ones). */
  interruptBefore?: string[] | "*";
  interruptAfter?: string[] | "*";
  /** Run-scoped data for the nodes (`runtime.context`); any JSON value. */
  context?: Context;
  /** For `stream()`: include the subgraphs' events; items get a namespace first. */
  subgraphs?: boolean;
  durability?: Durability;
  /** Saved in the checkpoints' metadata. */
  metadata?: Record<string, unknown>;
  runId?: string;
}

/** The config that identifies a checkpoint (returned by `updateState`, found in snapshots). */
export interface CheckpointConfig {
  configurable: {
    thread_id: string;
    checkpoint_ns: string;
    checkpoint_id?: string;
  };
}

export interface CheckpointMetadata {
  /** `"input"` (input applied), `"loop"` (a step ended), `"update"` (`updateState`), `"fork"` (replay or copy). */
  source: "input" | "loop" | "update" | "fork";
  /** -1 for the input checkpoint, then 0, 1, … */
  step: number;
  /** Checkpoint ids of the enclosing graphs, by namespace. */
  parents: Record<string, string>;
  /** The run config's `metadata`. */
  [key: string]: unknown;
}

/** A task of a snapshot: a node that is to run (or was interrupted, or failed) at that checkpoint. */
export interface PregelTaskDescription {
  id: string;
  name: string;
  path?: unknown[];
  /** What the task threw, if it failed. */
  error?: unknown;
  /** Its pending interrupts. */
  interrupts: Interrupt[];
  /** For a subgraph node: its config, or its snapshot with `getState(config, { subgraphs: true })`. */
  state?: CheckpointConfig | StateSnapshot;
  /** Its update, if it already finished. */
  result?: unknown;
}

/** A thread's state at one checkpoint. */
export interface StateSnapshot<S = Record<string, any>> {
  /** The state. */
  values: S;
  /** The nodes that run next (empty when the run ended). */
  next: string[];
  /** This checkpoint (pass it to `invoke(null, config)` to replay from here). */
  config: CheckpointConfig;
  /** Absent for a thread that never ran. */
  metadata?: CheckpointMetadata;
  /** When the checkpoint was saved (ISO 8601). */
  createdAt?: string;
  /** The checkpoint before this one. */
  parentConfig?: CheckpointConfig;
  tasks: PregelTaskDescription[];
  /** All pending interrupts of the tasks. */
  interrupts: Interrupt[];
}

/** What `invoke` resolves to: the state, plus `__interrupt__` when the run paused. */
export type InvokeResult<S> = S & {
  /** Pending interrupts: `[{ value, id }]` at `interrupt()`, `[]` at a static breakpoint. */
  __interrupt__?: Interrupt[];
};

/** An `"updates"` chunk: `{ [node]: update }`, or `{ __interrupt__: [...] }` when the run paused. */
export type UpdatesChunk<S> = { [node: string]: Partial<S> | Interrupt[] | undefined } & { __interrupt__?: Interrupt[] };

/** A `"tasks"` chunk: a task starting (`input`, `triggers`) or finishing (`result`, `error`, `interrupts`). */
export interface TaskChunk {
  id: string;
  name: string;
  input?: unknown;
  triggers?: string[];
  result?: unknown;
  error?: unknown;
  interrupts?: Interrupt[];
}

/** A `"checkpoints"` chunk: the saved checkpoint, like a {@link StateSnapshot}. */
export interface CheckpointChunk<S> {
  config: CheckpointConfig;
  /** The checkpoint before this one (absent for a thread's first). */
  parentConfig?: CheckpointConfig;
  metadata: CheckpointMetadata;
  values: S;
  next: string[];
  tasks: Array<{ id: string; name: string; interrupts: Interrupt[]; state?: unknown }>;
  [key: string]: unknown;
}

/** A `"debug"` chunk: checkpoints and tasks as events. */
export interface DebugChunk<S> {
  type: "checkpoint" | "task" | "task_result";
  step: number;
  timestamp: string;
  payload: CheckpointChunk<S> | TaskChunk;
}

/** The chunk of each stream mode. */
export interface StreamChunks<S> {
  values: InvokeResult<S>;
  updates: UpdatesChunk<S>;
  tasks: TaskChunk;
  checkpoints: CheckpointChunk<S>;
  debug: DebugChunk<S>;
  custom: any;
}

/** What a stream yields for `streamMode: M` and `subgraphs: SG` (namespaced only for a literal `true`). */
export type StreamOutput<S, M extends StreamMode | StreamMode[], SG extends boolean> = M extends StreamMode[]
  ? [SG] extends [true]
    ? { [K in M[number]]: [namespace: string[], mode: K, chunk: StreamChunks<S>[K]] }[M[number]]
    : { [K in M[number]]: [mode: K, chunk: StreamChunks<S>[K]] }[M[number]]
  : M extends StreamMode
    ? [SG] extends [true]
      ? [namespace: string[], chunk: StreamChunks<S>[M]]
      : StreamChunks<S>[M]
    : never;

/**
 * A running graph's events. Iterate with `for await (const chunk of graph.stream(...))` (also
 * after `await`); leaving the loop early stops the run. A failing node makes the iteration
 * throw, after the chunks before it.
 */
export interface GraphStream<T> extends AsyncIterableIterator<T> {
  next(): Promise<IteratorResult<T, undefined>>;
  /** Stops the run. */
  return(): Promise<IteratorResult<T, undefined>>;
  [Symbol.asyncIterator](): GraphStream<T>;
}

/** What `invoke` and `stream` take as input. */
export type GraphInput<S> =
  /** New input: some of the state's keys (applied through the reducers). */
  | Partial<S>
  /** Resume a paused thread (`resume`), or update/route it. */
  | Command
  /** Continue a thread from its checkpoint (after a breakpoint or a failure), or replay one. */
  | null;

/** One node of {@link CompiledStateGraph.getGraph}. */
export interface DrawableNode {
  id: string;
  type: "schema" | "runnable";
  data: { id: string; name: string };
}

/** One edge of {@link CompiledStateGraph.getGraph}; a conditional edge carries its path-map key in `data`. */
export interface DrawableEdge {
  source: string;
  target: string;
  conditional: boolean;
  data?: string;
}

export interface DrawableGraph {
  nodes: DrawableNode[];
  edges: DrawableEdge[];
  /** The graph as a Mermaid flowchart. */
  drawMermaid(): string;
}

/** `getStateHistory` options. */
export interface StateHistoryOptions {
  /** At most this many snapshots. */
  limit?: number;
  /** Only checkpoints older than this one. */
  before?: CheckpointConfig | RunnableConfig;
  /** Only checkpoints whose metadata has these values. */
  filter?: Record<string, unknown>;
}

/**
 * A runnable graph, made by `StateGraph.compile()`. Can itself be added as a node of another
 * graph (a subgraph).
 */
export declare class CompiledStateGraph<S extends Record<string, unknown> = Record<string, any>, C = any> {
  private constructor();

  /**
   * Runs until the graph ends or pauses. Resolves to the state, with `__interrupt__` when it
   * paused (`[{ value, id }]` at `interrupt()`, `[]` at a breakpoint).
   *
   * Input: new state keys; `new Command({ resume })` to answer an interrupt; `null` to continue
   * after a breakpoint or failure, or to replay from `configurable.checkpoint_id`.
   */
  invoke(input: GraphInput<S>, config?: RunnableConfig<C>): Promise<InvokeResult<S>>;

  /**
   * Runs and yields events as they happen. `streamMode` picks them (default `"updates"`); with a
   * list, items are `[mode, chunk]`; with `subgraphs: true` they start with the namespace.
   */
  stream<M extends StreamMode | StreamMode[] = "updates", SG extends boolean = false>(
    input: GraphInput<S>,
    config?: RunnableConfig<C> & { streamMode?: M; subgraphs?: SG },
  ): GraphStream<StreamOutput<S, M, SG>>;

  /**
   * The thread's latest snapshot (or the one at `configurable.checkpoint_id`). With
   * `{ subgraphs: true }`, an interrupted subgraph task's `state` is its full snapshot.
   */
  getState(config: RunnableConfig<C>, options?: { subgraphs?: boolean }): Promise<StateSnapshot<S>>;

  /**
   * Writes `values` to the thread as if node `asNode` had returned them (so the nodes after
   * `asNode` run next), and saves a checkpoint with `source: "update"`. Resolves to its config.
   */
  updateState(config: RunnableConfig<C>, values: Partial<S> | null, asNode?: string): Promise<CheckpointConfig>;

  /** The thread's snapshots, newest first. */
  getStateHistory(config: RunnableConfig<C>, options?: StateHistoryOptions): AsyncIterableIterator<StateSnapshot<S>>;

  /** The nodes and edges, in the LangGraph server's shape, and `drawMermaid()`. */
  getGraph(): DrawableGraph;

  /** The graph as a Mermaid flowchart. */
  drawMermaid(): string;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * The `name` of the errors the package throws (every one is an `Error`):
 * - `GraphValidationError`: the graph cannot be compiled (duplicate node, unknown edge target, no entry point, …).
 * - `InvalidUpdateError`: a write the state cannot take (two writes to a plain key in one step, an
 *   unknown key, a non-JSON value, a failing reducer); the message names the node and key.
 * - `GraphRecursionError`: the run reached `recursionLimit` steps.
 * - `NodeError`: a node threw; the message is `node '<name>' failed: <ErrorName>: <message>`.
 * - `EmptyInputError`: `invoke(null)` on a thread with nothing to continue.
 * - `NothingToResumeError`: `Command({ resume })` with no interrupt pending.
 * - `AmbiguousResumeError`: a bare resume with several interrupts pending, or an unknown id in a resume map.
 * - `InterruptOutsideNodeError`: `interrupt()` outside the synchronous part of a node.
 * - `InvalidConfigError`: e.g. no `thread_id` for a graph with a checkpointer.
 * - `MissingCheckpointerError`: a state method or resume on a graph compiled without a checkpointer.
 * - `InvalidArgumentError`: a malformed argument (unknown stream mode, reducer name, durability, …).
 * - `StorageError`: the checkpointer failed.
 */
export type GraphErrorName =
  | "GraphValidationError"
  | "InvalidUpdateError"
  | "GraphRecursionError"
  | "NodeError"
  | "EmptyInputError"
  | "NothingToResumeError"
  | "AmbiguousResumeError"
  | "InterruptOutsideNodeError"
  | "InvalidConfigError"
  | "MissingCheckpointerError"
  | "InvalidArgumentError"
  | "StorageError";

/** An error thrown by the package; test its `name` (the classes themselves are not exported). */
export interface GraphError extends Error {
  name: GraphErrorName;
}
