// stream(input, { encoding: "text/event-stream" }): LangGraph.js yields Server-Sent-Events bytes
// (Uint8Array "event: <mode>\ndata: <json>\n\n"); langgraph-wasm ignores the option and yields
// the ordinary [mode, chunk] items.
import { Annotation, StateGraph, START } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const S = Annotation.Root({ n: Annotation() });
const g = new StateGraph(S).addNode("a", (s) => ({ n: s.n + 1 })).addEdge(START, "a").compile();
const out = [];
for await (const c of await g.stream({ n: 0 }, { encoding: "text/event-stream", streamMode: ["values", "updates"] }))
  out.push(c instanceof Uint8Array ? new TextDecoder().decode(c) : c);
show("sse", out);
