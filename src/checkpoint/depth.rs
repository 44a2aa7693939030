//! How deep a stored record may nest, so that everything written can be read back.
//!
//! Records are read with serde_json's own recursion limit: it bounds the parser's recursion,
//! and in wasm a stack overflow is a trap that kills the whole module, so it is kept rather
//! than lifted (`disable_recursion_limit`). A record nesting deeper than that limit would be
//! written fine and then fail every read, so storage measures each record's JSON text before
//! writing it and refuses one that is too deep ([`CheckpointError::TooDeep`], JS name
//! `RecordTooDeepError`): nothing of that save is written.
//!
//! Depth here counts nested arrays and objects: `0` and `"x"` are 0 deep, `[]` and `{}` are 1,
//! `{"a": [1]}` is 2. Records wrap the values they carry in a few levels (a thread record holds
//! `{"interrupts": {<task>: [{"value": …}]}}`, four levels around an interrupt's value), so
//! values the graph stores (channel values, pending writes) are held to [`MAX_VALUE_DEPTH`],
//! which keeps every record later built from them below [`MAX_RECORD_DEPTH`]. Values up to
//! 100 levels deep (what the API accepts) always fit, with room for the wrapping.
//!
//! This module is plain Rust (tested natively); the IndexedDB layer calls it.

use super::CheckpointError;

/// The deepest record serde_json reads back with its default recursion limit.
pub const MAX_RECORD_DEPTH: usize = 127;

/// How many levels a record adds, at most, around a value it carries (with room to spare: the
/// deepest today is a thread record's pending interrupt, four levels).
pub const MAX_WRAPPING: usize = 8;

/// The deepest channel value or pending write storage accepts.
pub const MAX_VALUE_DEPTH: usize = MAX_RECORD_DEPTH - MAX_WRAPPING;

/// The API refuses values nested deeper than this; storage must take all it accepts.
const API_DEPTH: usize = 100;
const _: () = assert!(API_DEPTH + MAX_WRAPPING <= MAX_VALUE_DEPTH);

/// The nesting depth of a JSON text (arrays and objects, outside strings). Text that is not
/// JSON gets a number too; callers pass what serde_json wrote.
pub fn json_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut in_string = false;
    let mut escaped = false;
    for &b in text.as_bytes() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Refuses `text` (the JSON of `what`) if it nests deeper than `limit`.
pub fn check(text: &str, limit: usize, what: &dyn Fn() -> String) -> Result<(), CheckpointError> {
    // Each level takes two bytes at least: shorter text cannot be too deep, and most records
    // are short. Longer text is scanned once (a fraction of what writing it cost).
    if text.len() <= 2 * limit {
        return Ok(());
    }
    let depth = json_depth(text);
    if depth <= limit {
        return Ok(());
    }
    Err(CheckpointError::TooDeep(format!(
        "{} nests {depth} levels deep; storage keeps at most {limit} (values up to 100 levels deep always fit), \
         so it was not saved",
        what()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn nested(levels: usize) -> String {
        let mut text = "0".to_string();
        for level in 0..levels {
            text = if level % 2 == 0 {
                format!("[{text}]")
            } else {
                format!("{{\"k\":{text}}}")
            };
        }
        text
    }

    #[test]
    fn depth_counts_arrays_and_objects_outside_strings() {
        assert_eq!(json_depth("0"), 0);
        assert_eq!(json_depth("\"[[[\""), 0);
        assert_eq!(json_depth("[]"), 1);
        assert_eq!(json_depth(r#"{"a":[1,{"b":"]}\"{"}]}"#), 3);
        assert_eq!(json_depth(&nested(130)), 130);
    }

    #[test]
    fn the_record_limit_is_what_serde_json_reads_back() {
        let deepest = nested(MAX_RECORD_DEPTH);
        assert!(serde_json::from_str::<Value>(&deepest).is_ok());
        assert!(check(&deepest, MAX_RECORD_DEPTH, &|| "a record".into()).is_ok());
        let too_deep = nested(MAX_RECORD_DEPTH + 1);
        assert!(serde_json::from_str::<Value>(&too_deep).is_err());
        let refused = check(&too_deep, MAX_RECORD_DEPTH, &|| "the record".into()).unwrap_err();
        assert_eq!(refused.name(), "RecordTooDeepError");
        assert!(refused.to_string().contains("the record nests 128 levels"), "{refused}");
    }
}
