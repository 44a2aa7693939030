// Thread locks across tabs: a run holds its thread's lock while it is in flight, so two tabs can
// never run one thread at once. Web Locks where the browser has them; otherwise a lease record in
// the database's `meta` store, renewed while held and expiring if its tab dies (the lease's
// transactions are in wasm: src/checkpoint/indexeddb/lease.rs).
import { DatabaseHandle } from "../wasm/langgraph_wasm.js";

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
  // The lease transactions run in wasm, on the page's one connection to the database (the one
  // the client uses), under the schema that owns the `meta` store.
  const db = new DatabaseHandle(database);
  const held = (threadId) => {
    const name = lockName(threadId);
    const renew = setInterval(() => {
      db.leaseRenew(name, owner, LEASE_MS).catch(() => {});
    }, LEASE_MS / 3);
    return () => {
      clearInterval(renew);
      db.leaseRelease(name, owner).catch(() => {});
    };
  };
  return {
    async tryLock(threadId) {
      return (await db.leaseAcquire(lockName(threadId), owner, LEASE_MS)) ? held(threadId) : null;
    },
    async lock(threadId) {
      while (!(await db.leaseAcquire(lockName(threadId), owner, LEASE_MS))) await new Promise((ok) => setTimeout(ok, POLL_MS));
      return held(threadId);
    },
  };
}
