//! The key-value store a node can reach (LangGraph's `BaseStore`, `runtime.store`): JSON items
//! filed under a namespace and a key, shared across threads. The engine only passes it along
//! (in the run's config, so subgraphs share it); the server's store implements it.

use std::fmt;
use std::rc::Rc;

use serde_json::Value;

use super::types::NodeFailure;

/// A store for nodes. Items are returned as the server's JSON (`{namespace, key, value,
/// created_at, updated_at}`); options are the server's request bodies. A refusal is a named
/// failure the node may let propagate.
pub trait GraphStore {
    fn get(&self, namespace: &[String], key: &str) -> Result<Option<Value>, NodeFailure>;
    fn put(&self, namespace: &[String], key: &str, value: Value) -> Result<(), NodeFailure>;
    fn delete(&self, namespace: &[String], key: &str) -> Result<(), NodeFailure>;
    /// `options`: `{filter, limit, offset, query}`; the matching items.
    fn search(&self, prefix: &[String], options: &Value) -> Result<Vec<Value>, NodeFailure>;
    /// `options`: `{prefix, suffix, max_depth, limit, offset}`; the namespaces.
    fn list_namespaces(&self, options: &Value) -> Result<Vec<Vec<String>>, NodeFailure>;
}

/// A shared handle on a store, as a run's config carries it.
#[derive(Clone)]
pub struct StoreHandle(pub Rc<dyn GraphStore>);

impl fmt::Debug for StoreHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoreHandle")
    }
}

/// Two configs are equal whatever store they carry: the store is where a run may keep
/// things, not part of what it is asked to do.
impl PartialEq for StoreHandle {
    fn eq(&self, _: &StoreHandle) -> bool {
        true
    }
}

impl std::ops::Deref for StoreHandle {
    type Target = dyn GraphStore;
    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}
