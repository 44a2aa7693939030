// Uses the whole typed API of langgraph-wasm; checked with `tsc --noEmit -p tests/js/types`
// (never run). Lines marked @ts-expect-error must stay type errors.
import {
  START,
  END,
  Send,
  Command,
  interrupt,
  MemorySaver,
  StateGraph,
  CompiledStateGraph,
  ready,
  WasmLoadError,
  WasmNotReadyError,
  type Interrupt,
  type NodeRuntime,
  type RunnableConfig,
  type StateSnapshot,
  type StreamMode,
  type CheckpointConfig,
  type GraphErrorName,
  type DrawableGraph,
  type ImageBlob,
  type InvokeResult,
  type UpdatesChunk,
} from "langgraph-wasm";

// Helpers that pin a value's type: `expectType<T>(value)` fails to compile unless value is a T.
function expectType<T>(_value: T): void {}
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertEqual<A, B>(_proof: Equal<A, B>): void {}

const start: "__start__" = START;
const end: "__end__" = END;
const parent: "__parent__" = Command.PARENT;

// --- The seed flow, untyped state (Record<string, any>) ---------------------------------------
const seed = new StateGraph({ channels: { some_text: null } })
  .addNode("human_node", (state) => ({ some_text: interrupt<string>({ text_to_revise: state.some_text }) }))
  .addEdge(START, "human_node")
  .compile({ checkpointer: new MemorySaver() });

async function seedFlow(): Promise<void> {
  const config = { configurable: { thread_id: "t1" } };
  const paused = await seed.invoke({ some_text: "original text" }, config);
  const pending: Interrupt[] | undefined = paused.__interrupt__;
  expectType<string | undefined>(pending?.[0]?.id);
  const done = await seed.invoke(new Command({ resume: "Edited text" }), config);
  expectType<unknown>(done.some_text);
  await seed.invoke(new Command({ resume: { [pending![0].id]: "Edited text" } }), config);
}

// --- A typed state ----------------------------------------------------------------------------
interface Message {
  id?: string;
  role: "user" | "ai";
  content: string;
}
type State = {
  text: string;
  items: number[];
  total: number;
  meta: Record<string, string>;
  messages: Message[];
};
interface Context {
  model: string;
}

const builder = new StateGraph<State, Context>({
  channels: {
    text: null,
    items: "append",
    total: { reducer: (a: number, b: number) => a + b, default: () => 0 },
    meta: { reducer: "merge", default: {} },
    messages: "messages",
  },
});

// @ts-expect-error: every state key needs a channel spec
new StateGraph<State>({ channels: { text: null } });
// @ts-expect-error: an unknown reducer name
new StateGraph<{ a: number }>({ channels: { a: "concat" } });

const child = new StateGraph<{ text: string }>({ channels: { text: null } })
  .addNode("shout", (s) => ({ text: s.text.toUpperCase() }))
  .addNode("escalate", () => new Command({ graph: Command.PARENT, goto: "review", update: { text: "from child" } }))
  .addEdge(START, "shout")
  .addEdge("shout", "escalate")
  .compile({ name: "child" });

builder
  .addNode("draft", (state, runtime) => {
    expectType<State>(state);
    expectType<NodeRuntime<Context>>(runtime);
    expectType<string>(runtime.node);
    expectType<Context>(runtime.context);
    const thread: string | undefined = runtime.config.configurable.thread_id;
    runtime.writer({ progress: 0.5, thread });
    return { text: `${state.text} (${runtime.context.model})`, total: 1 };
  })
  .addNode("ask", async (state, { interrupt: ask }) => {
    await Promise.resolve();
    const answer = ask<boolean>({ approve: state.text });
    return answer ? { meta: { approved: "yes" } } : new Command({ goto: END });
  })
  .addNode(
    "worker",
    (args: { n: number }) => ({ items: [args.n] }),
    { retryPolicy: { maxAttempts: 3, initialInterval: 10, retryOn: (e) => e.name === "ConnectionError" } },
  )
  .addNode("route", () => new Command({ goto: [new Send("worker", { n: 1 }), "review"], update: { total: 2 } }), {
    ends: ["worker", "review"],
  })
  .addNode("review", (s) => ({ messages: [{ role: "ai", content: `reviewed ${s.items.length}` }] }))
  .addNode("child", child)
  .addNode("noop", () => undefined)
  // @ts-expect-error: a node's update may only use state keys
  .addNode("bad", () => ({ nope: 1 }))
  .addEdge(START, "draft")
  .addEdge(["draft", "ask"], "route")
  .addConditionalEdges("draft", (s) => (s.total > 0 ? "ask" : END), ["ask", END])
  .addConditionalEdges("review", (s) => (s.items.length ? "done" : "again"), { done: "child", again: "route" })
  .addConditionalEdges("child", (s) => s.items.map((n) => new Send("worker", { n })))
  .addSequence([
    ["s1", () => ({ total: 1 })],
    ["s2", async () => ({ total: 2 })],
  ])
  .addSequence({ s3: () => ({}), s4: () => null });

const graph: CompiledStateGraph<State, Context> = builder.compile({
  checkpointer: new MemorySaver(),
  interruptBefore: ["review"],
  interruptAfter: "*",
});

async function run(): Promise<void> {
  const config: RunnableConfig<Context> = {
    configurable: { thread_id: "t2", user: "ann" },
    recursionLimit: 50,
    context: { model: "m1" },
    durability: "sync",
    metadata: { source_app: "tests" },
    interruptBefore: ["ask"],
    interruptAfter: ["draft"],
  };

  const result: InvokeResult<State> = await graph.invoke({ text: "hi", items: [] }, config);
  expectType<string>(result.text);
  expectType<Interrupt[] | undefined>(result.__interrupt__);
  await graph.invoke(null, config);
  await graph.invoke(new Command({ resume: false }), config);
  await graph.invoke(new Command({ update: { total: 5 }, goto: "review" }), config);
  // @ts-expect-error: input keys must be state keys
  await graph.invoke({ unknown: 1 }, config);

  // stream: one mode → chunks; a list → [mode, chunk]; subgraphs → namespace first.
  for await (const chunk of graph.stream({ text: "x" }, { ...config, streamMode: "values" })) {
    expectType<string>(chunk.text);
  }
  for await (const chunk of graph.stream({ text: "x" }, config)) {
    expectType<Interrupt[] | undefined>(chunk.__interrupt__);
  }
  for await (const [mode, chunk] of graph.stream({ text: "x" }, { ...config, streamMode: ["updates", "custom"] })) {
    if (mode === "updates") expectType<Interrupt[] | undefined>(chunk.__interrupt__);
  }
  for await (const [namespace, mode, chunk] of await graph.stream(null, {
    ...config,
    streamMode: ["tasks", "checkpoints", "debug"],
    subgraphs: true,
  })) {
    expectType<string[]>(namespace);
    if (mode === "tasks") expectType<string>(chunk.name);
    if (mode === "tasks") expectType<Record<string, unknown> | undefined>(chunk.metadata);
    if (mode === "checkpoints") expectType<number>(chunk.metadata.step);
    if (mode === "checkpoints") expectType<Array<string | number | boolean>>(chunk.tasks[0].path);
    if (mode === "checkpoints") expectType<number | undefined>(chunk.config.recursion_limit);
    if (mode === "debug") expectType<"checkpoint" | "task" | "task_result">(chunk.type);
  }
  for await (const [namespace, chunk] of graph.stream(null, { ...config, streamMode: "custom", subgraphs: true })) {
    expectType<string[]>(namespace);
    expectType<unknown>(chunk);
  }
  const modes: StreamMode[] = ["values", "updates", "tasks", "checkpoints", "debug", "custom"];
  const stream = graph.stream({ text: "x" }, { ...config, streamMode: modes });
  await stream.next();
  await stream.return();
  // @ts-expect-error: not a stream mode
  graph.stream({ text: "x" }, { streamMode: "messages-tuple" });

  const snapshot: StateSnapshot<State> = await graph.getState(config);
  expectType<string[]>(snapshot.next);
  expectType<string>(snapshot.values.text);
  expectType<string | undefined>(snapshot.config.configurable.checkpoint_id);
  expectType<string | undefined>(snapshot.createdAt);
  expectType<CheckpointConfig | undefined>(snapshot.parentConfig);
  expectType<"input" | "loop" | "update" | "fork" | undefined>(snapshot.metadata?.source);
  for (const task of snapshot.tasks) {
    expectType<string>(task.id);
    expectType<string>(task.name);
    expectType<Interrupt[]>(task.interrupts);
  }
  await graph.getState(config, { subgraphs: true });

  const saved: CheckpointConfig = await graph.updateState(config, { text: "manual" }, "draft");
  await graph.updateState(config, { total: 3 });
  // @ts-expect-error: updateState takes state keys
  await graph.updateState(config, { nope: 3 });

  for await (const past of graph.getStateHistory(config, { limit: 5, before: saved, filter: { source: "loop" } })) {
    expectType<number | undefined>(past.metadata?.step);
    await graph.invoke(null, { configurable: { ...past.config.configurable } });
  }

  const drawing: DrawableGraph = graph.getGraph();
  expectType<string>(drawing.nodes["agent"]!.name);
  expectType<string[]>(Object.keys(drawing.nodes));
  expectType<boolean>(drawing.edges[0]!.conditional);
  expectType<string>(drawing.drawMermaid());
  expectType<string>(drawing.drawMermaid({ withStyles: false, curveStyle: "basis", wrapLabelNWords: 4 }));
  expectType<Promise<ImageBlob>>(drawing.drawMermaidPng({ backgroundColor: "#fff" }));
  expectType<string | undefined>(drawing.firstNode()?.id);
  expectType<string>(graph.drawMermaid());
  expectType<DrawableGraph>(graph.getGraph({ xray: 1 }));
  expectType<Promise<DrawableGraph>>(graph.getGraphAsync({ xray: true }));
}

// Errors are identified by name.
async function errors(): Promise<void> {
  try {
    await seed.invoke(new Command({ resume: "again" }), { configurable: { thread_id: "t1" } });
  } catch (error) {
    const name = (error as Error).name as GraphErrorName;
    if (name === "NothingToResumeError" || name === "AmbiguousResumeError") return;
    throw error;
  }
}

// The types of the generics (exact, so that an accidental `any` fails).
type IsAny<T> = 0 extends 1 & T ? true : false;
assertEqual<IsAny<InvokeResult<State>["text"]>, false>(true);
assertEqual<Awaited<ReturnType<typeof graph.invoke>>, InvokeResult<State>>(true);
assertEqual<Awaited<ReturnType<typeof graph.getState>>["values"], State>(true);
type Item<T> = T extends AsyncIterable<infer I> ? I : never;
type ValuesItem = Item<ReturnType<typeof graph.stream<"values", false>>>;
assertEqual<ValuesItem, InvokeResult<State>>(true);
type ListItem = Item<ReturnType<typeof graph.stream<["values", "custom"], false>>>;
assertEqual<ListItem, ["values", InvokeResult<State>] | ["custom", any]>(true);
type NamespacedItem = Item<ReturnType<typeof graph.stream<"values", true>>>;
assertEqual<NamespacedItem, [string[], InvokeResult<State>]>(true);
const defaultStream = graph.stream({ text: "x" });
assertEqual<Item<typeof defaultStream>, UpdatesChunk<State>>(true);
assertEqual<IsAny<NodeRuntime<Context>["context"]>, false>(true);
assertEqual<ReturnType<typeof interrupt<number>>, number>(true);
assertEqual<Parameters<typeof graph.updateState>[2], string | undefined>(true);
// @ts-expect-error: a compiled graph is made by compile(), not constructed
new CompiledStateGraph();

export { seedFlow, run, errors, start, end, parent };

// Loading the engine: optional, awaitable, with an optional place to find the wasm.
async function loadEarly(): Promise<void> {
  await ready();
  await ready({ wasm: "/assets/langgraph_wasm_bg.wasm" });
  await ready({ wasm: new URL("https://example.com/engine.wasm") });
  try {
    await ready();
  } catch (error) {
    if (error instanceof WasmLoadError) {
      const name: "WasmLoadError" = error.name;
      void name;
    }
    if (error instanceof WasmNotReadyError) void error.message;
  }
  // @ts-expect-error: ready() takes options, not a URL string
  await ready("/engine.wasm");
}
void loadEarly;
