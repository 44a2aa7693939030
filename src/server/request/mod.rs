//! The request model: what the Client and the HTTP API are asked to do, read once from the
//! LangGraph server's JSON shapes (snake_case) into typed, checked values. A field of the wrong
//! type or out of range is refused here — a 422 naming the field and what it got — never
//! quietly replaced by a default. Fields the server does not know are ignored, as its schemas
//! do.
//!
//! What needs the graph or the thread to check (node names, the pending interrupts a resume
//! answers, checkpoint ids) is checked by `Server::runs_create` before anything is recorded.
//!
//! This module holds the field readers every request uses; the requests themselves are in
//! `runs`, `threads` and `assistants` (with the store's), all re-exported here.

mod assistants;
mod runs;
mod threads;

use serde_json::{Map, Value};

use super::ServerError;
pub use crate::limits::MAX_RECURSION_LIMIT;
use crate::limits::{too_deep, MAX_VALUE_DEPTH};
pub use assistants::*;
pub use runs::*;
pub use threads::*;

/// The largest `limit`/`offset` a listing accepts.
const MAX_COUNT: u64 = u32::MAX as u64;

/// The longest id a thread may be created with.
const MAX_ID_LENGTH: usize = 256;

fn refuse(message: impl Into<String>) -> ServerError {
    ServerError::Unprocessable(message.into())
}

/// What a JSON value is, for refusals: "a number (42)", "an array", …
pub fn kind(value: &Value) -> String {
    let shown = |v: &Value| {
        let text = v.to_string();
        if text.len() > 40 {
            format!("{}…", text.chars().take(40).collect::<String>())
        } else {
            text
        }
    };
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(_) => format!("a number ({})", shown(value)),
        Value::String(_) => format!("a string ({})", shown(value)),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Refuses a value nested deeper than storage can read back.
pub fn check_depth(what: &str, value: &Value) -> Result<(), ServerError> {
    match too_deep(value, MAX_VALUE_DEPTH) {
        None => Ok(()),
        Some(path) => Err(refuse(format!(
            "{what} nests deeper than {MAX_VALUE_DEPTH} levels (at {what}.{path}); such a value could not be stored"
        ))),
    }
}

/// The body as an object (`what` names it in the refusal).
pub fn object_body<'a>(body: &'a Value, what: &str) -> Result<&'a Map<String, Value>, ServerError> {
    body.as_object()
        .ok_or_else(|| refuse(format!("{what} must be a JSON object; got {}", kind(body))))
}

/// A field that is absent or `null`.
fn given<'a>(body: &'a Value, key: &str) -> Option<&'a Value> {
    body.get(key).filter(|v| !v.is_null())
}

pub fn opt_string(body: &Value, key: &str) -> Result<Option<String>, ServerError> {
    match given(body, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(refuse(format!("{key} must be a string; got {}", kind(other)))),
    }
}

pub fn required_string(body: &Value, key: &str) -> Result<String, ServerError> {
    opt_string(body, key)?.ok_or_else(|| refuse(format!("{key} is required")))
}

/// An object field (its values within the depth limit).
pub fn opt_object(body: &Value, key: &str) -> Result<Option<Map<String, Value>>, ServerError> {
    match given(body, key) {
        None => Ok(None),
        Some(value @ Value::Object(map)) => {
            check_depth(key, value)?;
            Ok(Some(map.clone()))
        }
        Some(other) => Err(refuse(format!("{key} must be an object; got {}", kind(other)))),
    }
}

pub fn opt_bool(body: &Value, key: &str) -> Result<Option<bool>, ServerError> {
    match given(body, key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(refuse(format!("{key} must be true or false; got {}", kind(other)))),
    }
}

/// A whole number from `min` to `max`.
fn integer_in(key: &str, value: &Value, min: u64, max: u64) -> Result<u64, ServerError> {
    let n = value
        .as_u64()
        .or_else(|| {
            value
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= max as f64)
                .map(|f| f as u64)
        })
        .filter(|n| (min..=max).contains(n));
    n.ok_or_else(|| {
        refuse(format!(
            "{key} must be a whole number from {min} to {max}; got {}",
            kind(value)
        ))
    })
}

/// A `limit`/`offset`: a whole number ≥ 0.
pub fn opt_count(body: &Value, key: &str) -> Result<Option<usize>, ServerError> {
    given(body, key)
        .map(|v| integer_in(key, v, 0, MAX_COUNT).map(|n| usize::try_from(n).unwrap_or(usize::MAX)))
        .transpose()
}

/// A `limit`/`offset` from a query string.
pub fn query_count(key: &str, raw: Option<String>) -> Result<Option<usize>, ServerError> {
    match raw {
        None => Ok(None),
        Some(text) => {
            let value = text
                .trim()
                .parse::<u64>()
                .map(Value::from)
                .unwrap_or(Value::String(text));
            Ok(Some(
                integer_in(key, &value, 0, MAX_COUNT).map(|n| usize::try_from(n).unwrap_or(usize::MAX))?,
            ))
        }
    }
}

pub fn opt_strings(body: &Value, key: &str) -> Result<Option<Vec<String>>, ServerError> {
    match given(body, key) {
        None => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(refuse(format!(
                    "{key} must be a list of strings; it holds {}",
                    kind(other)
                ))),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(other) => Err(refuse(format!("{key} must be a list of strings; got {}", kind(other)))),
    }
}

/// A value field of any JSON type (within the depth limit); `None` when absent (`null` is kept).
fn opt_value(body: &Value, key: &str) -> Result<Option<Value>, ServerError> {
    match body.get(key) {
        None => Ok(None),
        Some(value) => {
            check_depth(key, value)?;
            Ok(Some(value.clone()))
        }
    }
}

fn one_of<T: Copy>(body: &Value, key: &str, choices: &[(&str, T)], default: T) -> Result<T, ServerError> {
    match given(body, key) {
        None => Ok(default),
        Some(Value::String(s)) => choices
            .iter()
            .find(|(name, _)| name == s)
            .map(|(_, v)| *v)
            .ok_or_else(|| {
                let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                refuse(format!("{key} must be one of {}; got '{s}'", names.join(", ")))
            }),
        Some(other) => Err(refuse(format!("{key} must be a string; got {}", kind(other)))),
    }
}

/// Whether `id` can name a new thread: not empty, not too long, and reachable in a URL path
/// as the SDKs build it (`/threads/{id}`, unencoded).
pub fn check_new_id(key: &str, id: &str) -> Result<(), ServerError> {
    if id.is_empty() {
        return Err(refuse(format!("{key} must not be empty")));
    }
    if id.chars().count() > MAX_ID_LENGTH {
        return Err(refuse(format!("{key} must be at most {MAX_ID_LENGTH} characters")));
    }
    if let Some(c) = id
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '/' | '\\' | '?' | '#' | '%'))
    {
        return Err(refuse(format!(
            "{key} must not contain {c:?}: an id is a path segment of the HTTP API"
        )));
    }
    Ok(())
}

/// A listing's `sort_order`: `asc` or `desc` (unset: the listing's own order).
fn sort_order(body: &Value) -> Result<Option<String>, ServerError> {
    Ok(one_of(
        body,
        "sort_order",
        &[("asc", Some("asc")), ("desc", Some("desc"))],
        None,
    )?
    .map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pregel::{Breakpoints, Durability, StreamMode};
    use crate::server::messages::MessageModes;
    use crate::server::{IfNotExists, MultitaskStrategy, OnCompletion};
    use serde_json::json;

    fn refused(result: Result<impl std::fmt::Debug, ServerError>) -> String {
        match result {
            Err(ServerError::Unprocessable(message)) => message,
            other => panic!("expected a 422 refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_run_reads_every_field_it_is_given() {
        let run = run_create(&json!({
            "input": {"some_text": "x"},
            "config": {"configurable": {"user": 1, "thread_id": "ignored"}, "recursion_limit": 7, "tags": ["a"]},
            "context": {"k": 1},
            "metadata": {"m": true},
            "checkpoint": {"checkpoint_id": "c1"},
            "interrupt_before": "*",
            "interrupt_after": ["b"],
            "stream_mode": ["values", "messages"],
            "stream_subgraphs": true,
            "multitask_strategy": "enqueue",
            "if_not_exists": "create",
            "on_completion": "keep",
            "on_disconnect": "cancel",
        }))
        .unwrap();
        assert_eq!(run.input, Some(json!({"some_text": "x"}).as_object().cloned().unwrap()));
        assert_eq!(
            run.config.configurable,
            json!({"user": 1}).as_object().cloned().unwrap()
        );
        assert_eq!(run.config.recursion_limit, Some(7));
        assert_eq!(run.config.tags, vec!["a".to_string()]);
        assert_eq!(run.checkpoint_id.as_deref(), Some("c1"));
        assert_eq!(run.interrupt_before, Some(Breakpoints::All));
        assert_eq!(run.stream_mode, vec![StreamMode::Values, StreamMode::Messages]);
        assert_eq!(
            run.messages,
            MessageModes {
                accumulated: true,
                ..Default::default()
            }
        );
        assert!(run.stream_subgraphs && run.cancel_on_disconnect);
        assert_eq!(run.multitask_strategy, MultitaskStrategy::Enqueue);
        assert_eq!(run.if_not_exists, IfNotExists::Create);
        assert_eq!(run.on_completion, OnCompletion::Keep);
        assert_eq!(run.durability, Durability::Sync, "the default");
    }

    #[test]
    fn durability_is_read_from_durability_or_the_older_checkpoint_during() {
        let durability = |body: Value| run_create(&body).map(|r| r.durability);
        assert_eq!(durability(json!({"durability": "async"})).unwrap(), Durability::Async);
        assert_eq!(durability(json!({"durability": "exit"})).unwrap(), Durability::Exit);
        assert_eq!(
            durability(json!({"checkpoint_during": false})).unwrap(),
            Durability::Exit
        );
        assert_eq!(
            durability(json!({"checkpoint_during": true})).unwrap(),
            Durability::Sync
        );
        let both = json!({"durability": "async", "checkpoint_during": false});
        assert_eq!(durability(both).unwrap(), Durability::Async);
        assert_eq!(
            refused(durability(json!({"durability": "later"}))),
            "durability must be one of sync, async, exit; got 'later'"
        );
        assert!(refused(durability(json!({"checkpoint_during": "no"}))).contains("checkpoint_during"));
    }

    #[test]
    fn values_of_the_wrong_kind_are_refused_with_the_field_named() {
        let cases = [
            (json!(42), "the run must be a JSON object"),
            (json!({"input": 42}), "input must be an object"),
            (json!({"input": "text"}), "input must be an object"),
            (json!({"command": "go"}), "command must be an object"),
            (
                json!({"command": {"update": "str"}}),
                "command.update must be an object",
            ),
            (json!({"command": {"goto": 3}}), "command.goto must be"),
            (json!({"command": {"goto": {"input": 1}}}), "needs a node name"),
            (json!({"input": {}, "command": {"resume": 1}}), "not both"),
            (json!({"config": 3}), "config must be a JSON object"),
            (
                json!({"config": {"configurable": []}}),
                "config.configurable must be an object",
            ),
            (
                json!({"config": {"recursion_limit": -1}}),
                "config.recursion_limit must be a whole number from 1",
            ),
            (json!({"config": {"recursion_limit": 0}}), "config.recursion_limit"),
            (json!({"config": {"recursion_limit": "abc"}}), "config.recursion_limit"),
            (
                json!({"config": {"recursion_limit": 4294967296u64}}),
                "config.recursion_limit",
            ),
            (json!({"config": {"recursion_limit": 2.5}}), "config.recursion_limit"),
            (
                json!({"config": {"tags": "a"}}),
                "config.tags must be a list of strings",
            ),
            (json!({"metadata": [1]}), "metadata must be an object"),
            (json!({"context": 1}), "context must be an object"),
            (json!({"stream_mode": [42]}), "stream_mode must hold mode names"),
            (json!({"stream_mode": "nope"}), "unsupported stream mode 'nope'"),
            (json!({"stream_mode": {}}), "stream_mode must be a mode name"),
            (json!({"interrupt_before": [1]}), "interrupt_before must be"),
            (json!({"interrupt_after": true}), "interrupt_after must be"),
            (
                json!({"multitask_strategy": "later"}),
                "multitask_strategy must be one of",
            ),
            (json!({"checkpoint_id": 7}), "checkpoint_id must be a string"),
            (
                json!({"checkpoint": {"checkpoint_id": 7}}),
                "checkpoint.checkpoint_id must be a string",
            ),
            (
                json!({"stream_subgraphs": "yes"}),
                "stream_subgraphs must be true or false",
            ),
        ];
        for (body, expected) in cases {
            let message = refused(run_create(&body));
            assert!(message.contains(expected), "{body}: {message}");
        }
    }

    #[test]
    fn a_value_too_deep_to_store_is_refused_with_its_path() {
        let deep = (0..127).fold(json!(1), |inner, _| json!([inner]));
        let message = refused(run_create(&json!({"input": {"data": deep.clone()}})));
        assert!(
            message.contains("input nests deeper than 100 levels (at input.data[0]"),
            "{message}"
        );
        let message = refused(run_create(&json!({"command": {"resume": deep}})));
        assert!(message.contains("command.resume nests deeper"), "{message}");
    }

    #[test]
    fn listings_refuse_negative_and_non_numeric_limits() {
        assert!(refused(thread_search(&json!({"limit": -1}))).contains("limit must be a whole number"));
        assert!(refused(thread_search(&json!({"offset": "x"}))).contains("offset must be"));
        assert!(refused(thread_search(&json!({"sort_by": "size"}))).contains("sort_by must be one of"));
        assert!(refused(query_count("limit", Some("-3".into()))).contains("limit must be"));
        assert_eq!(query_count("limit", Some("5".into())).unwrap(), Some(5));
    }

    #[test]
    fn thread_ids_must_be_reachable_over_http() {
        for id in ["", "a/b", "a b", "x?y", "50%", &"x".repeat(300)] {
            refused(thread_create(&json!({ "thread_id": id })));
        }
        refused(thread_create(&json!({ "thread_id": 123 })));
        assert_eq!(
            thread_create(&json!({"thread_id": "user:42-thread"}))
                .unwrap()
                .thread_id
                .as_deref(),
            Some("user:42-thread")
        );
    }
}
