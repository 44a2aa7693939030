// A TypeScript app written for LangGraph.js (types/app.ts) type-checks as written, against
// @langchain/langgraph 1.7.3's declarations, and with only its imports changed to langgraph-wasm,
// against this package's declarations (index.d.ts, dropin.d.ts, prebuilt.d.ts, zod.d.ts) — checked
// too (skipLibCheck off for ours; LangGraph.js's own dependencies need it on).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installPackage, swapImports } from "./harness.mjs";

const here = fileURLToPath(new URL("./types/", import.meta.url));
const tsc = fileURLToPath(new URL("../../target/tools/node_modules/.bin/tsc", import.meta.url));

function typecheck(dir, skipLibCheck) {
  const config = JSON.parse(readFileSync(join(here, "tsconfig.json"), "utf8"));
  config.compilerOptions.skipLibCheck = skipLibCheck;
  writeFileSync(join(dir, "tsconfig.check.json"), JSON.stringify(config));
  const result = spawnSync(tsc, ["-p", join(dir, "tsconfig.check.json")], { encoding: "utf8" });
  assert.equal(result.error, undefined, `could not run tsc: ${result.error}`);
  return `${result.stdout}${result.stderr}`;
}

before(() => {
  assert.ok(existsSync(tsc), `TypeScript is not installed at ${tsc}: run \`make tools\``);
  installPackage();
});

test("the app type-checks on LangGraph.js 1.7.3", () => {
  const dir = join(here, ".langgraph");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(join(dir, "app.ts"), readFileSync(join(here, "app.ts"), "utf8"));
  assert.equal(typecheck(dir, true), "");
});

test("the app type-checks on langgraph-wasm with only the imports changed", () => {
  const dir = join(here, ".ours");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(join(dir, "app.ts"), swapImports(readFileSync(join(here, "app.ts"), "utf8")));
  assert.equal(typecheck(dir, false), "");
});
