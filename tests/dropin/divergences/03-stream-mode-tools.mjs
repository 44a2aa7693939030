// streamMode "tools" (LangGraph.js 1.7.3: on_tool_start / on_tool_end / on_tool_error events
// from tools run in nodes): langgraph-wasm rejects the mode (InvalidArgumentError).
import { MessagesAnnotation, StateGraph, START } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { getWeather } from "../programs/support/tools.mjs";
import { show, collect } from "../programs/support/show.mjs";
const graph = new StateGraph(MessagesAnnotation)
  .addNode("agent", () => ({ messages: [new AIMessage({ content: "", id: "ai-1", tool_calls: [{ id: "call-1", name: "get_weather", args: { city: "Paris" } }] })] }))
  .addNode("tools", new ToolNode([getWeather]))
  .addEdge(START, "agent").addEdge("agent", "tools").compile();
try { show("tools", await collect(graph.stream({ messages: [new HumanMessage({ content: "hi", id: "h" })] }, { streamMode: "tools" }))); } catch (e) { show("threw", e); }
