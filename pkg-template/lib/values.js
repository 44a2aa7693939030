// State values of JS graphs, on the JS side of the engine. A graph's channel values are the JS
// values its nodes returned: the engine holds handles to them (see src/js/handles.rs) and asks
// here, through the functions `installValues` hands the wasm, to
// - encode a value for storage, in LangGraph.js's JsonPlusSerializer format (LangChain
//   serializable objects in their constructor form, `undefined`, `Map`, `Set`, `RegExp`, `Error`,
//   `Uint8Array` as `lc: 2` records, `Send` as `{node, args}`), refusing by name and path what
//   cannot be stored (functions, symbols, BigInts, non-finite numbers, cycles, nesting past the
//   limit) — LangGraph.js would drop or mangle those silently;
// - revive stored JSON: the records above back into their values, LangChain objects into their
//   classes when `@langchain/core` is known (see langchain.js);
// - split what a node returns into its state keys (one handle each), freezing plain containers
//   so that a node cannot change, without writing it, what the next node reads;
// - fold updates with the built-in reducers of JS graphs ("append", "add", "merge", "messages").
import { langchainClass, noteLangChainValue } from "./langchain.js";
import { constructorRecord } from "./lc-record.js";
import { messagesStateReducer } from "./messages.js";

/** How deeply a stored value may nest (src/limits.rs: what storage can read back). */
const MAX_DEPTH = 100;

/**
 * Strings at least this long (in UTF-16 units) are set aside while a value is encoded: the text
 * holds `MARK` in their place and the engine writes them in, escaped by its own code, which runs
 * several times faster than JSON.stringify's on Node 20 (see src/js/values.rs `splice`). The
 * mark is a string no value holds: a NUL and a random tag drawn when this module loads (if one
 * did, by chance or design, the engine notices and asks for the text with nothing set aside).
 */
const LONG_STRING = 512;
const MARK = `\u0000${randomTag()}`;
const MARK_TEXT = JSON.stringify(MARK);

function randomTag() {
  const bytes = new Uint8Array(12);
  if (typeof globalThis.crypto?.getRandomValues === "function") globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Set by `encode` when the engine asks for a text with nothing set aside. */
let inline = false;

/** The strings the current `stringify` set aside, in the order their marks appear in its text. */
let aside = [];

/** Whether the string `s` is set aside: long, and valid Unicode (else it is refused, in the text). */
const goesAside = (s) => !inline && s.length >= LONG_STRING && isWellFormed(s);

/** The string `s` as the replacer writes it: the mark, when it is set aside. */
const setAside = (s) => {
  if (!goesAside(s)) return s;
  aside.push(s);
  return MARK;
};

class Refused {
  constructor(found) {
    this.found = found;
  }
}
const refuse = (found) => {
  throw new Refused(found);
};
const describe = (e) => {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    return "an unprintable value";
  }
};
const pathOf = (keys) =>
  keys.reduce((p, k) => (typeof k === "number" ? `${p}[${k}]` : p ? `${p}.${k}` : String(k)), "");
const record = (id, method, args) => ({ lc: 2, type: "constructor", id: [id], method, args, kwargs: {} });

/**
 * JSON.stringify's replacer for the storage format (it has already called `toJSON`), which also
 * measures how deeply the text it makes nests: JSON.stringify calls it with `this` set to the
 * object whose key it serializes (as this replacer returned it), so each object it returns is
 * one level below its holder (`depths`, the deepest in `deepest`; the root's holder is
 * JSON.stringify's own wrapper, level 0).
 */
function storable(key, v) {
  const out = storableValue.call(this, key, v);
  // A boxed string, number or boolean is written as its primitive (no level).
  if (out !== null && typeof out === "object" && !(out instanceof String || out instanceof Number || out instanceof Boolean)) {
    const level = (depths.get(this) ?? 0) + 1;
    depths.set(out, level);
    if (level > deepest) deepest = level;
  }
  return out;
}
let depths = new WeakMap();
let deepest = 0;

function storableValue(key, v) {
  switch (typeof v) {
    case "string":
      return setAside(v);
    case "undefined":
      return { lc: 2, type: "undefined" };
    case "number":
      if (!Number.isFinite(v)) throw new Refused("a non-finite number");
      return v;
    case "function":
    case "symbol":
    case "bigint":
      throw new Refused(typeof v);
  }
  if (v === null || typeof v !== "object") return v;
  if (v instanceof Set) return record("Set", null, [[...v]]);
  if (v instanceof Map) return record("Map", null, [[...v]]);
  if (v instanceof RegExp) return record("RegExp", null, [v.source, v.flags]);
  if (v instanceof Error) return record("Error", null, [v.message]);
  if (v instanceof Uint8Array) return record("Uint8Array", "from", [Array.from(v)]);
  if (v.lg_name === "Send") return { node: v.node, args: v.args };
  if (v.lc === 1 && v.type === "constructor") noteLangChainValue(this[key]);
  return v;
}

/**
 * The value as JSON text (after `prefix`) in the storage format, or `[path, found]` for what
 * cannot be stored. One `JSON.stringify`, as LangGraph.js's serializer does; when it refuses, a
 * slower walk finds where. The engine may keep the text as it is, unparsed: its depth is checked
 * here. Long strings are set aside (`{text, longs}`: see `LONG_STRING`), unless `inlineAll`.
 * @returns {string | {text: string, longs: string[]} | [string, string]}
 */
function encode(value, prefix = "", inlineAll = false) {
  // A string on its own (a long one: short ones the engine copies itself, replacing unpaired
  // surrogates as every string copied into wasm is) gets the same treatment.
  if (typeof value === "string" && !isWellFormed(value)) value = toWellFormed(value);
  if (inlineAll) {
    // Not from the memos, whose texts may hold marks.
    inline = true;
    try {
      return answer(value, prefix, stringify(value));
    } catch {
      return whereEncodeFails(value);
    } finally {
      inline = false;
    }
  }
  // The same object under several keys of one save (a node writing one list to three keys):
  // the text already made.
  const object = value !== null && typeof value === "object";
  const known = object ? memo?.get(value) : undefined;
  const given = known === undefined ? undefined : answers.get(known);
  if (given?.prefix === prefix) return given.answer;
  let encoded;
  try {
    encoded = known ?? textOf(value);
  } catch {
    return whereEncodeFails(value);
  }
  const answered = answer(value, prefix, encoded);
  if (object && memo !== null && !Array.isArray(answered)) {
    memo.set(value, encoded);
    answers.set(encoded, { prefix, answer: answered });
  }
  return answered;
}

/** What `encode` answers for `value` encoded as `encoded`: its text after `prefix`, checked. */
function answer(value, prefix, encoded) {
  if (encoded.depth > MAX_DEPTH) return whereEncodeFails(value);
  if (encoded.text.includes("\\ud") && LONE_SURROGATE.test(encoded.text)) {
    return ["", "a string with an unpaired surrogate (text that is not valid Unicode)"];
  }
  const text = prefix + encoded.text;
  if (encoded.longs === undefined) return text;
  // Each mark must be one of `longs`: a value that holds the mark itself is written whole.
  if (marksIn(encoded.text) !== encoded.longs.length) return encode(value, prefix, true);
  return { text, longs: encoded.longs };
}

/** How many times `MARK_TEXT` occurs in `text`. */
function marksIn(text) {
  let count = 0;
  for (let at = text.indexOf(MARK_TEXT); at >= 0; at = text.indexOf(MARK_TEXT, at + MARK_TEXT.length)) count++;
  return count;
}

/** An unpaired surrogate in a string (for engines without `isWellFormed`/`toWellFormed`). */
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isWellFormed = (s) => (typeof s.isWellFormed === "function" ? s.isWellFormed() : !LONE.test(s));
const toWellFormed = (s) =>
  typeof s.toWellFormed === "function" ? s.toWellFormed() : s.replace(new RegExp(LONE.source, "g"), "\ufffd");

/**
 * An unpaired surrogate as JSON.stringify writes it (`\ud800`: a pair is written as itself),
 * after an even run of backslashes (`\\ud800` is a backslash, then text). Storage reads JSON
 * with serde_json, which refuses these: the value is refused when it is saved, not when read.
 */
const LONE_SURROGATE = /(?<!\\)(?:\\\\)*\\ud[89a-f]/;

/**
 * Text already made for an object during the current save, by identity. A save encodes a step's
 * writes and its checkpoint one after the other with no other code running in between, so the
 * same object (a message in a write and in the list it was appended to, a list a node wrote to
 * several keys, an item repeated in a list) is written once. The engine opens the memo when a
 * save starts (`beginSave`) and drops it when the save is encoded (`endSave`), before any node
 * can change what it holds: nodes may run in the same task as the save, so no later point (the
 * next microtask) would do. Outside a save, a memo lasts one value.
 */
let memo = null;
/** What `encode` answered for the encodings in `memo`, with the prefix it was asked for. */
let answers = new WeakMap();
const beginSave = () => {
  memo = new Map();
};
const endSave = () => {
  memo = null;
  answers = new WeakMap();
};

/**
 * Text made for settled values (deep-frozen plain data, see `settle`), kept for as long as the
 * value lives: a list saved at every step is made of items whose text was written once. The
 * items of what is saved are kept (and their items, down to flat data), not whole values, so
 * this holds up to about as much text as the state holds data times how deeply it nests.
 */
const settledText = new WeakMap();

/**
 * A value encoded: its `text`, how deeply it nests (`depth`), and the strings set aside from it
 * in the order of their marks (`longs`, or `undefined`). Always made here, so that every one has
 * the same shape (the code that reads them stays monomorphic).
 */
const encodedAs = (text, depth, longs) => ({ text, depth, longs });

/** One value's text in the storage format, and how deeply it nests. */
function stringify(v) {
  // A LangChain message: its record, as its `toJSON` would make it (lc-record.js).
  if (v !== null && typeof v === "object" && v.lc_serializable === true) {
    const record = constructorRecord(v);
    if (record !== undefined) {
      noteLangChainValue(v);
      v = record;
    }
  }
  depths = new WeakMap();
  deepest = 0;
  aside = [];
  const text = JSON.stringify(v, storable) ?? "null";
  return encodedAs(text, deepest, aside.length ? aside : undefined);
}

/**
 * `stringify(value)`, made from parts where that saves work: the items of a list and the values
 * of a plain object are memoised (settled ones for good), plain JSON data is written without the
 * replacer, and a `Send`'s argument is one of these values too.
 */
function textOf(value) {
  if (value === null || typeof value !== "object") return primitiveText(value);
  const info = settledness.get(value);
  // Settled data already written as an item of a list or object (a `Send`'s argument taken
  // from a list in the state, then the subgraph's input): that text. (Only items are kept.)
  const known = info > 0 || info === UNCLEAN ? settledText.get(value) : undefined;
  if (known !== undefined) return known;
  // Plain JSON data with nothing nested: one native call.
  if (info === 1) return encodedAs(JSON.stringify(value), 1, undefined);
  if (value.lg_name === "Send") {
    const args = textOf(value.args);
    return encodedAs(`{"node":${JSON.stringify(value.node)},"args":${args.text}}`, args.depth + 1, args.longs);
  }
  if (!(Array.isArray(value) || isPlainObject(value)) || typeof value.toJSON === "function") return stringify(value);
  const thisSave = memo ?? new Map();
  let depth = 0;
  let longs;
  const item = (v) => {
    let encoded;
    if (v === null || typeof v !== "object") encoded = primitiveText(v);
    else {
      const info = settledness.get(v);
      const known = info === undefined || info === UNSETTLED ? thisSave : settledText;
      encoded = known.get(v);
      if (encoded === undefined) {
        // `textOf` writes flat data in one native call and anything nested from its items, so
        // that they are kept too (an item of an item of the state is often a `Send`'s argument,
        // or a subgraph's input).
        encoded = textOf(v);
        known.set(v, encoded);
      }
    }
    if (encoded.depth > depth) depth = encoded.depth;
    if (encoded.longs !== undefined) {
      longs ??= [];
      for (const long of encoded.longs) longs.push(long);
    }
    return encoded.text;
  };
  let text;
  if (Array.isArray(value)) {
    // By index, not `map`: a hole is `undefined` here, as JSON.stringify hands it to the replacer.
    const parts = new Array(value.length);
    for (let i = 0; i < value.length; i++) parts[i] = item(value[i]);
    text = `[${parts.join(",")}]`;
  } else {
    const parts = [];
    for (const key of Object.keys(value)) parts.push(`${JSON.stringify(key)}:${item(value[key])}`);
    text = `{${parts.join(",")}}`;
  }
  return encodedAs(text, depth + 1, longs);
}

/** A primitive's text: strings, booleans and finite numbers as JSON writes them; the rest as the replacer says. */
function primitiveText(v) {
  const type = typeof v;
  if (type === "string" && goesAside(v)) return encodedAs(MARK_TEXT, 0, [v]);
  if (type === "string" || type === "boolean" || (type === "number" && Number.isFinite(v)) || v === null) {
    return encodedAs(JSON.stringify(v), 0, undefined);
  }
  // Refused here as the replacer refuses them inside JSON.stringify; `undefined` becomes a record.
  if (type === "function" || type === "symbol") throw new Refused(type);
  return stringify(v);
}


const isPlainObject = (v) => {
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
};

const utf8 = new TextEncoder();

/** What in `value` cannot be stored, and where: `[path, found]`. */
function whereEncodeFails(value) {
  const ancestors = [];
  const keys = [];
  const walk = (v) => {
    // What JSON.stringify would hand a replacer: `toJSON` first (LangChain objects give their
    // constructor form, Dates their ISO string).
    if (v !== null && typeof v === "object" && typeof v.toJSON === "function" && !(v instanceof Uint8Array)) {
      noteLangChainValue(v);
      v = v.toJSON(keys.length ? String(keys[keys.length - 1]) : "");
    }
    switch (typeof v) {
      case "undefined":
        return { lc: 2, type: "undefined" };
      case "boolean":
      case "string":
        return v;
      case "number":
        if (!Number.isFinite(v)) refuse(`the number ${Number.isNaN(v) ? "NaN" : v > 0 ? "inf" : "-inf"}`);
        return v;
      case "function":
        refuse("a function");
      case "symbol":
        refuse("a symbol");
      case "bigint":
        refuse("a BigInt");
    }
    if (v === null) return null;
    if (ancestors.includes(v)) refuse("a cyclic reference");
    if (ancestors.length >= MAX_DEPTH) refuse(`nesting deeper than ${MAX_DEPTH} levels`);
    ancestors.push(v);
    let out;
    if (v instanceof Set) out = record("Set", null, [[...v].map((item, i) => at(i, item))]);
    else if (v instanceof Map) out = record("Map", null, [[...v].map(([k, item], i) => [at(i, k), at(i, item)])]);
    else if (v instanceof RegExp) out = record("RegExp", null, [v.source, v.flags]);
    else if (v instanceof Error) out = record("Error", null, [v.message]);
    else if (v instanceof Uint8Array) out = record("Uint8Array", "from", [Array.from(v)]);
    else if (v.lg_name === "Send") out = { node: at("node", v.node), args: at("args", v.args) };
    else if (Array.isArray(v)) out = v.map((item, i) => at(i, item));
    else {
      out = {};
      for (const k of Object.keys(v)) {
        Object.defineProperty(out, k, { value: at(k, v[k]), enumerable: true, writable: true, configurable: true });
      }
    }
    ancestors.pop();
    return out;
  };
  const at = (key, v) => {
    keys.push(key);
    const out = walk(v);
    keys.pop();
    return out;
  };
  try {
    walk(value);
    // The walk found nothing: it was something only JSON.stringify minds.
    return ["", "a value JSON.stringify refuses"];
  } catch (e) {
    if (e instanceof Refused) return [pathOf(keys), e.found];
    return [pathOf(keys), `a value that threw while it was read (${describe(e)})`];
  }
}

const isRecord = (v, type) => v !== null && typeof v === "object" && v.lc === 2 && v.type === type;

/** A stored `lc: 2` constructor record as its value, or the record itself when it is not one we wrote. */
function reviveConstructor(r) {
  const name = Array.isArray(r.id) && r.id.length === 1 ? r.id[0] : undefined;
  const args = Array.isArray(r.args) ? r.args : [];
  try {
    if (name === "Set" && Array.isArray(args[0])) return new Set(args[0]);
    if (name === "Map" && Array.isArray(args[0]) && args[0].every((e) => Array.isArray(e) && e.length === 2)) {
      return new Map(args[0]);
    }
    if (name === "RegExp" && typeof args[0] === "string" && typeof args[1] === "string") return new RegExp(args[0], args[1]);
    if (name === "Error" && typeof args[0] === "string") return new Error(args[0]);
    if (name === "Uint8Array" && Array.isArray(args[0]) && args[0].every((b) => Number.isInteger(b) && b >= 0 && b < 256)) {
      return new Uint8Array(args[0]);
    }
  } catch {
    // An invalid record stays data.
  }
  return r;
}

/** A LangChain object in its constructor form as an instance of its class, when the class is known. */
function reviveLangChain(r) {
  const Class = langchainClass(r.id);
  if (!Class) return r;
  try {
    return new Class(r.kwargs ?? {});
  } catch {
    return r;
  }
}

/** Stored JSON (already parsed) with its records revived, bottom-up. */
function revive(v) {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i]);
    return v;
  }
  for (const k of Object.keys(v)) v[k] = revive(v[k]);
  if (v.lc === 2) {
    if (v.type === "undefined") return undefined;
    if (v.type === "constructor") return reviveConstructor(v);
  }
  if (v.lc === 1 && v.type === "constructor" && Array.isArray(v.id)) return reviveLangChain(v);
  return v;
}

/** JSON text from the engine as a JS value: parsed, and revived when it holds stored records. */
function decode(text) {
  const value = JSON.parse(text);
  return text.includes('"lc":') ? revive(value) : value;
}

/**
 * What `freeze` found a plain object or array to be, known for good once it has walked it (a
 * frozen container cannot change what it holds):
 * - a number ≥ 1: plain JSON data all the way down (strings, booleans, finite numbers, null),
 *   nested that deeply; it is written by `JSON.stringify` alone;
 * - `UNCLEAN`: frozen all the way down, holding no class instance, but with values the storage
 *   format writes as records (`undefined`), refuses (non-finite numbers) or sets aside (long
 *   strings);
 * - `UNSETTLED`: it holds a class instance (or a function, or itself), which may change.
 * Anything but `UNSETTLED` always encodes to the same text.
 */
const settledness = new WeakMap();
const UNCLEAN = -1;
const UNSETTLED = -2;

/** Deep-freezes plain objects and arrays (class instances are left as they are, and not entered). */
function freeze(v) {
  settle(v);
  return v;
}

/** `freeze(v)`; what `v` is now: as `settledness` says, a primitive being JSON data (0) or not. */
function settle(v) {
  const type = typeof v;
  if (v === null || type === "boolean") return 0;
  // A long string is set aside when it is written, which JSON.stringify alone does not do.
  if (type === "string") return v.length < LONG_STRING ? 0 : UNCLEAN;
  if (type === "number") return Number.isFinite(v) ? 0 : UNCLEAN;
  if (type === "function") return UNSETTLED;
  if (type !== "object") return UNCLEAN;
  const known = settledness.get(v);
  if (known !== undefined) return known;
  const proto = Object.getPrototypeOf(v);
  const plain = Array.isArray(v) || proto === null || Object.getPrototypeOf(proto) === null;
  if (!plain) {
    noteLangChainValue(v);
    return UNSETTLED;
  }
  // Frozen by someone else, its items may not be: entered all the same (once). Marked first, so
  // that a cycle reads as unsettled.
  Object.freeze(v);
  settledness.set(v, UNSETTLED);
  let found = 1;
  if (Array.isArray(v)) {
    // By index (a list's keys as strings cost more than its walk). A hole reads as `undefined`,
    // which the storage format writes as a record, as it writes an `undefined` item.
    for (let i = 0; i < v.length; i++) found = holding(found, settle(v[i]));
  } else {
    for (const k of Object.keys(v)) found = holding(found, settle(v[k]));
  }
  settledness.set(v, found);
  return found;
}

/** What a container found to be `found` so far is once it also holds an item that is `child`. */
function holding(found, child) {
  if (child === UNSETTLED || found === UNSETTLED) return UNSETTLED;
  if (child === UNCLEAN || found === UNCLEAN) return UNCLEAN;
  return Math.max(found, child + 1);
}

/** What a container is when it holds the items of two containers that are `a` and `b`. */
function joined(a, b) {
  if (a === UNSETTLED || b === UNSETTLED) return UNSETTLED;
  if (a === UNCLEAN || b === UNCLEAN) return UNCLEAN;
  return Math.max(a, b);
}

/**
 * Freezes a reducer's `result` (as `freeze` does) and says whether it grew from `base`, the
 * channel's value it was given (see `grown`). A result that is `base` with items appended
 * (what `append`, `add` and most `messages` updates return) is settled from `base`'s settledness
 * and its new items alone, so a list that grows at every step is walked once, not at every step;
 * when the new items are exactly a list the update settled already, from the two lists' alone.
 * (Non-index properties of such a list are not walked: JSON, and so the saved state, has none.)
 */
function freezeReduced(result, base, update) {
  const from = appendedFrom(result, base);
  const known = from >= 0 ? settledness.get(base) : undefined;
  if (known === undefined || settledness.has(result)) {
    settle(result);
    return grown(result, from, update);
  }
  const answer = grown(result, from, update);
  // Its new items are the update's, each settled when the update was (one WeakMap read per
  // item, a tenth of a microsecond, was most of a wide state's reducer calls).
  const added = answer & 1 ? settledness.get(update) : undefined;
  Object.freeze(result);
  if (added !== undefined) {
    settledness.set(result, joined(known, added));
    return answer;
  }
  settledness.set(result, UNSETTLED);
  let found = known;
  for (let i = from; i < result.length; i++) {
    // A hole is `undefined`, which the storage format writes as a record.
    found = holding(found, i in result ? settle(result[i]) : UNCLEAN);
  }
  settledness.set(result, found);
  return answer;
}

/**
 * `freezeReduced`'s answer: −1 when the result did not grow from its base; else `2 × from`, plus 1
 * when the new items are exactly `update`'s (a node's list of new messages, appended): a checkpoint
 * then stores the text of that write for them.
 */
function grown(result, from, update) {
  if (from < 0) return -1;
  if (!Array.isArray(update) || result.length - from !== update.length) return 2 * from;
  for (let i = 0; i < update.length; i++) if (result[from + i] !== update[i] || !(i in update)) return 2 * from;
  return 2 * from + 1;
}

/** Built-in reducers of JS graphs, on JS values (the Rust ones work on JSON, for native graphs). */
const reducers = {
  append(current, update) {
    const base = current === undefined || current === null ? [] : current;
    if (!Array.isArray(base)) throw new TypeError(`the append reducer needs a list, got ${typeof base}`);
    return Array.isArray(update) ? [...base, ...update] : [...base, update];
  },
  add(current, update) {
    if (current === undefined || current === null) return update;
    if (Array.isArray(current) && Array.isArray(update)) return [...current, ...update];
    if (typeof current === "number" && typeof update === "number") return current + update;
    if (typeof current === "string" && typeof update === "string") return current + update;
    throw new TypeError(`the add reducer cannot add ${kindOf(update)} to ${kindOf(current)}`);
  },
  merge(current, update) {
    const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
    if (current === undefined || current === null) current = {};
    if (!isObject(current) || !isObject(update)) {
      throw new TypeError(`the merge reducer needs objects, got ${kindOf(current)} and ${kindOf(update)}`);
    }
    return { ...current, ...update };
  },
  messages: messagesStateReducer,
};

function kindOf(v) {
  return v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/**
 * Where `result` starts to differ from `base` when it is `base` with items appended (both lists,
 * `base`'s items in place): `base.length`; else -1. A checkpoint then stores the new items alone.
 */
function appendedFrom(result, base) {
  if (!Array.isArray(result) || !Array.isArray(base) || result.length < base.length) return -1;
  for (let i = 0; i < base.length; i++) if (result[i] !== base[i]) return -1;
  return base.length;
}

/**
 * Writes `text` into `view` (wasm memory the engine set aside for it) as UTF-8: the bytes written,
 * or -1 when they did not fit.
 */
function encodeInto(text, view) {
  const { read, written } = utf8.encodeInto(text, view);
  return read === text.length ? written : -1;
}

/**
 * `object[key] = value`, for the engine's plain objects (a node's state, a value holding
 * handles): what `Reflect.set` does there (a setter an app put on `Object.prototype` runs; one
 * that throws, or a read-only property inherited, leaves the key unset without a word), about six
 * times faster in V8, which does not optimise `Reflect.set`. The engine never passes `"__proto__"`.
 */
function assign(object, key, value) {
  try {
    object[key] = value;
  } catch {
    // As `Reflect.set` answers `false` for a read-only key; a setter's error is swallowed as the
    // engine swallowed `Reflect.set`'s.
  }
}

/**
 * A node's update entered into its run's `values` (the engine's scope) in one crossing, as the
 * engine's `update_from_js` enters it key by key: each value frozen (`freeze`) and appended.
 * Answers `[key, code, key, code, …]` in the object's order, keys whose value is `undefined`
 * left out (JSON has no such property); `code` is the value's index, or `-1 - index` for one
 * that is not an object (the engine keeps short strings, numbers, booleans and `null` as JSON).
 * `null` sends the engine its general way, which says what is wrong: not a plain object of this
 * realm, reading it threw, or a value in LangGraph's overwrite form (`{__overwrite__: value}`).
 */
function registerUpdate(update, values) {
  try {
    if (update === null || typeof update !== "object" || Array.isArray(update)) return null;
    const proto = Object.getPrototypeOf(update);
    if (proto !== null && proto !== Object.prototype) return null;
    const entries = Object.entries(update);
    const out = [];
    for (let i = 0; i < entries.length; i++) {
      const [key, item] = entries[i];
      if (item === undefined) continue;
      if (typeof item === "object" && item !== null) {
        if (Object.hasOwn(item, OVERWRITE)) return null;
        settle(item);
        out.push(key, values.push(item) - 1);
      } else {
        out.push(key, -values.push(item));
      }
    }
    return out;
  } catch {
    return null;
  }
}
const OVERWRITE = "__overwrite__";

/** What the wasm engine calls (installed once, when it starts). */
export const valueHelpers = { encode, encodeInto, decode, freeze, freezeReduced, assign, registerUpdate, beginSave, endSave, reducers, mark: MARK_TEXT };
