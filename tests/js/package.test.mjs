// The built package as a user gets it: `npm pack` of pkg/, installed into a scratch project,
// imported by name from Node ESM (which picks the "node" export and initialises the wasm itself).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

test("npm pack of pkg/ installs into a scratch project and runs the seed flow from Node ESM", () => {
  const scratch = mkdtempSync(join(tmpdir(), "langgraph-wasm-pack-"));
  try {
    const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    npm(["pack", join(root, "pkg"), "--pack-destination", scratch, "--silent"], root);
    const tarball = readdirSync(scratch).find((f) => f.endsWith(".tgz"));
    assert.ok(tarball, "npm pack wrote a tarball");

    writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
    npm(["install", "--no-audit", "--no-fund", "--offline", join(scratch, tarball)], scratch);
    writeFileSync(
      join(scratch, "main.mjs"),
      `import { StateGraph, START, Command, interrupt, MemorySaver } from "langgraph-wasm";
const graph = new StateGraph({ channels: { some_text: null } })
  .addNode("human_node", (state) => ({ some_text: interrupt({ text_to_revise: state.some_text }) }))
  .addEdge(START, "human_node")
  .compile({ checkpointer: new MemorySaver() });
const config = { configurable: { thread_id: "t" } };
const paused = await graph.invoke({ some_text: "original text" }, config);
const done = await graph.invoke(new Command({ resume: "Edited text" }), config);
console.log(JSON.stringify({ asked: paused.__interrupt__[0].value, done }));
`,
    );
    const out = execFileSync("node", ["main.mjs"], { cwd: scratch, encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), {
      asked: { text_to_revise: "original text" },
      done: { some_text: "Edited text" },
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
