// Drawing a graph: getGraph() / getGraphAsync(), drawMermaid() (with a path map, a loop, END
// from a conditional edge, node names Mermaid cannot take as ids) and the graph's nodes and edges.
import { Annotation, StateGraph, START, END } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const State = Annotation.Root({ n: Annotation({ reducer: (a, b) => a + b, default: () => 0 }) });

const graph = new StateGraph(State)
  .addNode("agent", () => ({ n: 1 }))
  .addNode("call tool", () => ({ n: 1 }))
  .addNode("ask-human", () => ({ n: 1 }))
  .addNode("résumé", () => ({}))
  .addEdge(START, "agent")
  .addConditionalEdges("agent", (s) => (s.n > 3 ? "finish" : s.n > 2 ? "human" : "tool"), { tool: "call tool", human: "ask-human", finish: END })
  .addEdge("call tool", "agent")
  .addEdge("ask-human", "résumé")
  .addEdge("résumé", "agent")
  .compile();

const drawn = graph.getGraph();
show("mermaid", drawn.drawMermaid());
show("mermaid without styles", drawn.drawMermaid({ withStyles: false }));
show("node ids", Object.keys(drawn.nodes));
show("edges", drawn.edges.map((e) => [e.source, e.target, e.conditional, e.data ?? null]));
show("async", (await graph.getGraphAsync()).drawMermaid() === drawn.drawMermaid());

// A tool agent with breakpoints, node metadata, a join, Command destinations, a path function
// without a map, a node named like a Mermaid keyword, and a long edge label.
import { Command } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { getWeather, add } from "./support/tools.mjs";

const agent = new StateGraph(State)
  .addNode("plan", () => ({ n: 1 }), { metadata: { owner: "ann", tags: ["a", "b"], nested: { no: 1 }, odd: "x|y<z>" } })
  .addNode("tools", new ToolNode([getWeather, add]))
  .addNode("review", () => new Command({ goto: "subgraph" }), { ends: ["subgraph", "plan"] })
  .addNode("subgraph", () => ({ n: 1 }))
  .addNode("left", () => ({}))
  .addNode("right", () => ({}))
  .addNode("joined", () => ({}))
  .addEdge(START, "plan")
  .addEdge(START, "left")
  .addEdge(START, "right")
  .addEdge(["left", "right"], "joined")
  .addConditionalEdges("plan", (s) => (s.n > 1 ? "review" : "tools"))
  .addConditionalEdges("tools", () => "a label long enough to be broken into two lines by the drawing", {
    "a label long enough to be broken into two lines by the drawing": "review",
  })
  .compile({ interruptBefore: ["tools", "review"], interruptAfter: ["review"] });

const g = agent.getGraph();
show("agent mermaid", g.drawMermaid());
show("agent mermaid, options", g.drawMermaid({ curveStyle: "basis", nodeColors: { first: "fill:#fff" }, wrapLabelNWords: 3 }));
show("agent nodes", Object.values(g.nodes).map((n) => [n.id, n.name, n.metadata ?? null]));
show("agent edges", g.edges.map((e) => [e.source, e.target, e.conditional, e.data ?? null]));
show("first and last", [g.firstNode()?.id ?? null, g.lastNode()?.id ?? null]);

// Subgraphs drawn inside their parent (`xray`): a subgraph with a conditional edge, holding one
// of its own; all levels, and one level.
const Inner = Annotation.Root({ n: Annotation({ reducer: (a, b) => a + b, default: () => 0 }) });
const grandchild = new StateGraph(Inner)
  .addNode("deep_one", () => ({ n: 1 }))
  .addNode("deep_two", () => ({ n: 1 }))
  .addEdge(START, "deep_one")
  .addEdge("deep_one", "deep_two")
  .compile();
const child = new StateGraph(Inner)
  .addNode("first", () => ({ n: 1 }))
  .addNode("nested", grandchild)
  .addNode("last", () => ({ n: 1 }))
  .addEdge(START, "first")
  .addConditionalEdges("first", (s) => (s.n > 1 ? "nested" : "last"), ["nested", "last"])
  .addEdge("nested", "last")
  .compile();
const parent = new StateGraph(Inner)
  .addNode("before", () => ({ n: 1 }))
  .addNode("team", child)
  .addNode("after", () => ({ n: 1 }))
  .addEdge(START, "before")
  .addEdge("before", "team")
  .addEdge("team", "after")
  .compile();
for (const xray of [true, 1]) {
  const drawnXray = parent.getGraph({ xray });
  show(`xray ${xray} mermaid`, drawnXray.drawMermaid());
  show(`xray ${xray} nodes`, Object.values(drawnXray.nodes).map((n) => [n.id, n.name]));
  show(`xray ${xray} edges`, drawnXray.edges.map((e) => [e.source, e.target, e.conditional, e.data ?? null]));
  show(`xray ${xray} async`, (await parent.getGraphAsync({ xray })).drawMermaid() === drawnXray.drawMermaid());
}
show("agent as JSON", g.toJSON());
show("xray as JSON", parent.getGraph({ xray: true }).toJSON());

// A LangChain Runnable as a node: its own id and name in the JSON.
import { RunnableLambda } from "@langchain/core/runnables";
const withRunnable = new StateGraph(State)
  .addNode("lambda", RunnableLambda.from(async () => ({ n: 1 })))
  .addEdge(START, "lambda")
  .compile();
show("runnable node as JSON", withRunnable.getGraph().toJSON());
show("runnable node mermaid", withRunnable.getGraph().drawMermaid());
