// Writes pkg/web-lib/ for the `langgraph-wasm/web` entry: the modules of pkg/lib/ that use the
// wasm engine, directly or through another module, wired to the engine built without the Client
// and HTTP layer (pkg/wasm/engine/). The rest of lib/ (errors, the LangChain registry, state
// declarations, …) is shared: web-lib's modules import it from ../lib/, so that an error class or
// `import "langgraph-wasm/langchain"` is the same for both entries. The Client layer's modules and
// the package root's exports of them are left out.
//
// Stops the build when a module kept would import something left out, or a name the smaller
// engine does not export: a bundler or the browser would otherwise only say so when an app loads it.
//
// Usage: node tools/web-lib.mjs pkg
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const pkg = process.argv[2];
if (!pkg) throw new Error("usage: node tools/web-lib.mjs <pkg dir>");

/** The Client layer's modules (Client, createFetch, the thread locks, serve()), and the prebuilt
 * agents, which `langgraph-wasm/prebuilt` has on the package root's engine. */
const LEFT_OUT = new Set(["client.js", "http.js", "locks.js", "serve.js", "prebuilt.js"]);
const GLUE = "../wasm/langgraph_wasm.js";
const ENGINE_GLUE = "../wasm/engine/langgraph_wasm.js";

/** `[clause, specifier]` of each static import or re-export in `source`. */
const importsOf = (source) =>
  [...source.matchAll(/^(?:import|export)\s+([^;]*?)\s*from\s+"([^"]+)";?$/gms)].map((m) => [m[1], m[2]]);
const sibling = (specifier) => (specifier.startsWith("./") ? specifier.slice(2) : undefined);

const lib = join(pkg, "lib");
const sources = new Map(readdirSync(lib).map((file) => [file, readFileSync(join(lib, file), "utf8")]));

// The modules that need the engine: those importing the glue, then those importing one of them.
const usesEngine = new Set(["index.js"]);
for (let grew = true; grew; ) {
  grew = false;
  for (const [file, source] of sources) {
    if (usesEngine.has(file)) continue;
    if (importsOf(source).some(([, s]) => s === GLUE || usesEngine.has(sibling(s)))) {
      usesEngine.add(file);
      grew = true;
    }
  }
}

const engineExports = new Set(
  [...readFileSync(join(pkg, "wasm/engine/langgraph_wasm.d.ts"), "utf8").matchAll(/^export (?:class|function|const) (\w+)/gm)].map((m) => m[1]),
);
const problems = [];
const out = join(pkg, "web-lib");
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
for (const file of usesEngine) {
  if (LEFT_OUT.has(file)) continue;
  // The package root's exports of the modules left out go.
  let source = sources.get(file).replace(/^export \{[^}]*\} from "\.\/([\w-]+\.js)";\n/gm, (line, module) => (LEFT_OUT.has(module) ? "" : line));
  for (const [clause, specifier] of importsOf(source)) {
    if (LEFT_OUT.has(sibling(specifier))) problems.push(`${file} imports ${specifier}, which web-lib leaves out`);
    if (specifier !== GLUE) continue;
    // Named imports (the default one, `init`, every glue has).
    const named = clause.match(/\{([^}]*)\}/)?.[1] ?? "";
    const names = [...named.matchAll(/(\w+)(?:\s+as\s+\w+)?/g)].map((m) => m[1]);
    for (const name of names.filter((n) => !engineExports.has(n))) problems.push(`${file} imports ${name}, which the engine without the server layer does not export`);
  }
  source = source.replace(/(from\s+)"([^"]+)"/g, (whole, prefix, specifier) => {
    if (specifier === GLUE) return `${prefix}"${ENGINE_GLUE}"`;
    const module = sibling(specifier);
    return module && !usesEngine.has(module) ? `${prefix}"../lib/${module}"` : whole;
  });
  writeFileSync(join(out, file), source);
}
if (problems.length) throw new Error(`tools/web-lib.mjs: ${problems.join("; ")}`);
