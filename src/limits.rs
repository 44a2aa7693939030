//! Bounds on what the API accepts, so that whatever it accepts can also be stored and read
//! back: serde_json reads at most 128 nested levels, and stored records wrap a user's value in
//! a few levels of their own (a thread's values, a run's kwargs, an interrupt's value). Values
//! nested deeper than [`MAX_VALUE_DEPTH`] are refused when they come in, with the path where
//! the limit was crossed, instead of making a record that can never be read again.

use serde_json::Value;

/// The largest recursion limit a run may ask for (the engine counts steps in `i64` and wasm32's
/// `usize` is 32 bits).
pub const MAX_RECURSION_LIMIT: u64 = i32::MAX as u64;

/// How deeply a value (a run's input, a state update, a resume value, metadata, a store item)
/// may nest: `{"a": [1]}` is 2 levels deep, a scalar 0.
pub const MAX_VALUE_DEPTH: usize = 100;

/// The nesting depth of `value` (objects and arrays count one level each). Walks with a stack
/// of its own, so no value is too deep to measure.
pub fn depth(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0usize)];
    while let Some((value, level)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        deepest = deepest.max(level + 1);
        stack.extend(children.map(|child| (child, level + 1)));
    }
    deepest
}

/// The path of the first place where `value` nests deeper than `limit` (e.g. `data[0][0]`),
/// or `None` when it stays within it.
pub fn too_deep(value: &Value, limit: usize) -> Option<String> {
    if depth(value) <= limit {
        return None;
    }
    // Follow one branch that goes deepest, naming each step.
    let mut path = String::new();
    let mut current = value;
    for _ in 0..limit {
        let next = match current {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .max_by_key(|(_, v)| depth(v))
                .map(|(i, v)| (format!("[{i}]"), v)),
            Value::Object(map) => map
                .iter()
                .max_by_key(|(_, v)| depth(v))
                .map(|(k, v)| (if path.is_empty() { k.clone() } else { format!(".{k}") }, v)),
            _ => None,
        };
        let Some((step, child)) = next else { break };
        path.push_str(&step);
        current = child;
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nested(levels: usize) -> Value {
        (0..levels).fold(json!(1), |inner, _| json!([inner]))
    }

    #[test]
    fn depth_counts_containers() {
        assert_eq!(depth(&json!(1)), 0);
        assert_eq!(depth(&json!([])), 1);
        assert_eq!(depth(&json!({"a": [1, {"b": {}}]})), 4);
        assert_eq!(depth(&nested(1000)), 1000);
    }

    #[test]
    fn too_deep_names_the_path_where_the_limit_is_crossed() {
        assert_eq!(too_deep(&json!({"data": nested(99)}), MAX_VALUE_DEPTH), None);
        let path = too_deep(&json!({"other": 1, "data": nested(127)}), MAX_VALUE_DEPTH).unwrap();
        assert!(path.starts_with("data[0][0]"), "{path}");
        assert_eq!(path.matches("[0]").count(), MAX_VALUE_DEPTH - 1);
    }
}
