// StateSchema (what the LangGraph 1.x docs show first) with zod fields: a plain field, a field
// with a default, and a ReducedValue; updates are parsed by the schema.
import { StateSchema, ReducedValue, StateGraph, START, END } from "@langchain/langgraph";
import { z } from "zod";
import { show, attempt } from "./support/show.mjs";

const State = new StateSchema({
  city: z.string(),
  visits: z.number().default(0),
  log: new ReducedValue(z.array(z.string()).default(() => []), {
    inputSchema: z.string(),
    reducer: (current, next) => [...current, next],
  }),
});

const graph = new StateGraph(State)
  .addNode("arrive", (state) => ({ visits: state.visits + 1, log: `arrived in ${state.city}` }))
  .addNode("leave", (state) => ({ log: `left after ${state.visits} visit(s)` }))
  .addEdge(START, "arrive")
  .addEdge("arrive", "leave")
  .addEdge("leave", END)
  .compile();

show("invoke", await graph.invoke({ city: "Lyon" }));
show("invoke with visits", await graph.invoke({ city: "Oslo", visits: 4 }));
show("channels", Object.keys(State.fields));
await attempt("a bad update", () =>
  new StateGraph(State)
    .addNode("bad", () => ({ visits: "many" }))
    .addEdge(START, "bad")
    .compile()
    .invoke({ city: "Rome" })
    .then(() => "accepted", (e) => ({ rejected: true, isError: e instanceof Error })),
);
