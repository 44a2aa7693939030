// The approval inbox: threads waiting for a person, a form for what each one asks, the thread's
// history and a picture of its graph. Everything runs in this page through the package's
// SDK-shaped Client; nothing leaves the browser.
//
// Views are re-drawn from the Client on every change (the Client is the only state): after this
// tab's own actions, and on `client.onThreadChange` events (the IndexedDB Client also reports other
// tabs' changes, through a BroadcastChannel).

import { Client } from "langgraph-wasm";
import { EXAMPLES } from "./graphs.js";
import { h, humanize, timeAgo } from "./dom.js";
import { breakpointForm, describeRequest, interruptForm } from "./forms.js";
import { graphSvg } from "./graph-svg.js";

const client = new Client({ graphs: Object.fromEntries(Object.entries(EXAMPLES).map(([id, ex]) => [id, ex.graph])) });

const $ = (selector) => document.querySelector(selector);
const graphCache = new Map();
const running = new Set();

/** An answer that no longer applies: the thread moved on (another tab, a double submit). */
class StaleRequestError extends Error {
  name = "StaleRequestError";
}

/** Messages for everyone, screen readers included (`role="status"`). */
function announce(message, kind = "info") {
  $("#status").replaceChildren(h("p", { class: `notice ${kind}` }, message));
}

const threadIdFromHash = () => decodeURIComponent(/^#\/thread\/(.+)$/.exec(location.hash)?.[1] ?? "") || null;

// ---------------------------------------------------------------------------------------------
// Starting a run
// ---------------------------------------------------------------------------------------------

function renderStartForm() {
  const select = h("select", { id: "start-graph", name: "graph" },
    Object.entries(EXAMPLES).map(([id, ex]) => h("option", { value: id }, ex.title)));
  const fields = h("div", { class: "fields" });
  const about = h("p", { class: "description", id: "start-about" });
  const drawFields = () => {
    const ex = EXAMPLES[select.value];
    about.textContent = ex.description;
    fields.replaceChildren(
      ...ex.inputs.map((input) => {
        const id = `start-${input.key}`;
        const control = input.options
          ? h("select", { id, name: input.key }, input.options.map((o) => h("option", { value: o, selected: o === input.value }, o)))
          : input.multiline
            ? h("textarea", { id, name: input.key, rows: 3, required: true }, input.value)
            : h("input", { id, name: input.key, type: "text", value: input.value, required: true });
        return h("div", { class: "field" }, h("label", { for: id }, input.label), control);
      }),
    );
  };
  select.addEventListener("change", drawFields);
  drawFields();
  const button = h("button", { type: "submit", class: "primary" }, "Start run");
  const form = h("form", { id: "start-form", "aria-describedby": "start-about" },
    h("div", { class: "field" }, h("label", { for: "start-graph" }, "Workflow"), select),
    about, fields, h("div", { class: "buttons" }, button));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const graphId = select.value;
    const ex = EXAMPLES[graphId];
    const values = Object.fromEntries(ex.inputs.map((input) => [input.key, form.elements[input.key].value.trim()]));
    if (Object.values(values).some((v) => !v)) return announce("Fill in every field to start a run.", "error");
    button.disabled = true;
    try {
      const thread = await client.threads.create({ graphId, metadata: { title: ex.title_of(values) } });
      running.add(thread.thread_id);
      location.hash = `#/thread/${thread.thread_id}`;
      try {
        await client.runs.wait(thread.thread_id, graphId, { input: ex.toInput(values) });
      } finally {
        running.delete(thread.thread_id);
      }
      await refresh();
    } catch (error) {
      announce(`Could not start the run: ${error.message}`, "error");
    } finally {
      button.disabled = false;
    }
  });
  $("#start").replaceChildren(form);
}

// ---------------------------------------------------------------------------------------------
// The lists: waiting for you, and everything else
// ---------------------------------------------------------------------------------------------

const STATUS_TEXT = { interrupted: "waiting", idle: "done", busy: "running", error: "failed" };

function statusBadge(status) {
  return h("span", { class: `badge status-${status}` }, STATUS_TEXT[status] ?? status);
}

/** What an interrupted thread asks, in a line: its interrupts, or the breakpoint it stopped at. */
async function askOf(thread) {
  const pending = Object.values(thread.interrupts ?? {}).flat();
  if (pending.length) return pending.map((i) => describeRequest(i.value)).join(" · ");
  const state = await client.threads.getState(thread.thread_id);
  return state.next.length ? `Paused before ${state.next.join(", ")}` : "Paused";
}

async function threadItem(thread, current) {
  const ex = EXAMPLES[thread.metadata.graph_id];
  const title = thread.metadata.title ?? thread.thread_id;
  const line = thread.status === "interrupted" ? await askOf(thread) : thread.status === "error" ? thread.error?.message ?? "failed" : null;
  return h("li", { class: thread.thread_id === current ? "current" : null },
    h("a", { href: `#/thread/${thread.thread_id}`, "aria-current": thread.thread_id === current ? "page" : null },
      h("span", { class: "item-title" }, title),
      line && h("span", { class: "item-line" }, line),
      h("span", { class: "item-meta" }, statusBadge(running.has(thread.thread_id) ? "busy" : thread.status), " ", ex?.title ?? thread.metadata.graph_id, " · ", timeAgo(thread.updated_at))));
}

async function renderLists() {
  const threads = await client.threads.search({ limit: 200, sortBy: "updated_at", sortOrder: "desc" });
  const current = threadIdFromHash();
  const waiting = threads.filter((t) => t.status === "interrupted" && !running.has(t.thread_id));
  const others = threads.filter((t) => !waiting.includes(t));
  $("#inbox-count").textContent = String(waiting.length);
  $("#inbox-count").classList.toggle("zero", waiting.length === 0);
  $("#inbox-list").replaceChildren(...(await Promise.all(waiting.map((t) => threadItem(t, current)))));
  $("#inbox-empty").hidden = waiting.length > 0;
  $("#others-list").replaceChildren(...(await Promise.all(others.map((t) => threadItem(t, current)))));
  $("#others").hidden = others.length === 0;
  document.title = waiting.length ? `(${waiting.length}) Approval inbox` : "Approval inbox";
}

// ---------------------------------------------------------------------------------------------
// One thread: what it asks, its result, its graph, its history
// ---------------------------------------------------------------------------------------------

/** The graph's drawing; `null` for a thread of a graph this app does not have (another app's, say). */
async function graphOf(graphId) {
  if (!(graphId in EXAMPLES)) return null;
  if (!graphCache.has(graphId)) graphCache.set(graphId, await client.assistants.getGraph(graphId));
  return graphCache.get(graphId);
}

function valueView(value) {
  if (typeof value === "string") return h("span", { class: "text" }, value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return h("code", {}, JSON.stringify(value));
  return h("pre", {}, JSON.stringify(value, null, 2));
}

function valuesList(values) {
  return h("dl", { class: "values" }, Object.entries(values).flatMap(([k, v]) => [h("dt", {}, humanize(k)), h("dd", {}, valueView(v))]));
}

const SOURCE_TEXT = { input: "Input received", loop: "Step finished", update: "State edited", fork: "Forked" };

/** The checkpoints, newest first, each with what changed since the one before it. */
function timeline(history) {
  const items = history.map((snapshot, i) => {
    const older = history[i + 1];
    const changed = Object.keys(snapshot.values).filter((k) => !older || JSON.stringify(snapshot.values[k]) !== JSON.stringify(older.values[k]));
    const meta = snapshot.metadata ?? {};
    const pausedHere = i === 0 && snapshot.next.length > 0;
    return h("li", { class: pausedHere ? "paused" : null },
      h("div", { class: "tl-head" },
        h("strong", {}, SOURCE_TEXT[meta.source] ?? meta.source ?? "Checkpoint"),
        h("span", { class: "tl-step" }, ` step ${meta.step}`),
        " · ", timeAgo(snapshot.created_at)),
      h("div", { class: "tl-line" },
        snapshot.next.length ? `next: ${snapshot.next.join(", ")}` : "end of run",
        changed.length ? ` · changed: ${changed.join(", ")}` : ""),
      h("details", {}, h("summary", {}, "Values"), h("pre", {}, JSON.stringify(snapshot.values, null, 2))));
  });
  return h("ol", { class: "timeline", "aria-label": "Checkpoints, newest first" }, items);
}

/**
 * Answers one pending interrupt. The thread may have moved on since the form was drawn (another tab
 * answered; the package's interrupt ids are the same for every question one node asks in a row), so
 * the question is checked first: an answer never lands on a question its author did not see.
 */
async function answer(thread, interrupt, value) {
  const now = await client.threads.get(thread.thread_id);
  const pending = Object.values(now.interrupts ?? {}).flat();
  const same = pending.find((i) => i.id === interrupt.id && JSON.stringify(i.value) === JSON.stringify(interrupt.value));
  if (!same) throw new StaleRequestError("This request was already answered, maybe in another tab.");
  const resume = pending.length > 1 ? { [interrupt.id]: value } : value;
  await runOn(thread, { command: { resume } });
}

/** Runs the thread's graph with `payload`, showing it as running meanwhile. */
async function runOn(thread, payload) {
  running.add(thread.thread_id);
  renderLists().catch(report);
  try {
    await client.runs.wait(thread.thread_id, thread.metadata.graph_id, payload);
  } finally {
    running.delete(thread.thread_id);
  }
}

/** After an answer: tell what happened, redraw. Busy/answered-elsewhere errors redraw too. */
function submitter(action) {
  return async (value) => {
    try {
      await action(value);
      announce("Answer sent.", "ok");
    } catch (error) {
      const gone = ["StaleRequestError", "NothingToResumeError", "ThreadBusyError", "ConflictError"].includes(error.name);
      if (!gone) throw error;
      announce(
        error.name === "ThreadBusyError"
          ? "This thread is running in another tab; the view has been refreshed."
          : "This request was already answered, maybe in another tab; the view has been refreshed.",
        "error",
      );
    }
    await refresh();
  };
}

function requestForms(thread, state) {
  const forms = [];
  for (const task of state.tasks) {
    for (const interrupt of task.interrupts) {
      forms.push(interruptForm(interrupt.value, submitter((value) => answer(thread, interrupt, value))));
    }
  }
  if (forms.length === 0 && state.next.length) {
    const node = state.next[0];
    const seen = state.checkpoint.checkpoint_id;
    const checkStill = async () => {
      const latest = await client.threads.getState(thread.thread_id);
      if (latest.checkpoint.checkpoint_id !== seen) throw new StaleRequestError("The thread has moved on.");
    };
    const rejectSpec = EXAMPLES[thread.metadata.graph_id]?.breakpoints?.[node]?.reject;
    forms.push(breakpointForm(node, state.values, {
      proceed: submitter(async (changes) => {
        await checkStill();
        if (Object.keys(changes).length) await client.threads.updateState(thread.thread_id, { values: changes });
        await runOn(thread, { input: null });
      }),
      reject: rejectSpec && {
        label: rejectSpec.label,
        // Declining is writing the step's outcome as if the node had run, then carrying on after it.
        run: submitter(async () => {
          await checkStill();
          await client.threads.updateState(thread.thread_id, { values: rejectSpec.values, asNode: node });
          await runOn(thread, { input: null });
        }),
      },
    }));
  }
  return forms;
}

async function renderDetail() {
  const id = threadIdFromHash();
  const detail = $("#detail");
  document.body.classList.toggle("has-thread", Boolean(id));
  if (!id) {
    detail.replaceChildren(h("div", { class: "placeholder" },
      h("h2", {}, "Nothing selected"),
      h("p", {}, "Start a run, or pick a thread from the inbox.")));
    return;
  }
  let thread;
  try {
    thread = await client.threads.get(id);
  } catch (error) {
    if (error.name !== "NotFoundError") throw error;
    detail.replaceChildren(h("div", { class: "placeholder" }, h("h2", {}, "No such thread"), h("p", {}, `There is no thread ${id} in this browser.`)));
    return;
  }
  const graphId = thread.metadata.graph_id;
  const [state, history, graph] = await Promise.all([
    client.threads.getState(id),
    client.threads.getHistory(id, { limit: 100 }),
    graphOf(graphId),
  ]);
  const isRunning = running.has(id) || thread.status === "busy";
  const status = isRunning ? "busy" : thread.status;
  const ex = EXAMPLES[graphId];

  const sections = [
    h("header", { class: "thread-head" },
      h("a", { href: "#/", class: "back" }, "← Inbox"),
      h("h2", { id: "thread-title", tabindex: "-1" }, thread.metadata.title ?? id),
      h("p", { class: "item-meta" }, statusBadge(status), " ", ex?.title ?? graphId, " · started ", timeAgo(thread.created_at),
        " · ", h("code", { class: "thread-id" }, id))),
  ];
  if (status === "interrupted") {
    sections.push(h("section", { class: "card requests", "aria-labelledby": "req-h" },
      h("h2", { id: "req-h" }, "Waiting for you"), requestForms(thread, state)));
  } else if (status === "busy") {
    sections.push(h("section", { class: "card", "aria-live": "polite" }, h("p", { class: "running" }, "Running…")));
  } else if (status === "error") {
    sections.push(h("section", { class: "card error" }, h("h2", {}, "The run failed"), h("p", {}, `${thread.error?.error ?? "Error"}: ${thread.error?.message ?? ""}`)));
  }
  if (status === "idle" && history.length) {
    sections.push(h("section", { class: "card result", "aria-labelledby": "res-h" }, h("h2", { id: "res-h" }, "Result"), valuesList(thread.values)));
  }
  sections.push(
    graph && h("section", { class: "card graph-card", "aria-labelledby": "graph-h" },
      h("h2", { id: "graph-h" }, "Graph"),
      h("div", { class: "graph-wrap" }, graphSvg(graph, {
        paused: status === "interrupted" ? state.next : [],
        finished: status === "idle" && history.length > 0 && state.next.length === 0,
        title: `Graph of ${ex.title}`,
      }))),
    h("section", { class: "card history", "aria-labelledby": "hist-h" },
      h("h2", { id: "hist-h" }, "History"),
      history.length ? timeline(history) : h("p", {}, "No checkpoints yet.")),
  );
  // A newly opened thread, or a redraw that removed the focused element (the button just pressed),
  // moves focus to the title, so keyboard and screen-reader users land on the new state.
  const hadFocus = detail.contains(document.activeElement) || document.activeElement === document.body;
  const opened = detail.dataset.thread !== id;
  detail.dataset.thread = id;
  delete detail.dataset.dirty;
  detail.replaceChildren(...sections.filter(Boolean));
  if (opened || hadFocus) $("#thread-title").focus({ preventScroll: !opened });
}

// ---------------------------------------------------------------------------------------------
// Wiring
// ---------------------------------------------------------------------------------------------

function report(error) {
  console.error(error);
  announce(`Something went wrong: ${error.message}`, "error");
}

/** Redraws the lists, and the open thread unless `detail` is false (keeps a half-filled form). */
function refresh({ detail = true } = {}) {
  return Promise.all([renderLists(), detail ? renderDetail() : null]).catch(report);
}

await client.ready();
$("#storage").textContent =
  client.storage === "indexeddb"
    ? "Saved in this browser (IndexedDB): threads survive reloads, and other tabs see changes."
    : "Kept in memory by this page: threads are lost on reload.";
renderStartForm();
// A form in the open thread that the person has started filling in is not redrawn under them.
$("#detail").addEventListener("input", () => ($("#detail").dataset.dirty = "true"));
window.addEventListener("hashchange", () => {
  $("#status").replaceChildren();
  refresh();
});
client.onThreadChange((change) => {
  const open = change.thread_id === threadIdFromHash();
  if (open && change.remote && $("#detail").dataset.dirty) {
    // Keep what the person is typing; the answer check in `answer()` refuses it if it is stale.
    announce(h("span", {}, "This thread changed in another tab. ",
      h("button", { type: "button", onclick: () => refresh() }, "Show the latest")), "info");
    refresh({ detail: false });
    return;
  }
  if (open && change.remote) announce("This thread changed in another tab.", "info");
  refresh({ detail: open });
});
await refresh();
document.body.dataset.ready = "true";

// Offline after the first visit: a service worker keeps copies of the app and the package.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker
    .register("sw.js")
    .then(() => navigator.serviceWorker.ready)
    .then(
      (registration) =>
        new Promise((resolve, reject) => {
          // What loaded before the worker took over: the page, its modules, the wasm, the icon.
          const loaded = [
            location.href.split("#")[0],
            ...performance.getEntriesByType("resource").map((entry) => entry.name),
            ...[...document.querySelectorAll("link[href]")].map((link) => link.href),
          ];
          const channel = new MessageChannel();
          channel.port1.onmessage = ({ data }) => (data.error ? reject(new Error(data.error)) : resolve());
          registration.active.postMessage({ cache: [...new Set(loaded)].filter((url) => url.startsWith(location.origin)) }, [channel.port2]);
        }),
    )
    .then(() => (document.body.dataset.offlineReady = "true"))
    .catch((error) => announce(`This page will not work offline: ${error.message}`, "info"));
}
