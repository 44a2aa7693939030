// streamMode "messages": a chat model called in a node with its own `metadata` or `tags` (as call
// options, through `.withConfig`, or spread over the node's config) still streams with the node's
// `langgraph_*` metadata and the run's tags: in LangGraph.js they are inherited through the
// callbacks the node gets, so the call's own metadata is added to them and its tags come after
// the run's. A `nostream` tag among the run's tags still silences the model.
import { MessagesAnnotation, StateGraph, START } from "@langchain/langgraph";
import { HumanMessage } from "@langchain/core/messages";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { show, collect } from "./support/show.mjs";

const model = new FakeListChatModel({ responses: ["ok"] });
const calls = {
  "call metadata": (state) => model.invoke(state.messages, { metadata: { extra: 1 } }),
  "withConfig metadata": (state) => model.withConfig({ metadata: { extra: 2 } }).invoke(state.messages),
  "node config spread, own metadata": (state, config) => model.invoke(state.messages, { ...config, metadata: { extra: 3 } }),
  "call tags": (state) => model.invoke(state.messages, { tags: ["x", "run-tag"] }),
  "withConfig tags and metadata": (state) => model.withConfig({ tags: ["y"], metadata: { langgraph_node: "mine" } }).invoke(state.messages),
};

for (const [label, call] of Object.entries(calls)) {
  const graph = new StateGraph(MessagesAnnotation)
    .addNode("n", async (state, config) => ({ messages: [await call(state, config)] }), { metadata: { owner: "n" } })
    .addEdge(START, "n")
    .compile();
  const input = { messages: [new HumanMessage({ content: "hi", id: "h" })] };
  const chunks = await collect(graph.stream(input, { streamMode: "messages", tags: ["run-tag", "other"], metadata: { app: "demo" } }));
  show(
    label,
    chunks.map(([message, metadata]) => [message.content, metadata]),
  );
}

const quiet = new StateGraph(MessagesAnnotation)
  .addNode("n", async (state) => ({ messages: [await model.invoke(state.messages, { tags: ["x"], metadata: { extra: 1 } })] }))
  .addEdge(START, "n")
  .compile();
const heard = await collect(quiet.stream({ messages: [new HumanMessage({ content: "hi", id: "h" })] }, { streamMode: "messages", tags: ["nostream"] }));
show("run tagged nostream", heard.map(([message, metadata]) => [message.content, metadata.tags]));
