//! `add_messages`: LangGraph's reducer for chat histories, on JSON messages.
//!
//! Messages are matched by `id`, so a node can edit or delete an earlier message by writing one
//! with the same id. Every message is coerced to LangChain's shape, as `add_messages` does: a
//! bare string is a human message; `role` (OpenAI's `user`, `assistant`, `developer`, …) or
//! `type` becomes LangChain's `type` (`human`, `ai`, `system`, `tool`, `function`, `remove`),
//! with `content`, `additional_kwargs`, `response_metadata`, an `id`, and for AI messages
//! `tool_calls` and `invalid_tool_calls` (OpenAI-shaped tool calls become LangChain's). An
//! object with neither a known `role` nor `type` is kept as given.

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

/// LangChain's message type for a `role` or `type` name.
fn message_type(name: &str) -> Option<&'static str> {
    Some(match name {
        "human" | "user" => "human",
        "ai" | "assistant" => "ai",
        "system" | "developer" => "system",
        "tool" => "tool",
        "function" => "function",
        "generic" | "chat" => "generic",
        _ => return None,
    })
}

/// The LangChain type a message will have, and whether it already has every standard field
/// (then coercing it changes nothing).
fn coerced_type(fields: &Map<String, Value>) -> (Option<&'static str>, bool) {
    let given = fields.get("type").and_then(Value::as_str);
    let Some(kind) = given
        .or_else(|| fields.get("role").and_then(Value::as_str))
        .and_then(message_type)
    else {
        return (None, true);
    };
    let done = given == Some(kind)
        && ["content", "additional_kwargs", "response_metadata"]
            .iter()
            .all(|k| fields.contains_key(*k))
        && (kind != "ai" || (fields.contains_key("tool_calls") && fields.contains_key("invalid_tool_calls")));
    (Some(kind), done)
}

/// Whether `message` is already in the shape `normalize` gives (so it will not change).
pub(super) fn is_normal(message: &Value) -> bool {
    match message {
        Value::Object(fields) => fields.get("id").is_some_and(Value::is_string) && coerced_type(fields).1,
        _ => false,
    }
}

/// OpenAI's `{id, type: "function", function: {name, arguments}}` tool calls as LangChain's
/// `{name, args, id, type: "tool_call"}` (arguments that are not a JSON object become an
/// invalid tool call, as LangChain makes them).
fn convert_tool_calls(fields: &mut Map<String, Value>) {
    let Some(Value::Array(calls)) = fields.get("tool_calls") else {
        return;
    };
    if !calls.iter().any(|c| c.get("function").is_some()) {
        return;
    }
    let originals = calls.clone();
    let (mut valid, mut invalid) = (Vec::new(), Vec::new());
    for call in &originals {
        let Some(function) = call.get("function") else {
            valid.push(call.clone());
            continue;
        };
        let name = function.get("name").cloned().unwrap_or(Value::Null);
        let id = call.get("id").cloned().unwrap_or(Value::Null);
        let arguments = function.get("arguments").and_then(Value::as_str).unwrap_or("{}");
        match serde_json::from_str::<Value>(arguments) {
            Ok(args @ Value::Object(_)) => {
                valid.push(serde_json::json!({ "name": name, "args": args, "id": id, "type": "tool_call" }))
            }
            _ => invalid.push(serde_json::json!({
                "name": name, "args": arguments, "id": id, "error": "the arguments are not a JSON object",
                "type": "invalid_tool_call",
            })),
        }
    }
    fields.insert("tool_calls".into(), Value::Array(valid));
    if !invalid.is_empty() {
        fields.insert("invalid_tool_calls".into(), Value::Array(invalid));
    }
    if let Value::Object(kwargs) = fields
        .entry("additional_kwargs")
        .or_insert_with(|| Value::Object(Map::new()))
    {
        kwargs.insert("tool_calls".into(), Value::Array(originals));
    }
}

/// One message in LangChain's shape (see the module docs).
fn coerce(fields: Map<String, Value>) -> Map<String, Value> {
    let (Some(kind), false) = coerced_type(&fields) else {
        return fields;
    };
    let developer = fields.get("role").and_then(Value::as_str) == Some("developer")
        || fields.get("type").and_then(Value::as_str) == Some("developer");
    let mut rest = fields;
    let from_role = rest
        .get("type")
        .and_then(Value::as_str)
        .is_none_or(|t| message_type(t).is_none());
    let role = rest.remove("role");
    rest.remove("type");
    if kind == "ai" {
        convert_tool_calls(&mut rest);
    }
    let mut out = Map::new();
    out.insert(
        "content".into(),
        rest.remove("content").unwrap_or_else(|| Value::String(String::new())),
    );
    let mut kwargs = rest
        .remove("additional_kwargs")
        .unwrap_or_else(|| Value::Object(Map::new()));
    if let (true, Value::Object(k)) = (developer, &mut kwargs) {
        k.insert("__openai_role__".into(), "developer".into());
    }
    out.insert("additional_kwargs".into(), kwargs);
    out.insert(
        "response_metadata".into(),
        rest.remove("response_metadata")
            .unwrap_or_else(|| Value::Object(Map::new())),
    );
    out.insert("type".into(), kind.into());
    if kind == "generic" {
        if let (true, Some(role)) = (from_role, role) {
            out.insert("role".into(), role);
        }
    }
    out.extend(rest);
    if kind == "ai" {
        for key in ["tool_calls", "invalid_tool_calls"] {
            out.entry(key).or_insert_with(|| Value::Array(Vec::new()));
        }
    }
    out
}

/// Coerces every message to LangChain's shape and gives it an id. Expects checked input.
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
            if !coerced_type(fields).1 {
                *fields = coerce(std::mem::take(fields));
            }
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

    /// A message in the shape the reducer gives it.
    fn msg(kind: &str, content: &str, id: &str) -> Value {
        let mut m =
            json!({"content": content, "additional_kwargs": {}, "response_metadata": {}, "type": kind, "id": id});
        if kind == "ai" {
            m["tool_calls"] = json!([]);
            m["invalid_tool_calls"] = json!([]);
        }
        m
    }

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
        assert_eq!(merged[1], msg("ai", "final", "2"));
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
        assert_eq!(merged[0]["type"], "human", "a role becomes LangChain's type");
        assert_eq!(merged[1]["type"], "ai");
    }

    #[test]
    fn roles_become_langchain_messages_with_the_standard_fields() {
        let merged = add_messages(
            json!([]),
            json!([
                {"role": "human", "content": "foo", "id": "1"},
                {"role": "assistant", "content": "hi", "id": "2"},
                {"role": "developer", "content": "be brief", "id": "3"},
                {"role": "tool", "content": "42", "tool_call_id": "call-1", "id": "4"},
            ]),
        )
        .unwrap();
        assert_eq!(
            merged[0],
            json!({"content": "foo", "additional_kwargs": {}, "response_metadata": {}, "type": "human", "id": "1"})
        );
        assert_eq!(
            merged[1],
            json!({"content": "hi", "additional_kwargs": {}, "response_metadata": {}, "type": "ai", "id": "2",
                   "tool_calls": [], "invalid_tool_calls": []})
        );
        assert_eq!(merged[2]["type"], "system");
        assert_eq!(merged[2]["additional_kwargs"], json!({"__openai_role__": "developer"}));
        assert_eq!(merged[3]["type"], "tool");
        assert_eq!(merged[3]["tool_call_id"], "call-1");
        // A message already in shape is left as it is.
        let again = add_messages(merged.clone(), json!([])).unwrap();
        assert_eq!(again, merged);
        assert!(as_slice(&merged).iter().all(is_normal));
    }

    #[test]
    fn openai_tool_calls_become_langchain_tool_calls() {
        let merged = add_messages(
            json!([]),
            json!({"role": "assistant", "content": "", "id": "a", "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "search", "arguments": "{\"q\": \"sf\"}"}},
                {"id": "c2", "type": "function", "function": {"name": "broken", "arguments": "not json"}},
            ]}),
        )
        .unwrap();
        assert_eq!(
            merged[0]["tool_calls"],
            json!([{"name": "search", "args": {"q": "sf"}, "id": "c1", "type": "tool_call"}])
        );
        assert_eq!(merged[0]["invalid_tool_calls"][0]["name"], "broken");
        assert_eq!(merged[0]["additional_kwargs"]["tool_calls"][0]["id"], "c1");
    }

    #[test]
    fn objects_without_a_known_role_or_type_are_kept_as_given() {
        let merged = add_messages(json!([]), json!({"content": "x", "id": "1", "role": "narrator"})).unwrap();
        assert_eq!(merged, json!([{"content": "x", "id": "1", "role": "narrator"}]));
    }

    #[test]
    fn a_bare_string_becomes_a_human_message() {
        let merged = add_messages(json!([]), json!("hello")).unwrap();
        assert_eq!(merged[0]["type"], "human");
        assert_eq!(merged[0]["additional_kwargs"], json!({}));
        assert_eq!(merged[0]["content"], "hello");
        assert!(merged[0]["id"].is_string());
    }

    #[test]
    fn a_single_left_message_is_treated_as_a_list() {
        let merged = add_messages(json!({"type": "human", "content": "a", "id": "1"}), json!([])).unwrap();
        assert_eq!(merged, json!([msg("human", "a", "1")]));
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
        assert_eq!(merged, json!([msg("human", "a2", "1")]));
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
        assert_eq!(merged, json!([msg("ai", "kept", "3")]));
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
