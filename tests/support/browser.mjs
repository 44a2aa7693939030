// Headless Chromium for page tests: Debian's `chromium` driven by npm's `playwright-core`
// (`npx playwright install` cannot download browsers here; see ../shared/reference/toolchain.md).
// Also a static file server, so pages load the built package over http:// like a real app.

import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { createRequire } from "node:module";

const root = resolve(new URL("../..", import.meta.url).pathname);
const require = createRequire(join(root, "target/tools/package.json"));

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/**
 * A persistent Chromium context with a fresh profile (IndexedDB survives page reloads and
 * closed pages within it). `close()` also removes the profile. `args`: more command-line flags
 * (the benchmarks' `--js-flags=--expose-gc`).
 */
export async function launchBrowser({ args = [] } = {}) {
  const { chromium } = require("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "lgw-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...ARGS, ...args],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/**
 * A `node:http` handler for the files under `dirs` (URL prefix → directory; relative dirs are from
 * the repo root), e.g. as `serve()`'s fallback beside the HTTP API.
 */
export function staticFiles(dirs) {
  const mounts = Object.entries(dirs)
    .map(([prefix, dir]) => [prefix, resolve(root, dir)])
    .sort((a, b) => b[0].length - a[0].length);
  return (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return void res.writeHead(400, { "content-type": "text/plain" }).end("Malformed URL");
    }
    const mount = mounts.find(([prefix]) => path.startsWith(prefix));
    if (!mount) return void res.writeHead(404).end();
    let file = normalize(join(mount[1], path.slice(mount[0].length)));
    if (file !== mount[1] && !file.startsWith(mount[1] + sep)) return void res.writeHead(403).end();
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  };
}

/**
 * Serves files under `dirs` (URL prefix → directory) on a free loopback port (or `options.port`).
 * `serveStatic({ "/pkg/": "pkg", "/": "tests/e2e/pages" })`; relative dirs are from the repo root.
 */
export async function serveStatic(dirs, options = {}) {
  const server = createServer(staticFiles(dirs));
  await new Promise((ok, fail) => server.once("error", fail).listen(options.port ?? 0, options.host ?? "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    // A browser keeps connections open (preconnected sockets that never send a request among
    // them), and `close()` waits for those: end them, or closing can wait forever.
    close: () => {
      server.closeAllConnections();
      return new Promise((ok) => server.close(ok));
    },
  };
}
