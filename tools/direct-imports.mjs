// Rewrites wasm-bindgen's glue so that imports that may throw (`#[wasm_bindgen(catch)]`: calling a
// node, `Reflect.get`/`set`, `Object.entries`, IndexedDB requests) are plain functions with their
// own try/catch, instead of `function() { return handleError(function (args) { … }, arguments); }`.
//
// Why: every such import went through the one shared `handleError(f, args)`, whose `f.apply(this,
// args)` sees 50-odd different functions, so V8 cannot inline it and each call also builds an
// `arguments` object. A/B in one process (bench/PROFILE.md, "The glue's throwing imports"): 0.80–0.96
// of the time per run across the benchmark shapes. What an import does is unchanged: on a throw
// the exception is handed to wasm exactly as `handleError` hands it.
//
// The glue's shape is wasm-bindgen's (the CLI version is pinned to Cargo.lock's crate by the
// Makefile): if a future version writes it differently, this stops the build rather than
// shipping the slow form silently.
//
// Usage: node tools/direct-imports.mjs pkg/wasm/langgraph_wasm.js

import { readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2];
if (!file) throw new Error("usage: node tools/direct-imports.mjs <wasm-bindgen glue .js>");
const glue = readFileSync(file, "utf8");

const HANDLER = /function handleError\(f, args\) \{\n {4}try \{\n {8}return f\.apply\(this, args\);\n {4}\} catch \(e\) \{\n([\s\S]*?)\n {4}\}\n\}/;
const WRAPPED = /function\(\) \{ return handleError\(function \(([^)]*)\) \{\n([\s\S]*?)\n {8}\}, arguments\); \}/g;

const handler = HANDLER.exec(glue);
if (!handler) fail("no `handleError(f, args)` in the form this script knows");
// What `handleError` does with a caught exception (store it for wasm to take), used as it is.
const onThrow = handler[1].trim().replace(/\s*\n\s*/g, " ");

let rewritten = 0;
const out = glue.replace(WRAPPED, (whole, params, body) => {
  if (/\bthis\b|\barguments\b/.test(body)) fail(`an import's body uses \`this\` or \`arguments\`:\n${whole}`);
  rewritten++;
  return `function (${params}) { try {\n${body}\n        } catch (e) { ${onThrow} } }`;
});
const left = out.match(/handleError\(/g)?.length ?? 0;
// The definition is the one use left: nothing calls it now.
if (rewritten === 0 || left !== 1) fail(`${rewritten} imports rewritten, ${left - 1} other uses of handleError left`);

writeFileSync(file, out.replace(HANDLER, ""));
console.log(`${file}: ${rewritten} throwing imports made direct`);

function fail(why) {
  console.error(`tools/direct-imports.mjs: ${file}: ${why}.\nwasm-bindgen's glue changed shape: update this script (or drop it from the Makefile).`);
  process.exit(1);
}
