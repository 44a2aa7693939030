// `messagesStateReducer` (also exported as `addMessages`): LangGraph.js's reducer for chat
// histories, with its semantics.
//
// - Both sides may be one message or a list; every message gets an id (a random UUID) if it has
//   none; a message whose id is already in the history replaces that message in place; a
//   `RemoveMessage` (`{ type: "remove", id }`) deletes the message with that id, and one with the
//   id `REMOVE_ALL_MESSAGES` deletes everything before it.
// - With `@langchain/core` (see langchain.js), message-likes — `{ role | type, content }`
//   objects, `["human", "hi"]` tuples, strings — become its message classes, and chunks
//   (`AIMessageChunk`, …) their whole-message class, as LangGraph.js does. Without it, messages
//   are plain objects in the shape the LangGraph server's `add_messages` gives them (see
//   `plainMessages`); message class instances of an app's own copy are kept as they are.
import { coerceMessagesJson } from "../wasm/langgraph_wasm.js";
import { engineNow } from "./engine.js";
import { langchain, loadLangChain } from "./langchain.js";

/** The id of a `RemoveMessage` that removes every message before it. */
export const REMOVE_ALL_MESSAGES = "__remove_all__";

function uuid() {
  return globalThis.crypto.randomUUID();
}

const CHUNK_CLASS_BY_TYPE = {
  human: "HumanMessage",
  ai: "AIMessage",
  system: "SystemMessage",
  tool: "ToolMessage",
  function: "FunctionMessage",
  generic: "ChatMessage",
};

/** A message-like as a `@langchain/core` message (chunks as their whole-message class). */
function toCoreMessage(messages, like) {
  const message = messages.coerceMessageLikeToMessage(like);
  if (!messages.BaseMessageChunk?.isInstance?.(message)) return message;
  const Class = messages[CHUNK_CLASS_BY_TYPE[message._getType()]];
  if (Class === undefined) return message;
  const fields = Object.fromEntries(
    Object.entries(message).filter(([key]) => key !== "type" && key !== "tool_call_chunks" && !key.startsWith("lc_")),
  );
  return new Class(fields);
}

/** Whether `m` is a message class instance (of whichever copy of `@langchain/core`). */
const isInstance = (m) => typeof m?._getType === "function";

/** A message-like as a plain message object (no `@langchain/core`); messages stay as they are. */
function toPlainMessage(like) {
  if (isInstance(like)) return like;
  if (typeof like === "string") return { type: "human", content: like };
  if (Array.isArray(like) && like.length === 2 && typeof like[0] === "string") {
    return { type: like[0] === "user" ? "human" : like[0] === "assistant" ? "ai" : like[0], content: like[1] };
  }
  if (like === null || typeof like !== "object") {
    throw new TypeError(`a message must be an object, a string or a [role, content] pair; got ${like === null ? "null" : typeof like}`);
  }
  return { ...like };
}

/** Whether `m` is already a `@langchain/core` message (not a chunk, which is made whole). */
function isCoreMessage(core, m) {
  return core.messages.isBaseMessage(m) && !core.messages.BaseMessageChunk?.isInstance?.(m);
}

/**
 * Message-likes as plain messages, without `@langchain/core`: as the LangGraph server's
 * `add_messages` makes them (`{ role: "user", content }` → `{ content, additional_kwargs: {},
 * response_metadata: {}, type: "human", id }`), by the engine's coercion once it is loaded.
 */
function plainMessages(likes) {
  const plain = likes.map(toPlainMessage);
  const loose = plain.filter((m) => !isInstance(m));
  if (loose.length === 0 || !engineNow()) return plain;
  // Message class instances (an app's own @langchain/core, not found here) are kept as they are.
  const coerced = coerceMessagesJson(loose);
  let next = 0;
  return plain.map((m) => (isInstance(m) ? m : coerced[next++]));
}

/** `m` with an id: itself (given one if it has none), or a copy of it when it is frozen. */
function withId(m) {
  if (m.id !== null && m.id !== undefined) return m;
  const message = Object.isFrozen(m) ? { ...m } : m;
  setId(message, uuid());
  return message;
}

function messageType(message) {
  if (isInstance(message)) return message._getType();
  return message?.type ?? message?.role;
}

function isRemove(message) {
  return messageType(message) === "remove";
}

function setId(message, id) {
  message.id = id;
  if (message.lc_kwargs !== undefined && typeof message.lc_kwargs === "object") message.lc_kwargs.id = id;
}

/**
 * Merges `right` into `left` (each one message or a list): LangGraph.js's messages reducer.
 * Returns a new list; throws when a `RemoveMessage` names an id that is not in the history.
 */
export function messagesStateReducer(left, right) {
  const core = langchain();
  if (core === null) loadLangChain(); // found for next time, where the runtime can import it
  const leftList = Array.isArray(left) ? left : left == null ? [] : [left];
  const rightList = Array.isArray(right) ? right : [right];
  // The history's messages were coerced when they came in: with `@langchain/core` only plain
  // ones (revived from JSON, or written before it was known) are made classes; the others are
  // kept as the same objects (a checkpoint then stores the new messages alone). A list this
  // reducer returned, frozen since, is coerced already.
  const known = Object.isFrozen(leftList) && reduced.get(leftList) === (core !== null);
  const leftMessages = known ? leftList : coerceHistory(core, leftList);
  const rightMessages = (core === null ? plainMessages(rightList) : rightList.map((like) => toCoreMessage(core.messages, like))).map(withId);
  let removeAll;
  for (let i = 0; i < rightMessages.length; i += 1) {
    const m = rightMessages[i];
    if (isRemove(m) && m.id === REMOVE_ALL_MESSAGES) removeAll = i;
  }
  if (removeAll !== undefined) return made(rightMessages.slice(removeAll + 1), core);

  const merged = [...leftMessages];
  const indexById = new Map();
  for (let i = 0; i < merged.length; i++) indexById.set(merged[i].id, i);
  const removed = new Set();
  for (const m of rightMessages) {
    const existing = indexById.get(m.id);
    if (existing !== undefined) {
      if (isRemove(m)) removed.add(m.id);
      else {
        removed.delete(m.id);
        merged[existing] = m;
      }
    } else {
      if (isRemove(m)) throw new Error(`Attempting to delete a message with an ID that doesn't exist ('${m.id}')`);
      indexById.set(m.id, merged.length);
      merged.push(m);
    }
  }
  return made(removed.size === 0 ? merged : merged.filter((m) => !removed.has(m.id)), core);
}

/**
 * Lists this reducer returned, and whether `@langchain/core` made their messages classes: as the
 * next step's history they need no coercion once frozen (as the state freezes them), since they
 * cannot have changed.
 */
const reduced = new WeakMap();

function made(list, core) {
  reduced.set(list, core !== null);
  return list;
}

function coerceHistory(core, list) {
  return (core === null ? list : list.map((m) => (isCoreMessage(core, m) ? m : toCoreMessage(core.messages, m)))).map(withId);
}

export { messagesStateReducer as addMessages };

/** Whether `value` looks like a chat message (a `@langchain/core` message or a message dict). */
export function isMessageLike(value) {
  if (value === null || typeof value !== "object") return false;
  if (isInstance(value)) return true;
  return typeof value.content !== "undefined" && (typeof value.type === "string" || typeof value.role === "string");
}
