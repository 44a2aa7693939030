// `useStream` from `@langchain/langgraph-sdk/react`, unchanged, on langgraph-wasm: a React page
// (app.jsx, bundled with esbuild) points useStream at a URL answered by `createFetch(client)`
// over an IndexedDB `Client` in the page. In headless Chromium the chat model's reply streams
// into the page token by token, the approval node's interrupt shows up, the page is reloaded,
// re-joins the thread (its id kept in localStorage), shows the same interrupt from the thread's
// state, and resumes it with `submit(undefined, { command: { resume } })`.
// The npm packages (react, react-dom, the SDK, @langchain/core) are pinned in package-lock.json
// here (`make usestream-deps`); the package comes from pkg/ (`make pkg`). Screenshots go to
// target/screenshots/usestream-*.png (for a person to look at; never compared).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { launchBrowser, serveStatic } from "../support/browser.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const pkg = fileURLToPath(new URL("../../pkg/", import.meta.url));
const tools = fileURLToPath(new URL("../../target/tools/", import.meta.url));
const SHOTS = fileURLToPath(new URL("../../target/screenshots/", import.meta.url));
const esbuild = createRequire(join(tools, "package.json"))("esbuild");

const REPLY = "I can refund the 5 euros to your card today.";
const QUESTION = "Send this refund to the customer?";
const ASKED = "Please refund the 5 euros I paid twice.";

/**
 * The built package as node_modules/langgraph-wasm, a copy (as an installed package is): a
 * symlink would resolve its imports of @langchain/core from pkg/, where there is none.
 */
function installPackage() {
  if (!existsSync(join(pkg, "package.json"))) throw new Error(`${pkg} is missing: run \`make pkg\` first`);
  if (!existsSync(join(here, "node_modules/@langchain/langgraph-sdk/package.json"))) {
    throw new Error("tests/usestream/node_modules is missing: run `make usestream-deps`");
  }
  const target = join(here, "node_modules/langgraph-wasm");
  rmSync(target, { recursive: true, force: true });
  cpSync(pkg, target, { recursive: true });
}

let browser;
let site;
let dir;

before(async () => {
  installPackage();
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "lgw-usestream-"));
  await esbuild.build({
    entryPoints: [join(here, "app.jsx")],
    bundle: true,
    format: "esm",
    platform: "browser",
    jsx: "automatic",
    // React's development build: its warnings (keys, hooks) are console errors the test refuses.
    define: { "process.env.NODE_ENV": '"development"' },
    outfile: join(dir, "app.js"),
    logLevel: "error",
  });
  // esbuild leaves the wasm's URL as it is: the wasm goes beside the bundle, as the README says.
  mkdirSync(join(dir, "wasm"));
  copyFileSync(join(pkg, "wasm/langgraph_wasm_bg.wasm"), join(dir, "wasm/langgraph_wasm_bg.wasm"));
  writeFileSync(
    join(dir, "index.html"),
    '<!doctype html><meta charset="utf-8"><title>useStream on langgraph-wasm</title><link rel="icon" href="data:,">' +
      '<body><div id="root"></div><script type="module" src="./app.js"></script></body>',
  );
  site = await serveStatic({ "/": dir });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The interrupt panel's text has the question and the reply it is about. */
function assertShowsQuestion(text) {
  assert.ok(text.includes(QUESTION) && text.includes(REPLY), `the interrupt panel shows ${JSON.stringify(text)}`);
}

/** The AI message contents the page rendered, in order, without repeats. */
function aiContents(renders) {
  const contents = [];
  for (const render of renders) {
    for (const [type, content] of render.messages) {
      if (type === "ai" && contents.at(-1) !== content) contents.push(content);
    }
  }
  return contents;
}

test("useStream streams a chat model's tokens, shows the interrupt, and resumes it after a reload", async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 900, height: 600 });
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${site.url}/index.html`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  assert.equal(await page.evaluate(() => window.seen.storage), "indexeddb");

  // 1. Send a message: the reply streams in token by token.
  await page.getByLabel("Message").fill(ASKED);
  await page.getByRole("button", { name: "Send" }).click();
  const ai = page.locator('[data-testid=messages] li[data-type="ai"]');
  await page
    .waitForFunction(
      (reply) => {
        const li = document.querySelector('[data-testid=messages] li[data-type="ai"]');
        const text = li?.textContent.replace(/^Agent /, "") ?? "";
        return text.length >= 8 && text.length < reply.length;
      },
      REPLY,
      { timeout: 10_000 },
    )
    .catch(() => assert.fail("the page never showed part of the reply: its tokens did not stream in"));
  await page.screenshot({ path: join(SHOTS, "usestream-1-streaming.png") });

  // 2. The reply completes and the approval node's interrupt shows up.
  const interrupt = page.locator("[data-testid=interrupt]");
  await interrupt.waitFor();
  await page.waitForFunction(() => document.querySelector("[data-testid=thread]").textContent.endsWith("idle"));
  await page.screenshot({ path: join(SHOTS, "usestream-2-interrupt.png") });
  assert.equal(await ai.count(), 1);
  assert.equal(await ai.innerText(), `Agent ${REPLY}`);
  assertShowsQuestion(await interrupt.innerText());

  const seen = await page.evaluate(() => window.seen);
  // Every AI content the page rendered is a prefix of the reply, growing: the tokens arrived one
  // by one (messages-tuple), not as one message at the end.
  const contents = aiContents(seen.renders);
  assert.equal(contents.at(-1), REPLY);
  for (let i = 0; i < contents.length; i++) {
    assert.ok(REPLY.startsWith(contents[i]), `rendered ${JSON.stringify(contents[i])}, not a prefix of the reply`);
    if (i > 0) assert.ok(contents[i].length > contents[i - 1].length, `${JSON.stringify(contents)} does not grow`);
  }
  const partial = contents.filter((c) => c.length > 0 && c.length < REPLY.length);
  assert.ok(partial.length >= 5, `only ${partial.length} partial replies rendered: ${JSON.stringify(contents)}`);
  // And they arrived while the model was still making the reply, not all at once when the node
  // returned: renders showing part of the reply, with the model not yet done.
  const live = seen.renders.filter(
    (r) => r.tokensMade < REPLY.length && r.messages.some(([type, c]) => type === "ai" && c.length > 0),
  );
  assert.ok(live.length >= 5, `only ${live.length} renders showed the reply while the model made it`);
  // The human message came first in every render that had messages, and the last render has
  // both (one AI message: the streamed chunks and the node's returned message share an id).
  for (const render of seen.renders.filter((r) => r.messages.length > 0)) {
    assert.deepEqual(render.messages[0], ["human", ASKED]);
  }
  const last = seen.renders.at(-1);
  assert.deepEqual(last.messages, [
    ["human", ASKED],
    ["ai", REPLY],
  ]);
  assert.deepEqual(last.interrupt, { question: QUESTION, reply: REPLY });
  assert.equal(last.isLoading, false);
  assert.equal(last.approval, null);
  const threadId = await page.evaluate(() => localStorage.getItem("threadId"));
  assert.match(threadId, /^[0-9a-f-]{36}$/);

  // 3. Reload (same IndexedDB): the page re-joins the thread and shows the same interrupt from the
  // thread's state, with the messages.
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  await interrupt.waitFor();
  await page.screenshot({ path: join(SHOTS, "usestream-3-reloaded.png") });
  assert.match(await page.locator("[data-testid=thread]").innerText(), new RegExp(`thread ${threadId}`));
  assertShowsQuestion(await interrupt.innerText());
  const reloaded = await page.evaluate(() => window.seen);
  assert.equal(reloaded.storage, "indexeddb");
  assert.deepEqual(reloaded.renders.at(-1).messages, [
    ["human", ASKED],
    ["ai", REPLY],
  ]);
  assert.deepEqual(reloaded.renders.at(-1).interrupt, { question: QUESTION, reply: REPLY });
  const paused = await page.evaluate((id) => window.sdk.threads.get(id), threadId);
  assert.equal(paused.status, "interrupted");

  // 4. Approve: the run resumes from the stored checkpoint and the page shows the approval.
  await interrupt.getByRole("button", { name: "Approve" }).click();
  const approval = page.locator("[data-testid=approval]");
  await approval.waitFor();
  await page.waitForFunction(() => document.querySelector("[data-testid=thread]").textContent.endsWith("idle"));
  await page.screenshot({ path: join(SHOTS, "usestream-4-resumed.png") });
  assert.equal(await approval.innerText(), "Approval: approved");
  assert.equal(await interrupt.count(), 0);
  const final = await page.evaluate(() => window.seen.renders.at(-1));
  assert.deepEqual(final.messages, [
    ["human", ASKED],
    ["ai", REPLY],
  ]);
  assert.equal(final.interrupt, null);
  assert.equal(final.approval, "approved");
  // The thread, read through the SDK: done, with the approval in its state and nothing next.
  const state = await page.evaluate((id) => window.sdk.threads.getState(id), threadId);
  assert.equal(state.values.approval, "approved");
  assert.deepEqual(state.next, []);
  assert.deepEqual(
    state.values.messages.map((m) => [m.type, m.content]),
    [
      ["human", ASKED],
      ["ai", REPLY],
    ],
  );
  const done = await page.evaluate((id) => window.sdk.threads.get(id), threadId);
  assert.equal(done.status, "idle");
  assert.deepEqual(errors, []);
  await page.close();
});
