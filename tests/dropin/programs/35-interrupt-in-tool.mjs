// interrupt() inside what a node calls without passing its config on: a LangChain runnable, a tool
// invoked directly, and a ToolNode tool (the human-in-the-loop tool pattern), then resumed with
// Command({ resume }); a tool called with the node's config explicitly; an entrypoint's task
// called from a runnable. The tool's config shows the caller's configurable keys and no others.
import { Annotation, MessagesAnnotation, StateGraph, START, END, MemorySaver, Command, interrupt, entrypoint, task } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { RunnableLambda } from "@langchain/core/runnables";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { FakeToolCallingModel } from "./support/models.mjs";
import { show, collect } from "./support/show.mjs";

// The keys LangGraph.js adds for itself (`__pregel_*`, and the checkpoint's) are left out.
const visible = (configurable) => Object.keys(configurable).filter((k) => !k.startsWith("__pregel_") && k !== "checkpoint_id" && k !== "checkpoint_map").sort();

const State = Annotation.Root({ out: Annotation() });
const askInLambda = RunnableLambda.from((question) => interrupt(`lambda asks: ${question}`));
const askInTool = tool(async ({ question }, config) => `${interrupt(`tool asks: ${question}`)} (${visible(config.configurable)})`, {
  name: "ask",
  description: "Asks a person",
  schema: z.object({ question: z.string() }),
});

const calls = {
  lambda: () => askInLambda.invoke("go?"),
  tool: () => askInTool.invoke({ question: "go?" }),
  "tool with config": (config) => askInTool.invoke({ question: "go?" }, config),
};
for (const [name, call] of Object.entries(calls)) {
  const graph = new StateGraph(State)
    .addNode("node", async (_state, config) => ({ out: await call(config) }))
    .addEdge(START, "node")
    .compile({ checkpointer: new MemorySaver() });
  const config = { configurable: { thread_id: name, user: "ann" } };
  show(`${name}: paused`, await collect(graph.stream({}, config)));
  show(`${name}: resumed`, await collect(graph.stream(new Command({ resume: "yes" }), config)));
}

// A ToolNode tool that asks before it acts.
const book = tool(
  async ({ hotel }) => {
    const answer = interrupt({ question: `Book ${hotel}?` });
    return answer === "yes" ? `Booked ${hotel}` : `Did not book ${hotel}`;
  },
  { name: "book_hotel", description: "Books a hotel", schema: z.object({ hotel: z.string() }) },
);
const model = new FakeToolCallingModel({
  responses: [
    new AIMessage({ content: "", id: "ai-1", tool_calls: [{ name: "book_hotel", args: { hotel: "Ritz" }, id: "call-1" }] }),
    new AIMessage({ content: "Done.", id: "ai-2" }),
  ],
}).bindTools([book]);
const agent = new StateGraph(MessagesAnnotation)
  .addNode("agent", async (state) => ({ messages: [await model.invoke(state.messages)] }))
  .addNode("tools", new ToolNode([book]))
  .addEdge(START, "agent")
  .addConditionalEdges("agent", (state) => (state.messages.at(-1).tool_calls?.length ? "tools" : END), ["tools", END])
  .addEdge("tools", "agent")
  .compile({ checkpointer: new MemorySaver() });
const agentConfig = { configurable: { thread_id: "agent" } };
const paused = await agent.invoke({ messages: [new HumanMessage({ content: "book the Ritz", id: "h-1" })] }, agentConfig);
show("agent: paused", paused.__interrupt__.map((i) => i.value));
show("agent: next", (await agent.getState(agentConfig)).next);
const done = await agent.invoke(new Command({ resume: "yes" }), agentConfig);
show("agent: done", done.messages.map((m) => [m.constructor.name, m.content]));

// A task called from a runnable inside an entrypoint.
const double = task("double", async (n) => n * 2);
const viaLambda = RunnableLambda.from((n) => double(n));
const workflow = entrypoint({ name: "workflow", checkpointer: new MemorySaver() }, async (n) => {
  const doubled = await viaLambda.invoke(n);
  return { doubled, answer: interrupt(`doubled to ${doubled}`) };
});
const workflowConfig = { configurable: { thread_id: "workflow" } };
show("workflow: paused", await collect(workflow.stream(3, workflowConfig)));
show("workflow: resumed", await workflow.invoke(new Command({ resume: "ok" }), workflowConfig));
