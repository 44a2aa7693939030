// The functional API with a checkpointer: after an interrupt, the resumed run gets the entrypoint's
// input and a finished task's saved result back as LangChain messages (revived from the saved
// form, as LangGraph.js does) and may add to that list again, `updates` show the cached result as
// a message, and the next run on the thread gets the messages it saved from `getPreviousState()`.
import { entrypoint, task, interrupt, Command, MemorySaver, getPreviousState } from "@langchain/langgraph";
import { AIMessage, HumanMessage, isAIMessage } from "@langchain/core/messages";
import { show, collect } from "./support/show.mjs";

const kinds = (list) => list.map((m) => m.constructor.name);
let calls = 0;
const callModel = task("callModel", async (messages) => {
  calls += 1;
  return new AIMessage({ content: `reply to ${messages.length}`, id: `a${calls}` });
});

const agent = entrypoint({ name: "agent", checkpointer: new MemorySaver() }, async (messages) => {
  const previous = getPreviousState();
  show("run", { input: kinds(messages), previous: previous === undefined ? null : kinds(previous) });
  const reply = await callModel(messages);
  show("reply", [isAIMessage(reply), reply.content]);
  messages.push(reply);
  const answer = interrupt("continue?");
  messages.push(new HumanMessage({ content: answer, id: `h-${answer}` }));
  return messages;
});

const config = { configurable: { thread_id: "resume-1" } };
show("paused", Object.keys(await agent.invoke([new HumanMessage({ content: "hi", id: "h1" })], config)));
show("resumed", await collect(agent.stream(new Command({ resume: "yes" }), { ...config, streamMode: "updates" })));
show("state", kinds((await agent.getState(config)).values));
show("next run", Object.keys(await agent.invoke([new HumanMessage({ content: "again", id: "h2" })], config)));
show("task calls", calls);
