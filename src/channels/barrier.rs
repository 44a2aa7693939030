//! `NamedBarrierValue`: a join that fires once every named upstream node has written.
//!
//! Backs `join:a+b:c` channels: each of `a` and `b` writes its own name, and `c` is triggered
//! only when all names were seen. Consuming the trigger resets the barrier for the next round.

use std::sync::Arc;

use serde_json::Value;

use super::{json_type, Channel, ChannelError};
use crate::sorted::SortedSet;

/// The set of names seen so far out of the expected `names`.
#[derive(Clone, Debug)]
pub struct NamedBarrierValue {
    names: SortedSet<String>,
    seen: SortedSet<String>,
    /// What `get` returns when the barrier is open; one allocation per channel keeps it pointer-stable.
    open: Arc<Value>,
}

impl NamedBarrierValue {
    /// A barrier expecting `names`, having seen `saved` (a previous `checkpoint()`: an array of
    /// names) or nothing.
    pub fn new(names: SortedSet<String>, saved: Option<Arc<Value>>) -> Result<Self, ChannelError> {
        let mut barrier = NamedBarrierValue {
            names,
            seen: SortedSet::new(),
            open: Arc::new(Value::Null),
        };
        match saved.as_deref() {
            None => {}
            Some(Value::Array(seen)) => {
                for name in seen {
                    barrier.see(name)?;
                }
            }
            Some(other) => {
                return Err(ChannelError::InvalidValue(format!(
                    "a barrier checkpoint must be an array of names, got {}",
                    json_type(other)
                )))
            }
        }
        Ok(barrier)
    }

    fn is_open(&self) -> bool {
        self.seen == self.names
    }

    /// Records `name`, returning whether it is new.
    fn see(&mut self, name: &Value) -> Result<bool, ChannelError> {
        match name {
            Value::String(name) if self.names.contains(name) => Ok(self.seen.insert(name.clone())),
            other => {
                let expected: Vec<&str> = self.names.iter().map(String::as_str).collect();
                Err(ChannelError::InvalidValue(format!(
                    "barrier got {other}, expected one of {expected:?}"
                )))
            }
        }
    }
}

impl Channel for NamedBarrierValue {
    fn get(&self) -> Option<Arc<Value>> {
        self.is_open().then(|| self.open.clone())
    }

    fn update(&mut self, values: Vec<Value>) -> Result<bool, ChannelError> {
        let mut changed = false;
        for value in &values {
            changed |= self.see(value)?;
        }
        Ok(changed)
    }

    fn consume(&mut self) -> bool {
        if !self.is_open() {
            return false;
        }
        self.seen.clear();
        true
    }

    fn checkpoint(&self) -> Option<Arc<Value>> {
        if self.seen.is_empty() {
            return None;
        }
        let seen = self.seen.iter().cloned().map(Value::String).collect();
        Some(Arc::new(Value::Array(seen)))
    }

    fn clone_box(&self) -> Box<dyn Channel> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::ChannelSpec;
    use serde_json::json;

    fn names(list: &[&str]) -> SortedSet<String> {
        list.iter().map(|name| name.to_string()).collect()
    }

    fn barrier(list: &[&str]) -> NamedBarrierValue {
        NamedBarrierValue::new(names(list), None).unwrap()
    }

    #[test]
    fn a_barrier_is_available_only_once_every_name_was_seen_and_consume_resets_it() {
        let mut channel = barrier(&["a", "b"]);
        assert_eq!(channel.update(vec![json!("a")]), Ok(true));
        assert_eq!(channel.get(), None);
        assert!(!channel.consume());
        assert_eq!(channel.update(vec![json!("b")]), Ok(true));
        assert_eq!(channel.get().as_deref(), Some(&Value::Null));
        assert!(channel.consume());
        assert!(!channel.is_available());
        assert_eq!(channel.checkpoint(), None);
        assert!(!channel.consume());
    }

    #[test]
    fn seeing_a_name_again_changes_nothing() {
        let mut channel = barrier(&["a", "b"]);
        assert_eq!(channel.update(vec![json!("a"), json!("a")]), Ok(true));
        assert_eq!(channel.update(vec![json!("a")]), Ok(false));
        assert_eq!(channel.update(vec![]), Ok(false));
    }

    #[test]
    fn an_unknown_name_is_rejected_with_the_expected_names() {
        let mut channel = barrier(&["a", "b"]);
        let Err(ChannelError::InvalidValue(msg)) = channel.update(vec![json!("c")]) else {
            panic!("expected an InvalidValue error");
        };
        assert!(msg.contains("\"c\"") && msg.contains(r#"["a", "b"]"#), "{msg}");
        assert!(channel.update(vec![json!(1)]).is_err());
    }

    #[test]
    fn an_open_barrier_returns_the_same_arc() {
        let mut channel = barrier(&["a"]);
        channel.update(vec![json!("a")]).unwrap();
        assert!(Arc::ptr_eq(&channel.get().unwrap(), &channel.get().unwrap()));
    }

    #[test]
    fn the_checkpoint_lists_the_seen_names_sorted() {
        let mut channel = barrier(&["a", "b", "c"]);
        channel.update(vec![json!("c"), json!("a")]).unwrap();
        assert_eq!(channel.checkpoint().as_deref(), Some(&json!(["a", "c"])));
    }

    #[test]
    fn a_channel_restored_from_its_checkpoint_has_the_same_state() {
        let mut channel = barrier(&["a", "b"]);
        channel.update(vec![json!("a")]).unwrap();
        let spec = ChannelSpec::NamedBarrier {
            names: names(&["a", "b"]),
        };
        let mut restored = spec.create(channel.checkpoint()).unwrap();
        assert_eq!(restored.checkpoint(), channel.checkpoint());
        assert_eq!(restored.update(vec![json!("b")]), Ok(true));
        assert!(restored.is_available());
    }

    #[test]
    fn a_checkpoint_that_is_not_an_array_of_expected_names_is_rejected() {
        let saved = |v: Value| NamedBarrierValue::new(names(&["a"]), Some(Arc::new(v)));
        assert!(matches!(saved(json!("a")), Err(ChannelError::InvalidValue(_))));
        assert!(matches!(saved(json!(["z"])), Err(ChannelError::InvalidValue(_))));
    }
}
