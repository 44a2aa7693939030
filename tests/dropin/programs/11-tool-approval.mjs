// Human approval of tool calls: a node interrupts with the proposed calls; the person approves
// (the tools run) or rejects (a ToolMessage says so); getState shows the pending interrupt.
import { MessagesAnnotation, StateGraph, START, END, MemorySaver, interrupt, Command } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { FakeToolCallingModel } from "./support/models.mjs";
import { getWeather } from "./support/tools.mjs";
import { show } from "./support/show.mjs";

function build() {
  const model = new FakeToolCallingModel({
    responses: [
      new AIMessage({ content: "", id: "ai-1", tool_calls: [{ name: "get_weather", args: { city: "Rome" }, id: "call-1" }] }),
      new AIMessage({ content: "All done.", id: "ai-2" }),
    ],
  }).bindTools([getWeather]);
  return new StateGraph(MessagesAnnotation)
    .addNode("agent", async (state) => ({ messages: [await model.invoke(state.messages)] }))
    .addNode("review", (state) => {
      const last = state.messages[state.messages.length - 1];
      const decision = interrupt({ question: "Run these tools?", calls: last.tool_calls });
      if (decision === "approve") return new Command({ goto: "tools" });
      return new Command({
        goto: "agent",
        update: { messages: last.tool_calls.map((call) => new ToolMessage({ content: "Rejected by the user", tool_call_id: call.id, id: `rejected-${call.id}` })) },
      });
    }, { ends: ["tools", "agent"] })
    .addNode("tools", new ToolNode([getWeather]))
    .addEdge(START, "agent")
    .addConditionalEdges("agent", (state) => (state.messages[state.messages.length - 1].tool_calls?.length ? "review" : END), ["review", END])
    .addEdge("tools", "agent")
    .compile({ checkpointer: new MemorySaver() });
}

for (const decision of ["approve", "reject"]) {
  const graph = build();
  const config = { configurable: { thread_id: `approval-${decision}` } };
  const paused = await graph.invoke({ messages: [new HumanMessage({ content: "weather in Rome?", id: "h-1" })] }, config);
  show(`${decision}: paused`, paused.__interrupt__.map((i) => i.value));
  const state = await graph.getState(config);
  show(`${decision}: next`, state.next);
  show(`${decision}: task interrupts`, state.tasks.map((t) => [t.name, t.interrupts.map((i) => i.value.question)]));
  const done = await graph.invoke(new Command({ resume: decision }), config);
  show(`${decision}: done`, done.messages.map((m) => [m.constructor.name, m.content]));
  show(`${decision}: after`, (await graph.getState(config)).next);
}
