// streamMode "messages": the tokens a chat model streams inside a node, as [chunk, metadata],
// whether the node passes its config to the model or not; a node that streams nothing but
// returns a message sends it whole; messages the run already had are not sent again.
import { MessagesAnnotation, StateGraph, START, END } from "@langchain/langgraph";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { show, collect } from "./support/show.mjs";

const model = new FakeListChatModel({ responses: ["hi there", "bye now"] });

const graph = new StateGraph(MessagesAnnotation)
  .addNode("with_config", async (state, config) => ({ messages: [await model.invoke(state.messages, config)] }))
  .addNode("without_config", async (state) => ({ messages: [await model.invoke(state.messages)] }))
  .addNode("whole", () => ({ messages: [new AIMessage({ content: "a whole message", id: "whole-1" })] }))
  .addNode("echo", (state) => ({ messages: [state.messages[0]] }))
  .addEdge(START, "with_config")
  .addEdge("with_config", "without_config")
  .addEdge("without_config", "whole")
  .addEdge("whole", "echo")
  .addEdge("echo", END)
  .compile();

const input = { messages: [new HumanMessage({ content: "hello", id: "h-1" })] };
const chunks = await collect(graph.stream(input, { streamMode: "messages" }));
show(
  "messages",
  chunks.map(([message, metadata]) => ({
    class: message.constructor.name,
    content: message.content,
    node: metadata.langgraph_node,
    step: metadata.langgraph_step,
    triggers: metadata.langgraph_triggers,
    path: metadata.langgraph_path,
    ns: metadata.langgraph_checkpoint_ns.split(":")[0],
    provider: metadata.ls_provider,
  })),
);
show("ids", chunks.map(([m]) => m.id));
show("metadata keys", [...new Set(chunks.flatMap(([, metadata]) => Object.keys(metadata)))].sort());
const mixed = await collect(graph.stream(input, { streamMode: ["updates", "messages"] }));
show("modes", mixed.map(([mode, chunk]) => (mode === "messages" ? `messages:${chunk[0].content}` : `updates:${Object.keys(chunk)}`)));
