// streamMode "messages": a subgraph node that returns a Command to the parent graph does not
// stream the messages of its update as its own output (LangGraph.js ends such a node as it ends
// a failed one: with a ParentCommand); the parent's state gets them. A message the node pushed
// with pushMessage was streamed at once and is not written to the parent's state.
import { MessagesAnnotation, StateGraph, START, Command, pushMessage } from "@langchain/langgraph";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { show, collect } from "./support/show.mjs";

const sub = new StateGraph(MessagesAnnotation)
  .addNode("inner", () => {
    pushMessage(new AIMessage({ content: "pushed in the subgraph", id: "pushed" }));
    return new Command({ graph: Command.PARENT, goto: "after", update: { messages: [new AIMessage({ content: "to the parent", id: "up" })] } });
  })
  .addEdge(START, "inner")
  .compile();
const parent = new StateGraph(MessagesAnnotation)
  .addNode("outer", sub, { ends: ["after"] })
  .addNode("after", () => ({ messages: [new AIMessage({ content: "after", id: "after" })] }))
  .addEdge(START, "outer")
  .compile();

const input = { messages: [new HumanMessage({ content: "hi", id: "h" })] };
for (const subgraphs of [true, false]) {
  const chunks = await collect(parent.stream(input, { streamMode: ["messages", "values"], subgraphs }));
  show(
    `subgraphs: ${subgraphs}`,
    chunks.map((chunk) => {
      const [ns, mode, data] = subgraphs ? chunk : [[], ...chunk];
      return [ns, mode, mode === "messages" ? [data[0].content, data[1].langgraph_node] : data.messages.map((m) => m.content)];
    }),
  );
}
