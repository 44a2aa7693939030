// Type declarations for the LangGraph.js-compatible part of langgraph-wasm: state declarations
// (Annotation, StateSchema, zod), the node's config, getConfig()/getWriter()/getStore(), the
// messages reducer, the error classes, the store and the functional API. Re-exported by
// index.d.ts; split out because they mirror `@langchain/langgraph`'s names, not this package's own.
//
// Messages are typed loosely (`any`) unless the app has `@langchain/core`'s types registered:
// importing `langgraph-wasm/langchain` or `langgraph-wasm/prebuilt` in a project does that (it
// fills `Register` with `BaseMessage`, `BaseMessageLike`).

import type { CompiledStateGraph, Checkpointer, Command, Interrupt, RunnableConfig } from "./index.js";

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/**
 * Filled in by `langgraph-wasm/langchain` (and `/prebuilt`) with `@langchain/core`'s message
 * types; empty otherwise, so that the package's types need no `@langchain/core`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Register {}

/** A chat message: `@langchain/core`'s `BaseMessage` when registered, else any value. */
export type Message = Register extends { message: infer M } ? M : any;
/** What the messages reducer takes: messages, `{ role | type, content }` objects, strings, tuples. */
export type MessageLike = Register extends { messageLike: infer M } ? M : any;
/** An update of a messages key: one message-like or a list of them. */
export type MessagesUpdate = MessageLike | MessageLike[];

/** The id of a `RemoveMessage` that removes every message before it. */
export declare const REMOVE_ALL_MESSAGES: "__remove_all__";

/**
 * LangGraph's messages reducer: appends, gives new messages ids, replaces by id, removes with
 * `RemoveMessage` (and everything before a `RemoveMessage` with id `REMOVE_ALL_MESSAGES`).
 */
export declare function messagesStateReducer(left: MessagesUpdate, right: MessagesUpdate): Message[];
/** The same function as {@link messagesStateReducer}. */
export declare const addMessages: typeof messagesStateReducer;

/**
 * Registers `@langchain/core`'s modules where the package cannot import them itself (bundled
 * browser apps that do not import `langgraph-wasm/langchain`).
 */
export declare function registerLangChain(modules: { messages: unknown; callbacks?: unknown }): unknown;

// ---------------------------------------------------------------------------------------------
// Annotation
// ---------------------------------------------------------------------------------------------

/** A state key's channel, as LangGraph.js types it: what it holds and what updates it takes. */
export interface BaseChannel<ValueType = unknown, UpdateType = unknown> {
  ValueType: ValueType;
  UpdateType: UpdateType;
  lc_graph_name: string;
}

/** The last write wins. */
export declare class LastValue<Value> implements BaseChannel<Value, Value> {
  constructor(initialValueFactory?: () => Value);
  ValueType: Value;
  UpdateType: Value;
  lc_graph_name: string;
}

/** Writes are folded by `operator`. */
export declare class BinaryOperatorAggregate<Value, Update = Value> implements BaseChannel<Value, Update> {
  constructor(operator: (a: Value, b: Update) => Value, initialValueFactory?: () => Value);
  ValueType: Value;
  UpdateType: Update;
  lc_graph_name: string;
}

/** Replaces a reducer key's value instead of folding into it: `{ items: new Overwrite([]) }`. */
export declare class Overwrite<Value = unknown> {
  constructor(value: Value);
  readonly value: Value;
}

/** `{ reducer, default }` for `Annotation<T>({ … })`. */
export type SingleReducer<ValueType, UpdateType = ValueType> =
  | { reducer: (a: ValueType, b: UpdateType) => ValueType; default?: () => ValueType }
  | { value: (a: ValueType, b: UpdateType) => ValueType; default?: () => ValueType }
  | null;

/** A state definition: one channel (or `Annotation<T>` itself) per key. */
export interface StateDefinition {
  [key: string]: BaseChannel | (() => BaseChannel);
}

type ValueOf<C> = C extends BaseChannel<infer V, any> ? V : C extends () => BaseChannel<infer V, any> ? V : never;
type UpdateOfChannel<C> = C extends BaseChannel<any, infer U> ? U : C extends () => BaseChannel<any, infer U> ? U : never;

/** The state a definition describes. */
export type StateType<SD extends StateDefinition> = { [K in keyof SD]: ValueOf<SD[K]> };
/** The updates a definition takes (each key optional). */
export type UpdateType<SD extends StateDefinition> = { [K in keyof SD]?: UpdateOfChannel<SD[K]> | Overwrite<ValueOf<SD[K]>> };

/** What `Annotation.Root(spec)` makes: pass it to `new StateGraph(root)`. */
export declare class AnnotationRoot<SD extends StateDefinition> {
  lc_graph_name: "AnnotationRoot";
  /** The state's type, for `typeof Root.State`. */
  State: StateType<SD>;
  /** An update's type, for `typeof Root.Update`. */
  Update: UpdateType<SD>;
  /** A node's type, for `typeof Root.Node`. */
  Node: (state: StateType<SD>, config: LangGraphRunnableConfig) => UpdateType<SD> | Promise<UpdateType<SD>>;
  spec: SD;
  constructor(spec: SD);
  static isInstance(value: unknown): value is AnnotationRoot<StateDefinition>;
}

export interface AnnotationFunction {
  <ValueType, UpdateType = ValueType>(annotation: SingleReducer<ValueType, UpdateType>): BinaryOperatorAggregate<
    ValueType,
    UpdateType
  >;
  <ValueType>(): LastValue<ValueType>;
  Root: <S extends StateDefinition>(spec: S) => AnnotationRoot<S>;
}

/** Declares state keys: `Annotation.Root({ key: Annotation<T>, list: Annotation<T[]>({ reducer, default }) })`. */
export declare const Annotation: AnnotationFunction;

/** `{ messages }`: a chat history with LangGraph's messages reducer, starting empty. */
export declare const MessagesAnnotation: AnnotationRoot<{
  messages: BinaryOperatorAggregate<Message[], MessagesUpdate>;
}>;

/** Metadata for a zod messages key (`z.custom().register(registry, MessagesZodMeta)`). */
export declare const MessagesZodMeta: {
  reducer: { fn: typeof messagesStateReducer };
  jsonSchemaExtra: { langgraph_type: "messages" };
  default: () => Message[];
};

// ---------------------------------------------------------------------------------------------
// StateSchema and Standard Schema (zod)
// ---------------------------------------------------------------------------------------------

/** A Standard Schema (zod 3.24+, zod 4, valibot, …): what the state declarations read. */
export interface StandardSchemaLike<Input = unknown, Output = Input> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => unknown;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

type SchemaOutput<T> = T extends { _zod: { output: infer O } }
  ? O
  : T extends { _output: infer O }
    ? O
    : T extends { readonly "~standard": { readonly types?: infer X } }
  ? NonNullable<X> extends { readonly output: infer O }
    ? O
    : unknown
  : unknown;
type SchemaInput<T> = T extends { _zod: { input: infer I } }
  ? I
  : T extends { _input: infer I }
    ? I
    : T extends { readonly "~standard": { readonly types?: infer X } }
  ? NonNullable<X> extends { readonly input: infer I }
    ? I
    : unknown
  : unknown;

/** A {@link StateSchema} key whose writes `reducer` folds (`inputSchema` checks them). */
export declare class ReducedValue<Value = unknown, Update = Value> {
  constructor(
    valueSchema: StandardSchemaLike<any, Value>,
    init: {
      inputSchema?: StandardSchemaLike<Update, any>;
      reducer: (current: Value, next: Update) => Value;
      jsonSchemaExtra?: Record<string, unknown>;
    },
  );
  valueSchema: StandardSchemaLike<any, Value>;
  inputSchema: StandardSchemaLike<Update, any>;
  reducer: (current: Value, next: Update) => Value;
  static isInstance(value: unknown): value is ReducedValue;
}

/** A {@link StateSchema} key LangGraph.js does not checkpoint (here: an ordinary last-value key). */
export declare class UntrackedValue<Value = unknown> {
  constructor(schema?: StandardSchemaLike<any, Value>, init?: { guard?: boolean });
  schema: StandardSchemaLike<any, Value> | undefined;
  guard: boolean;
  static isInstance(value: unknown): value is UntrackedValue;
}

/** A chat history key of a {@link StateSchema}. */
export declare const MessagesValue: ReducedValue<Message[], MessagesUpdate>;

type FieldValue<F> = F extends ReducedValue<infer V, any> ? V : F extends UntrackedValue<infer V> ? V : SchemaOutput<F>;
type FieldUpdate<F> = F extends ReducedValue<any, infer U> ? U : F extends UntrackedValue<infer V> ? V : SchemaInput<F>;

export type StateSchemaFields = Record<string, StandardSchemaLike<any, any> | ReducedValue<any, any> | UntrackedValue<any>>;

/** LangGraph 1.x's state declaration: `new StateSchema({ key: z.string(), messages: MessagesValue })`. */
export declare class StateSchema<Fields extends StateSchemaFields = StateSchemaFields> {
  constructor(fields: Fields);
  fields: Fields;
  State: { [K in keyof Fields]: FieldValue<Fields[K]> };
  Update: { [K in keyof Fields]?: FieldUpdate<Fields[K]> };
  getChannelKeys(): string[];
  getAllKeys(): string[];
  getJsonSchema(): Record<string, unknown>;
  getInputJsonSchema(): Record<string, unknown>;
  static isInstance(value: unknown): value is StateSchema;
}

/** A zod object schema (zod 3 or 4), by the parts the state declarations read. */
export type ZodObjectLike = { _zod: { output: unknown; def: { type: "object" } } } | { _output: unknown; _def: { typeName: unknown } };

type ZodOutput<T> = T extends { _zod: { output: infer O } } ? O : T extends { _output: infer O } ? O : never;

/** Anything `new StateGraph(…)` reads as a state declaration. */
export type StateDeclaration = AnnotationRoot<any> | StateSchema<any> | ZodObjectLike | StateDefinition;

/** The state a declaration describes. */
export type StateOf<SD> = SD extends AnnotationRoot<infer D>
  ? StateType<D>
  : SD extends StateSchema<infer F>
    ? { [K in keyof F]: FieldValue<F[K]> }
    : SD extends ZodObjectLike
      ? ZodOutput<SD>
      : SD extends StateDefinition
        ? StateType<SD>
        : Record<string, any>;

/** The updates a declaration takes. */
export type UpdateOf<SD> = SD extends AnnotationRoot<infer D>
  ? UpdateType<D>
  : SD extends StateSchema<infer F>
    ? { [K in keyof F]?: FieldUpdate<F[K]> }
    : SD extends ZodObjectLike
      ? Partial<ZodOutput<SD>>
      : SD extends StateDefinition
        ? UpdateType<SD>
        : Record<string, any>;

/** `new StateGraph(state, { input, output })`: the run's input and output schemas. */
export interface StateGraphOptions {
  input?: StateDeclaration;
  output?: StateDeclaration;
  /** The schema of the run's `context` (recorded, not checked). */
  context?: unknown;
}

// ---------------------------------------------------------------------------------------------
// The node's config, getConfig()
// ---------------------------------------------------------------------------------------------

/** A run's `configurable`, as a node sees it: `thread_id`, the task's `checkpoint_ns`, the caller's keys. */
export interface NodeConfigurable {
  thread_id?: string;
  checkpoint_ns?: string;
  checkpoint_id?: string;
  [key: string]: any;
}

/**
 * What a node gets as its second argument (and `getConfig()` returns inside it): LangGraph.js's
 * `LangGraphRunnableConfig`, plus this package's `interrupt`, `config` and `node`.
 */
export interface LangGraphRunnableConfig<Context = any> {
  configurable: NodeConfigurable;
  /** `langgraph_node`, `langgraph_step`, `langgraph_triggers`, `langgraph_path`, `checkpoint_ns`, the run's metadata. */
  metadata: Record<string, any>;
  tags: string[];
  /** The run's LangChain callbacks (and, while streaming `messages`, the handler that hears chat models). */
  callbacks?: any;
  recursionLimit: number;
  runName?: string;
  /** The store given to `compile({ store })`, or the Client's. */
  store?: BaseStore;
  /** Sends a chunk to the `"custom"` stream. */
  writer: (chunk: unknown) => void;
  /** Aborts when this node's task is cancelled (an `AbortSignal`; typed loosely so that no DOM types are needed). */
  signal: any;
  /** The run's `context`. */
  context: Context;
  /** Pauses the graph and asks a person; works anywhere in the node. */
  interrupt<R = any>(value: unknown): R;
  /** This config itself (the package's older `runtime.config`). */
  readonly config: LangGraphRunnableConfig<Context>;
  /** This node's name. */
  readonly node: string;
}

/** The current node's (or task's) config; undefined outside one (in browsers: after its first `await` too). */
export declare function getConfig(): LangGraphRunnableConfig | undefined;
/** The current node's custom-stream writer. */
export declare function getWriter(config?: LangGraphRunnableConfig): ((chunk: unknown) => void) | undefined;
/** The current node's store. */
export declare function getStore(config?: LangGraphRunnableConfig): BaseStore | undefined;
/** The current node's or task's input. */
export declare function getCurrentTaskInput<T = unknown>(config?: LangGraphRunnableConfig): T;
/** Sends `chunk` to the current node's `"custom"` stream. */
export declare function writer(chunk: unknown): void;
/**
 * Installs the async-context storage the current config lives in (Node's entry installs an
 * `AsyncLocalStorage`; browsers use the synchronous part of a node unless one is installed).
 */
export declare function setAsyncLocalStorage(storage: { getStore(): unknown; run<T>(store: unknown, fn: () => T): T }): void;

/** Anything with `invoke(input, config)`: a LangChain Runnable used as a node. */
export interface RunnableLike<Input = any, Output = any> {
  invoke(input: Input, config?: any): Output | Promise<Output>;
}

/** Whether `x` is a `Command`. */
export declare function isCommand(x: unknown): x is Command;
/** Whether a run's output says it paused. */
export declare function isInterrupted(value: unknown): value is { __interrupt__: Interrupt[] };
/** The key of the interrupts in a paused run's output. */
export declare const INTERRUPT: "__interrupt__";

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

export declare class BaseLangGraphError extends Error {
  constructor(message?: string, fields?: { lc_error_code?: string });
  lc_error_code?: string;
}
export declare class GraphBubbleUp extends BaseLangGraphError {
  get is_bubble_up(): true;
}
export declare class GraphRecursionError extends BaseLangGraphError {}
export declare class GraphValueError extends BaseLangGraphError {}
export declare class InvalidUpdateError extends BaseLangGraphError {}
export declare class EmptyInputError extends BaseLangGraphError {}
export declare class EmptyChannelError extends BaseLangGraphError {}
export declare class UnreachableNodeError extends BaseLangGraphError {}
export declare class MultipleSubgraphsError extends BaseLangGraphError {}
export declare class RemoteException extends BaseLangGraphError {}
/** The graph cannot be built or compiled. */
export declare class GraphValidationError extends BaseLangGraphError {}
/** `new StateGraph(…)` got something that declares no state key. */
export declare class StateGraphInputError extends GraphValidationError {}
export declare class NothingToResumeError extends BaseLangGraphError {}
export declare class AmbiguousResumeError extends BaseLangGraphError {}
export declare class InterruptOutsideNodeError extends BaseLangGraphError {}
export declare class InvalidConfigError extends BaseLangGraphError {}
export declare class MissingCheckpointerError extends BaseLangGraphError {}
export declare class InvalidArgumentError extends BaseLangGraphError {}
export declare class StorageError extends BaseLangGraphError {}
/** Unwinds a node at an unanswered `interrupt()`; catch it only to rethrow it. */
export declare class GraphInterrupt extends GraphBubbleUp {
  constructor(interrupts?: Interrupt[], fields?: { lc_error_code?: string });
  interrupts: Interrupt[];
}
export declare class NodeInterrupt extends GraphInterrupt {
  constructor(message: unknown, fields?: { lc_error_code?: string });
}
export declare class ParentCommand extends GraphBubbleUp {
  constructor(command: Command);
  command: Command;
}
/** A node failed in a run whose error objects stay in the engine (a Client's run): `node` names it. */
export declare class NodeError extends BaseLangGraphError {
  node?: string;
  error?: { name: string; message: string };
}
export declare function isGraphInterrupt(e: unknown): e is GraphInterrupt;
export declare function isGraphBubbleUp(e: unknown): e is GraphBubbleUp;
export declare function isParentCommand(e: unknown): e is ParentCommand;
export declare function isNodeError(e: unknown): e is NodeError;

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

export interface StoreItem {
  value: Record<string, any>;
  key: string;
  namespace: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface SearchStoreItem extends StoreItem {
  score?: number;
}

export type StoreOperation =
  | { namespace: string[]; key: string }
  | { namespace: string[]; key: string; value: Record<string, any> | null; index?: false | string[] }
  | { namespacePrefix: string[]; filter?: Record<string, any>; limit?: number; offset?: number; query?: string }
  | { matchConditions?: Array<{ matchType: "prefix" | "suffix"; path: string[] }>; maxDepth?: number; limit?: number; offset?: number };

/** LangGraph.js's store interface (long-term memory that outlives threads). */
export declare abstract class BaseStore {
  abstract batch(operations: StoreOperation[]): Promise<any[]>;
  get(namespace: string[], key: string): Promise<StoreItem | null>;
  search(
    namespacePrefix: string[],
    options?: { filter?: Record<string, any>; limit?: number; offset?: number; query?: string },
  ): Promise<SearchStoreItem[]>;
  put(namespace: string[], key: string, value: Record<string, any>, index?: false | string[]): Promise<void>;
  delete(namespace: string[], key: string): Promise<void>;
  listNamespaces(options?: { prefix?: string[]; suffix?: string[]; maxDepth?: number; limit?: number; offset?: number }): Promise<string[][]>;
  start(): void;
  stop(): void;
}

/** Items kept in this page or process: `compile({ store: new InMemoryStore() })`. */
export declare class InMemoryStore extends BaseStore {
  constructor();
  batch(operations: StoreOperation[]): Promise<any[]>;
}

// ---------------------------------------------------------------------------------------------
// The functional API
// ---------------------------------------------------------------------------------------------

/** What an entrypoint returns to return `value` and save `save` for the next run. */
export interface EntrypointFinal<Value, Save> {
  value: Value;
  save: Save;
}

type EntrypointValue<R> = R extends EntrypointFinal<infer V, any> ? V : R;

/** A compiled entrypoint: its input and output are single values. */
export type CompiledEntrypoint<Input, Output> = Omit<CompiledStateGraph<any, any>, "invoke"> & {
  invoke(input: Input | Command | null, config?: RunnableConfig): Promise<Output>;
};

export interface EntrypointOptions {
  name?: string;
  checkpointer?: Checkpointer;
  store?: BaseStore;
}

export interface EntrypointFunction {
  <Input, R>(
    optionsOrName: EntrypointOptions | string,
    fn: (input: Input, config: LangGraphRunnableConfig) => R | Promise<R>,
  ): CompiledEntrypoint<Input, EntrypointValue<Awaited<R>>>;
  /** Returns `value` and saves `save` for the next run on the thread (`getPreviousState()`). */
  final<Value, Save>(final: { value?: Value; save?: Save }): EntrypointFinal<Value, Save>;
}

/** Makes a graph of one node that runs `fn(input, config)`: LangGraph's functional API. */
export declare const entrypoint: EntrypointFunction;

/**
 * Defines a task: called inside an entrypoint (or a node), it runs as a task of its own whose
 * result is saved, so that a re-run after an interrupt does not run it again.
 */
export declare function task<Args extends unknown[], R>(
  optionsOrName: string | { name: string; retry?: unknown },
  fn: (...args: Args) => R | Promise<R>,
): (...args: Args) => Promise<Awaited<R>>;

/** Inside an entrypoint: what the last run on the thread saved. */
export declare function getPreviousState<T = unknown>(): T;
