// retryPolicy as LangGraph.js names it (maxAttempts, initialInterval, backoffFactor, retryOn): a
// flaky node succeeds on its third try; retryOn decides which errors are retried.
import { Annotation, StateGraph, START, END } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

// LangGraph.js logs each retry ("Retrying task …") with console.log; this program compares results only.
const log = console.log;
console.log = (...args) => {
  if (!String(args[0]).startsWith("Retrying task")) log(...args);
};

const State = Annotation.Root({ result: Annotation() });
let attempts = 0;
const flaky = new StateGraph(State)
  .addNode(
    "call",
    () => {
      attempts += 1;
      if (attempts < 3) throw new Error(`timeout #${attempts}`);
      return { result: `ok after ${attempts}` };
    },
    { retryPolicy: { maxAttempts: 3, initialInterval: 1, backoffFactor: 1, jitter: false } },
  )
  .addEdge(START, "call")
  .compile();
show("succeeds", await flaky.invoke({}));

let tries = 0;
const picky = new StateGraph(State)
  .addNode(
    "call",
    () => {
      tries += 1;
      throw new RangeError("not retried");
    },
    { retryPolicy: { maxAttempts: 5, initialInterval: 1, retryOn: (e) => !(e instanceof RangeError) } },
  )
  .addEdge(START, "call")
  .compile();
const error = await picky.invoke({}).catch((e) => e);
show("not retried", [tries, error instanceof RangeError, error.message]);
