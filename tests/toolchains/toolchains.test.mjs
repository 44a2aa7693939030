// The rest of the toolchain matrix (`make toolchains`; smoke.test.mjs is the part in `make test`):
// Vite 5 (dev and build), esbuild and Rollup (which leave `new URL(…, import.meta.url)` alone, so
// the wasm is copied beside the bundle, as the README's "Bundlers" section says), Deno on the
// installed package, and Next.js (App Router client components, Turbopack and webpack, dev server
// and production build).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

import {
  PAGE_APP,
  SEED_FLOW,
  SEED_RESULT,
  assertSeedPage,
  here,
  importTool,
  launchBrowser,
  nodeSeedScript,
  pageHtml,
  runPage,
  scratchProject,
  serveDir,
  toolPath,
} from "./support.mjs";

// A toolchain that hangs (a bundler waiting on a watcher, a page that never reports) fails the
// test instead of holding up `make test` (CI stops at 90 minutes): once seen with webpack.
const TOOL_TIMEOUT = 10 * 60_000;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

const WASM = "node_modules/langgraph-wasm/wasm/langgraph_wasm_bg.wasm";

/** Copies the package's wasm into `<dist>/wasm/`, beside the bundle. */
function copyWasm(app, dist) {
  mkdirSync(join(app.dir, dist, "wasm"), { recursive: true });
  copyFileSync(join(app.dir, WASM), join(app.dir, dist, "wasm", "langgraph_wasm_bg.wasm"));
}

test("Vite 5: the dev server and the production build run the seed flow, with no configuration", { timeout: TOOL_TIMEOUT }, async () => {
  const vite = await importTool("vite5");
  const app = scratchProject("vite5", { "index.html": pageHtml("/main.js"), "main.js": PAGE_APP });
  try {
    const server = await vite.createServer({
      root: app.dir,
      configFile: false,
      logLevel: "error",
      server: { port: 0, host: "127.0.0.1" },
    });
    await server.listen();
    try {
      assertSeedPage(await runPage(browser, server.resolvedUrls.local[0]));
    } finally {
      await server.close();
    }
    await vite.build({ root: app.dir, configFile: false, logLevel: "error", build: { outDir: "dist" } });
    const site = await serveDir(join(app.dir, "dist"));
    try {
      assertSeedPage(await runPage(browser, `${site.url}/`));
    } finally {
      await site.close();
    }
  } finally {
    app.remove();
  }
});

test("esbuild: a bundle with the wasm copied beside it runs the seed flow", { timeout: TOOL_TIMEOUT }, async () => {
  const esbuild = await importTool("esbuild");
  const app = scratchProject("esbuild", { "src/main.js": PAGE_APP, "dist/index.html": pageHtml("main.js") });
  try {
    await esbuild.build({
      absWorkingDir: app.dir,
      entryPoints: ["src/main.js"],
      bundle: true,
      format: "esm",
      platform: "browser",
      outfile: "dist/main.js",
      logLevel: "warning",
    });
    copyWasm(app, "dist");
    const site = await serveDir(join(app.dir, "dist"));
    try {
      assertSeedPage(await runPage(browser, `${site.url}/`));
    } finally {
      await site.close();
    }
  } finally {
    app.remove();
  }
});

test("Rollup (with node-resolve): a bundle with the wasm copied beside it runs the seed flow", { timeout: TOOL_TIMEOUT }, async () => {
  const { rollup } = await importTool("rollup");
  const { default: nodeResolve } = await importTool("@rollup/plugin-node-resolve");
  const app = scratchProject("rollup", { "src/main.js": PAGE_APP, "dist/index.html": pageHtml("main.js") });
  try {
    const bundle = await rollup({ input: join(app.dir, "src/main.js"), plugins: [nodeResolve({ browser: true })] });
    await bundle.write({ file: join(app.dir, "dist/main.js"), format: "es" });
    await bundle.close();
    copyWasm(app, "dist");
    const site = await serveDir(join(app.dir, "dist"));
    try {
      assertSeedPage(await runPage(browser, `${site.url}/`));
    } finally {
      await site.close();
    }
  } finally {
    app.remove();
  }
});

test("Deno runs the seed flow on the installed package", { timeout: TOOL_TIMEOUT }, () => {
  const app = scratchProject("deno", {
    "main.mjs": nodeSeedScript({
      importLine: 'import { StateGraph, START, Command, interrupt, MemorySaver } from "langgraph-wasm";',
      wrapAsync: false,
    }),
  });
  try {
    const out = execFileSync(toolPath("deno", "bin.cjs"), ["run", "--allow-read", "--allow-env", "main.mjs"], {
      cwd: app.dir,
      encoding: "utf8",
      env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    });
    assert.deepEqual(JSON.parse(out), SEED_RESULT);
  } finally {
    app.remove();
  }
});

// --- Next.js (its own node_modules: tests/toolchains/nextjs, installed by `make toolchains`). ---

const NEXT_DIR = join(here, "nextjs");
const NEXT = join(NEXT_DIR, "node_modules", "next", "dist", "bin", "next");

/**
 * An App Router app whose page renders a client component running PAGE_APP's flow after
 * hydration (its graph and Client are made at module scope, which Next also evaluates on the
 * server when it prerenders the page), and a Route Handler running the flow on the server.
 * Built under tests/toolchains/nextjs, so that `next` and React resolve from there.
 */
function nextApp() {
  const [moduleCode, start] = PAGE_APP.split("\nseed().then(");
  return scratchProject(
    "next",
    {
      "app/layout.jsx": `export default function Layout({ children }) {
  return (<html lang="en"><body>{children}</body></html>);
}
`,
      "app/page.jsx": `import Seed from "./seed";
export default function Page() {
  return (<main><Seed /></main>);
}
`,
      // A Route Handler running the flow on the server (the Node build, bundled by Next).
      "app/api/seed/route.js": `import { StateGraph, START, Command, interrupt, MemorySaver } from "langgraph-wasm";
export const dynamic = "force-dynamic";
export async function GET() {
${SEED_FLOW}
  return Response.json(result);
}
`,
      "app/seed.jsx": `"use client";
import { useEffect } from "react";
${moduleCode}
export default function Seed() {
  useEffect(() => {
    seed().then(${start}
  }, []);
  return null;
}
`,
    },
    { parent: NEXT_DIR },
  );
}

/** The environment for `next`: without the NODE_ENV an earlier tool in this process set (Vite sets it). */
function nextEnv() {
  const { NODE_ENV, ...env } = process.env;
  void NODE_ENV;
  return { ...env, NEXT_TELEMETRY_DISABLED: "1" };
}

/** Runs `next <args>` in `app` until it prints that it is ready; `stop()` ends it. */
async function nextServer(app, args) {
  const child = spawn(process.execPath, [NEXT, ...args], {
    cwd: app.dir,
    env: nextEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise((ready, fail) => {
    const look = (chunk) => {
      output += chunk;
      if (/Ready in|ready started/i.test(output)) ready();
    };
    child.stdout.on("data", look);
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => fail(new Error(`next ${args.join(" ")} exited (${code}): ${output}`)));
  });
  return {
    output: () => output,
    stop: () =>
      new Promise((done) => {
        child.removeAllListeners("exit");
        child.on("exit", done);
        child.kill();
      }),
  };
}

/** A free loopback port. */
async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

for (const bundler of ["Turbopack", "webpack"]) {
  test(`Next.js 16 (${bundler}): a client component and a Route Handler run the seed flow in the dev server and the production build, with no configuration`, { timeout: TOOL_TIMEOUT }, async () => {
    const flag = bundler === "webpack" ? ["--webpack"] : [];
    const app = nextApp();
    try {
      // The dev server answers its own resources to `localhost` only (allowedDevOrigins).
      let port = await freePort();
      let server = await nextServer(app, ["dev", ...flag, "-p", String(port), "-H", "localhost"]);
      try {
        assertSeedPage(await runPage(browser, `http://localhost:${port}/`));
        assert.deepEqual(await (await fetch(`http://localhost:${port}/api/seed`)).json(), SEED_RESULT);
      } finally {
        await server.stop();
      }
      execFileSync(process.execPath, [NEXT, "build", ...flag], {
        cwd: app.dir,
        env: nextEnv(),
        stdio: "pipe",
      });
      port = await freePort();
      server = await nextServer(app, ["start", "-p", String(port), "-H", "127.0.0.1"]);
      try {
        assertSeedPage(await runPage(browser, `http://127.0.0.1:${port}/`));
        assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/api/seed`)).json(), SEED_RESULT);
      } finally {
        await server.stop();
      }
    } finally {
      app.remove();
    }
  });
}
