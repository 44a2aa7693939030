// Uses the whole typed Client API of langgraph-wasm, and pins it to @langchain/langgraph-sdk's own
// types where the shapes should match: `tsc --noEmit -p tests/js/types` fails if they drift.
// Checked only, never run. Lines marked @ts-expect-error must stay type errors.
//
// The SDK's types come from target/tools (`npm install --prefix target/tools --no-save
// @langchain/langgraph-sdk@1.9.31`, done by `make tools`), mapped in tsconfig.json's `paths`.
import {
  START,
  StateGraph,
  MemorySaver,
  interrupt,
  Client,
  type Assistant,
  type AssistantGraph,
  type AssistantsClient,
  type Checkpoint,
  type ClientError,
  type ClientErrorName,
  type GraphErrorName,
  type GraphSchema,
  type Interrupt,
  type Item,
  type ListNamespaceResponse,
  type MultitaskStrategy,
  type QuarantinedRecord,
  type Run,
  type RunCommand,
  type RunPayload,
  type RunResult,
  type RunStatus,
  type RunStreamEvent,
  type RunsClient,
  type SearchItem,
  type SearchItemsResponse,
  type StoreClient,
  type StreamMode,
  type ServerStreamMode,
  type Subgraphs,
  type Thread,
  type ThreadsClient,
  type ThreadState,
  type ThreadStatus,
  type ThreadTask,
  type AssistantVersion,
  type GraphEntry,
  type StoreItem,
} from "langgraph-wasm";
import type {
  Assistant as SdkAssistant,
  AssistantGraph as SdkAssistantGraph,
  Checkpoint as SdkCheckpoint,
  Client as SdkClient,
  Command as SdkCommand,
  Config as SdkConfig,
  Interrupt as SdkInterrupt,
  Item as SdkItem,
  ListNamespaceResponse as SdkListNamespaceResponse,
  Run as SdkRun,
  SearchItem as SdkSearchItem,
  StreamMode as SdkStreamMode,
  Thread as SdkThread,
  ThreadState as SdkThreadState,
  ThreadStatus as SdkThreadStatus,
  ThreadTask as SdkThreadTask,
} from "@langchain/langgraph-sdk";

function expectType<T>(_value: T): void {}
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertEqual<A, B>(_proof: Equal<A, B>): void {}
type IsAny<T> = 0 extends 1 & T ? true : false;
/** Compiles only if A is assignable to B. */
function assignable<A, B>(_proof: [A] extends [B] ? true : false): void {}

// --- The seed's flows ---------------------------------------------------------------------------
const agent = new StateGraph({ channels: { some_text: null } })
  .addNode("human_node", (state) => ({ some_text: interrupt<string>({ text_to_revise: state.some_text }) }))
  .addEdge(START, "human_node")
  .compile();
const client = new Client({ graphs: { agent } });
new Client({ graphs: { agent }, checkpointer: new MemorySaver() });
// @ts-expect-error: the graphs are required
new Client({});
// Stored records the client could not read back, moved aside (read-only).
const quarantined: QuarantinedRecord[] = client.quarantined;
expectType<"threads" | "runs" | "store_items" | undefined>(quarantined[0]?.store);
// @ts-expect-error: the report is read-only
client.quarantined = [];
// @ts-expect-error: graphs are compiled graphs
new Client({ graphs: { agent: new StateGraph({ channels: { x: null } }) } });

async function seedFlows(input: Record<string, unknown>): Promise<void> {
  // Dynamic interrupt: the seed's JavaScript, verbatim after the client construction.
  const assistantID = "agent";
  const thread = await client.threads.create();
  const threadID = thread["thread_id"];
  const result = await client.runs.wait(threadID, assistantID, { input: { some_text: "original text" } });
  const pending: Interrupt[] | undefined = result["__interrupt__"];
  expectType<string | undefined>(pending?.[0]?.id);
  const resumed = await client.runs.wait(threadID, assistantID, { command: { resume: "Edited text" } });
  expectType<unknown>(resumed.some_text);

  // Static interrupts, per run.
  await client.runs.wait(threadID, assistantID, {
    input: input,
    interruptBefore: ["node_a"],
    interruptAfter: ["node_b", "node_c"],
  });
  await client.runs.wait(threadID, assistantID, { input: null });
  await client.runs.wait(threadID, assistantID, { interruptBefore: "*" });
}

// --- A typed state --------------------------------------------------------------------------------
type State = { some_text: string; count: number };
const typed = new Client<State>({ graphs: { agent } });

async function everything(): Promise<void> {
  // assistants
  const assistants: AssistantsClient = client.assistants;
  const assistant: Assistant = await assistants.get("agent");
  expectType<string>(assistant.assistant_id);
  expectType<string>(assistant.graph_id);
  expectType<string | null>(assistant.description);
  expectType<number>(assistant.version);
  const found: Assistant[] = await assistants.search({ graphId: "agent", name: "ag", metadata: { created_by: "system" }, limit: 5, offset: 0 });
  await assistants.search();
  const drawing: AssistantGraph = await assistants.getGraph(assistant.assistant_id);
  expectType<string>(drawing.nodes[0]!.data.name);
  expectType<boolean>(drawing.edges[0]!.conditional);
  const schemas: GraphSchema = await assistants.getSchemas("agent");
  expectType<string>(schemas.graph_id);
  const subgraphs: Subgraphs = await assistants.getSubgraphs("agent");
  expectType<Record<string, unknown>>(subgraphs["child"]!.state);

  // threads
  const threads: ThreadsClient<State> = typed.threads;
  const thread: Thread<State> = await threads.create({ threadId: "t1", ifExists: "do_nothing", metadata: { owner: "ana" }, graphId: "agent" });
  await threads.create({ ifExists: "raise" });
  await threads.create();
  // @ts-expect-error: ifExists is "raise" or "do_nothing"
  await threads.create({ ifExists: "replace" });
  expectType<string>(thread.thread_id);
  expectType<ThreadStatus>(thread.status);
  expectType<string>(thread.values.some_text);
  expectType<Record<string, Interrupt[]>>(thread.interrupts);
  expectType<{ error: string; message: string } | null | undefined>(thread.error);
  expectType<Thread<State>>(await threads.get("t1"));
  expectType<Thread<{ other: 1 }>>(await threads.get<{ other: 1 }>("t1"));
  expectType<Thread<State>>(await threads.update("t1", { metadata: { tag: 1 } }));
  expectType<void>(await threads.delete("t1"));
  const list: Thread<State>[] = await threads.search({
    metadata: { owner: "ana" },
    values: { some_text: "x" },
    ids: ["t1"],
    status: "interrupted",
    limit: 10,
    offset: 0,
    sortBy: "updated_at",
    sortOrder: "asc",
  });
  // @ts-expect-error: not a thread status
  await threads.search({ status: "paused" });
  expectType<Thread<State>>(await threads.copy(list[0]!.thread_id));

  const state: ThreadState<State> = await threads.getState("t1");
  expectType<string>(state.values.some_text);
  expectType<string[]>(state.next);
  expectType<string | null>(state.checkpoint.checkpoint_id);
  expectType<"input" | "loop" | "update" | "fork" | undefined>(state.metadata?.source);
  expectType<number | undefined>(state.metadata?.step);
  expectType<string | null>(state.created_at);
  expectType<Checkpoint | null>(state.parent_checkpoint);
  const task: ThreadTask<State> | undefined = state.tasks[0];
  expectType<Interrupt[] | undefined>(task?.interrupts);
  expectType<string | null | undefined>(task?.error);
  await threads.getState("t1", state.parent_checkpoint!, { subgraphs: true });
  await threads.getState("t1", "1f0-checkpoint-id");
  const saved = await threads.updateState("t1", { values: { some_text: "edited" }, asNode: "human_node" });
  expectType<Checkpoint>(saved.checkpoint);
  await threads.updateState("t1", { values: { count: 1 }, checkpoint: saved.checkpoint });
  await threads.updateState("t1", { values: { count: 2 }, checkpointId: saved.checkpoint.checkpoint_id! });
  // @ts-expect-error: values are the state's keys
  await threads.updateState("t1", { values: { nope: 1 } });
  const history: ThreadState<State>[] = await threads.getHistory("t1", {
    limit: 5,
    before: { configurable: { checkpoint_id: saved.checkpoint.checkpoint_id } },
    metadata: { source: "loop" },
    checkpoint: { checkpoint_ns: "" },
  });
  await threads.getHistory("t1");
  expectType<number>(history.length);

  // runs
  const runs: RunsClient<State> = typed.runs;
  const controller = new AbortController();
  const payload: RunPayload = {
    input: { some_text: "x" },
    config: { recursion_limit: 10, tags: ["t"], configurable: { user: "ana" } },
    context: { model: "m" },
    metadata: { origin: "tests" },
    checkpointId: saved.checkpoint.checkpoint_id!,
    checkpoint: { checkpoint_id: saved.checkpoint.checkpoint_id },
    interruptBefore: ["human_node"],
    interruptAfter: "*",
    streamMode: ["values", "updates", "tasks", "checkpoints", "debug", "custom"],
    streamSubgraphs: true,
    multitaskStrategy: "enqueue",
    ifNotExists: "create",
    onCompletion: "keep",
    signal: controller.signal,
    onRunCreated: ({ run_id, thread_id }) => {
      expectType<string>(run_id);
      expectType<string | undefined>(thread_id);
    },
  };
  const command: RunCommand = { resume: false, update: [["some_text", "u"]], goto: [{ node: "human_node", input: {} }, "x"] };
  const run: Run = await runs.create("t1", "agent", payload);
  await runs.create(null, "agent", { input: { some_text: "stateless" }, onCompletion: "delete" });
  expectType<string | null>(run.thread_id);
  expectType<RunStatus>(run.status);
  expectType<MultitaskStrategy>(run.multitask_strategy);
  const waited: RunResult<State> = await runs.wait("t1", "agent", { command });
  expectType<string>(waited.some_text);
  expectType<Interrupt[] | undefined>(waited.__interrupt__);
  await runs.wait(null, "agent", { input: { some_text: "x" }, streamMode: "values" });
  for await (const event of runs.stream("t1", "agent", { input: null, streamMode: "updates" })) {
    expectType<RunStreamEvent>(event);
    expectType<string>(event.event);
    expectType<string | undefined>(event.id);
    if (event.event === "metadata") expectType<string>(event.data.run_id);
  }
  for await (const event of runs.stream(null, "agent")) expectType<string>(event.event);
  expectType<RunResult<State>>(await runs.join("t1", run.run_id));
  for await (const event of runs.joinStream("t1", run.run_id, { lastEventId: "3" })) expectType<unknown>(event.data);
  runs.joinStream("t1", run.run_id);
  expectType<Run>(await runs.get("t1", run.run_id));
  const listed: Run[] = await runs.list("t1", { limit: 2, offset: 1, status: "pending" });
  await runs.list("t1");
  expectType<void>(await runs.cancel("t1", run.run_id));
  await runs.cancel("t1", run.run_id, true, "rollback");
  expectType<void>(await runs.delete("t1", listed[0]!.run_id));
  // @ts-expect-error: not a multitask strategy
  await runs.create("t1", "agent", { multitaskStrategy: "queue" });
  // @ts-expect-error: the server's onCompletion values are "delete" | "keep" (not the SDK's "complete")
  await runs.create(null, "agent", { onCompletion: "complete" });
  await runs.create("t1", "agent", { streamMode: ["messages-tuple", "messages", "events", "values"] });
  // @ts-expect-error: a run needs an assistant
  await runs.wait("t1");

  // store
  const store: StoreClient = client.store;
  expectType<void>(await store.putItem(["docs", "a"], "k", { kind: "x" }));
  // @ts-expect-error: an item's value is an object
  await store.putItem(["docs"], "k", 5);
  const item: Item | null = await store.getItem(["docs", "a"], "k");
  expectType<string | undefined>(item?.createdAt);
  expectType<string | undefined>(item?.created_at);
  expectType<Record<string, any> | undefined>(item?.value);
  expectType<void>(await store.deleteItem(["docs", "a"], "k"));
  const searched: SearchItemsResponse = await store.searchItems(["docs"], { filter: { kind: "x" }, limit: 5, offset: 1 });
  const hit: SearchItem | undefined = searched.items[0];
  expectType<number | null | undefined>(hit?.score);
  await store.searchItems([]);
  const namespaces: ListNamespaceResponse = await store.listNamespaces({ prefix: ["docs"], suffix: ["a"], maxDepth: 1, limit: 10, offset: 0 });
  expectType<string[][]>(namespaces.namespaces);
  await store.listNamespaces();

  // errors: a name and an HTTP status
  try {
    await client.threads.get("missing");
  } catch (error) {
    const e = error as ClientError;
    expectType<number>(e.status);
    // A run that failed in a node rejects under the node's own error class name.
    expectType<ClientErrorName | GraphErrorName | (string & {})>(e.name);
    if (e.name === "NotFoundError" && e.status === 404) return;
  }
}

// No accidental `any` in the results.
assertEqual<IsAny<Awaited<ReturnType<RunsClient<State>["wait"]>>["some_text"]>, false>(true);
assertEqual<Awaited<ReturnType<RunsClient<State>["wait"]>>, RunResult<State>>(true);
assertEqual<IsAny<Thread["values"]>, false>(true);
assertEqual<typeof client.runs, RunsClient<Record<string, any>>>(true);

// =================================================================================================
// Against @langchain/langgraph-sdk 1.9.31's own types.
//
// Records flow from us to code typed with the SDK, so ours must be assignable to the SDK's, except
// where the SDK's types and the LangGraph server's wire data differ (we follow the wire data).
// Options flow from SDK-typed code to us, so every SDK option we accept must take the SDK's
// values; `Unsupported<...>` pins the SDK options we do not take, and `Invented<...>` that we
// take none the SDK does not have.
// =================================================================================================
type Sdk = SdkClient<Record<string, any>>;
type Options<F extends (...args: any) => any, I extends number = 0> = NonNullable<Parameters<F>[I]>;
// (For overloaded methods, `Parameters` reads the last overload: the one with a thread id.)
type SdkRunsWaitPayload = Options<Sdk["runs"]["wait"], 2>;
type SdkRunsStreamPayload = Options<Sdk["runs"]["stream"], 2>;
type SdkRunsCreatePayload = Options<Sdk["runs"]["create"], 2>;
type Invented<Ours, Theirs> = Exclude<keyof Ours, keyof Theirs>;
type Unsupported<Ours, Theirs> = Exclude<keyof Theirs, keyof Ours>;
/** The SDK's options that we take too, minus `Except`, take the same values as ours. */
type Shared<Ours, Theirs, Except> = Exclude<Extract<keyof Theirs, keyof Ours>, Except>;
function accepts<Ours, Theirs, Except extends keyof Theirs = never>(
  _proof: [Pick<Theirs, Shared<Ours, Theirs, Except>>] extends [Pick<Ours, Shared<Ours, Theirs, Except>>] ? true : false,
): void {}

// Whole client objects, where the shapes match exactly.
const sdkStore: Pick<Sdk["store"], "putItem" | "getItem" | "deleteItem" | "listNamespaces"> = client.store;
// (`wait`, `create` and `stream` differ in `onCompletion` and the stream modes: see the payloads below.)
const sdkRuns: Pick<Sdk["runs"], "join" | "joinStream" | "cancel" | "delete"> = client.runs;
const sdkThreads: Pick<Sdk["threads"], "delete"> = client.threads;

// Records.
assignable<Checkpoint, SdkCheckpoint>(true);
assignable<Interrupt, SdkInterrupt>(true);
assignable<ThreadStatus, SdkThreadStatus>(true);
assignable<SdkThreadStatus, ThreadStatus>(true);
assignable<RunStatus, SdkRun["status"]>(true);
assignable<SdkRun["status"], RunStatus>(true);
assignable<MultitaskStrategy, NonNullable<SdkRun["multitask_strategy"]>>(true);
assignable<StreamMode, SdkStreamMode>(true);
assertEqual<Exclude<SdkStreamMode, ServerStreamMode>, "tools">(true);
// The SDK types `description` as `string | undefined`; the server sends null.
assignable<Assistant, Omit<SdkAssistant, "description">>(true);
assertEqual<Invented<Assistant, SdkAssistant>, never>(true);
assignable<AssistantGraph, SdkAssistantGraph>(true);
assignable<ListNamespaceResponse, SdkListNamespaceResponse>(true);
// `state_updated_at`: the JS server does not send it.
assignable<Thread, Omit<SdkThread, "state_updated_at">>(true);
assertEqual<Invented<Thread, SdkThread>, never>(true);
// A task's `checkpoint` is `{thread_id, checkpoint_ns}` on the wire; `path` is the server's extra.
assignable<ThreadTask, Omit<SdkThreadTask, "checkpoint" | "state">>(true);
assignable<ThreadTask["checkpoint"], Pick<SdkCheckpoint, "thread_id" | "checkpoint_ns"> | null | undefined>(true);
assertEqual<Invented<ThreadTask, SdkThreadTask>, "path">(true);
// `interrupts` is Python's extra field.
assignable<ThreadState, Omit<SdkThreadState, "tasks">>(true);
assertEqual<Invented<ThreadState, SdkThreadState>, "interrupts">(true);
// A stateless run's `thread_id` is null; `kwargs` is the server's extra.
assignable<Run, Omit<SdkRun, "thread_id">>(true);
assertEqual<Invented<Run, SdkRun>, "kwargs">(true);
// Items carry both the snake_case and the SDK's camelCase dates; a search hit's `score` is null.
assignable<Item, SdkItem>(true);
assertEqual<Invented<Item, SdkItem>, "created_at" | "updated_at">(true);
assignable<SearchItem, Omit<SdkSearchItem, "score">>(true);
assignable<Awaited<ReturnType<ThreadsClient["updateState"]>>, { checkpoint: Omit<SdkCheckpoint, "checkpoint_map"> }>(true);

// Run payloads.
assertEqual<Invented<RunPayload, SdkRunsWaitPayload>, never>(true);
assertEqual<Invented<RunPayload, SdkRunsCreatePayload>, never>(true);
assertEqual<Invented<RunPayload, SdkRunsStreamPayload>, never>(true);
assertEqual<
  Unsupported<RunPayload, SdkRunsWaitPayload>,
  | "webhook"
  | "onDisconnect"
  | "_langsmithTracer"
  | "streamResumable"
  | "streamIdleReconnect"
  | "feedbackKeys"
  | "raiseError"
>(true);
// onCompletion: the SDK types "complete" | "continue", the server takes "delete" | "keep";
// streamMode: checked above (the SDK's has modes we do not stream).
accepts<RunPayload, SdkRunsWaitPayload, "onCompletion" | "streamMode">(true);
accepts<RunPayload, SdkRunsCreatePayload, "onCompletion" | "streamMode">(true);
assignable<SdkCommand, RunCommand>(true);
assignable<SdkConfig, NonNullable<RunPayload["config"]>>(true);
assignable<AbortController["signal"], NonNullable<RunPayload["signal"]>>(true);
assignable<NonNullable<SdkRunsWaitPayload["onRunCreated"]>, NonNullable<RunPayload["onRunCreated"]>>(true);
assignable<SdkRunsWaitPayload["input"], RunPayload["input"]>(true);

// Method options.
type Ours = Client<Record<string, any>>;
accepts<Options<Ours["assistants"]["search"]>, Options<Sdk["assistants"]["search"]>>(true);
assertEqual<Invented<Options<Ours["assistants"]["search"]>, Options<Sdk["assistants"]["search"]>>, never>(true);
assertEqual<Unsupported<Options<Ours["assistants"]["search"]>, Options<Sdk["assistants"]["search"]>>, "signal">(true);
// context: the SDK types it `unknown`; the server takes an object.
accepts<Options<Ours["assistants"]["create"]>, Options<Sdk["assistants"]["create"]>, "context">(true);
assertEqual<Invented<Options<Ours["assistants"]["create"]>, Options<Sdk["assistants"]["create"]>>, never>(true);
accepts<Options<Ours["assistants"]["update"], 1>, Options<Sdk["assistants"]["update"], 1>, "context">(true);
assertEqual<Invented<Options<Ours["assistants"]["update"], 1>, Options<Sdk["assistants"]["update"], 1>>, never>(true);
accepts<Options<Ours["assistants"]["getVersions"], 1>, Options<Sdk["assistants"]["getVersions"], 1>>(true);
accepts<Options<Ours["assistants"]["getSubgraphs"], 1>, Options<Sdk["assistants"]["getSubgraphs"], 1>>(true);
accepts<Options<Ours["assistants"]["delete"], 1>, Options<Sdk["assistants"]["delete"], 1>>(true);

accepts<Options<Ours["threads"]["create"]>, Options<Sdk["threads"]["create"]>>(true);
assertEqual<Invented<Options<Ours["threads"]["create"]>, Options<Sdk["threads"]["create"]>>, never>(true);
assertEqual<Unsupported<Options<Ours["threads"]["create"]>, Options<Sdk["threads"]["create"]>>, "ttl" | "signal">(true);
accepts<Options<Ours["threads"]["update"], 1>, Options<Sdk["threads"]["update"], 1>>(true);
assertEqual<Invented<Options<Ours["threads"]["update"], 1>, Options<Sdk["threads"]["update"], 1>>, never>(true);
// sortBy: the SDK also names "status" and "state_updated_at", which we do not sort by.
accepts<Options<Ours["threads"]["search"]>, Options<Sdk["threads"]["search"]>, "sortBy">(true);
assignable<NonNullable<Options<Ours["threads"]["search"]>["sortBy"]>, NonNullable<Options<Sdk["threads"]["search"]>["sortBy"]>>(true);
assertEqual<Invented<Options<Ours["threads"]["search"]>, Options<Sdk["threads"]["search"]>>, never>(true);
assertEqual<Unsupported<Options<Ours["threads"]["search"]>, Options<Sdk["threads"]["search"]>>, "select" | "extract" | "signal">(true);
assignable<Options<Sdk["threads"]["getState"], 1>, Options<Ours["threads"]["getState"], 1>>(true);
accepts<Options<Ours["threads"]["getState"], 2>, Options<Sdk["threads"]["getState"], 2>>(true);
// values: the SDK's is a free type parameter; ours are the state's keys.
accepts<Options<Ours["threads"]["updateState"], 1>, Options<Sdk["threads"]["updateState"], 1>, "values">(true);
assertEqual<Invented<Options<Ours["threads"]["updateState"], 1>, Options<Sdk["threads"]["updateState"], 1>>, never>(true);
accepts<Options<Ours["threads"]["getHistory"], 1>, Options<Sdk["threads"]["getHistory"], 1>>(true);
assertEqual<Invented<Options<Ours["threads"]["getHistory"], 1>, Options<Sdk["threads"]["getHistory"], 1>>, never>(true);
assertEqual<Unsupported<Options<Ours["threads"]["getHistory"], 1>, Options<Sdk["threads"]["getHistory"], 1>>, "signal">(true);

accepts<Options<Ours["runs"]["list"], 1>, Options<Sdk["runs"]["list"], 1>>(true);
assertEqual<Invented<Options<Ours["runs"]["list"], 1>, Options<Sdk["runs"]["list"], 1>>, never>(true);
assertEqual<Unsupported<Options<Ours["runs"]["list"], 1>, Options<Sdk["runs"]["list"], 1>>, "select" | "signal">(true);
assignable<Parameters<Sdk["runs"]["cancel"]>[3], Parameters<Ours["runs"]["cancel"]>[3]>(true);

accepts<Options<Ours["store"]["searchItems"], 1>, Options<Sdk["store"]["searchItems"], 1>>(true);
assertEqual<Invented<Options<Ours["store"]["searchItems"], 1>, Options<Sdk["store"]["searchItems"], 1>>, never>(true);
accepts<Options<Ours["store"]["listNamespaces"]>, Options<Sdk["store"]["listNamespaces"]>>(true);
assertEqual<Invented<Options<Ours["store"]["listNamespaces"]>, Options<Sdk["store"]["listNamespaces"]>>, never>(true);

/** Assistants you create, graph entries with defaults and factories, schemas, the store from nodes. */
async function assistantsAndGraphs() {
  const typed = new StateGraph<{ answer: string; model: string }>({
    channels: { answer: null, model: { schema: { type: "string", enum: ["a", "b"] } } },
    contextSchema: { type: "object", properties: { tone: { type: "string" } } },
  })
    .addNode("reply", async (_, runtime) => {
      const item = await runtime.store?.get(["ns"], "key");
      expectType<StoreItem | null | undefined>(item);
      await runtime.store?.put(["ns"], "key", { a: 1 });
      return { answer: String(item?.value.a) };
    })
    .addEdge(START, "reply")
    .compile();
  const entries: Record<string, GraphEntry> = {
    plain: typed,
    withDefaults: { graph: typed, config: { configurable: { model: "a" } }, context: { tone: "dry" } },
    factory: (config) => (config.configurable.fast ? typed : typed),
    asyncFactory: { graph: async () => typed, context: {} },
  };
  const client = new Client({ graphs: entries });
  const made: Assistant = await client.assistants.create({ graphId: "plain", context: { tone: "warm" }, ifExists: "do_nothing" });
  const updated: Assistant = await client.assistants.update(made.assistant_id, { metadata: { a: 1 } });
  const versions: AssistantVersion[] = await client.assistants.getVersions(updated.assistant_id, { limit: 2 });
  expectType<number>(versions[0].version);
  const page = await client.assistants.search({ includePagination: true, sortBy: "name" });
  expectType<string | null>(page.next);
  expectType<Assistant[]>(await client.assistants.search({ graphId: "plain" }));
  expectType<number>(await client.assistants.count({ name: "pl" }));
  expectType<Assistant>(await client.assistants.setLatest(made.assistant_id, 1));
  await client.assistants.getSubgraphs(made.assistant_id, { recurse: true });
  await client.assistants.delete(made.assistant_id, { deleteThreads: true });
  await client.runs.create(null, "plain", { input: {}, afterSeconds: 1 });
}

export { seedFlows, everything, sdkStore, sdkRuns, sdkThreads, assistantsAndGraphs };
