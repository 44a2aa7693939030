// `langgraph-wasm/zod`: LangGraph's zod extensions, as `@langchain/langgraph/zod` has them. It
// imports zod (an optional peer: only apps that use zod state import this module) and gives zod
// schemas `.langgraph.reducer(fn, updateSchema?)` and `.langgraph.metadata(extra)`, plus
// `withLangGraph(schema, meta)` and `registry` (`z.custom().register(registry, { reducer, default })`).
// The metadata is read by `new StateGraph(zodObject)` (lib/state.js), which needs no zod itself.
import { z as z4 } from "zod/v4";
import { z as z3 } from "zod/v3";
import { $ZodRegistry } from "zod/v4/core";
import { MessagesZodMeta, SchemaMetaRegistry, schemaMetaRegistry, schemaDefault, withLangGraph } from "./lib/state.js";

/** Prefix of JSON Schema descriptions that carry LangGraph's extras (`lg:{…}`). */
export const META_EXTRAS_DESCRIPTION_PREFIX = "lg:";

const PATCHED = Symbol.for("langgraph-wasm.zod-plugin");
function patch(prototype) {
  if (prototype === undefined || Object.prototype.hasOwnProperty.call(prototype, PATCHED)) return;
  Object.defineProperty(prototype, PATCHED, { value: true });
  if (Object.prototype.hasOwnProperty.call(prototype, "langgraph")) return; // LangGraph.js's plugin got here first
  Object.defineProperty(prototype, "langgraph", {
    configurable: true,
    get() {
      const schema = this;
      return {
        metadata(jsonSchemaExtra) {
          return withLangGraph(schema, { jsonSchemaExtra });
        },
        reducer(fn, updateSchema) {
          return withLangGraph(schema, { default: schemaDefault(schema), reducer: { fn, schema: updateSchema } });
        },
      };
    },
  });
}
patch(z4.ZodType?.prototype);
patch(z3.ZodType?.prototype);

/**
 * A zod registry whose entries are LangGraph metadata (`{ reducer: { fn, schema? }, default?,
 * jsonSchemaExtra? }`): `z.custom<BaseMessage[]>().register(registry, MessagesZodMeta)`.
 */
export class LanggraphZodMetaRegistry extends $ZodRegistry {
  constructor(parent = schemaMetaRegistry) {
    super();
    this.parent = parent;
  }
  add(schema, ...meta) {
    const first = meta[0];
    if (first && !first.default) {
      const getter = schemaDefault(schema);
      if (getter) first.default = getter;
    }
    if (first) this.parent.extend(schema, () => first);
    return super.add(schema, ...meta);
  }
}

export const registry = new LanggraphZodMetaRegistry(schemaMetaRegistry);

export { SchemaMetaRegistry, schemaMetaRegistry, withLangGraph };

/**
 * `{ messages }` as a zod object (LangGraph.js exports it from its root, which imports zod; here
 * it comes from `langgraph-wasm/zod`, so that the root needs no zod).
 */
export const MessagesZodState = z3.object({ messages: withLangGraph(z3.custom(), { ...MessagesZodMeta }) });
