// The seed document's graphs, as a module `npx langgraph-wasm serve` can load (`make demo`
// serves it on port 2024): each export that is a compiled graph is served under its name.
import { StateGraph, START, END, interrupt } from "../pkg/index.node.js";

// The graph the seed deploys as "agent": a node asks a person to revise a text.
export const agent = new StateGraph({ channels: { some_text: null } })
  .addNode("human_node", (state) => {
    const value = interrupt({ text_to_revise: state.some_text });
    return { some_text: value };
  })
  .addEdge(START, "human_node")
  .compile();

/** The seed's static-breakpoint graph: node_a → node_b → node_c, each appending its name to `trace`. */
export function stepsGraph(compileOptions = {}) {
  const append = (name) => (state) => ({ trace: `${state.trace}|${name}` });
  return new StateGraph({ channels: { trace: null } })
    .addNode("node_a", append("node_a"))
    .addNode("node_b", append("node_b"))
    .addNode("node_c", append("node_c"))
    .addEdge(START, "node_a")
    .addEdge("node_a", "node_b")
    .addEdge("node_b", "node_c")
    .addEdge("node_c", END)
    .compile(compileOptions);
}

// Compiled as the seed compiles it: interrupt_before=["node_a"], interrupt_after=["node_b", "node_c"].
export const breakpoints = stepsGraph({ interruptBefore: ["node_a"], interruptAfter: ["node_b", "node_c"] });
