// getSubgraphs() / getSubgraphsAsync(): the compiled graphs inside a graph's nodes, by namespace,
// with and without recursion, including the graphs a function node declares in `subgraphs`.
import { Annotation, START, StateGraph } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const State = Annotation.Root({ n: Annotation({ reducer: (a, b) => a + b, default: () => 0 }) });
const leaf = (name) => new StateGraph(State).addNode(name, () => ({ n: 1 })).addEdge(START, name).compile();

const deep = leaf("d");
const inner = new StateGraph(State).addNode("deep", deep).addNode("i", () => ({ n: 1 })).addEdge(START, "deep").addEdge("deep", "i").compile();
const other = leaf("o");
const parent = new StateGraph(State)
  .addNode("plain", () => ({ n: 1 }))
  .addNode("inner", inner)
  .addNode("calls", async (state, config) => other.invoke(state, config), { subgraphs: [other] })
  .addEdge(START, "plain")
  .addEdge("plain", "inner")
  .addEdge("inner", "calls")
  .compile();

const graphs = new Map([[deep, "deep"], [inner, "inner"], [other, "other"]]);
const names = (pairs) => [...pairs].map(([namespace, graph]) => `${namespace}=${graphs.get(graph) ?? "?"}`);
show("all", names(parent.getSubgraphs()));
show("all, recursing", names(parent.getSubgraphs(undefined, true)));
show("inner", names(parent.getSubgraphs("inner")));
show("calls", names(parent.getSubgraphs("calls")));
show("inner|deep, recursing", names(parent.getSubgraphs("inner|deep", true)));
show("inner|deep, not recursing", names(parent.getSubgraphs("inner|deep")));
show("unknown", names(parent.getSubgraphs("nope", true)));
const async = [];
for await (const pair of parent.getSubgraphsAsync(undefined, true)) async.push(pair);
show("async, recursing", names(async));
show("a graph without subgraphs", names(deep.getSubgraphs(undefined, true)));
show("result", await parent.invoke({ n: 0 }));
