// The browser half of the benchmarks: both libraries in one page, langgraph-wasm with
// MemorySaver and IndexedDBSaver, LangGraph.js with MemorySaver (it has no IndexedDB saver).
import * as ours from "/pkg/index.js";
import * as lg from "/build/langgraph-web.js";
import { langgraphjsAdapter, oursAdapter } from "../lib/adapters.mjs";
import { median, warmUp } from "../lib/measure.mjs";
import { browserShapes } from "../lib/shapes.mjs";

// LangGraph.js's interrupt() finds its run through AsyncLocalStorage, which browsers lack (it
// throws "Called interrupt() outside the context of a graph"). A store that lives for the
// synchronous part of each call is enough for nodes that interrupt before their first await
// (the seed's node), which is also where langgraph-wasm's module-level interrupt() works.
class SyncLocalStorage {
  getStore() {
    return this.store;
  }
  run(store, fn, ...args) {
    const previous = this.store;
    this.store = store;
    try {
      return fn(...args);
    } finally {
      this.store = previous;
    }
  }
  enterWith(store) {
    this.store = store;
  }
}
lg.AsyncLocalStorageProviderSingleton.initializeGlobalInstance(new SyncLocalStorage());

const sides = { ours: oursAdapter(ours, "pkg"), theirs: langgraphjsAdapter(lg, "web") };

/** `adapter`, its graphs run with `durability` (LangGraph.js's `withConfig` carries it). */
const withDurability = (adapter, durability) => ({
  ...adapter,
  stateGraph(...args) {
    const graph = adapter.stateGraph(...args);
    const compile = graph.compile.bind(graph);
    graph.compile = (options) => compile(options).withConfig({ durability });
    return graph;
  },
});
let databases = 0;
/** How long each config runs before it is timed. */
const WARMUP_MS = 1000;

window.runBench = async (size) => {
  const smoke = size === "smoke";
  const rows = [];
  // IndexedDB per superstep: what a run costs over MemorySaver, per checkpoint it saves.
  const superstep = [];
  for (const shape of browserShapes(size)) {
    const configs = [
      { side: "langgraph-wasm", saver: "MemorySaver", a: sides.ours, kind: "memory" },
      { side: "langgraph-wasm", saver: "IndexedDBSaver", a: sides.ours, kind: "indexeddb" },
      { side: "langgraph-wasm", saver: "IndexedDBSaver, `async` durability", a: withDurability(sides.ours, "async"), kind: "indexeddb", durability: "async" },
      { side: "LangGraph.js", saver: "MemorySaver", a: sides.theirs, kind: "memory" },
    ].map((c) => ({ ...c, run: shape.make(c.a, c.a.checkpointer(c.kind, `bench-${Date.now()}-${++databases}`)), times: [], single: [] }));
    const time = async (c, single) => {
      // A forced collection and a turn first (the page runs with --expose-gc), so that neither
      // library pays for the other's garbage.
      globalThis.gc?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
      const t0 = performance.now();
      await c.run(single);
      return performance.now() - t0;
    };
    // Warm-up (and IndexedDB opens), as in Node: a second of running for each config.
    let spent = 0;
    if (!smoke) {
      const last = await warmUp(configs.map((c) => () => time(c)), { ms: WARMUP_MS });
      spent = last.reduce((a, b) => a + b, 0);
    }
    const rounds = smoke ? 1 : Math.max(5, Math.min(30, Math.ceil(8000 / Math.max(spent, 1))));
    for (let r = 0; r < rounds; r++) {
      const order = configs.map((_, i) => configs[(i + r) % configs.length]);
      for (const c of order) c.times.push(await time(c, c.single));
    }
    for (const c of configs) {
      const single = c.single.length ? median(c.single) : null;
      rows.push({ name: shape.name, side: c.side, saver: c.saver, unit: shape.unit, ms: median(c.times) / (shape.perUnit ?? 1), single, samples: c.times.length });
    }
    const [memory, ...indexeddb] = configs.filter((c) => c.side === "langgraph-wasm");
    for (const c of indexeddb) {
      const used = await countTransactions(c.run);
      const extra = (median(c.times) - median(memory.times)) / used.checkpoints;
      const durability = c.durability ?? "sync";
      superstep.push({ name: shape.name, durability, ms: extra, ...used, runs: shape.perUnit ?? 1, unit: shape.unit ?? "run" });
    }
  }
  return { rows, superstep };
};

/**
 * What one more (untimed) run of `run` asks of IndexedDB: the checkpoints it saves (one per
 * superstep: `put`s on the `checkpoints` store) and the transactions it opens, by mode.
 */
async function countTransactions(run) {
  const counts = { checkpoints: 0, readwrite: 0, readonly: 0 };
  const { transaction } = IDBDatabase.prototype;
  const { put } = IDBObjectStore.prototype;
  IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
    counts[mode === "readwrite" ? "readwrite" : "readonly"]++;
    return transaction.call(this, stores, mode, ...rest);
  };
  IDBObjectStore.prototype.put = function (...args) {
    if (this.name === "checkpoints") counts.checkpoints++;
    return put.apply(this, args);
  };
  try {
    await run();
  } finally {
    IDBDatabase.prototype.transaction = transaction;
    IDBObjectStore.prototype.put = put;
  }
  return counts;
}
