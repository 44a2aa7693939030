// `langgraph-wasm/zod`: LangGraph's zod extensions, as `@langchain/langgraph/zod` has them:
// `.langgraph.reducer()` and `.langgraph.metadata()` on zod 3 schemas, `withLangGraph()`, and
// `registry` for zod 4's `.register()`.
import type { $ZodRegistry, $ZodType } from "zod/v4/core";

/** LangGraph metadata of a zod schema. */
export interface SchemaMeta<Value = any, Update = Value> {
  reducer?: { fn: (a: Value, b: Update) => Value; schema?: unknown };
  default?: () => Value;
  jsonSchemaExtra?: Record<string, unknown>;
}

export declare const META_EXTRAS_DESCRIPTION_PREFIX: "lg:";

export declare class SchemaMetaRegistry {
  get(schema: unknown): SchemaMeta | undefined;
  has(schema: unknown): boolean;
  extend(schema: unknown, update: (meta: SchemaMeta | undefined) => SchemaMeta): void;
  remove(schema: unknown): this;
}

export declare const schemaMetaRegistry: SchemaMetaRegistry;

/** Attaches LangGraph metadata (a reducer, a default, JSON Schema extras) to a zod schema. */
export declare function withLangGraph<T>(schema: T, meta: SchemaMeta): T;

/** A zod registry of LangGraph metadata: `z.array(z.string()).register(registry, { reducer: { fn } })`. */
export declare class LanggraphZodMetaRegistry extends $ZodRegistry<SchemaMeta, $ZodType> {
  constructor(parent?: SchemaMetaRegistry);
}

export declare const registry: LanggraphZodMetaRegistry;

/** What `.langgraph` gives a zod 3 schema. */
export interface LangGraphZodMethods<Schema, Output> {
  metadata(jsonSchemaExtra: Record<string, unknown>): Schema;
  reducer<Update = Output>(fn: (a: Output, b: Update) => Output, schema?: unknown): Schema;
}

declare module "zod/v3" {
  interface ZodType<Output, Def, Input> {
    readonly langgraph: LangGraphZodMethods<this, Output>;
  }
}

/** `{ messages }` as a zod object, with LangGraph's messages reducer. */
export declare const MessagesZodState: import("zod/v3").ZodObject<{
  messages: import("zod/v3").ZodType<import("./dropin.js").Message[], import("zod/v3").ZodTypeDef, import("./dropin.js").Message[]>;
}>;
