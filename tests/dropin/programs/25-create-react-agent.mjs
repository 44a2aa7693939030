// createReactAgent with a (fake) tool-calling model, tools, a system prompt and a checkpointer:
// the agent loops through the tools until the model answers; a second turn on the same thread
// sees the history.
import { MemorySaver } from "@langchain/langgraph";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { FakeToolCallingModel } from "./support/models.mjs";
import { getWeather, add } from "./support/tools.mjs";
import { show } from "./support/show.mjs";

const model = new FakeToolCallingModel({
  responses: [
    new AIMessage({ content: "", id: "ai-1", tool_calls: [{ name: "get_weather", args: { city: "Kyoto" }, id: "call-1" }] }),
    new AIMessage({ content: "It is sunny in Kyoto.", id: "ai-2" }),
    new AIMessage({ content: "", id: "ai-3", tool_calls: [{ name: "add", args: { a: 20, b: 22 }, id: "call-2" }] }),
    new AIMessage({ content: "42.", id: "ai-4" }),
  ],
});

const agent = createReactAgent({ llm: model, tools: [getWeather, add], prompt: "You are terse.", checkpointer: new MemorySaver() });
const config = { configurable: { thread_id: "agent-1" } };

const first = await agent.invoke({ messages: [new HumanMessage({ content: "weather in Kyoto?", id: "h-1" })] }, config);
show("first", first.messages.map((m) => [m.constructor.name, m.content, m.tool_calls?.map((c) => c.name) ?? null]));
const second = await agent.invoke({ messages: [new HumanMessage({ content: "20 + 22?", id: "h-2" })] }, config);
show("second", second.messages.map((m) => [m.constructor.name, m.content]));
show("model saw", model.seen);
show("bound tools", model.boundTools);
show("nodes", Object.keys(agent.getGraph().nodes).length > 0);
