// The SDK-shaped Client: `@langchain/langgraph-sdk`'s method surface (assistants, threads,
// runs, store) over the engine in this page or process. Options are camelCase as in the SDK
// and are sent to the engine in the server's snake_case shape.
import { ClientBuilder } from "../wasm/langgraph_wasm.js";
import { engineNow, ready } from "./engine.js";
import { threadLocks } from "./locks.js";
import { pull } from "./iterate.js";
import { CompiledStateGraph } from "./graph.js";
import { ClientStore } from "./store.js";
import { asLangGraphError, refuseOtherEntry } from "./errors.js";
import { checkSaver } from "./checkpoint.js";

function runBody(payload = {}) {
  const body = {
    input: payload.input,
    command: payload.command,
    config: payload.config,
    context: payload.context,
    metadata: payload.metadata,
    checkpoint: payload.checkpoint,
    checkpoint_id: payload.checkpointId,
    interrupt_before: payload.interruptBefore,
    interrupt_after: payload.interruptAfter,
    stream_mode: payload.streamMode,
    stream_subgraphs: payload.streamSubgraphs,
    multitask_strategy: payload.multitaskStrategy,
    if_not_exists: payload.ifNotExists,
    on_completion: payload.onCompletion,
    after_seconds: payload.afterSeconds,
    durability: payload.durability,
    checkpoint_during: payload.checkpointDuring,
  };
  // `input: null` continues the thread; an absent input too. Keep only what was given.
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

function checkpointIdOf(checkpoint) {
  if (checkpoint == null) return undefined;
  return typeof checkpoint === "string" ? checkpoint : checkpoint.checkpoint_id;
}

/** Cancels the run when `signal` aborts. */
function cancelOnAbort(client, signal, run) {
  if (!signal) return;
  // Synchronously, so that nothing the run awaits can slip in between (the run exists, so the
  // client is loaded).
  const cancel = () =>
    client._handle
      .runCancel(run.thread_id ?? undefined, run.run_id, false)
      .then(() => client._handle.flush())
      .catch(() => {});
  if (signal.aborted) cancel();
  else signal.addEventListener("abort", cancel, { once: true });
}

class AssistantsClient {
  constructor(client) {
    this._c = client;
  }
  get(assistantId) {
    return this._c._h.assistantGet(assistantId);
  }
  async create(payload = {}) {
    const { graphId, config, context, metadata, assistantId, ifExists, name, description } = payload;
    return this._c._h.assistantCreate({
      graph_id: graphId,
      config,
      context,
      metadata,
      assistant_id: assistantId,
      if_exists: ifExists,
      name,
      description,
    });
  }
  async update(assistantId, payload = {}) {
    const { graphId, config, context, metadata, name, description } = payload ?? {};
    return this._c._h.assistantUpdate(assistantId, { graph_id: graphId, config, context, metadata, name, description });
  }
  async delete(assistantId, options = {}) {
    await this._c._h.assistantDelete(assistantId, Boolean(options?.deleteThreads));
  }
  async search(query = {}) {
    const { graphId, name, metadata, limit, offset, sortBy, sortOrder, select, includePagination } = query ?? {};
    const body = { graph_id: graphId, name, metadata, limit, offset, sort_by: sortBy, sort_order: sortOrder, select };
    const assistants = await this._c._h.assistantSearch(body);
    if (!includePagination) return assistants;
    const full = assistants.length === (limit ?? 10);
    return { assistants, next: full ? String((offset ?? 0) + assistants.length) : null };
  }
  async count(query = {}) {
    const { graphId, name, metadata } = query ?? {};
    return this._c._h.assistantCount({ graph_id: graphId, name, metadata });
  }
  async getVersions(assistantId, options = {}) {
    const { metadata, limit, offset } = options ?? {};
    return this._c._h.assistantVersions(assistantId, { metadata, limit, offset });
  }
  async setLatest(assistantId, version) {
    return this._c._h.assistantSetLatest(assistantId, { version });
  }
  async getGraph(assistantId) {
    return this._c._h.assistantGraph(assistantId);
  }
  async getSchemas(assistantId) {
    return this._c._h.assistantSchemas(assistantId);
  }
  async getSubgraphs(assistantId, options = {}) {
    const { namespace, recurse } = options ?? {};
    return this._c._h.assistantSubgraphs(assistantId, namespace, Boolean(recurse));
  }
}

/**
 * A `graphs` entry as `[kind, value, defaults]`: a compiled graph, a graph factory
 * `(config) => graph | Promise<graph>`, or `{ graph, config, context }` with either.
 */
function graphEntry(graphId, entry) {
  const isGraph = (g) => {
    refuseOtherEntry(g, CompiledStateGraph, `graphs.${graphId}`);
    return g instanceof CompiledStateGraph;
  };
  if (isGraph(entry)) return ["graph", entry, undefined];
  if (typeof entry === "function") return ["factory", entry, undefined];
  if (entry && typeof entry === "object" && (isGraph(entry.graph) || typeof entry.graph === "function")) {
    const { graph, config, context } = entry;
    return [isGraph(graph) ? "graph" : "factory", graph, { config, context }];
  }
  throw new TypeError(
    `graphs.${graphId} must be a compiled graph (StateGraph#compile()), a function (config) => graph, or { graph, config, context }`,
  );
}

/** The user's factory as the engine calls it: builds the graph, then puts it in the engine's slot. */
function engineFactory(graphId, factory) {
  return async (config, slot) => {
    const graph = await factory(config);
    if (!(graph instanceof CompiledStateGraph)) {
      throw new TypeError(`the factory of graphs.${graphId} must return a compiled graph (StateGraph#compile())`);
    }
    slot.fill(graph._handle);
  };
}

class ThreadsClient {
  constructor(client) {
    this._c = client;
  }
  async create(payload = {}) {
    const { threadId, ifExists, metadata, graphId, supersteps } = payload;
    // `supersteps: [{ updates: [{ values, asNode }] }]` replays updates onto the new thread.
    const update = (u) => (u && typeof u === "object" ? { values: u.values, as_node: u.asNode, command: u.command } : u);
    const steps = Array.isArray(supersteps)
      ? supersteps.map((step) => (Array.isArray(step?.updates) ? { updates: step.updates.map(update) } : step))
      : supersteps;
    return this._c._h.threadCreate({ thread_id: threadId, if_exists: ifExists, metadata, graph_id: graphId, supersteps: steps });
  }
  async get(threadId) {
    return this._c._h.threadGet(threadId);
  }
  async update(threadId, payload = {}) {
    return this._c._h.threadUpdate(threadId, { metadata: payload?.metadata });
  }
  async delete(threadId) {
    await this._c._h.threadDelete(threadId);
  }
  async search(query = {}) {
    const { metadata, values, ids, status, limit, offset, sortBy, sortOrder } = query;
    return this._c._h.threadSearch({ metadata, values, ids, status, limit, offset, sort_by: sortBy, sort_order: sortOrder });
  }
  copy(threadId) {
    return this._c._h.threadCopy(threadId);
  }
  getState(threadId, checkpoint, options = {}) {
    const query = typeof checkpoint === "string" ? { checkpoint_id: checkpoint } : { checkpoint: checkpoint ?? undefined };
    return this._c._h.threadGetState(threadId, { ...query, subgraphs: Boolean(options?.subgraphs) });
  }
  updateState(threadId, options = {}) {
    const { values, asNode, checkpoint, checkpointId } = options;
    return this._c._h.threadUpdateState(threadId, {
      values,
      as_node: asNode,
      checkpoint_id: checkpointId ?? checkpointIdOf(checkpoint),
      checkpoint: checkpoint && typeof checkpoint === "object" ? checkpoint : undefined,
    });
  }
  getHistory(threadId, options = {}) {
    const { limit, before, metadata, checkpoint } = options;
    return this._c._h.threadGetHistory(threadId, { limit, before, metadata, checkpoint });
  }
}

class RunsClient {
  constructor(client) {
    this._c = client;
  }
  async create(threadId, assistantId, payload = {}) {
    const run = await this._c._h.runCreate(threadId ?? undefined, assistantId, runBody(payload));
    payload.onRunCreated?.({ run_id: run.run_id, thread_id: run.thread_id ?? undefined });
    cancelOnAbort(this._c, payload.signal, run);
    return run;
  }
  async wait(threadId, assistantId, payload = {}) {
    if (!payload.signal && !payload.onRunCreated) {
      return this._c._h.runWait(threadId ?? undefined, assistantId, runBody(payload));
    }
    const run = await this.create(threadId, assistantId, payload);
    return this._c._h.runJoin(run.thread_id ?? undefined, run.run_id);
  }
  /** Yields `{event, data, id?}`: `metadata` first, then one event per streamed chunk. */
  async *stream(threadId, assistantId, payload = {}) {
    const [run, events] = await this._c._h.runStream(threadId ?? undefined, assistantId, runBody(payload));
    payload.onRunCreated?.({ run_id: run.run_id, thread_id: run.thread_id ?? undefined });
    cancelOnAbort(this._c, payload.signal, run);
    yield* pull(events);
  }
  join(threadId, runId) {
    return this._c._h.runJoin(threadId, runId);
  }
  /** The run's events from after `lastEventId` (all of them by default). */
  async *joinStream(threadId, runId, options = {}) {
    const last = options.lastEventId;
    const from = last === undefined || last === "-1" ? 0 : Number(last) + 1;
    yield* pull(await this._c._h.runJoinStream(threadId, runId, from));
  }
  async get(threadId, runId) {
    return this._c._h.runGet(threadId, runId);
  }
  async list(threadId, options = {}) {
    return this._c._h.runList(threadId, options);
  }
  async cancel(threadId, runId, wait = false, action = "interrupt") {
    await this._c._h.runCancel(threadId, runId, action === "rollback");
    if (wait) await this._c._h.runJoin(threadId, runId).catch(() => {});
  }
  async delete(threadId, runId) {
    await this._c._h.runDelete(threadId, runId);
  }
}

function withCamelDates(item) {
  return item && { ...item, createdAt: item.created_at, updatedAt: item.updated_at };
}

class StoreClient {
  constructor(client) {
    this._c = client;
  }
  async putItem(namespace, key, value) {
    await this._c._h.storePut(namespace, key, value);
  }
  async getItem(namespace, key) {
    return withCamelDates(await this._c._h.storeGet(namespace, key));
  }
  async deleteItem(namespace, key) {
    await this._c._h.storeDelete(namespace, key);
  }
  async searchItems(namespacePrefix, options = {}) {
    const { filter, limit, offset, query } = options;
    const { items } = await this._c._h.storeSearch(namespacePrefix, { filter, limit, offset, query });
    return { items: items.map(withCamelDates) };
  }
  async listNamespaces(options = {}) {
    const { prefix, suffix, maxDepth, limit, offset } = options;
    return this._c._h.storeListNamespaces({ prefix, suffix, max_depth: maxDepth, limit, offset });
  }
}

/** `@langchain/langgraph-sdk`'s Client, running the given graphs in this page or process. */
export class Client {
  /**
   * @param {{graphs: Record<string, CompiledStateGraph>, checkpointer?: object,
   *   storage?: "indexeddb" | "memory", database?: string}} options
   */
  constructor({ graphs, checkpointer, storage, database = "langgraph-wasm" } = {}) {
    const graphEntries = Object.entries(graphs ?? {}).map(([graphId, entry]) => [graphId, graphEntry(graphId, entry)]);
    // The engine side is made now when the wasm is loaded (always in Node), else once it is;
    // every method waits for `_ready` either way.
    const whenEngine = (connect) => (engineNow() ? connect() : ready().then(connect));
    const newBuilder = () => {
      const builder = new ClientBuilder();
      for (const [graphId, [kind, graph, defaults]] of graphEntries) {
        if (kind === "graph") builder.addGraph(graphId, graph._handle, defaults);
        else builder.addGraphFactory(graphId, engineFactory(graphId, graph), defaults);
      }
      return builder;
    };
    if (storage !== undefined && storage !== "indexeddb" && storage !== "memory") {
      throw new TypeError(`storage must be "indexeddb" or "memory", not ${JSON.stringify(storage)}`);
    }
    if (storage === "indexeddb" && checkpointer) {
      throw new TypeError("pass either storage: \"indexeddb\" or a checkpointer, not both");
    }
    if (checkpointer) checkSaver(checkpointer, "new Client({ checkpointer })");
    if (typeof database !== "string" || database === "") {
      throw new TypeError("database must be a non-empty string");
    }
    const hasIndexedDB = typeof globalThis.indexedDB?.open === "function";
    // Browsers persist by default; Node (and pages without IndexedDB) keep threads in memory.
    const inBrowser = typeof window !== "undefined" || typeof WorkerGlobalScope !== "undefined";
    const persistent = storage === "indexeddb" || (storage === undefined && !checkpointer && inBrowser);
    /** Where this client keeps its threads: "indexeddb" or "memory". */
    this.storage = "memory";
    this.database = database;
    this._listeners = new Set();
    if (persistent && hasIndexedDB) {
      this.storage = "indexeddb";
      this._ready = whenEngine(() => {
        const builder = newBuilder();
        this._handle = builder.buildPersistent(database, threadLocks(database));
        this._listen();
        return this._handle.load().catch((error) => {
          if (storage === undefined && error?.name === "StorageUnavailableError") {
            // Private browsing modes that refuse IndexedDB: keep working, in memory, and say so.
            console.warn(`langgraph-wasm: IndexedDB is unavailable (${error.message}); threads are kept in memory only`);
            this.storage = "memory";
            this._handle = builder.build();
            this._listen();
            return;
          }
          throw error;
        });
      });
      this._channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(`langgraph-wasm:${database}`) : null;
      if (this._channel) this._channel.onmessage = ({ data }) => this._remoteChange(data);
    } else {
      if (persistent && storage === "indexeddb") {
        throw Object.assign(new Error("IndexedDB is not available here (pass storage: \"memory\")"), {
          name: "StorageUnavailableError",
        });
      }
      if (persistent) console.warn("langgraph-wasm: IndexedDB is unavailable; threads are kept in memory only");
      this._ready = Promise.resolve(
        whenEngine(() => {
          const builder = newBuilder();
          this._handle = checkpointer ? builder.buildWithCheckpointer(checkpointer._handle) : builder.build();
          this._listen();
        }),
      );
    }
    // Every call waits for the stored threads to load, and saves what it changed before it returns.
    this._h = new Proxy(
      {},
      {
        get: (_, method) => async (...args) => {
          await this._ready;
          let result;
          try {
            result = await this._handle[method](...args);
          } catch (error) {
            throw asLangGraphError(error);
          } finally {
            await this._handle.flush();
          }
          return result;
        },
      },
    );
    this.assistants = new AssistantsClient(this);
    this.threads = new ThreadsClient(this);
    this.runs = new RunsClient(this);
    this.store = new StoreClient(this);
  }

  /** Resolves once stored threads are loaded (every method waits for it anyway). */
  ready() {
    return this._ready;
  }

  /**
   * Stored records that could not be read and were moved to the database's `quarantine` store
   * (the others loaded): `[{ store, key, error, quarantined_at }]`. Empty in memory.
   */
  get quarantined() {
    return this._handle.quarantined();
  }

  /**
   * Calls `listener({ thread_id, status, deleted, remote })` whenever a thread changes, here or
   * (`remote: true`) in another tab on the same database. Returns an unsubscribe function.
   */
  onThreadChange(listener) {
    // Refused here: accepted, it would throw (and be logged) at every change instead.
    if (typeof listener !== "function") throw new TypeError("onThreadChange(listener) needs a function");
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  /** Stops listening to other tabs. */
  close() {
    this._channel?.close();
    this._channel = null;
  }

  _listen() {
    // The runs' nodes see this client's store as `config.store` (and `getStore()`).
    this._handle.setHost({ store: (this._nodeStore ??= new ClientStore(this)) });
    this._handle.onThreadChange((changes) => {
      for (const { thread_id, status } of changes) {
        const change = { thread_id, status, deleted: status === null };
        this._channel?.postMessage(change);
        this._emit({ ...change, remote: false });
      }
    });
  }

  async _remoteChange(change) {
    if (typeof change?.thread_id !== "string") return;
    try {
      await this._ready;
      await this._handle.reloadThread(change.thread_id);
    } catch (error) {
      console.warn(`langgraph-wasm: could not reload thread ${change.thread_id}: ${error?.message}`);
    }
    this._emit({ thread_id: change.thread_id, status: change.status ?? null, deleted: Boolean(change.deleted), remote: true });
  }

  _emit(change) {
    for (const listener of this._listeners) {
      try {
        listener(change);
      } catch (error) {
        console.error(error);
      }
    }
  }
}
