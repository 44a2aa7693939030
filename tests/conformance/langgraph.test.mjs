// A real LangGraph.js graph (@langchain/langgraph) with our savers as its checkpointer: it runs to
// an interrupt, and a *new* saver on the same IndexedDB database (a reloaded page) resumes it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Annotation, Command, END, MessagesAnnotation, START, StateGraph, interrupt } from "@langchain/langgraph";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { JsonPlusSerializer } from "@langchain/langgraph-checkpoint";
import { IndexedDBSaver, MemorySaver } from "../../pkg/index.node.js";
import { freshDatabaseName } from "./savers.mjs";

const State = Annotation.Root({
  topic: Annotation(),
  draft: Annotation(),
  published: Annotation(),
  log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
});

/** Write a draft, ask a person to approve or edit it, publish what they returned. */
function approvalFlow(checkpointer) {
  return new StateGraph(State)
    .addNode("write", (s) => ({ draft: `A post about ${s.topic}`, log: ["write"] }))
    .addNode("review", (s) => ({ draft: interrupt({ question: "Approve?", draft: s.draft }), log: ["review"] }))
    .addNode("publish", (s) => ({ published: s.draft.toUpperCase(), log: ["publish"] }))
    .addEdge(START, "write")
    .addEdge("write", "review")
    .addEdge("review", "publish")
    .addEdge("publish", END)
    .compile({ checkpointer });
}

async function interruptThenResume(firstSaver, secondSaver) {
  const config = { configurable: { thread_id: "post-1" } };
  const paused = await approvalFlow(firstSaver).invoke({ topic: "tides" }, config);
  assert.deepEqual(paused.__interrupt__.map((i) => i.value), [{ question: "Approve?", draft: "A post about tides" }]);

  const graph = approvalFlow(secondSaver);
  const waiting = await graph.getState(config);
  assert.deepEqual(waiting.next, ["review"]);
  assert.equal(waiting.tasks[0].interrupts[0].value.draft, "A post about tides");

  const done = await graph.invoke(new Command({ resume: "A post about tides, edited" }), config);
  assert.equal(done.published, "A POST ABOUT TIDES, EDITED");
  assert.deepEqual(done.log, ["write", "review", "publish"]);
  // `write` ran once: the resume started from the stored checkpoint, not from the input.
  const history = [];
  for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot.metadata.step);
  assert.deepEqual(history, [3, 2, 1, 0, -1]);
}

test("a LangGraph.js graph pauses on IndexedDBSaver and a new saver on the same database resumes it", async () => {
  const name = freshDatabaseName();
  await interruptThenResume(new IndexedDBSaver({ name }), new IndexedDBSaver({ name }));
});

test("a LangGraph.js graph pauses and resumes on MemorySaver", async () => {
  const saver = new MemorySaver();
  // Memory does not outlive its saver: the same saver under a freshly compiled graph.
  await interruptThenResume(saver, saver);
});

test("another database does not see the thread", async () => {
  const config = { configurable: { thread_id: "post-1" } };
  await approvalFlow(new IndexedDBSaver({ name: freshDatabaseName() })).invoke({ topic: "tides" }, config);
  const other = await approvalFlow(new IndexedDBSaver({ name: freshDatabaseName() })).getState(config);
  assert.deepEqual(other.values, {});
});

/** A chat graph whose state holds message class instances. */
function chat(checkpointer) {
  return new StateGraph(MessagesAnnotation)
    .addNode("reply", (s) => ({ messages: [new AIMessage(`You said: ${s.messages.at(-1).content}`)] }))
    .addEdge(START, "reply")
    .compile({ checkpointer });
}

test("messages survive a reload with a serde (JsonPlusSerializer) and stay message instances", async () => {
  const name = freshDatabaseName();
  const config = { configurable: { thread_id: "chat" } };
  await chat(new IndexedDBSaver({ name, serde: new JsonPlusSerializer() })).invoke(
    { messages: [new HumanMessage("hello")] },
    config,
  );
  const state = await chat(new IndexedDBSaver({ name, serde: new JsonPlusSerializer() })).getState(config);
  assert.deepEqual(
    state.values.messages.map((m) => [m.constructor.name, m.content]),
    [
      ["HumanMessage", "hello"],
      ["AIMessage", "You said: hello"],
    ],
  );
});

test("without a serde, a message in the state is a NotSerializableError, not a silent plain object", async () => {
  const run = chat(new IndexedDBSaver({ name: freshDatabaseName() })).invoke(
    { messages: [new HumanMessage("hello")] },
    { configurable: { thread_id: "chat" } },
  );
  await assert.rejects(run, { name: "NotSerializableError", message: /an instance of HumanMessage/ });
});

test("reading values stored through a serde without it is a named error", async () => {
  const name = freshDatabaseName();
  const config = { configurable: { thread_id: "t" } };
  await chat(new IndexedDBSaver({ name, serde: new JsonPlusSerializer() })).invoke(
    { messages: [new HumanMessage("hello")] },
    config,
  );
  await assert.rejects(new IndexedDBSaver({ name }).getTuple(config), { name: "SerializerRequiredError" });
});
