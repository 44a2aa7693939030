// pushMessage(message, config): streams the message in "messages" mode at once, with the node's
// metadata (no tags, no name), and writes it to the state's `messages` when the node returns,
// before the node's own update (a returned message with the same id replaces it and is not
// streamed again). `stateKey` picks another key, `null` writes nothing; without a config the
// current node's is used; a dict is made a message; a message without an id is refused; a tool
// the node calls can push with its own config. Outside a node it only returns the message.
import { Annotation, MessagesAnnotation, StateGraph, START, MemorySaver, pushMessage } from "@langchain/langgraph";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { show, collect } from "./support/show.mjs";

const State = Annotation.Root({
  ...MessagesAnnotation.spec,
  log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
});

const lookup = tool(
  async ({ q }, config) => {
    pushMessage(new AIMessage({ content: `looking up ${q}`, id: "from-tool" }), config);
    return "found";
  },
  { name: "lookup", description: "Looks something up", schema: z.object({ q: z.string() }) },
);

const graph = new StateGraph(State)
  .addNode("n", async (state, config) => {
    show("returns", pushMessage(new AIMessage({ content: "pushed", id: "p1" }), config));
    pushMessage({ role: "assistant", content: "not kept", id: "p2" }, { ...config, stateKey: null });
    pushMessage(new AIMessage({ content: "to log", id: "p3" }), { ...config, stateKey: "log" });
    pushMessage(new AIMessage({ content: "implicit", id: "p4" }));
    try {
      pushMessage(new AIMessage({ content: "no id" }), config);
    } catch (error) {
      show("without an id", error);
    }
    await lookup.invoke({ q: "x" }, config);
    return { messages: [new AIMessage({ content: "returned", id: "r1" }), new AIMessage({ content: "pushed, then returned", id: "p1" })] };
  })
  .addEdge(START, "n")
  .compile({ checkpointer: new MemorySaver() });

const input = { messages: [new HumanMessage({ content: "hi", id: "h" })] };
const config = { configurable: { thread_id: "1" }, streamMode: ["messages", "values"], tags: ["run-tag"] };
for (const [mode, chunk] of await collect(graph.stream(input, config))) {
  show(mode, mode === "messages" ? chunk : [chunk.messages.map((m) => [m.content, m.id]), chunk.log.map((m) => m.content)]);
}
const state = await graph.getState({ configurable: { thread_id: "1" } });
show("saved", state.values.messages.map((m) => [m.constructor.name, m.id]));
const plain = await graph.invoke(input, { configurable: { thread_id: "2" } });
show("invoke (not streaming)", [plain.messages.map((m) => m.content), plain.log.map((m) => m.content)]);
show("outside a node", pushMessage(new AIMessage({ content: "alone", id: "o" })).content);
