// The package README's examples run: every ```js block of pkg-template/README.md is run with
// Node against the built package, and when a ```text block follows it, its output must match.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installPackage } from "../dropin/harness.mjs";

const readme = readFileSync(new URL("../../pkg-template/README.md", import.meta.url), "utf8");
// What the examples import, resolved here: the built package, and the SDK from target/tools.
const modules = {
  "langgraph-wasm": new URL("../../pkg/index.node.js", import.meta.url).href,
  "langgraph-wasm/node": new URL("../../pkg/node.js", import.meta.url).href,
  "langgraph-wasm/web": new URL("../../pkg/web.node.js", import.meta.url).href,
  "@langchain/langgraph-sdk": new URL("../../target/tools/node_modules/@langchain/langgraph-sdk/dist/index.js", import.meta.url).href,
};

/** The ```js blocks, each with the ```text block right after it (if any) and its line number. */
function examples(markdown) {
  const blocks = [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1],
    code: m[2],
    index: m.index,
    end: m.index + m[0].length,
  }));
  const found = [];
  blocks.forEach((block, i) => {
    if (block.lang !== "js") return;
    const next = blocks[i + 1];
    const between = next ? markdown.slice(block.end, next.index) : "";
    const expected = next && next.lang === "text" && between.trim() === "" ? next.code : undefined;
    const line = markdown.slice(0, block.index).split("\n").length;
    found.push({ code: block.code, expected, line });
  });
  return found;
}

const dir = mkdtempSync(join(tmpdir(), "langgraph-wasm-readme-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const all = examples(readme);
test("the README has runnable examples", () => {
  assert.ok(all.length >= 5, `found ${all.length} js examples`);
});

// Examples that use LangChain or zod run where those are installed: tests/dropin, with the package
// copied into its node_modules (as an app's install would have it).
const dropin = fileURLToPath(new URL("../dropin/", import.meta.url));
const needsLangChain = (code) => /from "(@langchain\/core[^"]*|zod[^"]*|langgraph-wasm\/(prebuilt|zod|langchain))"/.test(code);
let installed = false;

for (const { code, expected, line } of all) {
  test(`README example at line ${line} runs${expected === undefined ? "" : " and prints what the README shows"}`, () => {
    let file = join(dir, `example-${line}.mjs`);
    if (needsLangChain(code)) {
      if (!installed) installPackage();
      installed = true;
      file = join(dropin, "programs", ".ours", `readme-${line}.mjs`);
      writeFileSync(file, code);
    } else {
      writeFileSync(file, code.replaceAll(/from "([^"]+)"/g, (line, name) => `from ${JSON.stringify(modules[name] ?? name)}`));
    }
    const run = spawnSync(process.execPath, [file], { encoding: "utf8", timeout: 20_000 });
    assert.equal(run.status, 0, `the example failed:\n${run.stderr}`);
    if (expected !== undefined) assert.equal(run.stdout, expected);
  });
}
