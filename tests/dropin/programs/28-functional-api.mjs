// The functional API: an entrypoint calling tasks (in sequence and in parallel); invoke returns
// what the entrypoint returned; updates show each task's result and the entrypoint's.
import { entrypoint, task, MemorySaver } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const double = task("double", async (n) => n * 2);
const describe = task("describe", async (n, label) => `${label}: ${n}`);

const workflow = entrypoint({ checkpointer: new MemorySaver(), name: "workflow" }, async (input) => {
  const doubled = await double(input.n);
  const [a, b] = await Promise.all([describe(doubled, "first"), describe(doubled + 1, "second")]);
  return { doubled, lines: [a, b] };
});

show("invoke", await workflow.invoke({ n: 4 }, { configurable: { thread_id: "f-1" } }));
show("updates", await collect(workflow.stream({ n: 1 }, { configurable: { thread_id: "f-2" }, streamMode: "updates" })));
show("values", await collect(workflow.stream({ n: 2 }, { configurable: { thread_id: "f-3" }, streamMode: "values" })));
show("name", workflow.name);
