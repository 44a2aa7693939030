// The `tasks`, `checkpoints` and `debug` stream modes in LangGraph.js's shapes. The engine
// streams each event with the facts it knows (the server's payloads are made from the same
// events); this file adds what only the JS side knows — the caller's run config and the nodes'
// `addNode(…, { metadata })` — and lays each payload out as LangGraph.js 1.x does:
// - a task starting: `{ id, name, input, triggers, interrupts, metadata? }`, `metadata` being the
//   task's config metadata without LangGraph's own keys, plus the run's tags;
// - a task's result: `{ id, name, result, interrupts, error }` (`result` `{}` when it wrote no
//   state key, `error` `{ message, name }` or null);
// - a checkpoint: `{ config, values, metadata, next, tasks, parentConfig }`, `config` being the
//   whole run config (`configurable`, `metadata`, `recursion_limit`, `tags`, …) at that
//   checkpoint, and each task `{ id, name, path, (error,) interrupts, (state,) result }`;
// - `debug`: those wrapped as `{ step, type, timestamp, payload }`.

const MODES = new Set(["tasks", "checkpoints", "debug"]);

/** LangGraph's metadata keys that a task's payload leaves out (they repeat the task's fields). */
const EXCLUDED_METADATA_KEYS = new Set([
  "thread_id",
  "checkpoint_id",
  "checkpoint_ns",
  "checkpoint_map",
  "langgraph_step",
  "langgraph_node",
  "langgraph_triggers",
  "langgraph_path",
  "langgraph_checkpoint_ns",
]);

/** `configurable` keys that LangGraph.js copies into a run's metadata (unless set there). */
const PROPAGATED_KEYS = ["thread_id", "checkpoint_id", "checkpoint_ns", "task_id", "run_id", "assistant_id", "graph_id"];

/** A run's metadata as LangGraph.js's loop has it: `ls_integration`, the caller's, then copied `configurable` keys. */
function runMetadata(config) {
  const given = config.metadata !== null && typeof config.metadata === "object" ? config.metadata : {};
  const metadata = { ls_integration: "langgraph", ...given };
  const configurable = config.configurable ?? {};
  for (const key of PROPAGATED_KEYS) {
    if (key in given) continue;
    if (configurable[key] !== undefined) metadata[key] = configurable[key];
  }
  return metadata;
}

/** The run's tags without LangGraph's internal `seq:step…` ones; undefined when none is left. */
function userTags(tags) {
  const kept = (tags ?? []).filter((tag) => !String(tag).startsWith("seq:step"));
  return kept.length > 0 ? kept : undefined;
}

/** The engine's error record (`{ error: name, message }`) as LangGraph.js writes a task's error. */
function taskError(error) {
  if (error === null || error === undefined) return null;
  return { message: error.message, name: error.error };
}

/** A task's path as LangGraph.js gives it (a `Send`'s carries `false`: it is not a functional-API call). */
function taskPath(path) {
  return path[0] === "__pregel_push" && path.length === 2 ? [...path, false] : path;
}

/**
 * For a run streamed with `config` whose modes include `tasks`, `checkpoints` or `debug`: a
 * function that gives each streamed item of those modes its LangGraph.js payload (other items
 * pass as they are). Undefined for other runs. `graph` is the compiled graph that runs.
 */
export function debugPayloads(graph, config) {
  const modes = config?.streamMode;
  const asList = Array.isArray(modes);
  if (!(asList ? modes.some((m) => MODES.has(m)) : MODES.has(modes))) return undefined;
  const subgraphs = Boolean(config.subgraphs);
  const shaper = new PayloadShaper(graph, config);
  return (item) => {
    let namespace = [];
    let mode = modes;
    let data = item;
    if (subgraphs && asList) [namespace, mode, data] = item;
    else if (subgraphs) [namespace, data] = item;
    else if (asList) [mode, data] = item;
    if (!MODES.has(mode)) return item;
    const payload = shaper.payload(namespace, mode, data);
    if (subgraphs && asList) return [namespace, mode, payload];
    if (subgraphs) return [namespace, payload];
    if (asList) return [mode, payload];
    return payload;
  };
}

class PayloadShaper {
  /** Reads what it needs of `config` now, as LangGraph.js copies a run's config when it starts. */
  constructor(graph, config) {
    this.graph = graph;
    this.metadata = runMetadata(config);
    this.tags = [...(config.tags ?? [])];
    this.userTags = userTags(this.tags);
    this.configurable = { ...(config.configurable ?? {}) };
    this.callbacks = config.callbacks ?? undefined;
    this.maxConcurrency = config.maxConcurrency ?? undefined;
    this.recursionLimit = config.recursionLimit ?? config.recursion_limit ?? 25;
    this.runName = config.runName ?? undefined;
  }

  payload(namespace, mode, data) {
    if (mode === "checkpoints") return this.checkpoint(namespace, data);
    if (mode === "tasks") return this.task(namespace, data);
    const payload = data.type === "checkpoint" ? this.checkpoint(namespace, data.payload) : this.task(namespace, data.payload);
    return { step: data.step, type: data.type, timestamp: data.timestamp, payload };
  }

  /** A task starting, or its result (which has `result`). */
  task(namespace, task) {
    if ("result" in task) {
      return { id: task.id, name: task.name, result: task.result ?? {}, interrupts: task.interrupts, error: taskError(task.error) };
    }
    const payload = { id: task.id, name: task.name, input: task.input, triggers: task.triggers, interrupts: task.interrupts };
    const metadata = this.taskMetadata(namespace, task.name);
    if (metadata !== undefined) payload.metadata = metadata;
    return payload;
  }

  /**
   * A task's config metadata as LangGraph.js forwards it: the run's metadata, then the
   * `addNode` metadata of each subgraph node on the way down (a subgraph's tasks inherit their
   * parent task's config) and of the task's node, without LangGraph's own keys; the run's tags.
   */
  taskMetadata(namespace, name) {
    const metadata = { ...this.metadata };
    const graph = this.walkDown(namespace, (node, nodeMetadata) => Object.assign(metadata, nodeMetadata));
    Object.assign(metadata, graph?._drawn?.nodes?.[name]?.metadata);
    for (const key of EXCLUDED_METADATA_KEYS) delete metadata[key];
    if (this.userTags !== undefined) metadata.tags = this.userTags;
    return Object.keys(metadata).length > 0 ? metadata : undefined;
  }

  checkpoint(namespace, checkpoint) {
    const own = checkpoint.config.configurable;
    const parent = checkpoint.parent_config?.configurable;
    const task = checkpoint.parent_task;
    let parentConfig;
    // The checkpoint the run started from: its parent's config is the saver's.
    if (parent !== undefined && checkpoint.loaded) parentConfig = { configurable: { ...parent } };
    else if (parent !== undefined) parentConfig = this.runConfig(namespace, parent, task);
    return {
      config: this.runConfig(namespace, own, task),
      values: checkpoint.values,
      metadata: checkpoint.metadata,
      next: checkpoint.next,
      tasks: checkpoint.tasks.map((t) => this.checkpointTask(t)),
      parentConfig,
    };
  }

  /** A checkpoint's planned task, with what was saved for it. */
  checkpointTask(task) {
    const base = { id: task.id, name: task.name, path: taskPath(task.path) };
    if (task.error !== undefined && task.error !== null) {
      return { ...base, error: taskError(task.error), interrupts: task.interrupts, result: task.result };
    }
    const payload = { ...base, interrupts: task.interrupts };
    if (task.state !== undefined && task.state !== null) payload.state = task.state;
    payload.result = task.result;
    return payload;
  }

  /**
   * The run config at a checkpoint, as LangGraph.js's loop formats it (Python's key names): the
   * caller's config with `configurable` naming the thread, namespace and checkpoint. A
   * subgraph's loop runs with the config of the task that runs it (`task`, from the engine):
   * named after its node, with the task's `checkpoint_map` and its config metadata.
   */
  runConfig(namespace, ids, task) {
    const out = {};
    if (this.callbacks !== undefined) out.callbacks = this.callbacks;
    out.configurable = {
      ...this.configurable,
      thread_id: ids.thread_id,
      checkpoint_ns: ids.checkpoint_ns,
      checkpoint_id: ids.checkpoint_id,
    };
    if (task !== undefined) out.configurable.checkpoint_map = task.checkpoint_map;
    if (this.maxConcurrency !== undefined) out.max_concurrency = this.maxConcurrency;
    out.metadata = task === undefined ? this.metadata : this.subgraphMetadata(namespace, task, ids.checkpoint_ns);
    out.recursion_limit = this.recursionLimit;
    const runName = task === undefined ? this.runName : namespace[namespace.length - 1]?.split(":")[0];
    if (runName !== undefined) out.run_name = runName;
    out.tags = this.tags;
    return out;
  }

  /**
   * The config metadata of the task that runs the subgraph at `namespace`: the run's, then for
   * each level down LangGraph's keys describing the task (the innermost task's values win) and
   * its node's `addNode` metadata.
   */
  subgraphMetadata(namespace, task, ns) {
    const metadata = { ...this.metadata };
    this.walkDown(namespace, (node, nodeMetadata) => {
      Object.assign(metadata, {
        langgraph_step: task.step,
        langgraph_node: node,
        langgraph_triggers: task.triggers,
        langgraph_path: taskPath(task.path),
        langgraph_checkpoint_ns: ns,
        checkpoint_ns: ns,
      });
      Object.assign(metadata, nodeMetadata);
    });
    return metadata;
  }

  /**
   * Walks `namespace` down from the run's graph: `visit(node, metadata)` for the subgraph node of
   * each level (its `addNode` metadata); returns the graph the innermost level runs.
   */
  walkDown(namespace, visit) {
    let graph = this.graph;
    for (const level of namespace) {
      const node = level.split(":")[0];
      const drawn = graph?._drawn?.nodes?.[node];
      visit(node, drawn?.metadata);
      graph = drawn?.subgraph;
    }
    return graph;
  }
}
