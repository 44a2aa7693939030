//! `/store/*`: put, get, delete and search items, list namespaces.

use serde_json::{json, Value};

use super::{no_route, to_json, Handled, Request, Response};
use crate::server::request as req;
use crate::server::{Server, ServerError};

pub(super) async fn route(server: &Server, request: &Request, method: &str, rest: &[&str]) -> Handled {
    let store = server.store();
    match (method, rest) {
        ("PUT", ["items"]) => {
            let (namespace, key, value) = req::item_put(&request.json_body()?)?;
            store.put(&namespace, &key, value)?;
            Ok(Response::empty(204))
        }
        ("GET", ["items"]) => {
            // The SDK sends the namespace as its labels joined with dots.
            let namespace: Vec<String> = request
                .query_value("namespace")
                .filter(|ns| !ns.is_empty())
                .map(|ns| ns.split('.').map(str::to_string).collect())
                .unwrap_or_default();
            let key = request
                .query_value("key")
                .ok_or_else(|| ServerError::Unprocessable("key is required".into()))?;
            let item = store.get(&namespace, &key)?;
            Ok(Response::ok(item.as_ref().map(to_json).unwrap_or(Value::Null)))
        }
        ("DELETE", ["items"]) => {
            let (namespace, key) = req::item_id(&request.json_body()?)?;
            store.delete(&namespace, &key)?;
            Ok(Response::empty(204))
        }
        ("POST", ["items", "search"]) => {
            let body = request.json_body()?;
            let prefix = req::opt_strings(&body, "namespace_prefix")?.unwrap_or_default();
            let items = store.search(&prefix, &req::search_options(&body)?)?;
            let items: Vec<Value> = items.iter().map(|i| i.to_search_value()).collect();
            Ok(Response::ok(json!({ "items": items })))
        }
        ("POST", ["namespaces"]) => {
            let namespaces = store.list_namespaces(&req::namespace_options(&request.json_body()?)?)?;
            Ok(Response::ok(json!({ "namespaces": namespaces })))
        }
        _ => Err(no_route(request)),
    }
}
