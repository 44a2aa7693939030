// Static breakpoints: interruptBefore and interruptAfter at compile time, continuing with
// invoke(null), getState().next at each pause; a breakpoint given per run.
import { Annotation, StateGraph, START, END, MemorySaver } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const State = Annotation.Root({ trace: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });

const build = (options) =>
  new StateGraph(State)
    .addNode("a", () => ({ trace: ["a"] }))
    .addNode("b", () => ({ trace: ["b"] }))
    .addNode("c", () => ({ trace: ["c"] }))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("b", "c")
    .addEdge("c", END)
    .compile({ checkpointer: new MemorySaver(), ...options });

const graph = build({ interruptBefore: ["a"], interruptAfter: ["b"] });
const config = { configurable: { thread_id: "bp-1" } };
let result = await graph.invoke({ trace: ["start"] }, config);
show("1", [result, (await graph.getState(config)).next]);
result = await graph.invoke(null, config);
show("2", [result, (await graph.getState(config)).next]);
result = await graph.invoke(null, config);
show("3", [result, (await graph.getState(config)).next]);

const plain = build({});
const runConfig = { configurable: { thread_id: "bp-2" }, interruptBefore: ["c"] };
show("per run", await plain.invoke({}, runConfig));
show("per run next", (await plain.getState(runConfig)).next);
show("continued", await plain.invoke(null, { configurable: { thread_id: "bp-2" } }));
