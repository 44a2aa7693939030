// What a compiled graph's `getGraph()` returns: its nodes (keyed by id) and edges as LangGraph.js
// lists them, with the methods of LangChain's `Graph` that apps use to show a graph. The Mermaid
// text is LangGraph.js's, character for character (tests/dropin/programs/30-draw-graph.mjs runs
// the same graph on both): its header, node ids with what Mermaid cannot take replaced by `_`,
// labels (`<p>…</p>` for names framed by `_`, `*` or a backtick; node metadata such as
// `__interrupt` under a rule), edges grouped into `subgraph` blocks by shared `a:b` prefixes,
// and the class definitions.

const START = "__start__";
const END = "__end__";

const DEFAULT_COLORS = { default: "fill:#f2f0ff,line-height:1.2", first: "fill-opacity:0", last: "fill:#bfb6fc" };

/** A node id as Mermaid takes it: each UTF-16 unit other than ASCII letters, digits, `_` and `-` becomes `_`. */
const mermaidId = (id) => id.replace(/[^a-zA-Z0-9_-]/g, "_");

/** Characters of a metadata line that Mermaid reads as syntax, as its entity codes. */
const ENTITIES = { "#": "#35;", "[": "#91;", "]": "#93;", "(": "#40;", ")": "#41;", "{": "#123;", "}": "#125;", '"': "#quot;", "<": "#60;", ">": "#62;", "|": "#124;" };
const escapeMetadata = (text) => text.replace(/[#[\](){}"<>|]/g, (c) => ENTITIES[c]);

const isScalar = (v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** A metadata value as a label shows it: scalars as text, lists of scalars joined by commas; others are left out. */
function metadataText(value) {
  if (isScalar(value)) return String(value);
  if (Array.isArray(value) && value.every(isScalar)) return value.join(",");
  return undefined;
}

export class DrawableGraph {
  /**
   * @param nodes `{ [id]: { id, name, data, metadata } }`, in drawing order
   * @param edges `[{ source, target, data, conditional }]`, in drawing order
   */
  constructor(nodes = {}, edges = []) {
    this.nodes = nodes;
    this.edges = edges;
  }

  /**
   * From the engine's `getGraph()` (nodes and edges in LangGraph.js's order) and the JS side's
   * per-node metadata (`metadataOf(name)`: `addNode`'s `metadata`, `__interrupt`, `__tools`) and
   * description of what runs the node (`dataOf(name)`: `{ id, name }`, a Runnable's id and name).
   */
  static fromEngine(drawn, metadataOf = () => undefined, dataOf = () => undefined) {
    // A node named `subgraph` (a Mermaid keyword) goes by `"subgraph"`, as in LangGraph.js.
    const display = (name) => (name === "subgraph" ? `"${name}"` : name);
    const nodes = {};
    for (const node of drawn.nodes) {
      const id = display(node.id);
      const ends = node.id === START || node.id === END;
      const metadata = ends ? undefined : metadataOf(node.id);
      // What LangGraph.js's `toJSON()` writes for a node: START and END are schemas (of any
      // value), the others the Runnable that runs them.
      const data = ends ? { $schema: "https://json-schema.org/draft/2020-12/schema" } : (dataOf(node.id) ?? node.data);
      nodes[id] = { id, name: id, data, metadata };
    }
    const edges = drawn.edges.map((e) => ({ source: display(e.source), target: display(e.target), data: e.data, conditional: e.conditional }));
    return new DrawableGraph(nodes, edges);
  }

  /**
   * The one node no edge leads to (undefined if there is none, or several); nodes in `exclude`
   * and the edges from them are left out of the question.
   */
  firstNode(exclude = []) {
    const targets = new Set(this.edges.filter((e) => !exclude.includes(e.source)).map((e) => e.target));
    return only(Object.values(this.nodes).filter((n) => !exclude.includes(n.id) && !targets.has(n.id)));
  }

  /** The one node no edge leaves (undefined if there is none, or several); as `firstNode`, the other way. */
  lastNode(exclude = []) {
    const sources = new Set(this.edges.filter((e) => !exclude.includes(e.target)).map((e) => e.source));
    return only(Object.values(this.nodes).filter((n) => !exclude.includes(n.id) && !sources.has(n.id)));
  }

  /** Removes the first node (a graph's start) when another node would then be first. */
  trimFirstNode() {
    const first = this.firstNode();
    if (first !== undefined && this.firstNode([first.id]) !== undefined) this._remove(first.id);
  }

  /** Removes the last node (a graph's end) when another node would then be last. */
  trimLastNode() {
    const last = this.lastNode();
    if (last !== undefined && this.lastNode([last.id]) !== undefined) this._remove(last.id);
  }

  _remove(id) {
    delete this.nodes[id];
    this.edges = this.edges.filter((e) => e.source !== id && e.target !== id);
  }

  /**
   * `getGraph({ xray })`: each node for which `childOf(id)` gives a drawing (a subgraph's) is
   * replaced by that drawing's nodes, their ids prefixed `id:`, without its start and end; edges
   * into the node go to the drawing's first node and edges out of it leave from its last (and are
   * dropped when it has no single last node). The drawings' own edges come first, as LangGraph.js
   * lists them.
   */
  expand(childOf) {
    const nodes = {};
    const inner = [];
    const entry = new Map();
    const exit = new Map();
    for (const [id, node] of Object.entries(this.nodes)) {
      const child = childOf(id);
      if (child !== undefined) {
        child.trimFirstNode();
        child.trimLastNode();
        if (Object.keys(child.nodes).length > 1) {
          const prefixed = (childId) => `${id}:${childId}`;
          for (const [childId, childNode] of Object.entries(child.nodes)) nodes[prefixed(childId)] = { ...childNode, id: prefixed(childId) };
          for (const e of child.edges) inner.push({ ...e, source: prefixed(e.source), target: prefixed(e.target) });
          const first = child.firstNode();
          const last = child.lastNode();
          if (first === undefined) throw new Error(`Could not extend subgraph "${id}" due to missing entrypoint.`);
          entry.set(id, prefixed(first.id));
          exit.set(id, last === undefined ? undefined : prefixed(last.id));
          continue;
        }
      }
      nodes[id] = node;
    }
    const outer = this.edges
      .filter((e) => !exit.has(e.source) || exit.get(e.source) !== undefined)
      .map((e) => ({ ...e, source: exit.get(e.source) ?? e.source, target: entry.get(e.target) ?? e.target }));
    return new DrawableGraph(nodes, [...inner, ...outer]);
  }

  /**
   * The graph as Mermaid flowchart text. Options (as LangChain's): `withStyles` (default true:
   * the curve setting, node lines and class definitions), `curveStyle` ("linear"), `nodeColors`
   * (class name → style), `wrapLabelNWords` (9: longer edge labels are broken into lines).
   */
  drawMermaid({ withStyles = true, curveStyle = "linear", nodeColors = DEFAULT_COLORS, wrapLabelNWords = 9 } = {}) {
    let out = withStyles ? `%%{init: {'flowchart': {'curve': '${curveStyle}'}}}%%\ngraph TD;\n` : "graph TD;\n";
    if (withStyles) {
      const first = this.firstNode()?.id;
      const last = this.lastNode()?.id;
      for (const [id, node] of Object.entries(this.nodes)) out += `\t${nodeLine(id, node, id === last ? "last" : id === first ? "first" : undefined)}\n`;
    }
    out += edgeLines(this.edges, wrapLabelNWords);
    if (withStyles) {
      for (const [name, style] of Object.entries(nodeColors ?? {})) out += `\tclassDef ${name} ${style};\n`;
    }
    return out;
  }

  /**
   * The graph as an image, rendered by the mermaid.ink service (a network request, as in
   * LangChain): a `Blob` of `imageType` ("png"), on `backgroundColor` ("white").
   */
  async drawMermaidPng({ backgroundColor = "white", imageType = "png", ...options } = {}) {
    const text = this.drawMermaid(options);
    const background = /^#(?:[0-9a-fA-F]{3}){1,2}$/.test(backgroundColor) ? backgroundColor : `!${backgroundColor}`;
    const url = `https://mermaid.ink/img/${base64Url(text)}?bgColor=${encodeURIComponent(background)}&type=${imageType}`;
    const response = await fetch(url);
    if (!response.ok) {
      throw new Error(`Failed to render the graph using the Mermaid.INK API.\nStatus code: ${response.status}\nStatus text: ${response.statusText}`);
    }
    return response.blob();
  }

  /** `{ nodes: [{ id, type, data, metadata? }], edges: [{ source, target, data?, conditional }] }`. */
  toJSON() {
    return {
      nodes: Object.values(this.nodes).map(({ id, data, metadata }) => ({
        id,
        type: id === START || id === END ? "schema" : "runnable",
        data,
        ...(metadata !== undefined ? { metadata } : {}),
      })),
      edges: this.edges.map(({ source, target, data, conditional }) => ({
        source,
        target,
        ...(data !== undefined ? { data } : {}),
        conditional,
      })),
    };
  }
}

const only = (found) => (found.length === 1 ? found[0] : undefined);

/** A node's line: `id(label)`, or a stadium marked `first`/`last`. */
function nodeLine(id, node, mark) {
  const name = node.name.split(":").pop() ?? "";
  let label = ["_", "*", "`"].some((c) => name.startsWith(c) && name.endsWith(c)) ? `<p>${name}</p>` : name;
  const lines = [];
  for (const [key, value] of Object.entries(node.metadata ?? {})) {
    const text = metadataText(value);
    if (text !== undefined) lines.push(escapeMetadata(`${key} = ${text}`));
  }
  if (lines.length > 0) label += `<hr/><small><em>${lines.join("\n")}</em></small>`;
  return mark === undefined ? `${mermaidId(id)}(${label})` : `${mermaidId(id)}([${label}]):::${mark}`;
}

/**
 * The edge lines. Edges are grouped by the parts of their ends' `:`-separated ids that match
 * position by position; a group with a prefix is drawn inside `subgraph <last part>` … `end`
 * (unless it is one edge from a node to itself), groups nested one level deeper inside it.
 */
function edgeLines(edges, wrapWords) {
  const groups = new Map();
  for (const edge of edges) {
    const target = edge.target.split(":");
    const prefix = edge.source
      .split(":")
      .filter((part, i) => part === target[i])
      .join(":");
    if (!groups.has(prefix)) groups.set(prefix, []);
    groups.get(prefix).push(edge);
  }
  const seen = new Set();
  let out = "";
  const draw = (group, prefix) => {
    const selfLoop = group.length === 1 && group[0].source === group[0].target;
    const framed = prefix !== "" && !selfLoop;
    if (framed) {
      const name = prefix.split(":").pop();
      if (seen.has(prefix)) {
        throw new Error(
          `Found duplicate subgraph '${name}' at '${prefix}': a subgraph node is used twice under one name; give each use its own name.`,
        );
      }
      seen.add(prefix);
      out += `\tsubgraph ${name}\n`;
    }
    const depth = prefix.split(":").length;
    const nested = [...groups.keys()]
      .filter((p) => p !== prefix && p.startsWith(`${prefix}:`) && p.split(":").length === depth + 1)
      .sort((a, b) => a.split(":").length - b.split(":").length);
    for (const p of nested) draw(groups.get(p), p);
    for (const edge of group) out += `\t${mermaidId(edge.source)}${arrow(edge, wrapWords)}${mermaidId(edge.target)};\n`;
    if (framed) out += "\tend\n";
  };
  draw(groups.get("") ?? [], "");
  for (const [prefix, group] of groups) if (prefix !== "" && !prefix.includes(":")) draw(group, prefix);
  return out;
}

/** An edge's arrow: dotted when conditional, with its label (broken every `wrapWords` words) when it has one. */
function arrow({ data, conditional }, wrapWords) {
  if (data === undefined || data === null) return conditional ? " -.-> " : " --> ";
  const words = String(data).split(" ");
  let label = String(data);
  if (words.length > wrapWords) {
    const lines = [];
    for (let i = 0; i < words.length; i += wrapWords) lines.push(words.slice(i, i + wrapWords).join(" "));
    label = lines.join("&nbsp;<br>&nbsp;");
  }
  return conditional ? ` -. &nbsp;${label}&nbsp; .-> ` : ` -- &nbsp;${label}&nbsp; --> `;
}

/** `text` as UTF-8, base64url without padding (how mermaid.ink takes a diagram in its URL). */
function base64Url(text) {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
