// A node's config has LangGraph.js's `executionInfo` (its task's ids, its thread, which attempt a
// retried node is on, the checkpoint its step started from) and `configurable.checkpoint_map` (that
// checkpoint by graph namespace; a subgraph's node sees its parent's too).
import { Annotation, StateGraph, START, MemorySaver } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const State = Annotation.Root({ x: Annotation() });
const seen = (config) => {
  const info = config.executionInfo;
  return {
    keys: Object.keys(info).sort(),
    attempt: info.nodeAttempt,
    thread: info.threadId,
    task: info.taskId === config.configurable.checkpoint_ns.split("|").pop().split(":")[1],
    checkpoint: info.checkpointId === config.configurable.checkpoint_map[config.configurable.checkpoint_ns.split("|").slice(0, -1).join("|")],
    configurable: Object.keys(config.configurable).filter((key) => !key.startsWith("__")).sort(),
    ns: info.checkpointNs === config.configurable.checkpoint_ns,
    first: typeof info.nodeFirstAttemptTime,
    map: config.configurable.checkpoint_map,
  };
};

// LangGraph.js logs each retry with its delay; the lines hold timings, so they are hidden.
const log = console.log;
console.log = () => {};
const lines = [];
let tries = 0;
const flaky = new StateGraph(State)
  .addNode(
    "a",
    (_, config) => {
      lines.push(["flaky", seen(config)]);
      if (++tries < 2) throw new Error("flaky");
      return { x: 1 };
    },
    { retryPolicy: { maxAttempts: 2, initialInterval: 1, jitter: false } },
  )
  .addEdge(START, "a")
  .compile({ checkpointer: new MemorySaver() });
await flaky.invoke({ x: 0 }, { configurable: { thread_id: "t" } });
console.log = log;

const unsaved = new StateGraph(State)
  .addNode("a", (_, config) => {
    lines.push(["no thread", seen(config)]);
    return { x: 1 };
  })
  .addEdge(START, "a")
  .compile();
await unsaved.invoke({ x: 0 });

const inner = new StateGraph(State)
  .addNode("in", (_, config) => {
    lines.push(["in a subgraph", { ...seen(config), map: Object.keys(config.configurable.checkpoint_map).map((ns) => ns.split(":")[0]) }]);
    return { x: 2 };
  })
  .addEdge(START, "in")
  .compile();
const outer = new StateGraph(State)
  .addNode("sub", inner)
  .addEdge(START, "sub")
  .compile({ checkpointer: new MemorySaver() });
await outer.invoke({ x: 0 }, { configurable: { thread_id: "s" } });
for (const [label, value] of lines) show(label, value);
