// A JS graph's state holds the JS values its nodes return — LangChain message classes included —
// passed to the next node by reference, saved in LangGraph.js's serializer format only when a
// checkpoint is made, and revived as their classes when read back. `@langchain/core` comes from
// bench/ (pinned there; `make test` installs it) and is handed over with `registerLangChain`, as a
// bundled app would do (in Node the package also finds it by itself where it is installed).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

import {
  Client,
  Command,
  MemorySaver,
  Send,
  StateGraph,
  START,
  END,
  interrupt,
  messagesStateReducer,
  registerLangChain,
} from "../../pkg/index.node.js";
import { valueHelpers } from "../../pkg/lib/values.js";

const require = createRequire(new URL("../../bench/package.json", import.meta.url));
const messages = await import(require.resolve("@langchain/core/messages"));
const documents = await import(require.resolve("@langchain/core/documents"));
const { Serializable } = await import(require.resolve("@langchain/core/load/serializable"));
registerLangChain({ messages, documents });

const {
  AIMessage,
  AIMessageChunk,
  ChatMessage,
  FunctionMessage,
  HumanMessage,
  HumanMessageChunk,
  SystemMessage,
  ToolMessage,
  isAIMessage,
  isBaseMessage,
  isToolMessage,
} = messages;

/** A serializable class of the app's own (noted by its namespace when it passes through). */
class Ticket extends Serializable {
  lc_namespace = ["my_app", "tickets"];
  lc_serializable = true;
  constructor(fields) {
    super(fields);
    this.title = fields.title;
  }
  static lc_name() {
    return "Ticket";
  }
}

function everyKind() {
  return [
    new SystemMessage({ content: "be brief", id: "s1" }),
    new HumanMessage({ content: "hi", id: "h1" }),
    new AIMessage({ content: "", id: "a1", tool_calls: [{ id: "c1", name: "lookup", args: { q: "x" }, type: "tool_call" }] }),
    new ToolMessage({ content: "found", tool_call_id: "c1", id: "t1" }),
    new ChatMessage({ content: "aside", role: "critic", id: "c2" }),
    new FunctionMessage({ content: "42", name: "f", id: "f1" }),
  ];
}

/** Chunks: the messages reducer makes them whole messages (as LangGraph.js's does); a plain key keeps them. */
function chunks() {
  return [new AIMessageChunk({ content: "partial", id: "k1" }), new HumanMessageChunk({ content: "typing", id: "k2" })];
}

const classNames = (list) => list.map((m) => m.constructor.name);

describe("LangChain messages in state", () => {
  test("without a checkpointer, the next node gets the very objects a node returned", async () => {
    const made = everyKind();
    const drafts = chunks();
    let seen;
    let seenDrafts;
    const graph = new StateGraph({ channels: { messages: "messages", drafts: null } })
      .addNode("make", () => ({ messages: [...made, ...chunks()], drafts }))
      .addNode("read", (state) => {
        seen = state.messages;
        seenDrafts = state.drafts;
        return {};
      })
      .addEdge(START, "make")
      .addEdge("make", "read")
      .compile();
    const out = await graph.invoke({ messages: [] });
    assert.ok(made.every((m, i) => seen[i] === m), "by reference");
    assert.equal(seenDrafts, drafts, "by reference");
    assert.deepEqual(classNames(seen.slice(made.length)), ["AIMessage", "HumanMessage"], "chunks made whole, as LangGraph.js does");
    assert.ok(isAIMessage(seen[2]) && seen[2].getType() === "ai");
    assert.deepEqual(out.messages[2].tool_calls, made[2].tool_calls);
  });

  test("across a checkpoint, every message type (and chunks) comes back as its class: getState, history, the next run", async () => {
    const checkpointer = new MemorySaver();
    const seenAfterResume = [];
    const graph = new StateGraph({ channels: { messages: "messages", drafts: null } })
      .addNode("make", () => ({ messages: everyKind(), drafts: chunks() }))
      .addNode("approve", (state) => {
        const answer = interrupt("approve?");
        seenAfterResume.push(...state.messages, ...state.drafts);
        return { messages: [new AIMessage({ content: `approved: ${answer}`, id: "done" })] };
      })
      .addEdge(START, "make")
      .addEdge("make", "approve")
      .compile({ checkpointer });
    const config = { configurable: { thread_id: "kinds" } };
    await graph.invoke({ messages: [] }, config);

    const state = await graph.getState(config);
    assert.deepEqual(classNames(state.values.messages), classNames(everyKind()));
    assert.deepEqual(classNames(state.values.drafts), ["AIMessageChunk", "HumanMessageChunk"]);
    const [, , ai, tool] = state.values.messages;
    assert.ok(isAIMessage(ai) && ai.getType() === "ai" && isBaseMessage(ai));
    assert.deepEqual(ai.tool_calls, everyKind()[2].tool_calls);
    assert.ok(isToolMessage(tool) && tool.tool_call_id === "c1");

    const history = [];
    for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
    assert.ok(history[0].values.messages.every((m) => isBaseMessage(m)));

    // The resumed run loads the checkpoint: its node gets class instances.
    const out = await graph.invoke(new Command({ resume: "yes" }), config);
    assert.deepEqual(classNames(seenAfterResume), classNames([...everyKind(), ...chunks()]));
    assert.ok(seenAfterResume[2].getType() === "ai");
    assert.equal(out.messages.at(-1).content, "approved: yes");
    assert.ok(out.messages.every((m) => isBaseMessage(m)));
  });

  test("the messages reducer coerces message likes into classes, and replaces and removes by id", async () => {
    const graph = new StateGraph({ channels: { messages: "messages" } })
      .addNode("edit", () => ({
        messages: [
          { role: "assistant", content: "edited", id: "m1" },
          new messages.RemoveMessage({ id: "m2" }),
        ],
      }))
      .addEdge(START, "edit")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "coerce" } };
    const out = await graph.invoke(
      {
        messages: [
          { role: "user", content: "hello", id: "m0" },
          ["assistant", "first"],
          { type: "ai", content: "second", id: "m2" },
        ],
      },
      config,
    );
    const expected = [
      ["HumanMessage", "hello"],
      ["AIMessage", "first"],
      ["AIMessage", "edited"],
    ];
    assert.deepEqual(out.messages.map((m) => [m.constructor.name, m.content]), expected);
    assert.ok(out.messages.every((m) => typeof m.id === "string"));
    const saved = (await graph.getState(config)).values.messages;
    assert.deepEqual(saved.map((m) => [m.constructor.name, m.content]), expected);
  });

  test("called directly, the messages reducer takes a history it returned as it is only while it is frozen", () => {
    // In a graph the state freezes what the reducer returns; an app's own list may change.
    const first = messagesStateReducer([], [new HumanMessage({ content: "a", id: "1" })]);
    first.push({ role: "user", content: "b" });
    const next = messagesStateReducer(first, [new AIMessage({ content: "c", id: "3" })]);
    assert.deepEqual(classNames(next), ["HumanMessage", "HumanMessage", "AIMessage"]);
    assert.ok(typeof next[1].id === "string" && next[1].id.length > 0);
    const frozen = Object.freeze(messagesStateReducer([], [new HumanMessage({ content: "a", id: "1" })]));
    const after = messagesStateReducer(frozen, [new AIMessage({ content: "c", id: "3" })]);
    assert.equal(after[0], frozen[0]);
    assert.deepEqual(classNames(after), ["HumanMessage", "AIMessage"]);
  });

  test("updateState with class instances, and a subgraph and a Send carrying them", async () => {
    const checkpointer = new MemorySaver();
    const inner = new StateGraph({ channels: { messages: "messages" } })
      .addNode("reply", (state) => {
        assert.ok(isBaseMessage(state.messages[0]), "the subgraph gets instances");
        return { messages: [new AIMessage({ content: `inner saw ${state.messages.length}`, id: `in-${state.messages.length}` })] };
      })
      .addEdge(START, "reply")
      .compile();
    const graph = new StateGraph({ channels: { messages: "messages", notes: "append" } })
      .addNode("sub", inner)
      .addNode("note", (message) => {
        assert.ok(isAIMessage(message), "a Send's argument arrives as sent");
        return { notes: [message.content] };
      })
      .addEdge(START, "sub")
      .addConditionalEdges("sub", (state) => [new Send("note", state.messages.at(-1))])
      .addEdge("note", END)
      .compile({ checkpointer });
    const config = { configurable: { thread_id: "sub" } };
    await graph.invoke({ messages: [new HumanMessage({ content: "hi", id: "u1" })] }, config);
    await graph.updateState(config, { messages: [new SystemMessage({ content: "added", id: "s9" })] }, "note");
    const state = await graph.getState(config);
    assert.deepEqual(classNames(state.values.messages), ["HumanMessage", "AIMessage", "SystemMessage"]);
    assert.deepEqual(state.values.notes, ["inner saw 1"]);
  });

  test("a serializable class of the app's own round-trips once its class is known; a Document (not serializable) comes back as its fields, as in LangGraph.js", async () => {
    const graph = new StateGraph({ channels: { items: "append" } })
      .addNode("make", () => ({
        items: [new Ticket({ title: "printer" }), new documents.Document({ pageContent: "manual", metadata: { p: 1 } })],
      }))
      .addEdge(START, "make")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "own" } };
    await graph.invoke({ items: [] }, config);
    const [ticket, doc] = (await graph.getState(config)).values.items;
    assert.ok(ticket instanceof Ticket && ticket.title === "printer");
    assert.deepEqual(doc, { pageContent: "manual", metadata: { p: 1 }, id: undefined });
  });

  test("a long history is saved as deltas and reads back whole at every checkpoint", async () => {
    const graph = new StateGraph({ channels: { messages: "messages", n: null } })
      .addNode("talk", (state) => ({
        messages: [new AIMessage({ content: `turn ${state.n}`, id: `t${state.n}` })],
        n: state.n + 1,
      }))
      .addConditionalEdges("talk", (state) => (state.n < 150 ? "talk" : END))
      .addEdge(START, "talk")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "long" }, recursionLimit: 1000 };
    await graph.invoke({ messages: [], n: 0 }, config);
    const history = [];
    for await (const snapshot of graph.getStateHistory(config, { limit: 1000 })) history.push(snapshot);
    for (const snapshot of history) {
      const n = snapshot.values.n ?? 0;
      assert.deepEqual(
        snapshot.values.messages.map((m) => m.content),
        Array.from({ length: n }, (_, i) => `turn ${i}`),
        `checkpoint at step ${snapshot.metadata.step}`,
      );
      assert.ok(snapshot.values.messages.every((m) => m instanceof AIMessage));
    }
  });

  test("a message is saved as its toJSON writes it; core's own classes without calling it, anything toJSON would change through it", () => {
    const { encode } = valueHelpers;
    const long = "x".repeat(600);
    const nested = { deep: [1, { b: [true, null, "s"] }], empty: {} };
    // Fields toJSON writes as they are: aliases, snake_case for keys of the app's own, content
    // blocks, long strings, LangChain objects inside (written by their own toJSON).
    const plain = (i) => [
      new SystemMessage({ content: `be brief ${i}`, id: `s${i}` }),
      new HumanMessage({ content: [{ type: "text", text: `hi ${i}` }], id: `h${i}`, someField: { innerKey: i } }),
      new HumanMessageChunk({ content: long, id: `k${i}` }),
      new AIMessage({
        content: "",
        id: `a${i}`,
        name: "bot",
        tool_calls: [{ id: `c${i}`, name: "lookup", args: { q: long, nested }, type: "tool_call" }],
        additional_kwargs: { nested, inner: new HumanMessage({ content: "quoted", id: `q${i}` }) },
        response_metadata: { model: "m", tokenUsage: { total: i } },
        usage_metadata: { input_tokens: 1, output_tokens: 2, total_tokens: 3 },
      }),
      new AIMessageChunk({ content: "part", id: `p${i}`, tool_call_chunks: [{ name: "f", args: "{", id: "x", index: 0 }] }),
      new ToolMessage({ content: long, tool_call_id: `c${i}`, name: "lookup", artifact: { rows: [1, 2] } }),
      new ChatMessage({ content: "aside", role: "critic", id: `c${i}` }),
      new FunctionMessage({ content: "42", name: "f", id: `f${i}` }),
      new messages.RemoveMessage({ id: `r${i}` }),
    ];
    // Fields toJSON changes (escapes an `lc` key, writes a Date or a Map as {}, a cycle as
    // not_implemented), and classes it must write itself.
    const cyclic = { name: "loop" };
    cyclic.self = cyclic;
    class AppMessage extends HumanMessage {
      get lc_attributes() {
        return { extra: "added" };
      }
    }
    const overridden = new HumanMessage({ content: "own", id: "o1" });
    overridden.toJSON = () => ({ lc: 1, type: "constructor", id: ["langchain_core", "messages", "HumanMessage"], kwargs: { content: "other" } });
    const odd = () => [
      new AIMessage({ content: "x", additional_kwargs: { looksLikeRecord: { lc: 1, type: "secret", id: ["k"] } } }),
      new AIMessage({ content: "x", additional_kwargs: { escaped: { __lc_escaped__: 1 } } }),
      new HumanMessage({ content: "x", additional_kwargs: { at: new Date(0), map: new Map([[1, 2]]) } }),
      new HumanMessage({ content: "x", additional_kwargs: { cyclic } }),
      new AppMessage({ content: "x", id: "app" }),
      overridden,
    ];
    // What the storage format is for toJSON's own record: the text to match.
    const expected = (m) => encode(m.toJSON());
    // toJSON's walk reads every class's aliases at each call: a spy there tells the two ways apart.
    const getter = Object.getOwnPropertyDescriptor(messages.BaseMessage.prototype, "lc_aliases");
    let reads = 0;
    Object.defineProperty(messages.BaseMessage.prototype, "lc_aliases", {
      ...getter,
      get() {
        reads++;
        return getter.get.call(this);
      },
    });
    try {
      // The first instances check each class (written both ways once).
      for (const m of plain(0)) assert.deepEqual(encode(m), expected(m), m.constructor.name);
      reads = 0;
      new HumanMessage({ content: "quoted" }).toJSON();
      const oneCall = reads;
      assert.ok(oneCall > 0);
      for (const m of plain(1)) {
        const want = expected(m);
        reads = 0;
        const got = encode(m);
        assert.deepEqual(got, want, m.constructor.name);
        // Only the message inside the AIMessage's additional_kwargs is written by its toJSON
        // (JSON.stringify calls it).
        const inside = m instanceof AIMessage && !(m instanceof AIMessageChunk) ? oneCall : 0;
        assert.equal(reads, inside, `${m.constructor.name} written without its toJSON`);
      }
      for (const [i, m] of odd().entries()) {
        const want = expected(m);
        reads = 0;
        assert.deepEqual(encode(m), want, `odd ${i}`);
        // (The override reads no aliases: what it wrote is the check.)
        if (m !== overridden) assert.ok(reads > 0, `odd ${i} written by its toJSON`);
      }
      const [escaped, , dated, looped] = odd().map(encode);
      assert.match(escaped, /"looksLikeRecord":\{"__lc_escaped__":\{"lc":1/);
      assert.match(dated, /"at":\{\},"map":\{\}/);
      assert.match(looped, /"self":\{"lc":1,"type":"not_implemented"/);
      assert.match(encode(overridden), /"content":"other"/);
    } finally {
      Object.defineProperty(messages.BaseMessage.prototype, "lc_aliases", getter);
    }
  });
});

describe("plain data in state, saved as text", () => {
  // A checkpoint keeps the text JS wrote for each value; settled data (plain objects and arrays
  // frozen all the way down) is written once per object and reused at every later save.
  test("data saved at every step reads back equal at every checkpoint (deltas, whole lists, undefined, a Map, a Send)", async () => {
    const append = { reducer: (a, b) => [...a, ...b], default: () => [] };
    const graph = new StateGraph({ channels: { log: append, latest: null, picked: append } })
      .addNode("step", (state) => {
        const n = state.log.length;
        const entry = { n, tags: ["x", n % 2 === 0 ? "even" : "odd"], note: n === 2 ? undefined : `entry ${n}`, nested: { deep: [{ n }] } };
        // The whole log again in a plain key: its items are the very objects already saved.
        return { log: [entry], latest: { all: [...state.log, entry], index: new Map([["n", n]]) } };
      })
      .addNode("pick", (state) => ({ picked: [state.item.n] }))
      .addConditionalEdges("step", (state) =>
        state.log.length < 6 ? "step" : state.log.map((item) => new Send("pick", { ...state, item })),
      )
      .addEdge(START, "step")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "plain" } };
    const done = await graph.invoke({ log: [] }, config);
    assert.deepEqual(done.picked.toSorted(), [0, 1, 2, 3, 4, 5]);
    const history = [];
    for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
    let checked = 0;
    for (const { values } of history) {
      const n = values.log?.length ?? 0;
      const expected = Array.from({ length: n }, (_, i) => ({
        n: i,
        tags: ["x", i % 2 === 0 ? "even" : "odd"],
        note: i === 2 ? undefined : `entry ${i}`,
        nested: { deep: [{ n: i }] },
      }));
      assert.deepEqual(values.log ?? [], expected);
      if (n > 0) {
        assert.deepEqual(values.latest.all, expected);
        assert.ok(values.latest.index instanceof Map && values.latest.index.get("n") === n - 1);
        assert.ok(n < 3 || "note" in values.log[2], "an undefined property comes back as one");
        checked++;
      }
    }
    assert.equal(checked, 7); // six steps, then the picks
  });

  test("a long string stays a JS value in the state: the next node reads it, a checkpoint keeps it, the stream carries it", async () => {
    const long = "x".repeat(5000) + "\u00e9\ud83d\ude00"; // longer than what is copied into the engine
    const saver = new MemorySaver();
    const seen = [];
    const build = () =>
      new StateGraph({ channels: { text: null, short: null, total: { reducer: (a, b) => a + b, default: () => "" } } })
        .addNode("write", () => ({ text: long, short: "s", total: long }))
        .addNode("read", (state) => {
          seen.push(state.text === long, state.total.length);
          return { total: "!" };
        })
        .addEdge(START, "write")
        .addEdge("write", "read")
        .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "long" } };
    const updates = [];
    for await (const chunk of await build().stream({}, { ...config, streamMode: "updates" })) updates.push(chunk);
    assert.deepEqual(seen, [true, long.length]);
    assert.equal(updates[0].write.text, long);
    const { values } = await build().getState(config);
    assert.deepEqual(values, { text: long, short: "s", total: long + "!" });
  });

  test("text of every UTF-8 width is saved and reads back as it was, in short values and long ones", async () => {
    // Two bytes (é), three (한), four (an emoji's surrogate pair): the engine sets aside a byte per
    // character first and, when the text is not ASCII, makes room and writes it again.
    const widths = ["e\u00e9", "\ud55c\uae00", "\ud83d\ude00", "ascii"];
    const saver = new MemorySaver();
    const build = () =>
      new StateGraph({ channels: { items: { reducer: (a, b) => [...a, ...b], default: () => [] }, doc: null } })
        .addNode("write", (state) => ({
          items: widths.map((w) => ({ w, n: state.items.length })),
          doc: { body: widths.join("").repeat(400) + "tail", title: "\u00e9" },
        }))
        .addEdge(START, "write")
        .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "widths" } };
    await build().invoke({}, config);
    await build().invoke({}, config);
    const { values } = await build().getState(config);
    assert.deepEqual(values.items.map((i) => i.w), [...widths, ...widths]);
    assert.deepEqual(values.items.map((i) => i.n), [0, 0, 0, 0, 4, 4, 4, 4]);
    assert.equal(values.doc.body, widths.join("").repeat(400) + "tail");
    assert.equal(values.doc.title, "\u00e9");
  });

  test("MemorySaver keeps what it saved as the JS text it was written to: it survives garbage collection, and a thread's copy outlives the thread", async () => {
    // A full collection on demand (node --test runs files without --expose-gc).
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc");
    const collect = async () => {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 0));
      gc();
    };
    // Made fresh at each call, so that nothing but the saver can hold them once the run is over.
    const text = (tag, n) => `${tag}:${"x\"y\n".repeat(n)}`;
    const graph = new StateGraph({ channels: { notes: { reducer: (a, b) => a.concat(b), default: () => [] }, message: null } })
      .addNode("first", () => ({ notes: [text("long", 400), "short"], message: new AIMessage({ content: text("ai", 300), id: "a1" }) }))
      .addNode("second", () => ({ notes: [{ body: text("more", 500) }] }))
      .addEdge(START, "first")
      .addEdge("first", "second")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "kept" } };
    await graph.invoke({}, config);
    await collect();
    const expected = [text("long", 400), "short", { body: text("more", 500) }];
    const state = await graph.getState(config);
    assert.deepEqual(state.values.notes, expected);
    assert.ok(state.values.message instanceof AIMessage);
    assert.equal(state.values.message.content, text("ai", 300));
    const history = [];
    for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot.values.notes);
    assert.deepEqual(history, [expected, expected.slice(0, 2), [], []]);

    // The Client's thread copy shares the saved texts; deleting the original keeps the copy whole.
    const client = new Client({ graphs: { notes: graph } });
    const { thread_id } = await client.threads.create();
    await client.runs.wait(thread_id, "notes", { input: {} });
    const copy = await client.threads.copy(thread_id);
    await client.threads.delete(thread_id);
    await collect();
    const copied = await client.threads.getState(copy.thread_id);
    assert.deepEqual(copied.values.notes, expected);
    assert.equal(copied.values.message.content, text("ai", 300));
    assert.equal((await client.threads.getHistory(copy.thread_id)).length, 4);
  });

  test("strings that start as the engine's own tokens (MemorySaver's, a handle's) read back as the strings they are", async () => {
    const odd = { json: "\u0000lgw-json:{}", host: "\u0000lgw-host:1", handle: "\u0000lgw:1:0", list: ["\u0000lgw-json:[1]", "\u0000lgw:1:1"] };
    const graph = new StateGraph({ channels: { json: null, host: null, handle: null, list: null, answer: null } })
      .addNode("write", () => odd)
      .addNode("ask", (state, config) => ({ answer: config.interrupt("?") }))
      .addEdge(START, "write")
      .addEdge("write", "ask")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "odd" } };
    await graph.invoke({}, config);
    const paused = await graph.getState(config);
    assert.deepEqual(paused.values, odd);
    const done = await graph.invoke(new Command({ resume: odd.json }), config);
    assert.deepEqual(done, { ...odd, answer: odd.json });
    assert.deepEqual((await graph.getState(config)).values, { ...odd, answer: odd.json });
  });

  test("long strings, which the engine escapes itself, keep every character JSON escapes, wherever they are (and when one holds the encoder's own mark)", async () => {
    // Every control character, the quote and backslash (escaped), and what JSON leaves as it is.
    const every = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("") + '"\\/\u007f\u2028\u2029\u00e9\ud55c\ud83d\ude00';
    const long = (n) => (every + "abc").repeat(Math.ceil(n / (every.length + 3))).slice(0, n);
    // The mark the encoder writes in place of a long string (a NUL and a tag drawn at load): a
    // value holding it is written without setting anything aside.
    const mark = JSON.parse(valueHelpers.mark);
    const values = {
      edges: [long(511), long(512), long(513), long(20000)],
      nested: { a: [{ body: long(3000), tail: "t" }], b: long(600) + "end" },
      message: new ToolMessage({ content: long(5000), tool_call_id: "c1", id: "t1" }),
      holdsMark: { mark, markInLong: long(700) + mark + long(700) },
    };
    const saver = new MemorySaver();
    const received = [];
    const build = () =>
      new StateGraph({ channels: { edges: null, nested: null, message: null, holdsMark: null, echo: null } })
        .addNode("write", () => values)
        .addConditionalEdges("write", () => [new Send("repeat", { text: long(900) })])
        .addNode("repeat", (arg) => {
          received.push(arg.text === long(900));
          return { echo: arg.text };
        })
        .addEdge(START, "write")
        .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "escapes" } };
    await build().invoke({}, config);
    assert.deepEqual(received, [true]);
    const state = await build().getState(config);
    const { message, ...plain } = state.values;
    assert.deepEqual(plain, { edges: values.edges, nested: values.nested, holdsMark: values.holdsMark, echo: long(900) });
    assert.ok(message instanceof ToolMessage);
    assert.equal(message.content, long(5000));
    // Every checkpoint of the history reads back, the one that only has the first step's writes too.
    const history = [];
    for await (const snapshot of build().getStateHistory(config)) history.push(snapshot);
    assert.equal(history.length, 4);
    assert.deepEqual(history[1].values.holdsMark, values.holdsMark);
    assert.deepEqual(history[1].values.edges, values.edges);
  });

  test("random values with long and short strings, shared objects and the mark, saved at every step, read back as the nodes saw them", async () => {
    // A seeded generator: the same cases every run.
    let seed = 0x2545f491;
    const random = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296;
    };
    const pick = (list) => list[Math.floor(random() * list.length)];
    const pool = ["a", "b", " ", "\u0000", "\n", "\t", "\u001f", '"', "\\", "/", "\u007f", "\u00e9", "\ud55c", "\ud83d\ude00", "\u2028", JSON.parse(valueHelpers.mark)];
    const text = () => {
      const length = pick([0, 1, 5, 40, 511, 512, 700, 3000]);
      let out = "";
      while (out.length < length) out += pick(pool);
      return out;
    };
    const made = [];
    const value = (depth) => {
      const kind = depth > 2 ? pick(["text", "number", "leaf"]) : pick(["text", "text", "list", "object", "number", "leaf", "again"]);
      let v;
      if (kind === "text") v = text();
      else if (kind === "number") v = Math.floor(random() * 1e6) / 8;
      else if (kind === "leaf") v = pick([null, true, false]);
      else if (kind === "again" && made.length > 0) return pick(made);
      else if (kind === "list") v = Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      else v = Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [text().slice(0, 8) || "k", value(depth + 1)]));
      if (v !== null && typeof v === "object") made.push(v);
      return v;
    };
    const steps = 12;
    const updates = Array.from({ length: steps }, () => {
      const shared = value(0);
      return { items: [value(1), value(1)], doc: value(0), left: shared, right: random() < 0.5 ? shared : value(0) };
    });
    const seen = [];
    const build = () =>
      new StateGraph({ channels: { items: "append", doc: null, left: null, right: null, step: { reducer: (a, b) => a + b, default: () => 0 } } })
        .addNode("write", (state) => {
          seen.push(structuredClone(state));
          return { ...updates[state.step], step: 1 };
        })
        .addEdge(START, "write")
        .addConditionalEdges("write", (state) => (state.step < steps ? "write" : END))
        .compile({ checkpointer: new MemorySaver() });
    const graph = build();
    const config = { configurable: { thread_id: "random" } };
    const result = await graph.invoke({}, config);
    const expected = { items: updates.flatMap((u) => u.items), doc: updates.at(-1).doc, left: updates.at(-1).left, right: updates.at(-1).right, step: steps };
    assert.deepEqual(structuredClone(result), expected);
    assert.deepEqual((await graph.getState(config)).values, expected);
    // Every checkpoint a node ran from reads back as the state that node was given.
    const history = [];
    for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
    const ranFrom = history.filter((h) => h.next.includes("write")).reverse();
    assert.equal(ranFrom.length, steps);
    ranFrom.forEach((snapshot, i) => assert.deepEqual(structuredClone(snapshot.values), seen[i], `step ${i}`));
  });

  test("a string with an unpaired surrogate on its own is saved with it replaced, long or short, as every string copied into the engine is", async () => {
    const saver = new MemorySaver();
    const short = "a\ud800b";
    const long = "y".repeat(2000) + "\udc00";
    const build = () =>
      new StateGraph({ channels: { short: null, long: null } })
        .addNode("write", () => ({ short, long }))
        .addEdge(START, "write")
        .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "lone" } };
    await build().invoke({}, config);
    const { values } = await build().getState(config);
    assert.deepEqual(values, { short: "a\ufffdb", long: "y".repeat(2000) + "\ufffd" });
  });

  test("a value written through its toJSON (a class instance) may nest 100 levels as written, not one more", async () => {
    // Such values are written by one JSON.stringify, whose replacer measures the nesting of
    // what it writes: the object toJSON returns is a level, a boxed string inside is not.
    class Box {
      constructor(inner) {
        this.inner = inner;
      }
      toJSON() {
        return { boxed: this.inner };
      }
    }
    const nested = (levels, innermost = []) => {
      let value = innermost;
      for (let level = 1; level < levels; level++) value = [value];
      return value;
    };
    const run = async (value, thread) => {
      const graph = new StateGraph({ channels: { x: null } })
        .addNode("writer", () => ({ x: value }))
        .addEdge(START, "writer")
        .compile({ checkpointer: new MemorySaver() });
      const config = { configurable: { thread_id: thread } };
      await graph.invoke({ x: null }, config);
      return (await graph.getState(config)).values.x;
    };
    const depthOf = (v) => (v !== null && typeof v === "object" ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0);
    assert.equal(depthOf(await run(new Box(nested(99)), "hundred")), 100, "100 levels as written are kept");
    const boxedString = await run(new Box(nested(99, [new String("s")])), "boxed");
    assert.equal(depthOf(boxedString), 100, "a boxed string is written as a string, no level of its own");
    await assert.rejects(run(new Box(nested(100)), "deeper"), { name: "InvalidUpdateError", message: /nesting deeper than 100 levels/ });
  });

  test("a list with holes is saved with undefined in them, and reads back", async () => {
    const saver = new MemorySaver();
    const build = () =>
      new StateGraph({ channels: { list: null, nested: null } })
        .addNode("put", () => ({ list: [1, , 3], nested: { inner: [, "x"] } }))
        .addEdge(START, "put")
        .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "holes" } };
    await build().invoke({}, config);
    const { values } = await build().getState(config);
    assert.deepEqual(values.list, [1, undefined, 3]);
    assert.deepEqual(values.nested, { inner: [undefined, "x"] });
  });

  test("items of items of the state, sent to a subgraph and handed back, are saved as what they hold", async () => {
    // Each group is nested data inside a list in the state: written first as part of the input,
    // then again on its own (a Send's argument, the subgraph's input and state, its output).
    const groups = () => [[1, [2, [3]]], ["a", , "c"], [{ x: undefined, y: { z: [null] } }], [], [[[]]]];
    const saver = new MemorySaver();
    const sub = new StateGraph({ channels: { group: null, out: null } })
      .addNode("echo", (state) => ({ out: [state.group] }))
      .addEdge(START, "echo")
      .compile();
    const build = () =>
      new StateGraph({ channels: { groups: null, out: { reducer: (a, b) => [...a, ...b], default: () => [] } } })
        .addNode("each", sub)
        .addConditionalEdges(START, (state) => state.groups.map((group) => new Send("each", { group })))
        .addEdge("each", END)
        .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "nested-items" } };
    await build().invoke({ groups: groups() }, config);
    const expected = groups().map((g) => (g.length === 3 && g[0] === "a" ? ["a", undefined, "c"] : g));
    const { values } = await build().getState(config);
    assert.deepEqual(values.groups, expected);
    const key = (g) => JSON.stringify(g, (_, v) => (v === undefined ? "undefined" : v));
    assert.deepEqual(values.out.map(key).toSorted(), expected.map(key).toSorted());
    assert.ok("x" in values.out.find((g) => g[0]?.y)[0], "an undefined property comes back as one");
  });

  test("an object the app froze, holding plain objects it did not, is frozen all the way down in the state", async () => {
    const graph = new StateGraph({ channels: { box: null, error: null } })
      .addNode("put", () => ({ box: Object.freeze({ inner: { a: 1 } }) }))
      .addNode("change", (state) => {
        try {
          state.box.inner.a = 2;
          return { error: "changed" };
        } catch (e) {
          return { error: e.name };
        }
      })
      .addEdge(START, "put")
      .addEdge("put", "change")
      .compile({ checkpointer: new MemorySaver() });
    const out = await graph.invoke({}, { configurable: { thread_id: "frozen" } });
    assert.equal(out.error, "TypeError");
    assert.deepEqual(out.box, { inner: { a: 1 } });
  });

  test("a list a reducer grew is frozen all the way down, and written whole as what it holds (undefined, a Map) says", async () => {
    // The reducer's result is settled from the list it grew from and its new items alone: what the
    // new items hold must still decide how the whole list is written when another key holds it.
    const saver = new MemorySaver();
    const build = () =>
      new StateGraph({
        channels: {
          log: { reducer: (a, b) => [...a, ...b], default: () => [] },
          // Only what its updates hold (an `undefined`, no class instance) decides how it is written.
          notes: { reducer: (a, b) => [...a, ...b], default: () => [] },
          copy: null,
          error: null,
        },
      })
        .addNode("add", (state) => {
          const n = state.log.length;
          const entry = [{ n, nested: { v: n } }, { n, note: undefined }, { n, index: new Map([["n", n]]) }][n];
          return { log: [entry], notes: [n === 1 ? { n, note: undefined } : { n }] };
        })
        .addNode("check", (state) => {
          let error = "none";
          try {
            state.log[2].nested = 1;
          } catch (e) {
            error = e.name;
          }
          try {
            state.log[0].nested.v = 9;
          } catch (e) {
            error += `/${e.name}`;
          }
          // Inside another object, the list is written by what it says it holds.
          return { copy: { all: state.log, notes: state.notes }, error };
        })
        .addEdge(START, "add")
        .addConditionalEdges("add", (state) => (state.log.length < 3 ? "add" : "check"))
        .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "grown" } };
    const out = await build().invoke({}, config);
    assert.equal(out.error, "TypeError/TypeError");
    const { values } = await build().getState(config);
    for (const list of [values.log, values.copy.all]) {
      assert.equal(list.length, 3);
      assert.deepEqual(list[0], { n: 0, nested: { v: 0 } });
      assert.ok("note" in list[1] && list[1].note === undefined, "an undefined property comes back as one");
      assert.ok(list[2].index instanceof Map && list[2].index.get("n") === 2, "a Map comes back as a Map");
    }
    for (const notes of [values.notes, values.copy.notes]) {
      assert.deepEqual(notes, [{ n: 0 }, { n: 1, note: undefined }, { n: 2 }]);
      assert.ok("note" in notes[1], "an undefined property in a list grown by updates comes back as one");
    }
  });

  test("a list that grew by more than, or other than, the update's items is saved as what it holds", async () => {
    // When a reducer appends exactly the update's items, the checkpoint stores the update's text
    // for them; these reducers append something else, which must be what is saved.
    const saver = new MemorySaver();
    const build = () =>
      new StateGraph({
        channels: {
          tagged: { reducer: (a, b) => [...a, ...b.map((x) => ({ ...x, seen: true }))], default: () => [] },
          padded: { reducer: (a, b) => [...a, ...b, "end"], default: () => [] },
          exact: { reducer: (a, b) => [...a, ...b], default: () => [] },
        },
      })
        .addNode("add", (state) => {
          const n = state.exact.length;
          return { tagged: [{ n }], padded: [n], exact: [{ n }] };
        })
        .addEdge(START, "add")
        .addConditionalEdges("add", (state) => (state.exact.length < 3 ? "add" : END))
        .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "other" } };
    const live = await build().invoke({}, config);
    const { values } = await build().getState(config);
    assert.deepEqual(values, live);
    assert.deepEqual(values.tagged, [0, 1, 2].map((n) => ({ n, seen: true })));
    assert.deepEqual(values.padded, [0, "end", 1, "end", 2, "end"]);
    assert.deepEqual(values.exact, [{ n: 0 }, { n: 1 }, { n: 2 }]);
  });

  test("plain data holding a class instance is written anew at every save (it may have changed)", async () => {
    class Tally {
      count = 0;
    }
    const saver = new MemorySaver();
    const build = () =>
      new StateGraph({ channels: { box: null } })
        .addNode("first", () => ({ box: { tally: new Tally() } }))
        .addNode("second", (state) => {
          state.box.tally.count = 2; // a class instance is not frozen
          return { box: state.box }; // the same object, written again
        })
        .addEdge(START, "first")
        .addEdge("first", "second")
        .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "instance" } };
    await build().invoke({}, config);
    const saved = await build().getState(config);
    assert.deepEqual(saved.values.box, { tally: { count: 2 } });
  });
});

describe("JSON the engine keeps (interrupt values, configurable)", () => {
  test("a value that needs normalising keeps a __proto__ key as data and runs no setter an app put on Object.prototype", async () => {
    // The Date makes the converter write a normalised copy: the copy must hold every key as an own
    // property (`__proto__` too), and filling it must not call a setter inherited from Object.prototype.
    const value = JSON.parse('{"__proto__": {"x": 1}, "trap": "kept"}');
    value.when = new Date(0);
    let setterRan = false;
    Object.defineProperty(Object.prototype, "trap", {
      set() {
        setterRan = true;
      },
      configurable: true,
    });
    try {
      const graph = new StateGraph({ channels: { answer: null } })
        .addNode("ask", () => ({ answer: interrupt(value) }))
        .addEdge(START, "ask")
        .compile({ checkpointer: new MemorySaver() });
      const out = await graph.invoke({}, { configurable: { thread_id: "proto" } });
      const asked = out.__interrupt__[0].value;
      assert.equal(setterRan, false);
      assert.ok(Object.hasOwn(asked, "__proto__"), "__proto__ stays an own key");
      assert.deepEqual(Object.getOwnPropertyDescriptor(asked, "__proto__").value, { x: 1 });
      assert.equal(Object.getOwnPropertyDescriptor(asked, "trap").value, "kept");
      assert.equal(asked.when, "1970-01-01T00:00:00.000Z");
    } finally {
      delete Object.prototype.trap;
    }
  });
});
