// A zod state schema refusing the input or a node's update: LangGraph.js throws the ZodError itself
// (name "$ZodError", .issues available); langgraph-wasm throws InvalidUpdateError with its own message.
// StateSchema fields: LangGraph.js throws Error "Validation failed for field ...", langgraph-wasm InvalidUpdateError.
import { StateGraph, START, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { show } from "../programs/support/show.mjs";
const S = z.object({ topic: z.string(), count: z.number().default(0) });
const g = new StateGraph(S).addNode("a", () => ({ count: "many" })).addEdge(START, "a").compile();
for (const [label, input] of [["bad input", { topic: 5 }], ["bad node update", { topic: "t" }]]) {
  try { await g.invoke(input); } catch (e) { show(label, [e.name, Array.isArray(e.issues)]); }
}
const S2 = new StateSchema({ count: z.number().optional() });
const g2 = new StateGraph(S2).addNode("a", () => ({})).addEdge(START, "a").compile();
try { await g2.invoke({ count: "x" }); } catch (e) { show("StateSchema bad input", [e.name, e.message]); }
