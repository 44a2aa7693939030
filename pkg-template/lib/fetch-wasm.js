// Fetches the wasm for the browser entry and hands it to the engine for streaming compilation,
// after checking that the URL answered WebAssembly. A bundler that loses the asset (Vite 5/6's
// dependency pre-bundling does: the module moves to node_modules/.vite/deps/ without its wasm)
// makes the URL answer the app's index.html, and WebAssembly's own message ("expected magic word
// 00 61 73 6d, found 3c 21 64 6f") does not say why; WasmLoadError does.
import { WasmLoadError } from "./engine.js";

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
/** What to do when the asset `file` (its path in the package) did not arrive as wasm. */
const hint = (file) =>
  "The bundler did not serve the package's wasm next to its module. With Vite, add " +
  '`optimizeDeps: { exclude: ["langgraph-wasm"] }` to vite.config. Bundlers that leave ' +
  '`new URL("./' + file + '", import.meta.url)` as it is (esbuild, Rollup without an asset ' +
  `plugin) need node_modules/langgraph-wasm/${file} copied to the same path beside the bundle. ` +
  "Or host the file anywhere and call `ready({ wasm: url })` first.";

function describe(response, head) {
  const type = response.headers.get("content-type") || "no content type";
  const start = [...head].map((b) => b.toString(16).padStart(2, "0")).join(" ");
  return `${response.url || "the wasm URL"} answered ${response.status} (${type}; starts with ${start || "nothing"})`;
}

/** Vite's dev server moves pre-bundled dependencies to node_modules/.vite/deps/ but still serves
 * the package's own files under node_modules/langgraph-wasm/: the wasm is there. */
function preBundledFallback(moduleUrl, file) {
  const url = new URL(moduleUrl);
  const at = url.pathname.indexOf("/node_modules/.vite/");
  if (at < 0) return undefined;
  url.pathname = `${url.pathname.slice(0, at)}/node_modules/langgraph-wasm/${file}`;
  url.search = "";
  return url;
}

/** The first bytes of a Response, without consuming it. */
async function peek(response) {
  const reader = response.clone().body?.getReader();
  if (!reader) return new Uint8Array(await response.clone().arrayBuffer()).subarray(0, 4);
  const { value } = await reader.read();
  reader.cancel().catch(() => {});
  return value ? value.subarray(0, 4) : new Uint8Array();
}

function isWasm(head) {
  return head.length >= 4 && MAGIC.every((byte, i) => head[i] === byte);
}

async function fetchChecked(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new WasmLoadError(`could not fetch the langgraph-wasm engine from ${url}: ${error?.message ?? error}`, { cause: error });
  }
  // Served as wasm: WebAssembly.instantiateStreaming checks it while it streams.
  if (response.ok && response.headers.get("content-type")?.split(";")[0].trim() === "application/wasm") {
    return { response };
  }
  const head = response.ok ? await peek(response) : new Uint8Array();
  return isWasm(head) ? { response } : { problem: describe(response, head) };
}

/**
 * What the engine's `init` takes: for `source` given by the app, itself (a URL is fetched and
 * checked); else the checked `Response` of `assetUrl`, the asset next to the entry module
 * `moduleUrl`, `file` in the package.
 */
export async function fetchWasm(source, assetUrl, moduleUrl, file = "wasm/langgraph_wasm_bg.wasm") {
  if (source !== undefined && !(typeof source === "string" || source instanceof URL)) return source;
  const first = await fetchChecked(source ?? assetUrl);
  if (first.response) return first.response;
  const fallback = source === undefined ? preBundledFallback(moduleUrl, file) : undefined;
  if (fallback) {
    const second = await fetchChecked(fallback);
    if (second.response) return second.response;
  }
  throw new WasmLoadError(`the langgraph-wasm engine is not WebAssembly: ${first.problem}. ${hint(file)}`);
}
