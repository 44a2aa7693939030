// What a run gives back and when a node is tried again, as LangGraph.js does it:
// - `invoke` returns the last `values` chunk: nothing (`undefined`) when no step changed the
//   state, and the interrupts alone when the run paused before any did;
// - `interrupt()` in a graph without a checkpointer throws `GraphValueError` (nothing could resume);
// - a retry policy without `retryOn` retries any failure but a cancellation, a `GraphValueError`,
//   an HTTP 400–407 or 409 in the error's `status` or `response.status`, or an exhausted quota.
import { Annotation, StateGraph, START, MemorySaver, interrupt } from "@langchain/langgraph";
import { show, attempt } from "./support/show.mjs";

const State = Annotation.Root({
  v: Annotation(),
  log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
});

const quiet = new StateGraph(State)
  .addNode("sideEffect", () => ({}))
  .addEdge(START, "sideEffect")
  .compile();
show("nothing written", await quiet.invoke({}));
show("input written", await quiet.invoke({ v: 1 }));

const asking = new StateGraph(State)
  .addNode("ask", () => ({ log: [interrupt("q")] }))
  .addEdge(START, "ask")
  .compile({ checkpointer: new MemorySaver() });
show("paused before any write", await asking.invoke({}, { configurable: { thread_id: "1" } }));
show("paused after the input", await asking.invoke({ v: 2 }, { configurable: { thread_id: "2" } }));

const unsaved = new StateGraph(State)
  .addNode("ask", () => ({ log: [interrupt("q")] }))
  .addEdge(START, "ask")
  .compile();
await attempt("interrupt without a checkpointer", () => unsaved.invoke({ v: 1 }));

// LangGraph.js logs each retry with its delay; the lines hold timings, so they are hidden.
const log = console.log;
console.log = () => {};
async function attempts(makeError) {
  let calls = 0;
  const graph = new StateGraph(State)
    .addNode(
      "f",
      () => {
        calls++;
        throw makeError();
      },
      { retryPolicy: { maxAttempts: 3, initialInterval: 1, jitter: false } },
    )
    .addEdge(START, "f")
    .compile();
  await graph.invoke({}).catch(() => {});
  return calls;
}
const tried = {
  status401: await attempts(() => Object.assign(new Error("unauthorized"), { status: 401 })),
  response400: await attempts(() => Object.assign(new Error("bad request"), { response: { status: 400 } })),
  status500: await attempts(() => Object.assign(new Error("server error"), { status: 500 })),
  quota: await attempts(() => Object.assign(new Error("quota"), { error: { code: "insufficient_quota" } })),
  aborted: await attempts(() => Object.assign(new Error("stopped"), { name: "AbortError" })),
  typeError: await attempts(() => new TypeError("x is undefined")),
  plain: await attempts(() => new Error("flaky")),
};
console.log = log;
show("attempts", tried);

// The recursion limit's error, whole: LangGraph.js's key name, its troubleshooting URL and code.
const looping = new StateGraph(State)
  .addNode("again", (s) => ({ v: (s.v ?? 0) + 1 }))
  .addEdge(START, "again")
  .addConditionalEdges("again", () => "again")
  .compile();
await looping.invoke({ v: 0 }, { recursionLimit: 3 }).catch((e) => show("recursion limit", [e.name, e.lc_error_code, e.message]));
