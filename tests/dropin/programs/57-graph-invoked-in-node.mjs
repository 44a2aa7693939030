// A compiled graph invoked inside a node (`await inner.invoke(state)`, LangGraph's "call a subgraph
// inside a node") runs as a subgraph of the node's task: its chunks stream under the node's
// namespace (`subgraphs: true`), its `config.writer` reaches the `custom` stream, an `interrupt()`
// in it pauses the parent graph, and the resume answer reaches it (the node runs again and calls
// it again, and it continues from its own checkpoint). Also from a tool the node calls.
import { Annotation, MessagesAnnotation, StateGraph, START, MemorySaver, interrupt, Command } from "@langchain/langgraph";
import { HumanMessage, AIMessage } from "@langchain/core/messages";
import { RunnableLambda } from "@langchain/core/runnables";
import { show, collect } from "./support/show.mjs";

const Numbers = Annotation.Root({ n: Annotation() });
const doubler = new StateGraph(Numbers)
  .addNode("dbl", (s, config) => {
    config.writer({ inner: s.n });
    return { n: s.n * 2 };
  })
  .addEdge(START, "dbl")
  .compile();
const outer = new StateGraph(Numbers)
  .addNode("call", async (s) => ({ n: (await doubler.invoke({ n: s.n })).n + 1 }))
  .addEdge(START, "call")
  .compile();
// The node's own config passed on: the same.
const passing = new StateGraph(Numbers)
  .addNode("call", async (s, config) => ({ n: (await doubler.invoke({ n: s.n }, config)).n + 1 }))
  .addEdge(START, "call")
  .compile({ checkpointer: new MemorySaver() });
const ns = (path) => path.map((part) => part.split(":")[0]);
show("result", await outer.invoke({ n: 1 }));
show("updates, subgraphs", (await collect(outer.stream({ n: 1 }, { streamMode: "updates", subgraphs: true }))).map(([n, c]) => [ns(n), c]));
show("custom", await collect(outer.stream({ n: 1 }, { streamMode: "custom" })));
const passed = await collect(passing.stream({ n: 1 }, { configurable: { thread_id: "pass" }, streamMode: "updates", subgraphs: true }));
show("with the node's config", passed.map(([n, c]) => [ns(n), c]));

const Question = Annotation.Root({ q: Annotation(), a: Annotation() });
const asker = new StateGraph(Question)
  .addNode("ask", (s) => ({ a: interrupt(`answer ${s.q}`) }))
  .addEdge(START, "ask")
  .compile();
let calls = 0;
const parent = new StateGraph(Question)
  .addNode("call", async (s) => {
    calls++;
    const answered = await asker.invoke({ q: s.q });
    return { a: `got ${answered.a}` };
  })
  .addEdge(START, "call")
  .compile({ checkpointer: new MemorySaver() });
const thread = { configurable: { thread_id: "ask" } };
show("paused", await parent.invoke({ q: "x" }, thread));
const state = await parent.getState(thread);
show("paused state", [state.next, state.tasks.map((t) => [t.name, t.interrupts.map((i) => i.value)])]);
show("resumed", await parent.invoke(new Command({ resume: "yes" }), thread));
show("the node ran", calls);

const chat = new StateGraph(MessagesAnnotation)
  .addNode("reply", (s) => ({ messages: [new AIMessage({ content: `seen ${s.messages.length}`, id: "r1" })] }))
  .addEdge(START, "reply")
  .compile();
const viaTool = RunnableLambda.from(async (messages) => (await chat.invoke({ messages })).messages);
const host = new StateGraph(MessagesAnnotation)
  .addNode("delegate", async (s) => ({ messages: (await viaTool.invoke(s.messages)).slice(-1) }))
  .addEdge(START, "delegate")
  .compile();
const out = await host.invoke({ messages: [new HumanMessage({ content: "hi", id: "h1" })] });
show("through a runnable", out.messages.map((m) => [m.constructor.name, m.content]));
show("its updates", (await collect(host.stream({ messages: [new HumanMessage({ content: "hi", id: "h2" })] }, { streamMode: "updates", subgraphs: true }))).map(([n, c]) => [ns(n), Object.keys(c)]));
