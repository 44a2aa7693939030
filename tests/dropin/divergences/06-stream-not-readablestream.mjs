// stream() resolves to a ReadableStream (LangChain's IterableReadableStream) in LangGraph.js:
// getReader(), cancel(), tee(), pipeThrough(), pipeTo() work (e.g. to pipe chunks into an HTTP
// response). langgraph-wasm's stream is only an async iterator: those methods are undefined.
import { Annotation, StateGraph, START } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const S = Annotation.Root({ n: Annotation() });
const g = new StateGraph(S).addNode("a", (s) => ({ n: s.n + 1 })).addEdge(START, "a").compile();
const stream = await g.stream({ n: 0 });
show("instanceof ReadableStream", stream instanceof ReadableStream);
show("methods", ["getReader", "cancel", "tee", "pipeThrough", "pipeTo"].map((m) => typeof stream[m]));
try {
  const reader = stream.getReader();
  show("read", await reader.read());
} catch (e) { show("getReader threw", e); }
