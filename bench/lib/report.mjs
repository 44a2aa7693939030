// bench/RESULTS.md from the harness's measurements.

const ms = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
const mb = (b) => `${(b / 2 ** 20).toFixed(1)} MB`;
const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
const ratio = (r) => `${r < 1 ? r.toFixed(2) : r.toFixed(1)}×`;
const bytes = (b) => (b >= 1e6 ? `${b / 1e6} MB` : b >= 1e3 ? `${b / 1e3} KB` : `${b} B`);
/** A measured size, rounded. */
const stored = (b) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b >= 1e3 ? `${(b / 1e3).toFixed(1)} KB` : `${Math.round(b)} B`);

/** The target a shape's ratio is held to: ≥10× with a checkpointer, ≥5× without. */
export const target = (row) => (row.checkpoint ? 10 : 5);

export function renderResults({ results, machine, versions, smoke, date }) {
  const out = [];
  out.push("# Benchmarks: langgraph-wasm vs LangGraph.js", "");
  if (smoke) out.push("> **Smoke run** (tiny sizes, one sample each): checks that the harness works; the numbers mean nothing.", "");
  out.push(
    `Written by \`make bench\` (\`node --expose-gc bench/run.mjs\`) on ${date}.`,
    "",
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${mb(machine.memory)} RAM, ${machine.os}; Node ${machine.node}; load average at the end ${machine.load.map((l) => l.toFixed(1)).join(" / ")}.`,
    `- langgraph-wasm ${versions.ours}; LangGraph.js \`@langchain/langgraph\` ${versions.theirs} with \`@langchain/core\` ${versions.core}.`,
    "- Method: both libraries run the same graphs in one Node process (`bench/lib/shapes.mjs`, ported from LangGraph's Python `bench/`), and before timing each shape runs once on both and their final states must agree. Each library first runs the shape for at least a second of warm-up (the one that has run for less time going next), since V8 tiers code up by how much of it has run: a library whose run takes 4 ms needs ~100 runs to reach its steady state, one whose run takes 40 ms ~10. Samples then alternate (ours, theirs, theirs, ours, …), each after a forced GC, with a fresh graph and checkpointer built untimed. A sample drains `graph.stream(input, {streamMode: \"updates\"})` on a new thread with each library's default durability (LangGraph.js `async`, langgraph-wasm `sync`). Times are medians; ratio = LangGraph.js ÷ langgraph-wasm (higher is better for us).",
    "- The machine is shared (2 cores, other jobs running): absolute times are noisy, the ratios less so, since the pairs alternate.",
    "",
  );

  if (results.shapes.length) {
    out.push("## Shapes (Node)", "", "| shape | checkpointer | langgraph-wasm | LangGraph.js | ratio | target | samples |", "|---|---|---:|---:|---:|---:|---:|");
    for (const r of results.shapes) {
      const unit = r.unit === "run" ? "ms" : `ms per ${r.unit}`;
      const ok = r.ratio >= target(r) ? "✅" : "❌";
      out.push(`| ${r.name} | ${r.checkpoint ? "MemorySaver" : "none"} | ${ms(r.ours)} ${unit} | ${ms(r.theirs)} ${unit} | ${ratio(r.ratio)} | ≥${target(r)}× ${ok} | ${r.samples} |`);
    }
    out.push("");
  }

  if (results.boundary?.length) {
    out.push(
      "## What crosses the JS–wasm boundary (shapes below a target)",
      "",
      "State values are JS values held by handle and passed by reference (docs/value-model.md); what still crosses as JSON text is what leaves the run (a checkpoint, encoded with `JSON.stringify`) or comes back from one (`JSON.parse`). One run without a checkpointer, counted: the text those two calls handled and the time spent in them alone. The last column compares it with LangGraph.js's whole run.",
      "",
      "| shape | our run | JSON text across | calls | JSON.parse + JSON.stringify | LangGraph.js whole run (median) | floor ÷ LangGraph.js run |",
      "|---|---:|---:|---:|---:|---:|---:|",
      ...results.boundary.map(
        (b) => `| ${b.name} | ${ms(b.runMs)} ms | ${b.bytes >= 1e6 ? `${(b.bytes / 1e6).toFixed(1)} MB` : b.bytes >= 1e3 ? `${(b.bytes / 1e3).toFixed(1)} KB` : `${b.bytes} B`} | ${b.calls} | ${ms(b.ms)} ms | ${ms(b.theirs)} ms | ${(b.ms / b.theirs).toFixed(2)} |`,
      ),
      "",
    );
  }

  if (results.storage?.length) {
    out.push(
      "## What a checkpointer stores (Node, MemorySaver)",
      "",
      "One react_agent run (LangChain message classes on both sides) on a fresh MemorySaver: LangGraph.js's bytes are its serialized checkpoints, metadata and writes (each checkpoint holds every changed channel whole: the whole message list again at every step); langgraph-wasm's are the JSON of its records, where a list that only grew is stored as its new items (a delta). Steps: the run's `updates` chunks.",
      "",
      "| shape | langgraph-wasm | per step | LangGraph.js | per step | ratio |",
      "|---|---:|---:|---:|---:|---:|",
      ...results.storage.map(
        (r) => `| ${r.name} | ${stored(r.ours.bytes)} | ${stored(r.ours.bytes / r.ours.steps)} | ${stored(r.theirs.bytes)} | ${stored(r.theirs.bytes / r.theirs.steps)} | ${ratio(r.theirs.bytes / r.ours.bytes)} |`,
      ),
      "",
    );
  }

  if (results.sweep.length) {
    const flat = (side) => Math.max(...results.sweep.map((r) => r[side])) / Math.min(...results.sweep.map((r) => r[side]));
    out.push(
      "## State-size sweep (Node, MemorySaver)",
      "",
      "A thread holds a state of the given size (records of ~110 bytes); each step of the timed run writes one number. Time per step is the median gap between consecutive node starts (so a run's fixed start and end costs are left out).",
      "",
      "![time per step vs state size](sweep.svg)",
      "",
      "| state size | langgraph-wasm ms/step | LangGraph.js ms/step | ratio |",
      "|---:|---:|---:|---:|",
      ...results.sweep.map((r) => `| ${bytes(r.bytes)} | ${ms(r.ours)} | ${ms(r.theirs)} | ${ratio(r.theirs / r.ours)} |`),
      "",
      `Largest ÷ smallest per-step time: langgraph-wasm ${flat("ours").toFixed(1)}× (target: within 2×), LangGraph.js ${flat("theirs").toFixed(1)}×.`,
      "",
    );
  }

  if (results.memory.length) {
    out.push("## Memory (Node, a fresh process each)", "", `\`${results.memory[0].shape}\`.`, "", "| library | peak RSS | RSS before the runs | JS heap peak (sampled at node calls) | wasm linear memory |", "|---|---:|---:|---:|---:|");
    for (const m of results.memory) {
      out.push(`| ${m.side === "ours" ? "langgraph-wasm" : "LangGraph.js"} | ${mb(m.maxRss)} | ${mb(m.rssBefore)} | ${mb(m.heapPeak)} | ${m.wasmMemory ? mb(m.wasmMemory) : "–"} |`);
    }
    out.push("");
  }

  if (results.sizes) {
    const s = results.sizes;
    out.push(
      "## Download size",
      "",
      "| what | raw | gzip -9 |",
      "|---|---:|---:|",
      `| langgraph-wasm: release wasm (\`pkg/wasm/langgraph_wasm_bg.wasm\`) | ${kb(s.wasm.raw)} | ${kb(s.wasm.gzip)} |`,
      `| langgraph-wasm: its JS (entry, bindings, \`lib/\`; not minified) | ${kb(s.oursJs.raw)} | ${kb(s.oursJs.gzip)} |`,
      ...(s.oursBundled ? [`| langgraph-wasm: its browser entry bundled and minified by esbuild (what an app's bundle holds; the wasm beside it) | ${kb(s.oursBundled.raw)} | ${kb(s.oursBundled.gzip)} |`] : []),
      ...(s.webWasm
        ? [
            `| \`langgraph-wasm/web\` (the graph API, no Client layer): its wasm (\`pkg/wasm/engine/langgraph_wasm_bg.wasm\`) | ${kb(s.webWasm.raw)} | ${kb(s.webWasm.gzip)} |`,
            `| \`langgraph-wasm/web\`: its browser entry bundled and minified by esbuild | ${kb(s.webBundled.raw)} | ${kb(s.webBundled.gzip)} |`,
          ]
        : []),
      `| LangGraph.js: \`@langchain/langgraph/web\` bundled and minified by esbuild (browser, ESM) | ${kb(s.theirs.raw)} | ${kb(s.theirs.gzip)} |`,
      "",
    );
  }

  if (results.browser) {
    const b = results.browser;
    out.push(
      "## Headless Chromium",
      "",
      `${b.browser}. The page loads \`pkg/\` and the esbuild bundle of \`@langchain/langgraph/web\`; each configuration warms up for a second and samples alternate as in Node, each after a forced GC and a macrotask turn (the page runs with \`--js-flags=--expose-gc\`). LangGraph.js has no IndexedDB saver, so its rows use MemorySaver.`,
      "",
      "Times are medians of whole runs (the seed: 20 round trips each, divided by 20); for the seed, the median of its single round trips too.",
      "",
      "| shape | library | saver | median | single round trips (median) | samples |",
      "|---|---|---|---:|---:|---:|",
      ...b.rows.map(
        (r) =>
          `| ${r.name} | ${r.side} | ${r.saver} | ${ms(r.ms)} ms${r.unit ? ` per ${r.unit}` : ""} | ${r.single == null ? "" : `${ms(r.single)} ms`} | ${r.samples} |`,
      ),
      "",
    );
    if (b.superstep?.length) {
      out.push(
        "### IndexedDB per superstep",
        "",
        "What a run on `IndexedDBSaver` costs over the same run on `MemorySaver`, divided by the checkpoints it saves (one per superstep), and what one more run of it asks of IndexedDB (counted by wrapping `IDBDatabase.prototype.transaction` and the `checkpoints` store's `put`, outside the timed runs). Under `sync` durability (our default) each superstep is committed before the next starts; under `async` the steps that finish while a commit is under way share the next one.",
        "",
        "| shape | durability | IndexedDB − MemorySaver per superstep | checkpoints | readwrite transactions | readonly transactions |",
        "|---|---|---:|---:|---:|---:|",
        ...b.superstep.map((r) => {
          const per = (n) => `${n / r.runs} per ${r.unit}`;
          return `| ${r.name} | ${r.durability ?? "sync"} | ${ms(r.ms)} ms | ${per(r.checkpoints)} | ${per(r.readwrite)} | ${per(r.readonly)} |`;
        }),
        "",
      );
    }
    if (b.notes?.length) out.push(...b.notes.map((n) => `- ${n}`), "");
  }
  if (results.load) {
    const { node, browser, samples } = results.load;
    const names = {
      ours: "langgraph-wasm",
      "ours-bundled": "langgraph-wasm, bundled by esbuild",
      "web-bundled": "langgraph-wasm/web, bundled by esbuild",
      theirs: "LangGraph.js, bundled by esbuild",
    };
    const name = (side) => names[side] ?? side;
    out.push(
      "## First load",
      "",
      `From the start of the loading script to the package's \`import()\` and to the first result of a one-node graph (for langgraph-wasm this includes fetching or reading the wasm and compiling it). Medians of ${samples} samples. Node: each sample a fresh process (\`node bench/lib/load.node.mjs\`). Chromium: each sample a fresh profile (cold: no HTTP or code cache), then a reload of the same page (warm); langgraph-wasm both as \`pkg/\` (unbundled modules, one request each) and as an app's bundler would ship it (\`pkg/index.js\`, and \`pkg/web.js\` for \`langgraph-wasm/web\`, bundled and minified by esbuild, the wasm beside it), LangGraph.js's \`/web\` entry bundled the same way.`,
      "",
      "| where | library | import | first result |",
      "|---|---|---:|---:|",
      ...Object.entries(node).map(
        ([side, t]) => `| Node, fresh process | ${side === "ours" ? "langgraph-wasm" : "LangGraph.js"} | ${ms(t.import)} ms | ${ms(t.firstRun)} ms |`,
      ),
    );
    for (const [side, t] of Object.entries(browser ?? {})) {
      out.push(`| Chromium, fresh profile | ${name(side)} | ${ms(t.cold.import)} ms | ${ms(t.cold.firstRun)} ms |`);
    }
    for (const [side, t] of Object.entries(browser ?? {})) {
      out.push(`| Chromium, reload | ${name(side)} | ${ms(t.warm.import)} ms | ${ms(t.warm.firstRun)} ms |`);
    }
    out.push("");
  }
  return out.join("\n");
}
