// The benchmark graphs, written once against the adapter surface (./adapters.mjs) and built on
// either library. Ported from the shapes of LangGraph's Python benchmarks (libs/langgraph/bench:
// sequential, fanout_to_subgraph, wide_state, react_agent), plus the seed's interrupt→resume
// round trip and a state-size sweep. Inputs come from a seeded generator, so both libraries get
// the same data; every shape has a `digest` of its final state, so the harness can check that
// both libraries computed the same thing before timing them.

/** A small seeded PRNG (mulberry32): the same inputs on both sides, run after run. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const letters = (random, n) => Array.from({ length: n }, () => LETTERS[Math.floor(random() * 26)]);
const uuid = (random) =>
  "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (c) => {
    const r = Math.floor(random() * 16);
    return (c === "x" ? r : (r & 3) | 8).toString(16);
  });

/** A message's type on either side (plain objects here, LangChain message classes there). */
const messageType = (m) => m.type ?? m._getType?.() ?? m.role;

// --- sequential_N: MessagesState and N no-op nodes in a line (N+1 steps). ---

function sequential(a, n, saver) {
  const g = a.stateGraph({ messages: { reducer: "messages", default: () => [] } });
  let previous = a.START;
  for (let i = 0; i < n; i++) {
    const name = `node_${i}`;
    g.addNode(name, () => undefined);
    g.addEdge(previous, name);
    previous = name;
  }
  g.addEdge(previous, a.END);
  return g.compile({ checkpointer: saver });
}

// --- fanout_to_subgraph_Nx: N Sends to a subgraph that runs 12 nodes each. ---

function fanoutToSubgraph(a, saver, probe) {
  const sub = a
    .stateGraph({ subject: {}, jokes: {} }, { input: ["subject"], output: ["jokes"] })
    .addNode("edit", (s) => (probe?.(), { subject: `${s.subject} - hohoho` }))
    .addNode("generate", (s) => (probe?.(), { jokes: [`Joke about ${s.subject}`] }))
    .addNode("bump", (s) => (probe?.(), { jokes: [s.jokes[0] + " a"] }))
    .addEdge(a.START, "edit")
    .addEdge("edit", "generate")
    .addEdge("generate", "bump")
    .addConditionalEdges("bump", (s) => (s.jokes[0].endsWith(" a".repeat(10)) ? a.END : "bump"))
    .compile();
  return a
    .stateGraph({ subjects: {}, jokes: { reducer: "add", default: () => [] } })
    .addNode("generate_joke", sub)
    .addConditionalEdges(a.START, (s) => s.subjects.map((subject) => new a.Send("generate_joke", { subject })))
    .addEdge("generate_joke", a.END)
    .compile({ checkpointer: saver });
}

function fanoutInput(n) {
  const random = rng(7);
  return { subjects: Array.from({ length: n }, () => letters(random, 1000)) };
}

// --- wide_state_{25x300,15x600,9x1200}: 16 keys, custom reducers, a loop of 6 nodes. ---

const LIST_FIELDS = new Set(["messages", "trigger_events", "categorizations", "responses", "memory_docs", "relevant_rules"]);
const DICT_FIELDS = new Set(["user_info", "crm_info", "slack_participants", "notified_assignees", "autoresponse", "issue"]);

function wideState(a, n, saver) {
  const keepNew = (x, y) => (y !== null && y !== undefined ? y : x);
  const g = a.stateGraph({
    messages: { reducer: "add", default: () => [] },
    trigger_events: { reducer: "add", default: () => [] },
    primary_issue_medium: { reducer: (x, y) => y || x, default: () => "email" },
    autoresponse: { reducer: (_, y) => y, default: () => null },
    issue: { reducer: (x, y) => (y ? y : x), default: () => null },
    relevant_rules: {},
    memory_docs: {},
    categorizations: { reducer: "add", default: () => [] },
    responses: { reducer: "add", default: () => [] },
    user_info: { reducer: keepNew, default: () => null },
    crm_info: { reducer: keepNew, default: () => null },
    email_thread_id: { reducer: keepNew, default: () => null },
    slack_participants: { reducer: "merge", default: () => ({}) },
    bot_id: {},
    notified_assignees: { reducer: "merge", default: () => ({}) },
  });
  // Python writes random n-letter strings; a generator seeded by what the node read keeps both
  // libraries' states identical even though `three` and `four` run in parallel.
  const readWrite = (read, write) => (state) => {
    let value = state[read];
    if (typeof value === "string") value = { [value]: value };
    const single = Array.isArray(value) ? value[value.length - 1] : value;
    const list = Array.isArray(value) ? value : [value];
    const random = rng(list.length * 31 + write.length);
    const out = {};
    for (const key of write) {
      out[key] = LIST_FIELDS.has(key) ? list : DICT_FIELDS.has(key) ? single : letters(random, n).join("");
    }
    return out;
  };
  g.addNode("one", readWrite("messages", ["trigger_events", "primary_issue_medium"]))
    .addNode("two", readWrite("trigger_events", ["autoresponse", "issue"]))
    .addNode("three", readWrite("autoresponse", ["relevant_rules"]))
    .addNode("four", readWrite("trigger_events", ["categorizations", "responses", "memory_docs"]))
    .addNode(
      "five",
      readWrite("categorizations", ["user_info", "crm_info", "email_thread_id", "slack_participants", "bot_id", "notified_assignees"]),
    )
    .addNode("six", readWrite("responses", ["messages"]))
    .addEdge(a.START, "one")
    .addEdge("one", "two")
    .addEdge("two", "three")
    .addEdge("two", "four")
    .addEdge(["three", "four"], "five")
    .addEdge("five", "six")
    .addConditionalEdges("six", (s) => (s.messages.length > n ? a.END : "one"));
  return g.compile({ checkpointer: saver });
}

function wideInput(i, j) {
  const inner = () =>
    Object.fromEntries(Array.from({ length: j }, (_, y) => [String(y).repeat(10), Array(5).fill(["hi?".repeat(10), true, 1, 6327816386138, null]).flat()]));
  return { messages: [Object.fromEntries(Array.from({ length: i }, (_, x) => [String(x).repeat(10), inner()]))] };
}

// --- react_agent_Nx: an agent/tools loop with a scripted model (N tool calls, then an answer). ---

function reactAgent(a, nTools, saver) {
  const random = rng(11);
  const toolName = uuid(random);
  // LangChain's message classes where the adapter has them (both sides, in Node), else plain objects.
  const ai = (fields) => (a.messages ? new a.messages.AIMessage(fields) : { type: "ai", ...fields });
  const toolMessage = (fields) => (a.messages ? new a.messages.ToolMessage(fields) : { type: "tool", ...fields });
  const responses = Array.from({ length: nTools }, () =>
    ai({
      content: "",
      tool_calls: [{ id: uuid(random), name: toolName, args: { query: uuid(random).repeat(100) }, type: "tool_call" }],
      id: uuid(random),
    }),
  );
  responses.push(ai({ content: "answer".repeat(100), id: uuid(random) }));
  let turn = 0;
  const model = () => {
    const response = responses[turn];
    turn = turn < responses.length - 1 ? turn + 1 : 0;
    return response;
  };
  const tool = ({ query }) => `result for query: ${query}`.repeat(10);
  return a
    .stateGraph({ messages: { reducer: "messages", default: () => [] } })
    .addNode("agent", () => ({ messages: [model()] }))
    .addNode("tools", (call) => ({
      messages: [toolMessage({ content: tool(call.args), tool_call_id: call.id, name: call.name })],
    }))
    .addEdge(a.START, "agent")
    .addConditionalEdges("agent", (s) => {
      const calls = s.messages[s.messages.length - 1].tool_calls ?? [];
      return calls.length ? calls.map((c) => new a.Send("tools", c)) : a.END;
    })
    .addEdge("tools", "agent")
    .compile({ checkpointer: saver });
}

/** The react agent's input: a human message (a class where the adapter has them). */
const reactInput = (a) => ({ messages: [a.messages ? new a.messages.HumanMessage("hi?") : { type: "human", content: "hi?" }] });

// --- the seed: a node that interrupts, resumed by a Command. ---

function seed(a, saver) {
  return a
    .stateGraph({ some_text: {} })
    .addNode("human_node", (s, runtime) => ({ some_text: a.interrupt({ text_to_revise: s.some_text }, runtime) }))
    .addEdge(a.START, "human_node")
    .compile({ checkpointer: saver });
}

// --- state-size sweep: a state of `bytes` bytes, and a node that only bumps a counter. ---

/** About `bytes` bytes of JSON: records of ~110 bytes each. */
export function blobOfSize(bytes) {
  const count = Math.max(1, Math.round(bytes / 110));
  return Array.from({ length: count }, (_, i) => ({ id: i, text: "x".repeat(90) }));
}

function sweepGraph(a, saver, stamps) {
  return a
    .stateGraph({ blob: {}, n: {}, limit: {} })
    .addNode("tick", (s) => (stamps?.push(performance.now()), { n: s.n + 1 }))
    .addEdge(a.START, "tick")
    .addConditionalEdges("tick", (s) => (s.n >= s.limit ? a.END : "tick"))
    .compile({ checkpointer: saver });
}

const threadIds = (() => {
  let n = 0;
  return () => `bench-${globalThis.process?.pid ?? "page"}-${++n}`;
})();

/** Drains a run in `updates` mode, as LangGraph's Python benchmarks do; returns the chunk count. */
export async function drain(graph, input, threadId) {
  const config = { configurable: { thread_id: threadId ?? threadIds() }, recursionLimit: 1_000_000_000, streamMode: "updates" };
  let chunks = 0;
  for await (const _ of await graph.stream(input, config)) chunks++;
  return chunks;
}

/** Each message's class (so both sides must keep LangChain's classes), type and content length. */
const digestMessages = (messages) =>
  messages.map((m) => `${m.constructor?.name ?? "Object"}:${messageType(m)}:${String(m.content).length}`).join(",");

/**
 * The shapes. Each has `build(adapter, {checkpointer, probe})` → a ready sample `{ run() }` (the
 * timed part), and `verify(adapter)` → a digest of its final state (the same on both sides).
 * `size` picks full ("bench") or tiny ("smoke") inputs.
 */
export function shapes(size = "bench") {
  const smoke = size === "smoke";
  const list = [];
  const add = (name, make, input, digest, { checkpointOnly = false } = {}) => {
    for (const checkpoint of checkpointOnly ? [true] : [false, true]) {
      list.push({
        name,
        checkpoint,
        build(a, opts = {}) {
          const graph = make(a, checkpoint ? a.checkpointer() : undefined, opts.probe);
          const data = input(a);
          return { run: () => drain(graph, data) };
        },
        async verify(a) {
          const graph = make(a, checkpoint ? a.checkpointer() : undefined);
          const config = { configurable: { thread_id: threadIds() }, recursionLimit: 1_000_000_000 };
          return digest(await graph.invoke(input(a), config));
        },
      });
    }
  };

  for (const n of smoke ? [3] : [10, 1000]) {
    add(`sequential_${n}`, (a, s) => sequential(a, n, s), () => ({ messages: [] }), (out) => `messages=${out.messages.length}`);
  }
  for (const n of smoke ? [2] : [10, 100]) {
    add(
      `fanout_to_subgraph_${n}x`,
      (a, s, probe) => fanoutToSubgraph(a, s, probe),
      () => fanoutInput(n),
      (out) => `jokes=${out.jokes.length} ${[...out.jokes].sort().join("|").length} ${out.jokes.every((j) => j.endsWith(" a".repeat(10)))}`,
    );
  }
  const wide = smoke ? [[2, 2, 3]] : [[5, 5, 300], [3, 5, 600], [3, 3, 1200]];
  for (const [i, j, n] of wide) {
    add(
      `wide_state_${i * j}x${n}`,
      (a, s) => wideState(a, n, s),
      () => wideInput(i, j),
      (out) =>
        `messages=${out.messages.length} responses=${out.responses.length} ` +
        `medium=${out.primary_issue_medium.length} bot=${out.bot_id.length} users=${Object.keys(out.slack_participants).length}`,
    );
  }
  for (const n of smoke ? [2] : [10, 100]) {
    add(
      `react_agent_${n}x`,
      (a, s) => reactAgent(a, n, s),
      reactInput,
      (out) => digestMessages(out.messages),
    );
  }
  // One sample is `trips` round trips on fresh threads; reported per round trip.
  const trips = smoke ? 2 : 50;
  list.push({
    name: "seed_interrupt_resume",
    checkpoint: true,
    perUnit: trips,
    unit: "round trip",
    build(a) {
      const graph = seed(a, a.checkpointer());
      return {
        async run() {
          for (let t = 0; t < trips; t++) {
            const config = { configurable: { thread_id: threadIds() } };
            await graph.invoke({ some_text: "original text" }, config);
            await graph.invoke(new a.Command({ resume: "Edited text" }), config);
          }
        },
      };
    },
    async verify(a) {
      const graph = seed(a, a.checkpointer());
      const config = { configurable: { thread_id: threadIds() } };
      const paused = await graph.invoke({ some_text: "original text" }, config);
      const done = await graph.invoke(new a.Command({ resume: "Edited text" }), config);
      return JSON.stringify([paused.__interrupt__.map((i) => i.value), done.some_text]);
    },
  });
  return list;
}

/**
 * The page's shapes (headless Chromium): `make(adapter, saver)` → a function that runs one
 * sample. The page builds each graph once per saver and runs its samples on fresh threads.
 */
export function browserShapes(size = "bench") {
  const smoke = size === "smoke";
  const n = smoke ? 3 : 100;
  const trips = smoke ? 2 : 20;
  return [
    { name: `sequential_${n}`, make: (a, saver) => ((g) => () => drain(g, { messages: [] }))(sequential(a, n, saver)) },
    {
      name: "seed_interrupt_resume",
      unit: "round trip",
      perUnit: trips,
      make: (a, saver) => {
        const graph = seed(a, saver);
        // `single`, when given, gets each round trip's time (the run's median is of whole runs).
        return async (single) => {
          for (let t = 0; t < trips; t++) {
            const config = { configurable: { thread_id: threadIds() } };
            const t0 = performance.now();
            await graph.invoke({ some_text: "original text" }, config);
            const done = await graph.invoke(new a.Command({ resume: "Edited text" }), config);
            single?.push(performance.now() - t0);
            if (done.some_text !== "Edited text") throw new Error(`${a.name}: the resumed run ended with ${JSON.stringify(done)}`);
          }
        };
      },
    },
  ];
}

/** Sweep sizes (bytes) and steps per sample. */
export function sweepPlan(size = "bench") {
  return size === "smoke" ? { sizes: [1_000, 10_000], steps: 4 } : { sizes: [1e3, 1e4, 1e5, 1e6, 1e7], steps: 20 };
}

/**
 * One sweep sample: a fresh saver and thread holding a `bytes`-sized state (untimed), then a
 * timed run of `steps` steps that each write one number. Returns the per-step times (ms) between
 * consecutive node starts, which leave out the run's fixed start and end costs.
 */
export async function sweepSample(a, bytes, steps, blob = blobOfSize(bytes)) {
  const stamps = [];
  const graph = sweepGraph(a, a.checkpointer(), stamps);
  const threadId = threadIds();
  await drain(graph, { blob, n: 0, limit: 0 }, threadId);
  stamps.length = 0;
  await drain(graph, { n: 0, limit: steps }, threadId);
  return stamps.slice(1).map((t, i) => t - stamps[i]);
}

/**
 * Checkpoint bytes of one react_agent run on a MemorySaver: `{ bytes, steps }`, bytes as each
 * library's saver holds them (LangGraph.js: its serialized records; langgraph-wasm: the JSON of its
 * records, a list saved as a delta counting its new items), steps the run's updates chunks.
 */
export async function reactAgentStorage(a, nTools) {
  const saver = a.checkpointer();
  const graph = reactAgent(a, nTools, saver);
  const steps = await drain(graph, reactInput(a));
  return { bytes: a.storedBytes(saver), steps };
}
