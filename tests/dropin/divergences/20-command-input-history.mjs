// A Command({ goto } / { update }) given as invoke input on a paused thread. LangGraph.js saves the
// Command's writes as pending (null-task) writes on the current checkpoint, so that checkpoint's
// history snapshot shows them (next gains the goto target, values the update), and, with an
// interrupt pending, it also saves a new "input" checkpoint. langgraph-wasm leaves the older
// snapshot as it was and, with an interrupt pending, saves no "input" checkpoint.
import { Annotation, StateGraph, START, MemorySaver, Command, interrupt } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const State = Annotation.Root({ v: Annotation(), log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
const build = (opts) => new StateGraph(State)
  .addNode("a", () => ({ log: ["a"] }))
  .addNode("ask", () => ({ log: [`ask:${interrupt("q")}`] }))
  .addNode("z", () => ({ log: ["z"] }))
  .addEdge(START, "a").addEdge("a", "ask").addEdge("ask", "z")
  .compile({ checkpointer: new MemorySaver(), ...opts });
const history = async (g, config) => { const out = []; for await (const s of g.getStateHistory(config)) out.push([s.metadata.source, s.metadata.step, s.next, s.values.log, s.values.v ?? null]); return out; };
let g = build();
let config = { configurable: { thread_id: "1" } };
await g.invoke({}, config);
show("goto while interrupt pending", await g.invoke(new Command({ goto: "z" }), config));
show("history 1", await history(g, config));
g = build({ interruptBefore: ["z"] });
config = { configurable: { thread_id: "2" } };
await g.invoke({}, config);
await g.invoke(new Command({ resume: "r" }), config);
await g.invoke(new Command({ update: { v: 9 } }), config);
show("history 2", await history(g, config));
