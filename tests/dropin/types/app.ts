// A TypeScript app written for LangGraph.js 1.x, in the style of its docs. tests/dropin/types.test.mjs
// type-checks it as written (against @langchain/langgraph's types) and with only the imports
// changed to langgraph-wasm: both must compile.
import {
  Annotation,
  MessagesAnnotation,
  StateGraph,
  StateSchema,
  ReducedValue,
  MessagesValue,
  START,
  END,
  Command,
  Send,
  interrupt,
  isCommand,
  MemorySaver,
  InMemoryStore,
  GraphInterrupt,
  GraphRecursionError,
  InvalidUpdateError,
  messagesStateReducer,
  addMessages,
  REMOVE_ALL_MESSAGES,
  getConfig,
  getWriter,
  getStore,
  entrypoint,
  task,
  getPreviousState,
  type LangGraphRunnableConfig,
} from "@langchain/langgraph";
import { ToolNode, toolsCondition, createReactAgent } from "@langchain/langgraph/prebuilt";
import { registry } from "@langchain/langgraph/zod";
import { AIMessage, HumanMessage, RemoveMessage, type BaseMessage, isAIMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { RunnableLambda } from "@langchain/core/runnables";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { z } from "zod";

// --- Annotation state ---------------------------------------------------------------------
const State = Annotation.Root({
  ...MessagesAnnotation.spec,
  topic: Annotation<string>,
  count: Annotation<number>({ reducer: (a, b) => a + b, default: () => 0 }),
  notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
});
type StateT = typeof State.State;

const model = new FakeListChatModel({ responses: ["hi"] });

async function agentNode(state: typeof State.State, config: LangGraphRunnableConfig) {
  const response = await model.invoke(state.messages, config);
  const topic: string = state.topic;
  const thread = config.configurable?.thread_id;
  config.writer?.({ thread, topic });
  return { messages: [response], count: 1 };
}

function router(state: StateT): "tools" | typeof END {
  const last = state.messages[state.messages.length - 1];
  return last && isAIMessage(last) && (last.tool_calls?.length ?? 0) > 0 ? "tools" : END;
}

const getWeather = tool(async ({ city }: { city: string }) => `sunny in ${city}`, {
  name: "get_weather",
  description: "weather",
  schema: z.object({ city: z.string() }),
});

const graph = new StateGraph(State)
  .addNode("agent", agentNode)
  .addNode("tools", new ToolNode([getWeather]))
  .addNode("review", (state) => {
    const answer = interrupt<{ q: string }, string>({ q: state.topic });
    return new Command({ update: { notes: [answer] }, goto: END });
  }, { ends: [END] })
  .addNode("lambda", RunnableLambda.from((state: StateT) => ({ notes: [state.topic] })))
  .addEdge(START, "agent")
  .addConditionalEdges("agent", router, ["tools", END])
  .addConditionalEdges("agent", toolsCondition)
  .addEdge("tools", "agent")
  .addEdge("lambda", END)
  .compile({ checkpointer: new MemorySaver(), store: new InMemoryStore() });

async function run() {
  const config = { configurable: { thread_id: "1" } };
  const result = await graph.invoke({ messages: [new HumanMessage("hi")], topic: "owls" }, config);
  const messages: BaseMessage[] = result.messages;
  const count: number = result.count;
  for await (const chunk of await graph.stream({ topic: "x" }, { ...config, streamMode: "updates" })) {
    void chunk;
  }
  for await (const [message, metadata] of await graph.stream({ topic: "x" }, { ...config, streamMode: "messages" })) {
    void message;
    void metadata;
  }
  const snapshot = await graph.getState(config);
  const next: readonly string[] = snapshot.next;
  await graph.invoke(new Command({ resume: "yes" }), config);
  await graph.updateState(config, { topic: "edited" });
  for await (const s of graph.getStateHistory(config)) void s;
  const mermaid: string = (await graph.getGraphAsync()).drawMermaid();
  void [messages, count, next, mermaid];
}

// --- StateSchema and zod -----------------------------------------------------------------
const Schema = new StateSchema({
  messages: MessagesValue,
  city: z.string(),
  visits: new ReducedValue(z.number().default(0), { reducer: (a: number, b: number) => a + b }),
});
const schemaGraph = new StateGraph(Schema)
  .addNode("visit", (state) => ({ visits: 1, city: state.city.toUpperCase() }))
  .addNode("tally", (state) => ({ visits: state.visits }), { defer: true })
  .addEdge(START, "visit")
  .addEdge("visit", "tally")
  .compile();
const subgraphNames: string[] = [...schemaGraph.getSubgraphs(undefined, true)].map(([namespace]) => namespace);

const Zod = z.object({
  query: z.string(),
  results: z.array(z.string()).register(registry, { reducer: { fn: (a: string[], b: string[]) => a.concat(b) }, default: () => [] }),
});
const zodGraph = new StateGraph(Zod)
  .addNode("search", (state) => ({ results: [state.query] }))
  .addEdge(START, "search")
  .compile();

// --- Send, Command, errors ------------------------------------------------------------------
const fanout = new StateGraph(State)
  .addNode("worker", (s: { topic: string }) => ({ notes: [s.topic] }))
  .addConditionalEdges(START, (s) => [new Send("worker", { topic: s.topic })])
  .compile();

async function errors() {
  try {
    await fanout.invoke({ topic: "x" });
  } catch (e) {
    if (e instanceof GraphRecursionError || e instanceof InvalidUpdateError) return e.message;
    if (e instanceof GraphInterrupt) return e.interrupts;
  }
  return isCommand(new Command({ goto: "x" }));
}

// --- messages reducer, config helpers ---------------------------------------------------------
const merged = messagesStateReducer([new HumanMessage({ content: "a", id: "1" })], [new RemoveMessage({ id: REMOVE_ALL_MESSAGES }), new AIMessage("b")]);
const same: typeof messagesStateReducer = addMessages;
function helpers() {
  const config = getConfig();
  const write = getWriter();
  const store = getStore();
  return [config, write, store];
}

// --- prebuilt and the functional API -----------------------------------------------------------
const agent = createReactAgent({ llm: model, tools: [getWeather], checkpointer: new MemorySaver(), interruptBefore: ["tools"] });

const double = task("double", async (n: number) => n * 2);
const workflow = entrypoint({ checkpointer: new MemorySaver(), name: "workflow" }, async (n: number) => {
  const previous = getPreviousState<number>();
  const doubled = await double(n);
  return entrypoint.final({ value: doubled + (previous ?? 0), save: doubled });
});

async function functional() {
  const value = await workflow.invoke(2, { configurable: { thread_id: "f" } });
  const resumed = await workflow.invoke(new Command({ resume: true }), { configurable: { thread_id: "f" } });
  const agentResult = await agent.invoke({ messages: [new HumanMessage("hi")] }, { configurable: { thread_id: "a" } });
  return [value, resumed, agentResult.messages];
}

export { run, errors, helpers, functional, merged, same, schemaGraph, zodGraph };
