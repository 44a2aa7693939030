//! Channel values in the forms a writer may store besides plain JSON, when its saver says it
//! reads them back ([`Checkpointer::encodings`](super::Checkpointer::encodings)):
//!
//! - a *delta*: a list that only grew since an earlier version, stored as its new items;
//! - *JSON text*: the value as the text its host encoded it to, kept unparsed. Parsing a large
//!   value into a tree and dropping it later cost more than everything else a save does (a JS
//!   graph's values are encoded by JS, so the text already exists); a saver that keeps the text
//!   parses it only when a checkpoint is read;
//! - *host text*: a token naming JSON text the host keeps (`host_text`), for a saver in the
//!   host's own process.
//!
//! All three travel through the saver API as ordinary `Value`s (a one-key object, a string with a
//! prefix no JSON data holds), so savers that do not read them never see them: the writer asks
//! first.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::{host_text, ChannelVersion, CheckpointError};

/// What a saver reads back besides plain JSON values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Encodings {
    /// Delta values ([`delta`]).
    pub deltas: bool,
    /// JSON text values ([`json_text`]).
    pub text: bool,
    /// Host text values ([`super::host_text`]): only a saver in the host's own process, which
    /// keeps the pins of what it stores.
    pub host: bool,
}

/// The key of a delta value: the value the channel had at an earlier version (`base`), with
/// items appended (`append`: a JSON array, or the JSON text of one).
pub const DELTA_KEY: &str = "__lgw_delta__";

/// A delta value: the channel's value at version `base` with the items of `append` appended.
pub fn delta(base: ChannelVersion, append: Value) -> Value {
    // Built by hand: `json!` would serialize `append` into a new tree, copying its text.
    let fields = serde_json::Map::from_iter([("base".to_string(), Value::from(base)), ("append".to_string(), append)]);
    Value::Object(serde_json::Map::from_iter([(
        DELTA_KEY.to_string(),
        Value::Object(fields),
    )]))
}

/// The base version and the appended items (an array or JSON text) of a delta value.
pub fn as_delta(value: &Value) -> Option<(ChannelVersion, &Value)> {
    let fields = value.as_object().filter(|o| o.len() == 1)?.get(DELTA_KEY)?;
    let base = fields.get("base")?.as_u64()?;
    let append = fields.get("append")?;
    (append.is_array() || as_json_text(append).is_some() || host_text::is_host_text(append)).then_some((base, append))
}

/// How a JSON text value starts: a NUL, `lgw-json`, then this instance's tag
/// (`random::instance_tag`), so that no string a value holds (a node's, one read back from a
/// checkpoint) spells it. Such values live only in the process that wrote them.
pub fn json_text_prefix() -> &'static str {
    static PREFIX: OnceLock<String> = OnceLock::new();
    PREFIX.get_or_init(|| format!("\u{0}lgw-json{}:", crate::random::instance_tag()))
}

/// `text` (JSON, which the caller vouches for) as a JSON text value.
pub fn json_text(text: &str) -> Value {
    Value::String(format!("{}{text}", json_text_prefix()))
}

/// The JSON text of a JSON text value.
pub fn as_json_text(value: &Value) -> Option<&str> {
    value.as_str()?.strip_prefix(json_text_prefix())
}

/// `value` as a tree: JSON text (or host text) parsed, anything else as it is.
pub fn parsed(value: &Arc<Value>) -> Result<Arc<Value>, CheckpointError> {
    match parsed_text(value)? {
        Some(parsed) => Ok(Arc::new(parsed)),
        None => Ok(Arc::clone(value)),
    }
}

/// [`parsed`] for a value not shared behind an `Arc` (a pending write).
pub fn parsed_value(value: &Value) -> Result<Value, CheckpointError> {
    match parsed_text(value)? {
        Some(parsed) => Ok(parsed),
        None => Ok(value.clone()),
    }
}

/// The tree of a JSON text or host text value; `None` for any other value.
fn parsed_text(value: &Value) -> Result<Option<Value>, CheckpointError> {
    if let Some(text) = as_json_text(value) {
        return parse(text).map(Some);
    }
    match host_text::resolve(value) {
        Some(text) => parse(&text?).map(Some),
        None => Ok(None),
    }
}

/// The items of a delta's `append` (see [`as_delta`]).
pub fn appended_items(append: &Value) -> Result<Cow<'_, [Value]>, CheckpointError> {
    if let Value::Array(items) = append {
        return Ok(Cow::Borrowed(items));
    }
    match parsed_text(append)? {
        Some(Value::Array(items)) => Ok(Cow::Owned(items)),
        Some(_) => Err(CheckpointError::Corrupt(
            "a stored delta whose items are not a list".into(),
        )),
        None => Err(CheckpointError::Corrupt("a stored delta without items".into())),
    }
}

fn parse(text: &str) -> Result<Value, CheckpointError> {
    serde_json::from_str(text).map_err(|e| CheckpointError::Corrupt(format!("a stored value that is not JSON ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_text_reads_back_as_the_value_it_holds() {
        let stored = Arc::new(json_text(r#"{"a":[1,"x"]}"#));
        assert_eq!(*parsed(&stored).unwrap(), json!({"a": [1, "x"]}));
        // Anything else is handed back as it is: a plain string is not JSON text.
        let plain = Arc::new(json!("lgw-json:{}"));
        assert!(Arc::ptr_eq(&parsed(&plain).unwrap(), &plain));
        assert_eq!(
            parsed(&Arc::new(json_text("{not json"))).unwrap_err().name(),
            "CorruptRecordError"
        );
    }

    #[test]
    fn a_string_that_only_starts_like_a_token_is_a_string() {
        for s in ["\u{0}lgw-json:{}", "\u{0}lgw-host:1"] {
            let value = Arc::new(json!(s));
            assert_eq!(as_json_text(&value), None);
            assert!(!host_text::is_host_text(&value));
            assert!(Arc::ptr_eq(&parsed(&value).unwrap(), &value));
        }
    }

    #[test]
    fn a_delta_carries_its_items_as_a_list_or_as_text() {
        let as_list = delta(3, json!([1, 2]));
        assert_eq!(as_list, json!({ DELTA_KEY: { "base": 3, "append": [1, 2] } }));
        let (base, append) = as_delta(&as_list).unwrap();
        assert_eq!(
            (base, appended_items(append).unwrap().to_vec()),
            (3, vec![json!(1), json!(2)])
        );
        let as_text = delta(4, json_text("[3]"));
        let (base, append) = as_delta(&as_text).unwrap();
        assert_eq!((base, appended_items(append).unwrap().to_vec()), (4, vec![json!(3)]));
        // A one-key object that merely looks like a delta is a value.
        assert_eq!(as_delta(&json!({ DELTA_KEY: { "base": 1, "append": "x" } })), None);
        assert_eq!(
            appended_items(&json_text("{}")).unwrap_err().name(),
            "CorruptRecordError"
        );
    }
}
