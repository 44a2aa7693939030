//! `add_messages`: LangGraph's reducer for chat histories, on JSON messages.
//!
//! Messages are matched by `id`, so a node can edit or delete an earlier message by writing one
//! with the same id. Messages are objects in LangChain's `{"type": ...}` or OpenAI's
//! `{"role": ...}` shape, which are kept as given; a bare string is a human message.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::{json_type, ChannelError};

/// The id of a remove message that deletes every message before it.
const REMOVE_ALL: &str = "__remove_all__";

/// Merges `right` into `left` (each a message or an array of messages): same id replaces,
/// `{"type": "remove", "id": X}` deletes, anything else is appended. Messages without an id
/// get a fresh UUID.
pub fn add_messages(left: Value, right: Value) -> Result<Value, ChannelError> {
    let mut left = left;
    add_messages_in_place(&mut left, right)?;
    Ok(left)
}

/// `add_messages` that leaves `left` untouched when the update is rejected: everything that can
/// fail is checked before `left` is taken apart.
pub(super) fn add_messages_in_place(left: &mut Value, right: Value) -> Result<(), ChannelError> {
    check(left, &right)?;
    *left = merge(std::mem::take(left), right);
    Ok(())
}

fn as_slice(messages: &Value) -> &[Value] {
    match messages {
        Value::Array(items) => items,
        single => std::slice::from_ref(single),
    }
}

fn into_vec(messages: Value) -> Vec<Value> {
    match messages {
        Value::Array(items) => items,
        single => vec![single],
    }
}

/// The message's id, `None` when it has none yet.
fn message_id(message: &Value) -> Result<Option<&str>, ChannelError> {
    match message {
        Value::String(_) => Ok(None),
        Value::Object(fields) => match fields.get("id") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(id)) => Ok(Some(id)),
            Some(other) => Err(ChannelError::InvalidValue(format!(
                "a message id must be a string, got {}",
                json_type(other)
            ))),
        },
        other => Err(ChannelError::InvalidValue(format!(
            "a message must be an object or a string, got {}",
            json_type(other)
        ))),
    }
}

fn is_remove(message: &Value) -> bool {
    message.as_object().is_some_and(|fields| {
        ["type", "role"]
            .iter()
            .any(|key| fields.get(*key).and_then(Value::as_str) == Some("remove"))
    })
}

fn is_remove_all(message: &Value) -> bool {
    is_remove(message) && message_id(message).ok().flatten() == Some(REMOVE_ALL)
}

fn check(left: &Value, right: &Value) -> Result<(), ChannelError> {
    for message in as_slice(left) {
        message_id(message)?;
    }
    let right = as_slice(right);
    for message in right {
        message_id(message)?;
    }
    // Everything before a remove-all is dropped, so its removals cannot fail; without removals
    // nothing else can.
    if right.iter().any(is_remove_all) || !right.iter().any(is_remove) {
        return Ok(());
    }
    let mut known: HashSet<&str> = as_slice(left)
        .iter()
        .filter_map(|m| message_id(m).ok().flatten())
        .collect();
    for message in right {
        match (message_id(message)?, is_remove(message)) {
            (Some(id), true) if !known.contains(id) => {
                return Err(ChannelError::InvalidValue(format!(
                    "cannot remove message '{id}': no message has that id"
                )))
            }
            (None, true) => {
                return Err(ChannelError::InvalidValue(
                    "a remove message needs the id of the message to remove".into(),
                ))
            }
            (Some(id), false) => {
                known.insert(id);
            }
            _ => {}
        }
    }
    Ok(())
}

/// Turns strings into human messages and gives every message an id. Expects checked input.
fn normalize(messages: Value) -> Vec<Value> {
    let mut messages = into_vec(messages);
    for message in &mut messages {
        if let Value::String(content) = message {
            let mut fields = Map::new();
            fields.insert("type".into(), "human".into());
            fields.insert("content".into(), Value::String(std::mem::take(content)));
            *message = Value::Object(fields);
        }
        if let Value::Object(fields) = message {
            if matches!(fields.get("id"), None | Some(Value::Null)) {
                let id = crate::random::uuid_v4().to_string();
                fields.insert("id".into(), Value::String(id));
            }
        }
    }
    messages
}

/// The merge proper. Cannot fail on input that passed `check`.
///
/// Where each update goes is planned first, over borrowed ids (no id is copied), then the
/// update is moved into place.
fn merge(left: Value, right: Value) -> Value {
    let mut right = normalize(right);
    if let Some(last) = right.iter().rposition(is_remove_all) {
        right.drain(..=last);
        return Value::Array(right);
    }
    let mut merged = normalize(left);
    fn id_of(message: &Value) -> Option<&str> {
        message_id(message).ok().flatten()
    }
    // For each update: the slot it replaces (an index into `merged`, or past its end for a
    // message new in this update), or `None` to drop it. Removal is deferred so that a later
    // message with the same id can bring the id back.
    let (targets, removed): (Vec<Option<usize>>, HashSet<String>) = {
        let mut index: HashMap<&str, usize> = merged
            .iter()
            .enumerate()
            .filter_map(|(at, m)| Some((id_of(m)?, at)))
            .collect();
        let mut removed = HashSet::new();
        let mut next = merged.len();
        let targets = right
            .iter()
            .map(|message| {
                let id = id_of(message)?;
                match index.get(id) {
                    Some(_) if is_remove(message) => {
                        removed.insert(id);
                        None
                    }
                    Some(&at) => {
                        removed.remove(id);
                        Some(at)
                    }
                    None if is_remove(message) => None,
                    None => {
                        index.insert(id, next);
                        next += 1;
                        Some(next - 1)
                    }
                }
            })
            .collect();
        (targets, removed.into_iter().map(str::to_owned).collect())
    };
    for (message, target) in right.into_iter().zip(targets) {
        match target {
            Some(at) if at < merged.len() => merged[at] = message,
            Some(_) => merged.push(message),
            None => {}
        }
    }
    if !removed.is_empty() {
        merged.retain(|message| id_of(message).is_none_or(|id| !removed.contains(id)));
    }
    Value::Array(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ids(messages: &Value) -> Vec<&str> {
        as_slice(messages).iter().filter_map(|m| m["id"].as_str()).collect()
    }

    fn invalid(result: Result<Value, ChannelError>) -> String {
        match result {
            Err(ChannelError::InvalidValue(msg)) => msg,
            other => panic!("expected InvalidValue, got {other:?}"),
        }
    }

    #[test]
    fn add_messages_replaces_by_id_and_assigns_ids_to_new_messages() {
        let left = json!([
            {"type": "human", "content": "hi", "id": "1"},
            {"type": "ai", "content": "draft", "id": "2"},
        ]);
        let right = json!([{"type": "ai", "content": "final", "id": "2"}, {"type": "human", "content": "more"}]);
        let merged = add_messages(left, right).unwrap();
        assert_eq!(merged[1], json!({"type": "ai", "content": "final", "id": "2"}));
        assert_eq!(merged[2]["content"], "more");
        let new_id = merged[2]["id"].as_str().unwrap();
        assert!(uuid::Uuid::parse_str(new_id).is_ok(), "{new_id}");
        assert_eq!(merged.as_array().map(Vec::len), Some(3));
    }

    #[test]
    fn messages_without_an_id_get_one_on_both_sides() {
        let merged = add_messages(
            json!([{"role": "user", "content": "a", "id": null}]),
            json!({"role": "assistant", "content": "b"}),
        )
        .unwrap();
        let ids = ids(&merged);
        assert_eq!(ids.len(), 2);
        assert_ne!(ids[0], ids[1]);
        assert_eq!(merged[0]["role"], "user", "the role shape is kept");
    }

    #[test]
    fn a_bare_string_becomes_a_human_message() {
        let merged = add_messages(json!([]), json!("hello")).unwrap();
        assert_eq!(merged[0]["type"], "human");
        assert_eq!(merged[0]["content"], "hello");
        assert!(merged[0]["id"].is_string());
    }

    #[test]
    fn a_single_left_message_is_treated_as_a_list() {
        let merged = add_messages(json!({"type": "human", "content": "a", "id": "1"}), json!([])).unwrap();
        assert_eq!(merged, json!([{"type": "human", "content": "a", "id": "1"}]));
    }

    #[test]
    fn a_remove_message_deletes_by_id() {
        let left = json!([{"type": "human", "content": "a", "id": "1"}, {"type": "ai", "content": "b", "id": "2"}]);
        let merged = add_messages(left, json!({"type": "remove", "id": "1"})).unwrap();
        assert_eq!(ids(&merged), ["2"]);
    }

    #[test]
    fn a_message_after_its_removal_in_the_same_update_restores_the_id() {
        let left = json!([{"type": "human", "content": "a", "id": "1"}]);
        let right = json!([{"type": "remove", "id": "1"}, {"type": "human", "content": "a2", "id": "1"}]);
        let merged = add_messages(left, right).unwrap();
        assert_eq!(merged, json!([{"type": "human", "content": "a2", "id": "1"}]));
    }

    #[test]
    fn removing_an_unknown_id_is_an_error() {
        let msg = invalid(add_messages(json!([]), json!({"type": "remove", "id": "9"})));
        assert!(msg.contains("'9'"), "{msg}");
        let msg = invalid(add_messages(json!([]), json!({"type": "remove"})));
        assert!(msg.contains("needs the id"), "{msg}");
    }

    #[test]
    fn remove_all_drops_everything_before_it() {
        let left = json!([{"type": "human", "content": "a", "id": "1"}]);
        let right =
            json!(["dropped", {"type": "remove", "id": REMOVE_ALL}, {"type": "ai", "content": "kept", "id": "3"}]);
        let merged = add_messages(left, right).unwrap();
        assert_eq!(merged, json!([{"type": "ai", "content": "kept", "id": "3"}]));
    }

    #[test]
    fn malformed_messages_are_rejected_and_leave_the_history_untouched() {
        let mut history = json!([{"type": "human", "content": "a", "id": "1"}]);
        let before = history.clone();
        for bad in [json!(3), json!([null]), json!({"type": "ai", "id": 7})] {
            assert!(matches!(
                add_messages_in_place(&mut history, bad),
                Err(ChannelError::InvalidValue(_))
            ));
            assert_eq!(history, before);
        }
        assert!(invalid(add_messages(json!(true), json!([]))).contains("got boolean"));
    }
}
