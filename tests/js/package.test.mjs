// The built package as a user gets it: `npm pack` of pkg/, installed into a scratch project,
// imported by name from Node ESM (which picks the "node" export and initialises the wasm itself).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

test("npm pack of pkg/ installs into a scratch project and runs the seed flow from Node ESM, on the package root and on /web", () => {
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
    const seed = { asked: { text_to_revise: "original text" }, done: { some_text: "Edited text" } };
    assert.deepEqual(JSON.parse(out), seed);
    // `langgraph-wasm/web`: the same on the engine without the Client layer, which it leaves out;
    // the error classes are the package root's own.
    writeFileSync(
      join(scratch, "web.mjs"),
      readFileSync(join(scratch, "main.mjs"), "utf8").replace('from "langgraph-wasm";', 'from "langgraph-wasm/web";') +
        `const web = await import("langgraph-wasm/web");
const root = await import("langgraph-wasm");
console.error(JSON.stringify({ client: "Client" in web, fetch: "createFetch" in web, sameErrors: web.GraphInterrupt === root.GraphInterrupt }));
`,
    );
    const web = spawnSync("node", ["web.mjs"], { cwd: scratch, encoding: "utf8" });
    assert.equal(web.status, 0, web.stderr);
    assert.deepEqual(JSON.parse(web.stdout), seed);
    assert.deepEqual(JSON.parse(web.stderr), { client: false, fetch: false, sameErrors: true });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test("in Node, a package whose wasm cannot be read still builds graphs, and running one names the file and the fix", () => {
  // A copy of pkg/ without its wasm: what a server bundle that moved the module (and not the
  // asset) sees. The builders record, as in a browser before `ready()`; the first run rejects.
  const scratch = mkdtempSync(join(tmpdir(), "langgraph-wasm-nowasm-"));
  try {
    cpSync(join(root, "pkg"), join(scratch, "pkg"), { recursive: true });
    rmSync(join(scratch, "pkg", "wasm", "langgraph_wasm_bg.wasm"));
    writeFileSync(
      join(scratch, "main.mjs"),
      `import { StateGraph, START, MemorySaver, ready } from "./pkg/index.node.js";
const graph = new StateGraph({ channels: { x: null } })
  .addNode("a", () => ({ x: 1 }))
  .addEdge(START, "a")
  .compile({ checkpointer: new MemorySaver() });
const failed = await graph.invoke({ x: 0 }, { configurable: { thread_id: "t" } }).then(() => null, (e) => e);
const again = await ready().then(() => null, (e) => e);
let drawn;
try {
  graph.drawMermaid();
} catch (e) {
  drawn = e;
}
const same = (e) => e === failed || e?.message === failed?.message;
console.log(JSON.stringify({ name: failed?.name, message: failed?.message, same: same(again) && same(drawn) }));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, [join(scratch, "main.mjs")], { encoding: "utf8" }).trim());
    assert.equal(out.name, "WasmLoadError");
    assert.match(out.message, /could not read its wasm \(.*langgraph_wasm_bg\.wasm: ENOENT\)/);
    assert.match(out.message, /serverExternalPackages/);
    assert.ok(out.same, "ready() rejects, and a synchronous method (drawMermaid) throws, with the same error");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test("the glue's throwing imports are plain functions with their own try/catch (tools/direct-imports.mjs ran), in the ES module and the CommonJS build", async () => {
  for (const file of ["wasm/langgraph_wasm.js", "wasm/engine/langgraph_wasm.js", "node.cjs"]) {
    const glue = readFileSync(join(root, "pkg", file), "utf8");
    assert.doesNotMatch(glue, /handleError/, `${file} still routes imports through handleError`);
    assert.match(glue, /__wbindgen_exn_store\(/, `${file} no longer hands exceptions to wasm`);
  }
  // What those imports carry still arrives: a node's own exception object, as itself.
  const { StateGraph, START } = await import(join(root, "pkg", "index.node.js"));
  class Boom extends Error {}
  const thrown = new Boom("from the node");
  const graph = new StateGraph({ channels: { x: null } })
    .addNode("a", () => {
      throw thrown;
    })
    .addEdge(START, "a")
    .compile();
  await assert.rejects(graph.invoke({ x: 1 }), (error) => error === thrown);
});

test("the engine `langgraph-wasm/web` loads is at most 300 KB gzipped (gzip -9, as `make pkg` prints it)", () => {
  const file = join(root, "pkg", "wasm", "engine", "langgraph_wasm_bg.wasm");
  const gzipped = execFileSync("gzip", ["-9c", file], { maxBuffer: 1 << 24 }).length;
  assert.ok(gzipped <= 300_000, `pkg/wasm/engine/langgraph_wasm_bg.wasm is ${gzipped} bytes gzipped`);
});
