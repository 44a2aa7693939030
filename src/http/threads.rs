//! `/threads/*` except runs: create (with `supersteps`), get, update, delete, search, count,
//! copy, and the thread's state (current, at a checkpoint, updates, history).

use serde_json::{json, Value};

use super::{no_route, paginated, to_json, wire, Handled, Request, Response};
use crate::server::{Server, ServerError, ThreadSearch};

pub(super) async fn route(server: &Server, request: &Request, method: &str, rest: &[&str]) -> Handled {
    match (method, rest) {
        ("POST", []) => create(server, &request.json_body()?).await,
        ("POST", ["search"]) => {
            let query = wire::thread_search(&request.json_body()?)?;
            let (offset, limit) = (query.offset.unwrap_or(0), query.limit.unwrap_or(10));
            let found = server.threads_search(&query).iter().map(to_json).collect();
            Ok(paginated(found, offset, limit))
        }
        ("POST", ["count"]) => {
            let query = ThreadSearch {
                limit: Some(usize::MAX),
                offset: None,
                ..wire::thread_search(&request.json_body()?)?
            };
            Ok(Response::ok(json!(server.threads_search(&query).len())))
        }
        ("GET", [id]) => Ok(Response::ok(to_json(&server.threads_get(id)?))),
        ("PATCH", [id]) => {
            let metadata = wire::object(&request.json_body()?, "metadata").unwrap_or_default();
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
            let body = request.json_body()?;
            let subgraphs = body.get("subgraphs").and_then(Value::as_bool).unwrap_or(false);
            let state = server
                .threads_get_state(
                    id,
                    wire::checkpoint_id(&body).as_deref(),
                    subgraphs,
                    wire::checkpoint_ns(&body).as_deref(),
                )
                .await?;
            Ok(Response::ok(state))
        }
        ("POST", [id, "state"]) => {
            let body = request.json_body()?;
            let saved = server
                .threads_update_state(
                    id,
                    body.get("values").cloned().unwrap_or(Value::Null),
                    wire::string(&body, "as_node").as_deref(),
                    wire::checkpoint_id(&body).as_deref(),
                    wire::checkpoint_ns(&body).as_deref(),
                )
                .await?;
            Ok(Response::ok(saved))
        }
        ("GET", [id, "history"]) => {
            let query = json!({
                "limit": request.query_value("limit").and_then(|l| l.parse::<u64>().ok()),
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
    let thread = server.threads_create(wire::thread_create(body))?;
    let steps = body.get("supersteps").and_then(Value::as_array).into_iter().flatten();
    for update in steps.flat_map(|s| s.get("updates").and_then(Value::as_array).into_iter().flatten()) {
        if update.get("command").is_some_and(|c| !c.is_null()) {
            return Err(ServerError::Unprocessable(
                "supersteps with a command are not supported; use values and as_node".into(),
            ));
        }
        server
            .threads_update_state(
                &thread.thread_id,
                update.get("values").cloned().unwrap_or(Value::Null),
                wire::string(update, "as_node").as_deref(),
                None,
                None,
            )
            .await?;
    }
    Ok(Response::ok(to_json(&server.threads_get(&thread.thread_id)?)))
}

async fn history(server: &Server, thread_id: &str, body: &Value) -> Handled {
    let states = server
        .threads_get_history(thread_id, &wire::history_query(body))
        .await?;
    Ok(Response::ok(Value::Array(states)))
}
