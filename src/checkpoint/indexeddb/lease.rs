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

/// One readwrite transaction on the lease `name`: `decide(current, now)` returns the lease to
/// store, or `Some(None)` to delete it, or `None` to leave it. Resolves to whether it wrote.
async fn update(
    db: &LazyDb,
    name: &str,
    decide: impl FnOnce(Option<Lease>, f64) -> Option<Option<Lease>>,
) -> Result<bool, CheckpointError> {
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
    let wrote = match decide(current, js_sys::Date::now()) {
        None => false,
        Some(None) => {
            tx.delete(&store, idb::Query::Key(key(&[&k])))?;
            true
        }
        Some(Some(lease)) => {
            let value = record(&[
                ("key", JsValue::from_str(&k)),
                ("owner", JsValue::from_str(&lease.owner)),
                ("expires", JsValue::from_f64(lease.expires)),
            ]);
            tx.put(&store, &value)?;
            true
        }
    };
    tx.commit("updating a lease lock").await?;
    Ok(wrote)
}

/// Takes the lease for `owner` for `ttl_ms` if nobody holds it (or its holder's lease
/// expired). Resolves to whether `owner` took it.
pub async fn acquire(db: &LazyDb, name: &str, owner: &str, ttl_ms: f64) -> Result<bool, CheckpointError> {
    update(db, name, |current, now| match current {
        Some(lease) if lease.expires >= now => None,
        _ => Some(Some(Lease {
            owner: owner.to_string(),
            expires: now + ttl_ms,
        })),
    })
    .await
}

/// Extends the lease by `ttl_ms` from now if `owner` still holds it. Resolves to whether it did.
pub async fn renew(db: &LazyDb, name: &str, owner: &str, ttl_ms: f64) -> Result<bool, CheckpointError> {
    update(db, name, |current, now| match current {
        Some(lease) if lease.owner == owner => Some(Some(Lease {
            owner: lease.owner,
            expires: now + ttl_ms,
        })),
        _ => None,
    })
    .await
}

/// Gives the lease up if `owner` holds it. Resolves to whether it did.
pub async fn release(db: &LazyDb, name: &str, owner: &str) -> Result<bool, CheckpointError> {
    update(db, name, |current, _| match current {
        Some(lease) if lease.owner == owner => Some(None),
        _ => None,
    })
    .await
}
