// The seed document's flows with the JavaScript package (run by `make demo` after `make pkg`):
// a dynamic interrupt answered with a Command, then static breakpoints resumed with null input.
import { StateGraph, START, END, Command, interrupt, MemorySaver } from "../pkg/index.node.js";

const graph = new StateGraph({ channels: { some_text: null } })
  .addNode("human_node", (state) => {
    const value = interrupt({ text_to_revise: state.some_text });
    return { some_text: value };
  })
  .addEdge(START, "human_node")
  .compile({ checkpointer: new MemorySaver() });

const config = { configurable: { thread_id: "thread-1" } };
const result = await graph.invoke({ some_text: "original text" }, config);
console.log("# Run the graph until the interrupt is hit.");
console.log("result['__interrupt__'] =", JSON.stringify(result.__interrupt__, null, 2));
console.log("\n# Resume the graph");
console.log(JSON.stringify(await graph.invoke(new Command({ resume: "Edited text" }), config)));

const append = (name) => (state) => ({ trace: `${state.trace}|${name}` });
const steps = new StateGraph({ channels: { trace: null } })
  .addNode("node_a", append("node_a"))
  .addNode("node_b", append("node_b"))
  .addNode("node_c", append("node_c"))
  .addEdge(START, "node_a")
  .addEdge("node_a", "node_b")
  .addEdge("node_b", "node_c")
  .addEdge("node_c", END)
  .compile({ checkpointer: new MemorySaver() });

console.log("\n# Static breakpoints per run: interruptBefore [node_a], interruptAfter [node_b, node_c]");
const run = { configurable: { thread_id: "thread-2" }, interruptBefore: ["node_a"], interruptAfter: ["node_b", "node_c"] };
let output = await steps.invoke({ trace: "start" }, run);
for (;;) {
  const { next } = await steps.getState(run);
  console.log(`paused: values=${JSON.stringify(output)} next=${JSON.stringify(next)}`);
  if (next.length === 0) break;
  output = await steps.invoke(null, run);
}
