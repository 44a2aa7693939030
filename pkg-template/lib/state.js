// State declarations as LangGraph.js writes them, read into the channel specs the engine's
// builder takes (`{ kind, default, schema }` per key, see `readState`):
// - `Annotation.Root({ key: Annotation<T>, list: Annotation<T[]>({ reducer, default }) })`, and
//   spreads of another root's `.spec`; `MessagesAnnotation`;
// - `new StateSchema({ key: z.string(), messages: MessagesValue, n: new ReducedValue(schema, { reducer }) })`;
// - zod object schemas (`z.object({ … })`, with `langgraph-wasm/zod`'s `.langgraph.reducer()`,
//   `withLangGraph()` or `registry`), read without importing zod;
// - this package's compact `{ channels: { key: null | "append" | … | { reducer, default, schema } } }`;
// - LangGraph.js's own `Annotation.Root` objects (a library's state, say), by their shape.
// A declaration that declares no key is a `StateGraphInputError` (a `GraphValidationError`).
import { StateGraphInputError } from "./errors.js";
import { messagesStateReducer } from "./messages.js";
import { jsonSchemaOf } from "./schema.js";

/** A key whose last write wins (LangGraph.js's `LastValue`). */
export class LastValue {
  constructor(initialValueFactory) {
    this.lc_graph_name = "LastValue";
    this.initialValueFactory = initialValueFactory;
  }
}

/** A key whose writes are folded by `operator` (LangGraph.js's `BinaryOperatorAggregate`). */
export class BinaryOperatorAggregate {
  constructor(operator, initialValueFactory) {
    this.lc_graph_name = "BinaryOperatorAggregate";
    this.operator = operator;
    this.initialValueFactory = initialValueFactory;
  }
}

/**
 * Declares a state key: `Annotation<T>` (last value wins), or `Annotation<T>({ reducer, default })`.
 */
export function Annotation(annotation) {
  if (annotation && typeof annotation === "object") {
    const reducer = annotation.reducer ?? annotation.value;
    if (reducer) return new BinaryOperatorAggregate(reducer, annotation.default);
  }
  return new LastValue();
}

/** What `Annotation.Root(spec)` makes: `new StateGraph(root)`; `root.spec` spreads into another root. */
export class AnnotationRoot {
  constructor(spec) {
    this.lc_graph_name = "AnnotationRoot";
    this.spec = spec;
  }
  static isInstance(value) {
    return typeof value === "object" && value !== null && value.lc_graph_name === "AnnotationRoot";
  }
}

Annotation.Root = (spec) => new AnnotationRoot(spec);

/** `{ messages }`: a chat history with LangGraph's messages reducer, starting empty. */
export const MessagesAnnotation = Annotation.Root({
  messages: Annotation({ reducer: messagesStateReducer, default: () => [] }),
});

/** LangGraph metadata for a zod messages key: `z.custom().register(registry, MessagesZodMeta)`. */
export const MessagesZodMeta = {
  reducer: { fn: messagesStateReducer },
  jsonSchemaExtra: { langgraph_type: "messages" },
  default: () => [],
};

const STATE_SCHEMA = Symbol.for("langgraph.state.state_schema");
const REDUCED_VALUE = Symbol.for("langgraph.state.reduced_value");
const UNTRACKED_VALUE = Symbol.for("langgraph.state.untracked_value");

/** A key of a {@link StateSchema} whose writes a reducer folds (`inputSchema` validates them). */
export class ReducedValue {
  constructor(valueSchema, init = {}) {
    this[REDUCED_VALUE] = true;
    this.valueSchema = valueSchema;
    this.inputSchema = "inputSchema" in init ? init.inputSchema : valueSchema;
    this.reducer = init.reducer;
    this.jsonSchemaExtra = init.jsonSchemaExtra;
  }
  static isInstance(value) {
    return typeof value === "object" && value !== null && value[REDUCED_VALUE] === true;
  }
}

/**
 * A key of a {@link StateSchema} that LangGraph.js does not checkpoint. Here it is an ordinary
 * last-value key, saved with the others (see the README's compatibility table).
 */
export class UntrackedValue {
  constructor(schema, init) {
    this[UNTRACKED_VALUE] = true;
    this.schema = schema;
    this.guard = init?.guard ?? true;
  }
  static isInstance(value) {
    return typeof value === "object" && value !== null && value[UNTRACKED_VALUE] === true;
  }
}

/** A Standard Schema that accepts anything and defaults to `[]` (the messages key's value schema). */
const anyListDefaultEmpty = {
  "~standard": { version: 1, vendor: "langgraph-wasm", validate: (value) => ({ value: value === undefined ? [] : value }) },
};
const anyValue = { "~standard": { version: 1, vendor: "langgraph-wasm", validate: (value) => ({ value }) } };

/** A {@link StateSchema} key holding a chat history (LangGraph's messages reducer, starting empty). */
export const MessagesValue = new ReducedValue(anyListDefaultEmpty, {
  inputSchema: anyValue,
  reducer: messagesStateReducer,
  jsonSchemaExtra: { langgraph_type: "messages", description: "A list of chat messages" },
});

export function isStandardSchema(value) {
  return typeof value === "object" && value !== null && typeof value["~standard"]?.validate === "function";
}

/** The default a schema gives `undefined` (zod's `.default()`), as a getter; undefined if none. */
export function schemaDefault(schema) {
  if (!isStandardSchema(schema)) return undefined;
  try {
    const first = schema["~standard"].validate(undefined);
    if (first === null || typeof first !== "object" || typeof first.then === "function") return undefined;
    if (first.issues || first.value === undefined) return undefined;
    return () => schema["~standard"].validate(undefined).value;
  } catch {
    return undefined;
  }
}

/** LangGraph 1.x's state declaration: one schema (or `ReducedValue`, `UntrackedValue`) per key. */
export class StateSchema {
  constructor(fields) {
    this[STATE_SCHEMA] = true;
    this.fields = fields;
  }
  static isInstance(value) {
    return typeof value === "object" && value !== null && value[STATE_SCHEMA] === true;
  }
  getChannelKeys() {
    return Object.keys(this.fields);
  }
  getAllKeys() {
    return Object.keys(this.fields);
  }
  /** The state's JSON Schema (keys without a default are required). */
  getJsonSchema() {
    return keysJsonSchema(readState(this), true);
  }
  /** The JSON Schema of an input or update (no key required). */
  getInputJsonSchema() {
    return keysJsonSchema(readState(this), false);
  }
}

function keysJsonSchema(keys, withRequired) {
  const properties = {};
  const required = [];
  for (const [key, spec] of Object.entries(keys)) {
    if (spec.schema === undefined) continue;
    properties[key] = spec.schema;
    if (spec.default === undefined) required.push(key);
  }
  return withRequired && required.length > 0 ? { type: "object", properties, required } : { type: "object", properties };
}

// ----------------------------------------------------------------------------------------------
// zod, read by shape (zod itself is imported only by `langgraph-wasm/zod`)
// ----------------------------------------------------------------------------------------------

/**
 * LangGraph's metadata of zod schemas (reducer, default, JSON Schema extras), shared with
 * `langgraph-wasm/zod` (its `.langgraph` methods, `withLangGraph` and `registry` write here).
 */
export class SchemaMetaRegistry {
  constructor() {
    this._map = new WeakMap();
  }
  get(schema) {
    return this._map.get(schema);
  }
  has(schema) {
    return this._map.has(schema);
  }
  extend(schema, update) {
    this._map.set(schema, update(this._map.get(schema)));
  }
  remove(schema) {
    this._map.delete(schema);
    return this;
  }
}

const META = Symbol.for("langgraph-wasm.zod-meta-registry");
/** One registry per realm, whichever copy of the package (ESM, CommonJS) is asking. */
export const schemaMetaRegistry = (globalThis[META] ??= new SchemaMetaRegistry());

/** Attaches LangGraph metadata (`{ reducer: { fn, schema? }, default?, jsonSchemaExtra? }`) to a zod schema. */
export function withLangGraph(schema, meta) {
  if (meta.reducer && !meta.default) {
    const getter = schemaDefault(schema);
    if (getter) meta.default = getter;
  }
  schemaMetaRegistry.extend(schema, () => meta);
  return schema;
}

/** Whether `value` is a zod object schema (zod 3, zod 4 classic or mini). */
export function isZodObject(value) {
  if (typeof value !== "object" || value === null) return false;
  if (value._zod?.def?.type === "object") return true;
  return value._def?.typeName === "ZodObject";
}

/** The field schemas of a zod object. */
export function zodShape(schema) {
  if (schema._zod?.def?.shape) return schema._zod.def.shape;
  const shape = schema._def?.shape;
  return typeof shape === "function" ? shape() : (shape ?? schema.shape ?? {});
}

// ----------------------------------------------------------------------------------------------
// Reading a declaration
// ----------------------------------------------------------------------------------------------

/** A reducer as the builder takes it: LangGraph's messages reducer becomes the engine's "messages". */
function reducerKind(reducer) {
  if (reducer === messagesStateReducer || reducer?.name === "messagesStateReducer") return "messages";
  return reducer;
}

function defaultOf(factory) {
  if (factory === undefined) return undefined;
  return typeof factory === "function" ? factory() : factory;
}

/** One key of an `Annotation.Root` spec (ours, or LangGraph.js's channel objects). */
function annotationKey(key, value) {
  const channel = typeof value === "function" ? value() : value;
  if (channel instanceof BinaryOperatorAggregate || channel?.lc_graph_name === "BinaryOperatorAggregate") {
    return { kind: reducerKind(channel.operator), default: defaultOf(channel.initialValueFactory) };
  }
  if (channel instanceof LastValue || channel?.lc_graph_name === "LastValue" || channel?.lc_graph_name === "LastValueAfterFinish") {
    return { kind: null, default: defaultOf(channel.initialValueFactory) };
  }
  throw new StateGraphInputError(
    `state key "${key}" must be Annotation<T> or Annotation<T>({ reducer, default }); got ${describe(channel)}`,
  );
}

/** One key of a `StateSchema`. */
function stateSchemaKey(key, value) {
  if (ReducedValue.isInstance(value)) {
    const schema = withExtra(jsonSchemaOf(value.valueSchema), value.jsonSchemaExtra);
    return {
      kind: reducerKind(value.reducer),
      default: defaultOf(schemaDefault(value.valueSchema)),
      schema,
      validate: value.inputSchema,
    };
  }
  if (UntrackedValue.isInstance(value)) {
    return { kind: null, default: defaultOf(schemaDefault(value.schema)), schema: jsonSchemaOf(value.schema), validate: value.schema };
  }
  if (isStandardSchema(value)) {
    return { kind: null, default: defaultOf(schemaDefault(value)), schema: jsonSchemaOf(value), validate: value };
  }
  throw new StateGraphInputError(`state key "${key}" must be a schema, a ReducedValue or an UntrackedValue`);
}

/** One key of a zod object. */
function zodKey(field) {
  const meta = schemaMetaRegistry.get(field);
  const extra = meta?.jsonSchemaExtra;
  const schema = withExtra(jsonSchemaOf(field), extra);
  const getter = meta?.default ?? schemaDefault(field);
  if (meta?.reducer) {
    return {
      kind: reducerKind(meta.reducer.fn),
      default: defaultOf(getter),
      schema,
      validate: meta.reducer.schema,
    };
  }
  return { kind: null, default: defaultOf(getter), schema, validate: field };
}

/** One key of the `{ channels }` form. */
function compactKey(key, channel) {
  if (channel === null || channel === undefined || typeof channel === "string") return { kind: channel ?? null };
  if (typeof channel === "object") {
    const reducer = channel.reducer ?? channel.value ?? null;
    return { kind: reducerKind(reducer), default: defaultOf(channel.default), schema: channel.schema };
  }
  throw new StateGraphInputError(`channel "${key}" must be null, a reducer name, or { reducer, default, schema }`);
}

function withExtra(schema, extra) {
  if (extra === undefined) return schema;
  return { ...(schema ?? {}), ...extra };
}

function describe(value) {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return value.constructor?.name ?? "an object";
}

/** Whether `value` is something `readState` reads. */
export function isStateDeclaration(value) {
  if (typeof value !== "object" || value === null) return false;
  return (
    AnnotationRoot.isInstance(value) ||
    StateSchema.isInstance(value) ||
    isZodObject(value) ||
    (!Array.isArray(value) &&
      Object.keys(value).length > 0 &&
      Object.values(value).every(
        (v) => typeof v === "function" || (v?.lc_graph_name !== undefined && v.lc_graph_name !== "AnnotationRoot"),
      ))
  );
}

/**
 * The keys a state declaration declares: `{ [key]: { kind, default?, schema?, validate? } }`,
 * where `kind` is `null` (last value), a reducer name or a reducer function, `schema` a JSON
 * Schema for the key (when the declaration has types), and `validate` a Standard Schema that
 * checks and converts the key's updates (zod and `StateSchema` states, as LangGraph.js does).
 * Throws a `StateGraphInputError` for anything else, or a declaration with no key.
 */
export function readState(declaration) {
  let keys;
  if (AnnotationRoot.isInstance(declaration)) {
    keys = Object.fromEntries(Object.entries(declaration.spec ?? {}).map(([k, v]) => [k, annotationKey(k, v)]));
  } else if (StateSchema.isInstance(declaration)) {
    keys = Object.fromEntries(Object.entries(declaration.fields ?? {}).map(([k, v]) => [k, stateSchemaKey(k, v)]));
  } else if (isZodObject(declaration)) {
    keys = Object.fromEntries(Object.entries(zodShape(declaration)).map(([k, v]) => [k, zodKey(v)]));
  } else if (typeof declaration === "object" && declaration !== null && !Array.isArray(declaration)) {
    if ("channels" in declaration) {
      const channels = declaration.channels ?? {};
      if (typeof channels !== "object" || Array.isArray(channels)) {
        throw new StateGraphInputError("`channels` must be an object: { key: null | reducer name | { reducer, default } }");
      }
      keys = Object.fromEntries(Object.entries(channels).map(([k, v]) => [k, compactKey(k, v)]));
    } else if (isStateDeclaration(declaration)) {
      // A bare state definition: `{ key: Annotation<T>, … }` (LangGraph.js's StateDefinition).
      keys = Object.fromEntries(Object.entries(declaration).map(([k, v]) => [k, annotationKey(k, v)]));
    }
  }
  if (keys === undefined) {
    throw new StateGraphInputError(
      `new StateGraph(…) needs a state declaration: Annotation.Root({...}), a StateSchema, a zod object or { channels: {...} }; got ${describe(declaration)}`,
    );
  }
  if (Object.keys(keys).length === 0) {
    throw new StateGraphInputError("the state declares no key: declare at least one (a graph with no state has nothing to run on)");
  }
  return keys;
}
