// A bundled browser app (esbuild, the browser build of the package) that uses LangChain in
// headless Chromium: what such an app needs is `import "langgraph-wasm/langchain"` (bundlers
// cannot let the package import @langchain/core by name at run time) and the wasm beside the
// bundle. In the page: a chat model called in a node's synchronous part streams its tokens in
// `messages` mode, getConfig() is the node's config until its first await and undefined after,
// the module-level interrupt() fails after an await with a named error while config.interrupt
// works, and the messages reducer makes message classes. Each test runs on the package root and
// on `langgraph-wasm/web` (the graph API on the engine without the Client layer, its own wasm).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { launchBrowser, serveStatic } from "../support/browser.mjs";
import { installPackage } from "./harness.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const tools = fileURLToPath(new URL("../../target/tools/", import.meta.url));
const esbuild = createRequire(join(tools, "package.json"))("esbuild");

const APP = `
import "langgraph-wasm/langchain";
import { StateGraph, MessagesAnnotation, START, END, MemorySaver, IndexedDBSaver, Command, getConfig, interrupt, messagesStateReducer } from "langgraph-wasm";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { AIMessage, AIMessageChunk, HumanMessage, ToolMessage, isAIMessage, isBaseMessage } from "@langchain/core/messages";

window.run = async () => {
  const model = new FakeListChatModel({ responses: ["hey"] });
  const seen = {};
  const graph = new StateGraph(MessagesAnnotation)
    .addNode("agent", async (state, config) => {
      seen.configBeforeAwait = getConfig() === config;
      const response = await model.invoke(state.messages);
      seen.configAfterAwait = getConfig() === undefined ? "undefined" : "defined";
      return { messages: [response] };
    })
    .addNode("ask", async (state, config) => {
      await null;
      try {
        interrupt("after an await");
      } catch (error) {
        seen.moduleInterruptAfterAwait = error.name;
      }
      return { messages: [{ role: "user", content: config.interrupt("ok?") }] };
    })
    .addEdge(START, "agent")
    .addEdge("agent", "ask")
    .addEdge("ask", END)
    .compile({ checkpointer: new MemorySaver() });
  const config = { configurable: { thread_id: "page" } };
  const tokens = [];
  for await (const [message, metadata] of graph.stream({ messages: [new HumanMessage("hi")] }, { ...config, streamMode: "messages" })) {
    tokens.push([message.constructor.name, message.content, metadata.langgraph_node]);
  }
  const paused = (await graph.getState(config)).next;
  const done = await graph.invoke(new Command({ resume: "yes" }), config);
  const classes = messagesStateReducer([], [{ role: "user", content: "x" }]).map((m) => m.constructor.name);
  return { seen, tokens, paused, last: done.messages.at(-1).content, classes };
};
// A tool approval on IndexedDB, paused in one page load and resumed in the next: what the
// nodes, getState and the result hold after the reload are the message classes. Long texts
// (which the engine escapes itself) with every character JSON escapes come back as they were.
const LONG = (Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("") + String.fromCharCode(34, 92) + "\u2028\u00e9\ud83d\ude00").repeat(40);
function approvalGraph(seen, checkpointer = new IndexedDBSaver({ name: "dropin-page" })) {
  return new StateGraph({ channels: { messages: "messages", draft: null } })
    .addNode("agent", () => ({
      messages: [new AIMessage({ content: "", id: "a1", tool_calls: [{ id: "c1", name: "refund", args: { amount: 5, note: LONG }, type: "tool_call" }] })],
      draft: new AIMessageChunk({ content: LONG, id: "k1" }),
    }))
    .addNode("approve", (state, config) => {
      const answer = config.interrupt("approve the refund?");
      seen.push(state.messages.map((m) => [m.constructor.name, isBaseMessage(m), m.getType()]));
      const call = state.messages[1].tool_calls[0];
      seen.push([state.draft.constructor.name, call.args.amount, state.draft.content === LONG, call.args.note === LONG]);
      return { messages: [new ToolMessage({ content: answer, tool_call_id: "c1", id: "t1" })] };
    })
    .addEdge(START, "agent")
    .addEdge("agent", "approve")
    .addEdge("approve", END)
    .compile({ checkpointer });
}
const approvalConfig = { configurable: { thread_id: "approval" } };
window.pause = async () => {
  const out = await approvalGraph([]).invoke({ messages: [new HumanMessage({ content: "refund me", id: "h1" })] }, approvalConfig);
  return out.__interrupt__.map((i) => i.value);
};
window.resume = async (checkpointer) => {
  const seen = [];
  const graph = approvalGraph(seen, checkpointer);
  const state = await graph.getState(approvalConfig);
  const before = state.values.messages.map((m) => [m.constructor.name, isAIMessage(m)]);
  const done = await graph.invoke(new Command({ resume: "approved" }), approvalConfig);
  const after = done.messages.map((m) => m.constructor.name);
  return { next: state.next, before, seen, after, last: done.messages.at(-1).content };
};
// The same in one page load on MemorySaver, which keeps what it saves as JS strings: read back
// after the page has collected its garbage.
window.inMemory = async () => {
  const saver = new MemorySaver();
  await approvalGraph([], saver).invoke({ messages: [new HumanMessage({ content: "refund me", id: "h1" })] }, approvalConfig);
  for (let i = 0; i < 20; i++) new Array(1e5).fill({});
  await new Promise((resolve) => setTimeout(resolve, 50));
  return window.resume(saver);
};
document.body.dataset.ready = "true";
`;

let browser;
let site;
let dir;

/** The entries the app is bundled with: the import it uses, the wasm it fetches. */
const ENTRIES = [
  { name: "langgraph-wasm", dir: "root", wasm: "wasm/langgraph_wasm_bg.wasm" },
  { name: "langgraph-wasm/web", dir: "web", wasm: "wasm/engine/langgraph_wasm_bg.wasm" },
];

before(async () => {
  installPackage();
  dir = mkdtempSync(join(tmpdir(), "lgw-dropin-page-"));
  for (const entry of ENTRIES) {
    const app = join(dir, entry.dir);
    await esbuild.build({
      // Each app its own database: the pages share an origin.
      stdin: {
        contents: APP.replace(/from "langgraph-wasm";/, `from "${entry.name}";`).replace('name: "dropin-page"', `name: "dropin-page-${entry.dir}"`),
        resolveDir: here,
        sourcefile: "app.js",
      },
      bundle: true,
      format: "esm",
      platform: "browser",
      outfile: join(app, "app.js"),
      logLevel: "error",
    });
    // esbuild leaves the wasm's URL as it is: the wasm goes beside the bundle, as the README says.
    mkdirSync(dirname(join(app, entry.wasm)), { recursive: true });
    copyFileSync(join(here, "node_modules/langgraph-wasm", entry.wasm), join(app, entry.wasm));
    writeFileSync(join(app, "index.html"), '<!doctype html><meta charset="utf-8"><script type="module" src="./app.js"></script><body></body>');
  }
  site = await serveStatic({ "/": dir });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * A new page on the app bundled with `entry`, ready, with the errors it throws collected. The app
 * loads the engine on first need, so closing it checks that what the page fetched was the entry's
 * own wasm, and only that one.
 */
async function openApp(entry) {
  const page = await browser.context.newPage();
  const errors = [];
  const wasm = [];
  page.on("pageerror", (error) => errors.push(error));
  page.on("request", (request) => request.url().endsWith(".wasm") && wasm.push(new URL(request.url()).pathname));
  await page.goto(`${site.url}/${entry.dir}/index.html`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  const close = async () => {
    assert.deepEqual([...new Set(wasm)], [`/${entry.dir}/${entry.wasm}`]);
    await page.close();
  };
  return { page, errors, close };
}

/** What `window.resume` answers after the approval flow paused and resumed: the classes throughout. */
function assertResumed(result) {
  assert.deepEqual(result.next, ["approve"]);
  assert.deepEqual(result.before, [
    ["HumanMessage", false],
    ["AIMessage", true],
  ]);
  assert.deepEqual(result.seen, [
    [
      ["HumanMessage", true, "human"],
      ["AIMessage", true, "ai"],
    ],
    ["AIMessageChunk", 5, true, true],
  ]);
  assert.deepEqual(result.after, ["HumanMessage", "AIMessage", "ToolMessage"]);
  assert.equal(result.last, "approved");
}

for (const entry of ENTRIES) {
  test(`a bundled app streams a chat model's tokens, and the node's config is current until its first await (${entry.name})`, async () => {
    const { page, errors, close } = await openApp(entry);
    const result = await page.evaluate(() => window.run());
    assert.deepEqual(errors, []);
    assert.deepEqual(result.tokens, [
      ["AIMessageChunk", "h", "agent"],
      ["AIMessageChunk", "e", "agent"],
      ["AIMessageChunk", "y", "agent"],
    ]);
    assert.deepEqual(result.seen, {
      configBeforeAwait: true,
      configAfterAwait: "undefined",
      moduleInterruptAfterAwait: "InterruptOutsideNodeError",
    });
    assert.deepEqual(result.paused, ["ask"]);
    assert.equal(result.last, "yes");
    assert.deepEqual(result.classes, ["HumanMessage"]);
    await close();
  });

  test(`LangChain classes in state survive a page reload on IndexedDB: getState, the resumed node and the result hold the classes (${entry.name})`, async () => {
    const { page, errors, close } = await openApp(entry);
    assert.deepEqual(await page.evaluate(() => window.pause()), ["approve the refund?"]);
    await page.reload();
    await page.waitForSelector("body[data-ready=true]", { state: "attached" });
    assertResumed(await page.evaluate(() => window.resume()));
    assert.deepEqual(errors, []);
    await close();
  });

  test(`the same on MemorySaver in one page load: what it saved as JS strings reads back as the classes and texts (${entry.name})`, async () => {
    const { page, errors, close } = await openApp(entry);
    assertResumed(await page.evaluate(() => window.inMemory()));
    assert.deepEqual(errors, []);
    await close();
  });
}
