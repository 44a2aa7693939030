//! The LangGraph server's message stream modes, made from the engine's `messages` events
//! (`[message, metadata]`, each a chat-model token or a message a node returned):
//! - `messages-tuple`: one `messages` event per engine event, as it is;
//! - `messages`: `messages/metadata` the first time a message id shows up, then
//!   `messages/partial` with the message accumulated so far (for chunks) or `messages/complete`
//!   (for whole messages);
//! - `events`: an `on_chat_model_stream` event per token (the other LangChain callback events a
//!   LangGraph server sends in this mode, chain and tool starts and ends, are not made here).

use serde_json::{json, Map, Value};

use crate::sorted::SortedMap;

/// Which of the message modes a run request asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MessageModes {
    pub tuple: bool,
    pub accumulated: bool,
    pub events: bool,
}

impl MessageModes {
    /// Whether the run must stream the engine's `messages` events at all.
    pub fn any(&self) -> bool {
        self.tuple || self.accumulated || self.events
    }
}

/// Turns one run's engine `messages` events into server events; keeps the messages accumulated
/// so far (by id) for the `messages` mode.
#[derive(Default)]
pub(crate) struct MessageEvents {
    accumulated: SortedMap<String, Value>,
}

fn is_chunk(message: &Value) -> bool {
    message
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.ends_with("Chunk"))
}

/// `AIMessageChunk` → `ai`, as a chunk turned into its message.
fn message_type(chunk_type: &str) -> String {
    match chunk_type.strip_suffix("MessageChunk") {
        Some("AI") => "ai".into(),
        Some(other) => other.to_ascii_lowercase(),
        None => chunk_type.to_string(),
    }
}

/// Appends `next`'s content to `so_far`'s (strings concatenate, lists extend).
fn merge_content(so_far: &mut Value, next: &Value) {
    match (so_far, next) {
        (Value::String(a), Value::String(b)) => a.push_str(b),
        (Value::Array(a), Value::Array(b)) => a.extend(b.iter().cloned()),
        (slot, other) if !other.is_null() && other != &json!("") => *slot = other.clone(),
        _ => {}
    }
}

/// Merges streamed tool-call pieces by their `index`: argument text concatenates.
fn merge_tool_call_chunks(so_far: &mut Vec<Value>, next: &[Value]) {
    for piece in next {
        let index = piece.get("index").cloned().unwrap_or(Value::Null);
        match so_far
            .iter_mut()
            .find(|c| !index.is_null() && c.get("index") == Some(&index))
        {
            Some(existing) => {
                if let (Some(Value::String(a)), Some(Value::String(b))) =
                    (existing.get_mut("args").map(|a| a.take()), piece.get("args"))
                {
                    existing["args"] = Value::String(a + b);
                }
                for key in ["name", "id"] {
                    if existing.get(key).is_none_or(Value::is_null) {
                        if let Some(v) = piece.get(key) {
                            existing[key] = v.clone();
                        }
                    }
                }
            }
            None => so_far.push(piece.clone()),
        }
    }
}

/// The chunks accumulated so far, as the message they make (`type` `ai`, tool calls parsed).
fn as_message(accumulated: &Value) -> Value {
    let mut message = accumulated.clone();
    if let Value::Object(fields) = &mut message {
        if let Some(Value::String(t)) = fields.get("type").cloned() {
            fields.insert("type".into(), Value::String(message_type(&t)));
        }
        if let Some(Value::Array(pieces)) = fields.remove("tool_call_chunks") {
            let calls: Vec<Value> = pieces
                .iter()
                .filter_map(|p| {
                    let args = p.get("args").and_then(Value::as_str).unwrap_or("{}");
                    let args: Value = serde_json::from_str(if args.is_empty() { "{}" } else { args }).ok()?;
                    Some(json!({"name": p.get("name"), "args": args, "id": p.get("id"), "type": "tool_call"}))
                })
                .collect();
            if !calls.is_empty() {
                fields.insert("tool_calls".into(), Value::Array(calls));
            }
        }
    }
    message
}

impl MessageEvents {
    /// The server events (name, data) for one engine `messages` event.
    pub fn events(&mut self, modes: MessageModes, data: &Value) -> Vec<(&'static str, Value)> {
        let mut out = Vec::new();
        let (message, metadata) = match data {
            Value::Array(pair) if pair.len() == 2 => (&pair[0], &pair[1]),
            _ => return out,
        };
        if modes.tuple {
            out.push(("messages", data.clone()));
        }
        if modes.accumulated {
            let id = message
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let chunk = is_chunk(message);
            match self.accumulated.get_mut(&id) {
                Some(so_far) if chunk => {
                    if let (Value::Object(acc), Value::Object(next)) = (so_far, message) {
                        for (key, value) in next {
                            match key.as_str() {
                                "content" => merge_content(acc.entry("content").or_insert(json!("")), value),
                                "tool_call_chunks" => {
                                    let pieces = value.as_array().cloned().unwrap_or_default();
                                    let slot = acc.entry("tool_call_chunks").or_insert(json!([]));
                                    if let Value::Array(existing) = slot {
                                        merge_tool_call_chunks(existing, &pieces);
                                    }
                                }
                                _ if !value.is_null() => {
                                    acc.insert(key.clone(), value.clone());
                                }
                                _ => {}
                            }
                        }
                    }
                }
                Some(so_far) => *so_far = message.clone(),
                None => {
                    let mut meta = Map::new();
                    meta.insert(id.clone(), json!({ "metadata": metadata }));
                    out.push(("messages/metadata", Value::Object(meta)));
                    self.accumulated.insert(id.clone(), message.clone());
                }
            }
            let so_far = self.accumulated.get(&id).map(as_message).unwrap_or(Value::Null);
            let event = if chunk { "messages/partial" } else { "messages/complete" };
            out.push((event, json!([so_far])));
        }
        if modes.events && is_chunk(message) {
            out.push((
                "events",
                json!({
                    "event": "on_chat_model_stream",
                    "data": { "chunk": message },
                    "name": metadata.get("name").cloned().unwrap_or(Value::Null),
                    "tags": metadata.get("tags").cloned().unwrap_or(json!([])),
                    "metadata": metadata,
                }),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(content: &str) -> Value {
        json!([{"type": "AIMessageChunk", "id": "m1", "content": content}, {"langgraph_node": "agent"}])
    }

    #[test]
    fn the_tuple_mode_passes_each_event_on() {
        let modes = MessageModes {
            tuple: true,
            ..Default::default()
        };
        let mut events = MessageEvents::default();
        assert_eq!(events.events(modes, &chunk("Hel")), vec![("messages", chunk("Hel"))]);
    }

    #[test]
    fn the_messages_mode_sends_metadata_once_then_the_message_so_far() {
        let modes = MessageModes {
            accumulated: true,
            ..Default::default()
        };
        let mut events = MessageEvents::default();
        let first = events.events(modes, &chunk("Hel"));
        assert_eq!(
            first[0],
            (
                "messages/metadata",
                json!({"m1": {"metadata": {"langgraph_node": "agent"}}})
            )
        );
        assert_eq!(
            first[1],
            (
                "messages/partial",
                json!([{"type": "ai", "id": "m1", "content": "Hel"}])
            )
        );
        let second = events.events(modes, &chunk("lo"));
        assert_eq!(
            second,
            vec![(
                "messages/partial",
                json!([{"type": "ai", "id": "m1", "content": "Hello"}])
            )]
        );
        let whole = json!([{"type": "ai", "id": "m2", "content": "done"}, {}]);
        assert_eq!(
            events.events(modes, &whole)[1],
            (
                "messages/complete",
                json!([{"type": "ai", "id": "m2", "content": "done"}])
            )
        );
    }

    #[test]
    fn streamed_tool_call_pieces_become_tool_calls() {
        let modes = MessageModes {
            accumulated: true,
            ..Default::default()
        };
        let mut events = MessageEvents::default();
        let piece = |args: &str, name: Value| json!([{"type": "AIMessageChunk", "id": "m", "content": "", "tool_call_chunks": [{"index": 0, "args": args, "name": name, "id": "c1"}]}, {}]);
        events.events(modes, &piece("{\"a\":", json!("add")));
        let last = events.events(modes, &piece(" 1}", Value::Null));
        assert_eq!(
            last[0].1[0]["tool_calls"],
            json!([{"name": "add", "args": {"a": 1}, "id": "c1", "type": "tool_call"}])
        );
    }

    #[test]
    fn the_events_mode_sends_tokens_as_chat_model_stream_events() {
        let modes = MessageModes {
            events: true,
            ..Default::default()
        };
        let mut events = MessageEvents::default();
        let out = events.events(modes, &chunk("Hi"));
        assert_eq!(out[0].0, "events");
        assert_eq!(out[0].1["event"], json!("on_chat_model_stream"));
        assert!(events
            .events(modes, &json!([{"type": "ai", "id": "x", "content": "whole"}, {}]))
            .is_empty());
    }
}
