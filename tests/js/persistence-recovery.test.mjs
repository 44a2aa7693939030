// The IndexedDB-backed Client in headless Chromium, with the values and records that used to
// break it: values as deep as the API accepts survive reloads in every store, and a record
// damaged on disk is quarantined and reported while every other thread (or assistant) keeps
// working.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { inPage, persistPages, reload } from "../support/persist-page.mjs";

let pages;
before(async () => (pages = await persistPages()));
after(() => pages?.close());

/** The page's `deep(levels)`, here. */
function deep(levels) {
  let value = [];
  for (let level = 1; level < levels; level++) value = level % 2 ? { d: value } : [value];
  return value;
}

describe("IndexedDB-backed Client in Chromium: deep values and damaged records", () => {
  test("values 100 levels deep in a run's input, an interrupt, a node's output, thread metadata and a store item survive reloads, and the seed flow resumes", async () => {
    const page = await pages.open(pages.freshDb());
    const thread_id = await inPage(page, async (lg) => {
      const thread = await lg.client.threads.create({ metadata: { deep: lg.deep(99) } });
      // The whole input is 100 levels deep; the interrupt wraps its value.
      await lg.client.runs.wait(thread.thread_id, "agent", { input: { some_text: lg.deep(99) } });
      await lg.client.store.putItem(["docs"], "deep", { d: lg.deep(99) });
      return thread.thread_id;
    });

    await reload(page);
    const reloaded = await inPage(page, async (lg, id) => ({
      metadata: (await lg.client.threads.get(id)).metadata.deep,
      values: (await lg.client.threads.getState(id)).values.some_text,
      interrupt: (await lg.client.threads.get(id)).interrupts,
      item: (await lg.client.store.getItem(["docs"], "deep")).value.d,
      kwargs: (await lg.client.runs.list(id)).length,
      quarantined: lg.client.quarantined,
    }), thread_id);
    assert.deepEqual(reloaded.metadata, deep(99));
    assert.deepEqual(reloaded.values, deep(99));
    assert.deepEqual(Object.values(reloaded.interrupt)[0][0].value, { text_to_revise: deep(99) });
    assert.deepEqual(reloaded.item, deep(99));
    assert.equal(reloaded.kwargs, 1);
    assert.deepEqual(reloaded.quarantined, []);

    // The resume answer is 100 levels deep, and so is what the node writes with it.
    const done = await inPage(page, (lg, id) =>
      lg.client.runs.wait(id, "agent", { command: { resume: lg.deep(100) } }), thread_id);
    assert.deepEqual(done, { some_text: deep(100) });
    await reload(page);
    const after = await inPage(page, async (lg, id) => ({
      state: (await lg.client.threads.getState(id)).values,
      status: (await lg.client.threads.get(id)).status,
    }), thread_id);
    assert.deepEqual(after, { state: { some_text: deep(100) }, status: "idle" });
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.warnings, []);
    await page.close();
  });

  test("damaged thread, run and checkpoint records: ready() resolves, the damage is reported, every other thread works", async () => {
    const page = await pages.open(pages.freshDb());
    const ids = await inPage(page, async (lg) => {
      const paused = async () => {
        const t = await lg.client.threads.create();
        await lg.client.runs.wait(t.thread_id, "agent", { input: { some_text: "original text" } });
        return t.thread_id;
      };
      const good = await paused();
      const badThread = await paused();
      const badCheckpoint = await paused();
      const [run] = await lg.client.runs.list(good);
      return { good, badThread, badCheckpoint, goodRun: run.run_id };
    });

    // Damage three records with raw IndexedDB, as a failing disk or a buggy script would.
    await inPage(page, (lg, ids) => new Promise((resolve, reject) => {
      const open = indexedDB.open(lg.database);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction(["threads", "runs", "checkpoints"], "readwrite");
        tx.objectStore("threads").put({ thread_id: ids.badThread, data: "{ not json" });
        tx.objectStore("runs").put({ run_id: ids.goodRun, thread_id: ids.good, data: "[[[" });
        const range = IDBKeyRange.bound([ids.badCheckpoint, ""], [ids.badCheckpoint, "", []]);
        const newest = tx.objectStore("checkpoints").openCursor(range, "prev");
        newest.onsuccess = () => {
          const row = newest.result.value;
          tx.objectStore("checkpoints").put({ ...row, data: "{ garbage" });
        };
        tx.oncomplete = () => (db.close(), resolve());
        tx.onerror = () => reject(tx.error);
      };
    }), ids);

    await reload(page);
    const report = await inPage(page, (lg) => lg.client.quarantined);
    assert.deepEqual(
      report.map((q) => [q.store, q.key]).sort(),
      [["runs", JSON.stringify([ids.goodRun])], ["threads", JSON.stringify([ids.badThread])]],
    );
    assert.ok(report.every((q) => q.error && q.quarantined_at), JSON.stringify(report));
    assert.ok(page.warnings.some((w) => w.includes(ids.badThread) && w.includes("quarantine")), page.warnings.join("\n"));

    const seen = await inPage(page, async (lg, ids) => {
      const attempt = async (fn) => {
        try {
          return { ok: await fn() };
        } catch (e) {
          return { name: e.name, message: e.message };
        }
      };
      return {
        goodResumed: await attempt(() => lg.client.runs.wait(ids.good, "agent", { command: { resume: "Edited text" } })),
        movedThread: await attempt(() => lg.client.threads.get(ids.badThread)),
        damagedState: await attempt(() => lg.client.threads.getState(ids.badCheckpoint)),
        damagedRun: await attempt(() => lg.client.runs.wait(ids.badCheckpoint, "agent", { command: { resume: "x" } })),
        damagedThread: await lg.client.threads.get(ids.badCheckpoint),
        others: (await lg.client.threads.search()).map((t) => t.thread_id).sort(),
      };
    }, ids);
    assert.deepEqual(seen.goodResumed, { ok: { some_text: "Edited text" } });
    assert.equal(seen.movedThread.name, "NotFoundError");
    assert.equal(seen.damagedState.name, "CorruptRecordError");
    assert.match(seen.damagedState.message, new RegExp(`checkpoint .* of thread "${ids.badCheckpoint}"`));
    assert.equal(seen.damagedRun.name, "CorruptRecordError", JSON.stringify(seen.damagedRun));
    // The thread says so, rather than staying busy after the run that failed on it.
    assert.equal(seen.damagedThread.status, "error");
    assert.equal(seen.damagedThread.error.error, "CorruptRecordError");
    assert.deepEqual(seen.others, [ids.good, ids.badCheckpoint].sort());
    assert.deepEqual(page.errors, []);

    // A later page has nothing new to warn about, and still lists what was moved.
    page.warnings.length = 0;
    await reload(page);
    assert.equal((await inPage(page, (lg) => lg.client.quarantined)).length, 2);
    assert.deepEqual(page.warnings, []);
    await page.close();
  });

  test("damaged assistant records: the assistant (or version) is quarantined and reported, every other assistant works", async () => {
    const page = await pages.open(pages.freshDb());
    const ids = await inPage(page, async (lg) => {
      const make = (name) =>
        lg.client.assistants.create({ graphId: "echo", name, config: { configurable: { model: name } } });
      const good = await make("good");
      await lg.client.assistants.update(good.assistant_id, { context: { tone: "v2" } });
      const bad = await make("bad");
      return { good: good.assistant_id, bad: bad.assistant_id };
    });

    // With raw IndexedDB: the bad assistant's record, and version 1 of the good one.
    await inPage(page, (lg, ids) => new Promise((resolve, reject) => {
      const open = indexedDB.open(lg.database);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction(["assistants", "assistant_versions"], "readwrite");
        tx.objectStore("assistants").put({ assistant_id: ids.bad, data: "{ not json" });
        tx.objectStore("assistant_versions").put({ assistant_id: ids.good, version: 1, data: "[[[" });
        tx.oncomplete = () => (db.close(), resolve());
        tx.onerror = () => reject(tx.error);
      };
    }), ids);

    await reload(page);
    const report = await inPage(page, (lg) => lg.client.quarantined);
    assert.deepEqual(
      report.map((q) => [q.store, q.key]).sort(),
      [
        // The bad assistant's own version goes with it: nothing could reach it any more.
        ["assistant_versions", JSON.stringify([ids.bad, 1])],
        ["assistant_versions", JSON.stringify([ids.good, 1])],
        ["assistants", JSON.stringify([ids.bad])],
      ].sort(),
    );
    assert.ok(report.every((q) => q.error && q.quarantined_at), JSON.stringify(report));
    assert.ok(page.warnings.some((w) => w.includes(ids.bad) && w.includes("quarantine")), page.warnings.join("\n"));

    const seen = await inPage(page, async (lg, ids) => ({
      good: await lg.client.assistants.get(ids.good),
      versions: (await lg.client.assistants.getVersions(ids.good)).map((v) => v.version),
      run: await lg.client.runs.wait(null, ids.good, { input: {} }),
      bad: await lg.client.assistants.get(ids.bad).then(() => "found", (e) => e.name),
      listed: (await lg.client.assistants.search({ graphId: "echo" }))
        .filter((a) => a.metadata.created_by !== "system")
        .map((a) => a.assistant_id),
      // The id is free again: a new assistant under it starts at version 1, alone.
      again: await lg.client.assistants.create({ graphId: "echo", assistantId: ids.bad }),
      againVersions: (await lg.client.assistants.getVersions(ids.bad)).map((v) => v.version),
    }), ids);
    assert.equal(seen.good.version, 2);
    assert.deepEqual(seen.versions, [2]);
    assert.deepEqual(seen.run, { seen: { model: "good", context: { tone: "v2" } } });
    assert.equal(seen.bad, "NotFoundError");
    assert.deepEqual(seen.listed, [ids.good]);
    assert.equal(seen.again.version, 1);
    assert.deepEqual(seen.againVersions, [1]);
    assert.deepEqual(page.errors, []);

    // A later page has nothing new to warn about, and still lists what was moved.
    page.warnings.length = 0;
    await reload(page);
    assert.equal((await inPage(page, (lg) => lg.client.quarantined)).length, 3);
    assert.deepEqual(page.warnings, []);
    await page.close();
  });
});
