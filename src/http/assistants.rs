//! `/assistants/*`: create, get, update (a new version), delete, search, count, versions, set
//! the latest version, and an assistant's graph, schemas and subgraphs.

use serde_json::{json, Value};

use super::{no_route, paginated, to_json, Handled, Request, Response};
use crate::server::request as req;
use crate::server::{AssistantSearch, Server};

pub(super) async fn route(server: &Server, request: &Request, method: &str, rest: &[&str]) -> Handled {
    match (method, rest) {
        ("POST", []) => {
            let body = req::assistant_create(&request.json_body()?)?;
            Ok(Response::ok(to_json(&server.assistants_create(body).await?)))
        }
        ("POST", ["search"]) => {
            let query = req::assistant_search(&request.json_body()?)?;
            let (offset, limit) = (query.offset.unwrap_or(0), query.limit.unwrap_or(10));
            Ok(paginated(server.assistants_search(&query), offset, limit))
        }
        ("POST", ["count"]) => {
            let query = AssistantSearch {
                limit: None,
                offset: None,
                ..req::assistant_search(&request.json_body()?)?
            };
            Ok(Response::ok(json!(server.assistants_count(&query))))
        }
        ("GET", [id]) => Ok(Response::ok(to_json(&server.assistant(id)?))),
        ("PATCH", [id]) => {
            let patch = req::assistant_patch(&request.json_body()?)?;
            Ok(Response::ok(to_json(&server.assistants_update(id, patch).await?)))
        }
        ("DELETE", [id]) => {
            let deleted = server
                .assistants_delete(id, request.query_flag("delete_threads"))
                .await?;
            Ok(Response::ok(json!(deleted)))
        }
        ("POST", [id, "versions"]) => {
            let query = req::assistant_versions(&request.json_body()?)?;
            Ok(Response::ok(Value::Array(server.assistant_versions(id, &query)?)))
        }
        ("POST", [id, "latest"]) => {
            let version = req::assistant_latest(&request.json_body()?)?;
            Ok(Response::ok(to_json(&server.assistant_set_latest(id, version).await?)))
        }
        ("GET", [id, "graph"]) => Ok(Response::ok(server.assistant_graph(id).await?)),
        ("GET", [id, "schemas"]) => Ok(Response::ok(server.assistant_schemas(id).await?)),
        ("GET", [id, "subgraphs"]) => {
            let subgraphs = server
                .assistant_subgraphs(id, None, request.query_flag("recurse"))
                .await?;
            Ok(Response::ok(subgraphs))
        }
        ("GET", [id, "subgraphs", namespace]) => {
            let subgraphs = server
                .assistant_subgraphs(id, Some(namespace), request.query_flag("recurse"))
                .await?;
            Ok(Response::ok(subgraphs))
        }
        _ => Err(no_route(request)),
    }
}
