// Draws a graph from `getGraph()` ({ nodes, edges }) as our own SVG: top to bottom, one row per
// layer, back edges (loops) curving round the right side, conditional edges dashed with their label.
// Small on purpose (no Mermaid, no layout library): the example graphs have a handful of nodes, and
// drawing it ourselves lets the paused node be highlighted and described to screen readers.

const SVG = "http://www.w3.org/2000/svg";
const ROW = 74;
const NODE_H = 34;
const GAP = 24;
const CHAR = 7.6;
const LOOP = 46;

function el(name, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const child of children) node.append(child);
  return node;
}

const isTerminal = (id) => id === "__start__" || id === "__end__";
const labelOf = (id) => (id === "__start__" ? "start" : id === "__end__" ? "end" : id);
/** A paused node shows a pause icon in its box (no separate badge to collide with edges and labels). */
const ICON = 16;

/**
 * Layers by longest path from `__start__`, ignoring back edges (found by depth-first search), so
 * that a loop such as agent → tools → agent draws as a column with one edge going back up.
 */
export function layout(graph, paused = []) {
  const ids = graph.nodes.map((n) => n.id);
  const out = new Map(ids.map((id) => [id, []]));
  for (const e of graph.edges) out.get(e.source)?.push(e.target);
  const back = new Set();
  const state = new Map();
  const visit = (id) => {
    state.set(id, "open");
    for (const next of out.get(id) ?? []) {
      if (state.get(next) === "open") back.add(`${id}->${next}`);
      else if (!state.has(next)) visit(next);
    }
    state.set(id, "done");
  };
  if (out.has("__start__")) visit("__start__");
  for (const id of ids) if (!state.has(id)) visit(id);

  const layer = new Map(ids.map((id) => [id, 0]));
  // Longest path over the acyclic part: relax |V| times (tiny graphs).
  for (let round = 0; round < ids.length; round++) {
    for (const e of graph.edges) {
      if (back.has(`${e.source}->${e.target}`) || !layer.has(e.source) || !layer.has(e.target)) continue;
      layer.set(e.target, Math.max(layer.get(e.target), layer.get(e.source) + 1));
    }
  }
  // `__end__` gets the last row to itself, so edges into it never cross a node on its row.
  if (layer.has("__end__")) {
    layer.delete("__end__");
    layer.set("__end__", Math.max(0, ...layer.values()) + 1);
  }

  const rows = [];
  for (const id of ids) (rows[layer.get(id)] ??= []).push(id);
  const width = (id) => (isTerminal(id) ? 64 : Math.max(90, labelOf(id).length * CHAR + 28 + (paused.includes(id) ? 2 * ICON : 0)));
  const rowWidth = (row) => row.reduce((sum, id) => sum + width(id), 0) + GAP * (row.length - 1);
  const inner = Math.max(...rows.filter(Boolean).map(rowWidth));
  // Forward edges that skip rows go round the left side (loops go round the right).
  const long = graph.edges.filter((e) => !back.has(`${e.source}->${e.target}`) && layer.get(e.target) - layer.get(e.source) > 1);
  const left = long.length ? LOOP : 0;
  const pos = new Map();
  rows.forEach((row = [], r) => {
    let x = left + (inner - rowWidth(row)) / 2;
    for (const id of row) {
      pos.set(id, { x, y: r * ROW, w: width(id), h: NODE_H });
      x += width(id) + GAP;
    }
  });
  return { pos, back, layer, width: left + inner + (back.size ? LOOP + 8 : 0), height: (rows.length - 1) * ROW + NODE_H, left, inner };
}

/**
 * The graph as an `<svg>` element. `paused`: node ids to highlight (where the thread waits);
 * `finished`: highlight `__end__`. `title` is read out by screen readers with a description.
 */
export function graphSvg(graph, { paused = [], finished = false, title = "Graph" } = {}) {
  const { pos, back, layer, width, height, left, inner } = layout(graph, paused);
  const pad = 10;
  const titleId = `g-title-${Math.random().toString(36).slice(2, 8)}`;
  const svg = el("svg", {
    class: "graph",
    viewBox: `${-pad} ${-pad} ${width + 2 * pad} ${height + 2 * pad}`,
    width: width + 2 * pad,
    role: "img",
    "aria-labelledby": titleId,
  });
  const where = paused.length
    ? `The run is paused at ${paused.join(", ")}.`
    : finished
      ? "The run has finished."
      : "";
  const edges = graph.edges.map((e) => `${labelOf(e.source)} to ${labelOf(e.target)}${e.conditional ? ` if ${e.data ?? "chosen"}` : ""}`);
  svg.append(el("title", { id: titleId }, `${title}. ${where} Edges: ${edges.join("; ")}.`));
  svg.append(
    el("defs", {}, el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      el("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" }))),
  );

  for (const e of graph.edges) {
    const a = pos.get(e.source);
    const b = pos.get(e.target);
    if (!a || !b) continue;
    let d;
    let mid;
    if (back.has(`${e.source}->${e.target}`)) {
      // Out of the source's right side, round the right margin, into the target's right side.
      const x = left + inner + LOOP;
      const y1 = a.y + a.h / 2;
      const y2 = b.y + b.h / 2;
      d = `M${a.x + a.w},${y1} C${x},${y1} ${x},${y2} ${b.x + b.w + 2},${y2}`;
      mid = { x: x - 10, y: (y1 + y2) / 2 };
    } else if (layer.get(e.target) - layer.get(e.source) > 1) {
      const x1 = a.x;
      const y1 = a.y + a.h / 2;
      const x2 = b.x - 2;
      const y2 = b.y + b.h / 2;
      d = `M${x1},${y1} C0,${y1} 0,${y2} ${x2},${y2}`;
      mid = { x: 4, y: (y1 + y2) / 2 };
    } else {
      const x1 = a.x + a.w / 2;
      const y1 = a.y + a.h;
      const x2 = b.x + b.w / 2;
      const y2 = b.y - 2;
      const bend = (y2 - y1) / 2;
      d = `M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}`;
      mid = { x: (x1 + x2) / 2, y: (y1 + y2) / 2 };
    }
    const g = el("g", { class: `edge${e.conditional ? " conditional" : ""}` });
    g.append(el("path", { d, "marker-end": "url(#arrow)" }));
    if (e.conditional && e.data) {
      const text = el("text", { x: mid.x + 4, y: mid.y + 4, class: "edge-label" }, e.data);
      g.append(text);
    }
    svg.append(g);
  }

  for (const n of graph.nodes) {
    const p = pos.get(n.id);
    const classes = ["node"];
    if (isTerminal(n.id)) classes.push("terminal");
    if (paused.includes(n.id)) classes.push("paused");
    if (finished && n.id === "__end__") classes.push("reached");
    const g = el("g", { class: classes.join(" "), "data-node": n.id });
    g.append(el("rect", { x: p.x, y: p.y, width: p.w, height: p.h, rx: isTerminal(n.id) ? p.h / 2 : 6 }));
    const shift = paused.includes(n.id) ? ICON / 2 : 0;
    if (shift) {
      const x = p.x + p.w / 2 - (labelOf(n.id).length * CHAR) / 2 - ICON;
      const y = p.y + p.h / 2 - 6;
      g.append(el("rect", { class: "icon", x, y, width: 4, height: 12, rx: 1 }), el("rect", { class: "icon", x: x + 7, y, width: 4, height: 12, rx: 1 }));
    }
    g.append(el("text", { x: p.x + p.w / 2 + shift, y: p.y + p.h / 2 + 5, "text-anchor": "middle" }, labelOf(n.id)));
    svg.append(g);
  }
  return svg;
}
