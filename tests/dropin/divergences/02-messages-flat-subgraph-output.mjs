// streamMode "messages" without subgraphs: LangGraph.js emits the new messages a subgraph node
// returns (metadata.langgraph_node = the parent's node); langgraph-wasm emits nothing.
import { MessagesAnnotation, StateGraph, START } from "@langchain/langgraph";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { show, collect } from "../programs/support/show.mjs";
const inner = new StateGraph(MessagesAnnotation)
  .addNode("reply", () => ({ messages: [new AIMessage({ content: "from inner", id: "in-1" })] }))
  .addEdge(START, "reply").compile();
const outer = new StateGraph(MessagesAnnotation).addNode("sub", inner).addEdge(START, "sub").compile();
const input = { messages: [new HumanMessage({ content: "hi", id: "h" })] };
show("flat", (await collect(outer.stream(input, { streamMode: "messages" }))).map(([m, md]) => [m.content, md.langgraph_node]));
