// Bad input never costs anyone a paused run. Each case below sends one bad request — through
// the JS Client, or over HTTP through `createFetch` and `serve()` — to a thread paused at the
// seed's `interrupt()`, and checks three things:
//   1. it is refused with the named error (and over HTTP, the status) the case names;
//   2. the thread is exactly as it was: its record (status, values, interrupts, metadata,
//      updated_at), its state, its history and its run list;
//   3. the seed flow still runs on it afterwards: resuming gives the edited text.
// A thread can also start "done" (its run finished: nothing to resume) or "fresh" (never run).
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";

import { Client, MemorySaver, StateGraph, START, createFetch, interrupt } from "../../pkg/index.node.js";
import { serve } from "../../pkg/node.js";

const UNKNOWN_INTERRUPT = "0123456789abcdef0123456789abcdef";
const UNKNOWN_CHECKPOINT = "1ef4f797-8335-6428-8001-8a1503f9b875";
const nested = (levels) => Array.from({ length: levels }).reduce((inner) => [inner], 1);
const DEEP = nested(127);

function clientWithGraphs() {
  const agent = new StateGraph({ channels: { some_text: null } })
    .addNode("human_node", (state) => ({ some_text: interrupt({ text_to_revise: state.some_text }) }))
    .addEdge(START, "human_node")
    .compile();
  const done = new StateGraph({ channels: { some_text: null } })
    .addNode("echo", (state) => ({ some_text: `${state.some_text}!` }))
    .addEdge(START, "echo")
    .compile();
  return new Client({ graphs: { agent, done } });
}

/** A thread in the state a case starts from, with its interrupt id when it is paused. */
async function thread(client, from) {
  const { thread_id } = await client.threads.create({ metadata: { owner: "ann" } });
  if (from === "paused") {
    const paused = await client.runs.wait(thread_id, "agent", { input: { some_text: "original text" } });
    return { tid: thread_id, interruptId: paused.__interrupt__[0].id };
  }
  if (from === "done") await client.runs.wait(thread_id, "done", { input: { some_text: "hi" } });
  return { tid: thread_id };
}

/** Everything a refusal must leave as it was. */
async function snapshot(client, tid) {
  return {
    thread: await client.threads.get(tid),
    state: await client.threads.getState(tid),
    history: await client.threads.getHistory(tid, { limit: 100 }),
    runs: await client.runs.list(tid, { limit: 100 }),
    threads: (await client.threads.search({ limit: 1000 })).length,
  };
}

/** The seed flow goes on: a paused thread resumes; a done or fresh one runs the seed anew. */
async function seedStillRuns(client, tid, from) {
  if (from !== "paused") {
    const paused = await client.runs.wait(tid, "agent", { input: { some_text: "original text" } });
    assert.equal(paused.__interrupt__.length, 1);
  }
  const resumed = await client.runs.wait(tid, "agent", { command: { resume: "Edited text" } });
  assert.deepEqual(resumed, { some_text: "Edited text" });
}

// --- the JS Client ------------------------------------------------------------------------------

const run = (method) => (payload, options = {}) => ({
  name: options.name ?? "UnprocessableEntityError",
  status: options.status ?? 422,
  from: options.from ?? "paused",
  call: (c, { tid }) => {
    const out = c.runs[method](options.thread === undefined ? tid : options.thread, options.assistant ?? "agent", payload);
    return method === "stream" ? out.next() : out;
  },
});

/** `[label, case]` for every run method: the same bad payload through wait, create and stream. */
const everyRun = (label, payload, options) =>
  ["wait", "create", "stream"].map((method) => [`runs.${method}: ${label}`, run(method)(payload, options)]);

const clientCases = [
  ...everyRun("an unknown assistant", { input: {} }, { assistant: "ghost", name: "NotFoundError", status: 404 }),
  ...everyRun("an unknown thread", { input: {} }, { thread: "ghost-thread", name: "NotFoundError", status: 404 }),
  ...everyRun("a numeric thread id", { input: {} }, { thread: 123 }),
  ...everyRun("an object as thread id", { input: {} }, { thread: {} }),
  ...everyRun("a numeric assistant id", { input: {} }, { assistant: 7 }),
  ...everyRun("input 42", { input: 42 }),
  ...everyRun("input a string", { input: "original text" }),
  ...everyRun("input a list", { input: [1] }),
  ...everyRun("input holding a function", { input: { some_text: () => "x" } }),
  ...everyRun("input holding a Map", { input: { some_text: new Map() } }),
  ...everyRun("input nested 127 deep", { input: { data: DEEP } }),
  ...everyRun("input and a command", { input: { some_text: "x" }, command: { resume: "x" } }),
  ...everyRun("a command that is a string", { command: "go" }),
  ...everyRun("an empty command", { command: {} }, { name: "EmptyInputError" }),
  ...everyRun("goto an unknown node", { command: { goto: "nowhere" } }, { name: "InvalidUpdateError" }),
  ...everyRun("goto a number", { command: { goto: 3 } }),
  ...everyRun("goto a Send without a node", { command: { goto: { input: 1 } } }),
  ...everyRun("a string update", { command: { update: "str" } }),
  ...everyRun("an update of an unknown key", { command: { update: { not_a_channel: 1 } } }, { name: "InvalidUpdateError" }),
  ...everyRun("a resume map with an unknown id", { command: { resume: { [UNKNOWN_INTERRUPT]: "x" } } }, {
    name: "AmbiguousResumeError",
    status: 409,
  }),
  ...everyRun("a resume nested 127 deep", { command: { resume: DEEP } }),
  ...everyRun("a resume when nothing is pending", { command: { resume: "x" } }, {
    from: "done",
    name: "NothingToResumeError",
    status: 409,
  }),
  ...everyRun("a resume on a thread that never ran", { command: { resume: "x" } }, {
    from: "fresh",
    name: "NothingToResumeError",
    status: 409,
  }),
  ...everyRun("no input on a thread that never ran", {}, { from: "fresh", name: "EmptyInputError" }),
  ...everyRun("a checkpoint id that is not one", { checkpointId: "nope" }, { name: "NotFoundError", status: 404 }),
  ...everyRun("an unknown checkpoint id", { checkpointId: UNKNOWN_CHECKPOINT }, { name: "NotFoundError", status: 404 }),
  ...everyRun("a numeric checkpoint id", { checkpointId: 5 }),
  ...everyRun("a checkpoint that is a number", { checkpoint: 5 }),
  ...everyRun("config 42", { input: { some_text: "x" }, config: 42 }),
  ...everyRun("config.configurable a list", { input: { some_text: "x" }, config: { configurable: [] } }),
  ...everyRun("recursion_limit -1", { input: { some_text: "x" }, config: { recursion_limit: -1 } }),
  ...everyRun("recursion_limit 0", { input: { some_text: "x" }, config: { recursion_limit: 0 } }),
  ...everyRun('recursion_limit "abc"', { input: { some_text: "x" }, config: { recursion_limit: "abc" } }),
  ...everyRun("recursion_limit 2^32", { input: { some_text: "x" }, config: { recursion_limit: 4294967296 } }),
  ...everyRun("recursion_limit 2.5", { input: { some_text: "x" }, config: { recursion_limit: 2.5 } }),
  ...everyRun("config.tags a string", { input: { some_text: "x" }, config: { tags: "a" } }),
  ...everyRun("metadata 5", { input: { some_text: "x" }, metadata: 5 }),
  ...everyRun("metadata a list", { input: { some_text: "x" }, metadata: [1] }),
  ...everyRun("context a string", { input: { some_text: "x" }, context: "ctx" }),
  ...everyRun("interruptBefore naming no node", { input: { some_text: "x" }, interruptBefore: ["nope"] }, {
    name: "InvalidConfigError",
  }),
  ...everyRun("interruptAfter holding a number", { input: { some_text: "x" }, interruptAfter: [1] }),
  ...everyRun("interruptBefore 5", { input: { some_text: "x" }, interruptBefore: 5 }),
  ...everyRun("streamMode [42]", { input: { some_text: "x" }, streamMode: [42] }),
  ...everyRun("an unknown stream mode", { input: { some_text: "x" }, streamMode: "everything" }),
  ...everyRun('streamSubgraphs "yes"', { input: { some_text: "x" }, streamSubgraphs: "yes" }),
  ...everyRun("an unknown multitask strategy", { input: { some_text: "x" }, multitaskStrategy: "shove" }),
  ...everyRun("an unknown ifNotExists", { input: { some_text: "x" }, ifNotExists: "maybe" }),
  ...everyRun("an unknown onCompletion", { input: { some_text: "x" }, onCompletion: "later" }),
  ...everyRun("a metadata Proxy whose traps throw", {
    input: { some_text: "x" },
    metadata: new Proxy({}, { ownKeys() { throw new Error("trap"); } }),
  }),
];

const refuse = (call, name = "UnprocessableEntityError", status = 422, from = "paused") => ({ call, name, status, from });
const hostileMetadata = { get owner() { throw new TypeError("boom"); } };

clientCases.push(
  ["threads.create: a numeric id", refuse((c) => c.threads.create({ threadId: 123 }))],
  ["threads.create: an empty id", refuse((c) => c.threads.create({ threadId: "" }))],
  ["threads.create: an id with a slash", refuse((c) => c.threads.create({ threadId: "a/b" }))],
  ["threads.create: an id with a space", refuse((c) => c.threads.create({ threadId: "a b" }))],
  ["threads.create: metadata 5", refuse((c) => c.threads.create({ metadata: 5 }))],
  ["threads.create: metadata with a throwing getter", refuse((c) => c.threads.create({ metadata: hostileMetadata }))],
  ["threads.create: metadata nested 127 deep", refuse((c) => c.threads.create({ metadata: { deep: DEEP } }))],
  ["threads.create: an unknown ifExists", refuse((c) => c.threads.create({ ifExists: "maybe" }))],
  ["threads.create: the id of a thread that exists", refuse((c, { tid }) => c.threads.create({ threadId: tid }), "ConflictError", 409)],
  ["threads.get: a number", refuse((c) => c.threads.get(123))],
  ["threads.get: an object", refuse((c) => c.threads.get({}))],
  ["threads.get: undefined", refuse((c) => c.threads.get(undefined))],
  ["threads.get: a symbol", refuse((c) => c.threads.get(Symbol("t")))],
  ["threads.get: an unknown id", refuse((c) => c.threads.get("ghost"), "NotFoundError", 404)],
  ["threads.update: metadata 5", refuse((c, { tid }) => c.threads.update(tid, { metadata: 5 }))],
  ["threads.update: a numeric id", refuse((c) => c.threads.update(5, { metadata: {} }))],
  ["threads.update: an unknown id", refuse((c) => c.threads.update("ghost", { metadata: {} }), "NotFoundError", 404)],
  ["threads.delete: a numeric id", refuse((c) => c.threads.delete(5))],
  ["threads.delete: an unknown id", refuse((c) => c.threads.delete("ghost"), "NotFoundError", 404)],
  ["threads.search: limit -1", refuse((c) => c.threads.search({ limit: -1 }))],
  ['threads.search: limit "x"', refuse((c) => c.threads.search({ limit: "x" }))],
  ["threads.search: offset 1.5", refuse((c) => c.threads.search({ offset: 1.5 }))],
  ["threads.search: an unknown status", refuse((c) => c.threads.search({ status: "sleeping" }))],
  ["threads.search: an unknown sortBy", refuse((c) => c.threads.search({ sortBy: "size" }))],
  ["threads.search: an unknown sortOrder", refuse((c) => c.threads.search({ sortOrder: "up" }))],
  ["threads.search: metadata 5", refuse((c) => c.threads.search({ metadata: 5 }))],
  ['threads.search: ids "x"', refuse((c) => c.threads.search({ ids: "x" }))],
  ["threads.copy: a numeric id", refuse((c) => c.threads.copy(5))],
  ["threads.copy: an unknown id", refuse((c) => c.threads.copy("ghost"), "NotFoundError", 404)],
  ["threads.getState: an unknown checkpoint", refuse((c, { tid }) => c.threads.getState(tid, UNKNOWN_CHECKPOINT), "NotFoundError", 404)],
  ["threads.getState: a checkpoint that is a number", refuse((c, { tid }) => c.threads.getState(tid, 5))],
  ["threads.getState: a numeric thread id", refuse((c) => c.threads.getState(5))],
  ["threads.updateState: an unknown key", refuse((c, { tid }) => c.threads.updateState(tid, { values: { nope: 1 }, asNode: "human_node" }), "InvalidUpdateError")],
  ["threads.updateState: an unknown asNode", refuse((c, { tid }) => c.threads.updateState(tid, { values: { some_text: "x" }, asNode: "nope" }), "InvalidUpdateError")],
  ["threads.updateState: a numeric asNode", refuse((c, { tid }) => c.threads.updateState(tid, { values: { some_text: "x" }, asNode: 5 }))],
  ["threads.updateState: values nested 127 deep", refuse((c, { tid }) => c.threads.updateState(tid, { values: { some_text: DEEP } }))],
  ["threads.updateState: an unknown checkpoint", refuse((c, { tid }) => c.threads.updateState(tid, { values: { some_text: "x" }, checkpointId: UNKNOWN_CHECKPOINT }), "NotFoundError", 404)],
  ["threads.updateState: a thread that never ran", refuse((c, { tid }) => c.threads.updateState(tid, { values: { some_text: "x" } }), "BadRequestError", 400, "fresh")],
  ["threads.getHistory: limit -1", refuse((c, { tid }) => c.threads.getHistory(tid, { limit: -1 }))],
  ["threads.getHistory: before 5", refuse((c, { tid }) => c.threads.getHistory(tid, { before: 5 }))],
  ["threads.getHistory: metadata 5", refuse((c, { tid }) => c.threads.getHistory(tid, { metadata: 5 }))],
  ["runs.get: an unknown run", refuse((c, { tid }) => c.runs.get(tid, "ghost"), "NotFoundError", 404)],
  ["runs.get: a numeric run id", refuse((c, { tid }) => c.runs.get(tid, 5))],
  ["runs.list: limit -1", refuse((c, { tid }) => c.runs.list(tid, { limit: -1 }))],
  ["runs.list: an unknown status", refuse((c, { tid }) => c.runs.list(tid, { status: "napping" }))],
  ["runs.join: an unknown run", refuse((c, { tid }) => c.runs.join(tid, "ghost"), "NotFoundError", 404)],
  ["runs.joinStream: an unknown run", refuse((c, { tid }) => c.runs.joinStream(tid, "ghost").next(), "NotFoundError", 404)],
  ["runs.cancel: an unknown run", refuse((c, { tid }) => c.runs.cancel(tid, "ghost"), "NotFoundError", 404)],
  ["runs.delete: an unknown run", refuse((c, { tid }) => c.runs.delete(tid, "ghost"), "NotFoundError", 404)],
  ["runs.delete: a numeric thread id", refuse((c) => c.runs.delete(5, "x"))],
  ["store.putItem: a numeric key", refuse((c) => c.store.putItem(["a"], 42, {}))],
  ["store.putItem: a string namespace", refuse((c) => c.store.putItem("a", "k", {}))],
  ["store.putItem: an empty namespace", refuse((c) => c.store.putItem([], "k", {}), "BadRequestError", 400)],
  ["store.putItem: a label with a period", refuse((c) => c.store.putItem(["a.b"], "k", {}))],
  ["store.putItem: the reserved root label", refuse((c) => c.store.putItem(["langgraph"], "k", {}))],
  ["store.putItem: a value that is not an object", refuse((c) => c.store.putItem(["a"], "k", 5))],
  ["store.putItem: a value holding a function", refuse((c) => c.store.putItem(["a"], "k", { f() {} }))],
  ["store.putItem: a value nested 127 deep", refuse((c) => c.store.putItem(["a"], "k", { deep: DEEP }))],
  ["store.getItem: a numeric key", refuse((c) => c.store.getItem(["a"], 5))],
  ["store.getItem: a numeric namespace", refuse((c) => c.store.getItem(5, "k"))],
  ["store.deleteItem: a namespace of numbers", refuse((c) => c.store.deleteItem([1, 2], "k"))],
  ["store.searchItems: a numeric prefix", refuse((c) => c.store.searchItems(5))],
  ["store.searchItems: limit -1", refuse((c) => c.store.searchItems(["a"], { limit: -1 }))],
  ["store.listNamespaces: maxDepth 0", refuse((c) => c.store.listNamespaces({ maxDepth: 0 }))],
  ['store.listNamespaces: limit "x"', refuse((c) => c.store.listNamespaces({ limit: "x" }))],
  ["assistants.get: an unknown id", refuse((c) => c.assistants.get("ghost"), "NotFoundError", 404)],
  ["assistants.get: a number", refuse((c) => c.assistants.get(5))],
  ["assistants.getGraph: an object", refuse((c) => c.assistants.getGraph({}))],
  ["assistants.getSchemas: an unknown id", refuse((c) => c.assistants.getSchemas("ghost"), "NotFoundError", 404)],
  ["assistants.search: limit -1", refuse((c) => c.assistants.search({ limit: -1 }))],
  ["assistants.search: metadata 5", refuse((c) => c.assistants.search({ metadata: 5 }))],
);

// --- HTTP ---------------------------------------------------------------------------------------

/** A request `(tid, interruptId) → [method, path, body?]` refused with `status` and `name`. */
const http = (request, status, name, from = "paused") => ({ request, status, name, from });
const wait = (body) => (tid) => ["POST", `/threads/${tid}/runs/wait`, body];
const runWith = (extra) => wait({ assistant_id: "agent", ...extra });

const httpCases = [
  ["POST runs/wait: an unknown assistant", http(wait({ assistant_id: "ghost", input: {} }), 404, "NotFoundError")],
  ["POST runs/wait: no assistant_id", http(wait({ input: {} }), 422, "UnprocessableEntityError")],
  ["POST runs/wait: a numeric assistant_id", http(wait({ assistant_id: 5, input: {} }), 422, "UnprocessableEntityError")],
  ["POST runs/wait: a body that is not JSON", http((tid) => ["POST", `/threads/${tid}/runs/wait`, "{not json"], 422, "UnprocessableEntityError")],
  ["POST runs/wait: a body that is a list", http(wait([]), 422, "UnprocessableEntityError")],
  ["POST runs/wait: a body that is a number", http(wait(42), 422, "UnprocessableEntityError")],
  ["POST runs/wait: input 42", http(runWith({ input: 42 }), 422, "UnprocessableEntityError")],
  ["POST runs/wait: input nested 127 deep", http(runWith({ input: { data: nested(120) } }), 422, "UnprocessableEntityError")],
  ["POST runs/wait: a JSON body nested past 128 levels", http(runWith({ input: { data: nested(130) } }), 422, "UnprocessableEntityError")],
  ["POST runs/wait: goto an unknown node", http(runWith({ command: { goto: "nowhere" } }), 422, "InvalidUpdateError")],
  ["POST runs/wait: update a string", http(runWith({ command: { update: "str" } }), 422, "UnprocessableEntityError")],
  ["POST runs/wait: a resume map with an unknown id", http(runWith({ command: { resume: { [UNKNOWN_INTERRUPT]: 1 } } }), 409, "AmbiguousResumeError")],
  ["POST runs/wait: resume when nothing is pending", http(runWith({ command: { resume: "x" } }), 409, "NothingToResumeError", "done")],
  ["POST runs/wait: a bogus checkpoint_id", http(runWith({ checkpoint_id: "nope" }), 404, "NotFoundError")],
  ["POST runs/wait: recursion_limit -1", http(runWith({ input: {}, config: { recursion_limit: -1 } }), 422, "UnprocessableEntityError")],
  ['POST runs/wait: recursion_limit "abc"', http(runWith({ input: {}, config: { recursion_limit: "abc" } }), 422, "UnprocessableEntityError")],
  ["POST runs/wait: config 7", http(runWith({ input: {}, config: 7 }), 422, "UnprocessableEntityError")],
  ["POST runs/wait: configurable a string", http(runWith({ input: {}, config: { configurable: "x" } }), 422, "UnprocessableEntityError")],
  ["POST runs/wait: metadata a string", http(runWith({ input: {}, metadata: "x" }), 422, "UnprocessableEntityError")],
  ["POST runs/wait: interrupt_before naming no node", http(runWith({ input: {}, interrupt_before: ["nope"] }), 422, "InvalidConfigError")],
  ["POST runs/stream: stream_mode [42]", http((tid) => ["POST", `/threads/${tid}/runs/stream`, { assistant_id: "agent", input: {}, stream_mode: [42] }], 422, "UnprocessableEntityError")],
  ["POST runs: an unknown multitask_strategy", http((tid) => ["POST", `/threads/${tid}/runs`, { assistant_id: "agent", input: {}, multitask_strategy: "shove" }], 422, "UnprocessableEntityError")],
  ["POST runs: on_disconnect 5", http((tid) => ["POST", `/threads/${tid}/runs`, { assistant_id: "agent", input: {}, on_disconnect: 5 }], 422, "UnprocessableEntityError")],
  ["POST /runs/wait (stateless): input 42", http(() => ["POST", "/runs/wait", { assistant_id: "agent", input: 42 }], 422, "UnprocessableEntityError")],
  ["POST /runs/batch: not a list", http(() => ["POST", "/runs/batch", { assistant_id: "agent" }], 422, "UnprocessableEntityError")],
  ["POST /threads: a numeric thread_id", http(() => ["POST", "/threads", { thread_id: 123 }], 422, "UnprocessableEntityError")],
  ['POST /threads: thread_id ""', http(() => ["POST", "/threads", { thread_id: "" }], 422, "UnprocessableEntityError")],
  ["POST /threads: supersteps not a list", http(() => ["POST", "/threads", { supersteps: 5 }], 422, "UnprocessableEntityError")],
  ["POST /threads: an existing thread_id", http((tid) => ["POST", "/threads", { thread_id: tid }], 409, "ConflictError")],
  ["PATCH /threads/{id}: metadata 5", http((tid) => ["PATCH", `/threads/${tid}`, { metadata: 5 }], 422, "UnprocessableEntityError")],
  ["POST /threads/search: limit -1", http(() => ["POST", "/threads/search", { limit: -1 }], 422, "UnprocessableEntityError")],
  ["POST /threads/count: status 7", http(() => ["POST", "/threads/count", { status: 7 }], 422, "UnprocessableEntityError")],
  ["GET /threads/{id}/state/{unknown}", http((tid) => ["GET", `/threads/${tid}/state/${UNKNOWN_CHECKPOINT}`], 404, "NotFoundError")],
  ["POST /threads/{id}/state/checkpoint: unknown", http((tid) => ["POST", `/threads/${tid}/state/checkpoint`, { checkpoint: { checkpoint_id: "nope" } }], 404, "NotFoundError")],
  ["POST /threads/{id}/state: as_node unknown", http((tid) => ["POST", `/threads/${tid}/state`, { values: { some_text: "x" }, as_node: "nope" }], 422, "InvalidUpdateError")],
  ["GET /threads/{id}/history?limit=x", http((tid) => ["GET", `/threads/${tid}/history?limit=x`], 422, "UnprocessableEntityError")],
  ["GET /threads/{id}/runs?limit=-2", http((tid) => ["GET", `/threads/${tid}/runs?limit=-2`], 422, "UnprocessableEntityError")],
  ["GET /threads/{id}/runs?status=nope", http((tid) => ["GET", `/threads/${tid}/runs?status=nope`], 422, "UnprocessableEntityError")],
  ["GET /threads/{id}/runs/{unknown}", http((tid) => ["GET", `/threads/${tid}/runs/ghost`], 404, "NotFoundError")],
  ["POST /threads/{id}/runs/{unknown}/cancel", http((tid) => ["POST", `/threads/${tid}/runs/ghost/cancel`], 404, "NotFoundError")],
  ["POST cancel: an unknown action", http((tid) => ["POST", `/threads/${tid}/runs/ghost/cancel?action=smash`], 422, "UnprocessableEntityError")],
  ["PUT /store/items: a numeric key", http(() => ["PUT", "/store/items", { namespace: ["a"], key: 5, value: {} }], 422, "UnprocessableEntityError")],
  ["PUT /store/items: a value that is not an object", http(() => ["PUT", "/store/items", { namespace: ["a"], key: "k", value: [] }], 422, "UnprocessableEntityError")],
  ["POST /store/items/search: limit -1", http(() => ["POST", "/store/items/search", { namespace_prefix: ["a"], limit: -1 }], 422, "UnprocessableEntityError")],
  ["POST /store/namespaces: max_depth 0", http(() => ["POST", "/store/namespaces", { max_depth: 0 }], 422, "UnprocessableEntityError")],
  ["POST /assistants/search: limit -1", http(() => ["POST", "/assistants/search", { limit: -1 }], 422, "UnprocessableEntityError")],
  ["GET a malformed path", http(() => ["GET", "/threads/%E0%A4%A"], 400, "BadRequestError")],
  ["GET an unknown route", http(() => ["GET", "/crons"], 404, "NotFoundError")],
  ["DELETE an unknown thread", http(() => ["DELETE", "/threads/ghost"], 404, "NotFoundError")],
];

/** Sends `[method, path, body?]` with `fetch` (createFetch's, or the global one on `base`). */
async function send(fetchFn, base, [method, path, body]) {
  const init = { method };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    init.headers = { "content-type": "application/json" };
  }
  return fetchFn(`${base}${path}`, init);
}

async function refusedAndUnchanged(client, from, call, name, status) {
  const t = await thread(client, from);
  const before = await snapshot(client, t.tid);
  const error = await call(t).then(
    (value) => assert.fail(`expected ${name}, got ${JSON.stringify(value)?.slice(0, 200)}`),
    (e) => e,
  );
  assert.equal(error.name, name, error.message);
  if (status !== undefined && error.status !== undefined) assert.equal(error.status, status, error.message);
  assert.deepEqual(await snapshot(client, t.tid), before, "the refusal changed the thread");
  await seedStillRuns(client, t.tid, from);
}

describe(`bad input through the JS Client (${clientCases.length} cases)`, () => {
  const client = clientWithGraphs();
  for (const [label, c] of clientCases) {
    test(label, () => refusedAndUnchanged(client, c.from, (t) => c.call(client, t), c.name, c.status));
  }
});

describe(`bad input over HTTP through createFetch (${httpCases.length} cases)`, () => {
  const client = clientWithGraphs();
  const fetchFn = createFetch(client);
  for (const [label, c] of httpCases) {
    test(label, () =>
      refusedAndUnchanged(
        client,
        c.from,
        async ({ tid, interruptId }) => {
          const response = await send(fetchFn, "http://local", c.request(tid, interruptId));
          const body = await response.json();
          assert.equal(response.status, c.status, JSON.stringify(body));
          throw Object.assign(new Error(body.message), { name: body.error, status: response.status });
        },
        c.name,
        c.status,
      ),
    );
  }
});

describe("bad input over HTTP through serve() (the same cases on a real port)", async () => {
  const client = clientWithGraphs();
  const server = await serve({ client, port: 0 });
  after(() => server.close());
  for (const [label, c] of httpCases) {
    test(label, () =>
      refusedAndUnchanged(
        client,
        c.from,
        async ({ tid, interruptId }) => {
          const response = await send(fetch, server.url, c.request(tid, interruptId));
          const body = await response.json();
          assert.equal(response.status, c.status, JSON.stringify(body));
          throw Object.assign(new Error(body.message), { name: body.error, status: response.status });
        },
        c.name,
        c.status,
      ),
    );
  }
});

describe("input keys that are not state keys", () => {
  test("are dropped, as LangGraph's input schema does: a paused thread asked again pauses again", async () => {
    const client = clientWithGraphs();
    const { tid } = await thread(client, "paused");
    const again = await client.runs.wait(tid, "agent", { input: { not_a_channel: 1, some_text: "second" } });
    assert.deepEqual(again.__interrupt__[0].value, { text_to_revise: "second" });
    assert.equal(again.not_a_channel, undefined);
    await seedStillRuns(client, tid, "paused");
  });
});

describe("hostile values from nodes end the run in error, never busy, and the process goes on", () => {
  // Reading the returned value threw: an InvalidUpdateError naming where. Awaiting it threw (its
  // `then` could not be read): the node's own error, as `await` in LangGraph.js gives it.
  const hostile = {
    "a throwing getter": [() => ({ get some_text() { throw new TypeError("boom"); } }), "InvalidUpdateError", /TypeError: boom/],
    "a Proxy whose ownKeys trap throws": [() => new Proxy({}, { ownKeys() { throw new Error("trap"); } }), "InvalidUpdateError", /trap/],
    "a Proxy whose getPrototypeOf trap throws": [() => new Proxy({}, { getPrototypeOf() { throw new Error("proto"); } }), "InvalidUpdateError", /proto/],
    "a revoked Proxy": [
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
      "TypeError",
      /revoked/,
    ],
    // Through the Client a node's error keeps its own class name and message, as the server reports it.
    "a value whose then getter throws": [() => ({ get then() { throw new Error("then"); } }), "Error", /^then$/],
    "a Promise of a throwing getter": [async () => ({ get some_text() { throw new Error("later"); } }), "InvalidUpdateError", /later/],
  };
  for (const [label, [make, name, message]] of Object.entries(hostile)) {
    test(label, async () => {
      const graph = new StateGraph({ channels: { some_text: null } })
        .addNode("bad", () => make())
        .addEdge(START, "bad")
        .compile();
      const client = new Client({ graphs: { bad: graph } });
      const { thread_id } = await client.threads.create();
      const error = await client.runs.wait(thread_id, "bad", { input: { some_text: "x" } }).then(
        () => assert.fail("the run should fail"),
        (e) => e,
      );
      assert.equal(error.name, name, error.message);
      assert.match(error.message, message);
      assert.equal((await client.threads.get(thread_id)).status, "error");
      assert.deepEqual((await client.runs.list(thread_id)).map((r) => r.status), ["error"]);
      // The module is alive: the same client goes on.
      assert.equal((await client.threads.create()).status, "idle");
    });
  }

  test("a reducer returning a hostile value, and a hostile config to invoke", async () => {
    const trap = () => new Proxy([], { get() { throw new Error("reducer trap"); } });
    const graph = new StateGraph({
      channels: { items: { reducer: (a, b) => (b.includes("bad") ? trap() : [...a, ...b]), default: () => [] } },
    })
      .addNode("add", (state) => ({ items: state.items.length ? ["bad"] : ["ok"] }))
      .addEdge(START, "add")
      .compile();
    // The state holds what the reducer returned; saving it is where it is read, and refused.
    const saved = new StateGraph({
      channels: { items: { reducer: (a, b) => (b.includes("bad") ? trap() : [...a, ...b]), default: () => [] } },
    })
      .addNode("add", (state) => ({ items: state.items.length ? ["bad"] : ["ok"] }))
      .addEdge(START, "add")
      .compile({ checkpointer: new MemorySaver() });
    await assert.rejects(saved.invoke({ items: ["x"] }, { configurable: { thread_id: "r" } }), (e) => e.name === "InvalidUpdateError" && /reducer trap/.test(e.message));
    const config = new Proxy({}, { get() { throw new Error("config trap"); } });
    await assert.rejects(graph.invoke({}, config), (e) => e.name === "InvalidArgumentError" && /config trap/.test(e.message));
    assert.deepEqual(await graph.invoke({}), { items: ["ok"] });
  });
});
