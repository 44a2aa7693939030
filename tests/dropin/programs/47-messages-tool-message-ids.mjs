// streamMode "messages" gives the messages a node returns without an id one of LangGraph.js's:
// `run-<run id>-tool-<tool_call_id>` for a ToolMessage, `run-<run id>-out-<index>` for the others
// (the index counts every message of the output). The ids stay in the state. ToolNode's answers
// and a function node's own ToolMessages both get them.
import { MessagesAnnotation, StateGraph, START, MemorySaver } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { getWeather } from "./support/tools.mjs";
import { show, collect } from "./support/show.mjs";

const calls = [
  { id: "call-1", name: "get_weather", args: { city: "Paris" } },
  { id: "call-2", name: "get_weather", args: { city: "Oslo" } },
];
const graph = new StateGraph(MessagesAnnotation)
  .addNode("agent", () => ({ messages: [new AIMessage({ content: "", id: "ai-1", tool_calls: calls })] }))
  .addNode("tools", new ToolNode([getWeather]))
  .addNode("manual", () => ({
    messages: [
      new AIMessage({ content: "checking" }),
      new ToolMessage({ content: "by hand", tool_call_id: "call-3" }),
      new AIMessage({ content: "done" }),
    ],
  }))
  .addEdge(START, "agent")
  .addEdge("agent", "tools")
  .addEdge("tools", "manual")
  .compile({ checkpointer: new MemorySaver() });

const config = { configurable: { thread_id: "t" }, streamMode: ["messages", "values"] };
const items = await collect(graph.stream({ messages: [new HumanMessage({ content: "hi", id: "h" })] }, config));
show(
  "streamed",
  items.filter(([mode]) => mode === "messages").map(([, [message, metadata]]) => [message.content, message.id, metadata.langgraph_node]),
);
show("last values", items.at(-1)[1].messages.map((m) => m.id));
show("saved", (await graph.getState(config)).values.messages.map((m) => [m.constructor.name, m.id]));
