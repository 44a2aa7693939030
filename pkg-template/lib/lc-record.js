// LangChain's constructor records (`{lc: 1, type: "constructor", id, kwargs}`) for
// `@langchain/core`'s own message classes, made without calling their `toJSON`.
//
// Saving a message is most of a checkpoint's cost in an agent loop, and `Serializable.toJSON`
// is most of that: at every call it walks the prototype chain for `lc_aliases`, `lc_secrets`
// and `lc_attributes` (each a getter building a new object), snake-cases every key with three
// regular expressions, and copies the whole of `kwargs` to escape objects that look like
// records. For the message classes of the `@langchain/core` in use, what the walk finds does
// not depend on the instance (their getters return constants), so it is read once per class;
// the record is then made from the instance's fields, and the copy is skipped when it would copy
// nothing that changes (no object with an `lc` key, no class instance, no cycle). Anything else
// goes to `toJSON` as before: classes of the app's own, subclasses, an overridden `toJSON`,
// secrets or attributes, or a value `toJSON` would change. The first instance of each class made
// this way is also written both ways and compared, so a `@langchain/core` whose `toJSON` does
// something else is not written this way at all.

import { langchain } from "./langchain.js";

/** Per prototype: what `toJSON` reads from the class, or `false` when its instances take `toJSON`. */
const classes = new WeakMap();
/** The message module the classes were checked against, and its exported classes. */
let checkedFor = null;
let exported = new Set();

/**
 * `value.toJSON()` for an instance of a `@langchain/core` message class, made without it; or
 * `undefined` when `value` is not one, or is one that `toJSON` must write itself.
 */
export function constructorRecord(value) {
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return undefined;
  let info = classes.get(proto);
  if (info === undefined) {
    info = classify(value, proto);
    // Not known yet when `@langchain/core` is not (it may be registered later).
    if (info === null) return undefined;
    classes.set(proto, info);
  }
  if (info === false || value.toJSON !== info.toJSON) return undefined;
  const made = recordOf(value, info);
  if (made === undefined || info.checked) return made;
  // The first instance made this way is written both ways: a `toJSON` that writes something
  // else keeps the class on it.
  let same;
  try {
    same = JSON.stringify(made) === JSON.stringify(value.toJSON());
  } catch {
    // Not this instance (a BigInt in it, say): `toJSON` says what is wrong with it.
    return undefined;
  }
  if (!same) {
    classes.set(proto, false);
    return undefined;
  }
  info.checked = true;
  return made;
}

/**
 * What `toJSON` reads from `proto`'s chain, when it can be read once for all its instances;
 * `false` when it cannot, `null` when `@langchain/core` is not known.
 */
function classify(value, proto) {
  const messages = langchain()?.messages;
  const base = messages?.BaseMessage?.prototype;
  if (base === undefined) return null;
  if (typeof base.toJSON !== "function") return false;
  if (checkedFor !== messages) {
    checkedFor = messages;
    exported = new Set(Object.values(messages).filter((v) => typeof v === "function"));
  }
  // Exactly an exported class (a subclass of the app's may define its own attributes), with
  // the base class's `toJSON`.
  if (!exported.has(proto.constructor) || value.toJSON !== base.toJSON) return false;
  try {
    const aliases = {};
    const secrets = {};
    const attributes = {};
    for (let at = proto; at; at = Object.getPrototypeOf(at)) {
      Object.assign(aliases, Reflect.get(at, "lc_aliases", value));
      Object.assign(secrets, Reflect.get(at, "lc_secrets", value));
      Object.assign(attributes, Reflect.get(at, "lc_attributes", value));
    }
    if (Object.keys(secrets).length > 0 || Object.keys(attributes).length > 0) return false;
    return { toJSON: base.toJSON, aliases, keys: new Map(), checked: false };
  } catch {
    return false;
  }
}

function recordOf(value, info) {
  const fields = value.lc_kwargs;
  if (
    value.lc_serializable !== true ||
    fields === null ||
    typeof fields !== "object" ||
    Array.isArray(fields) ||
    "lc_serializable" in fields
  ) {
    return undefined;
  }
  const kwargs = {};
  const ancestors = [value];
  for (const key of Object.keys(fields)) {
    if (key === "__proto__") return undefined;
    const field = key in value ? value[key] : fields[key];
    if (!keptAsIs(field, ancestors)) return undefined;
    kwargs[jsonKey(key, info)] = field;
  }
  return { lc: 1, type: "constructor", id: value.lc_id, kwargs };
}

/** A key as `toJSON` writes it: its alias, or snake_case. */
function jsonKey(key, info) {
  let out = info.keys.get(key);
  if (out === undefined) {
    out = info.aliases[key] || snakeCase(key);
    info.keys.set(key, out);
  }
  return out;
}

const snakeCase = (key) =>
  key
    .replace(/([A-Z]+)([A-Z][a-z0-9]+)/g, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[-_\s]+/g, "_")
    .toLowerCase();

/** Deeper than this, `toJSON` writes it (and the depth limit refuses it anyway). */
const MAX_WALK = 64;

/**
 * Whether `toJSON`'s escaping would write `v` as `v` itself: plain data whose objects have no
 * `lc` key (nor only the escape key), none an ancestor of itself, and no class instance other
 * than LangChain objects (which it leaves to their own `toJSON`, as JSON.stringify does here).
 */
function keptAsIs(v, ancestors) {
  if (v === null || typeof v !== "object") return true;
  if (ancestors.length > MAX_WALK || ancestors.includes(v)) return false;
  if (Array.isArray(v)) {
    ancestors.push(v);
    for (let i = 0; i < v.length; i++) {
      if (!keptAsIs(v[i], ancestors)) return false;
    }
    ancestors.pop();
    return true;
  }
  if ("lc_serializable" in v && typeof v.toJSON === "function") return true;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  if ("lc" in v || Object.hasOwn(v, "__proto__") || typeof v.toJSON === "function") return false;
  const keys = Object.keys(v);
  if (keys.length === 1 && "__lc_escaped__" in v) return false;
  ancestors.push(v);
  for (const key of keys) {
    if (!keptAsIs(v[key], ancestors)) return false;
  }
  ancestors.pop();
  return true;
}
