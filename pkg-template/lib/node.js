// What runs when the engine calls a JS node: the node's second argument as LangGraph.js's config
// (`configurable`, `metadata`, `callbacks`, `store`, `writer`, `signal`, `context`, `interrupt`,
// plus this package's `config`, `node`), the config made current for `getConfig()` and for
// LangChain runnables called without one, LangChain Runnables as nodes (`invoke(input, config)`),
// the `messages` stream mode and `pushMessage`, state validation (zod, StateSchema), `Overwrite`s
// in the form the engine reads, and keeping what a node throws so that the caller gets that very
// object back.
//
// The user's function is called synchronously (the module-level `interrupt()` relies on it in
// browsers); everything this file adds before the call is synchronous too.
import { langchain, loadLangChain } from "./langchain.js";
import { attachTaskHandle, getConfig, linkTaskConfig, runWithConfig, taskConfig } from "./context.js";
import { asLangGraphError, rememberThrown } from "./errors.js";
import { emitOutputMessages, messagesHandler, seeInputMessages, streamMessage } from "./stream-messages.js";
import { Command } from "./types.js";

/** Whether `value` is a LangChain Runnable (or anything with `invoke(input, config)`) to run as a node. */
export function isRunnableLike(value) {
  return value !== null && typeof value === "object" && typeof value.invoke === "function";
}

export function isThenable(value) {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof value.then === "function";
}

/** The run's own callbacks plus `handler`: an array stays an array, a CallbackManager is copied. */
function withHandler(callbacks, handler) {
  if (handler === undefined) return callbacks;
  if (callbacks === undefined || callbacks === null) return [handler];
  if (Array.isArray(callbacks)) return [...callbacks, handler];
  if (typeof callbacks.copy === "function") {
    const manager = callbacks.copy();
    manager.addHandler(handler, true);
    return manager;
  }
  return [handler];
}

/** Whether `value` is JSON data (what the engine can keep), looked at no deeper than `depth`. */
function isJsonData(value, depth = 0) {
  if (value === null) return true;
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object": {
      if (depth > 64) return false;
      if (Array.isArray(value)) return value.every((v) => isJsonData(v, depth + 1));
      const proto = Object.getPrototypeOf(value);
      if (proto !== null && proto !== Object.prototype) return false;
      return Object.values(value).every((v) => v === undefined || isJsonData(v, depth + 1));
    }
    default:
      return false;
  }
}

/**
 * The `configurable` keys whose values are JSON data, which the engine keeps (and a Client's run
 * records); the others (functions, class instances) reach the nodes from the JS side only.
 */
export function engineConfigurable(configurable) {
  if (configurable === null || typeof configurable !== "object" || Array.isArray(configurable)) return configurable;
  // No prototype, as interop's JSON check makes its copies: every key (`__proto__` included) is
  // an own property by plain assignment.
  const out = Object.create(null);
  for (const key of Object.keys(configurable)) {
    const value = configurable[key];
    if (isJsonData(value)) out[key] = value;
  }
  return out;
}

/** Where a node config keeps what its lazy keys are made from (a non-enumerable slot). */
const LAZY = Symbol("langgraph-wasm.node-config");

/**
 * A lazy key's accessor: computed from the config's slot on first read (reading the engine's
 * task costs a call into wasm), replaced by a plain value when assigned. The accessors are
 * shared by every node config, so all of them have one hidden class: accessors made per call
 * gave each config a shape of its own, and every read of a config (ours, LangChain's, the
 * node's) was megamorphic.
 */
function lazyKey(key, read) {
  return {
    get() {
      return read(this[LAZY]);
    },
    set(value) {
      Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
    },
    enumerable: true,
    configurable: true,
  };
}

const METADATA = lazyKey("metadata", (lazy) => {
  if (lazy.metadata === undefined) {
    const { handle, run } = lazy;
    const engine = handle.config;
    const thread = engine.configurable?.thread_id;
    lazy.metadata = {
      ls_integration: "langgraph",
      ...(run.metadata ?? engine.metadata ?? {}),
      ...(thread !== undefined ? { thread_id: thread } : {}),
      langgraph_step: handle.step,
      langgraph_node: lazy.name,
      langgraph_triggers: handle.triggers,
      langgraph_path: handle.path,
      langgraph_checkpoint_ns: handle.checkpointNs,
      checkpoint_ns: handle.checkpointNs,
      // `addNode`'s `metadata` last, as LangGraph.js merges a node's own metadata.
      ...lazy.nodeMetadata,
    };
  }
  return lazy.metadata;
});
const CONFIGURABLE = lazyKey("configurable", (lazy) => {
  // `checkpoint_id` is there but undefined, as in LangGraph.js (`executionInfo.checkpointId` and
  // `checkpoint_map` name the step's checkpoint).
  lazy.configurable ??= linkTaskConfig(
    {
      ...(lazy.handle.config.configurable ?? {}),
      ...(lazy.run.configurable ?? {}),
      checkpoint_map: lazy.handle.checkpointMap,
      checkpoint_id: undefined,
      checkpoint_ns: lazy.handle.checkpointNs,
    },
    lazy.config,
  );
  return lazy.configurable;
});
// LangGraph.js's `executionInfo`: the task's ids, its thread, and which attempt this is (its
// `threadId` and `runId` keys are there when undefined too).
const executionInfo = (lazy) => (lazy.executionInfo ??= { threadId: undefined, runId: undefined, ...lazy.handle.executionInfo });
const EXECUTION_INFO = lazyKey("executionInfo", executionInfo);
// The task's own signal (aborted when the run drops the task), and the caller's `signal` too, as
// LangGraph.js gives nodes both at once.
const SIGNAL = lazyKey("signal", (lazy) => (lazy.signal ??= withCallerSignal(lazy.run.signal, lazy.handle.signal)));

function withCallerSignal(caller, own) {
  if (caller == null || typeof AbortSignal.any !== "function") return own;
  try {
    return AbortSignal.any([caller, own]);
  } catch {
    // Not an AbortSignal: the caller's run refused it already.
    return own;
  }
}
const CALLBACKS = lazyKey("callbacks", (lazy) => lazy.callbacks);
// This package's extras, kept off the enumerable keys LangChain copies.
const SELF = {
  get() {
    return this[LAZY].config;
  },
  enumerable: false,
};
const TASK_ID = {
  get() {
    return this[LAZY].handle.taskId;
  },
  enumerable: false,
};

/**
 * The config a node gets (and `getConfig()` returns inside it), for the task `handle` of a run
 * whose JS-side context is `host` (undefined for a Client's run: then from the engine's config).
 */
function nodeConfig(handle, host, name, nodeMetadata) {
  const run = host?.config ?? {};
  const config = {};
  const lazy = {
    handle,
    run,
    name,
    nodeMetadata,
    config,
    metadata: undefined,
    configurable: undefined,
    executionInfo: undefined,
    signal: undefined,
    callbacks: run.callbacks,
    // What `pushMessage` writes when the node returns: `{ [stateKey]: message }` each.
    pushed: undefined,
  };
  Object.defineProperty(config, LAZY, { value: lazy, enumerable: false });
  config.tags = [...(run.tags ?? [])];
  Object.defineProperty(config, "metadata", METADATA);
  config.recursionLimit = run.recursionLimit ?? run.recursion_limit ?? 25;
  Object.defineProperty(config, "configurable", CONFIGURABLE);
  Object.defineProperty(config, "signal", SIGNAL);
  config.writer = (chunk) => handle.write(chunk);
  config.interrupt = (value) => {
    try {
      return handle.interrupt(value);
    } catch (error) {
      throw asLangGraphError(error);
    }
  };
  const context = host === undefined || "context" in run ? (run.context ?? handle.context) : handle.context;
  if (context !== undefined) config.context = context;
  const store = host?.store;
  if (store !== undefined) config.store = store;
  // As in LangGraph.js: a node whose run has callbacks gets its run's child callbacks instead,
  // and no `runName` (which a model called with this config would take as its own name).
  if (run.callbacks == null) config.runName = name;
  Object.defineProperty(config, "executionInfo", EXECUTION_INFO);
  Object.defineProperty(config, "callbacks", CALLBACKS);
  Object.defineProperty(config, "config", SELF);
  Object.defineProperty(config, "node", { value: name, enumerable: false });
  Object.defineProperty(config, "taskId", TASK_ID);
  attachTaskHandle(config, handle);
  return {
    config,
    addHandler(handler) {
      lazy.callbacks = withHandler(lazy.callbacks, handler);
      delete config.runName;
    },
    /** The update with `pushMessage`'s writes before it. */
    withPushed(update) {
      return withPushedWrites(update, lazy.pushed);
    },
  };
}

/** Whether a node's output is (or holds) a Command to the parent graph. */
function toParent(output) {
  if (Array.isArray(output)) return output.some(toParent);
  return output?.lg_name === "Command" && output.graph === Command.PARENT;
}

/**
 * `update` with the writes of `pushMessage` first, as LangGraph.js applies them (they are writes
 * the task made while it ran; the node's update comes after): a list of Commands and updates,
 * which the engine applies in order.
 */
function withPushedWrites(update, pushed) {
  if (pushed === undefined) return update;
  const writes = pushed.map((write) => new Command({ update: write }));
  if (update === undefined || update === null) return writes;
  return Array.isArray(update) ? [...writes, ...update] : [...writes, update];
}

/**
 * Streams `message` in the `messages` mode now (with the node's metadata) and writes it to the
 * state's `stateKey` (`"messages"`; `null` writes nothing) when the node returns, as LangGraph.js's
 * `pushMessage` does. `options` is the node's config (or a config made from it), with `stateKey`;
 * without it, the current config. The message needs an `id`. Outside a node, nothing is streamed
 * or written. Returns the message (a message class for a dict or tuple, when `@langchain/core` is
 * found).
 */
export function pushMessage(message, options) {
  const current = getConfig();
  const lazy = taskConfig(options)?.[LAZY] ?? taskConfig(current)?.[LAZY];
  const coerce = langchain()?.messages?.coerceMessageLikeToMessage;
  const valid = typeof coerce === "function" ? coerce(message) : message;
  if (!valid?.id) throw new Error("Message ID is required.");
  if (lazy === undefined) return valid;
  if (lazy.handle.streamsMessages) streamMessage(lazy.handle, valid, { ...current?.metadata, ...options?.metadata }, false);
  const stateKey = options?.stateKey === null ? undefined : (options?.stateKey ?? "messages");
  if (stateKey) (lazy.pushed ??= []).push({ [stateKey]: valid });
  return valid;
}

const OVERWRITE = "__overwrite__";

/** Whether `value` is an `Overwrite` instance (this package's or LangGraph.js's), not its plain form. */
function isOverwriteInstance(value) {
  if (value === null || typeof value !== "object" || !Object.hasOwn(value, OVERWRITE)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto !== null && proto !== Object.prototype;
}

/**
 * A state update (an object of keys, a Command, or a list of Commands and updates, as ToolNode
 * returns) with each `Overwrite` instance in the plain form `{ __overwrite__: value }`, which is
 * what the engine reads as "replace, skip the reducer"; `update` itself when it holds none. The
 * caller's objects are not changed: what changes is copied (a Command as an object of its class).
 * Reading a hostile value (a throwing getter, a Proxy's trap) leaves `update` as it is, for the
 * engine to read again and report as an invalid update.
 */
export function plainOverwrites(update) {
  if (update === null || typeof update !== "object") return update;
  try {
    if (Array.isArray(update)) {
      if (!update.some((item) => item?.lg_name === "Command")) return update;
      const items = update.map(plainOverwrites);
      return items.every((item, i) => item === update[i]) ? update : items;
    }
    if (update.lg_name === "Command") {
      const plain = plainOverwrites(update.update);
      if (plain === update.update) return update;
      return Object.assign(Object.create(Object.getPrototypeOf(update)), update, { update: plain });
    }
    let out = update;
    for (const key of Object.keys(update)) {
      const value = update[key];
      if (!isOverwriteInstance(value)) continue;
      if (out === update) out = { ...update };
      out[key] = { [OVERWRITE]: value[OVERWRITE] };
    }
    return out;
  } catch {
    return update;
  }
}

/**
 * Checks and converts a state update with the keys' schemas (`validate` of state.js), as
 * LangGraph.js parses updates of zod and StateSchema states. Synchronous schemas give a
 * synchronous result.
 */
export function validateUpdate(update, validators, who) {
  if (validators === undefined || update === null || typeof update !== "object" || Array.isArray(update)) return update;
  if (update.lg_name === "Command") {
    if (update.update === undefined || update.update === null) return update;
    const checked = validateUpdate(update.update, validators, who);
    const apply = (u) => {
      update.update = u;
      return update;
    };
    return isThenable(checked) ? checked.then(apply) : apply(checked);
  }
  const out = { ...update };
  const pending = [];
  for (const [key, value] of Object.entries(update)) {
    const schema = validators[key];
    if (schema === undefined || value?.__overwrite__ !== undefined) continue;
    const result = schema["~standard"].validate(value);
    const settle = (r) => {
      if (r.issues) {
        const detail = r.issues.map((i) => i.message).join("; ");
        const error = new Error(`Invalid value for state key "${key}" from ${who}: ${detail}`);
        error.name = "InvalidUpdateError";
        error.issues = r.issues;
        throw asLangGraphError(error);
      }
      out[key] = r.value;
    };
    if (isThenable(result)) pending.push(result.then(settle));
    else settle(result);
  }
  return pending.length > 0 ? Promise.all(pending).then(() => out) : out;
}

/**
 * The engine-facing function of a node: `(state, handle) => update | Promise<update>`.
 * `action` is a function `(state, config)` or a Runnable. Options: `inputKeys` (the node reads
 * only these keys), `validators` (see `validateUpdate`), `metadata` (`addNode`'s, added to the
 * config's `metadata`).
 */
export function wrapNode(name, action, { inputKeys, validators, metadata } = {}) {
  const runnable = isRunnableLike(action);
  if (!runnable && typeof action !== "function") {
    throw new TypeError(`addNode("${name}", …) needs a function, a Runnable (with invoke()) or a compiled graph`);
  }
  const call = (state, handle) => {
    const host = handle.host;
    const input =
      inputKeys === undefined || state === null || typeof state !== "object"
        ? state
        : Object.fromEntries(inputKeys.filter((k) => k in state).map((k) => [k, state[k]]));
    const made = nodeConfig(handle, host, name, metadata);
    const { config } = made;
    const streaming = handle.streamsMessages;
    if (streaming) {
      made.addHandler(messagesHandler(handle, config));
      seeInputMessages(handle, input);
    }
    const finish = (output) => {
      if (output !== null && typeof output === "object" && typeof output.invoke === "function" && !runnable) {
        // A node that returns a Runnable runs it (LangGraph.js's RunnableCallable does).
        return Promise.resolve(runWithConfig(config, () => output.invoke(input, config))).then(finish);
      }
      const checked = validateUpdate(plainOverwrites(output), validators, `node "${name}"`);
      const done = (value) => {
        // A Command to the parent graph ends the node as an error does in LangGraph.js (a
        // ParentCommand), so the messages in its output are not streamed from this node.
        if (streaming && !toParent(value)) {
          emitOutputMessages(handle, value, {
            tags: [`graph:step:${handle.step}`, ...(config.tags ?? [])],
            name,
            ...config.metadata,
          });
        }
        return made.withPushed(value);
      };
      return isThenable(checked) ? checked.then(done) : done(checked);
    };
    let result;
    try {
      result = runWithConfig(config, () => (runnable ? action.invoke(input, config) : action(input, config)));
    } catch (error) {
      throw rememberThrown(error);
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(finish).catch((error) => {
        throw rememberThrown(error);
      });
    }
    try {
      return finish(result);
    } catch (error) {
      throw rememberThrown(error);
    }
  };
  return (state, handle) => {
    // A run streaming messages needs @langchain/core's callback classes: find them first (Node
    // loads them by name; a bundled app registers them), then call the node.
    if (handle.streamsMessages && langchain() === null) {
      return loadLangChain().then(() => call(state, handle));
    }
    return call(state, handle);
  };
}

/** A conditional edge's path function (or Runnable), keeping what it throws for the caller. */
export function wrapPath(path) {
  if (typeof path !== "function" && !isRunnableLike(path)) {
    throw new TypeError("addConditionalEdges(source, path) needs a function (or a Runnable) as path");
  }
  return (state) => {
    let result;
    try {
      result = typeof path === "function" ? path(state) : path.invoke(state);
    } catch (error) {
      throw rememberThrown(error);
    }
    return isThenable(result)
      ? Promise.resolve(result).catch((error) => {
          throw rememberThrown(error);
        })
      : result;
  };
}

/** A reducer function, keeping what it throws for the caller. */
export function wrapReducer(reducer) {
  return (current, update) => {
    try {
      return reducer(current, update);
    } catch (error) {
      throw rememberThrown(error);
    }
  };
}
