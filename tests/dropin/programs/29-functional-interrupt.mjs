// The functional API with a human in the loop: interrupt() inside the entrypoint and inside a
// task; Command({ resume }) continues, and finished tasks are not run again; getPreviousState
// and entrypoint.final across runs on one thread. The review is answered by interrupt id:
// LangGraph.js 1.7.3 would hand a bare resume value to the entrypoint's own later interrupt as
// well, which this package does not do (one answer, one interrupt; see the README).
import { entrypoint, task, interrupt, Command, MemorySaver, getPreviousState } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const calls = { write: 0, review: 0 };
const writeEssay = task("writeEssay", async (topic) => {
  calls.write += 1;
  return `An essay about ${topic}`;
});
const review = task("review", async (essay) => {
  calls.review += 1;
  const verdict = interrupt({ essay, action: "Please review" });
  return verdict;
});

const workflow = entrypoint({ checkpointer: new MemorySaver(), name: "workflow" }, async (topic) => {
  const essay = await writeEssay(topic);
  const verdict = await review(essay);
  const note = interrupt(`Any note on "${verdict}"?`);
  return { essay, verdict, note };
});

const config = { configurable: { thread_id: "essay-1" } };
const first = await workflow.invoke("cats", config);
show("first", first);
show("state", await workflow.getState(config).then((s) => [s.values, s.next, s.tasks.map((t) => t.interrupts.map((i) => i.value))]));
show("resume review", await collect(workflow.stream(new Command({ resume: { [first.__interrupt__[0].id]: "approved" } }), { ...config, streamMode: "updates" })).then((chunks) => chunks.map((c) => (c.__interrupt__ ? { __interrupt__: c.__interrupt__.map((i) => i.value) } : c))));
show("resume note", await workflow.invoke(new Command({ resume: "fine" }), config));
show("calls", calls);

const counter = entrypoint({ checkpointer: new MemorySaver(), name: "counter" }, async (n) => {
  const previous = getPreviousState() ?? 0;
  return entrypoint.final({ value: `previous ${previous}, now ${previous + n}`, save: previous + n });
});
const thread = { configurable: { thread_id: "count-1" } };
show("count 1", await counter.invoke(5, thread));
show("count 2", await counter.invoke(3, thread));
show("count state", (await counter.getState(thread)).values);
