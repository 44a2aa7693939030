//! Lease locks in the `meta` store, for pages without Web Locks (`lib/locks.js` calls these
//! through the database handle): a lease names its owner and when it expires; its owner renews
//! it while it holds it, and a lease whose page died expires. Each operation is one readwrite
//! transaction on the page's shared connection, so it sees every other page's leases.

use wasm_bindgen::JsValue;

use super::db::LazyDb;
use super::record::{key, record};
use super::schema::stores;
use crate::checkpoint::CheckpointError;
use js_sys::Reflect;

/// A lease as stored.
struct Lease {
    owner: String,
    expires: f64,
}

fn stored_key(name: &str) -> String {
    format!("lease:{name}")
}

/// What to do with a lease.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LeaseOp {
    /// Take it for `ttl_ms` if nobody holds it (or its holder's lease expired).
    Acquire { ttl_ms: f64 },
    /// Extend it by `ttl_ms` from now if the owner still holds it.
    Renew { ttl_ms: f64 },
    /// Give it up if the owner holds it.
    Release,
}

/// Applies `op` for `owner` to the lease `name`, in one readwrite transaction. Resolves to
/// whether it did (took, renewed or released the lease).
pub async fn apply(db: &LazyDb, name: &str, owner: &str, op: LeaseOp) -> Result<bool, CheckpointError> {
    let db = db.get().await?;
    let tx = db.transaction(&[stores::META], true)?;
    let store = tx.store(stores::META)?;
    let k = stored_key(name);
    let current = tx
        .get(&store, &key(&[&k]))?
        .await
        .map_err(|e| tx.request_failed(e))?
        .and_then(|value| {
            Some(Lease {
                owner: Reflect::get(&value, &"owner".into()).ok()?.as_string()?,
                expires: Reflect::get(&value, &"expires".into()).ok()?.as_f64()?,
            })
        });
    let now = js_sys::Date::now();
    let held_by_owner = current.as_ref().is_some_and(|lease| lease.owner == owner);
    // The lease to store (`Some(None)`: delete it), or `None`: leave it.
    let next = match op {
        LeaseOp::Acquire { ttl_ms } if current.as_ref().is_none_or(|lease| lease.expires < now) => Some(Some(ttl_ms)),
        LeaseOp::Renew { ttl_ms } if held_by_owner => Some(Some(ttl_ms)),
        LeaseOp::Release if held_by_owner => Some(None),
        _ => None,
    };
    match next {
        None => {}
        Some(None) => tx.delete(&store, idb::Query::Key(key(&[&k])))?,
        Some(Some(ttl_ms)) => {
            let value = record(&[
                ("key", JsValue::from_str(&k)),
                ("owner", JsValue::from_str(owner)),
                ("expires", JsValue::from_f64(now + ttl_ms)),
            ]);
            tx.put(&store, &value)?;
        }
    }
    tx.commit("updating a lease lock").await?;
    Ok(next.is_some())
}

/// Takes the lease for `owner` for `ttl_ms` if nobody holds it (or its holder's lease
/// expired). Resolves to whether `owner` took it.
pub async fn acquire(db: &LazyDb, name: &str, owner: &str, ttl_ms: f64) -> Result<bool, CheckpointError> {
    apply(db, name, owner, LeaseOp::Acquire { ttl_ms }).await
}

/// Extends the lease by `ttl_ms` from now if `owner` still holds it. Resolves to whether it did.
pub async fn renew(db: &LazyDb, name: &str, owner: &str, ttl_ms: f64) -> Result<bool, CheckpointError> {
    apply(db, name, owner, LeaseOp::Renew { ttl_ms }).await
}

/// Gives the lease up if `owner` holds it. Resolves to whether it did.
pub async fn release(db: &LazyDb, name: &str, owner: &str) -> Result<bool, CheckpointError> {
    apply(db, name, owner, LeaseOp::Release).await
}
