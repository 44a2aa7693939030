//! Threads: creation, search, state updates, history.

use super::runs::{checkpoint_id, checkpoint_ns};
use super::{
    check_new_id, given, kind, object_body, one_of, opt_bool, opt_count, opt_object, opt_string, opt_strings,
    opt_value, refuse, sort_order,
};
use crate::server::{HistoryQuery, ServerError, ThreadCreate, ThreadSearch, ThreadStatus};
use serde_json::{Map, Value};

pub fn thread_create(body: &Value) -> Result<ThreadCreate, ServerError> {
    object_body(body, "the thread")?;
    let thread_id = opt_string(body, "thread_id")?;
    if let Some(id) = &thread_id {
        check_new_id("thread_id", id)?;
    }
    Ok(ThreadCreate {
        thread_id,
        metadata: opt_object(body, "metadata")?.unwrap_or_default(),
        if_exists_do_nothing: one_of(body, "if_exists", &[("raise", false), ("do_nothing", true)], false)?,
        graph_id: opt_string(body, "graph_id")?,
    })
}

/// One update of `threads.create`'s `supersteps`: `{values, as_node}`.
#[derive(Clone, Debug, PartialEq)]
pub struct SuperstepUpdate {
    pub values: Value,
    pub as_node: Option<String>,
}

/// `supersteps: [{updates: [{values, as_node}]}]`, in order.
pub fn supersteps(body: &Value) -> Result<Vec<SuperstepUpdate>, ServerError> {
    let steps = match given(body, "supersteps") {
        None => return Ok(Vec::new()),
        Some(Value::Array(steps)) => steps,
        Some(other) => return Err(refuse(format!("supersteps must be a list; got {}", kind(other)))),
    };
    let mut updates = Vec::new();
    for step in steps {
        let list = match given(step, "updates") {
            Some(Value::Array(list)) => list,
            _ => return Err(refuse("each superstep must be {updates: [{values, as_node}]}")),
        };
        for update in list {
            object_body(update, "a superstep update")?;
            if given(update, "command").is_some() {
                return Err(refuse(
                    "supersteps with a command are not supported; use values and as_node",
                ));
            }
            updates.push(SuperstepUpdate {
                values: opt_value(update, "values")?.unwrap_or(Value::Null),
                as_node: opt_string(update, "as_node")?,
            });
        }
    }
    Ok(updates)
}

/// `PATCH /threads/{id}`: the metadata to merge in.
pub fn thread_update(body: &Value) -> Result<Map<String, Value>, ServerError> {
    object_body(body, "the thread update")?;
    Ok(opt_object(body, "metadata")?.unwrap_or_default())
}

pub fn thread_status(name: &str) -> Result<ThreadStatus, ServerError> {
    serde_json::from_value(Value::String(name.to_string()))
        .map_err(|_| refuse(format!("unknown thread status '{name}'")))
}

pub fn thread_search(body: &Value) -> Result<ThreadSearch, ServerError> {
    object_body(body, "the search")?;
    Ok(ThreadSearch {
        metadata: opt_object(body, "metadata")?,
        values: opt_object(body, "values")?,
        ids: opt_strings(body, "ids")?,
        status: opt_string(body, "status")?.as_deref().map(thread_status).transpose()?,
        limit: opt_count(body, "limit")?,
        offset: opt_count(body, "offset")?,
        sort_by: one_of(
            body,
            "sort_by",
            &[
                ("thread_id", Some("thread_id")),
                ("created_at", Some("created_at")),
                ("updated_at", Some("updated_at")),
                ("status", Some("status")),
            ],
            None,
        )?
        .map(str::to_string),
        sort_order: sort_order(body)?,
    })
}

/// The body of `threads.getHistory`; `before` is a checkpoint id or a config holding one.
pub fn history_query(body: &Value) -> Result<HistoryQuery, ServerError> {
    object_body(body, "the history query")?;
    let before = match given(body, "before") {
        None => None,
        Some(Value::String(id)) => Some(id.clone()),
        Some(config @ Value::Object(_)) => {
            let configurable = given(config, "configurable").unwrap_or(&Value::Null);
            opt_string(configurable, "checkpoint_id").map_err(|e| refuse(format!("before.configurable.{e}")))?
        }
        Some(other) => {
            return Err(refuse(format!(
                "before must be a checkpoint id or a config; got {}",
                kind(other)
            )))
        }
    };
    Ok(HistoryQuery {
        limit: opt_count(body, "limit")?,
        before,
        metadata: opt_object(body, "metadata")?,
        checkpoint_ns: checkpoint_ns(body)?,
    })
}

/// The body of `threads.updateState`.
#[derive(Clone, Debug, PartialEq)]
pub struct StateUpdate {
    pub values: Value,
    pub as_node: Option<String>,
    pub checkpoint_id: Option<String>,
    pub checkpoint_ns: Option<String>,
}

pub fn state_update(body: &Value) -> Result<StateUpdate, ServerError> {
    object_body(body, "the state update")?;
    Ok(StateUpdate {
        values: opt_value(body, "values")?.unwrap_or(Value::Null),
        as_node: opt_string(body, "as_node")?,
        checkpoint_id: checkpoint_id(body)?,
        checkpoint_ns: checkpoint_ns(body)?,
    })
}

/// `POST /threads/{id}/state/checkpoint`: which checkpoint, and whether to include subgraphs.
pub fn state_at(body: &Value) -> Result<(Option<String>, Option<String>, bool), ServerError> {
    object_body(body, "the state query")?;
    Ok((
        checkpoint_id(body)?,
        checkpoint_ns(body)?,
        opt_bool(body, "subgraphs")?.unwrap_or(false),
    ))
}
