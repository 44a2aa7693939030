// The benchmark harness (bench/run.mjs) in its smoke mode: tiny sizes, one sample each, every
// part (both libraries' shapes, the state-size sweep, memory, sizes, headless Chromium, first
// load). It asserts no timings; it checks that the harness runs, that both libraries reach the same final
// state on every shape (run.mjs refuses to time shapes they disagree on), and that RESULTS.md and
// the chart are complete. Needs `make pkg`, `make bench-deps` and `make browsers`.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;

test("the benchmark harness runs every part on both libraries and writes RESULTS.md and the sweep chart", () => {
  const out = mkdtempSync(join(tmpdir(), "lgw-bench-smoke-"));
  try {
    const log = execFileSync(process.execPath, ["--expose-gc", "bench/run.mjs", "--smoke", "--out-dir", out], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 300_000,
    });
    void log;
    const md = readFileSync(join(out, "RESULTS.md"), "utf8");
    const rows = (heading) => {
      const section = md.split(/^##+ /m).find((s) => s.startsWith(heading));
      assert.ok(section, `RESULTS.md has a "${heading}" section`);
      return section.split("\n").filter((l) => /^\| [^-|]/.test(l)).slice(1).map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
    };
    const number = (cell) => Number.parseFloat(cell.replace(/[^\d.]/g, ""));

    const shapes = rows("Shapes");
    const names = ["sequential_3", "fanout_to_subgraph_2x", "wide_state_4x3", "react_agent_2x"];
    for (const name of names) {
      assert.deepEqual(shapes.filter((r) => r[0] === name).map((r) => r[1]), ["none", "MemorySaver"], name);
    }
    assert.ok(shapes.some((r) => r[0] === "seed_interrupt_resume" && r[2].endsWith("per round trip")));
    for (const r of shapes) {
      for (const cell of [r[2], r[3], r[4]]) assert.ok(number(cell) > 0, `${r[0]}: ${cell} is a positive number`);
    }

    const boundary = rows("What crosses the JS–wasm boundary");
    assert.deepEqual(boundary.map((r) => r[0]), names, "every smoke shape is measured at the boundary");
    for (const r of boundary) {
      assert.ok(number(r[2]) > 0 && number(r[3]) > 0, `${r[0]}: JSON text crossed the boundary (${r[2]}, ${r[3]} calls)`);
    }

    const sweep = rows("State-size sweep");
    assert.deepEqual(sweep.map((r) => r[0]), ["1 KB", "10 KB"]);
    const svg = readFileSync(join(out, "sweep.svg"), "utf8");
    assert.match(svg, /^<svg /);
    assert.equal((svg.match(/<polyline /g) ?? []).length, 2);

    const memory = rows("Memory");
    assert.deepEqual(memory.map((r) => r[0]), ["langgraph-wasm", "LangGraph.js"]);
    assert.ok(number(memory[0][4]) > 0, "the wasm linear memory is reported");

    const sizes = rows("Download size");
    assert.equal(sizes.length, 6, "the wasm, our JS as shipped and bundled, /web's wasm and bundle, LangGraph.js bundled");
    for (const r of sizes) assert.ok(number(r[2]) > 0 && number(r[2]) < number(r[1]), `${r[0]}: gzip is smaller than raw`);

    const browser = rows("Headless Chromium");
    for (const name of ["sequential_3", "seed_interrupt_resume"]) {
      assert.deepEqual(
        browser.filter((r) => r[0] === name).map((r) => `${r[1]}/${r[2]}`),
        [
          "langgraph-wasm/MemorySaver",
          "langgraph-wasm/IndexedDBSaver",
          "langgraph-wasm/IndexedDBSaver, `async` durability",
          "LangGraph.js/MemorySaver",
        ],
      );
    }

    const load = rows("First load");
    assert.deepEqual(
      load.map((r) => `${r[0]}/${r[1]}`),
      [
        "Node, fresh process/langgraph-wasm",
        "Node, fresh process/LangGraph.js",
        ...["Chromium, fresh profile", "Chromium, reload"].flatMap((where) => [
          `${where}/langgraph-wasm`,
          `${where}/langgraph-wasm, bundled by esbuild`,
          `${where}/langgraph-wasm/web, bundled by esbuild`,
          `${where}/LangGraph.js, bundled by esbuild`,
        ]),
      ],
    );
    for (const r of load) assert.ok(number(r[2]) > 0 && number(r[3]) >= number(r[2]), `${r[0]} ${r[1]}: import, then a result`);
    // One readwrite transaction per superstep on IndexedDB under `sync` (a run's input and its
    // __start__ step share one), fewer under `async` (steps share commits), counted outside the
    // timed runs.
    const superstep = rows("IndexedDB per superstep");
    assert.deepEqual(
      superstep.map((r) => `${r[0]}/${r[1]}`),
      ["sequential_3/sync", "sequential_3/async", "seed_interrupt_resume/sync", "seed_interrupt_resume/async"],
    );
    for (const [name, durability, , checkpoints, readwrite] of superstep) {
      assert.ok(number(checkpoints) > 0, `${name}: ${checkpoints}`);
      assert.ok(number(readwrite) <= number(checkpoints), `${name} ${durability}: ${readwrite} for ${checkpoints}`);
    }
    for (let i = 0; i < superstep.length; i += 2) {
      const [sync, async_] = [superstep[i], superstep[i + 1]];
      assert.equal(number(async_[3]), number(sync[3]), `${sync[0]}: the same checkpoints either way`);
      assert.ok(number(async_[4]) < number(sync[4]), `${sync[0]}: ${async_[4]} under async, ${sync[4]} under sync`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
