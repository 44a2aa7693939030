// A node may return an array mixing plain updates and Commands: each is applied in order, and the
// Commands' `goto`s are followed. ToolNode returns such an array when one tool answers with a
// Command and another with a plain result (LangGraph.js applies both; langgraph-wasm refused the
// array as an invalid update before).
import { Annotation, MessagesAnnotation, StateGraph, START, END, Command } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { attempt } from "./support/show.mjs";

const State = Annotation.Root({
  log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
  user: Annotation(),
});

const plain = new StateGraph(State)
  .addNode("n", () => [{ log: ["plain"] }, new Command({ update: { user: "ann", log: ["cmd"] } })])
  .addEdge(START, "n")
  .compile();
await attempt("a plain update, then a Command", () => plain.invoke({}));

const routed = new StateGraph(State)
  .addNode("route", () => [null, new Command({ goto: "b", update: { log: ["to b"] } }), { log: ["after"] }], { ends: ["a", "b"] })
  .addNode("a", () => ({ log: ["a"] }))
  .addNode("b", () => ({ log: ["b"] }))
  .addEdge(START, "route")
  .addEdge("a", END)
  .addEdge("b", END)
  .compile();
await attempt("null skipped, goto followed", () => routed.invoke({}));

const bad = new StateGraph(State)
  .addNode("n", () => [new Command({ update: { log: ["cmd"] } }), 42])
  .addEdge(START, "n")
  .compile();
await attempt("a number beside a Command", () => bad.invoke({}).then(() => "no error", (e) => e.constructor.name));

const AgentState = Annotation.Root({ ...MessagesAnnotation.spec, user: Annotation() });
const setUser = tool(
  async ({ name }, config) =>
    new Command({
      update: { user: name, messages: [new ToolMessage({ content: `user set to ${name}`, tool_call_id: config.toolCall.id, id: "tm" })] },
    }),
  { name: "set_user", description: "Sets the user.", schema: z.object({ name: z.string() }) },
);
const echo = tool(async ({ x }) => `echo ${x}`, { name: "echo", description: "Echoes.", schema: z.object({ x: z.string() }) });
const agent = new StateGraph(AgentState)
  .addNode("agent", () => ({
    messages: [
      new AIMessage({
        content: "",
        id: "ai",
        tool_calls: [
          { id: "c1", name: "echo", args: { x: "a" } },
          { id: "c2", name: "set_user", args: { name: "ann" } },
        ],
      }),
    ],
  }))
  .addNode("tools", new ToolNode([echo, setUser]))
  .addEdge(START, "agent")
  .addEdge("agent", "tools")
  .compile();
await attempt("ToolNode with a Command tool and a plain tool", async () => {
  const out = await agent.invoke({ messages: [new HumanMessage({ content: "hi", id: "h" })] });
  return [out.user, out.messages.map((m) => `${m.getType()}:${m.content}`)];
});
