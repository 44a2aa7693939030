//! `/threads/*` except runs: create (with `supersteps`), get, update, delete, search, count,
//! copy, and the thread's state (current, at a checkpoint, updates, history).

use serde_json::{json, Value};

use super::{no_route, paginated, to_json, Handled, Request, Response};
use crate::server::request as req;
use crate::server::{Server, ThreadSearch};

pub(super) async fn route(server: &Server, request: &Request, method: &str, rest: &[&str]) -> Handled {
    match (method, rest) {
        ("POST", []) => create(server, &request.json_body()?).await,
        ("POST", ["search"]) => {
            let query = req::thread_search(&request.json_body()?)?;
            let (offset, limit) = (query.offset.unwrap_or(0), query.limit.unwrap_or(10));
            let found = server.threads_search(&query).iter().map(to_json).collect();
            Ok(paginated(found, offset, limit))
        }
        ("POST", ["count"]) => {
            let query = ThreadSearch {
                limit: Some(usize::MAX),
                offset: None,
                ..req::thread_search(&request.json_body()?)?
            };
            Ok(Response::ok(json!(server.threads_search(&query).len())))
        }
        ("GET", [id]) => Ok(Response::ok(to_json(&server.threads_get(id)?))),
        ("PATCH", [id]) => {
            let metadata = req::thread_update(&request.json_body()?)?;
            Ok(Response::ok(to_json(&server.threads_update(id, metadata)?)))
        }
        ("DELETE", [id]) => {
            server.threads_delete(id).await?;
            Ok(Response::empty(204))
        }
        ("POST", [id, "copy"]) => Ok(Response::ok(to_json(&server.threads_copy(id).await?))),
        ("GET", [id, "state"]) => {
            let state = server
                .threads_get_state(id, None, request.query_flag("subgraphs"), None)
                .await?;
            Ok(Response::ok(state))
        }
        ("GET", [id, "state", checkpoint_id]) => {
            let state = server
                .threads_get_state(id, Some(checkpoint_id), request.query_flag("subgraphs"), None)
                .await?;
            Ok(Response::ok(state))
        }
        ("POST", [id, "state", "checkpoint"]) => {
            let (checkpoint_id, checkpoint_ns, subgraphs) = req::state_at(&request.json_body()?)?;
            let state = server
                .threads_get_state(id, checkpoint_id.as_deref(), subgraphs, checkpoint_ns.as_deref())
                .await?;
            Ok(Response::ok(state))
        }
        ("POST", [id, "state"]) => {
            let update = req::state_update(&request.json_body()?)?;
            Ok(Response::ok(server.threads_update_state(id, update).await?))
        }
        ("GET", [id, "history"]) => {
            let query = json!({
                "limit": request.query_count("limit")?,
                "before": request.query_value("before"),
            });
            history(server, id, &query).await
        }
        ("POST", [id, "history"]) => history(server, id, &request.json_body()?).await,
        _ => Err(no_route(request)),
    }
}

/// `POST /threads`: the thread, then its `supersteps` applied in order (each update as
/// `updateState(values, as_node)`), as `threads.create({ graphId, supersteps })` sends them.
async fn create(server: &Server, body: &Value) -> Handled {
    let create = req::thread_create(body)?;
    let updates = req::supersteps(body)?;
    Ok(Response::ok(to_json(
        &server.threads_create_with(create, updates).await?,
    )))
}

async fn history(server: &Server, thread_id: &str, body: &Value) -> Handled {
    let states = server
        .threads_get_history(thread_id, &req::history_query(body)?)
        .await?;
    Ok(Response::ok(Value::Array(states)))
}
