// zod object state with LangGraph's zod extensions, as `@langchain/langgraph/zod` provides them:
// `.langgraph.reducer()` and `withLangGraph()` on zod 3 schemas, `registry` with zod 4.
import { StateGraph, START, END } from "@langchain/langgraph";
import { withLangGraph, registry } from "@langchain/langgraph/zod";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { show, collect } from "./support/show.mjs";

const V3State = z3.object({
  query: z3.string(),
  results: z3
    .array(z3.string())
    .default(() => [])
    .langgraph.reducer((a, b) => a.concat(b), z3.union([z3.string(), z3.array(z3.string())])),
  count: withLangGraph(z3.number(), { reducer: { fn: (a, b) => a + b }, default: () => 0 }),
});

const searcher = new StateGraph(V3State)
  .addNode("search", (state) => ({ results: [`${state.query}:1`, `${state.query}:2`], count: 2 }))
  .addNode("more", (state) => ({ results: `${state.query}:3`, count: 1 }))
  .addEdge(START, "search")
  .addEdge("search", "more")
  .addEdge("more", END)
  .compile();

show("zod 3 invoke", await searcher.invoke({ query: "otters" }));
show("zod 3 updates", await collect(searcher.stream({ query: "seals" }, { streamMode: "updates" })));

const V4State = z.object({
  name: z.string(),
  tags: z.array(z.string()).register(registry, { reducer: { fn: (a, b) => [...new Set([...a, ...b])] }, default: () => [] }),
  score: z.number().default(1),
});

const tagger = new StateGraph(V4State)
  .addNode("a", () => ({ tags: ["web"] }))
  .addNode("b", (state) => ({ tags: ["web", "news"], score: state.score * 10 }))
  .addEdge(START, "a")
  .addEdge("a", "b")
  .addEdge("b", END)
  .compile();

show("zod 4 invoke", await tagger.invoke({ name: "x" }));
show("zod 4 values", await collect(tagger.stream({ name: "y", tags: ["first"] }, { streamMode: "values" })));
