// createReactAgent with interruptBefore: ["tools"]: the run pauses before running tools, the
// proposed call is in the state, and invoke(null) continues.
import { MemorySaver } from "@langchain/langgraph";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { FakeToolCallingModel } from "./support/models.mjs";
import { getWeather } from "./support/tools.mjs";
import { show } from "./support/show.mjs";

const model = new FakeToolCallingModel({
  responses: [
    new AIMessage({ content: "", id: "ai-1", tool_calls: [{ name: "get_weather", args: { city: "Lima" }, id: "call-1" }] }),
    new AIMessage({ content: "Sunny in Lima.", id: "ai-2" }),
  ],
});
const agent = createReactAgent({ llm: model, tools: [getWeather], checkpointer: new MemorySaver(), interruptBefore: ["tools"] });
const config = { configurable: { thread_id: "bp" } };

const paused = await agent.invoke({ messages: [new HumanMessage({ content: "Lima?", id: "h-1" })] }, config);
show("paused", [paused.__interrupt__, paused.messages.length]);
const state = await agent.getState(config);
const last = state.values.messages[state.values.messages.length - 1];
show("next", state.next);
show("proposed", last.tool_calls);
const done = await agent.invoke(null, config);
show("done", done.messages.map((m) => [m.constructor.name, m.content]));
