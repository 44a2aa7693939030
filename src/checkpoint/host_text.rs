//! *Host text*: a stored value's JSON text kept by the host that encoded it (a JS string, for a
//! JS graph), never copied into the engine unless a checkpoint is read. A saver that lives in
//! the same process as the host (`MemorySaver`) stores a token naming the text, and keeps the
//! text alive with a [`HostPin`]; copying each save's text in, escaping its long strings and
//! keeping the bytes was a tenth of a short run with a checkpointer, for records that are mostly
//! never read.
//!
//! The token is a string value with a prefix no JSON data holds (as JSON text values have, see
//! `encoded`), so it travels through the saver API as an ordinary `Value`. Who stores one must
//! hold the pin the writer made for it ([`pin`]) for as long as it keeps the token: when the last
//! pin goes, the text goes, and reading the token fails as a corrupt record.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::sync::OnceLock;

use serde_json::Value;

use super::CheckpointError;

/// A text the host keeps.
pub trait HostText {
    /// The JSON text, copied into the engine.
    fn text(&self) -> Option<String>;
}

/// What keeps a host text alive.
pub type HostPin = Rc<dyn HostText>;

/// How a host text token starts: a NUL, `lgw-host`, then this instance's tag (as JSON text values
/// do, see `encoded`).
fn prefix() -> &'static str {
    static PREFIX: OnceLock<String> = OnceLock::new();
    PREFIX.get_or_init(|| format!("\u{0}lgw-host{}:", crate::random::instance_tag()))
}

thread_local! {
    /// Token number → its text, while someone pins it; in the order of the numbers, which are
    /// handed out rising.
    static TEXTS: RefCell<Vec<(u64, Weak<dyn HostText>)>> = const { RefCell::new(Vec::new()) };
    static NEXT: Cell<u64> = const { Cell::new(1) };
    /// How many entries `TEXTS` may hold before dead ones are swept out.
    static SWEEP_AT: Cell<usize> = const { Cell::new(64) };
}

/// Registers `text` and answers its token (a value to store) and the pin that keeps it.
pub fn register(text: HostPin) -> (Value, HostPin) {
    let id = NEXT.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    TEXTS.with(|texts| {
        let mut texts = texts.borrow_mut();
        if texts.len() >= SWEEP_AT.with(Cell::get) {
            texts.retain(|(_, text)| text.strong_count() > 0);
            SWEEP_AT.with(|at| at.set((texts.len() * 2).max(64)));
        }
        texts.push((id, Rc::downgrade(&text)));
    });
    let mut token = String::with_capacity(prefix().len() + 20);
    token.push_str(prefix());
    token.push_str(itoa::Buffer::new().format(id));
    (Value::String(token), text)
}

/// The token number of a host text value.
fn id_of(value: &Value) -> Option<u64> {
    value.as_str()?.strip_prefix(prefix())?.parse().ok()
}

/// Whether `value` is a host text token.
pub fn is_host_text(value: &Value) -> bool {
    id_of(value).is_some()
}

/// The pin of the text `value` names, while it is alive; `None` for any other value.
pub fn pin(value: &Value) -> Option<HostPin> {
    let id = id_of(value)?;
    TEXTS.with(|texts| {
        let texts = texts.borrow();
        let at = texts.binary_search_by_key(&id, |(id, _)| *id).ok()?;
        texts.get(at)?.1.upgrade()
    })
}

/// The JSON text a host text value names, copied in; `None` for any other value.
pub fn resolve(value: &Value) -> Option<Result<String, CheckpointError>> {
    id_of(value)?;
    Some(
        pin(value)
            .and_then(|text| text.text())
            .ok_or_else(|| CheckpointError::Corrupt("a stored value whose text is gone".into())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(&'static str);

    impl HostText for Fixed {
        fn text(&self) -> Option<String> {
            Some(self.0.to_string())
        }
    }

    #[test]
    fn a_text_lives_as_long_as_a_pin_and_reads_back_as_itself() {
        let (token, kept) = register(Rc::new(Fixed(r#"{"a":1}"#)));
        assert!(is_host_text(&token));
        let second = pin(&token).unwrap();
        assert_eq!(resolve(&token).unwrap().unwrap(), r#"{"a":1}"#);
        drop(kept);
        assert_eq!(resolve(&token).unwrap().unwrap(), r#"{"a":1}"#);
        drop(second);
        let gone = resolve(&token).unwrap().unwrap_err();
        assert_eq!(gone.name(), "CorruptRecordError");
        assert!(pin(&token).is_none());
        // Anything else is not a token.
        assert!(resolve(&Value::from("lgw-host:1")).is_none());
        assert!(!is_host_text(&Value::from(3)));
    }

    #[test]
    fn dead_entries_are_swept_as_texts_come_and_go() {
        let live: Vec<_> = (0..10).map(|_| register(Rc::new(Fixed("1")))).collect();
        for _ in 0..1000 {
            drop(register(Rc::new(Fixed("2"))));
        }
        let held = TEXTS.with(|t| t.borrow().len());
        assert!(held < 200, "{held} entries held for 10 live texts");
        for (token, _) in &live {
            assert_eq!(resolve(token).unwrap().unwrap(), "1");
        }
    }
}
