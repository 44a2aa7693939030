// Runs bench/page in headless Chromium (tests/support/browser.mjs: Debian's chromium driven by
// playwright-core) with pkg/ and an esbuild bundle of LangGraph.js's `/web` entry served over http.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser, serveStatic } from "../../tests/support/browser.mjs";
import { bundleLangGraphWeb } from "./size.mjs";

export async function browserBench(size) {
  const build = mkdtempSync(join(tmpdir(), "lgw-bench-"));
  await bundleLangGraphWeb(
    join(build, "langgraph-web.js"),
    `export { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";`,
  );
  const server = await serveStatic({ "/pkg/": "pkg", "/bench/": "bench", "/build/": build });
  // `gc()` in the page, so that each sample starts after a collection, as in Node.
  const browser = await launchBrowser({ args: ["--js-flags=--expose-gc"] });
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e));
    await page.goto(`${server.url}/bench/page/index.html`);
    await page.waitForFunction(() => typeof window.runBench === "function" || null, null, { timeout: 60_000 }).catch(() => {
      throw new Error(`the bench page did not load: ${errors.map(String).join("; ") || "no runBench"}`);
    });
    const { rows, superstep } = await page.evaluate((s) => window.runBench(s), size);
    const browserName = `Chromium ${await page.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? "?")} (headless)`;
    return { browser: browserName, rows, superstep };
  } finally {
    await browser.close();
    await server.close();
    rmSync(build, { recursive: true, force: true });
  }
}
