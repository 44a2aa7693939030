// streamMode "messages" metadata: a model called with the node's config has no `name` (the node's
// config carries no `runName` while the run has callbacks, as in LangGraph.js; a model's own
// `runName` is its name), and a message a node returns carries the node's tags: `graph:step:N`
// and then the run's tags. The node's `config.runName` is its name only when the run has no
// callbacks.
import { MessagesAnnotation, StateGraph, START } from "@langchain/langgraph";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { show, collect } from "./support/show.mjs";

const model = new FakeListChatModel({ responses: ["k"] });
const runNames = [];
const graph = new StateGraph(MessagesAnnotation)
  .addNode("model", async (state, config) => {
    runNames.push(config.runName);
    return { messages: [await model.invoke(state.messages, config)] };
  })
  .addNode("named", async (state, config) => ({ messages: [await model.withConfig({ runName: "my-model" }).invoke(state.messages, config)] }))
  .addNode("whole", () => ({ messages: [new AIMessage({ content: "whole", id: "w1" })] }))
  .addEdge(START, "model")
  .addEdge("model", "named")
  .addEdge("named", "whole")
  .compile();

const input = { messages: [new HumanMessage({ content: "hi", id: "h" })] };
const chunks = await collect(graph.stream(input, { streamMode: "messages", tags: ["run-tag", "second"] }));
show(
  "messages",
  chunks.map(([message, metadata]) => [message.content, metadata.langgraph_node, metadata.name, metadata.tags]),
);
const untagged = await collect(graph.stream(input, { streamMode: "messages" }));
show(
  "without run tags",
  untagged.map(([message, metadata]) => [message.content, metadata.name, metadata.tags]),
);
await graph.invoke(input);
show("node config runName (stream, stream, invoke)", runNames);
