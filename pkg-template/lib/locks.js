// Thread locks across tabs: a run holds its thread's lock while it is in flight, so two tabs can
// never run one thread at once. Web Locks where the browser has them; otherwise a lease record in
// the database's `meta` store, renewed while held and expiring if its tab dies.

const LEASE_MS = 10_000;
const POLL_MS = 100;

/** `{ tryLock(threadId), lock(threadId) }` resolving to a release function (or null), or null. */
export function threadLocks(database) {
  const lockName = (threadId) => `langgraph-wasm:${database}:thread:${threadId}`;
  if (globalThis.navigator?.locks?.request) return webLocks(lockName);
  if (globalThis.indexedDB) return leaseLocks(database, lockName);
  return null;
}

function webLocks(lockName) {
  const take = (threadId, options) =>
    new Promise((resolve, reject) => {
      navigator.locks
        .request(lockName(threadId), options, (lock) => {
          if (!lock) return resolve(null);
          // Held until the returned promise settles, i.e. until the run calls release().
          return new Promise((release) => resolve(release));
        })
        .catch(reject);
    });
  return {
    tryLock: (threadId) => take(threadId, { ifAvailable: true }),
    lock: (threadId) => take(threadId, {}),
  };
}

function leaseLocks(database, lockName) {
  const owner = crypto.randomUUID();
  let opened;
  const db = () =>
    (opened ??= new Promise((resolve, reject) => {
      // The client opened (and upgraded) the database before any run asks for a lock.
      const request = indexedDB.open(database);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }));
  // One readwrite transaction on the lease record: `decide(current, now)` returns the record to
  // put, `null` to delete it, or `undefined` to leave it; resolves to whether it wrote.
  const update = async (threadId, decide) => {
    const d = await db();
    return new Promise((resolve, reject) => {
      const tx = d.transaction("meta", "readwrite");
      const store = tx.objectStore("meta");
      const key = `lease:${lockName(threadId)}`;
      const get = store.get([key]);
      let wrote = false;
      get.onsuccess = () => {
        const next = decide(get.result, Date.now());
        if (next === undefined) return;
        wrote = true;
        if (next === null) store.delete([key]);
        else store.put({ key, ...next });
      };
      tx.oncomplete = () => resolve(wrote);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  };
  const acquire = (threadId) =>
    update(threadId, (current, now) =>
      !current || current.expires < now ? { owner, expires: now + LEASE_MS } : undefined,
    );
  const held = (threadId) => {
    const renew = setInterval(() => {
      update(threadId, (current, now) =>
        current?.owner === owner ? { owner, expires: now + LEASE_MS } : undefined,
      ).catch(() => {});
    }, LEASE_MS / 3);
    return () => {
      clearInterval(renew);
      update(threadId, (current) => (current?.owner === owner ? null : undefined)).catch(() => {});
    };
  };
  return {
    async tryLock(threadId) {
      return (await acquire(threadId)) ? held(threadId) : null;
    },
    async lock(threadId) {
      while (!(await acquire(threadId))) await new Promise((ok) => setTimeout(ok, POLL_MS));
      return held(threadId);
    },
  };
}
