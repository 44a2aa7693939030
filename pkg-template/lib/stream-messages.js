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
function emit(handle, message, meta, dedupe) {
  const data = [messageToDict(message), meta];
  return handle.emitMessage(data, [message, meta], message.id ?? undefined, dedupe);
}

/**
 * The callback handler a node's chat models report to, for its task `handle`. One per node call:
 * it knows the task, so its events land in the task's namespace. Its class extends
 * `@langchain/core`'s `BaseCallbackHandler` (the registered or loaded one).
 */
export function messagesHandler(handle) {
  const core = langchain();
  const Base = core?.callbacks?.BaseCallbackHandler;
  if (Base === undefined) return undefined;
  core.handlerClass ??= class StreamMessagesHandler extends Base {
    constructor(task) {
      super();
      this.name = "StreamMessagesHandler";
      this.lc_prefer_streaming = true;
      this.task = task;
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
      emit(this.task, message, meta, dedupe);
    }
    handleChatModelStart(_llm, _messages, runId, _parentRunId, _extraParams, tags, metadata, name) {
      if (metadata && !(tags ?? []).some((t) => t === "nostream" || t === "langsmith:nostream")) {
        this.metadatas[runId] = { tags, name, ...metadata };
      }
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
  return new core.handlerClass(handle);
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

/** Streams the messages in a node's return value that the run has not seen (LangGraph's order). */
export function emitOutputMessages(handle, output, meta) {
  let index = 0;
  const one = (value) => {
    if (!isBaseMessage(value)) return;
    if (value.id == null) {
      value.id = `run-${handle.taskId}-out-${index}`;
      if (value.lc_kwargs) value.lc_kwargs.id = value.id;
    }
    emit(handle, value, meta, true);
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
