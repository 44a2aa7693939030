// streamMode "tasks" (and "debug"): when a node fails, LangGraph.js also reports the sibling it
// cancels, as a task result with error {name: "AbortError"}; langgraph-wasm sends no result for it.
import { Annotation, StateGraph, START } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const S = Annotation.Root({ log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
const g = new StateGraph(S)
  .addNode("slow", async () => { await sleep(20); return { log: ["slow"] }; })
  .addNode("bad", async () => { await sleep(1); throw new Error("kaput"); })
  .addEdge(START, "slow").addEdge(START, "bad").compile();
try { for await (const x of await g.stream({}, { streamMode: "tasks" })) show("tasks", "result" in x ? [x.name, x.error] : [x.name, "start"]); } catch (e) { show("threw", e.message); }
await sleep(40);
