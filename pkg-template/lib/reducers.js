// The `messages` reducer of JS graphs (LangGraph's `add_messages`): messages are matched by id,
// so a node can replace an earlier message by writing one with the same id, or delete it with a
// remove message; `REMOVE_ALL_MESSAGES` clears the list. With `@langchain/core` known, message
// likes (`{role, content}`, `["user", "hi"]`, strings) become message classes and ids are set as
// LangGraph.js sets them; without it, messages stay plain objects (`{type | role, content, id}`).
import { langchainMessages } from "./langchain.js";

export const REMOVE_ALL_MESSAGES = "__remove_all__";

const uuid = () =>
  globalThis.crypto?.randomUUID?.() ??
  "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
  });

function isRemove(m, core) {
  if (core?.RemoveMessage?.isInstance?.(m)) return true;
  return m !== null && typeof m === "object" && (m.type === "remove" || m.role === "remove");
}

/** A message with an id: a class instance gets one set (as LangGraph.js does), a plain object a copy. */
function withId(m) {
  if (m.id !== undefined && m.id !== null) return m;
  const id = uuid();
  if (Object.isFrozen(m) || Object.getPrototypeOf(m) === Object.prototype || Object.getPrototypeOf(m) === null) {
    return { ...m, id };
  }
  m.id = id;
  if (m.lc_kwargs && typeof m.lc_kwargs === "object") m.lc_kwargs.id = id;
  return m;
}

function toMessage(m, core) {
  if (core?.coerceMessageLikeToMessage && !core.BaseMessage?.isInstance?.(m)) {
    return core.coerceMessageLikeToMessage(m);
  }
  if (typeof m === "string") return { type: "human", content: m };
  if (m === null || typeof m !== "object" || Array.isArray(m)) {
    throw new TypeError(`a message must be an object or a string, got ${m === null ? "null" : Array.isArray(m) ? "a list" : typeof m}`);
  }
  return m;
}

export function messagesReducer(left, right) {
  const core = langchainMessages();
  const leftMessages = (Array.isArray(left) ? left : left === undefined || left === null ? [] : [left]).map((m) =>
    withId(toMessage(m, core)),
  );
  const rightMessages = (Array.isArray(right) ? right : [right]).map((m) => withId(toMessage(m, core)));
  let removeAll = -1;
  rightMessages.forEach((m, i) => {
    if (isRemove(m, core) && m.id === REMOVE_ALL_MESSAGES) removeAll = i;
  });
  if (removeAll !== -1) return rightMessages.slice(removeAll + 1);
  const merged = [...leftMessages];
  const index = new Map(merged.map((m, i) => [m.id, i]));
  const removed = new Set();
  for (const m of rightMessages) {
    const at = index.get(m.id);
    if (at !== undefined) {
      if (isRemove(m, core)) removed.add(m.id);
      else {
        removed.delete(m.id);
        merged[at] = m;
      }
    } else {
      if (isRemove(m, core)) throw new Error(`Attempting to delete a message with an ID that doesn't exist ('${m.id}')`);
      index.set(m.id, merged.length);
      merged.push(m);
    }
  }
  return removed.size ? merged.filter((m) => !removed.has(m.id)) : merged;
}
