// Forms generated from what a paused thread asks. The interrupt payload decides the form:
// - LangGraph's HumanInterrupt (`{ action_request: { action, args }, config: { allow_* }, description }`,
//   the Agent Inbox convention; also as a one-element list): the call's arguments as fields, and
//   Approve / Reject / Reply buttons as `config` allows. Answers are HumanResponses
//   (`{ type: "accept" | "edit" | "ignore" | "response", args }`).
// - An object with one text field, like the docs page's `{ text_to_revise }`: a text box to revise;
//   the answer is the text.
// - Anything else: the payload as JSON and a JSON answer box.
// A static breakpoint has no payload: its form shows the state's fields and continues the run.
//
// Every form takes `submit(answer)` (async; the caller resumes the thread) and reports its errors in
// the form itself; its buttons are disabled while an answer is on its way, so a double click cannot
// answer twice.

import { h, uid, humanize } from "./dom.js";

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Which form a payload gets. */
export function formKind(value) {
  const request = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (isObject(request) && isObject(request.action_request) && typeof request.action_request.action === "string") {
    return "human_interrupt";
  }
  if (isObject(value) && Object.keys(value).length === 1 && typeof Object.values(value)[0] === "string") return "revise";
  return "json";
}

/** A one-line description of what the payload asks, for the inbox list. */
export function describeRequest(value) {
  switch (formKind(value)) {
    case "human_interrupt": {
      const request = Array.isArray(value) ? value[0] : value;
      return `Approve ${request.action_request.action}?`;
    }
    case "revise": {
      const [key, text] = Object.entries(value)[0];
      return `${humanize(key)}: “${text.length > 60 ? `${text.slice(0, 57)}…` : text}”`;
    }
    default:
      return `Answer: ${JSON.stringify(value).slice(0, 60)}`;
  }
}

/**
 * One field per key of `values`, typed by its value: a checkbox, a number, a text (a text area for
 * long or multi-line text) or a JSON text area. `read()` returns the edited values (JSON parsed;
 * throws a `SyntaxError` naming the field) and `changed()` the keys that differ from the originals.
 */
export function fieldsEditor(values, { readOnly = false, idPrefix = "field" } = {}) {
  const rows = [];
  const readers = {};
  for (const [key, value] of Object.entries(values)) {
    const id = uid(idPrefix);
    const label = h("label", { for: id }, humanize(key));
    let input;
    if (typeof value === "boolean") {
      input = h("input", { id, type: "checkbox", checked: value, disabled: readOnly });
      readers[key] = () => input.checked;
      rows.push(h("div", { class: "field checkbox" }, input, label));
      continue;
    }
    if (typeof value === "number") {
      input = h("input", { id, type: "number", step: "any", value: String(value), readonly: readOnly, inputmode: "decimal" });
      readers[key] = () => {
        const n = Number(input.value);
        if (input.value.trim() === "" || !Number.isFinite(n)) throw new SyntaxError(`${humanize(key)}: enter a number`);
        return n;
      };
    } else if (typeof value === "string") {
      const long = value.length > 60 || value.includes("\n");
      input = long
        ? h("textarea", { id, rows: Math.min(8, value.split("\n").length + 2), readonly: readOnly }, value)
        : h("input", { id, type: "text", value, readonly: readOnly });
      readers[key] = () => input.value;
    } else {
      input = h("textarea", { id, rows: 3, class: "json", readonly: readOnly, spellcheck: "false" }, JSON.stringify(value, null, 2));
      readers[key] = () => {
        try {
          return JSON.parse(input.value);
        } catch {
          throw new SyntaxError(`${humanize(key)}: not valid JSON`);
        }
      };
    }
    rows.push(h("div", { class: "field" }, label, input));
  }
  const read = () => Object.fromEntries(Object.entries(readers).map(([k, r]) => [k, r()]));
  const changed = () => {
    const now = read();
    return Object.keys(now).filter((k) => JSON.stringify(now[k]) !== JSON.stringify(values[k]));
  };
  return { element: h("div", { class: "fields" }, rows), read, changed };
}

/** Form plumbing: a busy state over all buttons, and an error line announced to screen readers. */
function formShell(title, { description } = {}) {
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const form = h("form", { class: "answer", "aria-label": title, novalidate: true });
  form.append(h("h3", {}, title));
  if (description) form.append(h("p", { class: "description" }, description));
  const run = async (submit, answer) => {
    const buttons = [...form.querySelectorAll("button")];
    error.hidden = true;
    let value;
    try {
      value = typeof answer === "function" ? answer() : answer;
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      return;
    }
    buttons.forEach((b) => (b.disabled = true));
    form.setAttribute("aria-busy", "true");
    try {
      await submit(value);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      buttons.forEach((b) => (b.disabled = false));
    } finally {
      form.removeAttribute("aria-busy");
    }
  };
  return { form, error, run };
}

function humanInterruptForm(value, submit) {
  const wrapped = Array.isArray(value);
  const request = wrapped ? value[0] : value;
  const { action, args = {} } = request.action_request;
  const config = { allow_accept: true, allow_edit: false, allow_respond: false, allow_ignore: false, ...request.config };
  const respond = (response) => (wrapped ? [response] : response);
  const { form, error, run } = formShell(`Approve ${action}?`, { description: request.description });
  const fields = fieldsEditor(isObject(args) ? args : { args }, { readOnly: !config.allow_edit, idPrefix: "arg" });
  form.append(h("fieldset", {}, h("legend", {}, `Arguments of ${action}`), fields.element));

  const approve = h("button", { type: "submit", class: "primary", "data-action": "approve" }, "Approve");
  const relabel = () => (approve.textContent = safeChanged(fields).length ? "Approve with edits" : "Approve");
  form.addEventListener("input", relabel);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(submit, () => {
      const edited = fields.changed();
      return edited.length ? respond({ type: "edit", args: { action, args: fields.read() } }) : respond({ type: "accept", args: null });
    });
  });
  const buttons = h("div", { class: "buttons" });
  if (config.allow_accept || config.allow_edit) buttons.append(approve);
  if (config.allow_ignore) {
    buttons.append(
      h("button", { type: "button", class: "danger", "data-action": "reject", onclick: () => run(submit, respond({ type: "ignore", args: null })) }, "Reject"),
    );
  }
  form.append(buttons);
  if (config.allow_respond) {
    const id = uid("reply");
    const reply = h("textarea", { id, rows: 2, placeholder: "e.g. Use my work address instead" });
    form.append(
      h("div", { class: "field reply" }, h("label", { for: id }, "Or reply to the assistant instead of running it"), reply),
      h("div", { class: "buttons" },
        h("button", {
          type: "button",
          "data-action": "reply",
          onclick: () =>
            run(submit, () => {
              if (!reply.value.trim()) throw new Error("Write a reply first");
              return respond({ type: "response", args: reply.value.trim() });
            }),
        }, "Send reply")),
    );
  }
  form.append(error);
  return form;
}

/** `changed()` that treats a field with invalid JSON as changed (for the button label only). */
function safeChanged(fields) {
  try {
    return fields.changed();
  } catch {
    return ["?"];
  }
}

function reviseForm(value, submit) {
  const [key, original] = Object.entries(value)[0];
  const { form, error, run } = formShell("Revise, then approve", { description: "Edit the text if it needs it; your version is what the graph continues with." });
  const id = uid("revise");
  const text = h("textarea", { id, rows: 6 }, original);
  form.append(h("div", { class: "field" }, h("label", { for: id }, humanize(key)), text));
  const approve = h("button", { type: "submit", class: "primary", "data-action": "approve" }, "Approve");
  text.addEventListener("input", () => (approve.textContent = text.value !== original ? "Approve with edits" : "Approve"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(submit, () => text.value);
  });
  form.append(h("div", { class: "buttons" }, approve), error);
  return form;
}

function jsonForm(value, submit) {
  const { form, error, run } = formShell("Answer");
  const id = uid("json");
  const answer = h("textarea", { id, rows: 3, class: "json", spellcheck: "false" }, "true");
  form.append(
    h("pre", { class: "payload" }, JSON.stringify(value, null, 2)),
    h("div", { class: "field" }, h("label", { for: id }, "Your answer (JSON)"), answer),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(submit, () => {
      try {
        return JSON.parse(answer.value);
      } catch {
        throw new SyntaxError("The answer is not valid JSON");
      }
    });
  });
  form.append(h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary", "data-action": "approve" }, "Send answer")), error);
  return form;
}

/** The form for one pending interrupt's `value`; `submit(resumeValue)` resumes the thread. */
export function interruptForm(value, submit) {
  switch (formKind(value)) {
    case "human_interrupt":
      return humanInterruptForm(value, submit);
    case "revise":
      return reviseForm(value, submit);
    default:
      return jsonForm(value, submit);
  }
}

/**
 * The form for a static breakpoint before `node`: the state's fields, editable. `proceed(changes)`
 * gets the changed keys' values (empty when nothing changed); `reject` (optional: `{ label, run }`)
 * adds a button that declines the step instead.
 */
export function breakpointForm(node, values, { proceed, reject }) {
  const { form, error, run } = formShell(`Paused before ${node}`, {
    description: `Check the values below; “Continue” runs ${node}.`,
  });
  const fields = fieldsEditor(values, { idPrefix: "state" });
  form.append(h("fieldset", {}, h("legend", {}, "State"), fields.element));
  const go = h("button", { type: "submit", class: "primary", "data-action": "approve" }, "Continue");
  form.addEventListener("input", () => (go.textContent = safeChanged(fields).length ? "Save edits and continue" : "Continue"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(proceed, () => {
      const all = fields.read();
      return Object.fromEntries(fields.changed().map((k) => [k, all[k]]));
    });
  });
  const buttons = h("div", { class: "buttons" }, go);
  if (reject) buttons.append(h("button", { type: "button", class: "danger", "data-action": "reject", onclick: () => run(reject.run, null) }, reject.label));
  form.append(buttons, error);
  return form;
}
