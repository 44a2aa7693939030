import { SaverHandle } from "../wasm/langgraph_wasm.js";
import { engineNow, ready, requireEngine } from "./engine.js";
import { ENGINE_OBJECT, GraphValidationError, refuseOtherEntry } from "./errors.js";

// Both savers also have LangGraph.js's `BaseCheckpointSaver` surface (getTuple, list, put,
// putWrites, deleteThread, get, getNextVersion, getDeltaChannelHistory), so a LangGraph.js graph
// can use them as its `checkpointer`. The wasm handle converts shapes and stores; this file adds
// what is JS-side by nature: the `serde` protocol (async, user code), async generators, and
// LangGraph.js's read-time migration of pending sends.

/** LangGraph's pending-sends channel: checkpoints of format `v < 4` kept sends as its writes. */
const TASKS = "__pregel_tasks";
/** Marks a value stored through a `serde`: `{ [SERDE]: type, text }` or `{ [SERDE]: type, base64 }`. */
const SERDE = "__langgraph_wasm_serde__";

function named(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * The default `serde`: values are stored as the JSON data they are. The saver refuses, with a
 * `NotSerializableError`, anything JSON would not give back unchanged (class instances such as
 * messages, Dates, Maps, `undefined` in arrays): pass a serializer for those.
 */
const plainJsonSerializer = Object.freeze({
  async dumpsTyped(value) {
    return ["json", new TextEncoder().encode(JSON.stringify(value))];
  },
  async loadsTyped(type, data) {
    if (type !== "json") throw named("SerializerError", `plain JSON cannot load a value of type "${type}"`);
    return JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data));
  },
});

function isEnvelope(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value) && SERDE in value;
}

function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function checkSerde(serde) {
  if (typeof serde?.dumpsTyped !== "function" || typeof serde?.loadsTyped !== "function") {
    throw new TypeError("`serde` must have dumpsTyped() and loadsTyped() (LangGraph's SerializerProtocol)");
  }
  return serde;
}

/** The LangGraph.js checkpointer surface, over `this._handle` (a wasm `SaverHandle`). */
class LangGraphSaver {
  /** @param makeHandle makes the wasm handle, once the engine is loaded */
  constructor(makeHandle, serde) {
    this._makeHandle = makeHandle;
    this._made = null;
    this.serde = serde === undefined ? plainJsonSerializer : checkSerde(serde);
    if (engineNow()) this._made = makeHandle();
  }

  /** The wasm handle (made on first use; the engine must be loaded). */
  get _handle() {
    if (this._made === null) {
      requireEngine("this checkpointer");
      this._made = this._makeHandle();
    }
    return this._made;
  }

  /** The wasm handle, once the engine is loaded. */
  async _h() {
    if (this._made === null && !engineNow()) await ready();
    return this._handle;
  }

  /** A value as stored: itself under plain JSON, else a JSON envelope of `serde`'s bytes. */
  async _encode(value) {
    if (this.serde === plainJsonSerializer) return value;
    const [type, data] = await this.serde.dumpsTyped(value);
    if (typeof data === "string") return { [SERDE]: type, text: data };
    if (type === "json") {
      try {
        return { [SERDE]: type, text: strictUtf8.decode(data) };
      } catch {
        // Not UTF-8 after all: keep the bytes as they are.
      }
    }
    return { [SERDE]: type, base64: toBase64(data) };
  }

  async _decode(value) {
    if (!isEnvelope(value)) return value;
    if (this.serde === plainJsonSerializer) {
      throw named(
        "SerializerRequiredError",
        `a stored value was written through a serde (type "${value[SERDE]}"); create the saver with that serde to read it`,
      );
    }
    return this.serde.loadsTyped(value[SERDE], "text" in value ? value.text : fromBase64(value.base64));
  }

  /** The values of the channels in `newVersions`: the others are stored already. */
  async _encodeNewValues(values, newVersions) {
    const changed = Object.keys(values ?? {}).filter((k) => Object.hasOwn(newVersions ?? {}, k));
    return Object.fromEntries(await Promise.all(changed.map(async (k) => [k, await this._encode(values[k])])));
  }

  async _decodeTuple(tuple) {
    const checkpoint = tuple.checkpoint;
    for (const [channel, value] of Object.entries(checkpoint.channel_values)) {
      checkpoint.channel_values[channel] = await this._decode(value);
    }
    tuple.pendingWrites = await Promise.all(
      tuple.pendingWrites.map(async ([taskId, channel, value]) => [taskId, channel, await this._decode(value)]),
    );
    return tuple;
  }

  /**
   * LangGraph.js reads checkpoints of format `v < 4` with their parent's pending sends (writes
   * to `__pregel_tasks`) as that channel's value; so do we.
   */
  async _migratePendingSends(tuple) {
    if (!(tuple.checkpoint.v < 4) || tuple.parentConfig === undefined) return tuple;
    const parent = await (await this._h()).lgGetTuple(tuple.parentConfig);
    const sends = [];
    for (const [, channel, value] of parent?.pendingWrites ?? []) {
      if (channel === TASKS) sends.push(await this._decode(value));
    }
    const { channel_values: values, channel_versions: versions } = tuple.checkpoint;
    const known = Object.values(versions);
    values[TASKS] = sends;
    versions[TASKS] = known.length > 0 ? Math.max(...known) : this.getNextVersion(undefined);
    return tuple;
  }

  async _read(tuple) {
    return this._migratePendingSends(await this._decodeTuple(tuple));
  }

  /** The checkpoint `config` names (the thread's latest without `checkpoint_id`), or undefined. */
  async getTuple(config) {
    const tuple = await (await this._h()).lgGetTuple(config);
    return tuple === undefined ? undefined : this._read(tuple);
  }

  /** The checkpoint alone. */
  async get(config) {
    return (await this.getTuple(config))?.checkpoint;
  }

  /** Checkpoints newest first; `config` may leave out the thread or the namespace. */
  async *list(config, options = {}) {
    for (const tuple of await (await this._h()).lgList(config, options)) {
      yield await this._read(tuple);
    }
  }

  /** Stores `checkpoint` (values only for the channels in `newVersions`) as a child of `config`. */
  async put(config, checkpoint, metadata, newVersions) {
    const values = await this._encodeNewValues(checkpoint?.channel_values, newVersions);
    return (await this._h()).lgPut(config, { ...checkpoint, channel_values: values }, metadata, newVersions);
  }

  /** Stores the writes (`[channel, value]`) of task `taskId` against the checkpoint `config` names. */
  async putWrites(config, writes, taskId, taskPath = "") {
    const encoded = Array.isArray(writes)
      ? await Promise.all(writes.map(async (w) => (Array.isArray(w) ? [w[0], await this._encode(w[1])] : w)))
      : writes;
    return (await this._h()).lgPutWrites(config, encoded, taskId, taskPath);
  }

  /** Removes every checkpoint, value and write of the thread. */
  async deleteThread(threadId) {
    return (await this._h()).deleteThread(threadId);
  }

  /** Channel versions are integers: the next one is `current + 1` (1 for a new channel). */
  getNextVersion(current) {
    if (current === undefined) return 1;
    if (typeof current !== "number" || !Number.isSafeInteger(current)) {
      throw named("UnsupportedVersionError", `channel versions are integers here, not ${JSON.stringify(current)}`);
    }
    return current + 1;
  }

  /**
   * For LangGraph.js's delta channels: per channel, the writes of the checkpoints above `config`
   * (oldest first) back to the nearest one that stored a value, which is the `seed`.
   */
  async getDeltaChannelHistory({ config, channels }) {
    const open = new Set(channels);
    const blocks = Object.fromEntries(channels.map((c) => [c, []]));
    const seeds = new Map();
    let cursor = (await this.getTuple(config))?.parentConfig;
    while (cursor !== undefined && open.size > 0) {
      const tuple = await this.getTuple(cursor);
      if (tuple === undefined) break;
      for (const channel of [...open]) {
        blocks[channel].push(tuple.pendingWrites.filter((w) => w[1] === channel));
        if (Object.hasOwn(tuple.checkpoint.channel_values, channel)) {
          seeds.set(channel, tuple.checkpoint.channel_values[channel]);
          open.delete(channel);
        }
      }
      cursor = tuple.parentConfig;
    }
    const history = {};
    for (const channel of channels) {
      history[channel] = { writes: blocks[channel].reverse().flat() };
      if (seeds.has(channel)) history[channel].seed = seeds.get(channel);
    }
    return history;
  }

  /** As LangGraph's savers: a checkpointer inside a config does not serialize its storage. */
  toJSON() {
    return `[${this.constructor.name}]`;
  }
}

/**
 * `checkpointer` if it is one of this package's savers. Anything else (a LangGraph.js
 * `BaseCheckpointSaver` such as `SqliteSaver`, a plain object) is refused by name: the engine
 * cannot call out to a JS checkpointer yet.
 */
export function checkSaver(checkpointer, where) {
  if (checkpointer instanceof LangGraphSaver) return checkpointer;
  refuseOtherEntry(checkpointer, LangGraphSaver, where);
  const kind = checkpointer?.constructor?.name ?? typeof checkpointer;
  throw new GraphValidationError(
    `${where}: the checkpointer must be langgraph-wasm's MemorySaver or IndexedDBSaver; got ${kind}. ` +
      "LangGraph.js checkpointers (BaseCheckpointSaver subclasses: SqliteSaver, PostgresSaver, …) cannot be used " +
      "by this engine yet (the other way round works: our savers are LangGraph.js checkpointers)",
  );
}

Object.defineProperty(LangGraphSaver.prototype, ENGINE_OBJECT, { value: "checkpointer" });

/**
 * Keeps checkpoints in memory (for the life of the page or process). Options: `{ serde }`, or a
 * serializer itself as LangGraph.js's `new MemorySaver(serde)` takes it.
 */
export class MemorySaver extends LangGraphSaver {
  constructor(options = {}) {
    const serde = typeof options?.dumpsTyped === "function" ? options : options?.serde;
    super(() => SaverHandle.memory(), serde);
  }

  /** How many bytes the checkpoints held would take as JSON (deltas count their new items only). */
  storedBytes() {
    return this._handle.storedBytes();
  }
}

/**
 * Keeps checkpoints in the IndexedDB database `name` (default "langgraph-wasm"): they survive
 * reloads, crashes and closed tabs. One superstep is one transaction. In Node it needs an
 * IndexedDB implementation on `globalThis` (e.g. `import "fake-indexeddb/auto"`).
 */
export class IndexedDBSaver extends LangGraphSaver {
  constructor({ name = "langgraph-wasm", serde } = {}) {
    if (typeof name !== "string" || name === "") {
      throw new TypeError("IndexedDBSaver: `name` must be a non-empty string");
    }
    super(() => SaverHandle.indexedDb(name), serde);
    this.name = name;
  }
}
