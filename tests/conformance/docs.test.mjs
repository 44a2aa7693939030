// What the package documents about LangGraph.js holds against the real LangGraph.js:
// - the package README's ```javascript examples (the ones that import @langchain/*, which
//   tests/js/readme.test.mjs cannot resolve) run here, where those packages are installed, and
//   print the ```text block that follows them;
// - pkg/index.d.ts's savers type-check as LangGraph.js's `BaseCheckpointSaver` and as a
//   LangGraph.js graph's `checkpointer` (types/compat.ts, with TypeScript from target/tools).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const readme = readFileSync(new URL("../../pkg-template/README.md", import.meta.url), "utf8");
const entry = new URL("../../pkg/index.node.js", import.meta.url).href;

const blocks = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)];
const examples = blocks
  .map((m, i) => ({ m, next: blocks[i + 1] }))
  .filter(({ m }) => m[1] === "javascript")
  .map(({ m, next }) => ({
    code: m[2],
    line: readme.slice(0, m.index).split("\n").length,
    expected:
      next && next[1] === "text" && readme.slice(m.index + m[0].length, next.index).trim() === "" ? next[2] : undefined,
  }));

test("the README has a LangGraph.js example", () => {
  assert.ok(examples.length >= 1);
});

for (const { code, line, expected } of examples) {
  test(`README LangGraph.js example at line ${line} runs and prints what the README shows`, () => {
    // Inside this folder, so that @langchain/* and fake-indexeddb resolve from its node_modules.
    const file = `${here}.readme-example-${line}.mjs`;
    writeFileSync(file, code.replaceAll(/from "langgraph-wasm"/g, `from ${JSON.stringify(entry)}`));
    try {
      const run = spawnSync(process.execPath, [file], { encoding: "utf8", timeout: 30_000 });
      assert.equal(run.status, 0, `the example failed:\n${run.stderr}`);
      if (expected !== undefined) assert.equal(run.stdout, expected);
    } finally {
      rmSync(file, { force: true });
    }
  });
}

test("the savers type-check as LangGraph.js's BaseCheckpointSaver and as a graph's checkpointer", () => {
  const tsc = fileURLToPath(new URL("../../target/tools/node_modules/.bin/tsc", import.meta.url));
  assert.ok(existsSync(tsc), `TypeScript is not installed at ${tsc}: run \`make tools\``);
  const result = spawnSync(tsc, ["-p", "types"], { cwd: here, encoding: "utf8" });
  assert.equal(result.status, 0, `tsc reported errors:\n${result.stdout}${result.stderr}`);
});
