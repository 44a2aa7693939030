// streamMode "tasks", "checkpoints" and "debug", alone and combined with "values"/"updates":
// task starts carry the task's metadata (addNode's metadata, the run's metadata and tags, less
// LangGraph's own keys); task results give an interrupted task's {} and a failed one's error;
// checkpoints carry the whole run config, each planned task's path and what was saved for it (a
// pending interrupt, a finished sibling's result, a failure), the saver's parent config for the
// checkpoint a resumed run starts from; debug wraps both with step, type and timestamp. Also:
// Send tasks, a static breakpoint, no checkpointer, an update, and a subgraph with
// subgraphs: true. (Parallel tasks that succeed finish on timers, after a sibling's interrupt or
// failure, so that the order of their results is the same on both.)
import { Annotation, StateGraph, START, END, MemorySaver, interrupt, Command, Send } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Prints each streamed item on its own line; `view` may trim an item first. */
async function print(label, stream, view = (item) => item) {
  let i = 0;
  try {
    for await (const item of await stream) show(`${label} ${i++}`, view(item));
  } catch (error) {
    show(`${label} threw`, error);
  }
}

const State = Annotation.Root({
  topic: Annotation(),
  items: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
  ok: Annotation(),
});

// 1. One mode at a time: a node with metadata, an interrupt, the resume; a run config with
// configurable keys (assistant_id is copied into the metadata), metadata, tags and limits.
const approval = new StateGraph(State)
  .addNode("plan", (s) => ({ items: [`plan ${s.topic}`] }), { metadata: { owner: "team-a", langgraph_node: "hidden" } })
  .addNode("approve", () => ({ ok: interrupt({ question: "ship it?" }) }))
  .addEdge(START, "plan")
  .addEdge("plan", "approve")
  .addEdge("approve", END)
  .compile({ checkpointer: new MemorySaver() });

for (const mode of ["tasks", "checkpoints", "debug"]) {
  const config = {
    configurable: { thread_id: `approval-${mode}`, user: "ada", assistant_id: "helper" },
    metadata: { request: 7 },
    tags: ["mine"],
    runName: "approval-run",
    recursionLimit: 12,
    maxConcurrency: 4,
  };
  await print(`${mode} start`, approval.stream({ topic: "cats" }, { ...config, streamMode: mode }));
  await print(`${mode} resume`, approval.stream(new Command({ resume: "yes" }), { ...config, streamMode: mode }));
}

// 2. Combined with values and updates: Send fan-out beside plain nodes, one of which
// interrupts; the resume reuses the finished tasks' writes. Nodes declared out of name order.
const fan = new StateGraph(State)
  .addNode("fan", (s) => ({ items: [`fan ${s.topic}`] }))
  .addNode("worker", async (s) => {
    await sleep(10 * s.n);
    return { items: [`worker ${s.n}`] };
  })
  .addNode("side", async () => {
    await sleep(30);
    return { items: ["side"] };
  })
  .addNode("ask", () => ({ ok: interrupt("all good?") }), { metadata: { kind: "human" } })
  .addEdge(START, "fan")
  .addConditionalEdges("fan", () => [new Send("worker", { n: 1 }), new Send("worker", { n: 2 }), "side", "ask"])
  .compile({ checkpointer: new MemorySaver() });
const fanConfig = { configurable: { thread_id: "fan" }, streamMode: ["values", "updates", "tasks", "checkpoints"] };
await print("fan start", fan.stream({ topic: "dogs" }, fanConfig));
// The paused step's tasks in the order the nodes were added (the checkpoint is a loaded one).
show("fan paused", await fan.getState({ configurable: { thread_id: "fan" } }).then((s) => [s.next, s.tasks.map((t) => t.name)]));
await print("fan resume", fan.stream(new Command({ resume: true }), fanConfig));

// 3. A failing node (its sibling finishes first), then a retry with null input, in debug mode.
let attempts = 0;
class FlakyError extends Error {
  constructor(message) {
    super(message);
    this.name = "FlakyError";
  }
}
const flaky = new StateGraph(State)
  .addNode("steady", () => ({ items: ["steady"] }))
  .addNode("flaky", async () => {
    await sleep(10);
    attempts += 1;
    if (attempts === 1) throw new FlakyError("not yet");
    return { topic: `attempt ${attempts}` };
  })
  .addNode("route", () => new Command({ goto: END, update: { ok: "routed" } }))
  .addEdge(START, "steady")
  .addEdge(START, "flaky")
  .addEdge("flaky", "route")
  .compile({ checkpointer: new MemorySaver() });
const flakyConfig = { configurable: { thread_id: "flaky" } };
await print("flaky first", flaky.stream({ topic: "x" }, { ...flakyConfig, streamMode: ["checkpoints", "tasks"] }));
await print("flaky retry", flaky.stream(null, { ...flakyConfig, streamMode: ["debug", "updates"] }));

// 4. Without a checkpointer: no checkpoints, tasks still stream.
const plain = new StateGraph(State)
  .addNode("only", () => ({ items: ["only"] }), { metadata: { plain: true } })
  .addEdge(START, "only")
  .compile();
await print("plain", plain.stream({ topic: "y" }, { streamMode: ["checkpoints", "debug", "values"], tags: ["a", "b"] }));

// 5. A static breakpoint, then the run continued with null input; then an update and a run
// that has nothing left to do.
const reviewed = new StateGraph(State)
  .addNode("draft", () => ({ items: ["draft"] }))
  .addNode("review", () => ({ items: ["review"] }))
  .addEdge(START, "draft")
  .addEdge("draft", "review")
  .compile({ checkpointer: new MemorySaver(), interruptBefore: ["review"] });
const reviewConfig = { configurable: { thread_id: "review" }, streamMode: ["checkpoints", "tasks"] };
await print("review start", reviewed.stream({ topic: "z" }, reviewConfig));
await print("review continue", reviewed.stream(null, reviewConfig));
await reviewed.updateState({ configurable: { thread_id: "review" } }, { topic: "edited" });
await print("review after update", reviewed.stream(null, { ...reviewConfig, streamMode: "checkpoints" }));

// 6. A subgraph, streamed with subgraphs: true; its tasks inherit its node's metadata. A
// subgraph's checkpoints carry the config of the task that runs it; LangGraph.js also puts its
// internal objects under `__pregel_*` configurable keys there (its saver, stream, functions),
// which are left out here.
const internalsOut = (config) =>
  config && { ...config, configurable: Object.fromEntries(Object.entries(config.configurable).filter(([key]) => !key.startsWith("__pregel"))) };
const withoutInternals = ([namespace, mode, chunk]) =>
  mode === "checkpoints" && namespace.length > 0
    ? [namespace, mode, { ...chunk, config: internalsOut(chunk.config), parentConfig: internalsOut(chunk.parentConfig) }]
    : [namespace, mode, chunk];
const Inner = Annotation.Root({ items: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
const inner = new StateGraph(Inner)
  .addNode("collect", () => ({ items: ["collected"] }), { metadata: { level: "inner" } })
  .addNode("confirm", () => ({ items: [interrupt("inner ok?")] }))
  .addEdge(START, "collect")
  .addEdge("collect", "confirm")
  .compile();
const outer = new StateGraph(State)
  .addNode("prepare", () => ({ topic: "prepared" }))
  .addNode("nested", inner, { metadata: { level: "outer", team: "b" } })
  .addEdge(START, "prepare")
  .addEdge("prepare", "nested")
  .compile({ checkpointer: new MemorySaver() });
const outerConfig = {
  configurable: { thread_id: "outer" },
  metadata: { source: "test" },
  tags: ["outer-tag"],
  streamMode: ["tasks", "checkpoints", "updates"],
  subgraphs: true,
};
await print("nested start", outer.stream({ topic: "n" }, outerConfig), withoutInternals);
await print("nested resume", outer.stream(new Command({ resume: "inner yes" }), outerConfig), withoutInternals);
await print("nested tasks", outer.stream({ topic: "tasks" }, { configurable: { thread_id: "outer-tasks" }, streamMode: "tasks", subgraphs: true }));
await print("nested flat", outer.stream({ topic: "again" }, { configurable: { thread_id: "outer-flat" }, streamMode: "debug" }));
