// The `messages` reducer of JS graphs (LangGraph's `add_messages`): messages are matched by id,
// so a node can replace an earlier message by writing one with the same id, or delete it with a
// remove message; `REMOVE_ALL_MESSAGES` clears the list. With `@langchain/core` known, message
// likes (`{role, content}`, `["user", "hi"]`, strings) become message classes and ids are set as
// LangGraph.js sets them; without it, they become plain objects in LangChain's message shape, as
// the LangGraph server's `add_messages` makes them (the engine's coercion, `coerceMessagesJson`).
// Messages already in the list are kept as they are: an appended list reuses their objects.
import { coerceMessagesJson } from "../wasm/langgraph_wasm.js";
import { langchainMessages } from "./langchain.js";

export const REMOVE_ALL_MESSAGES = "__remove_all__";

const uuid = () =>
  globalThis.crypto?.randomUUID?.() ??
  "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
  });

const asList = (v) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

function isRemove(m, core) {
  if (core?.RemoveMessage?.isInstance?.(m)) return true;
  return m !== null && typeof m === "object" && (m.type === "remove" || m.role === "remove");
}

/** A message class instance, with an id (set on it, as LangGraph.js does). */
function asMessage(m, core) {
  const message = core.BaseMessage?.isInstance?.(m) ? m : core.coerceMessageLikeToMessage(m);
  if (message.id === undefined || message.id === null) {
    message.id = uuid();
    if (message.lc_kwargs && typeof message.lc_kwargs === "object") message.lc_kwargs.id = message.id;
  }
  return message;
}

export function messagesReducer(left, right) {
  const core = langchainMessages();
  const current = core ? asList(left).map((m) => asMessage(m, core)) : asList(left);
  const incoming = core ? asList(right).map((m) => asMessage(m, core)) : coerceMessagesJson(asList(right));
  let removeAll = -1;
  incoming.forEach((m, i) => {
    if (isRemove(m, core) && m.id === REMOVE_ALL_MESSAGES) removeAll = i;
  });
  if (removeAll !== -1) return incoming.slice(removeAll + 1);
  const merged = [...current];
  const index = new Map(merged.map((m, i) => [m.id, i]));
  const removed = new Set();
  for (const m of incoming) {
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
