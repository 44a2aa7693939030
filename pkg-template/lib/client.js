// The SDK-shaped Client: `@langchain/langgraph-sdk`'s method surface (assistants, threads,
// runs, store) over the engine in this page or process. Options are camelCase as in the SDK
// and are sent to the engine in the server's snake_case shape.
import { ClientBuilder } from "../wasm/langgraph_wasm.js";
import { pull } from "./iterate.js";
import { CompiledStateGraph } from "./graph.js";

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
  const cancel = () => client._handle.runCancel(run.thread_id ?? undefined, run.run_id, false).catch(() => {});
  if (signal.aborted) cancel();
  else signal.addEventListener("abort", cancel, { once: true });
}

class AssistantsClient {
  constructor(client) {
    this._c = client;
  }
  get(assistantId) {
    return this._c._handle.assistantGet(assistantId);
  }
  async search(query = {}) {
    const { graphId, name, metadata, limit, offset } = query;
    return this._c._handle.assistantSearch({ graph_id: graphId, name, metadata, limit, offset });
  }
  async getGraph(assistantId) {
    return this._c._handle.assistantGraph(assistantId);
  }
  async getSchemas(assistantId) {
    return this._c._handle.assistantSchemas(assistantId);
  }
  async getSubgraphs(assistantId) {
    return this._c._handle.assistantSubgraphs(assistantId);
  }
}

class ThreadsClient {
  constructor(client) {
    this._c = client;
  }
  async create(payload = {}) {
    const { threadId, ifExists, metadata, graphId } = payload;
    return this._c._handle.threadCreate({ thread_id: threadId, if_exists: ifExists, metadata, graph_id: graphId });
  }
  async get(threadId) {
    return this._c._handle.threadGet(threadId);
  }
  async update(threadId, payload = {}) {
    return this._c._handle.threadUpdate(threadId, payload.metadata ?? {});
  }
  async delete(threadId) {
    await this._c._handle.threadDelete(threadId);
  }
  async search(query = {}) {
    const { metadata, values, ids, status, limit, offset, sortBy, sortOrder } = query;
    return this._c._handle.threadSearch({ metadata, values, ids, status, limit, offset, sort_by: sortBy, sort_order: sortOrder });
  }
  copy(threadId) {
    return this._c._handle.threadCopy(threadId);
  }
  getState(threadId, checkpoint, options = {}) {
    const ns = typeof checkpoint === "object" && checkpoint !== null ? checkpoint.checkpoint_ns : undefined;
    return this._c._handle.threadGetState(threadId, checkpointIdOf(checkpoint), Boolean(options.subgraphs), ns || undefined);
  }
  updateState(threadId, options = {}) {
    const { values, asNode, checkpoint, checkpointId } = options;
    return this._c._handle.threadUpdateState(threadId, {
      values,
      as_node: asNode,
      checkpoint_id: checkpointId ?? checkpointIdOf(checkpoint),
      checkpoint: checkpoint && typeof checkpoint === "object" ? checkpoint : undefined,
    });
  }
  getHistory(threadId, options = {}) {
    const { limit, before, metadata, checkpoint } = options;
    return this._c._handle.threadGetHistory(threadId, { limit, before, metadata, checkpoint });
  }
}

class RunsClient {
  constructor(client) {
    this._c = client;
  }
  async create(threadId, assistantId, payload = {}) {
    const run = await this._c._handle.runCreate(threadId ?? undefined, assistantId, runBody(payload));
    payload.onRunCreated?.({ run_id: run.run_id, thread_id: run.thread_id ?? undefined });
    cancelOnAbort(this._c, payload.signal, run);
    return run;
  }
  async wait(threadId, assistantId, payload = {}) {
    if (!payload.signal && !payload.onRunCreated) {
      return this._c._handle.runWait(threadId ?? undefined, assistantId, runBody(payload));
    }
    const run = await this.create(threadId, assistantId, payload);
    return this._c._handle.runJoin(run.thread_id ?? undefined, run.run_id);
  }
  /** Yields `{event, data, id?}`: `metadata` first, then one event per streamed chunk. */
  async *stream(threadId, assistantId, payload = {}) {
    const [run, events] = await this._c._handle.runStream(threadId ?? undefined, assistantId, runBody(payload));
    payload.onRunCreated?.({ run_id: run.run_id, thread_id: run.thread_id ?? undefined });
    cancelOnAbort(this._c, payload.signal, run);
    yield* pull(events);
  }
  join(threadId, runId) {
    return this._c._handle.runJoin(threadId, runId);
  }
  /** The run's events from after `lastEventId` (all of them by default). */
  async *joinStream(threadId, runId, options = {}) {
    const last = options.lastEventId;
    const from = last === undefined || last === "-1" ? 0 : Number(last) + 1;
    yield* pull(this._c._handle.runJoinStream(threadId, runId, from));
  }
  async get(threadId, runId) {
    return this._c._handle.runGet(threadId, runId);
  }
  async list(threadId, options = {}) {
    return this._c._handle.runList(threadId, options);
  }
  async cancel(threadId, runId, wait = false, action = "interrupt") {
    await this._c._handle.runCancel(threadId, runId, action === "rollback");
    if (wait) await this._c._handle.runJoin(threadId, runId).catch(() => {});
  }
  async delete(threadId, runId) {
    await this._c._handle.runDelete(threadId, runId);
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
    this._c._handle.storePut(namespace, key, value);
  }
  async getItem(namespace, key) {
    return withCamelDates(this._c._handle.storeGet(namespace, key));
  }
  async deleteItem(namespace, key) {
    this._c._handle.storeDelete(namespace, key);
  }
  async searchItems(namespacePrefix, options = {}) {
    const { filter, limit, offset, query } = options;
    const { items } = this._c._handle.storeSearch(namespacePrefix, { filter, limit, offset, query });
    return { items: items.map(withCamelDates) };
  }
  async listNamespaces(options = {}) {
    const { prefix, suffix, maxDepth, limit, offset } = options;
    return this._c._handle.storeListNamespaces({ prefix, suffix, max_depth: maxDepth, limit, offset });
  }
}

/** `@langchain/langgraph-sdk`'s Client, running the given graphs in this page or process. */
export class Client {
  /**
   * @param {{graphs: Record<string, CompiledStateGraph>, checkpointer?: import("./checkpoint.js").MemorySaver}} options
   */
  constructor({ graphs, checkpointer } = {}) {
    const builder = new ClientBuilder();
    for (const [graphId, graph] of Object.entries(graphs ?? {})) {
      if (!(graph instanceof CompiledStateGraph)) {
        throw new TypeError(`graphs.${graphId} must be a compiled graph (StateGraph#compile())`);
      }
      builder.addGraph(graphId, graph._handle);
    }
    this._handle = checkpointer ? builder.buildWithCheckpointer(checkpointer._handle) : builder.build();
    this.assistants = new AssistantsClient(this);
    this.threads = new ThreadsClient(this);
    this.runs = new RunsClient(this);
    this.store = new StoreClient(this);
  }
}
