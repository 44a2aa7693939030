// MessagesAnnotation with LangChain message classes: a node reads the history, answers with an
// AIMessage, edits an earlier message by id; the result holds message classes.
import { MessagesAnnotation, StateGraph, START, END } from "@langchain/langgraph";
import { AIMessage, HumanMessage, isAIMessage, isHumanMessage } from "@langchain/core/messages";
import { show } from "./support/show.mjs";

const graph = new StateGraph(MessagesAnnotation)
  .addNode("greet", (state) => {
    const last = state.messages[state.messages.length - 1];
    return {
      messages: [
        new AIMessage({ content: `You said: ${last.content}`, id: "ai-1" }),
        { role: "assistant", content: "a dict message", id: "ai-2" },
      ],
    };
  })
  .addNode("edit", (state) => ({
    messages: [new AIMessage({ content: `edited (${state.messages.length} messages)`, id: "ai-2" })],
  }))
  .addNode("check", (state) => ({
    messages: [
      new AIMessage({
        content: state.messages.map((m) => (isHumanMessage(m) ? "H" : isAIMessage(m) ? "A" : "?")).join(""),
        id: "ai-3",
      }),
    ],
  }))
  .addEdge(START, "greet")
  .addEdge("greet", "edit")
  .addEdge("edit", "check")
  .addEdge("check", END)
  .compile();

const result = await graph.invoke({ messages: [new HumanMessage({ content: "hello", id: "h-1" })] });
show("messages", result.messages);
show("classes", result.messages.map((m) => m.constructor.name));
