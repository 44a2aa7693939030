// What the toolchain tests share: the packed package (`npm pack` of pkg/, as a user installs it),
// scratch projects that install it, the seed flow they run, and a headless page that reports
// how the flow went. The toolchains come from this folder's node_modules (package-lock.json;
// `make toolchains-deps`), driven through their JS APIs with the scratch project as their root.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { launchBrowser, serveStatic } from "../support/browser.mjs";

export const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");

/** Imports a toolchain package (by its name in package.json, e.g. "vite6") from this folder's node_modules. */
export function importTool(name) {
  return import(name);
}

/** The path of a file inside a toolchain package. */
export function toolPath(name, file) {
  return join(here, "node_modules", name, file);
}

let tarball;
/** `npm pack` of pkg/, once per test process. */
export function packedPackage() {
  if (tarball) return tarball;
  assert.ok(existsSync(join(repo, "pkg", "package.json")), "pkg/ is missing: run `make pkg`");
  const dir = mkdtempSync(join(tmpdir(), "lgw-tarball-"));
  execFileSync("npm", ["pack", join(repo, "pkg"), "--pack-destination", dir, "--silent"], { cwd: repo, stdio: "pipe" });
  tarball = join(dir, readdirSync(dir).find((f) => f.endsWith(".tgz")));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return tarball;
}

/**
 * A scratch project (in the system's temp folder, or under `parent`) with `files` ({ path: text }) and the packed
 * package installed as a dependency, as `npm install langgraph-wasm` would. `remove()` deletes it.
 */
export function scratchProject(name, files, { type = "module", parent = tmpdir() } = {}) {
  const dir = mkdtempSync(join(parent, `lgw-${name}-`));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `scratch-${name}`, private: true, type }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", "--silent", packedPackage()], {
    cwd: dir,
    stdio: "pipe",
  });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What every flow must report: the seed's dynamic interrupt, asked and then resumed. */
export const SEED_RESULT = {
  asked: { text_to_revise: "original text" },
  done: { some_text: "Edited text" },
};

/**
 * A browser app (ES module, no top-level await: older build targets refuse it) that runs the
 * seed's flow on the SDK-shaped Client (IndexedDB in a page) and on the graph itself, and puts
 * the outcome on `<body data-result>` or `<body data-error>`.
 */
export const PAGE_APP = `import { StateGraph, START, Command, interrupt, Client, MemorySaver } from "langgraph-wasm";

const graph = new StateGraph({ channels: { some_text: null } })
  .addNode("human_node", (state) => ({ some_text: interrupt({ text_to_revise: state.some_text }) }))
  .addEdge(START, "human_node")
  .compile();
const client = new Client({ graphs: { agent: graph } });

async function seed() {
  const thread = await client.threads.create();
  const paused = await client.runs.wait(thread.thread_id, "agent", { input: { some_text: "original text" } });
  const done = await client.runs.wait(thread.thread_id, "agent", { command: { resume: "Edited text" } });
  const direct = new StateGraph({ channels: { some_text: null } })
    .addNode("human_node", (state) => ({ some_text: interrupt({ text_to_revise: state.some_text }) }))
    .addEdge(START, "human_node")
    .compile({ checkpointer: new MemorySaver() });
  const config = { configurable: { thread_id: "t" } };
  const directPaused = await direct.invoke({ some_text: "original text" }, config);
  const directDone = await direct.invoke(new Command({ resume: "Edited text" }), config);
  return {
    asked: paused.__interrupt__[0].value,
    done,
    storage: client.storage,
    direct: { asked: directPaused.__interrupt__[0].value, done: directDone },
  };
}

seed().then(
  (result) => (document.body.dataset.result = JSON.stringify(result)),
  (error) => (document.body.dataset.error = (error && error.name) + ": " + (error && error.message)),
);
`;

/**
 * The same outcome from `langgraph-wasm/web` (the graph API on the engine without the Client
 * layer): the seed's flow on IndexedDBSaver, and on MemorySaver.
 */
export const PAGE_APP_WEB = `import { StateGraph, START, Command, interrupt, IndexedDBSaver, MemorySaver } from "langgraph-wasm/web";

const seedGraph = (checkpointer) =>
  new StateGraph({ channels: { some_text: null } })
    .addNode("human_node", (state) => ({ some_text: interrupt({ text_to_revise: state.some_text }) }))
    .addEdge(START, "human_node")
    .compile({ checkpointer });

async function flow(graph, thread_id) {
  const config = { configurable: { thread_id } };
  const paused = await graph.invoke({ some_text: "original text" }, config);
  const done = await graph.invoke(new Command({ resume: "Edited text" }), config);
  return { asked: paused.__interrupt__[0].value, done };
}

async function seed() {
  const thread_id = "t-" + Date.now();
  const stored = await flow(seedGraph(new IndexedDBSaver({ name: "toolchain-web" })), thread_id);
  // Read back through another saver on the same database: the runs were stored there.
  const reread = await seedGraph(new IndexedDBSaver({ name: "toolchain-web" })).getState({ configurable: { thread_id } });
  const storage = reread.values.some_text === "Edited text" ? "indexeddb" : "not stored";
  return { ...stored, storage, direct: await flow(seedGraph(new MemorySaver()), "t") };
}

seed().then(
  (result) => (document.body.dataset.result = JSON.stringify(result)),
  (error) => (document.body.dataset.error = (error && error.name) + ": " + (error && error.message)),
);
`;

/** The page that loads `script` (a module URL). */
export function pageHtml(script) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>toolchain</title></head>
<body><script type="module" src="${script}"></script></body></html>
`;
}

/** What the page in a browser context reports: `{ result }` or `{ error }`, and its console errors. */
export async function runPage(browser, url) {
  const page = await browser.context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  try {
    await page.goto(url);
    const body = page.locator("body[data-result], body[data-error]");
    await body.waitFor({ state: "attached", timeout: 60_000 });
    const result = await page.evaluate(() => document.body.dataset.result);
    const error = await page.evaluate(() => document.body.dataset.error);
    return { result: result === undefined ? undefined : JSON.parse(result), error, problems };
  } finally {
    await page.close();
  }
}

/** Asserts that a page ran the seed flow in both forms, with IndexedDB behind the Client. */
export function assertSeedPage(outcome) {
  assert.equal(outcome.error, undefined, `the page failed: ${outcome.error}`);
  assert.deepEqual(outcome.problems, []);
  assert.deepEqual(outcome.result, { ...SEED_RESULT, storage: "indexeddb", direct: SEED_RESULT });
}

/** Serves `dir` (a built app) on a loopback port. */
export function serveDir(dir) {
  return serveStatic({ "/": dir });
}

export { launchBrowser };

/**
 * The seed flow on the graph with a MemorySaver, as statements (inside an async function or a
 * module), ending with its outcome in `result` (`SEED_RESULT`'s shape).
 */
export const SEED_FLOW = `const graph = new StateGraph({ channels: { some_text: null } })
  .addNode("human_node", (state) => ({ some_text: interrupt({ text_to_revise: state.some_text }) }))
  .addEdge(START, "human_node")
  .compile({ checkpointer: new MemorySaver() });
const config = { configurable: { thread_id: "t" } };
const paused = await graph.invoke({ some_text: "original text" }, config);
const done = await graph.invoke(new Command({ resume: "Edited text" }), config);
const result = { asked: paused.__interrupt__[0].value, done };`;

/** A Node script that runs the seed flow on the graph and prints `SEED_RESULT`'s shape as JSON. */
export function nodeSeedScript({ importLine, wrapAsync = true }) {
  const body = `${SEED_FLOW}\nconsole.log(JSON.stringify(result));`;
  return `${importLine}\n${wrapAsync ? `(async () => {\n${body}\n})();` : body}\n`;
}
