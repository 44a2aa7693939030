// A tool-calling agent on StateGraph: MessagesAnnotation, a (fake) chat model with bound tools,
// ToolNode and toolsCondition; a failing tool becomes an error ToolMessage.
import { MessagesAnnotation, StateGraph, START, END } from "@langchain/langgraph";
import { ToolNode, toolsCondition } from "@langchain/langgraph/prebuilt";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { FakeToolCallingModel } from "./support/models.mjs";
import { getWeather, add, failing } from "./support/tools.mjs";
import { show } from "./support/show.mjs";

const tools = [getWeather, add, failing];
const model = new FakeToolCallingModel({
  responses: [
    new AIMessage({
      content: "",
      id: "ai-1",
      tool_calls: [
        { name: "get_weather", args: { city: "Paris" }, id: "call-1" },
        { name: "add", args: { a: 2, b: 3 }, id: "call-2" },
      ],
    }),
    new AIMessage({ content: "", id: "ai-2", tool_calls: [{ name: "flaky", args: {}, id: "call-3" }] }),
    new AIMessage({ content: "Sunny in Paris, 2 + 3 = 5, and the flaky service is down.", id: "ai-3" }),
  ],
}).bindTools(tools);

const callModel = async (state) => ({ messages: [await model.invoke(state.messages)] });

const graph = new StateGraph(MessagesAnnotation)
  .addNode("agent", callModel)
  .addNode("tools", new ToolNode(tools))
  .addEdge(START, "agent")
  .addConditionalEdges("agent", toolsCondition, ["tools", END])
  .addEdge("tools", "agent")
  .compile();

const result = await graph.invoke({ messages: [new HumanMessage({ content: "weather and sum?", id: "h-1" })] });
show("messages", result.messages.map((m) => ({ class: m.constructor.name, content: m.content, tool_call_id: m.tool_call_id, status: m.status, name: m.name, tool_calls: m.tool_calls })));
show("the model saw", model.seen);
show("toolsCondition", [toolsCondition({ messages: [new AIMessage("done")] }), toolsCondition([new AIMessage({ content: "", tool_calls: [{ name: "x", args: {}, id: "1" }] })])]);
show("ToolNode on a list", await new ToolNode(tools).invoke([new AIMessage({ content: "", tool_calls: [{ name: "add", args: { a: 1, b: 1 }, id: "c" }] })]));
