// First-load time of each library: in Node, each sample a fresh process; in headless Chromium,
// each sample a fresh browser profile (cold: nothing cached) and then a reload of the same page
// (warm: HTTP cache and V8's code cache). Measured from the start of the loading script to the
// import, and to the first result of a one-node graph. Medians of `samples`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser, serveStatic } from "../../tests/support/browser.mjs";
import { median } from "./measure.mjs";
import { bundleLangGraphWeb, bundleOurs } from "./size.mjs";

const SIDES = ["ours", "theirs"];
const summary = (xs) => ({ import: median(xs.map((x) => x.import)), firstRun: median(xs.map((x) => x.firstRun)) });

export function nodeLoad(samples) {
  const script = new URL("./load.node.mjs", import.meta.url).pathname;
  const rows = {};
  for (const side of SIDES) rows[side] = [];
  // Alternate the sides so that neither always runs on a colder or warmer machine.
  for (let i = 0; i < samples; i++) {
    for (const side of SIDES) {
      rows[side].push(JSON.parse(execFileSync(process.execPath, [script, side], { encoding: "utf8" }).trim()));
    }
  }
  return Object.fromEntries(SIDES.map((side) => [side, summary(rows[side])]));
}

/**
 * In Chromium, ours also as an app's bundler would ship it (one minified file, the wasm beside it),
 * from the package root and from `langgraph-wasm/web` (the engine without the Client layer).
 */
const BROWSER_SIDES = ["ours", "ours-bundled", "web-bundled", "theirs"];

export async function browserLoad(samples) {
  const build = mkdtempSync(join(tmpdir(), "lgw-load-"));
  await bundleLangGraphWeb(join(build, "langgraph-web.js"));
  await bundleOurs(join(build, "ours"));
  await bundleOurs(join(build, "web"), { file: "web.js", wasm: "wasm/engine/langgraph_wasm_bg.wasm" });
  const server = await serveStatic({ "/pkg/": "pkg", "/bench/": "bench", "/build/": build });
  const rows = {};
  for (const side of BROWSER_SIDES) rows[side] = { cold: [], warm: [] };
  try {
    for (let i = 0; i < samples; i++) {
      for (const side of BROWSER_SIDES) {
        const browser = await launchBrowser();
        try {
          const page = await browser.context.newPage();
          const read = async () => {
            const handle = await page.waitForFunction(() => window.loadResult, null, { timeout: 60_000 });
            return handle.jsonValue();
          };
          await page.goto(`${server.url}/bench/page/load.html?lib=${side}`);
          rows[side].cold.push(await read());
          await page.reload();
          rows[side].warm.push(await read());
        } finally {
          await browser.close();
        }
      }
    }
  } finally {
    await server.close();
    rmSync(build, { recursive: true, force: true });
  }
  return Object.fromEntries(BROWSER_SIDES.map((side) => [side, { cold: summary(rows[side].cold), warm: summary(rows[side].warm) }]));
}
