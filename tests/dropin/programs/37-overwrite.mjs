// Overwrite replaces a reducer key's value instead of folding into it: with Annotation reducers,
// a BinaryOperatorAggregate, a StateSchema ReducedValue and the messages reducer; returned by a
// node, inside a Command's update (also a tool's, through ToolNode), and through updateState. Two
// Overwrites of one key in one step are an InvalidUpdateError; one Overwrite wins over the
// other writes of its step.
import { Annotation, BinaryOperatorAggregate, MessagesAnnotation, StateGraph, StateSchema, ReducedValue, START, END, MemorySaver, Command, Overwrite } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { show, attempt } from "./support/show.mjs";

const State = Annotation.Root({
  list: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
  total: Annotation({ reducer: (a, b) => a + b, default: () => 0 }),
  words: () => new BinaryOperatorAggregate((a, b) => `${a} ${b}`, () => "start"),
});

const reset = new StateGraph(State)
  .addNode("add", () => ({ list: ["a"], total: 1, words: "more" }))
  .addNode("reset", () => ({ list: new Overwrite([]), total: new Overwrite(100), words: new Overwrite("fresh") }))
  .addEdge(START, "add")
  .addEdge("add", "reset")
  .compile();
show("node returns Overwrites", await reset.invoke({ list: ["in"], total: 5 }));

const viaCommand = new StateGraph(State)
  .addNode("add", () => ({ list: ["a"] }))
  .addNode("jump", () => new Command({ update: { list: new Overwrite(["only"]) }, goto: "end" }), { ends: ["end"] })
  .addNode("end", () => ({ total: new Overwrite(7), list: ["after"] }))
  .addEdge(START, "add")
  .addEdge("add", "jump")
  .compile();
show("Command", await viaCommand.invoke({ list: ["in"], total: 5 }));

const two = new StateGraph(State)
  .addNode("x", () => ({ list: new Overwrite(["x"]) }))
  .addNode("y", () => ({ list: new Overwrite(["y"]) }))
  .addEdge(START, "x")
  .addEdge(START, "y")
  .compile();
await attempt("two Overwrites in one step", async () => {
  try {
    return await two.invoke({});
  } catch (error) {
    return error.name;
  }
});

const wins = new StateGraph(State)
  .addNode("x", () => ({ list: new Overwrite(["x"]) }))
  .addNode("y", () => ({ list: ["y"] }))
  .addEdge(START, "x")
  .addEdge(START, "y")
  .compile();
show("one Overwrite and a write in one step", (await wins.invoke({ list: ["in"] })).list);

const Schema = new StateSchema({
  items: new ReducedValue(z.array(z.string()).default(() => []), { inputSchema: z.string(), reducer: (list, item) => [...list, item] }),
});
const schemaGraph = new StateGraph(Schema)
  .addNode("one", () => ({ items: "one" }))
  .addNode("replace", () => ({ items: new Overwrite(["replaced"]) }))
  .addEdge(START, "one")
  .addEdge("one", "replace")
  .compile();
show("ReducedValue", await schemaGraph.invoke({ items: "first" }));

const chat = new StateGraph(MessagesAnnotation)
  .addNode("forget", () => ({ messages: new Overwrite([new HumanMessage({ content: "fresh start", id: "h-2" })]) }))
  .addEdge(START, "forget")
  .compile();
show("messages", (await chat.invoke({ messages: [new HumanMessage({ content: "hello", id: "h-1" })] })).messages.map((m) => [m.id, m.content]));

const Notes = Annotation.Root({ ...MessagesAnnotation.spec, notes: Annotation({ reducer: (a, b) => a.concat(b), default: () => ["old"] }) });
const clearNotes = tool(
  async () => new Command({ update: { notes: new Overwrite(["cleared"]), messages: [new ToolMessage({ content: "done", tool_call_id: "call-1", id: "t-1" })] } }),
  { name: "clear_notes", description: "Clears the notes", schema: z.object({}) },
);
const tools = new StateGraph(Notes)
  .addNode("tools", new ToolNode([clearNotes]))
  .addEdge(START, "tools")
  .compile();
const call = new AIMessage({ content: "", id: "ai-1", tool_calls: [{ name: "clear_notes", args: {}, id: "call-1" }] });
const cleared = await tools.invoke({ messages: [call], notes: ["more"] });
show("a tool's Command", [cleared.notes, cleared.messages.map((m) => m.content)]);

const saved = new StateGraph(State)
  .addNode("add", () => ({ list: ["a"], total: 1 }))
  .addEdge(START, "add")
  .addEdge("add", END)
  .compile({ checkpointer: new MemorySaver() });
const config = { configurable: { thread_id: "edit" } };
await saved.invoke({ list: ["in"], total: 5 }, config);
await saved.updateState(config, { list: new Overwrite(["edited"]), total: new Overwrite(0) }, "add");
show("updateState", (await saved.getState(config)).values);
