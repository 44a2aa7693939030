// `config.signal` stops a run: `invoke` rejects with the signal's reason (the caller's own error,
// or the DOMException the platform made), `stream` too (before any chunk when the signal was
// aborted already, else at the next chunk), and the nodes' `config.signal` aborts with it.
import { Annotation, StateGraph, START } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const State = Annotation.Root({ log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
// Node b aborts the run's controller 5 ms into its 20 ms (set per case), so that the abort
// always comes while b waits, however slow the machine.
let seen;
let abortSoon;
const graph = new StateGraph(State)
  .addNode("a", () => ({ log: ["a"] }))
  .addNode("b", async (_, config) => {
    seen = config.signal;
    setTimeout(abortSoon, 5);
    await sleep(20);
    return { log: ["b"] };
  })
  .addEdge(START, "a")
  .addEdge("a", "b")
  .compile();

const before = new AbortController();
before.abort();
try {
  for await (const chunk of await graph.stream({}, { signal: before.signal })) show("aborted before: chunk", chunk);
} catch (e) {
  show("aborted before", [e === before.signal.reason, e]);
}

for (const reason of [undefined, new Error("user cancelled")]) {
  const during = new AbortController();
  abortSoon = () => during.abort(reason);
  try {
    for await (const chunk of await graph.stream({}, { signal: during.signal, streamMode: "updates" })) {
      show("stream chunk", chunk);
    }
  } catch (e) {
    show(`stream aborted (${reason ? "a reason" : "no reason"})`, [e === during.signal.reason, e]);
  }
  show("the node's signal", seen?.aborted);
  seen = undefined;
}

const caller = new AbortController();
abortSoon = () => caller.abort(new Error("stop"));
try {
  await graph.invoke({}, { signal: caller.signal });
} catch (e) {
  show("invoke aborted", [e === caller.signal.reason, e]);
}
show("the node's signal", seen?.aborted);
await sleep(30);
