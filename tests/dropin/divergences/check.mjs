// Runs each known divergence (a LangGraph.js program whose output langgraph-wasm does not match
// yet: README.md here) on LangGraph.js 1.7.3 and, with its imports swapped, on the built package,
// and says which still differ. A report, not a test: `make dropin-divergences`. A program that
// matches now belongs in ../programs/, where the differential suite keeps it matching.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installPackage, runProgram, swapImports } from "../harness.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const swappedDir = join(here, ".ours");

installPackage();
rmSync(swappedDir, { recursive: true, force: true });
mkdirSync(swappedDir);
const names = readdirSync(here).filter((f) => /^\d+-.*\.mjs$/.test(f)).sort();
let matching = 0;
for (const name of names) {
  const source = readFileSync(join(here, name), "utf8");
  // One folder deeper: the shared `show` helper is one more `..` away.
  writeFileSync(join(swappedDir, name), swapImports(source).replace(/(["'])\.\.\/programs\//g, "$1../../programs/"));
  const [theirs, ours] = await Promise.all([runProgram(join(here, name)), runProgram(join(swappedDir, name))]);
  const same = theirs.code === ours.code && theirs.stdout === ours.stdout;
  if (same) matching++;
  console.log(`${same ? "matches now " : "differs     "} ${name}`);
}
console.log(`${names.length - matching} of ${names.length} still differ`);
