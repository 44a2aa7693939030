// The app's example graphs: three human-in-the-loop workflows written against the package's JS API,
// with deterministic fake "agents" (no network, no model) so that every run is reproducible offline.
//
// Each example says how to start a run (`inputs`, `toInput`) and how to title its thread; what the
// inbox shows and which form it offers come from the interrupt payloads themselves (see forms.js), not
// from here. The one exception is a static breakpoint, which carries no payload: `breakpoints` names
// what "reject" means at each paused node.

import { StateGraph, START, END, interrupt } from "langgraph-wasm";

/** A short, stable hash (FNV-1a) so fake ids and references depend only on their input. */
export function fakeId(prefix, text) {
  let h = 0x811c9dc5;
  for (const ch of String(text)) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
  return `${prefix}-${h.toString(16).padStart(8, "0").slice(0, 6)}`;
}

// ---------------------------------------------------------------------------------------------
// 1. An assistant that proposes tool calls; a person approves, edits or rejects each one.
// ---------------------------------------------------------------------------------------------

/** The "model": reads the request and proposes tool calls by keyword. */
export function planToolCalls(request) {
  const text = String(request ?? "");
  const person = /\bwith ([A-Z][a-z]+)/.exec(text)?.[1] ?? /\b(?:email|mail|tell) ([A-Z][a-z]+)/.exec(text)?.[1] ?? "Sam";
  const address = `${person.toLowerCase()}@example.com`;
  const when = /\b(?:next |on )?(monday|tuesday|wednesday|thursday|friday)\b/i.exec(text)?.[1];
  const day = when ? when[0].toUpperCase() + when.slice(1).toLowerCase() : "Monday";
  const calls = [];
  if (/\b(meet|meeting|schedule|call)\b/i.test(text)) {
    calls.push({ name: "create_event", args: { title: `Meeting with ${person}`, attendee: address, start: `${day} 10:00`, duration_minutes: 30 } });
  }
  if (/\b(email|mail|send|agenda)\b/i.test(text)) {
    const topic = /\bagenda\b/i.test(text) ? "Agenda" : "Follow-up";
    calls.push({
      name: "send_email",
      args: { to: address, subject: `${topic} for ${day}`, body: `Hi ${person},\n\nHere is the ${topic.toLowerCase()} for ${day}.\n\nBest,\nMe` },
    });
  }
  if (calls.length === 0) calls.push({ name: "search_notes", args: { query: text.slice(0, 80), limit: 5 } });
  return calls.map((call, i) => ({ id: fakeId("call", `${text}#${i}`), ...call }));
}

/** The "tools": what each call would do, as a sentence. */
export function runTool(name, args) {
  switch (name) {
    case "create_event":
      return `Created "${args.title}" with ${args.attendee} at ${args.start} (${args.duration_minutes} min), ${fakeId("evt", JSON.stringify(args))}`;
    case "send_email":
      return `Sent "${args.subject}" to ${args.to} (${String(args.body ?? "").length} characters)`;
    case "search_notes":
      return `Found ${Math.min(Number(args.limit) || 0, 3)} notes about "${args.query}"`;
    default:
      return `Unknown tool ${name}`;
  }
}

const toolCalls = new StateGraph({
  channels: { request: null, messages: "append", tool_calls: null, decisions: null, results: null, summary: null },
})
  .addNode("agent", (state) => {
    if (state.results) {
      const summary = state.results.map((r) => `${r.ran ? "✓" : "✗"} ${r.output}`).join("\n");
      return { tool_calls: [], summary, messages: [{ role: "assistant", content: summary }] };
    }
    const calls = planToolCalls(state.request);
    return {
      tool_calls: calls,
      messages: [{ role: "assistant", content: `I will call ${calls.map((c) => c.name).join(" and ")}.` }],
    };
  })
  // One interrupt per proposed call, in order: LangGraph's HumanInterrupt shape (the Agent Inbox
  // convention), answered with a HumanResponse `{ type: "accept" | "edit" | "response" | "ignore", args }`.
  .addNode("human_review", (state) => ({
    decisions: state.tool_calls.map((call, i) =>
      interrupt({
        action_request: { action: call.name, args: call.args },
        config: { allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: true },
        description: `Tool call ${i + 1} of ${state.tool_calls.length}, for: "${state.request}"`,
      }),
    ),
  }))
  .addNode("tools", (state) => {
    const results = state.tool_calls.map((call, i) => {
      const decision = state.decisions[i] ?? { type: "ignore" };
      if (decision.type === "accept") return { call_id: call.id, ran: true, output: runTool(call.name, call.args) };
      if (decision.type === "edit") {
        const args = decision.args?.args ?? call.args;
        return { call_id: call.id, ran: true, edited: true, output: runTool(call.name, args) };
      }
      const why = decision.type === "response" ? `: ${decision.args}` : "";
      return { call_id: call.id, ran: false, output: `${call.name} rejected${why}` };
    });
    return { results, messages: results.map((r) => ({ role: "tool", content: r.output })) };
  })
  .addEdge(START, "agent")
  .addConditionalEdges("agent", (state) => (state.tool_calls.length > 0 ? "review" : "done"), { review: "human_review", done: END })
  .addEdge("human_review", "tools")
  .addEdge("tools", "agent")
  .compile({ name: "tool_calls" });

// ---------------------------------------------------------------------------------------------
// 2. Document revision, like the docs page's example: the draft goes to a person as `text_to_revise`.
// ---------------------------------------------------------------------------------------------

export function draftFor(topic) {
  const subject = String(topic ?? "").trim() || "our release";
  return `Announcing ${subject}. We are happy to share ${subject} with you today: it is available now, offline, in your browser.`;
}

const docRevision = new StateGraph({ channels: { topic: null, some_text: null, published: null } })
  .addNode("draft", (state) => ({ some_text: draftFor(state.topic) }))
  .addNode("human_node", (state) => ({ some_text: interrupt({ text_to_revise: state.some_text }) }))
  .addNode("publish", (state) => ({
    published: {
      text: state.some_text,
      words: state.some_text.split(/\s+/).filter(Boolean).length,
      slug: fakeId("post", state.some_text),
    },
  }))
  .addEdge(START, "draft")
  .addEdge("draft", "human_node")
  .addEdge("human_node", "publish")
  .addEdge("publish", END)
  .compile({ name: "doc_revision" });

// ---------------------------------------------------------------------------------------------
// 3. A refund with a static breakpoint before the step that moves money.
// ---------------------------------------------------------------------------------------------

export const ORDERS = {
  "A-1001": { customer: "Dana Reyes", total: 59.9, method: "card" },
  "A-1002": { customer: "Sam Okafor", total: 120, method: "paypal" },
  "A-1003": { customer: "Lee Park", total: 18.5, method: "card" },
};

/** Full refund for a damaged or missing item, half for anything else. */
export function assessRefund(orderId, reason) {
  const order = ORDERS[orderId] ?? { customer: "unknown customer", total: 0, method: "card" };
  const full = /damaged|broken|missing|never arrived/i.test(String(reason ?? ""));
  const amount = Math.round(order.total * (full ? 100 : 50)) / 100;
  return { customer: order.customer, amount, method: order.method };
}

const refund = new StateGraph({
  channels: { order_id: null, reason: null, customer: null, amount: null, method: null, decision: null, refund: null, notice: null },
})
  .addNode("assess", (state) => assessRefund(state.order_id, state.reason))
  .addNode("issue_refund", (state) => ({
    decision: "issued",
    refund: { amount: state.amount, method: state.method, reference: fakeId("R", `${state.order_id}:${state.amount}`) },
  }))
  .addNode("notify", (state) => ({
    notice:
      state.decision === "issued"
        ? `Dear ${state.customer}, we refunded ${state.amount.toFixed(2)} to your ${state.method} (${state.refund.reference}).`
        : `Dear ${state.customer}, we could not refund order ${state.order_id}.`,
  }))
  .addEdge(START, "assess")
  .addEdge("assess", "issue_refund")
  .addEdge("issue_refund", "notify")
  .addEdge("notify", END)
  .compile({ name: "refund", interruptBefore: ["issue_refund"] });

/**
 * The examples, by graph id (the id is also the Client's assistant id).
 * `inputs`: the "start a run" form's fields; `toInput`: those fields → the run's input;
 * `title`: a thread's title from its input.
 */
export const EXAMPLES = {
  tool_calls: {
    title: "Assistant with tools",
    description: "A fake assistant proposes tool calls; you approve, edit or reject each before it runs.",
    graph: toolCalls,
    inputs: [{ key: "request", label: "Request", value: "Schedule a meeting with Dana next Tuesday and email her the agenda", multiline: true }],
    toInput: (f) => ({ request: f.request, messages: [{ role: "user", content: f.request }] }),
    title_of: (input) => input.request,
  },
  doc_revision: {
    title: "Document revision",
    description: "A draft is written for a topic and sent to you to revise before it is published.",
    graph: docRevision,
    inputs: [{ key: "topic", label: "Topic", value: "the spring sale" }],
    toInput: (f) => ({ topic: f.topic }),
    title_of: (input) => `Post about ${input.topic}`,
  },
  refund: {
    title: "Refund (breakpoint)",
    description: "An order is assessed; the run stops before the refund is issued (interruptBefore).",
    graph: refund,
    inputs: [
      { key: "order_id", label: "Order", value: "A-1001", options: Object.keys(ORDERS) },
      { key: "reason", label: "Reason", value: "Arrived damaged" },
    ],
    toInput: (f) => ({ order_id: f.order_id, reason: f.reason }),
    title_of: (input) => `Refund ${input.order_id}: ${input.reason}`,
    breakpoints: {
      issue_refund: { reject: { label: "Decline refund", values: { decision: "declined" } } },
    },
  },
};
