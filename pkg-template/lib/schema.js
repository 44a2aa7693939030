// JSON Schemas of state keys, from the types a declaration carries: Standard JSON Schema (zod 4
// and other libraries that implement `~standard.jsonSchema`), else a reading of zod 3's common
// types. A key without types (an `Annotation<T>`, whose `T` is gone at run time) has none.

function standardJsonSchema(schema) {
  const converter = schema?.["~standard"]?.jsonSchema;
  if (typeof converter?.input !== "function") return undefined;
  try {
    const { $schema, ...rest } = converter.input({ target: "draft-07" });
    return rest;
  } catch {
    // Unrepresentable (`z.custom()`, functions): any value.
    return {};
  }
}

/** zod 3 (and zod 4's classic objects where the standard converter is missing), by `_def`. */
function zodDefJsonSchema(schema, depth = 0) {
  const def = schema?._def;
  if (def === undefined || depth > 20) return undefined;
  const inner = (s) => zodDefJsonSchema(s, depth + 1) ?? {};
  const described = (out) => (def.description ? { ...out, description: def.description } : out);
  switch (def.typeName) {
    case "ZodString":
      return described({ type: "string" });
    case "ZodNumber":
      return described({ type: "number" });
    case "ZodBigInt":
      return described({ type: "integer" });
    case "ZodBoolean":
      return described({ type: "boolean" });
    case "ZodNull":
      return described({ type: "null" });
    case "ZodDate":
      return described({ type: "string", format: "date-time" });
    case "ZodLiteral":
      return described({ const: def.value });
    case "ZodEnum":
      return described({ type: "string", enum: def.values });
    case "ZodArray":
      return described({ type: "array", items: inner(def.type) });
    case "ZodRecord":
      return described({ type: "object", additionalProperties: inner(def.valueType) });
    case "ZodObject": {
      const shape = typeof def.shape === "function" ? def.shape() : def.shape;
      const properties = {};
      const required = [];
      for (const [key, field] of Object.entries(shape ?? {})) {
        properties[key] = inner(field);
        const optional = ["ZodOptional", "ZodDefault"].includes(field?._def?.typeName);
        if (!optional) required.push(key);
      }
      return described(required.length ? { type: "object", properties, required } : { type: "object", properties });
    }
    case "ZodUnion":
      return described({ anyOf: def.options.map(inner) });
    case "ZodOptional":
      return inner(def.innerType);
    case "ZodNullable":
      return described({ anyOf: [inner(def.innerType), { type: "null" }] });
    case "ZodDefault": {
      let value;
      try {
        value = def.defaultValue();
      } catch {
        return inner(def.innerType);
      }
      return { ...inner(def.innerType), default: value };
    }
    case "ZodEffects":
      return inner(def.schema);
    default:
      return described({});
  }
}

/** The JSON Schema of one key's schema, or undefined when it carries no types. */
export function jsonSchemaOf(schema) {
  if (schema === undefined || schema === null) return undefined;
  return standardJsonSchema(schema) ?? zodDefJsonSchema(schema);
}
