// `stream(input, { encoding: "text/event-stream" })` gives the run's items as Server-Sent Events
// bytes, ready for an HTTP response, as LangGraph.js does: `event: <mode>` (with the namespace for a
// subgraph's), `data: <JSON>` with LangChain messages as dicts, checkpoints in the server's layout.
// (A failing node: LangGraph.js 1.7.3's process dies of an unhandled rejection, so it is not
// compared; here the stream ends with an `error` event, as LangGraph.js's encoder means to.)
import { Annotation, MessagesAnnotation, StateGraph, START, MemorySaver } from "@langchain/langgraph";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { show } from "./support/show.mjs";

// Each event as [its name, its data parsed] (the data's key order is JSON's business), after
// checking that it is `event: …\ndata: …\n\n` bytes.
const text = async (stream) => {
  const decoder = new TextDecoder();
  const out = [];
  for await (const bytes of stream) {
    const sse = bytes instanceof Uint8Array ? decoder.decode(bytes) : `not bytes: ${JSON.stringify(bytes)}`;
    const match = /^event: (.*)\ndata: (.*)\n\n$/s.exec(sse);
    out.push(match ? [match[1], JSON.parse(match[2])] : sse);
  }
  return out;
};

const Numbers = Annotation.Root({ n: Annotation() });
const inner = new StateGraph(Numbers)
  .addNode("dbl", (s) => ({ n: s.n * 2 }))
  .addEdge(START, "dbl")
  .compile();
const graph = new StateGraph(Numbers)
  .addNode("a", (s) => ({ n: s.n + 1 }))
  .addNode("sub", inner)
  .addEdge(START, "a")
  .addEdge("a", "sub")
  .compile();
const sse = { encoding: "text/event-stream" };
show("default mode", await text(await graph.stream({ n: 0 }, sse)));
show("values and updates", await text(await graph.stream({ n: 0 }, { ...sse, streamMode: ["values", "updates"] })));
show("subgraphs", await text(await graph.stream({ n: 0 }, { ...sse, streamMode: "updates", subgraphs: true })));

const chat = new StateGraph(MessagesAnnotation)
  .addNode("reply", () => ({ messages: [new AIMessage({ content: "hello", id: "ai-1" })] }))
  .addEdge(START, "reply")
  .compile({ checkpointer: new MemorySaver() });
const thread = { configurable: { thread_id: "sse" } };
show("messages as dicts", await text(await chat.stream({ messages: [new HumanMessage({ content: "hi", id: "h-1" })] }, { ...sse, ...thread, streamMode: "values" })));
show("checkpoints", await text(await chat.stream({ messages: [new HumanMessage({ content: "again", id: "h-2" })] }, { ...sse, ...thread, streamMode: "checkpoints" })));
