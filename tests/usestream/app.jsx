// A chat page built the way LangGraph's docs build one: React and `useStream` from
// `@langchain/langgraph-sdk/react`, pointed at a LangGraph server URL. The only difference is the
// server: `createFetch(client)` answers that URL from a langgraph-wasm `Client` in this page
// (IndexedDB by default in a browser), passed to the SDK as `callerOptions.fetch`.
//
// The graph: `chat` calls a fake streaming chat model with the node's config (its tokens reach
// the page through the `messages-tuple` stream mode), then `review` asks a person with
// `interrupt()` and keeps the answer in `approval`. The thread id is kept in localStorage, so
// after a reload the page re-joins the thread, shows the pending question from the thread's
// state, and resumes it with a `Command`.
//
// Bundled by usestream.test.mjs (esbuild); it reads what the page saw from `window.seen`.
import "langgraph-wasm/langchain";
import { Annotation, Client, END, MessagesAnnotation, START, StateGraph, createFetch, interrupt } from "langgraph-wasm";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { useStream } from "@langchain/langgraph-sdk/react";
import { useState } from "react";
import { createRoot } from "react-dom/client";

const REPLY = "I can refund the 5 euros to your card today.";
const QUESTION = "Send this refund to the customer?";

// `sleep`: milliseconds between tokens, so the page renders while the reply streams. The
// handler counts the tokens the model has made, so each render can say how far it had got.
let tokensMade = 0;
const model = new FakeListChatModel({
  responses: [REPLY],
  sleep: 40,
  callbacks: [{ handleLLMNewToken: () => void tokensMade++ }],
});

const State = Annotation.Root({ ...MessagesAnnotation.spec, approval: Annotation() });

const agent = new StateGraph(State)
  .addNode("chat", async (state, config) => ({ messages: [await model.invoke(state.messages, config)] }))
  .addNode("review", (state) => ({
    approval: interrupt({ question: QUESTION, reply: state.messages.at(-1).content }),
  }))
  .addEdge(START, "chat")
  .addEdge("chat", "review")
  .addEdge("review", END)
  .compile();

const client = new Client({ graphs: { agent } });

// Stable across renders: useStream builds its SDK Client again when these change.
const API_URL = "http://langgraph.local";
const callerOptions = { fetch: createFetch(client), maxRetries: 0 };

// What the page rendered, for the test: each render's messages (type and content), the
// interrupt it showed, the approval, and how many tokens the model had made by then.
window.seen = { storage: client.storage, renders: [] };

function App() {
  const [threadId, setThreadId] = useState(() => localStorage.getItem("threadId"));
  const [draft, setDraft] = useState("Please refund the 5 euros I paid twice.");
  const stream = useStream({
    apiUrl: API_URL,
    callerOptions,
    assistantId: "agent",
    threadId,
    onThreadId: (id) => {
      localStorage.setItem("threadId", id);
      setThreadId(id);
    },
    onError: (error) => console.error("useStream error", error),
  });
  window.sdk = stream.client;

  const messages = stream.messages;
  const pending = stream.interrupt;
  const approval = stream.values?.approval;
  window.seen.renders.push({
    messages: messages.map((m) => [m.type, typeof m.content === "string" ? m.content : JSON.stringify(m.content)]),
    interrupt: pending?.value ?? null,
    approval: approval ?? null,
    isLoading: stream.isLoading,
    tokensMade,
  });

  return (
    <main>
      <h1>Refund desk</h1>
      <p className="thread" data-testid="thread">
        thread {threadId ?? "(new)"} · {stream.isLoading ? "working…" : "idle"}
      </p>
      <ol className="messages" data-testid="messages">
        {messages.map((m) => (
          <li key={m.id} className={m.type} data-type={m.type}>
            <b>{m.type === "human" ? "You" : "Agent"}</b> {typeof m.content === "string" ? m.content : ""}
          </li>
        ))}
      </ol>
      {pending ? (
        <section className="interrupt" data-testid="interrupt">
          <h2>Approval needed</h2>
          <p>{pending.value.question}</p>
          <blockquote>{pending.value.reply}</blockquote>
          <button onClick={() => stream.submit(undefined, { command: { resume: "approved" } })}>Approve</button>
        </section>
      ) : null}
      {approval ? (
        <p className="approval" data-testid="approval">
          Approval: {approval}
        </p>
      ) : null}
      {threadId == null ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            stream.submit({ messages: [{ type: "human", content: draft }] });
          }}
        >
          <input aria-label="Message" value={draft} onChange={(event) => setDraft(event.target.value)} />
          <button type="submit">Send</button>
        </form>
      ) : null}
    </main>
  );
}

const style = document.createElement("style");
style.textContent = `
  body { font: 16px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
  main { max-width: 40rem; }
  .thread { color: #666; font-size: 0.85rem; }
  .messages { list-style: none; padding: 0; }
  .messages li { padding: 0.5rem 0.75rem; margin: 0.5rem 0; border-radius: 0.5rem; }
  .messages li.human { background: #e8f0fe; }
  .messages li.ai { background: #f1f3f4; }
  .interrupt { border: 2px solid #f29900; border-radius: 0.5rem; padding: 0.75rem; }
  .interrupt h2 { margin: 0 0 0.5rem; font-size: 1.1rem; }
  .approval { color: #188038; font-weight: bold; }
  input { width: 28rem; padding: 0.3rem; }
`;
document.head.append(style);

createRoot(document.getElementById("root")).render(<App />);
document.body.dataset.ready = "true";
