// The IndexedDB-backed Client's test page (tests/js/pages/persist.html) in headless Chromium:
// opening it on a database, reloading it, and running code in it.
import { launchBrowser, serveStatic } from "./browser.mjs";

/** Serves the page and the package, and starts Chromium; `close()` stops both. */
export async function persistPages() {
  const server = await serveStatic({ "/pkg/": "pkg", "/": "tests/js/pages" });
  const browser = await launchBrowser();
  let databases = 0;
  return {
    browser,
    /** A database name no other test uses. */
    freshDb: () => `persist-${process.pid}-${++databases}`,
    /**
     * Opens the page on `db`; `noWebLocks` hides `navigator.locks` (the lease fallback);
     * `graphs` (graph ids) configures only those of the page's graphs.
     * `page.errors` collects page errors and console errors, `page.warnings` console warnings.
     */
    async open(db, { noWebLocks = false, graphs } = {}) {
      const page = await browser.context.newPage();
      const errors = [];
      const warnings = [];
      page.on("pageerror", (e) => errors.push(e));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
        if (m.type() === "warning") warnings.push(m.text());
      });
      if (noWebLocks) {
        await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "locks", { get: () => undefined }));
      }
      const only = graphs ? `&graphs=${graphs.join(",")}` : "";
      await page.goto(`${server.url}/persist.html?db=${db}${only}`);
      await ready(page);
      page.errors = errors;
      page.warnings = warnings;
      return page;
    },
    async close() {
      await browser?.close();
      await server?.close();
    },
  };
}

/** Waits until the page's client has loaded (`document.title` is "ready"). */
export async function ready(page) {
  await page.waitForFunction(() => document.title === "ready", undefined, { polling: 20 });
}

/** Reloads the page and waits for its client. */
export async function reload(page) {
  await page.reload();
  await ready(page);
}

/** Runs `fn(lg, arg)` in the page, where `lg` is the page's `{ client, changes, STEPS, deep }`. */
export const inPage = (page, fn, arg) =>
  page.evaluate(([src, a]) => new Function("lg", "a", `return (${src})(lg, a)`)(window.lg, a), [fn.toString(), arg]);
