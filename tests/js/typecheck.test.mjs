// The package's TypeScript declarations (pkg/index.d.ts, copied from pkg-template/ by `make pkg`)
// type-check tests/js/types/usage.ts, which uses the whole typed API, and the README's ```ts
// examples. Needs TypeScript in target/tools (`make tools`, or
// `npm install --prefix target/tools --no-save typescript@5`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsc = fileURLToPath(new URL("../../target/tools/node_modules/.bin/tsc", import.meta.url));
const declarations = fileURLToPath(new URL("../../pkg/index.d.ts", import.meta.url));

function requireTools() {
  assert.ok(
    existsSync(tsc),
    `TypeScript is not installed at ${tsc}: run \`make tools\` or ` +
      "`npm install --prefix target/tools --no-save typescript@5` from the repository root",
  );
  assert.ok(existsSync(declarations), `${declarations} is missing: run \`make pkg\` (it copies pkg-template/index.d.ts)`);
}

function typecheck(project) {
  const result = spawnSync(tsc, ["--noEmit", "-p", project], { cwd: root, encoding: "utf8" });
  assert.equal(result.error, undefined, `could not run tsc: ${result.error}`);
  assert.equal(result.status, 0, `tsc reported errors:\n${result.stdout}${result.stderr}`);
}

test("tsc --noEmit -p tests/js/types passes against pkg/index.d.ts", () => {
  requireTools();
  typecheck("tests/js/types");
});

test("the README's TypeScript examples type-check", () => {
  requireTools();
  const readme = readFileSync(new URL("../../pkg-template/README.md", import.meta.url), "utf8");
  const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  assert.ok(blocks.length > 0, "the README has a ```ts example");
  const dir = mkdtempSync(join(tmpdir(), "langgraph-wasm-readme-ts-"));
  try {
    const files = blocks.map((code, i) => {
      const file = join(dir, `example-${i}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      return file;
    });
    const base = JSON.parse(
      readFileSync(new URL("types/tsconfig.json", import.meta.url), "utf8").replace(/^\s*\/\/.*$/gm, ""),
    );
    base.compilerOptions.paths = { "langgraph-wasm": [declarations] };
    base.files = files;
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(base));
    typecheck(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
