// The packed package in the toolchains a new user reaches for first, with no configuration:
// Vite 6 and 8 (dev server and build) and webpack 5, in headless Chromium, each also with
// `langgraph-wasm/web` (the graph API on the engine without the Client layer); Node's require()
// (CommonJS), Jest and Vitest; Node 22 and 24 besides the machine's Node. Each installs the
// tarball into a scratch project, builds it with the toolchain and runs the seed's flow for real
// (a graph interrupts, then resumes). And the named error a page gets when a bundler serves
// something else where the wasm should be.
// `make toolchains` runs more (toolchains.test.mjs: Vite 5, esbuild, Rollup, Deno).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";

import {
  PAGE_APP,
  PAGE_APP_WEB,
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

/** A scratch app (index.html + main.js) for a bundler. */
const viteApp = (name, code) => scratchProject(name, { "index.html": pageHtml("/main.js"), "main.js": code });

/** The seed flow in Vite's dev server (dependency pre-bundling included), then in its build. */
async function viteDevAndBuild(tool, code = PAGE_APP) {
  const vite = await importTool(tool);
  const app = viteApp(tool, code);
  try {
    const server = await vite.createServer({
      root: app.dir,
      configFile: false,
      logLevel: "error",
      server: { port: 0, host: "127.0.0.1" },
    });
    await server.listen();
    try {
      const url = server.resolvedUrls.local[0];
      assertSeedPage(await runPage(browser, url));
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
}

test("Vite 6: the dev server and the production build run the seed flow, with no configuration", { timeout: TOOL_TIMEOUT }, () =>
  viteDevAndBuild("vite6"));

test("Vite 8: the dev server and the production build run the seed flow, with no configuration", { timeout: TOOL_TIMEOUT }, () =>
  viteDevAndBuild("vite8"));

for (const tool of ["vite6", "vite8"]) {
  test(`${tool.replace("vite", "Vite ")}: the same with langgraph-wasm/web, its own wasm`, { timeout: TOOL_TIMEOUT }, () =>
    viteDevAndBuild(tool, PAGE_APP_WEB));
}

/** The seed flow in webpack 5's production build of `code`. */
async function webpackBuild(code) {
  const { default: webpack } = await importTool("webpack");
  const app = scratchProject("webpack", { "src/index.js": code, "dist/index.html": pageHtml("main.js") });
  try {
    const stats = await new Promise((resolve, reject) =>
      webpack({ mode: "production", context: app.dir, entry: "./src/index.js", output: { path: join(app.dir, "dist") } }).run(
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    assert.equal(stats.hasErrors(), false, stats.toString("errors-only"));
    const site = await serveDir(join(app.dir, "dist"));
    try {
      assertSeedPage(await runPage(browser, `${site.url}/`));
    } finally {
      await site.close();
    }
  } finally {
    app.remove();
  }
}

test("webpack 5: a production build runs the seed flow, with no configuration", { timeout: TOOL_TIMEOUT }, () =>
  webpackBuild(PAGE_APP));

test("webpack 5: the same with langgraph-wasm/web", { timeout: TOOL_TIMEOUT }, () => webpackBuild(PAGE_APP_WEB));

test("Node require() (CommonJS) runs the seed flow, and the root and /node share one engine", { timeout: TOOL_TIMEOUT }, () => {
  const app = scratchProject(
    "cjs",
    {
      "main.cjs": nodeSeedScript({
        importLine: 'const { StateGraph, START, Command, interrupt, MemorySaver } = require("langgraph-wasm");',
      }),
      "same.cjs": `const root = require("langgraph-wasm");
const node = require("langgraph-wasm/node");
const graph = new root.StateGraph({ channels: { x: null } }).addNode("a", () => ({ x: 1 })).addEdge(root.START, "a").compile();
// A graph from one entry is a graph to the other: one module instance, one engine.
const client = new node.Client({ graphs: { agent: graph } });
console.log(JSON.stringify({ same: root.Client === node.Client, serve: typeof node.serve, rootServe: typeof root.serve, storage: client.storage }));
`,
    },
    { type: "commonjs" },
  );
  try {
    const run = (file, args = []) => execFileSync("node", [...args, file], { cwd: app.dir, encoding: "utf8" });
    assert.deepEqual(JSON.parse(run("main.cjs")), SEED_RESULT);
    const same = { same: true, serve: "function", rootServe: "undefined", storage: "memory" };
    assert.deepEqual(JSON.parse(run("same.cjs")), same);
    // Node before 20.19 has no require(esm): require() takes index.cjs, the CommonJS build.
    assert.deepEqual(JSON.parse(run("main.cjs", ["--no-experimental-require-module"])), SEED_RESULT);
    assert.deepEqual(JSON.parse(run("same.cjs", ["--no-experimental-require-module"])), same);
  } finally {
    app.remove();
  }
});

// Node 20 is what the machine has; users run the later releases. Each runs the packed package
// through import and require(), and a loop hot enough for V8 to optimize the calls into wasm
// (Node 20 and 22 aborted the process there when an export returned an externref: PROFILE.md).
for (const major of [22, 24]) {
  test(`Node ${major}: import and require() run the seed flow, and a hot loop of runs`, { timeout: TOOL_TIMEOUT }, () => {
    const binary = join(here, "node-versions", "node_modules", `node${major}`, "bin", "node");
    const hot = `import { StateGraph, START, END, Send, MemorySaver } from "langgraph-wasm";
const graph = new StateGraph({ channels: { items: { reducer: (a, b) => a.concat(b), default: () => [] } } })
  .addNode("fan", (s) => ({ items: [s.items.length] }))
  .addNode("work", (n) => ({ items: [{ n, text: "x".repeat(600 + n) }] }))
  .addEdge(START, "fan")
  .addConditionalEdges("fan", (s) => [1, 2, 3].map((n) => new Send("work", n)))
  .addEdge("work", END)
  .compile({ checkpointer: new MemorySaver() });
let total = 0;
for (let i = 0; i < 400; i++) {
  const out = await graph.invoke({ items: [] }, { configurable: { thread_id: "t" + i } });
  total += out.items.length;
}
console.log(JSON.stringify({ version: process.versions.node.split(".")[0], total }));
`;
    const app = scratchProject(`node${major}`, {
      "main.mjs": nodeSeedScript({ importLine: 'import { StateGraph, START, Command, interrupt, MemorySaver } from "langgraph-wasm";' }),
      "main.cjs": nodeSeedScript({
        importLine: 'const { StateGraph, START, Command, interrupt, MemorySaver } = require("langgraph-wasm");',
      }),
      "hot.mjs": hot,
    });
    try {
      const run = (file) => execFileSync(binary, [file], { cwd: app.dir, encoding: "utf8" });
      assert.deepEqual(JSON.parse(run("main.mjs")), SEED_RESULT);
      assert.deepEqual(JSON.parse(run("main.cjs")), SEED_RESULT);
      assert.deepEqual(JSON.parse(run("hot.mjs")), { version: String(major), total: 400 * 4 });
    } finally {
      app.remove();
    }
  });
}

test("Jest (CommonJS test files) runs the seed flow", { timeout: TOOL_TIMEOUT }, () => {
  const app = scratchProject(
    "jest",
    {
      "jest.config.cjs": 'module.exports = { testEnvironment: "node", transform: {} };\n',
      "seed.test.js": `const { StateGraph, START, Command, interrupt, MemorySaver } = require("langgraph-wasm");
test("the graph interrupts and resumes", async () => {
${SEED_FLOW}
  expect(result).toEqual(${JSON.stringify(SEED_RESULT)});
});
`,
    },
    { type: "commonjs" },
  );
  try {
    const out = execFileSync("node", [toolPath("jest", "bin/jest.js"), "--ci", "--rootDir", app.dir, "--json"], {
      cwd: app.dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const report = JSON.parse(out);
    assert.equal(report.numPassedTests, 1, out);
    assert.equal(report.numFailedTests, 0, out);
  } finally {
    app.remove();
  }
});

test("Vitest runs the seed flow", { timeout: TOOL_TIMEOUT }, () => {
  const app = scratchProject("vitest", {
    "seed.test.mjs": `import { StateGraph, START, Command, interrupt, MemorySaver } from "langgraph-wasm";
test("the graph interrupts and resumes", async () => {
${SEED_FLOW}
  expect(result).toEqual(${JSON.stringify(SEED_RESULT)});
});
`,
  });
  try {
    const out = execFileSync(
      "node",
      [toolPath("vitest", "vitest.mjs"), "run", "--root", app.dir, "--globals", "--reporter=json"],
      { cwd: app.dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    const report = JSON.parse(out.slice(out.indexOf("{")));
    assert.equal(report.numPassedTests, 1, out);
    assert.equal(report.numFailedTests, 0, out);
  } finally {
    app.remove();
  }
});

test("a wasm URL that answers the app's index.html (an SPA fallback) fails with a WasmLoadError that says what to do", { timeout: TOOL_TIMEOUT }, async () => {
  const esbuild = await importTool("esbuild");
  const app = scratchProject("spa", { "src/main.js": PAGE_APP });
  try {
    await esbuild.build({
      absWorkingDir: app.dir,
      entryPoints: ["src/main.js"],
      bundle: true,
      format: "esm",
      outfile: "dist/main.js",
      logLevel: "warning",
    });
    const html = pageHtml("/main.js");
    const js = readFileSync(join(app.dir, "dist/main.js"));
    // Like a dev server with history fallback: every unknown path answers the page.
    const server = createServer((req, res) => {
      if (req.url === "/main.js") return void res.writeHead(200, { "content-type": "text/javascript" }).end(js);
      res.writeHead(200, { "content-type": "text/html" }).end(html);
    });
    await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
    try {
      const outcome = await runPage(browser, `http://127.0.0.1:${server.address().port}/`);
      assert.equal(outcome.result, undefined);
      assert.match(outcome.error, /^WasmLoadError: /);
      assert.match(outcome.error, /wasm\/langgraph_wasm_bg\.wasm answered 200 \(text\/html; starts with 3c 21 64 6f\)/);
      assert.match(outcome.error, /optimizeDeps: \{ exclude: \["langgraph-wasm"\] \}/);
      assert.match(outcome.error, /ready\(\{ wasm: url \}\)/);
    } finally {
      server.closeAllConnections(); // the browser's open connections would hold close() up
      await new Promise((ok) => server.close(ok));
    }
  } finally {
    app.remove();
  }
});
