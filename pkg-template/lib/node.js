// What runs when the engine calls a JS node: the node's second argument as LangGraph.js's config
// (`configurable`, `metadata`, `callbacks`, `store`, `writer`, `signal`, `context`, `interrupt`,
// plus this package's `config`, `node`), the config made current for `getConfig()` and for
// LangChain runnables called without one, LangChain Runnables as nodes (`invoke(input, config)`),
// the `messages` stream mode, state validation (zod, StateSchema), and keeping what a node
// throws so that the caller gets that very object back.
//
// The user's function is called synchronously (the module-level `interrupt()` relies on it in
// browsers); everything this file adds before the call is synchronous too.
import { langchain, loadLangChain } from "./langchain.js";
import { attachTaskHandle, runWithConfig } from "./context.js";
import { asLangGraphError, rememberThrown } from "./errors.js";
import { emitOutputMessages, messagesHandler, seeInputMessages } from "./stream-messages.js";

/** Whether `value` is a LangChain Runnable (or anything with `invoke(input, config)`) to run as a node. */
export function isRunnableLike(value) {
  return value !== null && typeof value === "object" && typeof value.invoke === "function";
}

function isThenable(value) {
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
  return Object.fromEntries(Object.entries(configurable).filter(([, value]) => isJsonData(value)));
}

/**
 * The config a node gets (and `getConfig()` returns inside it), for the task `handle` of a run
 * whose JS-side context is `host` (undefined for a Client's run: then from the engine's config).
 */
function nodeConfig(handle, host, name) {
  const run = host?.config ?? {};
  const config = {};
  let metadata;
  let configurable;
  let callbacks = run.callbacks;
  let signal;
  const define = (key, get) => Object.defineProperty(config, key, { get, set(v) { Object.defineProperty(config, key, { value: v, writable: true, enumerable: true, configurable: true }); }, enumerable: true, configurable: true });
  config.tags = [...(run.tags ?? [])];
  define("metadata", () => {
    if (metadata === undefined) {
      const engine = handle.config;
      const thread = engine.configurable?.thread_id;
      metadata = {
        ls_integration: "langgraph",
        ...(run.metadata ?? engine.metadata ?? {}),
        ...(thread !== undefined ? { thread_id: thread } : {}),
        langgraph_step: handle.step,
        langgraph_node: name,
        langgraph_triggers: handle.triggers,
        langgraph_path: handle.path,
        langgraph_checkpoint_ns: handle.checkpointNs,
        checkpoint_ns: handle.checkpointNs,
      };
    }
    return metadata;
  });
  config.recursionLimit = run.recursionLimit ?? run.recursion_limit ?? 25;
  define("configurable", () => {
    configurable ??= {
      ...(handle.config.configurable ?? {}),
      ...(run.configurable ?? {}),
      checkpoint_ns: handle.checkpointNs,
    };
    return configurable;
  });
  define("signal", () => (signal ??= handle.signal));
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
  config.runName = name;
  define("callbacks", () => callbacks);
  // This package's extras, kept off the enumerable keys LangChain copies.
  Object.defineProperty(config, "config", { get: () => config, enumerable: false });
  Object.defineProperty(config, "node", { value: name, enumerable: false });
  Object.defineProperty(config, "taskId", { get: () => handle.taskId, enumerable: false });
  attachTaskHandle(config, handle);
  return {
    config,
    addHandler(handler) {
      callbacks = withHandler(callbacks, handler);
    },
  };
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
 * only these keys), `validators` (see `validateUpdate`).
 */
export function wrapNode(name, action, { inputKeys, validators } = {}) {
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
    const made = nodeConfig(handle, host, name);
    const { config } = made;
    const streaming = handle.streamsMessages;
    if (streaming) {
      made.addHandler(messagesHandler(handle));
      seeInputMessages(handle, input);
    }
    const finish = (output) => {
      if (output !== null && typeof output === "object" && typeof output.invoke === "function" && !runnable) {
        // A node that returns a Runnable runs it (LangGraph.js's RunnableCallable does).
        return Promise.resolve(runWithConfig(config, () => output.invoke(input, config))).then(finish);
      }
      const checked = validateUpdate(output, validators, `node "${name}"`);
      const done = (value) => {
        if (streaming) {
          emitOutputMessages(handle, value, {
            tags: [`graph:step:${handle.step}`],
            name,
            ...config.metadata,
          });
        }
        return value;
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
