// An entrypoint's drawing, as LangGraph.js draws it: `<name>Input → <name> → <name>Output`, in
// the nodes' names, the Mermaid text and `toJSON()`.
import { entrypoint } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const workflow = entrypoint({ name: "workflow" }, async (x) => x);
const drawn = workflow.getGraph();
show("node names", Object.values(drawn.nodes).map((n) => n.name));
show("mermaid", drawn.drawMermaid().split("\n"));
show("json", drawn.toJSON());
show("async", (await workflow.getGraphAsync()).drawMermaid() === drawn.drawMermaid());
