// User-facing messages of the library's own errors differ (the classes match): two values for a
// plain key in one step, a node returning a number, a number as input, an unknown asNode, and
// recursionLimit 0 (LangGraph.js: a plain Error); LangGraph.js's messages end with a troubleshooting
// URL and its errors carry lc_error_code. (The recursion-limit error matches since this session.)
import { Annotation, StateGraph, START, MemorySaver } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const State = Annotation.Root({ n: Annotation(), x: Annotation(), log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
const attempt = async (label, fn) => { try { await fn(); show(label, "no error"); } catch (e) { show(label, [e.name, e.message, e.lc_error_code ?? null]); } };
const loop = new StateGraph(State).addNode("loop", (s) => ({ n: s.n + 1 })).addEdge(START, "loop").addEdge("loop", "loop").compile();
await attempt("recursion", () => loop.invoke({ n: 0 }, { recursionLimit: 3 }));
await attempt("recursionLimit 0", () => loop.invoke({ n: 0 }, { recursionLimit: 0 }));
const clash = new StateGraph(State).addNode("a", () => ({ x: 1 })).addNode("b", () => ({ x: 2 })).addEdge(START, "a").addEdge(START, "b").compile();
await attempt("concurrent", () => clash.invoke({}));
const num = new StateGraph(State).addNode("a", () => 42).addEdge(START, "a").compile();
await attempt("bad return", () => num.invoke({}));
await attempt("bad input", () => num.invoke(5));
const g = new StateGraph(State).addNode("a", () => ({ log: ["a"] })).addNode("b", () => ({ log: ["b"] })).addNode("c", () => ({}))
  .addEdge(START, "a").addEdge(START, "b").addEdge(["a", "b"], "c")
  .compile({ checkpointer: new MemorySaver(), interruptBefore: ["c"] });
const config = { configurable: { thread_id: "1" } };
await g.invoke({}, config);
await attempt("ambiguous asNode", () => g.updateState(config, { n: 1 }));
await attempt("unknown asNode", () => g.updateState(config, { n: 1 }, "nope"));
