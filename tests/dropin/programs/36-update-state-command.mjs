// updateState with a Command, as if the node had returned it: its `update` goes through the
// reducers, its `goto` schedules the next node (the node's own edges too); a Command that only
// updates; a StateSchema key's schema checks the Command's update.
import { Annotation, StateGraph, StateSchema, START, MemorySaver, Command, Overwrite } from "@langchain/langgraph";
import { z } from "zod";
import { show, attempt } from "./support/show.mjs";

const State = Annotation.Root({ log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
function build() {
  return new StateGraph(State)
    .addNode("router", () => new Command({ goto: "left" }), { ends: ["left", "right"] })
    .addNode("left", () => ({ log: ["left"] }))
    .addNode("right", () => ({ log: ["right"] }))
    .addEdge(START, "router")
    .compile({ checkpointer: new MemorySaver(), interruptAfter: ["router"] });
}

const routed = build();
const config = { configurable: { thread_id: "goto" } };
await routed.invoke({ log: ["start"] }, config);
show("paused at", (await routed.getState(config)).next);
await attempt("update with goto", () => routed.updateState(config, new Command({ update: { log: ["edited"] }, goto: "right" }), "router").then(() => "ok"));
const edited = await routed.getState(config);
show("edited", [edited.values, edited.next, edited.metadata.source]);
show("continued", await routed.invoke(null, config));

const updated = build();
const only = { configurable: { thread_id: "update-only" } };
await updated.invoke({ log: [] }, only);
await updated.updateState(only, new Command({ update: { log: ["only an update"] } }), "router");
const after = await updated.getState(only);
show("update only", [after.values, after.next]);

const Checked = new StateSchema({ n: z.number() });
const checked = new StateGraph(Checked)
  .addNode("a", () => ({ n: 1 }))
  .addNode("b", () => ({}))
  .addEdge(START, "a")
  .addEdge("a", "b")
  .compile({ checkpointer: new MemorySaver(), interruptAfter: ["a"] });
const numbers = { configurable: { thread_id: "checked" } };
await checked.invoke({ n: 0 }, numbers);
// (The two libraries word the refusal differently: only that it is refused is compared.)
show("a wrong type", await checked.updateState(numbers, new Command({ update: { n: "x" } }), "a").then(() => "accepted", () => "refused"));
await checked.updateState(numbers, new Command({ update: { n: 5 }, goto: "a" }), "a");
const jumped = await checked.getState(numbers);
show("goto with the node's own edge", [jumped.values, jumped.next]);

// An Overwrite in the Command's update replaces the value instead of folding it.
await routed.updateState(config, new Command({ update: { log: new Overwrite(["replaced"]) } }), "left");
show("Overwrite in a Command", (await routed.getState(config)).values);
