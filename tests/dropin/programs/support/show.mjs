// Test scaffolding shared by the programs (not part of what the import swap changes): `show`
// prints a labelled value as one line of canonical JSON, so that the two runs of a program can be
// compared line by line. Canonical means: object keys sorted, class instances tagged with their
// class name (LangChain messages with their fields, errors with name and message), and random
// ids and timestamps replaced by placeholders numbered in order of first appearance (the same id
// twice gets the same placeholder, so relations between ids are still compared).

const ids = new Map();
const ID = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})\b/g;
const TIMESTAMP = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\b/g;

function placeholder(id) {
  if (!ids.has(id)) ids.set(id, `<id${ids.size + 1}>`);
  return ids.get(id);
}

function text(s) {
  return s.replace(ID, (m) => placeholder(m)).replace(TIMESTAMP, "<ts>");
}

function canonical(value, seen = new Set()) {
  if (value === undefined) return "<undefined>";
  if (value === null || typeof value === "boolean" || typeof value === "number") return value;
  if (typeof value === "string") return text(value);
  if (typeof value === "function") return `<function ${value.name}>`;
  if (typeof value !== "object") return String(value);
  if (seen.has(value)) return "<cycle>";
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => canonical(v, seen));
    if (value instanceof Error) {
      return { $error: value.constructor?.name ?? "Error", name: value.name, message: text(value.message) };
    }
    if (value instanceof Date) return "<date>";
    const proto = Object.getPrototypeOf(value);
    const out = {};
    if (proto !== null && proto !== Object.prototype) out.$class = value.constructor?.name ?? "anonymous";
    for (const key of Object.keys(value).sort()) {
      if (key.startsWith("lc_") || value[key] === undefined) continue;
      out[key] = canonical(value[key], seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** Prints `label: <canonical JSON of value>`. */
export function show(label, value) {
  console.log(`${label}: ${JSON.stringify(canonical(value))}`);
}

/** Runs `fn` and shows what it returned, or what it threw. */
export async function attempt(label, fn) {
  try {
    show(label, await fn());
  } catch (error) {
    show(`${label} threw`, error);
  }
}

/** Collects a stream into a list. */
export async function collect(stream) {
  const items = [];
  for await (const item of await stream) items.push(item);
  return items;
}
