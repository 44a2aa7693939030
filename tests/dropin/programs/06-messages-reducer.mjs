// messagesStateReducer (addMessages) on its own: appending, ids for new messages, replacing by
// id, RemoveMessage, REMOVE_ALL_MESSAGES, and message-likes coerced to classes.
import { messagesStateReducer, addMessages, REMOVE_ALL_MESSAGES } from "@langchain/langgraph";
import { AIMessage, HumanMessage, RemoveMessage, AIMessageChunk } from "@langchain/core/messages";
import { show, attempt } from "./support/show.mjs";

const history = [new HumanMessage({ content: "hi", id: "1" }), new AIMessage({ content: "hello", id: "2" })];

show("append", messagesStateReducer(history, [new HumanMessage({ content: "how are you?", id: "3" })]));
show("same function", messagesStateReducer === addMessages);
show("replace by id", messagesStateReducer(history, new AIMessage({ content: "HELLO", id: "2" })));
show("remove", messagesStateReducer(history, [new RemoveMessage({ id: "1" })]));
show("remove all", messagesStateReducer(history, [new RemoveMessage({ id: REMOVE_ALL_MESSAGES }), new HumanMessage({ content: "fresh", id: "9" })]));
const fresh = messagesStateReducer([], [new HumanMessage("no id")]);
show("an id is given", [typeof fresh[0].id, fresh[0].id.length]);
show("dicts become classes", messagesStateReducer([], [{ role: "user", content: "u", id: "a" }, { type: "ai", content: "x", id: "b" }, ["human", "tuple"]]).map((m) => [m.constructor.name, m.content]));
show("chunks become messages", messagesStateReducer([], [new AIMessageChunk({ content: "partial", id: "c" })]).map((m) => m.constructor.name));
await attempt("remove unknown", () => messagesStateReducer(history, [new RemoveMessage({ id: "nope" })]));
