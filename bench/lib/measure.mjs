// Timing side by side: samples of the two libraries alternate in one process (AB, BA, AB, …),
// each after a forced GC, so neither pays for the other's garbage or gets a quieter moment of
// the shared machine. Reports medians.

export const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * A full GC, then a macrotask turn so that FinalizationRegistry callbacks run: langgraph-wasm's
 * graphs and savers free their wasm memory there, and without it the samples' checkpoints pile
 * up in wasm memory (wide_state_15x600 with MemorySaver holds ~0.6 GB per run).
 */
export async function collect() {
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 0));
  globalThis.gc?.();
}

async function timed(fn) {
  await collect();
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Warm-up: runs each of `samplers` (async functions resolving to a sample's time in ms) until
 * each has had `samples` samples and spent `ms` running, the one that has run for less time
 * going next, so that all stay in use and each gets the same time to reach its steady state (V8
 * tiers code up by how much of it has run, so a library whose run is short needs many more
 * samples than one whose run is long). Resolves to each sampler's last time.
 */
export async function warmUp(samplers, { samples = 1, ms = 0 } = {}) {
  const warm = samplers.map(() => ({ spent: 0, samples: 0, last: 0 }));
  const warmed = (w) => w.samples >= samples && w.spent >= ms;
  for (;;) {
    let next = -1;
    for (let i = 0; i < warm.length; i++) {
      if (!warmed(warm[i]) && (next < 0 || warm[i].spent < warm[next].spent)) next = i;
    }
    if (next < 0) return warm.map((w) => w.last);
    const w = warm[next];
    w.last = await samplers[next]();
    w.spent += w.last;
    w.samples++;
  }
}

/**
 * Times `shape` on both adapters. A sample is built (untimed: graph, fresh checkpointer, input)
 * then run (timed). `warmUp` first (at least `warmup` samples and `warmupMs` each), then rounds
 * until `budgetMs` is spent, within [minRounds, maxRounds]. Returns `{ours: [ms…], theirs: [ms…]}`.
 */
export async function comparePair(shape, sides, { warmup = 1, warmupMs = 0, minRounds = 5, maxRounds = 40, budgetMs = 10_000 } = {}) {
  const sample = async (a) => {
    const { run } = shape.build(a);
    return timed(run);
  };
  const last = await warmUp([() => sample(sides.ours), () => sample(sides.theirs)], { samples: warmup, ms: warmupMs });
  const perRound = last[0] + last[1];
  const rounds = Math.max(minRounds, Math.min(maxRounds, perRound ? Math.ceil(budgetMs / perRound) : minRounds));
  const times = { ours: [], theirs: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? ["theirs", "ours"] : ["ours", "theirs"];
    for (const side of order) times[side].push(await sample(sides[side]));
  }
  return times;
}

/**
 * What one run of `shape` on langgraph-wasm moves across the JS–wasm boundary. Objects and
 * arrays cross as JSON text (JSON.stringify on the way in, JSON.parse on the way out), so
 * counting the text those two calls handle, and their time, gives a floor under the cost of
 * keeping state in wasm: the Rust half (serde_json) comes on top. One warm-up run first.
 */
export async function boundaryVolume(shape, adapter) {
  await shape.build(adapter).run();
  const { parse, stringify } = JSON;
  const seen = { bytes: 0, calls: 0, ms: 0 };
  const counted = (fn, size) =>
    function (...args) {
      const t0 = performance.now();
      const out = fn.apply(JSON, args);
      seen.ms += performance.now() - t0;
      seen.calls++;
      seen.bytes += size(args, out);
      return out;
    };
  await collect();
  JSON.parse = counted(parse, ([text]) => String(text).length);
  JSON.stringify = counted(stringify, (_, text) => text?.length ?? 0);
  const { run } = shape.build(adapter);
  const t0 = performance.now();
  try {
    await run();
  } finally {
    JSON.parse = parse;
    JSON.stringify = stringify;
  }
  return { ...seen, runMs: performance.now() - t0 };
}
