// The functional API passes values on as they are: the entrypoint's input (a list of LangChain
// messages, one message, a Date, a Map), a task's arguments and a task's result keep their
// classes (`isAIMessage(reply)` works), the entrypoint may add to its input list, and `updates`
// show the task's message as a message.
import { entrypoint, task } from "@langchain/langgraph";
import { AIMessage, HumanMessage, isAIMessage } from "@langchain/core/messages";
import { show, collect } from "./support/show.mjs";

const kinds = (list) => list.map((m) => m.constructor.name);
const callModel = task("callModel", async (messages, when) => {
  show("task arguments", [kinds(messages), when instanceof Date]);
  return new AIMessage({ content: `reply to ${messages.length}`, id: "a1" });
});
const agent = entrypoint({ name: "agent" }, async (messages) => {
  show("entrypoint input", kinds(messages));
  const reply = await callModel(messages, new Date(7));
  show("task result", [isAIMessage(reply), reply.constructor.name]);
  messages.push(reply);
  return messages;
});
show("updates", await collect(agent.stream([new HumanMessage({ content: "hi", id: "h1" })], { streamMode: "updates" })));

const stamp = task("stamp", async () => ({ at: new Date(5), tags: new Set(["x"]) }));
const stamped = entrypoint({ name: "stamped" }, async () => {
  const { at, tags } = await stamp();
  return [at instanceof Date, tags instanceof Set];
});
show("task result with a Date and a Set", await stamped.invoke({}));

const echo = entrypoint({ name: "echo" }, (input) => input?.constructor?.name ?? String(input));
for (const input of [new HumanMessage({ content: "one", id: "h3" }), new Date(3), new Map([["k", 1]]), [{ a: 1 }, new AIMessage({ content: "m", id: "a2" })], [1, [2]], "text"]) {
  show("input kind", await echo.invoke(input));
}
