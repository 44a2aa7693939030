// Refusals on the IndexedDB-backed Client in headless Chromium: a request that is refused — a
// bad command, a value too deep to store, a second tab answering what the first already answered
// — changes nothing, not even after a reload: the thread stays in the inbox
// (`threads.search({ status: "interrupted" })`) and the right answer still resumes it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, serveStatic } from "../support/browser.mjs";

let browser;
let server;

before(async () => {
  server = await serveStatic({ "/pkg/": "pkg", "/": "tests/js/pages" });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

let databases = 0;
const freshDb = () => `reliability-${process.pid}-${++databases}`;

async function open(db) {
  const page = await browser.context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e));
  await page.goto(`${server.url}/persist.html?db=${db}`);
  await page.waitForFunction(() => document.title === "ready", undefined, { polling: 20 });
  return page;
}

async function reload(page) {
  await page.reload();
  await page.waitForFunction(() => document.title === "ready", undefined, { polling: 20 });
}

/** Runs `fn(lg, arg)` in the page (`lg` is the page's `{ client, changes }`). */
const inPage = (page, fn, arg) =>
  page.evaluate(([src, a]) => new Function("lg", "a", `return (${src})(lg, a)`)(window.lg, a), [fn.toString(), arg]);

/** The thread as the inbox sees it: its record, whether it is listed as waiting, its runs. */
const inbox = (page, threadId) =>
  inPage(
    page,
    async (lg, id) => ({
      thread: await lg.client.threads.get(id),
      waiting: (await lg.client.threads.search({ status: "interrupted" })).map((t) => t.thread_id).includes(id),
      runs: (await lg.client.runs.list(id)).map((r) => [r.run_id, r.status]),
      history: (await lg.client.threads.getHistory(id)).length,
    }),
    threadId,
  );

async function pausedThread(page) {
  return inPage(page, async (lg) => {
    const { thread_id } = await lg.client.threads.create();
    await lg.client.runs.wait(thread_id, "agent", { input: { some_text: "original text" } });
    return thread_id;
  });
}

describe("refusals on IndexedDB change nothing, across reloads and tabs", () => {
  test("bad requests and a value too deep to store are refused; after a reload the thread is still waiting", async () => {
    const page = await open(freshDb());
    const threadId = await pausedThread(page);
    const before = await inbox(page, threadId);
    assert.equal(before.waiting, true);

    const refused = await inPage(
      page,
      async (lg, id) => {
        const deep = Array.from({ length: 127 }).reduce((inner) => [inner], 1);
        const attempts = [
          { command: { goto: "nowhere" } },
          { command: { update: "str" } },
          { command: { resume: { "0123456789abcdef0123456789abcdef": "x" } } },
          { checkpointId: "1ef4f797-8335-6428-8001-8a1503f9b875" },
          { input: 42 },
          { input: { data: deep } },
          { command: { resume: deep } },
        ];
        const names = [];
        for (const payload of attempts) {
          names.push(await lg.client.runs.wait(id, "agent", payload).then(() => "accepted", (e) => e.name));
        }
        names.push(await lg.client.threads.create({ metadata: { deep } }).then(() => "accepted", (e) => e.name));
        names.push(await lg.client.store.putItem(["a"], "k", { deep }).then(() => "accepted", (e) => e.name));
        return names;
      },
      threadId,
    );
    assert.deepEqual(refused, [
      "InvalidUpdateError",
      "UnprocessableEntityError",
      "AmbiguousResumeError",
      "NotFoundError",
      "UnprocessableEntityError",
      "UnprocessableEntityError",
      "UnprocessableEntityError",
      "UnprocessableEntityError",
      "UnprocessableEntityError",
    ]);
    assert.deepEqual(await inbox(page, threadId), before);

    await reload(page);
    assert.deepEqual(await inbox(page, threadId), before);
    const resumed = await inPage(page, (lg, id) => lg.client.runs.wait(id, "agent", { command: { resume: "Edited text" } }), threadId);
    assert.deepEqual(resumed, { some_text: "Edited text" });
    assert.deepEqual(page.errors, []);
  });

  test("a tab that answers what another tab already answered is refused and leaves the status alone", async () => {
    const db = freshDb();
    const first = await open(db);
    const threadId = await pausedThread(first);
    const second = await open(db);
    assert.equal((await inbox(second, threadId)).waiting, true, "the second tab sees the question");

    const won = await inPage(first, (lg, id) => lg.client.runs.wait(id, "agent", { command: { resume: "first" } }), threadId);
    assert.deepEqual(won, { some_text: "first" });
    const afterWin = await inbox(first, threadId);
    assert.equal(afterWin.thread.status, "idle");

    // The second tab answers too (a stale page, a double click): refused, nothing recorded.
    const lost = await inPage(
      second,
      (lg, id) => lg.client.runs.wait(id, "agent", { command: { resume: "second" } }).then(() => "accepted", (e) => e.name),
      threadId,
    );
    assert.equal(lost, "NothingToResumeError");
    for (const page of [second, first]) {
      const seen = await inbox(page, threadId);
      assert.equal(seen.thread.status, "idle");
      assert.deepEqual(seen.thread.values, { some_text: "first" });
      assert.deepEqual(seen.runs, afterWin.runs, "the losing tab added no run");
    }
    await reload(second);
    assert.deepEqual((await inbox(second, threadId)).runs, afterWin.runs);
    assert.equal((await inbox(second, threadId)).thread.status, "idle");
  });

  test("two tabs answering at once: one wins, the other is refused, the thread ends as the winner left it", async () => {
    const db = freshDb();
    const first = await open(db);
    const threadId = await pausedThread(first);
    const second = await open(db);
    const answer = (page, text) =>
      inPage(
        page,
        (lg, [id, t]) =>
          lg.client.runs.wait(id, "agent", { command: { resume: t } }).then((v) => v.some_text, (e) => e.name),
        [threadId, text],
      );
    const outcomes = await Promise.all([answer(first, "first"), answer(second, "second")]);
    const winners = outcomes.filter((o) => o === "first" || o === "second");
    assert.equal(winners.length, 1, JSON.stringify(outcomes));
    const loser = outcomes.find((o) => !winners.includes(o));
    assert.ok(["ThreadBusyError", "NothingToResumeError"].includes(loser), loser);
    await reload(first);
    const seen = await inbox(first, threadId);
    assert.equal(seen.thread.status, "idle");
    assert.deepEqual(seen.thread.values, { some_text: winners[0] });
    assert.deepEqual(seen.runs.map(([, status]) => status), ["success", "success"]);
  });
});
