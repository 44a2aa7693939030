// A tiny hyperscript helper: h("button", { type: "button", onclick }, "Approve").
// Attributes starting with "on" become listeners; `false`/`null` attributes are left out; strings
// are always text nodes (never parsed as HTML), so values from threads cannot inject markup.

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === false || v == null) continue;
    if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else if (k === "value" && "value" in node) node.value = v;
    else if (k === "checked") node.checked = Boolean(v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

let counter = 0;
/** A fresh id for label/field pairs. */
export const uid = (prefix) => `${prefix}-${++counter}`;

/** "text_to_revise" → "Text to revise". */
export const humanize = (key) => {
  const words = String(key).replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** "3 minutes ago"-style time, with the exact time in a tooltip. */
export function timeAgo(iso) {
  const at = new Date(iso);
  const seconds = Math.round((Date.now() - at.getTime()) / 1000);
  const text =
    seconds < 45 ? "just now" : seconds < 3600 ? `${Math.round(seconds / 60)} min ago` : seconds < 86400 ? `${Math.round(seconds / 3600)} h ago` : at.toLocaleDateString();
  return h("time", { datetime: at.toISOString(), title: at.toLocaleString() }, text);
}
