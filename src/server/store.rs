//! The key-value store behind the SDK's `client.store` (`putItem`, `getItem`, `deleteItem`,
//! `searchItems`, `listNamespaces`): JSON-object values filed under a namespace (a path of labels)
//! and a key, validated and answered the way the LangGraph server does.
//!
//! It does not do semantic search (`query`), vector indexing (`index`), TTLs, `$`-operator
//! filters, or persistence: it lives in memory and is single-threaded (`RefCell` inside).

use std::cell::RefCell;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ServerError;
use crate::sorted::{sort_by, SortedSet};

/// Default `limit` of `searchItems`.
const SEARCH_LIMIT: usize = 10;
/// Default `limit` of `listNamespaces`.
const NAMESPACE_LIMIT: usize = 100;

/// One stored item, in the server's JSON shape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub namespace: Vec<String>,
    pub key: String,
    pub value: Value,
    pub created_at: String,
    pub updated_at: String,
}

impl Item {
    /// The item as a search result: its JSON plus `"score": null` (no semantic search here).
    pub fn to_search_value(&self) -> Value {
        let mut out = Map::new();
        let namespace = self.namespace.iter().cloned().map(Value::String).collect();
        out.insert("namespace".into(), Value::Array(namespace));
        out.insert("key".into(), Value::String(self.key.clone()));
        out.insert("value".into(), self.value.clone());
        out.insert("created_at".into(), Value::String(self.created_at.clone()));
        out.insert("updated_at".into(), Value::String(self.updated_at.clone()));
        out.insert("score".into(), Value::Null);
        Value::Object(out)
    }
}

/// Options of `searchItems` (`limit` defaults to 10, `offset` to 0).
#[derive(Clone, Debug, Default)]
pub struct SearchOptions {
    pub filter: Option<Map<String, Value>>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    pub query: Option<String>,
}

/// Options of `listNamespaces` (`limit` defaults to 100, `offset` to 0).
#[derive(Clone, Debug, Default)]
pub struct NamespaceOptions {
    pub prefix: Option<Vec<String>>,
    pub suffix: Option<Vec<String>>,
    pub max_depth: Option<usize>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// The in-memory store, keyed by `(namespace, key)`.
#[derive(Default)]
pub struct Store {
    pub(crate) items: RefCell<super::tracked::Tracked<(Vec<String>, String), Item>>,
}

impl Store {
    pub fn new() -> Self {
        Self::default()
    }

    /// Creates or replaces an item. Replacing keeps `created_at` and moves `updated_at`.
    pub fn put(&self, namespace: &[String], key: &str, value: Value) -> Result<Item, ServerError> {
        validate_namespace(namespace)?;
        if namespace.first().is_some_and(|root| root == "langgraph") {
            return Err(ServerError::Unprocessable(format!(
                "Root label for namespace cannot be \"langgraph\". Got: {}",
                namespace.join(".")
            )));
        }
        if !value.is_object() {
            return Err(ServerError::Unprocessable(
                "Store item value must be a JSON object".into(),
            ));
        }
        let mut items = self.items.try_borrow_mut().map_err(|_| busy())?;
        let now = super::now();
        let id = (namespace.to_vec(), key.to_string());
        let created_at = items.get(&id).map_or_else(|| now.clone(), |old| old.created_at.clone());
        let item = Item {
            namespace: namespace.to_vec(),
            key: key.to_string(),
            value,
            created_at,
            updated_at: now,
        };
        items.insert(id, item.clone());
        Ok(item)
    }

    /// The item, or `None` when there is none.
    pub fn get(&self, namespace: &[String], key: &str) -> Result<Option<Item>, ServerError> {
        validate_namespace(namespace)?;
        let items = self.items.try_borrow().map_err(|_| busy())?;
        Ok(items.get(&(namespace.to_vec(), key.to_string())).cloned())
    }

    /// Removes the item; removing a missing item is not an error.
    pub fn delete(&self, namespace: &[String], key: &str) -> Result<(), ServerError> {
        validate_namespace(namespace)?;
        let mut items = self.items.try_borrow_mut().map_err(|_| busy())?;
        items.remove(&(namespace.to_vec(), key.to_string()));
        Ok(())
    }

    /// Items whose namespace starts with `prefix` (an empty prefix matches all) and whose value
    /// holds every `filter` entry (JSON equality; a missing field never matches). Ordered by
    /// `updated_at` newest first, then key, then namespace; `offset`/`limit` apply last.
    pub fn search(&self, prefix: &[String], options: &SearchOptions) -> Result<Vec<Item>, ServerError> {
        if options.query.as_deref().is_some_and(|q| !q.trim().is_empty()) {
            return Err(ServerError::Unprocessable("semantic search is not configured".into()));
        }
        if !prefix.is_empty() {
            validate_namespace(prefix)?;
        }
        let items = self.items.try_borrow().map_err(|_| busy())?;
        let mut found: Vec<&Item> = items
            .values()
            .filter(|item| item.namespace.starts_with(prefix))
            .filter(|item| {
                options
                    .filter
                    .as_ref()
                    .is_none_or(|filter| matches_filter(&item.value, filter))
            })
            .collect();
        sort_by(&mut found, |a, b| {
            b.updated_at
                .cmp(&a.updated_at)
                .then_with(|| a.key.cmp(&b.key))
                .then_with(|| a.namespace.cmp(&b.namespace))
        });
        let offset = options.offset.unwrap_or(0);
        let limit = options.limit.unwrap_or(SEARCH_LIMIT);
        Ok(found.into_iter().skip(offset).take(limit).cloned().collect())
    }

    /// Distinct namespaces holding at least one item, matching `prefix` and `suffix` (`"*"`
    /// matches any label; an empty list means no condition), cut to `max_depth` labels and
    /// deduplicated, sorted, then `offset`/`limit`.
    pub fn list_namespaces(&self, options: &NamespaceOptions) -> Result<Vec<Vec<String>>, ServerError> {
        let prefix = options.prefix.as_deref().unwrap_or_default();
        let suffix = options.suffix.as_deref().unwrap_or_default();
        for path in [prefix, suffix] {
            if !path.is_empty() {
                validate_namespace(path)?;
            }
        }
        if options.max_depth == Some(0) {
            return Err(ServerError::Unprocessable("max_depth must be at least 1".into()));
        }
        let items = self.items.try_borrow().map_err(|_| busy())?;
        let namespaces: SortedSet<Vec<String>> = items
            .values()
            .map(|item| &item.namespace)
            .filter(|ns| ns.len() >= prefix.len() && labels_match(ns.iter().zip(prefix)))
            .filter(|ns| ns.len() >= suffix.len() && labels_match(ns.iter().rev().zip(suffix.iter().rev())))
            .map(|ns| match options.max_depth {
                Some(depth) => ns.iter().take(depth).cloned().collect(),
                None => ns.clone(),
            })
            .collect();
        let offset = options.offset.unwrap_or(0);
        let limit = options.limit.unwrap_or(NAMESPACE_LIMIT);
        Ok(namespaces.into_iter().skip(offset).take(limit).collect())
    }
}

fn busy() -> ServerError {
    ServerError::Conflict("store is busy".into())
}

/// The JS server's check: a namespace is required (400) and no label is empty or has a `.` (422).
fn validate_namespace(namespace: &[String]) -> Result<(), ServerError> {
    if namespace.is_empty() {
        return Err(ServerError::BadRequest("Namespace is required".into()));
    }
    if namespace.iter().any(|label| label.is_empty() || label.contains('.')) {
        return Err(ServerError::Unprocessable(format!(
            "Namespace labels cannot be empty or contain periods. Received: {}",
            namespace.join(".")
        )));
    }
    Ok(())
}

/// Whether each `(label, pattern label)` pair matches (`"*"` matches any label).
fn labels_match<'a>(mut pairs: impl Iterator<Item = (&'a String, &'a String)>) -> bool {
    pairs.all(|(label, want)| want == "*" || label == want)
}

fn matches_filter(value: &Value, filter: &Map<String, Value>) -> bool {
    filter.iter().all(|(key, want)| value.get(key) == Some(want))
}

/// The server's store as nodes reach it (`runtime.store`).
struct NodeStore(super::Server);

fn failure(e: ServerError) -> crate::pregel::NodeFailure {
    crate::pregel::NodeFailure {
        name: e.name().to_string(),
        message: e.message(),
    }
}

impl crate::pregel::GraphStore for NodeStore {
    fn get(&self, namespace: &[String], key: &str) -> Result<Option<Value>, crate::pregel::NodeFailure> {
        let item = self.0.store().get(namespace, key).map_err(failure)?;
        Ok(item.map(|i| serde_json::to_value(i).unwrap_or(Value::Null)))
    }

    fn put(&self, namespace: &[String], key: &str, value: Value) -> Result<(), crate::pregel::NodeFailure> {
        super::request::check_depth("value", &value).map_err(failure)?;
        self.0.store().put(namespace, key, value).map(drop).map_err(failure)
    }

    fn delete(&self, namespace: &[String], key: &str) -> Result<(), crate::pregel::NodeFailure> {
        self.0.store().delete(namespace, key).map_err(failure)
    }

    fn search(&self, prefix: &[String], options: &Value) -> Result<Vec<Value>, crate::pregel::NodeFailure> {
        let options = super::request::search_options(options).map_err(failure)?;
        let items = self.0.store().search(prefix, &options).map_err(failure)?;
        Ok(items.iter().map(Item::to_search_value).collect())
    }

    fn list_namespaces(&self, options: &Value) -> Result<Vec<Vec<String>>, crate::pregel::NodeFailure> {
        let options = super::request::namespace_options(options).map_err(failure)?;
        self.0.store().list_namespaces(&options).map_err(failure)
    }
}

/// A handle on the server's store for a run's nodes.
pub(crate) fn node_store(server: &super::Server) -> crate::pregel::StoreHandle {
    crate::pregel::StoreHandle(std::rc::Rc::new(NodeStore(server.clone())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ns(path: &str) -> Vec<String> {
        path.split('/').filter(|l| !l.is_empty()).map(str::to_string).collect()
    }

    /// A search's keys, in order.
    fn found(store: &Store, prefix: &str, options: SearchOptions) -> Vec<String> {
        let items = store.search(&ns(prefix), &options).unwrap();
        items.into_iter().map(|i| i.key).collect()
    }

    /// `list_namespaces`, each namespace joined with `/`.
    fn listed(store: &Store, options: NamespaceOptions) -> Vec<String> {
        let namespaces = store.list_namespaces(&options).unwrap();
        namespaces.iter().map(|n| n.join("/")).collect()
    }

    fn search_opts(set: impl FnOnce(&mut SearchOptions)) -> SearchOptions {
        let mut options = SearchOptions::default();
        set(&mut options);
        options
    }

    fn ns_opts(set: impl FnOnce(&mut NamespaceOptions)) -> NamespaceOptions {
        let mut options = NamespaceOptions::default();
        set(&mut options);
        options
    }

    fn seeded() -> Store {
        let store = Store::new();
        let x = json!({"kind": "x"});
        let a = json!({"kind": "x", "n": {"d": 1}});
        for (path, key, value) in [
            ("users/alice/prefs", "a", a),
            ("users/bob/prefs", "b", json!({"kind": "y"})),
            ("users/alice/notes", "c", x.clone()),
            ("docs", "d", x),
        ] {
            store.put(&ns(path), key, value).unwrap();
        }
        store
    }

    #[test]
    fn put_then_get_round_trips() {
        let store = Store::new();
        let put = store.put(&ns("a/b"), "k", json!({"x": 1})).unwrap();
        let got = store.get(&ns("a/b"), "k").unwrap().unwrap();
        assert_eq!(put, got);
        assert_eq!(got.value, json!({"x": 1}));
        assert_eq!(got.created_at, got.updated_at);
        assert!(got.created_at.ends_with("+00:00"), "{}", got.created_at);
        assert_eq!(serde_json::to_value(&got).unwrap()["namespace"], json!(["a", "b"]));
    }

    #[test]
    fn put_keeps_created_at_and_bumps_updated_at() {
        let store = Store::new();
        let first = store.put(&ns("a"), "k", json!({"v": 1})).unwrap();
        let second = store.put(&ns("a"), "k", json!({"v": 2})).unwrap();
        assert_eq!(second.created_at, first.created_at);
        assert!(second.updated_at > first.updated_at);
        assert_eq!(store.get(&ns("a"), "k").unwrap().unwrap().value, json!({"v": 2}));
    }

    #[test]
    fn get_of_missing_item_is_none() {
        assert_eq!(Store::new().get(&ns("a"), "nope").unwrap(), None);
    }

    #[test]
    fn delete_then_get_is_none_and_deleting_missing_is_fine() {
        let store = Store::new();
        store.put(&ns("a"), "k", json!({})).unwrap();
        store.delete(&ns("a"), "k").unwrap();
        assert_eq!(store.get(&ns("a"), "k").unwrap(), None);
        store.delete(&ns("a"), "k").unwrap();
        store.delete(&ns("never"), "x").unwrap();
    }

    #[test]
    fn invalid_namespaces_are_refused() {
        let store = Store::new();
        let required = ServerError::BadRequest("Namespace is required".into());
        assert_eq!(store.put(&[], "k", json!({})).unwrap_err(), required);
        for bad in [vec!["a".to_string(), String::new()], ns("a.b")] {
            let err = store.put(&bad, "k", json!({})).unwrap_err();
            assert_eq!(err.status(), 422, "{bad:?}");
            assert!(err.to_string().contains("cannot be empty or contain periods"));
            assert_eq!(store.get(&bad, "k").unwrap_err().status(), 422);
            assert_eq!(store.delete(&bad, "k").unwrap_err().status(), 422);
        }
        assert_eq!(store.put(&ns("langgraph/x"), "k", json!({})).unwrap_err().status(), 422);
        store.put(&ns("x/langgraph"), "k", json!({})).unwrap();
    }

    #[test]
    fn non_object_values_are_refused() {
        let store = Store::new();
        for value in [json!(null), json!(1), json!("s"), json!([1]), json!(true)] {
            let err = store.put(&ns("a"), "k", value).unwrap_err();
            assert!(matches!(&err, ServerError::Unprocessable(m) if m.contains("must be a JSON object")));
        }
        assert_eq!(store.get(&ns("a"), "k").unwrap(), None);
    }

    #[test]
    fn search_matches_namespace_prefix() {
        let store = seeded();
        let all = SearchOptions::default;
        assert_eq!(found(&store, "", all()), ["d", "c", "b", "a"]);
        assert_eq!(found(&store, "users", all()), ["c", "b", "a"]);
        assert_eq!(found(&store, "users/alice", all()), ["c", "a"]);
        // A prefix matches whole labels, not the start of a label.
        assert!(found(&store, "user", all()).is_empty());
        assert_eq!(store.search(&ns("a.b"), &all()).unwrap_err().status(), 422);
    }

    #[test]
    fn search_filters_on_value_equality() {
        let store = seeded();
        let filter = |f: Value| search_opts(|o| o.filter = f.as_object().cloned());
        assert_eq!(found(&store, "users", filter(json!({"kind": "x"}))), ["c", "a"]);
        assert_eq!(found(&store, "", filter(json!({"kind": "x", "n": {"d": 1}}))), ["a"]);
        assert!(found(&store, "", filter(json!({"n": {"d": 2}}))).is_empty());
        assert!(found(&store, "", filter(json!({"missing": null}))).is_empty());
    }

    #[test]
    fn search_orders_newest_first_then_pages() {
        let store = seeded();
        store.put(&ns("users/alice/prefs"), "a", json!({"kind": "x"})).unwrap();
        assert_eq!(found(&store, "", SearchOptions::default()), ["a", "d", "c", "b"]);
        let page = search_opts(|o| (o.limit, o.offset) = (Some(2), Some(1)));
        assert_eq!(found(&store, "", page), ["d", "c"]);
        assert!(found(&store, "", search_opts(|o| o.offset = Some(10))).is_empty());
        for i in 0..12 {
            store.put(&ns("many"), &format!("k{i:02}"), json!({})).unwrap();
        }
        assert_eq!(found(&store, "many", SearchOptions::default()).len(), 10);
    }

    #[test]
    fn search_with_query_is_refused() {
        let store = seeded();
        let err = store
            .search(&[], &search_opts(|o| o.query = Some("hello".into())))
            .unwrap_err();
        assert_eq!(
            err,
            ServerError::Unprocessable("semantic search is not configured".into())
        );
        assert_eq!(
            found(&store, "", search_opts(|o| o.query = Some(String::new()))).len(),
            4
        );
    }

    #[test]
    fn search_value_carries_null_score() {
        let item = seeded().get(&ns("docs"), "d").unwrap().unwrap();
        let mut expected = serde_json::to_value(&item).unwrap();
        expected["score"] = Value::Null;
        assert_eq!(item.to_search_value(), expected);
    }

    #[test]
    fn list_namespaces_filters_by_prefix_and_suffix() {
        let store = seeded();
        let all = ["docs", "users/alice/notes", "users/alice/prefs", "users/bob/prefs"];
        assert_eq!(listed(&store, NamespaceOptions::default()), all);
        let prefix = |p: &str| ns_opts(|o| o.prefix = Some(ns(p)));
        let suffix = |s: &str| ns_opts(|o| o.suffix = Some(ns(s)));
        let alice = ["users/alice/notes", "users/alice/prefs"];
        assert_eq!(listed(&store, prefix("users/alice")), alice);
        assert_eq!(
            listed(&store, suffix("prefs")),
            ["users/alice/prefs", "users/bob/prefs"]
        );
        assert_eq!(listed(&store, suffix("docs")), ["docs"]);
        assert!(listed(&store, prefix("docs/x")).is_empty());
        assert_eq!(listed(&store, prefix("")), all);
        assert_eq!(store.list_namespaces(&suffix("a.b")).unwrap_err().status(), 422);
    }

    #[test]
    fn list_namespaces_wildcard_matches_any_label() {
        let store = seeded();
        let prefix = ns_opts(|o| o.prefix = Some(ns("users/*/prefs")));
        assert_eq!(listed(&store, prefix), ["users/alice/prefs", "users/bob/prefs"]);
        let suffix = ns_opts(|o| o.suffix = Some(ns("alice/*")));
        assert_eq!(listed(&store, suffix), ["users/alice/notes", "users/alice/prefs"]);
    }

    #[test]
    fn list_namespaces_max_depth_truncates_and_dedups() {
        let store = seeded();
        let depth = |d| ns_opts(|o| o.max_depth = Some(d));
        assert_eq!(listed(&store, depth(1)), ["docs", "users"]);
        assert_eq!(listed(&store, depth(2)), ["docs", "users/alice", "users/bob"]);
        assert_eq!(store.list_namespaces(&depth(0)).unwrap_err().status(), 422);
        // Deleting a namespace's last item drops it from the listing.
        store.delete(&ns("docs"), "d").unwrap();
        assert_eq!(listed(&store, depth(1)), ["users"]);
    }

    #[test]
    fn list_namespaces_pages_with_limit_and_offset() {
        let store = seeded();
        let page = ns_opts(|o| (o.limit, o.offset) = (Some(2), Some(1)));
        assert_eq!(listed(&store, page), ["users/alice/notes", "users/alice/prefs"]);
        assert!(listed(&store, ns_opts(|o| o.offset = Some(9))).is_empty());
    }

    #[test]
    fn busy_store_is_a_conflict_not_a_panic() {
        let store = seeded();
        let _held = store.items.borrow_mut();
        assert_eq!(store.get(&ns("docs"), "d").unwrap_err().status(), 409);
        assert_eq!(store.put(&ns("docs"), "d", json!({})).unwrap_err(), busy());
    }
}
