// What a thread's history shows of its tasks, as LangGraph.js shows it: a config naming a
// checkpoint lists that checkpoint only; a task that interrupted and was resumed keeps its
// interrupt next to its result; a failed task's error is `{ name, message }`.
import { Annotation, StateGraph, START, MemorySaver, interrupt, Command } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const Log = Annotation.Root({ log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
const chain = new StateGraph(Log)
  .addNode("a", () => ({ log: ["a"] }))
  .addNode("b", () => ({ log: ["b"] }))
  .addEdge(START, "a")
  .addEdge("a", "b")
  .compile({ checkpointer: new MemorySaver() });
const config = { configurable: { thread_id: "chain" } };
await chain.invoke({ log: [] }, config);
const all = [];
for await (const s of chain.getStateHistory(config)) all.push(s);
const picked = [];
for await (const s of chain.getStateHistory(all[1].config)) picked.push([s.metadata.step, s.next]);
show("history of one checkpoint's config", picked);
const limited = [];
for await (const s of chain.getStateHistory(config, { before: all[1].config, limit: 1 })) limited.push([s.metadata.step, s.next]);
show("before it, one", limited);

const asking = new StateGraph(Annotation.Root({ v: Annotation() }))
  .addNode("ask", () => ({ v: interrupt("q") }))
  .addEdge(START, "ask")
  .compile({ checkpointer: new MemorySaver() });
const thread = { configurable: { thread_id: "ask" } };
await asking.invoke({ v: 1 }, thread);
await asking.invoke(new Command({ resume: "yes" }), thread);
for await (const s of asking.getStateHistory(thread)) {
  show(`step ${s.metadata.step}`, s.tasks.map((t) => [t.name, t.interrupts.map((i) => i.value), t.result ?? null]));
}

class PaymentError extends Error {
  name = "PaymentError";
}
const paying = new StateGraph(Annotation.Root({ v: Annotation() }))
  .addNode("pay", () => {
    throw new PaymentError("declined");
  })
  .addEdge(START, "pay")
  .compile({ checkpointer: new MemorySaver() });
const failed = { configurable: { thread_id: "pay" } };
await paying.invoke({ v: 1 }, failed).catch(() => {});
show("a failed task", (await paying.getState(failed)).tasks.map((t) => [t.name, t.error]));
