// The approval inbox across reloads and tabs: a paused run survives a reload and a closed page; a
// second tab sees new threads and answers without reloading, and cannot answer a request the first
// tab already answered.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser } from "../support/browser.mjs";
import { SHOTS, openTab, serveApp, startRun, text } from "./inbox.mjs";

let server;
before(async () => (server = await serveApp()));
after(() => server?.close());

test("a paused run survives a reload and a closed page, then finishes with the edited text", async (t) => {
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const errors = [];
  let page = await openTab(browser.context, `${server.url}/`, errors);
  assert.match(await text(page.locator("#storage")), /IndexedDB/);
  await startRun(page, "Document revision", { Topic: "the spring sale" });
  await page.getByLabel("Text to revise", { exact: true }).waitFor();
  const threadUrl = page.url();

  await page.reload();
  await page.locator("body[data-ready]").waitFor();
  assert.equal(await page.locator("#inbox-list li").count(), 1);
  assert.match(await page.getByLabel("Text to revise", { exact: true }).inputValue(), /^Announcing the spring sale\./);

  await page.close();
  page = await openTab(browser.context, `${server.url}/`, errors);
  await page.locator("#inbox-list li a").click();
  assert.equal(page.url(), threadUrl);
  await page.getByLabel("Text to revise", { exact: true }).fill("Spring sale: 20% off.");
  await page.getByRole("button", { name: "Approve with edits" }).click();
  await page.locator("section.result").waitFor();
  assert.match(await text(page.locator("section.result")), /Some text\s+Spring sale: 20% off\./);

  await page.reload();
  await page.locator("section.result").waitFor();
  assert.match(await text(page.locator("section.result")), /Spring sale: 20% off\./);
  assert.equal(await page.locator("#inbox-list li").count(), 0);
  assert.equal(await page.locator("ol.timeline li").count(), 5);
  assert.deepEqual(errors, []);
});

test("two tabs: the second sees new threads live, and cannot answer what the first already answered", async (t) => {
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const errors = [];
  const a = await openTab(browser.context, `${server.url}/`, errors);
  await startRun(a, "Assistant with tools");
  await a.locator("form.answer", { hasText: "Tool call 1 of 2" }).waitFor();
  const threadPath = new URL(a.url()).hash;

  const b = await openTab(browser.context, `${server.url}/${threadPath}`, errors);
  const formB = b.locator("form.answer", { hasText: "Tool call 1 of 2" });
  await formB.waitFor();

  // A new run in tab A shows up in tab B's inbox without a reload.
  await startRun(a, "Document revision", { Topic: "tabs" });
  await a.getByLabel("Text to revise", { exact: true }).waitFor();
  await b.locator("#inbox-count", { hasText: "2" }).waitFor();

  // B starts editing call 1; A approves call 1 as proposed. B keeps its edits and is told.
  await formB.getByLabel("Attendee").fill("someone.else@example.com");
  await a.goto(`${server.url}/${threadPath}`);
  await a.locator("form.answer", { hasText: "Tool call 1 of 2" }).getByRole("button", { name: "Approve" }).click();
  await a.locator("form.answer", { hasText: "Tool call 2 of 2" }).waitFor();
  await b.locator("#status", { hasText: "changed in another tab" }).waitFor();
  assert.equal(await formB.getByLabel("Attendee").inputValue(), "someone.else@example.com");

  // B's stale answer is refused (it would otherwise land on call 2, which has the same interrupt id).
  await formB.getByRole("button", { name: "Approve with edits" }).click();
  await b.locator("#status", { hasText: "already answered" }).waitFor();
  await b.locator("form.answer", { hasText: "Tool call 2 of 2" }).waitFor();
  await b.screenshot({ path: `${SHOTS}www-two-tabs.png` });

  await a.locator("form.answer", { hasText: "Tool call 2 of 2" }).getByRole("button", { name: "Reject" }).click();
  await a.locator("section.result").waitFor();
  // B was not editing: it redraws to the result on its own.
  await b.locator("section.result").waitFor();
  const result = await text(b.locator("section.result"));
  assert.match(result, /✓ Created "Meeting with Dana" with dana@example\.com/);
  assert.match(result, /✗ send_email rejected/);
  assert.doesNotMatch(result, /someone\.else/);
  assert.deepEqual(errors, []);
});
