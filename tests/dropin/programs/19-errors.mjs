// Errors as LangGraph.js gives them: a node's own error reaches the caller unchanged (same
// object, class, message), the library's errors are exported classes (instanceof works).
import {
  Annotation,
  StateGraph,
  START,
  END,
  MemorySaver,
  GraphRecursionError,
  InvalidUpdateError,
  EmptyInputError,
  GraphInterrupt,
  isGraphInterrupt,
  interrupt,
} from "@langchain/langgraph";
import { show } from "./support/show.mjs";

class PaymentError extends Error {
  constructor(message, code) {
    super(message);
    this.name = "PaymentError";
    this.code = code;
  }
}

const State = Annotation.Root({ n: Annotation(), x: Annotation() });
const thrown = new PaymentError("card declined", 402);

async function caught(fn) {
  try {
    await fn();
    return "no error";
  } catch (error) {
    return error;
  }
}

const failing = new StateGraph(State).addNode("pay", () => { throw thrown; }).addEdge(START, "pay").compile();
const e1 = await caught(() => failing.invoke({ n: 1 }));
show("node error", [e1 === thrown, e1 instanceof PaymentError, e1.message, e1.code]);
const e1s = await caught(async () => {
  for await (const _ of await failing.stream({ n: 1 })) {
    // nothing
  }
});
show("node error while streaming", [e1s === thrown]);

const looping = new StateGraph(State)
  .addNode("loop", (s) => ({ n: s.n + 1 }))
  .addEdge(START, "loop")
  .addConditionalEdges("loop", () => "loop", ["loop"])
  .compile();
const e2 = await caught(() => looping.invoke({ n: 0 }, { recursionLimit: 5 }));
show("recursion", [e2 instanceof GraphRecursionError, e2.name, e2.message.split(".")[0]]);

const clashing = new StateGraph(State)
  .addNode("a", () => ({ x: 1 }))
  .addNode("b", () => ({ x: 2 }))
  .addEdge(START, "a")
  .addEdge(START, "b")
  .compile();
const e3 = await caught(() => clashing.invoke({ n: 0 }));
show("concurrent writes", [e3 instanceof InvalidUpdateError, e3.name]);

const checkpointed = new StateGraph(State).addNode("a", () => ({})).addEdge(START, "a").compile({ checkpointer: new MemorySaver() });
const e4 = await caught(() => checkpointed.invoke(null, { configurable: { thread_id: "empty" } }));
show("empty input", [e4 instanceof EmptyInputError, e4.name]);

let seen;
const catching = new StateGraph(State)
  .addNode("ask", () => {
    try {
      return { x: interrupt("?") };
    } catch (error) {
      seen = [error instanceof GraphInterrupt, isGraphInterrupt(error), error.interrupts.map((i) => i.value)];
      throw error;
    }
  })
  .addEdge(START, "ask")
  .compile({ checkpointer: new MemorySaver() });
await catching.invoke({ n: 1 }, { configurable: { thread_id: "gi" } });
show("interrupt seen in the node", seen);
