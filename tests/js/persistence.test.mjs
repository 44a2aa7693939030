// The IndexedDB-backed Client in headless Chromium: threads survive reloads and closed pages
// (at their last committed superstep), two pages never run one thread at once, and the
// assistants users create survive reloads with every version.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { inPage, persistPages, ready, reload } from "../support/persist-page.mjs";

let pages;
before(async () => (pages = await persistPages()));
after(() => pages?.close());

const open = (db, options) => pages.open(db, options);
const freshDb = () => pages.freshDb();

describe("IndexedDB-backed Client in Chromium", () => {
  for (const durability of ["sync", "async"]) {
    test(`the seed flow survives a reload (durability ${durability}): status, interrupts and history are there, resume gives the edited text`, async () => {
      const page = await open(freshDb());
      const { thread_id, paused } = await inPage(page, async (lg, durability) => {
        const thread = await lg.client.threads.create();
        const paused = await lg.client.runs.wait(thread.thread_id, "agent", { input: { some_text: "original text" }, durability });
        return { thread_id: thread.thread_id, paused };
      }, durability);
      assert.deepEqual(paused.__interrupt__[0].value, { text_to_revise: "original text" });

      await page.reload();
      await ready(page);
      const after = await inPage(page, async (lg, id) => ({
        thread: await lg.client.threads.get(id),
        waiting: (await lg.client.threads.search({ status: "interrupted" })).map((t) => t.thread_id),
        runs: (await lg.client.runs.list(id)).map((r) => r.status),
        history: (await lg.client.threads.getHistory(id)).length,
      }), thread_id);
      assert.equal(after.thread.status, "interrupted");
      assert.deepEqual(Object.values(after.thread.interrupts)[0][0].value, { text_to_revise: "original text" });
      assert.deepEqual(after.waiting, [thread_id]);
      assert.deepEqual(after.runs, ["success"]);
      assert.ok(after.history >= 2);

      const done = await inPage(page, (lg, { id, durability }) =>
        lg.client.runs.wait(id, "agent", { command: { resume: "Edited text" }, durability }), { id: thread_id, durability });
      assert.deepEqual(done, { some_text: "Edited text" });
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }

  const closes = [70, 150, 230].map((ms) => [ms, "sync"]).concat([[150, "async"]]);
  for (const [closeAfterMs, durability] of closes) {
    test(`a page closed mid-run (after ${closeAfterMs} ms, durability ${durability}) leaves the thread at its last committed superstep`, async () => {
      const db = freshDb();
      const page = await open(db);
      const thread_id = await inPage(page, async (lg, durability) => {
        const thread = await lg.client.threads.create();
        await lg.client.runs.create(thread.thread_id, "slow", { input: { log: [] }, context: { delay: 40 }, durability });
        return thread.thread_id;
      }, durability);
      await new Promise((ok) => setTimeout(ok, closeAfterMs));
      await page.close();

      const again = await open(db);
      const seen = await inPage(again, async (lg, id) => {
        const state = await lg.client.threads.getState(id);
        const history = await lg.client.threads.getHistory(id, { limit: 100 });
        return {
          status: (await lg.client.threads.get(id)).status,
          runs: (await lg.client.runs.list(id)).map((r) => r.status),
          log: state.values.log,
          next: state.next,
          tasks: state.tasks,
          history: history.map((h) => ({ log: h.values.log ?? [], next: h.next, step: h.metadata.step })),
        };
      }, thread_id);
      const steps = seen.log.length;
      assert.ok(steps < 6, `closed after ${closeAfterMs} ms, yet all steps ran: ${seen.log}`);
      // Whole supersteps only: the log is n1..nk, and the next node is n(k+1).
      assert.deepEqual(seen.log, Array.from({ length: steps }, (_, i) => `n${i + 1}`));
      assert.deepEqual(seen.next, [`n${steps + 1}`], JSON.stringify(seen));
      for (const h of seen.history) {
        assert.deepEqual(h.log, Array.from({ length: h.log.length }, (_, i) => `n${i + 1}`), "every checkpoint is whole");
      }
      // The run of the closed page is over, and the thread can be continued.
      assert.equal(seen.status, "idle");
      assert.deepEqual(seen.runs, ["error"]);
      const done = await inPage(again, (lg, id) => lg.client.runs.wait(id, "slow", { input: null, context: { delay: 1 } }), thread_id);
      assert.deepEqual(done.log, ["n1", "n2", "n3", "n4", "n5", "n6"]);
      assert.deepEqual(again.errors, []);
      await again.close();
    });
  }

  for (const noWebLocks of [false, true]) {
    const how = noWebLocks ? "an IndexedDB lease (no Web Locks)" : "Web Locks";
    test(`two pages on one thread, with ${how}: reject refuses, enqueue waits, nothing is lost`, async () => {
      const db = freshDb();
      const a = await open(db, { noWebLocks });
      const b = await open(db, { noWebLocks });
      const thread_id = await inPage(a, async (lg) => (await lg.client.threads.create()).thread_id);
      // A runs the slow graph; B tries the same thread while it runs.
      await inPage(a, (lg, id) => {
        window.running = lg.client.runs.wait(id, "slow", { input: { log: ["a"] }, context: { delay: 60 } });
      }, thread_id);
      // Polling on a timer: the default (animation frames) never fires in a page in the background.
      await a.waitForFunction(async (id) => (await window.lg.client.threads.get(id)).status === "busy", thread_id, { polling: 20 });
      const rejected = await inPage(b, async (lg, id) => {
        try {
          await lg.client.runs.wait(id, "slow", { input: { log: ["b"] }, context: { delay: 1 } });
          return null;
        } catch (e) {
          return { name: e.name, status: e.status };
        }
      }, thread_id);
      assert.equal(rejected?.name, "ThreadBusyError");
      const queued = await inPage(b, (lg, id) =>
        lg.client.runs.wait(id, "slow", { input: { log: ["b"] }, context: { delay: 1 }, multitaskStrategy: "enqueue" }), thread_id);
      const first = await a.evaluate(() => window.running);
      assert.deepEqual(first.log, ["a", "n1", "n2", "n3", "n4", "n5", "n6"]);
      // B's run started after A's finished, on top of A's result.
      assert.deepEqual(queued.log, [...first.log, "b", "n1", "n2", "n3", "n4", "n5", "n6"]);
      assert.deepEqual([...a.errors, ...b.errors], []);
      await a.close();
      await b.close();
    });
  }

  test("two pages answer one interrupt at once: exactly one resume wins, the other page hears of it", async () => {
    const db = freshDb();
    const a = await open(db);
    const b = await open(db);
    const thread_id = await inPage(a, async (lg) => {
      const t = await lg.client.threads.create();
      await lg.client.runs.wait(t.thread_id, "agent", { input: { some_text: "original text" } });
      return t.thread_id;
    });
    const attempt = (page, text) =>
      inPage(page, async (lg, [id, text]) => {
        try {
          return { ok: await lg.client.runs.wait(id, "agent", { command: { resume: text } }) };
        } catch (e) {
          return { error: e.name };
        }
      }, [thread_id, text]);
    const results = await Promise.all([attempt(a, "from A"), attempt(b, "from B")]);
    const wins = results.filter((r) => r.ok);
    assert.equal(wins.length, 1, JSON.stringify(results));
    const loser = results.find((r) => r.error);
    // Refused while the winner runs, or — if it came just after — because nothing is pending.
    assert.ok(["ThreadBusyError", "NothingToResumeError"].includes(loser.error), JSON.stringify(results));
    const final = await inPage(b, async (lg, id) => (await lg.client.threads.getState(id)).values, thread_id);
    assert.deepEqual(final, wins[0].ok);
    // B heard about A's changes (or its own) through the broadcast channel.
    await b.waitForFunction((id) => window.lg.changes.some((c) => c.thread_id === id && c.status === "idle"), thread_id, { polling: 20 });
    await a.close();
    await b.close();
  });

  test("assistants survive a reload: get, search and getVersions give the same, runs use the config of the latest version", async () => {
    const db = freshDb();
    const page = await open(db);
    const before = await inPage(page, async (lg) => {
      const created = await lg.client.assistants.create({
        graphId: "echo",
        name: "writer",
        config: { configurable: { model: "v1" } },
        context: { tone: "warm" },
        metadata: { owner: "ann" },
      });
      const id = created.assistant_id;
      const updated = await lg.client.assistants.update(id, {
        config: { configurable: { model: "v2" } },
        metadata: { team: "x" },
      });
      const gone = await lg.client.assistants.create({ graphId: "echo", name: "temporary" });
      await lg.client.assistants.delete(gone.assistant_id);
      return {
        id,
        gone: gone.assistant_id,
        updated,
        get: await lg.client.assistants.get(id),
        search: await lg.client.assistants.search({ metadata: { owner: "ann" } }),
        versions: await lg.client.assistants.getVersions(id),
        count: await lg.client.assistants.count(),
      };
    });
    assert.equal(before.updated.version, 2);
    assert.deepEqual(before.versions.map((v) => v.version), [2, 1]);

    await reload(page);
    const after = await inPage(page, async (lg, ids) => ({
      get: await lg.client.assistants.get(ids.id),
      search: await lg.client.assistants.search({ metadata: { owner: "ann" } }),
      versions: await lg.client.assistants.getVersions(ids.id),
      count: await lg.client.assistants.count(),
      gone: await lg.client.assistants.get(ids.gone).then(() => "found", (e) => e.name),
      run: await lg.client.runs.wait(null, ids.id, { input: {} }),
      quarantined: lg.client.quarantined,
    }), before);
    assert.deepEqual(after.get, before.get);
    assert.equal(after.get.version, 2);
    assert.deepEqual(after.search, before.search);
    assert.deepEqual(after.versions, before.versions);
    assert.equal(after.count, before.count, "the deleted one stays deleted; the system assistants are there");
    assert.equal(after.gone, "NotFoundError");
    assert.deepEqual(after.run, { seen: { model: "v2", context: { tone: "warm" } } });
    assert.deepEqual(after.quarantined, []);

    // setLatest is kept too; the next update is version 3.
    await inPage(page, (lg, id) => lg.client.assistants.setLatest(id, 1), before.id);
    await reload(page);
    const latest = await inPage(page, async (lg, id) => ({
      version: (await lg.client.assistants.get(id)).version,
      run: await lg.client.runs.wait(null, id, { input: {} }),
      next: (await lg.client.assistants.update(id, { name: "editor" })).version,
    }), before.id);
    assert.deepEqual(latest, { version: 1, run: { seen: { model: "v1", context: { tone: "warm" } } }, next: 3 });
    assert.deepEqual(page.errors, []);
    await page.close();

    // A page without the assistant's graph still lists it; a run on it is the server's 404.
    const without = await open(db, { graphs: ["agent", "slow"] });
    const orphaned = await inPage(without, async (lg, id) => {
      const listed = (await lg.client.assistants.search({ graphId: "echo" })).map((a) => a.assistant_id);
      try {
        await lg.client.runs.wait(null, id, { input: {} });
        return { listed };
      } catch (e) {
        return { listed, name: e.name, message: e.message };
      }
    }, before.id);
    assert.deepEqual(orphaned, { listed: [before.id], name: "NotFoundError", message: 'HTTP 404: Graph "echo" not found' });
    await without.close();
  });
});
