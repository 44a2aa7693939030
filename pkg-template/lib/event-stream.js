// `stream(input, { encoding: "text/event-stream" })`, as LangGraph.js encodes a run's items for an
// HTTP response: each one as the bytes of a Server-Sent Event, `event: <mode>` (`<mode>|<namespace
// parts…>` for a subgraph's) and `data: <JSON>`, LangChain messages as their dicts; checkpoints
// in the LangGraph server's layout; a failure as a last `error` event instead of a thrown error.

/** The `[namespace, mode, chunk]` of an item of a stream made with `modes` and `subgraphs`. */
function parts(item, modes, subgraphs) {
  const namespace = subgraphs ? item[0] : [];
  // What follows the namespace: `[chunk]`, or with a list of modes `[mode, chunk]`.
  const rest = subgraphs ? item.slice(1) : [item];
  if (!Array.isArray(modes)) return [namespace, modes ?? "updates", rest[0]];
  const [mode, chunk] = subgraphs ? rest : rest[0];
  return [namespace, mode, chunk];
}

/** JSON with each object that has `toDict()` (a LangChain message) as `{ ...data, type }`. */
function dictJson(value) {
  return JSON.stringify(value, function replace(key, json) {
    const raw = this[key];
    if (raw !== null && typeof raw === "object" && typeof raw.toDict === "function") {
      const { type, data } = raw.toDict();
      return { ...data, type };
    }
    return json;
  });
}

const isConfig = (config) => typeof config?.configurable === "object" && config.configurable !== null;

/** `{ thread_id, checkpoint_ns, checkpoint_id, checkpoint_map }` of a config that names a thread. */
function checkpointOf(config) {
  if (!isConfig(config) || !config.configurable.thread_id) return null;
  const { thread_id, checkpoint_ns, checkpoint_id, checkpoint_map } = config.configurable;
  return { thread_id, checkpoint_ns: checkpoint_ns || "", checkpoint_id: checkpoint_id || null, checkpoint_map: checkpoint_map || null };
}

/** A config without its callbacks and internal (`__…`) `configurable` keys. */
function plainConfig(config) {
  if (!isConfig(config)) return config;
  const configurable = Object.fromEntries(Object.entries(config.configurable).filter(([key]) => !key.startsWith("__")));
  const { callbacks: _, ...rest } = config;
  return { ...rest, configurable };
}

/** A `checkpoints` payload (or a `debug` checkpoint's) as the LangGraph server sends it. */
function serverCheckpoint(payload) {
  const { parentConfig, ...rest } = payload;
  return {
    ...rest,
    checkpoint: checkpointOf(payload.config),
    parent_checkpoint: checkpointOf(parentConfig),
    config: plainConfig(payload.config),
    parent_config: plainConfig(parentConfig),
    tasks: (payload.tasks ?? []).map((task) => {
      const checkpoint = isConfig(task.state) ? checkpointOf(task.state) : null;
      if (checkpoint === null) return task;
      const { state: _, ...kept } = task;
      return { ...kept, checkpoint };
    }),
  };
}

/**
 * The items of `iterator` (a stream made with `modes` and `subgraphs`) as Server-Sent Events:
 * an async iterator of `Uint8Array`s.
 */
export function eventStream(iterator, { modes, subgraphs }) {
  const encoder = new TextEncoder();
  const event = (name, data) => encoder.encode(`event: ${name}\ndata: ${dictJson(data)}\n\n`);
  async function* events() {
    try {
      for await (const item of { [Symbol.asyncIterator]: () => iterator }) {
        const [namespace, mode, chunk] = parts(item, modes, subgraphs);
        let data = chunk;
        if (mode === "checkpoints") data = serverCheckpoint(chunk);
        else if (mode === "debug" && chunk?.type === "checkpoint") data = { ...chunk, payload: serverCheckpoint(chunk.payload) };
        yield event(namespace.length > 0 ? `${mode}|${namespace.join("|")}` : mode, data);
      }
    } catch (error) {
      yield event("error", error instanceof Error ? { error: error.name, message: error.message } : { error: "Error", message: JSON.stringify(error) });
    }
  }
  const out = events();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => out.next(),
    async return() {
      await iterator.return();
      return out.return();
    },
  };
}
