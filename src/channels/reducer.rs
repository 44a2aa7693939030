//! `BinaryOperatorAggregate`: a state key with a reducer (`Annotated[list, operator.add]`).
//!
//! All writes of a step are folded into the value in order, so parallel nodes can contribute to
//! one key. A write `{"__overwrite__": v}` sets the value to `v` instead of folding it.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Weak};

use serde_json::{Number, Value};

use super::messages::add_messages_in_place;
use super::{json_type, Channel, ChannelError, Reducer, OVERWRITE_KEY};

type Result<T, E = ChannelError> = std::result::Result<T, E>;

/// Holds the fold of every write so far, starting from an optional initial value.
#[derive(Clone, Debug)]
pub struct BinaryOperatorAggregate {
    reducer: Reducer,
    value: Option<Arc<Value>>,
    /// Shared by the channel and its copies (`clone_box`).
    folded: Rc<RefCell<Option<Fold>>>,
}

/// A fold computed on a copy of the channel (`update_copy`: a conditional edge reading its
/// task's own writes). When the step then brings the channel the same writes onto the same
/// value, the channel takes this result instead of folding again: the work is done once, and
/// the value the edge saw is the value the next step reads (one identity, so the JS boundary
/// converts it once).
#[derive(Debug)]
struct Fold {
    before: Option<Weak<Value>>,
    writes: Vec<Value>,
    after: Arc<Value>,
}

impl BinaryOperatorAggregate {
    /// A channel holding `start` (a default or a previous `checkpoint()`), or empty; an empty
    /// channel takes its first write as is.
    pub fn new(reducer: Reducer, start: Option<Arc<Value>>) -> Self {
        BinaryOperatorAggregate {
            reducer,
            value: start,
            folded: Rc::default(),
        }
    }

    /// The fold a copy already made of exactly `values` onto the current value.
    fn take_folded(&self, values: &[Value]) -> Option<Arc<Value>> {
        let fold = self.folded.borrow_mut().take()?;
        let same_base = match (&fold.before, &self.value) {
            (Some(before), Some(value)) => std::ptr::eq(before.as_ptr(), Arc::as_ptr(value)),
            (None, None) => true,
            _ => false,
        };
        (same_base && fold.writes == values).then_some(fold.after)
    }
}

impl Channel for BinaryOperatorAggregate {
    fn get(&self) -> Option<Arc<Value>> {
        self.value.clone()
    }

    fn update_copy(&mut self, values: Vec<Value>) -> Result<bool> {
        let before = self.value.as_ref().map(Arc::downgrade);
        let writes = values.clone();
        let changed = self.update(values)?;
        if let Some(after) = &self.value {
            *self.folded.borrow_mut() = Some(Fold {
                before,
                writes,
                after: after.clone(),
            });
        }
        Ok(changed)
    }

    /// Like LangGraph, an overwrite wins over every other write of the step, and a rejected
    /// write leaves the writes before it folded in. A built-in reducer never loses the value; a
    /// failing `Custom` reducer consumed it, leaving the channel empty.
    fn update(&mut self, values: Vec<Value>) -> Result<bool> {
        if values.is_empty() {
            return Ok(false);
        }
        if let Some(folded) = self.take_folded(&values) {
            self.value = Some(folded);
            return Ok(true);
        }
        let mut overwrite = None;
        let mut writes = Vec::with_capacity(values.len());
        for value in values {
            match into_overwrite(value) {
                Ok(content) => {
                    if overwrite.replace(content).is_some() {
                        return Err(ChannelError::ConcurrentOverwrite);
                    }
                }
                Err(value) => writes.push(value),
            }
        }
        if let Some(content) = overwrite {
            self.value = Some(Arc::new(content));
            return Ok(true);
        }
        // `append`/`add` on lists always append; `add_messages` appended every message iff the
        // list grew by all of them (a replaced or removed one would be missing) and the list
        // already had its ids (merging gives id-less messages ids, changing the earlier items).
        let appends_only = match self.reducer {
            Reducer::Append | Reducer::Add => true,
            Reducer::Messages => self
                .value
                .as_deref()
                .and_then(Value::as_array)
                .is_some_and(|items| items.iter().all(super::messages::is_normal)),
            Reducer::Merge | Reducer::Custom(_) => false,
        };
        let before = self
            .value
            .as_ref()
            .filter(|_| appends_only)
            .map(|v| (Arc::downgrade(v), list_len(v)));
        let appended: usize = writes.iter().map(|w| list_len(w).unwrap_or(1)).sum();
        // Unwrapping the Arc lets the fold extend the value in place when nobody else holds it.
        let mut current = self.value.take().map(Arc::unwrap_or_clone);
        let reducer = &self.reducer;
        let result = writes.into_iter().try_for_each(|v| fold(reducer, &mut current, v));
        self.value = current.map(Arc::new);
        if let (Ok(()), Some((previous, Some(old_len))), Some(value)) = (&result, before, &self.value) {
            if list_len(value) == Some(old_len + appended) {
                lineage::record(value, previous, old_len);
            }
        }
        result.map(|()| true)
    }

    fn checkpoint(&self) -> Option<Arc<Value>> {
        self.value.clone()
    }

    fn clone_box(&self) -> Box<dyn Channel> {
        Box::new(self.clone())
    }
}

fn list_len(value: &Value) -> Option<usize> {
    value.as_array().map(Vec::len)
}

/// Which list values are an earlier list plus appended items, so that a consumer holding the
/// earlier list (the JS boundary's cache of converted values) can convert just the new items.
/// Entries hold weak references: a `Weak` keeps its allocation's address from being reused,
/// so pointer equality identifies values exactly, and a value whose strong count dropped to
/// zero (it was extended in place) can no longer be matched. A few recent entries suffice: a
/// miss only costs a full conversion.
pub mod lineage {
    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::sync::{Arc, Weak};

    use serde_json::Value;

    const KEPT: usize = 64;

    /// (the longer list, the list it extends, that list's length)
    type Entry = (Weak<Value>, Weak<Value>, usize);

    thread_local! {
        static ENTRIES: RefCell<VecDeque<Entry>> = const { RefCell::new(VecDeque::new()) };
    }

    pub(super) fn record(value: &Arc<Value>, previous: Weak<Value>, previous_len: usize) {
        ENTRIES.with(|entries| {
            let mut entries = entries.borrow_mut();
            if entries.len() == KEPT {
                entries.pop_front();
            }
            entries.push_back((Arc::downgrade(value), previous, previous_len));
        });
    }

    /// How many leading items `value` shares with `earlier`, when `value` is known to be
    /// `earlier` plus appended items, directly or through versions in between (that nobody
    /// needs to hold: `earlier`'s items are the same at every link). `earlier` may be a weak
    /// reference to a value since extended in place: only its identity is compared.
    pub fn appended_to(value: &Arc<Value>, earlier: &Weak<Value>) -> Option<usize> {
        ENTRIES.with(|entries| {
            let entries = entries.borrow();
            let mut at = Arc::as_ptr(value);
            for _ in 0..KEPT {
                let (_, previous, len) = entries.iter().rev().find(|(later, _, _)| later.as_ptr() == at)?;
                if previous.as_ptr() == earlier.as_ptr() {
                    return Some(*len);
                }
                at = previous.as_ptr();
            }
            None
        })
    }
}

/// The replacement value if `value` is an overwrite, else `value` back. Besides
/// `{"__overwrite__": v}`, accepts `{"type": "__overwrite__", "value": v}`, which is what
/// LangGraph's `Overwrite` becomes when serialized to JSON.
fn into_overwrite(value: Value) -> Result<Value, Value> {
    let Value::Object(mut fields) = value else {
        return Err(value);
    };
    if fields.len() == 1 {
        if let Some(content) = fields.remove(OVERWRITE_KEY) {
            return Ok(content);
        }
    } else if fields.get("type").and_then(Value::as_str) == Some(OVERWRITE_KEY) {
        if let Some(content) = fields.remove("value") {
            return Ok(content);
        }
    }
    Err(Value::Object(fields))
}

fn fold(reducer: &Reducer, current: &mut Option<Value>, update: Value) -> Result<()> {
    let Some(value) = current.as_mut() else {
        *current = Some(update);
        return Ok(());
    };
    let result = apply_in_place(reducer, value, update);
    if result.is_err() && matches!(reducer, Reducer::Custom(_)) {
        // The custom reducer consumed the value; an empty channel is more honest than a null.
        *current = None;
    }
    result
}

pub(super) fn apply(reducer: &Reducer, current: Value, update: Value) -> Result<Value> {
    let mut current = current;
    apply_in_place(reducer, &mut current, update)?;
    Ok(current)
}

/// On error `current` is left as it was, except that a `Custom` reducer has consumed it.
fn apply_in_place(reducer: &Reducer, current: &mut Value, update: Value) -> Result<()> {
    match reducer {
        Reducer::Messages => return add_messages_in_place(current, update),
        Reducer::Custom(f) => {
            *current = f(std::mem::take(current), update).map_err(ChannelError::Reducer)?;
            return Ok(());
        }
        Reducer::Append | Reducer::Add | Reducer::Merge => {}
    }
    match (reducer, current, update) {
        (Reducer::Append, Value::Array(items), Value::Array(more)) => items.extend(more),
        (Reducer::Append, Value::Array(items), other) => items.push(other),
        // Python's `operator.add`.
        (Reducer::Add, Value::Number(a), Value::Number(b)) => *a = add_numbers(a, &b)?,
        (Reducer::Add, Value::String(a), Value::String(b)) => a.push_str(&b),
        (Reducer::Add, Value::Array(a), Value::Array(b)) => a.extend(b),
        (Reducer::Merge, Value::Object(fields), Value::Object(more)) => fields.extend(more),
        (reducer, current, update) => {
            let (a, b) = (json_type(current), json_type(&update));
            return Err(ChannelError::InvalidValue(match reducer {
                Reducer::Append => format!("the append reducer needs an array, got {a}"),
                Reducer::Add => format!("cannot add {a} and {b}"),
                _ => format!("the {} reducer cannot combine {a} and {b}", reducer.name()),
            }));
        }
    }
    Ok(())
}

fn add_numbers(a: &Number, b: &Number) -> Result<Number> {
    let int = |n: &Number| n.as_i64().map(i128::from).or(n.as_u64().map(i128::from));
    if let (Some(x), Some(y)) = (int(a), int(b)) {
        let sum = x + y;
        if let Ok(sum) = i64::try_from(sum) {
            return Ok(sum.into());
        }
        if let Ok(sum) = u64::try_from(sum) {
            return Ok(sum.into());
        }
    }
    let sum = a.as_f64().zip(b.as_f64()).map(|(x, y)| x + y);
    let not_finite = || ChannelError::InvalidValue(format!("{a} + {b} is not a finite number"));
    sum.and_then(Number::from_f64).ok_or_else(not_finite)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::ChannelSpec;
    use serde_json::json;

    fn channel(reducer: Reducer, start: Option<Value>) -> BinaryOperatorAggregate {
        BinaryOperatorAggregate::new(reducer, start.map(Arc::new))
    }

    fn value(channel: &dyn Channel) -> Option<Value> {
        channel.get().as_deref().cloned()
    }

    #[test]
    fn a_copys_fold_is_taken_for_the_same_writes_and_ignored_for_others() {
        let calls = Rc::new(std::cell::Cell::new(0));
        let counted = calls.clone();
        let add: crate::channels::ReducerFn = Rc::new(move |a: Value, b: Value| {
            counted.set(counted.get() + 1);
            Ok(json!(a.as_i64().unwrap_or(0) + b.as_i64().unwrap_or(0)))
        });
        let mut original = channel(Reducer::Custom(add), Some(json!(1)));

        let mut copy = original.clone_box();
        copy.update_copy(vec![json!(2)]).unwrap();
        original.update(vec![json!(2)]).unwrap();
        assert_eq!(calls.get(), 1, "the original took the copy's fold");
        assert!(Arc::ptr_eq(&original.get().unwrap(), &copy.get().unwrap()));
        assert_eq!(value(&original), Some(json!(3)));

        // Other writes (another task wrote too), or a value changed since: folded again.
        let mut copy = original.clone_box();
        copy.update_copy(vec![json!(5)]).unwrap();
        original.update(vec![json!(5), json!(1)]).unwrap();
        assert_eq!(value(&original), Some(json!(9)));
        assert_eq!(calls.get(), 4);
        let mut copy = original.clone_box();
        copy.update_copy(vec![json!(1)]).unwrap();
        original.update(vec![json!(1)]).unwrap();
        let stale = copy.get();
        original.update(vec![json!(1)]).unwrap();
        assert_eq!(value(&original), Some(json!(11)));
        assert_eq!(stale.as_deref(), Some(&json!(10)));
    }

    fn invalid(result: Result<Value>) -> String {
        match result {
            Err(ChannelError::InvalidValue(msg)) => msg,
            other => panic!("expected InvalidValue, got {other:?}"),
        }
    }

    #[test]
    fn lineage_names_the_list_a_value_extends_only_when_items_were_appended() {
        let mut c = channel(
            Reducer::Messages,
            Some(
                json!([{"id": "1", "type": "human", "content": "hi", "additional_kwargs": {}, "response_metadata": {}}]),
            ),
        );
        let first = c.get().expect("a value");
        c.update(vec![json!({"id": "2", "type": "ai", "content": "hello"})])
            .expect("merged");
        let second = c.get().expect("a value");
        assert_eq!(lineage::appended_to(&second, &Arc::downgrade(&first)), Some(1));
        // A replaced message is not an append.
        c.update(vec![json!({"id": "2", "type": "ai", "content": "edited"})])
            .expect("merged");
        let third = c.get().expect("a value");
        assert_eq!(lineage::appended_to(&third, &Arc::downgrade(&second)), None);
        // Through a version nobody held: a list extended in place twice still names the first.
        let mut list = channel(Reducer::Append, Some(json!([0])));
        let start = Arc::downgrade(&list.get().expect("a value"));
        list.update(vec![json!(1)]).expect("appended");
        list.update(vec![json!([2, 3])]).expect("appended");
        assert_eq!(lineage::appended_to(&list.get().expect("a value"), &start), Some(1));

        let mut list = channel(Reducer::Add, Some(json!([1])));
        let before = list.get().expect("a value");
        list.update(vec![json!([2, 3]), json!([4])]).expect("added");
        assert_eq!(
            lineage::appended_to(&list.get().expect("a value"), &Arc::downgrade(&before)),
            Some(1)
        );
        let mut merged = channel(Reducer::Merge, Some(json!({"a": 1})));
        let before = merged.get().expect("a value");
        merged.update(vec![json!({"b": 2})]).expect("merged");
        assert_eq!(
            lineage::appended_to(&merged.get().expect("a value"), &Arc::downgrade(&before)),
            None
        );
    }

    #[test]
    fn append_extends_with_arrays_and_pushes_other_values() {
        let mut c = channel(Reducer::Append, Some(json!([])));
        assert_eq!(c.update(vec![json!([1, 2]), json!(3), json!({})]), Ok(true));
        assert_eq!(value(&c), Some(json!([1, 2, 3, {}])));
        let msg = invalid(Reducer::Append.apply(json!("x"), json!(1)));
        assert!(msg.contains("needs an array, got string"), "{msg}");
    }

    #[test]
    fn add_sums_numbers_and_concatenates_strings_and_arrays() {
        let cases = [
            (json!(2), json!(3), json!(5)),
            (json!(-1), json!(u64::MAX), json!(u64::MAX - 1)),
            (json!(i64::MAX), json!(1), json!(i64::MAX as u64 + 1)),
            (json!(u64::MAX), json!(1), json!(u64::MAX as f64 + 1.0)),
            (json!(1), json!(0.5), json!(1.5)),
            (json!("ab"), json!("c"), json!("abc")),
            (json!([1]), json!([2]), json!([1, 2])),
        ];
        for (a, b, sum) in cases {
            assert_eq!(Reducer::Add.apply(a, b), Ok(sum));
        }
        assert!(Reducer::Add.apply(json!(2), json!(3)).unwrap().is_i64());
        let msg = invalid(Reducer::Add.apply(json!("a"), json!(1)));
        assert_eq!(msg, "cannot add string and number");
        let msg = invalid(Reducer::Add.apply(json!(f64::MAX), json!(f64::MAX)));
        assert!(msg.contains("not a finite"), "{msg}");
    }

    #[test]
    fn merge_is_shallow_and_the_update_wins() {
        let merged = Reducer::Merge.apply(json!({"a": {"x": 1}, "b": 2}), json!({"a": {"y": 2}}));
        assert_eq!(merged, Ok(json!({"a": {"y": 2}, "b": 2})));
        let msg = invalid(Reducer::Merge.apply(json!({}), json!([1])));
        assert_eq!(msg, "the merge reducer cannot combine object and array");
    }

    #[test]
    fn messages_reducer_merges_by_id() {
        let mut c = channel(Reducer::Messages, Some(json!([{"content": "a", "id": "1"}])));
        c.update(vec![json!({"content": "b", "id": "1"})]).unwrap();
        assert_eq!(value(&c), Some(json!([{"content": "b", "id": "1"}])));
    }

    #[test]
    fn a_custom_reducer_is_called_and_its_error_is_reported() {
        let max = |a: Value, b: Value| match (a.as_i64(), b.as_i64()) {
            (Some(a), Some(b)) => Ok(json!(a.max(b))),
            _ => Err("not integers".to_string()),
        };
        let mut c = channel(Reducer::Custom(Rc::new(max)), Some(json!(5)));
        assert_eq!(c.update(vec![json!(3), json!(8)]), Ok(true));
        assert_eq!(value(&c), Some(json!(8)));
        let err = c.update(vec![json!("x")]);
        assert_eq!(err, Err(ChannelError::Reducer("not integers".into())));
        assert_eq!(value(&c), None, "the failed reducer consumed the value");
    }

    #[test]
    fn an_empty_channel_takes_its_first_write_as_is() {
        let mut c = channel(Reducer::Add, None);
        assert_eq!(value(&c), None);
        assert_eq!(c.update(vec![json!("a"), json!("b")]), Ok(true));
        assert_eq!(value(&c), Some(json!("ab")));
    }

    #[test]
    fn a_rejected_write_keeps_the_writes_folded_before_it() {
        let mut c = channel(Reducer::Add, Some(json!(1)));
        assert!(c.update(vec![json!(2), json!("x"), json!(4)]).is_err());
        assert_eq!(value(&c), Some(json!(3)));
    }

    #[test]
    fn an_overwrite_replaces_an_appended_list() {
        let mut c = channel(Reducer::Append, Some(json!([1, 2])));
        let writes = vec![json!([3]), json!({OVERWRITE_KEY: ["new"]}), json!([4])];
        assert_eq!(c.update(writes), Ok(true));
        // As in LangGraph, the step's other writes are dropped.
        assert_eq!(value(&c), Some(json!(["new"])));
        // The form a serialized `Overwrite` takes.
        c.update(vec![json!({"type": OVERWRITE_KEY, "value": []})]).unwrap();
        assert_eq!(value(&c), Some(json!([])));
        // Not an overwrite: other keys.
        c.update(vec![json!({OVERWRITE_KEY: 1, "b": 2})]).unwrap();
        assert_eq!(value(&c), Some(json!([{OVERWRITE_KEY: 1, "b": 2}])));

        let mut empty = channel(Reducer::Add, None);
        empty.update(vec![json!({OVERWRITE_KEY: 7})]).unwrap();
        assert_eq!(value(&empty), Some(json!(7)));
    }

    #[test]
    fn two_overwrites_in_one_step_are_an_error() {
        let mut c = channel(Reducer::Append, Some(json!([1])));
        let writes = vec![json!({OVERWRITE_KEY: [2]}), json!({OVERWRITE_KEY: [3]})];
        assert_eq!(c.update(writes), Err(ChannelError::ConcurrentOverwrite));
        assert_eq!(value(&c), Some(json!([1])));
    }

    #[test]
    fn an_unchanged_channel_returns_the_same_arc() {
        let mut c = channel(Reducer::Append, Some(json!([1])));
        let before = c.get().unwrap();
        assert_eq!(c.update(vec![]), Ok(false));
        assert!(Arc::ptr_eq(&before, &c.get().unwrap()));
    }

    #[test]
    fn a_value_nobody_else_holds_is_extended_in_place() {
        let mut c = channel(Reducer::Append, Some(Value::Array(Vec::with_capacity(8))));
        let buffer = |c: &BinaryOperatorAggregate| c.get()?.as_array().map(|a| a.as_ptr());
        let before = buffer(&c);
        c.update(vec![json!(1), json!([2, 3])]).unwrap();
        assert_eq!(buffer(&c), before);
    }

    #[test]
    fn a_value_read_before_an_update_is_not_changed_by_it() {
        let mut c = channel(Reducer::Append, Some(json!([1])));
        let before = c.get().unwrap();
        c.update(vec![json!(2)]).unwrap();
        assert_eq!(*before, json!([1]));
        assert_eq!(value(&c), Some(json!([1, 2])));
    }

    #[test]
    fn a_channel_restored_from_its_checkpoint_has_the_same_value() {
        let (reducer, default) = (Reducer::Append, None);
        let spec = ChannelSpec::Reducer { reducer, default };
        let mut c = spec.create(None).unwrap();
        assert_eq!(value(&*c), Some(json!([])), "the reducer's initial value");
        c.update(vec![json!("a")]).unwrap();
        assert_eq!(spec.create(c.checkpoint()).unwrap().get(), c.get());
    }
}
