// The seed document's JavaScript flows on the package (run by `make demo` after `make pkg`).
// Only the client construction differs from the seed: `new Client({ graphs })` runs the graphs
// here, where the seed's `new Client({ apiUrl })` talks to a LangGraph server.
import { Client } from "../pkg/index.node.js";
import { agent, stepsGraph } from "./graphs.mjs";

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
const steps = stepsGraph();

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
