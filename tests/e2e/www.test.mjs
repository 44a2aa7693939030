// The approval inbox (www/) in headless Chromium: runs started from the page wait in the inbox,
// their forms resume them, and the result, graph and history show what happened. Each test gets a
// fresh browser profile. Screenshots go to target/screenshots/ (looked at by a person, not compared).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser } from "../support/browser.mjs";
import { SHOTS, openTab, serveApp, startRun, text } from "./inbox.mjs";

let server;
before(async () => (server = await serveApp()));
after(() => server?.close());

/** A fresh browser with the app open; `errors` collects console errors and uncaught exceptions. */
async function openApp(t, viewport) {
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const errors = [];
  const page = await openTab(browser.context, `${server.url}/`, errors, viewport);
  return { page, errors };
}

test("a document revision waits in the inbox, and publishes the text as edited", async (t) => {
  const { page, errors } = await openApp(t);
  await startRun(page, "Document revision", { Topic: "the spring sale" });

  const inbox = page.locator("#inbox-list li");
  await inbox.first().waitFor();
  assert.equal(await inbox.count(), 1);
  assert.equal(await page.locator("#inbox-count").innerText(), "1");
  assert.match(await text(inbox.first()), /Post about the spring sale[\s\S]*Text to revise: “Announcing the spring sale\./);
  await page.screenshot({ path: `${SHOTS}www-inbox.png` });

  const form = page.locator("form.answer");
  const box = form.getByLabel("Text to revise", { exact: true });
  assert.match(await box.inputValue(), /^Announcing the spring sale\. We are happy to share/);
  assert.ok(await page.locator('svg.graph [data-node="human_node"]').evaluate((g) => g.classList.contains("paused")));
  await box.fill("Spring sale: everything is 20% off until Sunday.");
  assert.equal(await form.locator('[data-action="approve"]').innerText(), "Approve with edits");
  await page.locator("section.requests").screenshot({ path: `${SHOTS}www-resume-form.png` });
  await form.locator('[data-action="approve"]').click();

  const result = page.locator("section.result");
  await result.waitFor();
  assert.match(await text(result), /Some text\s+Spring sale: everything is 20% off until Sunday\./);
  assert.match(await text(result), /"words": 8/);
  assert.equal(await page.locator("#inbox-list li").count(), 0);
  assert.match(await text(page.locator("#status")), /Answer sent/);
  assert.match(await text(page.locator(".thread-head .badge")), /done/);

  // The graph reached its end and waits nowhere; the history has the run's checkpoints, newest first.
  assert.ok(await page.locator('svg.graph [data-node="__end__"]').evaluate((g) => g.classList.contains("reached")));
  assert.equal(await page.locator("svg.graph .node.paused").count(), 0);
  const steps = await page.locator("ol.timeline li .tl-line").allInnerTexts();
  assert.deepEqual(steps.map((s) => s.split(" · ")[0]), ["end of run", "next: publish", "next: human_node", "next: draft", "next: __start__"]);
  assert.match(steps[1], /changed: some_text/);
  await page.locator("ol.timeline li details").first().locator("summary").click();
  assert.match(await text(page.locator("ol.timeline li").first()), /"slug": "post-[0-9a-f]{6}"/);
  await page.locator("section.history").screenshot({ path: `${SHOTS}www-history.png` });
  assert.deepEqual(errors, []);
});

test("tool calls: an edited call runs with the edit, a rejected one does not run", async (t) => {
  const { page, errors } = await openApp(t);
  await startRun(page, "Assistant with tools");

  let form = page.locator("form.answer");
  await form.waitFor();
  assert.match(await text(form), /Approve create_event\?[\s\S]*Tool call 1 of 2/);
  // A reply needs words: the form says so and sends nothing.
  await form.locator('[data-action="reply"]').click();
  assert.equal(await text(form.getByRole("alert")), "Write a reply first");
  assert.match(await text(page.locator("form.answer h3")), /create_event/);

  await form.getByLabel("Attendee").fill("dana.work@example.com");
  await form.getByLabel("Duration minutes").fill("45");
  await page.locator("section.graph-card").screenshot({ path: `${SHOTS}www-graph.png` });
  await form.getByRole("button", { name: "Approve with edits" }).click();

  // The same node asks its second question.
  form = page.locator("form.answer", { hasText: "Approve send_email?" });
  await form.waitFor();
  assert.match(await text(form), /Tool call 2 of 2/);
  assert.equal(await form.getByLabel("To", { exact: true }).inputValue(), "dana@example.com");
  await form.getByRole("button", { name: "Reject" }).click();

  const result = page.locator("section.result");
  await result.waitFor();
  const summary = await text(result);
  assert.match(summary, /✓ Created "Meeting with Dana" with dana\.work@example\.com at Tuesday 10:00 \(45 min\)/);
  assert.match(summary, /✗ send_email rejected/);
  assert.doesNotMatch(summary, /Sent "/);
  assert.ok(await page.locator('svg.graph [data-node="__end__"]').evaluate((g) => g.classList.contains("reached")));
  assert.deepEqual(errors, []);
});

test("a refund stops at its breakpoint: an edited amount is refunded, a declined refund is not", async (t) => {
  const { page, errors } = await openApp(t);
  await startRun(page, "Refund (breakpoint)", { Order: "A-1001", Reason: "Arrived damaged" });

  let form = page.locator("form.answer");
  await form.waitFor();
  assert.match(await text(form.locator("h3")), /Paused before issue_refund/);
  assert.equal(await form.getByLabel("Amount").inputValue(), "59.9");
  assert.ok(await page.locator('svg.graph [data-node="issue_refund"]').evaluate((g) => g.classList.contains("paused")));
  assert.match(await text(page.locator("#inbox-list li")), /Paused before issue_refund/);
  await form.getByLabel("Amount").fill("40");
  await page.locator("section.requests").screenshot({ path: `${SHOTS}www-breakpoint.png` });
  await form.getByRole("button", { name: "Save edits and continue" }).click();
  const result = page.locator("section.result");
  await result.waitFor();
  assert.match(await text(result), /Dear Dana Reyes, we refunded 40\.00 to your card \(R-[0-9a-f]{6}\)\./);
  assert.match(await text(page.locator("ol.timeline")), /State edited/);

  await startRun(page, "Refund (breakpoint)", { Order: "A-1002", Reason: "Arrived late" });
  form = page.locator("form.answer");
  await form.waitFor();
  assert.equal(await form.getByLabel("Amount").inputValue(), "60");
  await form.getByRole("button", { name: "Decline refund" }).click();
  await page.locator("section.result").waitFor();
  assert.match(await text(page.locator("section.result")), /Dear Sam Okafor, we could not refund order A-1002\./);
  assert.doesNotMatch(await text(page.locator("section.result")), /reference/);
  assert.equal(await page.locator("#inbox-list li").count(), 0);
  assert.equal(await page.locator("#others-list li").count(), 2);
  assert.deepEqual(errors, []);
});

test("on a phone-width screen: no sideways scrolling, labelled fields, answering by keyboard alone", async (t) => {
  const { page, errors } = await openApp(t, { width: 390, height: 844 });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const unlabelled = () =>
    page.evaluate(() => [...document.querySelectorAll("input, textarea, select")].filter((el) => el.labels.length === 0).map((el) => el.outerHTML));

  await page.getByLabel("Workflow").selectOption({ label: "Document revision" });
  await page.getByLabel("Topic", { exact: true }).fill("our new offline mode");
  assert.equal(await overflow(), 0);
  assert.deepEqual(await unlabelled(), []);
  await page.keyboard.press("Enter");

  // On a phone the open thread takes the screen, its title focused for screen readers.
  const box = page.getByLabel("Text to revise", { exact: true });
  await box.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "thread-title");
  assert.equal(await page.locator("nav.side").isVisible(), false);
  assert.equal(await overflow(), 0);
  assert.deepEqual(await unlabelled(), []);
  await page.screenshot({ path: `${SHOTS}www-phone-form.png`, fullPage: true });

  await box.focus();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(" Try it today.");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Approve with edits");
  await page.keyboard.press("Enter");
  await page.locator("section.result").waitFor();
  assert.match(await text(page.locator("section.result")), /available now, offline, in your browser\. Try it today\./);

  await page.getByRole("link", { name: "← Inbox" }).click();
  // The link changes the hash; the app shows the inbox on the \`hashchange\` that follows.
  await page.locator("nav.side").waitFor({ state: "visible" });
  assert.equal(await page.locator("nav.side").isVisible(), true);
  assert.match(await text(page.locator("#others-list")), /Post about our new offline mode[\s\S]*done/);
  assert.equal(await overflow(), 0);
  await page.screenshot({ path: `${SHOTS}www-phone-inbox.png`, fullPage: true });
  assert.deepEqual(errors, []);
});

test("once opened, the app loads again with its server gone (service worker)", async (t) => {
  const own = await serveApp();
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const errors = [];
  const page = await openTab(browser.context, `${own.url}/`, errors);
  // Set once the worker has cached what the page loaded.
  await page.locator("body[data-offline-ready]").waitFor();
  await own.close();

  await page.reload();
  await page.locator("body[data-ready]").waitFor();
  await startRun(page, "Document revision", { Topic: "offline" });
  await page.getByLabel("Text to revise", { exact: true }).waitFor();
  assert.match(await text(page.locator("#inbox-list")), /Post about offline/);
  assert.deepEqual(errors, []);
});
