// The `messages` stream mode: `[message, metadata]` for each token a chat model streams inside
// a node (heard through LangChain callbacks, as LangGraph.js's StreamMessagesHandler hears them),
// and each message a node returns that the run has not streamed or read before (same id). The
// engine queues the events in order with the other modes and keeps the ids seen per run; this
// file makes the handler and the messages' JSON form (what the HTTP API sends).
import { langchain } from "./langchain.js";

function isBaseMessage(value) {
  return value !== null && typeof value === "object" && typeof value._getType === "function";
}

function isChunk(message) {
  return typeof message?.concat === "function" && /Chunk$/.test(message?.constructor?.name ?? "");
}

/** A message as the LangGraph server sends it: its fields, `type` (`AIMessageChunk` for a chunk). */
export function messageToDict(message) {
  if (!isBaseMessage(message)) return message;
  const out = {};
  for (const [key, value] of Object.entries(message)) {
    if (key.startsWith("lc_") || value === undefined || typeof value === "function") continue;
    out[key] = value;
  }
  out.type = isChunk(message) ? message.constructor.name : message._getType();
  return out;
}

/** Streams one message of a node's task (`meta` is its metadata). */
export function streamMessage(handle, message, meta, dedupe) {
  const data = [messageToDict(message), meta];
  return handle.emitMessage(data, [message, meta], message.id ?? undefined, dedupe);
}

/**
 * The callback handler a node's chat models report to, for its task `handle` and the node's
 * `config`. One per node call: it knows the task, so its events land in the task's namespace. Its
 * class extends `@langchain/core`'s `BaseCallbackHandler` (the registered or loaded one).
 *
 * A model's metadata and tags are the node's with the model call's own on top: in LangGraph.js
 * the node's are the inheritable metadata and tags of the callback manager the node gets, so a
 * model called with its own `metadata` or `tags` (or through `.withConfig`) keeps the
 * `langgraph_*` keys and the run's tags. Here the node's callbacks are a plain list of handlers
 * that carries neither, so the call's own replace the node's in LangChain's config merge: the
 * handler adds the node's back.
 */
export function messagesHandler(handle, config) {
  const core = langchain();
  const Base = core?.callbacks?.BaseCallbackHandler;
  if (Base === undefined) return undefined;
  core.handlerClass ??= class StreamMessagesHandler extends Base {
    constructor(task, config) {
      super();
      this.name = "StreamMessagesHandler";
      this.lc_prefer_streaming = true;
      this.task = task;
      this.config = config;
      this.metadatas = {};
      this.streamed = {};
      this.stableIds = {};
    }
    _emit(meta, message, runId, dedupe = false) {
      let id = message.id;
      if (runId != null) {
        if (message._getType() === "tool") id ??= `run-${runId}-tool-${message.tool_call_id}`;
        else {
          if (id == null || id === `run-${runId}`) id = this.stableIds[runId] ?? id ?? `run-${runId}`;
          this.stableIds[runId] ??= id;
        }
      }
      if (id !== message.id) {
        message.id = id;
        if (message.lc_kwargs) message.lc_kwargs.id = id;
      }
      streamMessage(this.task, message, meta, dedupe);
    }
    handleChatModelStart(_llm, _messages, runId, _parentRunId, _extraParams, tags, metadata, name) {
      if (!metadata) return;
      // As a callback manager adds tags: the call's own move to the end.
      const own = tags ?? [];
      const all = [...(this.config.tags ?? []).filter((t) => !own.includes(t)), ...own];
      if (all.some((t) => t === "nostream" || t === "langsmith:nostream")) return;
      this.metadatas[runId] = { tags: all, name, ...this.config.metadata, ...metadata };
    }
    handleLLMNewToken(token, _idx, runId, _parentRunId, _tags, fields) {
      this.streamed[runId] = true;
      const meta = this.metadatas[runId];
      if (meta === undefined) return;
      const chunk = fields?.chunk;
      const message = isBaseMessage(chunk?.message) ? chunk.message : new core.messages.AIMessageChunk({ content: token });
      this._emit(meta, message, runId);
    }
    handleLLMEnd(output, runId) {
      const meta = this.metadatas[runId];
      if (meta === undefined) return;
      if (!this.streamed[runId]) {
        const message = output?.generations?.[0]?.[0]?.message;
        if (isBaseMessage(message)) this._emit(meta, message, runId, true);
      }
      delete this.streamed[runId];
      delete this.metadatas[runId];
      delete this.stableIds[runId];
    }
    handleLLMError(_error, runId) {
      delete this.metadatas[runId];
    }
  };
  return new core.handlerClass(handle, config);
}

/** Marks the messages a node reads as seen: returning them again is not news. */
export function seeInputMessages(handle, input) {
  if (input === null || typeof input !== "object") return;
  const ids = [];
  const see = (value) => {
    if (isBaseMessage(value) && typeof value.id === "string") ids.push(value.id);
  };
  for (const value of Object.values(input)) {
    if (Array.isArray(value)) value.forEach(see);
    else see(value);
  }
  if (ids.length > 0) handle.seeMessages(ids);
}

/**
 * Streams the messages in a node's return value that the run has not seen (LangGraph's order).
 * One without an id gets LangGraph.js's (the task id stands for the node's run id), which the
 * state keeps too.
 */
export function emitOutputMessages(handle, output, meta) {
  let index = 0;
  const one = (value) => {
    if (!isBaseMessage(value)) return;
    if (value.id == null) {
      value.id =
        value._getType() === "tool" ? `run-${handle.taskId}-tool-${value.tool_call_id}` : `run-${handle.taskId}-out-${index}`;
      if (value.lc_kwargs) value.lc_kwargs.id = value.id;
    }
    streamMessage(handle, value, meta, true);
    index += 1;
  };
  const walk = (value) => {
    if (value?.lg_name === "Command") walk(value.update);
    else if (isBaseMessage(value)) one(value);
    else if (Array.isArray(value)) {
      const commands = value.some((v) => v?.lg_name === "Command");
      for (const item of value) commands ? walk(item) : one(item);
    } else if (value !== null && typeof value === "object") {
      for (const item of Object.values(value)) Array.isArray(item) ? walk(item) : one(item);
    }
  };
  walk(output);
}
