// A page in headless Chromium builds the real @langchain/langgraph-sdk Client on
// `createFetch(client)` and runs the seed's JavaScript example verbatim (only
// `new Client({ apiUrl, callerOptions })` differs), with the engine in the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { launchBrowser, serveStatic } from "../support/browser.mjs";
import { seedExamples } from "../support/seed.mjs";

const tools = fileURLToPath(new URL("../../target/tools/", import.meta.url));
const esbuild = createRequire(join(tools, "package.json"))("esbuild");

let browser;
let site;
let sdkDir;

before(async () => {
  // The SDK's npm build imports bare package names: bundle it into one browser module.
  sdkDir = mkdtempSync(join(tmpdir(), "lgw-sdk-"));
  const bundle = await esbuild.build({
    stdin: { contents: 'export { Client } from "@langchain/langgraph-sdk";', resolveDir: tools },
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "warning",
  });
  writeFileSync(join(sdkDir, "sdk.js"), bundle.outputFiles[0].text);
  site = await serveStatic({ "/pkg/": "pkg", "/sdk/": sdkDir, "/": "tests/js/pages" });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  if (sdkDir) rmSync(sdkDir, { recursive: true, force: true });
});

test("the seed's dynamic-interrupt example runs in a page on createFetch", async () => {
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error));
  await page.goto(`${site.url}/http.html`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  const [example] = seedExamples("js");
  const logged = await page.evaluate(async (code) => {
    const { SdkClient, fetch } = window.langgraph;
    const body = code
      .replace('import { Client } from "@langchain/langgraph-sdk";\n', "")
      .replace("new Client({ apiUrl: <DEPLOYMENT_URL> })", "new Client({ apiUrl, callerOptions })");
    const logged = [];
    const console = { log: (value) => logged.push(value) };
    const AsyncFunction = (async () => {}).constructor;
    const callerOptions = { fetch, maxRetries: 0 };
    await new AsyncFunction("Client", "apiUrl", "callerOptions", "console", body)(
      SdkClient,
      "http://langgraph.local",
      callerOptions,
      console,
    );
    return logged;
  }, example);
  assert.deepEqual(errors, []);
  assert.equal(logged.length, 2);
  assert.deepEqual(logged[0][0].value, { text_to_revise: "original text" });
  assert.match(logged[0][0].id, /^[0-9a-f]{32}$/);
  assert.deepEqual(logged[1], { some_text: "Edited text" });
  await page.close();
});
