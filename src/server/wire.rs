//! State values as the LangGraph server sends them. Checkpoints hold LangChain objects in their
//! serialized constructor form (`{"lc": 1, "type": "constructor", "id": [..., "AIMessage"],
//! "kwargs": {...}}`, LangGraph.js's serializer format, so that a JS graph gets its classes back);
//! the server's API answers with messages as plain objects (`{"type": "ai", "content": ..., "id":
//! ...}`), which is what SDK clients read. Every value the server hands out (thread values, state
//! and history, run events and results) goes through [`to_wire`].

use serde_json::{Map, Value};

/// A message class's `type` on the wire.
fn message_type(class: &str) -> Option<&'static str> {
    let base = class.strip_suffix("Chunk").unwrap_or(class);
    Some(match base {
        "AIMessage" => "ai",
        "HumanMessage" => "human",
        "SystemMessage" => "system",
        "ToolMessage" => "tool",
        "ChatMessage" => "chat",
        "FunctionMessage" => "function",
        "RemoveMessage" => "remove",
        _ => return None,
    })
}

/// `value` with every LangChain message in constructor form as the server's plain object; other
/// LangChain objects become their fields. Values without such objects come back as they are.
pub fn to_wire(value: Value) -> Value {
    if !holds_constructors(&value) {
        return value;
    }
    convert(value)
}

fn holds_constructors(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().any(holds_constructors),
        Value::Object(map) => is_constructor(map) || map.values().any(holds_constructors),
        _ => false,
    }
}

fn is_constructor(map: &Map<String, Value>) -> bool {
    map.get("lc").and_then(Value::as_u64) == Some(1)
        && map.get("type").and_then(Value::as_str) == Some("constructor")
        && map.get("id").is_some_and(Value::is_array)
}

fn convert(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(convert).collect()),
        Value::Object(mut map) if is_constructor(&map) => {
            let class = map
                .get("id")
                .and_then(Value::as_array)
                .and_then(|id| id.last())
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let mut fields = match map.remove("kwargs").map(convert) {
                Some(Value::Object(fields)) => fields,
                _ => Map::new(),
            };
            if let Some(kind) = message_type(&class) {
                fields.insert("type".into(), Value::String(kind.into()));
                // A message's optional fields, as the server's message objects always carry them.
                for key in ["additional_kwargs", "response_metadata"] {
                    fields.entry(key).or_insert_with(|| Value::Object(Map::new()));
                }
                fields.entry("id").or_insert(Value::Null);
            }
            Value::Object(fields)
        }
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, convert(v))).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn messages_in_constructor_form_become_the_servers_objects() {
        let stored = json!({
            "messages": [
                {"lc": 1, "type": "constructor", "id": ["langchain_core", "messages", "HumanMessage"],
                 "kwargs": {"content": "hi", "id": "h1"}},
                {"lc": 1, "type": "constructor", "id": ["langchain_core", "messages", "AIMessageChunk"],
                 "kwargs": {"content": "yo", "tool_calls": [], "additional_kwargs": {"x": 1}}},
            ],
            "plain": {"lc": 2, "kept": true},
        });
        assert_eq!(
            to_wire(stored),
            json!({
                "messages": [
                    {"type": "human", "content": "hi", "id": "h1", "additional_kwargs": {}, "response_metadata": {}},
                    {"type": "ai", "content": "yo", "tool_calls": [], "additional_kwargs": {"x": 1},
                     "response_metadata": {}, "id": null},
                ],
                "plain": {"lc": 2, "kept": true},
            })
        );
    }
}
