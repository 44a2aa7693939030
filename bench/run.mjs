// Benchmarks of langgraph-wasm (../pkg, built by `make pkg`) against LangGraph.js, side by side
// in one process, written to bench/RESULTS.md and bench/sweep.svg. `make bench` runs it.
//
//   node --expose-gc bench/run.mjs [--smoke] [--out-dir DIR] [--only NAME] [--no-browser]
//
// --smoke runs every part with tiny sizes and few samples (what `make test` does, so the harness
// cannot rot; its numbers mean nothing). Before timing, every shape runs once on each library and
// their final states must agree, so both sides are known to do the same work.

import { execFileSync, execSync } from "node:child_process";
import { setMaxListeners } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { sweepChart } from "./lib/chart.mjs";
import { loadLibraries } from "./lib/libraries.node.mjs";
import { boundaryVolume, collect, comparePair, median } from "./lib/measure.mjs";
import { shapes, sweepPlan, sweepSample, blobOfSize, reactAgentStorage } from "./lib/shapes.mjs";
import { sizes } from "./lib/size.mjs";

// LangGraph.js adds an abort listener per task to one signal; fan-outs of 100 trip Node's leak warning.
setMaxListeners(0);

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const smoke = flag("--smoke");
const size = smoke ? "smoke" : "bench";
const outDir = option("--out-dir", new URL(".", import.meta.url).pathname);
const only = option("--only", "");
const log = (...xs) => console.error(...xs);

const sides = await loadLibraries();
const results = { shapes: [], boundary: [], storage: [], sweep: [], memory: [], sizes: null, browser: null, load: null };

// --- 1. Same results on both sides. ---
const list = shapes(size).filter((s) => s.name.includes(only));
for (const shape of list) {
  const [a, b] = [await shape.verify(sides.ours), await shape.verify(sides.theirs)];
  if (a !== b) throw new Error(`${shape.name}: the libraries disagree:\n  ours:   ${a}\n  theirs: ${b}`);
}
log(`verified ${list.length} shapes: both libraries reach the same final state`);

// --- 2. Timed shapes. ---
const timing = smoke ? { warmup: 0, minRounds: 1, maxRounds: 1 } : { warmup: 1, warmupMs: 1000, minRounds: 5, maxRounds: 40, budgetMs: 12_000 };
for (const shape of list) {
  const times = await comparePair(shape, sides, timing);
  const per = shape.perUnit ?? 1;
  const row = {
    name: shape.name,
    checkpoint: shape.checkpoint,
    unit: shape.unit ?? "run",
    ours: median(times.ours) / per,
    theirs: median(times.theirs) / per,
    samples: times.ours.length,
  };
  row.ratio = row.theirs / row.ours;
  results.shapes.push(row);
  log(`${row.name.padEnd(26)} ${row.checkpoint ? "MemorySaver" : "none       "} ours ${row.ours.toFixed(2)} ms  LangGraph.js ${row.theirs.toFixed(2)} ms  ×${row.ratio.toFixed(1)}  (${row.samples} samples)`);
}

// --- 2b. For shapes that miss a target (every shape in a smoke run): what crosses the boundary. ---
const { target } = await import("./lib/report.mjs");
const missed = (shape) => results.shapes.some((r) => r.name === shape.name && r.ratio < target(r));
for (const shape of list.filter((s) => !s.checkpoint && (smoke || missed(s)))) {
  const row = results.shapes.find((r) => r.name === shape.name && !r.checkpoint);
  const seen = await boundaryVolume(shape, sides.ours);
  results.boundary.push({ name: shape.name, theirs: row.theirs, ...seen });
  log(`boundary ${shape.name}: ${(seen.bytes / 1e6).toFixed(1)} MB of JSON text in ${seen.calls} calls, ${seen.ms.toFixed(0)} ms in JSON.parse/stringify`);
}

// --- 2c. What a checkpointer stores: react_agent's bytes per step on each library's MemorySaver. ---
if (!only || "react_agent".includes(only)) {
  for (const n of smoke ? [2] : [10, 100]) {
    const [ours, theirs] = [await reactAgentStorage(sides.ours, n), await reactAgentStorage(sides.theirs, n)];
    results.storage.push({ name: `react_agent_${n}x`, ours, theirs });
    log(`storage react_agent_${n}x: ours ${ours.bytes} B in ${ours.steps} steps, LangGraph.js ${theirs.bytes} B in ${theirs.steps} steps`);
  }
}

// --- 3. State-size sweep (per-step time between node starts, MemorySaver). ---
if (!only || "state_size_sweep".includes(only)) {
  const { sizes: bytesList, steps } = sweepPlan(size);
  for (const bytes of bytesList) {
    const blob = blobOfSize(bytes);
    const rounds = smoke ? 1 : bytes >= 1e7 ? 3 : 5;
    const steps_ = { ours: [], theirs: [] };
    for (let r = 0; r < rounds + (smoke ? 0 : 1); r++) {
      for (const side of r % 2 ? ["theirs", "ours"] : ["ours", "theirs"]) {
        await collect();
        const perStep = await sweepSample(sides[side], bytes, steps, blob);
        if (smoke || r > 0) steps_[side].push(...perStep); // the first round warms up
      }
    }
    const row = { bytes, ours: median(steps_.ours), theirs: median(steps_.theirs), steps: steps_.ours.length };
    results.sweep.push(row);
    log(`sweep ${String(bytes).padStart(9)} B  ours ${row.ours.toFixed(3)} ms/step  LangGraph.js ${row.theirs.toFixed(3)} ms/step`);
  }
}

// --- 4. Memory, each library in a fresh process. ---
if (!only) {
  for (const side of ["ours", "theirs"]) {
    const out = execFileSync(process.execPath, ["--expose-gc", new URL("./lib/memory.mjs", import.meta.url).pathname, side, size], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    results.memory.push(JSON.parse(out.trim().split("\n").pop()));
  }
  results.sizes = await sizes();
}

// --- 5. Headless Chromium. ---
if (!only && !flag("--no-browser")) {
  const { browserBench } = await import("./lib/browser.mjs");
  results.browser = await browserBench(size);
  for (const row of results.browser.rows) log(`browser ${row.name} ${row.side}: ${row.ms.toFixed(3)} ms`);
  for (const row of results.browser.superstep) {
    log(`browser ${row.name} IndexedDB (${row.durability}) per superstep: ${row.ms.toFixed(3)} ms, ${row.readwrite / row.checkpoints} readwrite transactions per checkpoint`);
  }
}

// --- 6. First load: fresh Node processes, fresh Chromium profiles and reloads. ---
if (!only) {
  const { browserLoad, nodeLoad } = await import("./lib/load.mjs");
  const samples = smoke ? 1 : 9;
  results.load = { samples, node: nodeLoad(samples), browser: flag("--no-browser") ? null : await browserLoad(samples) };
  for (const [side, t] of Object.entries(results.load.node)) log(`first load, Node, ${side}: import ${t.import.toFixed(1)} ms, first run ${t.firstRun.toFixed(1)} ms`);
  for (const [side, t] of Object.entries(results.load.browser ?? {})) {
    log(`first load, Chromium, ${side}: cold ${t.cold.firstRun.toFixed(1)} ms, reload ${t.warm.firstRun.toFixed(1)} ms`);
  }
}

// --- Report. ---
mkdirSync(outDir, { recursive: true });
const { renderResults } = await import("./lib/report.mjs");
const git = (cmd) => {
  try {
    return execSync(`git ${cmd}`, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
};
const machine = {
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.cpus().length,
  memory: os.totalmem(),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  load: os.loadavg(),
};
const versions = {
  ours: `${sides.ours.version} (${git("rev-parse --short HEAD")}${git("status --porcelain --untracked-files=no") ? ", with local changes" : ""})`,
  theirs: sides.theirs.version,
  core: sides.coreVersion,
};
const md = renderResults({ results, machine, versions, smoke, date: new Date().toISOString() });
writeFileSync(join(outDir, "RESULTS.md"), md);
if (results.sweep.length) {
  const svg = sweepChart([
    { name: "langgraph-wasm", color: "#d9480f", points: results.sweep.map((r) => [r.bytes, r.ours]) },
    { name: "LangGraph.js", color: "#1971c2", points: results.sweep.map((r) => [r.bytes, r.theirs]) },
  ], { title: "Time per step vs state size (MemorySaver, Node)" });
  writeFileSync(join(outDir, "sweep.svg"), svg);
}
log(`wrote ${join(outDir, "RESULTS.md")}`);
