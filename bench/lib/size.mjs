// Download sizes: langgraph-wasm's release wasm and JS, against LangGraph.js's browser entry
// (`@langchain/langgraph/web`) bundled and minified with esbuild, raw and gzipped.

import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const here = (path) => new URL(path, import.meta.url).pathname;
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

function filesUnder(dir, suffix) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, suffix);
    return name.endsWith(suffix) ? [path] : [];
  });
}

/**
 * LangGraph.js's `/web` entry as one minified ESM file for browsers. `extra` adds exports (the
 * page also needs LangChain's AsyncLocalStorage singleton; the size is measured without it).
 */
export async function bundleLangGraphWeb(outfile, extra = "") {
  const result = await build({
    stdin: { contents: `export * from "@langchain/langgraph/web";\n${extra}`, resolveDir: here("..") },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: Boolean(outfile),
    outfile: outfile ?? "langgraph-web.js",
    logLevel: "silent",
  });
  return outfile ? readFileSync(outfile) : result.outputFiles[0].contents;
}

/**
 * langgraph-wasm's browser entry (`pkg/index.js`, or `entry.file`) as one minified ESM file, as a
 * bundler would make it for an app; the wasm stays an asset next to it (`entry.wasm`, where the
 * entry looks for it). Written to `outdir/index.js` with the wasm copied beside it when `outdir` is
 * given.
 */
export async function bundleOurs(outdir, entry = { file: "index.js", wasm: "wasm/langgraph_wasm_bg.wasm" }) {
  const pkg = here("../../pkg");
  const result = await build({
    entryPoints: [join(pkg, entry.file)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: Boolean(outdir),
    outfile: join(outdir ?? pkg, "index.js"),
    logLevel: "silent",
  });
  if (!outdir) return result.outputFiles[0].contents;
  mkdirSync(dirname(join(outdir, entry.wasm)), { recursive: true });
  copyFileSync(join(pkg, entry.wasm), join(outdir, entry.wasm));
  return readFileSync(join(outdir, "index.js"));
}

export async function sizes() {
  const pkg = here("../../pkg");
  const wasm = readFileSync(join(pkg, "wasm/langgraph_wasm_bg.wasm"));
  const js = Buffer.concat(
    [join(pkg, "index.js"), join(pkg, "wasm/langgraph_wasm.js"), ...filesUnder(join(pkg, "lib"), ".js")].map((f) => readFileSync(f)),
  );
  const theirs = await bundleLangGraphWeb();
  const bundled = await bundleOurs();
  // `langgraph-wasm/web`: the graph API on the engine without the Client layer.
  const webWasm = readFileSync(join(pkg, "wasm/engine/langgraph_wasm_bg.wasm"));
  const webBundled = await bundleOurs(undefined, { file: "web.js", wasm: "wasm/engine/langgraph_wasm_bg.wasm" });
  return {
    wasm: { raw: wasm.length, gzip: gz(wasm) },
    webWasm: { raw: webWasm.length, gzip: gz(webWasm) },
    webBundled: { raw: webBundled.length, gzip: gz(webBundled) },
    oursJs: { raw: js.length, gzip: gz(js) },
    oursBundled: { raw: bundled.length, gzip: gz(bundled) },
    theirs: { raw: theirs.length, gzip: gz(theirs) },
  };
}
