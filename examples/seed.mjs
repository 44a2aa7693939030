// The seed document's JavaScript flows on the package (run by `make demo` after `make pkg`).
// Only the client construction differs from the seed: `new Client({ graphs })` runs the graphs
// here, where the seed's `new Client({ apiUrl })` talks to a LangGraph server.
import { StateGraph, START, END, interrupt, Client } from "../pkg/index.node.js";

// The graph the seed deploys as "agent": a node asks a person to revise a text.
const agent = new StateGraph({ channels: { some_text: null } })
  .addNode("human_node", (state) => {
    const value = interrupt({ text_to_revise: state.some_text });
    return { some_text: value };
  })
  .addEdge(START, "human_node")
  .compile();

{
  const client = new Client({ graphs: { agent } });

  // Using the graph deployed with the name "agent"
  const assistantID = "agent";

  // create a thread
  const thread = await client.threads.create();
  const threadID = thread["thread_id"];

  // Run the graph until the interrupt is hit.
  const result = await client.runs.wait(threadID, assistantID, { input: { some_text: "original text" } });

  console.log("# Dynamic interrupt");
  console.log(result["__interrupt__"]);

  // Resume the graph
  console.log(await client.runs.wait(threadID, assistantID, { command: { resume: "Edited text" } }));
}

// The seed's static-breakpoint example: nodes node_a → node_b → node_c, breakpoints per run.
const append = (name) => (state) => ({ trace: `${state.trace}|${name}` });
const steps = new StateGraph({ channels: { trace: null } })
  .addNode("node_a", append("node_a"))
  .addNode("node_b", append("node_b"))
  .addNode("node_c", append("node_c"))
  .addEdge(START, "node_a")
  .addEdge("node_a", "node_b")
  .addEdge("node_b", "node_c")
  .addEdge("node_c", END)
  .compile();

{
  const client = new Client({ graphs: { agent: steps } });
  const assistantID = "agent";
  const thread = await client.threads.create();
  const threadID = thread["thread_id"];
  const input = { trace: "start" };

  console.log("\n# Static interrupts: interruptBefore [node_a], interruptAfter [node_b, node_c]");
  let result = await client.runs.wait(threadID, assistantID, {
    input: input,
    interruptBefore: ["node_a"],
    interruptAfter: ["node_b", "node_c"],
  });
  for (;;) {
    const state = await client.threads.getState(threadID);
    console.log(`${JSON.stringify(result)}  next=${JSON.stringify(state.next)}`);
    if (state.next.length === 0) break;
    // Resume the graph
    result = await client.runs.wait(threadID, assistantID, {
      input: null,
      interruptBefore: ["node_a"],
      interruptAfter: ["node_b", "node_c"],
    });
  }
}
