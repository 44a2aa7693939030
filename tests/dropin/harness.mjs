// The differential suite's machinery: each program in programs/ is written for LangGraph.js
// (imports from @langchain/langgraph, /prebuilt, /zod) and runs twice in a fresh Node process:
// as written, on @langchain/langgraph 1.7.3 (pinned in package-lock.json), and with only those
// import specifiers changed to langgraph-wasm, /prebuilt, /zod. The two outputs (canonical JSON
// lines printed by programs/support/show.mjs, with random ids and timestamps replaced) must be
// equal. Programs that import only the package root also run a third time on `langgraph-wasm/web`
// (the graph API on the engine built without the Client layer), which must print the same.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const here = fileURLToPath(new URL(".", import.meta.url));
export const programsDir = join(here, "programs");
const oursDir = join(programsDir, ".ours");
const webDir = join(programsDir, ".web");
const pkg = fileURLToPath(new URL("../../pkg/", import.meta.url));

/** The programs, by file name, in order. */
export function programs() {
  return readdirSync(programsDir)
    .filter((f) => /^\d+-.*\.mjs$/.test(f))
    .sort();
}

/**
 * Installs the built package (pkg/) as node_modules/langgraph-wasm, as a copy: a symlink would
 * resolve its own imports of @langchain/core from pkg/, where there is none.
 */
export function installPackage() {
  if (!existsSync(join(pkg, "package.json"))) throw new Error(`${pkg} is missing: run \`make pkg\` first`);
  if (!existsSync(join(here, "node_modules/@langchain/langgraph/package.json"))) {
    throw new Error("tests/dropin/node_modules is missing: run `make dropin-deps` (npm ci --prefix tests/dropin)");
  }
  const target = join(here, "node_modules/langgraph-wasm");
  rmSync(target, { recursive: true, force: true });
  cpSync(pkg, target, { recursive: true });
  for (const dir of [oursDir, webDir]) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
}

/** The program with only its LangGraph.js imports changed to langgraph-wasm. */
export function swapImports(source) {
  return source
    .replace(/(["'])@langchain\/langgraph\/prebuilt\1/g, "$1langgraph-wasm/prebuilt$1")
    .replace(/(["'])@langchain\/langgraph\/zod\1/g, "$1langgraph-wasm/zod$1")
    .replace(/(["'])@langchain\/langgraph\1/g, "$1langgraph-wasm$1");
}

/** Runs `file` in a fresh Node process from this folder: `{ code, stdout, stderr }`. */
export function runProgram(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd: here, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs `name` on both libraries: `{ langgraph, ours, web }`, each `{ code, stdout, stderr }`;
 * `web` (on `langgraph-wasm/web`) is undefined for a program that imports a subpath of
 * @langchain/langgraph (/prebuilt, /zod: their langgraph-wasm entries run on the package root).
 */
export async function runBoth(name) {
  const source = readFileSync(join(programsDir, name), "utf8");
  const local = (code) => code.replace(/(["'])\.\/support\//g, "$1../support/");
  const swapped = local(swapImports(source));
  if (swapped === local(source)) throw new Error(`${name} imports nothing from @langchain/langgraph`);
  const oursFile = join(oursDir, name);
  writeFileSync(oursFile, swapped);
  const rootOnly = !/(["'])@langchain\/langgraph\//.test(source);
  const webFile = join(webDir, name);
  if (rootOnly) writeFileSync(webFile, local(source.replace(/(["'])@langchain\/langgraph\1/g, "$1langgraph-wasm/web$1")));
  const [langgraph, ours, web] = await Promise.all([
    runProgram(join(programsDir, name)),
    runProgram(oursFile),
    rootOnly ? runProgram(webFile) : undefined,
  ]);
  return { langgraph, ours, web };
}
