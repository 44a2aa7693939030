// Type declarations for langgraph-wasm: a LangGraph-compatible graph executor compiled to
// WebAssembly. The API is shaped like LangGraph.js (`@langchain/langgraph`).
//
// State is JSON data: plain objects, arrays, strings, finite numbers, booleans and null
// (a `Date` is stored as its ISO string). Anything else in a node's update, in an interrupt
// value or in the input is refused with an `InvalidUpdateError` that names the node and the
// key path; it is never silently dropped.

import type {
  BaseStore,
  LangGraphRunnableConfig,
  Message,
  MessageLike,
  RunnableLike,
  StateDeclaration,
  StateGraphOptions,
  StateOf,
  UpdateOf,
} from "./dropin.js";

export * from "./dropin.js";

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
export declare function interrupt<R = any>(value: unknown): R;
/** LangGraph.js's form: `interrupt<ValueType, ResumeType>(value)`. */
export declare function interrupt<I, R>(value: I): R;

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
 * LangGraph's serializer protocol (`SerializerProtocol` of `@langchain/langgraph-checkpoint`),
 * e.g. its `JsonPlusSerializer`.
 */
export interface CheckpointSerializer {
  dumpsTyped(data: any): Promise<[string, Uint8Array]>;
  loadsTyped(type: string, data: Uint8Array | string): Promise<any>;
}

/** Channel name → version. Versions are integers (LangGraph.js's default `getNextVersion`). */
export type CheckpointChannelVersions = Record<string, number>;

/** A LangGraph.js run config naming a thread's checkpoint (the latest without `checkpoint_id`). */
export interface CheckpointerConfig {
  configurable?: { thread_id?: string; checkpoint_ns?: string; checkpoint_id?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** What the saver returns to name a stored checkpoint. */
export interface StoredCheckpointConfig {
  configurable: { thread_id: string; checkpoint_ns: string; checkpoint_id: string };
}

/** A checkpoint in LangGraph.js's shape (`Checkpoint` of `@langchain/langgraph-checkpoint`). */
export interface LangGraphCheckpoint {
  /** Format version (4). */
  v: number;
  /** A uuid6; ids of one thread sort in creation order. */
  id: string;
  /** ISO 8601 time. */
  ts: string;
  channel_values: Record<string, unknown>;
  channel_versions: CheckpointChannelVersions;
  versions_seen: Record<string, CheckpointChannelVersions>;
}

/** A checkpoint's metadata (filterable in `list`). */
export interface LangGraphCheckpointMetadata {
  source: "input" | "loop" | "update" | "fork";
  step: number;
  parents: Record<string, string>;
  [key: string]: unknown;
}

/** A checkpoint with its config, metadata, parent and pending writes (`[taskId, channel, value]`). */
export interface LangGraphCheckpointTuple {
  config: StoredCheckpointConfig;
  checkpoint: LangGraphCheckpoint;
  metadata?: LangGraphCheckpointMetadata;
  parentConfig?: StoredCheckpointConfig;
  pendingWrites?: [taskId: string, channel: string, value: unknown][];
}

/** `list`'s options: at most `limit`, older than `before`, metadata matching `filter`. */
export interface CheckpointListOptions {
  limit?: number;
  before?: CheckpointerConfig;
  filter?: Record<string, unknown>;
}

/**
 * The checkpointer surface of LangGraph.js (`BaseCheckpointSaver`), which both savers have: pass
 * either as `checkpointer` to a LangGraph.js graph (`compile({ checkpointer })` of
 * `@langchain/langgraph`). Without a `serde`, values are stored as the plain JSON they are, and
 * anything JSON would not give back unchanged (class instances such as messages or `Send`,
 * `Date`s, `Map`s) is refused with a `NotSerializableError`; with a `serde` (e.g.
 * `new JsonPlusSerializer()`), every value goes through it. Integer channel versions only
 * (`UnsupportedVersionError` otherwise).
 */
export declare abstract class LangGraphCheckpointSaver {
  /** The serializer given to the constructor, or the built-in plain-JSON one. */
  serde: CheckpointSerializer;
  /** The checkpoint `config` names (its thread's latest without `checkpoint_id`), or undefined. */
  getTuple(config: CheckpointerConfig): Promise<LangGraphCheckpointTuple | undefined>;
  /** The checkpoint alone. */
  get(config: CheckpointerConfig): Promise<LangGraphCheckpoint | undefined>;
  /** Checkpoints newest first; `config` may leave out the thread (all threads) or the namespace. */
  list(config: CheckpointerConfig, options?: CheckpointListOptions): AsyncGenerator<LangGraphCheckpointTuple>;
  /**
   * Stores `checkpoint` as a child of the checkpoint `config` names (if any), with values only for
   * the channels in `newVersions` (the others are stored already).
   */
  put(
    config: CheckpointerConfig,
    checkpoint: LangGraphCheckpoint,
    metadata: LangGraphCheckpointMetadata,
    newVersions: CheckpointChannelVersions,
  ): Promise<StoredCheckpointConfig>;
  /** Stores the writes (`[channel, value]`) of one task against the checkpoint `config` names. */
  putWrites(config: CheckpointerConfig, writes: [string, unknown][], taskId: string, taskPath?: string): Promise<void>;
  /** Removes every checkpoint, value and write of the thread. */
  deleteThread(threadId: string): Promise<void>;
  /** `current + 1`, or 1 for a new channel. */
  getNextVersion(current: number | undefined): number;
  /** For LangGraph.js's delta channels: per channel, ancestor writes (oldest first) and the nearest stored value. */
  getDeltaChannelHistory(options: {
    config: CheckpointerConfig;
    channels: string[];
  }): Promise<Record<string, { writes: [string, string, unknown][]; seed?: unknown }>>;
  toJSON(): string;
}

/**
 * Keeps checkpoints in memory, for the life of the page or process. Pass it to
 * `compile({ checkpointer })` to get threads (`configurable.thread_id`), interrupts and resumes,
 * `getState`, `updateState`, `getStateHistory` and replay. It is also a LangGraph.js checkpointer
 * ({@link LangGraphCheckpointSaver}); like LangGraph.js's, it takes a serializer itself too.
 */
export declare class MemorySaver extends LangGraphCheckpointSaver {
  constructor(options?: { serde?: CheckpointSerializer } | CheckpointSerializer);
  /** How many bytes the checkpoints held would take as JSON (a list saved as a delta counts its new items only). */
  storedBytes(): number;
}

/**
 * Keeps checkpoints in the browser's IndexedDB database `name` (default `"langgraph-wasm"`):
 * threads survive reloads, crashes and closed tabs. Each superstep is saved in one transaction, so
 * a tab closed mid-run leaves the thread at its last committed superstep. In Node it needs an
 * IndexedDB implementation on `globalThis` (e.g. `import "fake-indexeddb/auto"`). It is also a
 * LangGraph.js checkpointer ({@link LangGraphCheckpointSaver}).
 *
 * Failures are named errors: `QuotaExceededError`, `DatabaseBlockedError` (another tab holds the
 * database open with an older schema), `CorruptRecordError` (names the record; other threads stay
 * readable), `RecordTooDeepError` (a value nested too deep to read back; nothing of that step
 * was saved), `StorageUnavailableError`.
 */
export declare class IndexedDBSaver extends LangGraphCheckpointSaver {
  constructor(options?: { name?: string; serde?: CheckpointSerializer });
  readonly name: string;
}

/** A checkpointer of this package. */
export type Checkpointer = MemorySaver | IndexedDBSaver;

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
  /** A JSON Schema of the key's values, shown by `assistants.getSchemas` (nothing validates against it). */
  schema?: JsonSchema;
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
  /** A JSON Schema of what runs may carry in `config.configurable` (`assistants.getSchemas`). */
  configSchema?: JsonSchema;
  /** A JSON Schema of a run's `context` (`assistants.getSchemas`). */
  contextSchema?: JsonSchema;
}

// ---------------------------------------------------------------------------------------------
// Nodes
// ---------------------------------------------------------------------------------------------

/** The config a node sees as `runtime.config` (its own config: see {@link LangGraphRunnableConfig}). */
export type NodeConfig = LangGraphRunnableConfig;

/**
 * The second argument of every node function (safe to destructure): LangGraph.js's config
 * (`configurable`, `metadata`, `store`, `writer`, `signal`, `context`, `callbacks`) plus
 * `interrupt`, `config` (itself) and `node`.
 */
export type NodeRuntime<Context = any> = LangGraphRunnableConfig<Context>;

/**
 * Streams `message` in the `"messages"` mode now (with the node's metadata), before the node
 * finishes, and writes it to the state's `messages` key when the node returns (before the node's
 * own update). The message needs an `id` (an `Error` otherwise). `options` is the node's config
 * (or a config made from it, as a tool gets), with `stateKey`: the key to write to, or `null` to
 * write nothing; without it, the current config. Returns the message (a message class for a
 * `{ role, content }` object or a tuple, when `@langchain/core` is found).
 */
export declare function pushMessage(
  message: Message | MessageLike,
  options?: Partial<LangGraphRunnableConfig> & {
    /** The state key to write the message to (default `"messages"`); `null` writes nothing. */
    stateKey?: string | null;
  },
): Message;

/** A state update: some of the state's keys. A node returning nothing changes nothing. */
export type StateUpdate<S> = Partial<S>;

/** What a node may return (or resolve to); `U` is the update type (`Partial<S>` by default). */
export type NodeReturn<S, U = StateUpdate<S>> = U | Command | Command[] | null | undefined | void;

/**
 * A node: `(state, config) => update | Command | Promise<…>`. It gets the graph state, or the
 * `args` of the `Send` that started it.
 */
export type NodeFunction<S, Input = S, Context = any, U = StateUpdate<S>> = (
  state: Input,
  config: NodeRuntime<Context>,
) => NodeReturn<S, U> | Promise<NodeReturn<S, U>>;

/** What `addNode` takes as a node: a function, a LangChain Runnable, or a compiled graph. */
export type NodeAction<S, Input = S, Context = any, U = StateUpdate<S>> =
  | NodeFunction<S, Input, Context, U>
  | RunnableLike<Input, NodeReturn<S, U>>
  | CompiledStateGraph<any, any, any>;

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
  /** The node reads only these keys (its input schema; its keys are added to the state). */
  input?: StateDeclaration;
  /** Added to the node's `config.metadata` (what callbacks and tracing see) and shown under its label by `drawMermaid()`. */
  metadata?: Record<string, unknown>;
  /** The compiled graphs a function node runs inside (for `getSubgraphs()`). */
  subgraphs?: CompiledStateGraph<any, any, any>[];
  /**
   * Run the node only once every other pending task has run: when branches of different lengths
   * lead to it (edges, a join, `Send`s), it runs once, after the longest (LangGraph's `defer`).
   */
  defer?: boolean;
}

/**
 * A conditional edge's path function: returns the next node (or a path-map key), `END`, a
 * `Send`, or a list of them; may be async.
 */
export type PathFunction<S> = (state: S) => Destination | Promise<Destination>;

/** A conditional edge's path: a function or a LangChain Runnable. */
export type PathLike<S> = PathFunction<S> | RunnableLike<S, Destination>;

// ---------------------------------------------------------------------------------------------
// StateGraph
// ---------------------------------------------------------------------------------------------

export interface CompileOptions {
  /**
   * Keeps the threads' checkpoints; needed for interrupts and the state methods. For a subgraph,
   * `true`/`false` (LangGraph.js's subgraph persistence flags) are accepted: the parent's
   * checkpointer is used either way.
   */
  checkpointer?: Checkpointer | boolean;
  /** The store nodes see as `config.store` and `getStore()`. */
  store?: BaseStore;
  description?: string;
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
 * @typeParam S the state: one property per state key.
 * @typeParam C the type of the run's `context` (what nodes see as `config.context`).
 * @typeParam U what nodes return to update the state.
 */
export interface StateGraph<S = Record<string, any>, C = any, U = StateUpdate<S>> {
  /** The declared state keys: `{ kind, default, schema }` each. */
  readonly channels: Record<string, { kind: unknown; default?: unknown; schema?: JsonSchema }>;

  /**
   * Adds a node: a function `(state, config) => update | Command | Promise<…>`, a LangChain
   * Runnable, or a compiled graph (a subgraph, which gets the state and returns its own final
   * state as the update). Throws `GraphValidationError` for a duplicate or reserved name, or a
   * name that is a state key.
   *
   * @typeParam I the node's input: the state, or the `args` of the `Send`s that target it.
   */
  addNode<I = S>(name: string, action: NodeAction<S, I, C, U>, options?: AddNodeOptions): this;
  /** Adds several nodes: `{ name: fn, … }` or `[[name, fn, options?], …]`. */
  addNode(nodes: Record<string, NodeAction<S, S, C, U>> | Array<[string, NodeAction<S, S, C, U>, AddNodeOptions?]>): this;

  /** Adds `from → to`; with an array of sources, `to` runs once all of them have run (a join). */
  addEdge(from: string | string[], to: string): this;

  /**
   * After `source`, `path(state)` picks what runs next. `pathMap` maps its return values to
   * nodes: an object `{ key: node }`, or an array of the node names it may return. Without a
   * path map, the function returns node names (or `END`) directly.
   */
  addConditionalEdges(source: string, path: PathLike<S>, pathMap?: string[] | Record<string, string>): this;
  addConditionalEdges(params: { source: string; path: PathLike<S>; pathMap?: string[] | Record<string, string> }): this;

  /** Adds nodes chained in order: `[[name, fn], …]` or `{ name: fn, … }`. */
  addSequence(
    nodes: Array<[string, NodeAction<S, S, C, U>] | [string, NodeAction<S, S, C, U>, AddNodeOptions]> | Record<string, NodeAction<S, S, C, U>>,
  ): this;

  /** `addEdge(START, node)`. */
  setEntryPoint(node: string): this;
  /** `addEdge(node, END)`. */
  setFinishPoint(node: string): this;

  /**
   * Validates the graph and makes it runnable. Throws `GraphValidationError` for an unknown node
   * in an edge, path map or breakpoint, or when nothing leaves `START`.
   */
  compile(options?: CompileOptions): CompiledStateGraph<S, C, U>;
}

/** How `new StateGraph(…)` is called. */
export interface StateGraphConstructor {
  /** This package's compact form: `new StateGraph({ channels: { key: null | "append" | … } })`. */
  new <S extends Record<string, any> = Record<string, any>, C = any>(spec: StateGraphArgs<S>): StateGraph<S, C>;
  /**
   * LangGraph.js's forms: `Annotation.Root(…)`, a `StateSchema`, a zod object, or a state
   * definition, with optional input and output schemas. A declaration that declares no key is a
   * `StateGraphInputError` (a `GraphValidationError`).
   */
  new <SD extends StateDeclaration, C = any>(state: SD, options?: StateGraphOptions): StateGraph<StateOf<SD>, C, UpdateOf<SD>>;
  /** `new StateGraph({ state, input, output })`. */
  new <SD extends StateDeclaration, C = any>(init: { state: SD } & StateGraphOptions): StateGraph<StateOf<SD>, C, UpdateOf<SD>>;
  readonly prototype: StateGraph<any, any, any>;
}

export declare const StateGraph: StateGraphConstructor;

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
export type StreamMode = "values" | "updates" | "tasks" | "checkpoints" | "debug" | "custom" | "messages";

/**
 * What a Client's run (and the HTTP API) can stream: the graph's modes, where `messages` is the
 * server's (`messages/metadata`, `messages/partial`, `messages/complete` events), plus
 * `messages-tuple` (`[message, metadata]` per token, as `graph.stream()`'s `messages` mode) and
 * `events` (`on_chat_model_stream` per token).
 */
export type ServerStreamMode = StreamMode | "messages-tuple" | "events";

/** How much of a run is saved: after every step (`"sync"`, default), in the background, or only at the end. */
export type Durability = "sync" | "async" | "exit";

/** A run's config, as `invoke` and `stream` take it (LangGraph.js's `RunnableConfig` shape). */
export interface RunnableConfig<Context = any> {
  configurable?: Configurable;
  /** The most steps a run may take (default 25); more is a `GraphRecursionError`. */
  recursionLimit?: number;
  /** For `stream()`: one mode (items are chunks) or a list (items are `[mode, chunk]`). Default `"updates"`. */
  streamMode?: StreamMode | StreamMode[];
  /** Breakpoints for this run only; a non-empty list replaces the compiled breakpoints of the same kind. */
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
  /** For `invoke()`: aborting it stops the run, which rejects with an `AbortError`. */
  signal?: AbortSignalLike;
  /** LangChain callbacks the nodes' runnables (chat models) report to. */
  callbacks?: any;
  tags?: string[];
  runName?: string;
  /** A store for this run's nodes, instead of the compiled one. */
  store?: BaseStore;
  [key: string]: unknown;
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

/**
 * A `"tasks"` chunk, as LangGraph.js streams it: a task starting (`input`, `triggers`, and
 * `metadata`: its config metadata without LangGraph's own keys, plus the run's `tags`) or
 * finishing (`result`: the state keys it wrote, `{}` if none; `error`: `{ message, name }` or
 * `null`; `interrupts`).
 */
export interface TaskChunk {
  id: string;
  name: string;
  input?: unknown;
  triggers?: string[];
  metadata?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string; name: string } | null;
  interrupts: Interrupt[];
}

/**
 * The run config a `"checkpoints"` chunk carries, as LangGraph.js formats it: the caller's config
 * (Python's key names) with `configurable` naming the checkpoint.
 */
export interface CheckpointRunConfig {
  configurable: CheckpointConfig["configurable"] & Record<string, unknown>;
  metadata?: Record<string, unknown>;
  recursion_limit?: number;
  tags?: string[];
  run_name?: string;
  max_concurrency?: number;
  callbacks?: unknown;
}

/** A task planned at a checkpoint, with what was saved for it. */
export interface CheckpointTask {
  id: string;
  name: string;
  /** `["__pregel_pull", node]`, or `["__pregel_push", index, false]` for a `Send`. */
  path: Array<string | number | boolean>;
  /** What it threw, if it failed. */
  error?: { message: string; name: string };
  /** Its saved interrupts. */
  interrupts: Interrupt[];
  /** For a subgraph node: where the subgraph's state is. */
  state?: CheckpointConfig;
  /** The state keys it wrote, if it already finished. */
  result?: Record<string, unknown>;
}

/** A `"checkpoints"` chunk: the checkpoint a step starts from, as LangGraph.js streams it. */
export interface CheckpointChunk<S> {
  config: CheckpointRunConfig;
  /** The checkpoint before this one (absent for a thread's first). */
  parentConfig?: CheckpointRunConfig;
  metadata: CheckpointMetadata;
  values: S;
  next: string[];
  tasks: CheckpointTask[];
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
  /** `[message, metadata]`: a chat model's token (a chunk) or a message a node returned. */
  messages: [message: Message, metadata: Record<string, any>];
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
export type GraphInput<S, U = Partial<S>> =
  /** New input: some of the state's keys (applied through the reducers). */
  | U
  /** Resume a paused thread (`resume`), or update/route it. */
  | Command
  /** Continue a thread from its checkpoint (after a breakpoint or a failure), or replay one. */
  | null;

/** One node of {@link CompiledStateGraph.getGraph}. */
export interface DrawableNode {
  id: string;
  name: string;
  /** What runs the node, as `toJSON()` writes it: its Runnable's id path and name (START and END: a JSON Schema). */
  data: { id: string[]; name: string } | { $schema: string };
  /** What its label shows under a rule: `addNode`'s `metadata`, `__interrupt` at a breakpoint, a ToolNode's `__tools`. */
  metadata?: Record<string, unknown>;
}

/** One edge of {@link CompiledStateGraph.getGraph}; a conditional edge carries its path-map key in `data`. */
export interface DrawableEdge {
  source: string;
  target: string;
  conditional: boolean;
  data?: string;
}

/** `drawMermaid()` options, as LangChain's. */
export interface DrawMermaidOptions {
  /** The curve setting, node lines and class definitions (default true). */
  withStyles?: boolean;
  /** Mermaid's flowchart curve (default "linear"). */
  curveStyle?: string;
  /** Class name → style; `first` and `last` mark the start and end nodes. */
  nodeColors?: Record<string, string>;
  /** Edge labels longer than this many words are broken into lines (default 9). */
  wrapLabelNWords?: number;
}

/** What `drawMermaidPng()` resolves to: a `Blob` (typed by what it has, so these types need no DOM library). */
export interface ImageBlob {
  readonly size: number;
  readonly type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** `getGraph()` options. */
export interface GetGraphOptions {
  /** Draw subgraphs inside their node: `true` for every level, a number for that many. */
  xray?: boolean | number;
}

/** A graph's drawing: nodes by id and edges in LangGraph.js's order, drawn as its `Graph` draws them. */
export interface DrawableGraph {
  nodes: Record<string, DrawableNode>;
  edges: DrawableEdge[];
  /** The one node no edge leads to, if there is exactly one. */
  firstNode(exclude?: string[]): DrawableNode | undefined;
  /** The one node no edge leaves, if there is exactly one. */
  lastNode(exclude?: string[]): DrawableNode | undefined;
  /** Removes the first node when another node would then be first (as when a subgraph is drawn inside). */
  trimFirstNode(): void;
  /** Removes the last node when another node would then be last. */
  trimLastNode(): void;
  /** The graph as Mermaid flowchart text (the same text as LangGraph.js's). */
  drawMermaid(options?: DrawMermaidOptions): string;
  /** The graph as an image (a `Blob`) rendered by the mermaid.ink service (a network request). */
  drawMermaidPng(options?: DrawMermaidOptions & { backgroundColor?: string; imageType?: "png" | "jpeg" | "webp" }): Promise<ImageBlob>;
  toJSON(): { nodes: Array<{ id: string; type: "schema" | "runnable"; data: DrawableNode["data"]; metadata?: Record<string, unknown> }>; edges: DrawableEdge[] };
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
export declare class CompiledStateGraph<S = Record<string, any>, C = any, U = Partial<S>> {
  private constructor();

  /** The graph's name (`compile({ name })`). */
  readonly name: string;
  /** The store its nodes see (`compile({ store })`). */
  readonly store: BaseStore | undefined;

  /**
   * Runs until the graph ends or pauses. Resolves to the state, with `__interrupt__` when it
   * paused (`[{ value, id }]` at `interrupt()`, `[]` at a breakpoint).
   *
   * Input: new state keys; `new Command({ resume })` to answer an interrupt; `null` to continue
   * after a breakpoint or failure, or to replay from `configurable.checkpoint_id`.
   */
  invoke(input: GraphInput<S, U>, config?: RunnableConfig<C>): Promise<InvokeResult<S>>;

  /**
   * Runs and yields events as they happen. `streamMode` picks them (default `"updates"`); with a
   * list, items are `[mode, chunk]`; with `subgraphs: true` they start with the namespace.
   */
  stream<M extends StreamMode | StreamMode[] = "updates", SG extends boolean = false>(
    input: GraphInput<S, U>,
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
  updateState(config: RunnableConfig<C>, values: U | null, asNode?: string): Promise<CheckpointConfig>;

  /** The thread's snapshots, newest first. */
  getStateHistory(config: RunnableConfig<C>, options?: StateHistoryOptions): AsyncIterableIterator<StateSnapshot<S>>;

  /** The nodes (by id) and edges, as LangGraph.js's `getGraph()` gives them, and their drawings. */
  getGraph(config?: GetGraphOptions): DrawableGraph;
  /**
   * The compiled graphs in this graph's nodes, as `[namespace, graph]` (a node that is a graph, or
   * the graphs declared in `addNode`'s `subgraphs`); `namespace` picks one, `recurse` goes into them.
   */
  getSubgraphs(namespace?: string, recurse?: boolean): Generator<[string, CompiledStateGraph<any, any, any>]>;
  getSubgraphsAsync(namespace?: string, recurse?: boolean): AsyncGenerator<[string, CompiledStateGraph<any, any, any>]>;

  /** LangGraph.js's async `getGraph()`. */
  getGraphAsync(config?: GetGraphOptions): Promise<DrawableGraph>;

  /** `getGraph().drawMermaid(options)`. */
  drawMermaid(options?: DrawMermaidOptions): string;

  /** Runs each input (LangGraph.js's Runnable `batch`). */
  batch(inputs: GraphInput<S, U>[], config?: RunnableConfig<C> | RunnableConfig<C>[]): Promise<InvokeResult<S>[]>;

  /** This graph with `config` merged into every call's. */
  withConfig(config: RunnableConfig<C>): this;
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
  // What a checkpointer's storage can fail with (a graph run or a Client call reports it as is).
  | "StorageError"
  | "CorruptRecordError"
  | "NotFoundError"
  | "QuotaExceededError"
  | "DatabaseBlockedError"
  | "StorageUnavailableError"
  | "RecordTooDeepError"
  | "NotSerializableError";

/**
 * An error thrown by the package, by its `name`. The LangGraph.js error classes (`InvalidUpdateError`,
 * `GraphRecursionError`, …) are exported too, for `instanceof`.
 */
export interface GraphError extends Error {
  name: GraphErrorName;
}

// ---------------------------------------------------------------------------------------------
// Client: @langchain/langgraph-sdk's Client, running the graphs in this page or process
// ---------------------------------------------------------------------------------------------
//
// The records are the LangGraph server's JSON (snake_case fields, ISO 8601 timestamps); the
// options are the SDK's (camelCase). Where the SDK's own types and the server's wire data differ,
// these types follow the wire data (e.g. `Assistant.description` is `null`, a stateless run's
// `thread_id` is `null`, `onCompletion` is `"delete" | "keep"`).

/** An `AbortSignal` (the DOM's and Node's both fit); only `aborted` and the `"abort"` event are used. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
}

/** Free-form metadata of a thread, run, assistant or checkpoint. */
export type Metadata = Record<string, unknown>;

/** The state values a Client returns when no state type is given. */
export type DefaultValues = Record<string, any>;

/** A JSON schema (loose: this package derives them from the state's keys only). */
export type JsonSchema = Record<string, unknown>;

/**
 * What a thread is doing: `busy` while a run is in flight. After a run: `error` if it failed,
 * else `interrupted` if it stopped at an `interrupt()` or a breakpoint (its latest checkpoint has
 * nodes to run), else `busy` if another run is queued, else `idle` (also after a cancelled run).
 */
export type ThreadStatus = "idle" | "busy" | "interrupted" | "error";

/**
 * A run's status: `pending` (created, or queued behind another run with `multitaskStrategy:
 * "enqueue"`), `running`, `success` (also when it paused at an interrupt or breakpoint: the
 * thread is what pauses), `error` (it failed), `interrupted` (cancelled). `timeout` is never set.
 */
export type RunStatus = "pending" | "running" | "error" | "success" | "timeout" | "interrupted";

/**
 * What a run on a thread that has a run in flight does:
 * - `reject` (default): the new run is refused with a `ThreadBusyError` (status 422);
 * - `interrupt`: the run in flight is cancelled (it ends `interrupted`, its finished steps stay);
 * - `rollback`: the run in flight is cancelled and deleted, and its effects undone;
 * - `enqueue`: the new run waits (`pending`) and starts when the runs before it have ended.
 */
export type MultitaskStrategy = "reject" | "interrupt" | "rollback" | "enqueue";

/** A run's config, in the server's snake_case shape. */
export interface Config {
  tags?: string[];
  /** The most steps the run may take (default 25); more is a `GraphRecursionError`. */
  recursion_limit?: number;
  /** Nodes see these keys in `runtime.config.configurable`; `checkpoint_id` runs from that checkpoint. */
  configurable?: {
    thread_id?: string | null;
    checkpoint_id?: string | null;
    [key: string]: unknown;
  };
}

/** A checkpoint of a thread, as the server names it. */
export interface Checkpoint {
  thread_id: string;
  /** `""` for the top graph, `"<node>:<task id>"` for a subgraph. */
  checkpoint_ns: string;
  /** `null` for a thread that never ran. */
  checkpoint_id: string | null;
  checkpoint_map: Record<string, unknown> | null;
}

/**
 * A graph with its own `config`, `context` and `metadata`, which runs on it inherit (a run's own
 * keys win; `configurable` is merged key by key). Each graph given to the Client has a system
 * assistant (`metadata.created_by: "system"`) whose id is uuid5 of the graph id; the graph id
 * also works as its id.
 */
export interface Assistant {
  assistant_id: string;
  graph_id: string;
  config: Config;
  context: Record<string, unknown>;
  metadata: Metadata;
  /** 1 when created; each update makes a new version. */
  version: number;
  /** The graph id unless given. */
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

/** `assistants.getGraph`: the graph's nodes and edges, as {@link CompiledStateGraph.getGraph} gives them. */
export interface AssistantGraph {
  nodes: AssistantGraphNode[];
  edges: DrawableEdge[];
}

/** One node of {@link AssistantGraph}, as the LangGraph server sends it. */
export interface AssistantGraphNode {
  id: string;
  type: "schema" | "runnable";
  data: { id: string; name: string };
}

/** One version of an assistant (`assistants.getVersions`). */
export type AssistantVersion = Omit<Assistant, "updated_at">;

/**
 * `assistants.getSchemas`: JSON Schemas (draft-07) of what the graph declares: the state (a
 * property per key, from its channel's `schema`, or what its reducer says), input and output
 * (the state's), and the `configSchema`/`contextSchema` of `new StateGraph` (either one shows
 * as both when only one is declared, as on the LangGraph.js server).
 */
export interface GraphSchema {
  graph_id: string;
  input_schema: JsonSchema | null;
  output_schema: JsonSchema | null;
  state_schema: JsonSchema | null;
  config_schema: JsonSchema | null;
  context_schema: JsonSchema | null;
}

/** `assistants.getSubgraphs`: the subgraph nodes' schemas, by namespace (`node`, or `node|child` with `recurse`). */
export type Subgraphs = Record<string, { state: JsonSchema; [role: string]: JsonSchema }>;

/** A thread: a conversation with a graph, whose state lives in checkpoints. */
export interface Thread<ValuesType = DefaultValues> {
  thread_id: string;
  created_at: string;
  updated_at: string;
  /** Given at creation, merged by `threads.update`; a run adds `graph_id` and `assistant_id`. */
  metadata: Metadata;
  status: ThreadStatus;
  /** The state values after the last run (`{}` before the first). */
  values: ValuesType;
  /** The pending interrupts, by the id of the task that is waiting. */
  interrupts: Record<string, Interrupt[]>;
  /** Why the last run failed (`status: "error"`): the node's own error class and message. */
  error?: { error: string; message: string } | null;
  /** The config of its last run (its assistant's merged with the run's); `{}` before the first. */
  config: Config;
}

/** A task of a {@link ThreadState}: a node to run (or interrupted, or failed) at that checkpoint. */
export interface ThreadTask<ValuesType = DefaultValues> {
  id: string;
  name: string;
  path: unknown[];
  /** `"<ErrorName>: <message>"` if the task failed. */
  error: string | null;
  interrupts: Interrupt[];
  /** For a subgraph task: where its checkpoints are. */
  checkpoint: Pick<Checkpoint, "thread_id" | "checkpoint_ns"> | null;
  /** For a subgraph task with `getState(…, { subgraphs: true })`: its state. */
  state: ThreadState<ValuesType> | null;
  /** Its update, if it already finished. */
  result?: unknown;
}

/** A thread's state at one checkpoint (`threads.getState`, `threads.getHistory`). */
export interface ThreadState<ValuesType = DefaultValues> {
  values: ValuesType;
  /** The nodes that run next (empty when the graph ended). */
  next: string[];
  checkpoint: Checkpoint;
  /** `source`, `step`, `parents`, and the run's `metadata`; `null` for a thread that never ran. */
  metadata: CheckpointMetadata | null;
  created_at: string | null;
  parent_checkpoint: Checkpoint | null;
  tasks: ThreadTask<ValuesType>[];
  /** All pending interrupts (as Python's SDK has it). */
  interrupts: Interrupt[];
}

/** A run of a graph on a thread (or stateless). */
export interface Run {
  run_id: string;
  /** `null` for a stateless run (`threadId: null`). */
  thread_id: string | null;
  assistant_id: string;
  created_at: string;
  updated_at: string;
  status: RunStatus;
  metadata: Metadata;
  multitask_strategy: MultitaskStrategy;
  /** The run's `input`, `command` and `config`. */
  kwargs: Record<string, unknown>;
}

/** A `Send` inside {@link RunCommand.goto}: run `node` with `input` as its state. */
export interface RunSend {
  node: string;
  input: unknown;
}

/** The SDK's `command`: answer interrupts, update the state, route. */
export interface RunCommand {
  /** The answer to the pending `interrupt()` (any JSON value), or `{[interrupt id]: answer}`. */
  resume?: unknown;
  /** A state update, as an object or a list of `[key, value]` pairs. */
  update?: Record<string, unknown> | [string, unknown][] | null;
  /** The nodes to run next. */
  goto?: string | RunSend | Array<string | RunSend>;
}

/** The body of `runs.create`, `runs.wait` and `runs.stream` (camelCase, as in the SDK). */
export interface RunPayload {
  /** New input; `null` (or nothing) continues the thread from its checkpoint. */
  input?: Record<string, unknown> | null;
  /** Instead of `input`: resume, update, route. */
  command?: RunCommand;
  config?: Config;
  /** What nodes see as `runtime.context`. */
  context?: unknown;
  /** Saved on the run and in the metadata of the checkpoints it writes. */
  metadata?: Metadata | null;
  /** Run from this checkpoint of the thread instead of its latest (`checkpoint_id` is what counts). */
  checkpoint?: Partial<Omit<Checkpoint, "thread_id">>;
  /** Run from this checkpoint of the thread instead of its latest. */
  checkpointId?: string;
  /** Pause before these nodes, for this run only (`"*"`: every node). */
  interruptBefore?: "*" | string[];
  /** Pause after these nodes, for this run only. */
  interruptAfter?: "*" | string[];
  /** What `runs.stream` yields (default `["values"]`); `runs.join`/`wait` read `values`. */
  streamMode?: ServerStreamMode | ServerStreamMode[];
  /** Also stream the subgraphs' events, named `<mode>|<node>:<task id>`. */
  streamSubgraphs?: boolean;
  /** When the thread has a run in flight; default `"reject"`. */
  multitaskStrategy?: MultitaskStrategy;
  /** A thread id that does not exist: `"reject"` (404, default) or `"create"` it. */
  ifNotExists?: "create" | "reject";
  /** A stateless run's thread: `"delete"`d when it ends (default), or `"keep"`. */
  onCompletion?: "delete" | "keep";
  /** Start the run this many seconds later (it is `pending`, and its thread `busy`, until then). */
  afterSeconds?: number;
  /**
   * When the run saves its steps: `"sync"` (default: each before the next starts), `"async"`
   * (while the next run; steps that finish within one commit share it), `"exit"` (only when the
   * run ends). The result comes after its saves either way.
   */
  durability?: Durability;
  /** The SDK's older switch: `false` is `durability: "exit"`. */
  checkpointDuring?: boolean;
  /** Aborting it cancels the run (it ends `interrupted`). */
  signal?: AbortSignalLike;
  /** Called once the run exists, with its ids (no `thread_id` for a stateless run). */
  onRunCreated?: (params: { run_id: string; thread_id?: string }) => void;
}

/**
 * One event of a run's stream: `metadata` first (`data: {run_id, attempt: 1}`), then one per
 * streamed chunk, named after its stream mode (`values`, `updates`, `tasks`, `checkpoints`,
 * `debug`, `custom`; `<mode>|<node>:<task id>` for a subgraph's), and `error` (`data: {error,
 * message}`) last if the run failed. Thread runs number their events `"0"`, `"1"`, … in `id`.
 */
export interface RunStreamEvent {
  event: string;
  data: any;
  id?: string;
}

/** What `runs.wait` and `runs.join` resolve to: the state, plus `__interrupt__` if the run paused. */
export type RunResult<ValuesType = DefaultValues> = InvokeResult<ValuesType>;

/** An item of the key-value store. */
export interface Item {
  namespace: string[];
  key: string;
  value: Record<string, any>;
  created_at: string;
  updated_at: string;
  /** Same as `created_at` (the SDK adds the camelCase names). */
  createdAt: string;
  /** Same as `updated_at`. */
  updatedAt: string;
}

/** An item found by `store.searchItems` (`score` is `null`: there is no semantic search). */
export interface SearchItem extends Item {
  score: number | null;
}

export interface SearchItemsResponse {
  items: SearchItem[];
}

export interface ListNamespaceResponse {
  namespaces: string[][];
}

/** What `assistants.search` and `assistants.count` filter on. */
export interface AssistantQuery {
  graphId?: string;
  /** Part of the name, in any case. */
  name?: string;
  /** Assistants whose metadata holds these entries (nested objects by their own entries). */
  metadata?: Metadata | null;
}

/** How `assistants.search` pages and sorts. */
export interface AssistantSearchOptions extends AssistantQuery {
  limit?: number;
  offset?: number;
  sortBy?: "assistant_id" | "graph_id" | "name" | "created_at" | "updated_at";
  sortOrder?: "asc" | "desc";
  select?: Array<keyof Assistant>;
}

/** `client.assistants`: the system assistant of each graph, and those you create. */
export interface AssistantsClient {
  /** By assistant id or graph id; `NotFoundError` (404, "Assistant not found") if there is none. */
  get(assistantId: string): Promise<Assistant>;
  /**
   * A new assistant (version 1) for a graph given to the Client (404 for another). An existing
   * `assistantId` (a UUID) is a 409, unless `ifExists: "do_nothing"` (then it is returned as it is).
   */
  create(payload: {
    graphId: string;
    config?: Config;
    context?: Record<string, unknown>;
    metadata?: Metadata | null;
    assistantId?: string;
    ifExists?: "raise" | "do_nothing";
    name?: string;
    description?: string;
  }): Promise<Assistant>;
  /** A new version with these fields (metadata is merged), which becomes the current one. */
  update(
    assistantId: string,
    payload: {
      graphId?: string;
      config?: Config;
      context?: Record<string, unknown>;
      metadata?: Metadata | null;
      name?: string;
      description?: string;
    },
  ): Promise<Assistant>;
  /** Deletes it and its runs; with `deleteThreads`, also the threads whose metadata names it. */
  delete(assistantId: string, options?: { deleteThreads?: boolean }): Promise<void>;
  /** With `includePagination`: `{ assistants, next }`, `next` the offset of the next page (`null`: none). */
  search(
    query: AssistantSearchOptions & { includePagination: true },
  ): Promise<{ assistants: Assistant[]; next: string | null }>;
  /** Newest first by default. */
  search(query?: AssistantSearchOptions & { includePagination?: false }): Promise<Assistant[]>;
  count(query?: AssistantQuery): Promise<number>;
  /** Its versions, newest first. */
  getVersions(
    assistantId: string,
    options?: { metadata?: Metadata | null; limit?: number; offset?: number },
  ): Promise<AssistantVersion[]>;
  /** Makes an earlier version the current one. */
  setLatest(assistantId: string, version: number): Promise<Assistant>;
  getGraph(assistantId: string): Promise<AssistantGraph>;
  getSchemas(assistantId: string): Promise<GraphSchema>;
  getSubgraphs(assistantId: string, options?: { namespace?: string; recurse?: boolean }): Promise<Subgraphs>;
}

/** `client.threads`. Unknown thread ids are a `NotFoundError` (404). */
export interface ThreadsClient<TStateType = DefaultValues> {
  /**
   * A new thread (a random id unless `threadId` is given). An existing `threadId` is a
   * `ConflictError` (409), unless `ifExists: "do_nothing"` (then the existing thread is returned).
   */
  create(payload?: {
    threadId?: string;
    ifExists?: "raise" | "do_nothing";
    metadata?: Metadata | null;
    /** Recorded as `metadata.graph_id`. */
    graphId?: string;
    /**
     * Updates applied in order after creating it, each as `updateState(values, asNode)` (`asNode`
     * may be `"__input__"` or `"__start__"`): how a thread's history is replayed onto a new one.
     * (A `command` is refused.)
     */
    supersteps?: Array<{ updates: Array<{ values: unknown; command?: RunCommand; asNode: string }> }>;
  }): Promise<Thread<TStateType>>;
  get<ValuesType = TStateType>(threadId: string): Promise<Thread<ValuesType>>;
  /** Merges `metadata` into the thread's. */
  update(threadId: string, payload?: { metadata?: Metadata | null }): Promise<Thread<TStateType>>;
  /** Deletes the thread, its runs (cancelling those in flight) and its checkpoints. */
  delete(threadId: string): Promise<void>;
  /** Threads matching every filter given; newest first by default, 10 at most by default. */
  search<ValuesType = TStateType>(query?: {
    metadata?: Metadata | null;
    values?: Record<string, unknown>;
    ids?: string[];
    status?: ThreadStatus;
    limit?: number;
    offset?: number;
    sortBy?: "thread_id" | "created_at" | "updated_at";
    sortOrder?: "asc" | "desc";
  }): Promise<Thread<ValuesType>[]>;
  /** A new thread with the same metadata, values and checkpoints. */
  copy(threadId: string): Promise<Thread<TStateType>>;
  /** The state at the latest checkpoint, or at `checkpoint` (an id or a {@link Checkpoint}). */
  getState<ValuesType = TStateType>(
    threadId: string,
    checkpoint?: Partial<Checkpoint> | string,
    options?: { subgraphs?: boolean },
  ): Promise<ThreadState<ValuesType>>;
  /**
   * Writes `values` as if node `asNode` had returned them (inferred when omitted), at the latest
   * checkpoint or at `checkpoint`/`checkpointId`. A `ConflictError` (409) while a run is in flight.
   */
  updateState(
    threadId: string,
    options: { values: Partial<TStateType> | null; asNode?: string; checkpoint?: Partial<Checkpoint>; checkpointId?: string },
  ): Promise<{ checkpoint: Checkpoint }>;
  /** The thread's states, newest first (10 by default). */
  getHistory<ValuesType = TStateType>(
    threadId: string,
    options?: {
      limit?: number;
      /** Only checkpoints older than this one. */
      before?: Config | string;
      /** Only checkpoints whose metadata has these values. */
      metadata?: Metadata | null;
      /** `{ checkpoint_ns }` selects a subgraph's history. */
      checkpoint?: Partial<Omit<Checkpoint, "thread_id">>;
    },
  ): Promise<ThreadState<ValuesType>[]>;
}

/**
 * `client.runs`. A run executes in the background; `wait`, `join`, `stream` and `joinStream`
 * observe it. `threadId: null` is a stateless run (its thread is deleted when it ends unless
 * `onCompletion: "keep"`).
 */
export interface RunsClient<TStateType = DefaultValues> {
  /** Starts a run (or queues it) and resolves to it at once. */
  create(threadId: string | null, assistantId: string, payload?: RunPayload): Promise<Run>;
  /**
   * Runs and resolves to the final state, with `__interrupt__` if the run paused (`[{value, id}]`
   * at `interrupt()`, `[]` at a breakpoint). Rejects if the run failed (a node's own error,
   * under its class name and with its own message, as the server reports it; or e.g.
   * `GraphRecursionError`, `InvalidUpdateError`) or was cancelled.
   */
  wait(threadId: string | null, assistantId: string, payload?: RunPayload): Promise<RunResult<TStateType>>;
  /** Runs and yields its events as they happen (see {@link RunStreamEvent}). */
  stream(threadId: string | null, assistantId: string, payload?: RunPayload): AsyncGenerator<RunStreamEvent, void, unknown>;
  /** Waits for the run to end; resolves like {@link RunsClient.wait}. */
  join(threadId: string, runId: string): Promise<RunResult<TStateType>>;
  /** The run's events after `lastEventId` (from the start by default or with `"-1"`), until it ends. */
  joinStream(threadId: string, runId: string, options?: { lastEventId?: string }): AsyncGenerator<RunStreamEvent, void, unknown>;
  get(threadId: string, runId: string): Promise<Run>;
  /** The thread's runs, newest first (10 by default). */
  list(threadId: string, options?: { limit?: number; offset?: number; status?: RunStatus }): Promise<Run[]>;
  /**
   * Cancels a run in flight: it ends `interrupted` (with `action: "rollback"` it is deleted and its
   * effects undone). With `wait`, resolves once it has stopped.
   */
  cancel(threadId: string, runId: string, wait?: boolean, action?: "interrupt" | "rollback"): Promise<void>;
  /** Deletes the run (cancelling it if in flight). */
  delete(threadId: string, runId: string): Promise<void>;
}

/** `client.store`: a key-value store of JSON objects filed under namespaces (lists of labels). */
export interface StoreClient {
  /** Creates or replaces an item; `value` must be an object. */
  putItem(namespace: string[], key: string, value: Record<string, unknown>): Promise<void>;
  /** The item, or `null`. */
  getItem(namespace: string[], key: string): Promise<Item | null>;
  deleteItem(namespace: string[], key: string): Promise<void>;
  /**
   * Items under `namespacePrefix` whose value has every `filter` entry, most recently updated
   * first (10 by default). `query` (semantic search) is not supported.
   */
  searchItems(
    namespacePrefix: string[],
    options?: { filter?: Record<string, unknown>; limit?: number; offset?: number; query?: string },
  ): Promise<SearchItemsResponse>;
  /** The namespaces that hold items (100 by default), cut to `maxDepth` labels. */
  listNamespaces(options?: {
    prefix?: string[];
    suffix?: string[];
    maxDepth?: number;
    limit?: number;
    offset?: number;
  }): Promise<ListNamespaceResponse>;
}

/** A graph built for a run's config (LangGraph's "dynamic graph"), called once per run. */
export type GraphFactory = (
  config: Config & { configurable: Record<string, unknown> },
) => CompiledStateGraph<any, any> | Promise<CompiledStateGraph<any, any>>;

/** A graph given to the Client: compiled, a factory, or either with its runs' defaults. */
export type GraphEntry =
  | CompiledStateGraph<any, any>
  | GraphFactory
  | {
      graph: CompiledStateGraph<any, any> | GraphFactory;
      /** The config of its system assistant, which runs inherit. */
      config?: Config;
      /** The context of its system assistant, which runs inherit. */
      context?: Record<string, unknown>;
    };

/** What `new Client(...)` takes. */
export interface ClientOptions {
  /** The graphs to serve, by graph id (each also serves as an assistant id). */
  graphs: Record<string, GraphEntry>;
  /**
   * Where threads live. `"indexeddb"` (the default in browsers): checkpoints, threads, runs, store
   * items and the assistants you create (with every version) in the IndexedDB database
   * `database`, surviving reloads and closed tabs (system assistants are made from `graphs` at
   * every start), with runs locked per thread across tabs (Web Locks, or an IndexedDB lease where
   * Web Locks is missing).
   * `"memory"` (the default in Node): for the life of the page or process. Where the browser
   * refuses IndexedDB (some private modes) the default falls back to memory with a console
   * warning; an explicit `"indexeddb"` throws a `StorageUnavailableError` instead.
   */
  storage?: "indexeddb" | "memory";
  /** The IndexedDB database name (default `"langgraph-wasm"`); give each app on an origin its own. */
  database?: string;
  /** Memory storage with this checkpointer for the checkpoints (not with `storage: "indexeddb"`). */
  checkpointer?: Checkpointer;
}

/** A thread that changed, in this tab or (`remote`) another tab on the same database. */
export interface ThreadChange {
  thread_id: string;
  /** `null` when it was deleted. */
  status: ThreadStatus | null;
  deleted: boolean;
  remote: boolean;
}

/**
 * `@langchain/langgraph-sdk`'s `Client`, running the graphs in this page or process: code written
 * for a LangGraph server runs with only the construction changed.
 *
 * ```ts
 * const client = new Client({ graphs: { agent } });
 * const thread = await client.threads.create();
 * const result = await client.runs.wait(thread.thread_id, "agent", { input: { some_text: "original text" } });
 * await client.runs.wait(thread.thread_id, "agent", { command: { resume: "Edited text" } });
 * ```
 *
 * Errors are `Error`s with a `name` and the HTTP `status` a LangGraph server answers with (see
 * {@link ClientError}).
 *
 * @typeParam TStateType the graphs' state values, as threads and runs return them.
 */
export declare class Client<TStateType = DefaultValues> {
  constructor(options: ClientOptions);
  /** Where this client keeps its threads (after a fallback, `"memory"`). */
  storage: "indexeddb" | "memory";
  readonly database: string;
  /** Resolves once stored threads are loaded (every method waits for it anyway). */
  ready(): Promise<void>;
  /**
   * Stored records that could not be read and were moved to the database's `quarantine` store
   * (everything else loaded; each was also reported with `console.warn` when it was moved).
   * Empty for a client in memory.
   */
  readonly quarantined: QuarantinedRecord[];
  /** Calls `listener` whenever a thread changes; returns the unsubscribe function. */
  onThreadChange(listener: (change: ThreadChange) => void): () => void;
  /** Stops hearing other tabs. */
  close(): void;
  readonly assistants: AssistantsClient;
  readonly threads: ThreadsClient<TStateType>;
  readonly runs: RunsClient<TStateType>;
  readonly store: StoreClient;
}

/** A stored record the Client could not read, moved aside so that the rest loads. */
export interface QuarantinedRecord {
  /** The object store it was in. */
  store: "threads" | "runs" | "store_items";
  /** Its key there, as JSON text (e.g. `["<thread id>"]`). */
  key: string;
  /** Why it could not be read. */
  error: string;
  /** When it was moved (ISO 8601). */
  quarantined_at: string;
}

/**
 * The `name` of the errors the Client adds to {@link GraphErrorName} (graph errors keep theirs):
 * - `NotFoundError` (404): an unknown assistant, thread or run;
 * - `ConflictError` (409): the thread exists, is busy (`updateState`), or the awaited run was cancelled;
 * - `ThreadBusyError` (422): a run on a busy thread with `multitaskStrategy: "reject"`;
 * - `UnprocessableEntityError` (422): a request the Client refuses (a bad store item or namespace);
 * - `BadRequestError` (400): a malformed request.
 */
export type ClientErrorName =
  | "NotFoundError"
  | "ConflictError"
  | "ThreadBusyError"
  | "UnprocessableEntityError"
  | "BadRequestError"
  | "GraphFactoryError";

/** An error from the Client: its `name` and the HTTP `status` a LangGraph server answers with. */
export interface ClientError extends Error {
  /** Also the class name of a node's own error, for a run that failed in a node. */
  name: ClientErrorName | GraphErrorName | (string & {});
  /** 404, 409, 422, 400; 500 for a graph that failed (a node's error, `GraphRecursionError`, …). */
  status: number;
}

/** What the `fetch` from {@link createFetch} takes as `init` (a subset of `RequestInit`). */
export interface FetchInit {
  /** Default `GET`. */
  method?: string;
  headers?: Record<string, string> | Iterable<readonly [string, string]> | { forEach(fn: (value: string, name: string) => void): void };
  /** The request body: JSON text, as the SDK sends it. */
  body?: unknown;
  /** Aborting ends a streamed response (and cancels its run if the request asked for that). */
  signal?: unknown;
}

/** What the `fetch` from {@link createFetch} resolves to: a standard `Response`. */
export interface FetchResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  /** A `ReadableStream` of bytes; streamed bodies (SSE, `wait`) arrive as the run goes. */
  readonly body: unknown;
  json(): Promise<any>;
  text(): Promise<string>;
}

/** A `fetch`-compatible function (typed without the DOM library). */
export type LangGraphFetch = (
  input: string | { readonly href: string } | { readonly url: string },
  init?: FetchInit,
) => Promise<FetchResponse>;

/**
 * A `fetch` that answers the LangGraph server HTTP API from `client`'s engine, so that
 * `@langchain/langgraph-sdk`'s own `Client` runs on it unchanged, in a page or in Node:
 *
 * ```ts
 * import { Client as SdkClient } from "@langchain/langgraph-sdk";
 * const sdk = new SdkClient({ apiUrl: "http://localhost", callerOptions: { fetch: createFetch(client) } });
 * ```
 *
 * Refusals are JSON `{error, message}` with the server's status (404 unknown assistant or thread,
 * 409 conflict, 422 busy thread or bad request), which the SDK throws as `HTTP <status>: <body>`.
 */
export declare function createFetch(client: Client<any>): LangGraphFetch;

// ---------------------------------------------------------------------------------------------
// Loading the engine
// ---------------------------------------------------------------------------------------------

/** What {@link ready} takes. */
export interface ReadyOptions {
  /**
   * Where the wasm is, when not next to the package's module (a CDN, a custom asset pipeline):
   * a URL, a `Response`, the bytes, or a compiled `WebAssembly.Module`. Counts on the first call only.
   */
  wasm?: string | { readonly href: string } | ArrayBuffer | ArrayBufferView | object;
}

/**
 * Loads the wasm engine, if it is not loaded yet; resolves when it is. Optional: importing the
 * package loads nothing, and every async method (`invoke`, `stream`, the `Client`'s) waits for the
 * engine by itself; the synchronous builders (`new StateGraph`, `addNode`, `compile`, `new Client`)
 * work before it. Await it to load early, to surface a load error at a place of your choosing,
 * or before the synchronous `getGraph()` / `drawMermaid()` in a browser. In Node the engine loads
 * synchronously on first need, so it is never needed there. Rejects with a {@link WasmLoadError}.
 */
export declare function ready(options?: ReadyOptions): Promise<void>;

/**
 * The wasm could not be loaded: its URL answered something that is not WebAssembly (the message
 * says what it answered and which bundler setting fixes it), or it failed to compile.
 */
export declare class WasmLoadError extends Error {
  readonly name: "WasmLoadError";
}

/** A synchronous method that needs the engine (`getGraph()`, `drawMermaid()`) was called in a browser before `await ready()`. */
export declare class WasmNotReadyError extends Error {
  readonly name: "WasmNotReadyError";
}
