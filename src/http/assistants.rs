//! `/assistants/*`: the system assistant of each registered graph (get, search, count, its
//! graph, schemas and subgraphs). Creating, editing and versioning assistants is not routed.

use serde_json::{json, Value};

use super::{no_route, paginated, to_json, Handled, Request, Response};
use crate::server::request as req;
use crate::server::{AssistantSearch, Server};

pub(super) async fn route(server: &Server, request: &Request, method: &str, rest: &[&str]) -> Handled {
    match (method, rest) {
        ("POST", ["search"]) => {
            let query = req::assistant_search(&request.json_body()?)?;
            let (offset, limit) = (query.offset.unwrap_or(0), query.limit.unwrap_or(10));
            let found = server.assistants_search(&query).iter().map(to_json).collect();
            Ok(paginated(found, offset, limit))
        }
        ("POST", ["count"]) => {
            let query = AssistantSearch {
                limit: Some(usize::MAX),
                offset: None,
                ..req::assistant_search(&request.json_body()?)?
            };
            Ok(Response::ok(json!(server.assistants_search(&query).len())))
        }
        ("GET", [id]) => Ok(Response::ok(to_json(server.assistant(id)?))),
        ("GET", [id, "graph"]) => Ok(Response::ok(server.assistant_graph(id)?)),
        ("GET", [id, "schemas"]) => Ok(Response::ok(server.assistant_schemas(id)?)),
        ("GET", [id, "subgraphs"]) => Ok(Response::ok(server.assistant_subgraphs(id)?)),
        ("GET", [id, "subgraphs", namespace]) => {
            let all = server.assistant_subgraphs(id)?;
            let one: serde_json::Map<String, Value> = all
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(ns, _)| ns.as_str() == *namespace)
                .map(|(ns, schema)| (ns.clone(), schema.clone()))
                .collect();
            Ok(Response::ok(Value::Object(one)))
        }
        _ => Err(no_route(request)),
    }
}
