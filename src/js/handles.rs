//! JS graphs' state values, held by handle. What a node returns stays a JS value: each state
//! key's value is registered in its run's scope and the engine gets a *handle* (a token string
//! it stores and copies like any JSON string). A node reading the state gets the registered
//! values themselves, by reference, as LangGraph.js passes them. Values cross into JSON only
//! when they leave the run: a checkpoint (encoded by `lib/values.js` in LangGraph.js's
//! JsonPlusSerializer format), the server's records and responses.
//!
//! JSON the engine holds (a checkpoint's values, input sent over HTTP) is handed to JS by
//! `to_js`, which revives stored records (LangChain objects as their classes, `Map`s, …).
//!
//! Encoding, decoding, freezing and the built-in reducers are `lib/values.js`'s, called
//! through `values`.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Object};
// Keys here are small integers (scope ids, value indices) and channel keys, read at every value
// a node reads or writes: SipHash's resistance to chosen keys buys nothing and costs time.
use rustc_hash::FxHashMap as HashMap;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::interop::{self, NotJson};
use super::values::{self, decode, encode_js, encode_js_host, encode_js_text, freeze, freeze_reduced};
use crate::checkpoint::host_text::HostPin;
use crate::checkpoint::Encodings;
use crate::pregel::host::{self, HostScope, NotStorable, ValueHost};

/// Handles are strings no JSON data holds: a NUL, then `lgw:`, this instance's tag
/// (`random::instance_tag`), then `<scope>:<index>`.
const PREFIX: &str = "\u{0}lgw:";

/// What a handle of a run that has ended is, when something tries to store it.
const ENDED: &str = "a value of a run that has ended";

thread_local! {
    /// The values of each live scope, by scope id.
    static SCOPES: RefCell<HashMap<u32, Array>> = RefCell::new(HashMap::default());
    static NEXT_SCOPE: Cell<u32> = const { Cell::new(1) };
    /// The node whose output is being registered (see `writing_as`).
    static WRITER: RefCell<Option<Rc<str>>> = const { RefCell::new(None) };
}

/// Runs `f` with the values it registers noted as written by node `node`, so that a value that
/// cannot be saved later is reported with the node that wrote it.
pub(crate) fn writing_as<T>(node: &str, f: impl FnOnce() -> T) -> T {
    let previous = WRITER.with(|w| w.replace(Some(Rc::from(node))));
    let out = f();
    WRITER.with(|w| *w.borrow_mut() = previous);
    out
}

/// How many deltas in a row a channel may be saved as before a whole value again (a read walks
/// the chain back to a whole value).
const MAX_DELTAS: u32 = 64;

/// The handles of one run (see `crate::pregel::host`).
pub(crate) struct JsScope {
    id: u32,
    /// This scope's values (the list `SCOPES` holds, which handles are resolved in from anywhere).
    values: Array,
    /// Handle → the list it extends with items appended, as reducers made them.
    lineage: RefCell<HashMap<u32, Grown>>,
    /// Per channel (`thread\0namespace\0channel`): what this scope saved last.
    saved: RefCell<HashMap<String, Saved>>,
    /// Handle → the node that wrote it (values registered in `writing_as`, reducer results).
    writers: RefCell<HashMap<u32, Rc<str>>>,
    /// Handle → its value as stored text, during one save, until a second store takes it: a value
    /// written by a task and held by a channel (a `LastValue`, or a list's delta of exactly that
    /// write's items) is stored twice, encoded once.
    this_save: RefCell<HashMap<u32, Value>>,
    /// The pins of the host texts made since the saver's writer last took them (`take_pins`).
    made: RefCell<Vec<HostPin>>,
}

/// A reducer's result that is its base list with items appended.
struct Grown {
    /// The base's handle.
    base: u32,
    /// The base's length: where the new items start.
    from: u32,
    /// The handle of the update, when the new items are exactly its items (a node's write of
    /// new messages, appended): their text is the update's.
    update: Option<u32>,
}

struct Saved {
    handle: u32,
    version: crate::checkpoint::ChannelVersion,
    deltas: u32,
}

impl JsScope {
    /// Who wrote handle `handle` (a handle string), if known.
    fn writer_of(&self, handle: &str) -> Option<String> {
        let (scope, index) = parse_handle(handle)?;
        (scope == self.id)
            .then(|| self.writers.borrow().get(&index).map(|w| w.to_string()))
            .flatten()
    }

    /// `e` (from encoding a value of this scope) as the host's error, naming who wrote the
    /// value that failed.
    fn not_storable(&self, e: NotJson, handle: Option<&str>) -> NotStorable {
        NotStorable {
            path: e.path,
            found: e.found,
            writer: handle.and_then(|h| self.writer_of(h)),
        }
    }

    /// The index of `value` if it is a handle of this scope.
    fn index_of(&self, value: &Value) -> Option<u32> {
        match value {
            Value::String(s) => parse_handle(s)
                .filter(|(scope, _)| *scope == self.id)
                .map(|(_, index)| index),
            _ => None,
        }
    }

    /// Where the list of handle `index` starts to differ from the list of handle `saved`, when
    /// it is that list with items appended (possibly over several reducer calls).
    fn appended_since(&self, index: u32, saved: u32) -> Option<u32> {
        let lineage = self.lineage.borrow();
        let (mut at, mut from) = (index, None);
        while at != saved {
            let grown = lineage.get(&at)?;
            from = Some(grown.from);
            at = grown.base;
        }
        match from {
            Some(from) => Some(from),
            // The very list saved last: nothing appended (if it is a list).
            None => Some(self.values.get(index))
                .filter(interop::is_array)
                .map(|list| Array::from(&list).length()),
        }
    }

    /// The handle of value `index` (already in `values`), noted as written by `writer`.
    fn held(&self, index: u32, writer: Option<Rc<str>>) -> Value {
        if let Some(writer) = writer {
            self.writers.borrow_mut().insert(index, writer);
        }
        handle(self.id, index)
    }

    /// The handle of the update whose items are exactly what the list of handle `index` appended
    /// to the list of handle `saved`, when one reducer call made it so.
    fn appended_update(&self, index: u32, saved: u32) -> Option<u32> {
        self.lineage
            .borrow()
            .get(&index)
            .filter(|grown| grown.base == saved)
            .and_then(|grown| grown.update)
    }

    /// `js` encoded as the text a saver that keeps text stores: a host text when it keeps those
    /// (its pin kept for `take_pins`).
    fn text_to_store(&self, js: &JsValue, encodings: Encodings) -> Result<Value, NotJson> {
        if !encodings.host {
            return encode_js_text(js);
        }
        let (stored, pin) = encode_js_host(js)?;
        if let Some(pin) = pin {
            self.made.borrow_mut().push(pin);
        }
        Ok(stored)
    }
}

impl Drop for JsScope {
    fn drop(&mut self) {
        SCOPES.with(|s| s.borrow_mut().remove(&self.id));
    }
}

impl HostScope for JsScope {
    fn encode(&self, value: &Value) -> Result<Value, NotStorable> {
        encode_naming(value).map_err(|(e, handle)| self.not_storable(e, handle))
    }

    fn holds_handles(&self, value: &Value) -> bool {
        holds_handles(value)
    }

    fn encode_to_store(&self, value: &Value, encodings: Encodings) -> Result<Value, NotStorable> {
        if !encodings.text {
            return self.encode(value);
        }
        // For a saver that keeps text: the text JS wrote, unparsed.
        match value {
            Value::String(s) if is_handle(s) => {
                let index = self.index_of(value);
                // Taken, not copied: a value is rarely stored more than twice in one save (a
                // third time, JS hands back the text it made).
                if let Some(stored) = index.and_then(|i| self.this_save.borrow_mut().remove(&i)) {
                    return Ok(stored);
                }
                let js = resolve(s).ok_or_else(|| NotStorable {
                    path: String::new(),
                    found: ENDED.into(),
                    writer: None,
                })?;
                let stored = self
                    .text_to_store(&js, encodings)
                    .map_err(|e| self.not_storable(e, Some(s)))?;
                if let Some(index) = index {
                    self.this_save.borrow_mut().insert(index, stored.clone());
                }
                Ok(stored)
            }
            // JSON holding handles (a run's input, a `Send`'s packet): as JS, handles resolved.
            // Refused, it is encoded again the slow way, which also names the handle's writer.
            _ if holds_handles(value) => self
                .text_to_store(&to_js(value), encodings)
                .or_else(|_| self.encode(value)),
            _ => Ok(value.clone()),
        }
    }

    fn encode_for_save(
        &self,
        key: &str,
        value: &Value,
        version: crate::checkpoint::ChannelVersion,
        encodings: Encodings,
    ) -> Result<Value, NotStorable> {
        let index = self.index_of(value);
        let previous = self.saved.borrow_mut().remove(key);
        let appended = match (index, &previous) {
            (Some(index), Some(saved)) if encodings.deltas && saved.deltas < MAX_DELTAS => {
                self.appended_since(index, saved.handle).map(|from| {
                    (
                        from,
                        saved.version,
                        saved.deltas + 1,
                        self.appended_update(index, saved.handle),
                    )
                })
            }
            _ => None,
        };
        let (stored, count) = match appended {
            // The new items are a task's write, encoded already in this save (or now, once for
            // both): its text is theirs.
            Some((_, base, count, Some(update))) => {
                let update = handle(self.id, update);
                (
                    crate::checkpoint::delta(base, self.encode_to_store(&update, encodings)?),
                    count,
                )
            }
            Some((from, base, count, None)) => {
                // The list `appended_since` found (gone only if the scope's values are).
                match resolve_index(self.id, index.unwrap_or_default()) {
                    Some(list) => {
                        let items: JsValue = Array::from(&list).slice(from, u32::MAX).into();
                        let encoded = match encodings.text {
                            true => self.text_to_store(&items, encodings),
                            false => encode_js(&items),
                        };
                        let items = encoded.map_err(|e| self.not_storable(e, value.as_str()))?;
                        (crate::checkpoint::delta(base, items), count)
                    }
                    None => (self.encode_to_store(value, encodings)?, 0),
                }
            }
            None => (self.encode_to_store(value, encodings)?, 0),
        };
        if let Some(handle) = index {
            self.saved.borrow_mut().insert(
                key.to_string(),
                Saved {
                    handle,
                    version,
                    deltas: count,
                },
            );
        }
        Ok(stored)
    }

    fn begin_save(&self) {
        values::begin_save();
    }

    fn end_save(&self) {
        self.this_save.borrow_mut().clear();
        values::end_save();
    }

    fn take_pins(&self) -> Vec<HostPin> {
        self.made.take()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The host of JS graphs' values.
pub(crate) struct JsHost;

impl ValueHost for JsHost {
    fn open(&self) -> Rc<dyn HostScope> {
        open_scope()
    }
}

pub(crate) fn open_scope() -> Rc<dyn HostScope> {
    let id = NEXT_SCOPE.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    });
    let values = Array::new();
    SCOPES.with(|s| s.borrow_mut().insert(id, values.clone()));
    Rc::new(JsScope {
        id,
        values,
        lineage: RefCell::default(),
        saved: RefCell::default(),
        writers: RefCell::default(),
        this_save: RefCell::default(),
        made: RefCell::default(),
    })
}

/// The handle of value `index` of scope `scope` (read back by [`parse_handle`]).
fn handle(scope: u32, index: u32) -> Value {
    // Made and read at every value a node reads or writes: no formatting machinery.
    let mut digits = itoa::Buffer::new();
    let tag = crate::random::instance_tag();
    let mut text = String::with_capacity(PREFIX.len() + tag.len() + 21);
    text.push_str(PREFIX);
    text.push_str(tag);
    text.push_str(digits.format(scope));
    text.push(':');
    text.push_str(digits.format(index));
    Value::String(text)
}

/// Whether `s` is a handle of this instance (it may name a scope that has ended).
fn is_handle(s: &str) -> bool {
    s.strip_prefix(PREFIX)
        .is_some_and(|rest| rest.starts_with(crate::random::instance_tag()))
}

fn parse_handle(s: &str) -> Option<(u32, u32)> {
    let rest = s.strip_prefix(PREFIX)?.as_bytes();
    let rest = rest.strip_prefix(crate::random::instance_tag().as_bytes())?;
    let colon = rest.iter().position(|&b| b == b':')?;
    Some((decimal(&rest[..colon])?, decimal(&rest[colon + 1..])?))
}

/// The number `digits` writes in decimal (as `handle` writes it: no sign, no leading zeros
/// needed), if it fits a `u32`.
fn decimal(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u32, |n, &b| {
        let digit = b.checked_sub(b'0').filter(|d| *d < 10)?;
        n.checked_mul(10)?.checked_add(u32::from(digit))
    })
}

/// Whether `value` is, or holds, a handle.
pub(crate) fn holds_handles(value: &Value) -> bool {
    match value {
        Value::String(s) => is_handle(s),
        Value::Array(items) => items.iter().any(holds_handles),
        Value::Object(map) => map.values().any(holds_handles),
        _ => false,
    }
}

/// The JS value a handle names (`None` for a string that is not a live handle).
fn resolve(s: &str) -> Option<JsValue> {
    let (scope, index) = parse_handle(s)?;
    resolve_index(scope, index)
}

fn resolve_index(scope: u32, index: u32) -> Option<JsValue> {
    SCOPES.with(|s| s.borrow().get(&scope).map(|values| values.get(index)))
}

/// Registers `value` in the current run's scope: its handle. Plain containers are frozen first,
/// so that a node cannot change, without writing it, what the next node reads. Outside a run
/// (no scope), the value is converted to JSON instead.
pub(crate) fn register(value: &JsValue) -> Result<Value, NotJson> {
    if let Some(json) = plain_primitive(value) {
        return Ok(json);
    }
    let handle = with_js_scope(|scope| {
        freeze(value);
        let index = scope.values.push(value).saturating_sub(1);
        Some(scope.held(index, WRITER.with(|w| w.borrow().clone())))
    });
    match handle {
        Some(handle) => Ok(handle),
        None => interop::to_json(value),
    }
}

/// `f` of the current run's scope, when there is one and it is this binding's.
fn with_js_scope<T>(f: impl FnOnce(&JsScope) -> Option<T>) -> Option<T> {
    let scope = host::current_scope()?;
    f(scope.as_any().downcast_ref::<JsScope>()?)
}

/// A string, finite number, boolean or `null` as JSON: a value with no identity to keep, which
/// the engine can hold itself (no handle, nothing to encode when it is saved). A long string stays
/// a JS value (copying it into wasm and out again at every read would cost more than its handle),
/// as do a string that looks like a handle, a non-finite number and `undefined`.
fn plain_primitive(value: &JsValue) -> Option<Value> {
    /// Strings up to this many UTF-16 units are copied into the engine.
    const LONG_STRING: u32 = 1024;
    if let Some(text) = value.dyn_ref::<js_sys::JsString>() {
        if text.length() > LONG_STRING {
            return None;
        }
        return value.as_string().filter(|s| !s.starts_with(PREFIX)).map(Value::String);
    }
    let scalar = value.is_null() || value.as_bool().is_some() || value.as_f64().is_some_and(f64::is_finite);
    scalar.then(|| interop::to_json(value).ok()).flatten()
}

/// What a node (or a `Send`, a `Command`, the run's input) hands the engine as a state update:
/// each state key's value as a handle. Not an object (a list of `[key, value]` pairs is one):
/// `None`, for the caller to report.
pub(crate) fn update_from_js(value: &JsValue) -> Result<Option<Value>, NotJson> {
    if let Some(map) = with_js_scope(|scope| registered_update(scope, value)) {
        return Ok(Some(Value::Object(map)));
    }
    let threw = |thrown: JsValue| NotJson {
        path: String::new(),
        found: format!(
            "a value that threw while it was read ({})",
            super::errors::describe(&thrown)
        ),
    };
    if interop::plain_object(value).map_err(threw)? {
        let entries = interop::entries(value).map_err(threw)?;
        let mut map = Map::new();
        for (key, item) in entries {
            if item.is_undefined() {
                continue; // as JSON has it: an undefined property is absent
            }
            let stored = match overwritten(&item) {
                Some(inner) => {
                    let mut wrapper = Map::new();
                    wrapper.insert(
                        crate::channels::OVERWRITE_KEY.to_string(),
                        register(&inner).map_err(|e| at(e, &key))?,
                    );
                    Value::Object(wrapper)
                }
                None => register(&item).map_err(|e| at(e, &key))?,
            };
            map.insert(key, stored);
        }
        return Ok(Some(Value::Object(map)));
    }
    // `[[key, value], …]`, as LangGraph accepts.
    if interop::is_array(value) {
        let items = interop::array_items(value).map_err(|_| NotJson {
            path: String::new(),
            found: "a list that could not be read".into(),
        })?;
        let mut pairs = Vec::with_capacity(items.len());
        for item in &items {
            let pair = interop::is_array(item)
                .then(|| interop::array_items(item).ok())
                .flatten()
                .filter(|p| p.len() == 2 && p[0].is_string());
            let Some(pair) = pair else { return Ok(None) };
            let key = pair[0].as_string().unwrap_or_default();
            pairs.push(Value::Array(vec![
                Value::String(key.clone()),
                register(&pair[1]).map_err(|e| at(e, &key))?,
            ]));
        }
        return Ok(Some(Value::Array(pairs)));
    }
    Ok(None)
}

/// [`update_from_js`] for a plain object inside run `scope`, its values entered by values.js
/// `registerUpdate` in one crossing (several per key otherwise). `None` to take the general way.
fn registered_update(scope: &JsScope, value: &JsValue) -> Option<Map<String, Value>> {
    let answer = values::register_update(value, &scope.values)?;
    let writer = WRITER.with(|w| w.borrow().clone());
    let mut map = Map::new();
    let length = answer.length();
    let mut at = 0;
    while at + 1 < length {
        let key = answer.get(at).as_string()?;
        let code = answer.get(at + 1).as_f64()?;
        at += 2;
        let (index, object) = match code {
            c if c >= 0.0 => (c as u32, true),
            c => ((-c - 1.0) as u32, false),
        };
        if !object {
            // Short strings, finite numbers, booleans and `null`: JSON the engine holds itself.
            if let Some(json) = plain_primitive(&scope.values.get(index)) {
                map.insert(key, json);
                continue;
            }
        }
        map.insert(key, scope.held(index, writer.clone()));
    }
    Some(map)
}

fn at(e: NotJson, key: &str) -> NotJson {
    NotJson {
        path: if e.path.is_empty() {
            key.to_string()
        } else {
            format!("{key}.{}", e.path)
        },
        found: e.found,
    }
}

/// The value inside LangGraph's overwrite form `{"__overwrite__": value}`, if `item` is one.
fn overwritten(item: &JsValue) -> Option<JsValue> {
    if !interop::is_plain_object(item) {
        return None;
    }
    let entries = interop::entries(item).ok()?;
    match entries.as_slice() {
        [(key, inner)] if key == crate::channels::OVERWRITE_KEY => Some(inner.clone()),
        _ => None,
    }
}

/// A value the engine holds, for JS: handles resolved to their values (by reference), JSON
/// revived (LangChain objects as their classes, when known).
pub(crate) fn to_js(value: &Value) -> JsValue {
    match value {
        Value::String(s) if is_handle(s) => resolve(s).unwrap_or(JsValue::UNDEFINED),
        Value::Array(items) if holds_handles(value) => {
            let out = Array::new();
            for item in items {
                out.push(&to_js(item));
            }
            out.into()
        }
        Value::Object(map) if holds_handles(value) => {
            let out = Object::new();
            for (key, item) in map {
                interop::set_data(&out, key, &to_js(item));
            }
            out.into()
        }
        Value::Array(_) | Value::Object(_) => decode(value),
        other => interop::to_js(other),
    }
}

/// `value` with every handle replaced by its value encoded for storage; an error also gives the
/// handle whose value failed.
fn encode_naming(value: &Value) -> Result<Value, (NotJson, Option<&str>)> {
    match value {
        Value::String(s) if is_handle(s) => {
            let js = resolve(s).ok_or_else(|| {
                let e = NotJson {
                    path: String::new(),
                    found: ENDED.into(),
                };
                (e, None)
            })?;
            encode_js(&js).map_err(|e| (e, Some(s.as_str())))
        }
        Value::Array(items) if holds_handles(value) => items
            .iter()
            .enumerate()
            .map(|(i, item)| encode_naming(item).map_err(|(e, h)| (at(e, &format!("[{i}]")), h)))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        Value::Object(map) if holds_handles(value) => map
            .iter()
            .map(|(key, item)| {
                encode_naming(item)
                    .map(|v| (key.clone(), v))
                    .map_err(|(e, h)| (at(e, key), h))
            })
            .collect::<Result<Map<_, _>, _>>()
            .map(Value::Object),
        other => Ok(other.clone()),
    }
}

/// A reducer's arguments for JS, and its result back as a handle.
pub(crate) fn call_reducer(func: &Function, current: &Value, update: &Value) -> Result<Value, String> {
    let (current_js, update_js) = (to_js(current), to_js(update));
    let result = func
        .call2(&JsValue::NULL, &current_js, &update_js)
        .map_err(|thrown| super::errors::node_error(thrown).to_string())?;
    if interop::is_thenable(&result) {
        return Err("a reducer returned a Promise; reducers must be synchronous".into());
    }
    // A reducer that picks one of its arguments (`(x, y) => y ?? x`): keep that value.
    if Object::is(&result, &update_js) {
        return Ok(update.clone());
    }
    if Object::is(&result, &current_js) {
        return Ok(current.clone());
    }
    // Frozen here, where the value it grew from is known (`register` then finds it frozen).
    let grown = freeze_reduced(&result, &current_js, &update_js);
    // The result holds what the update brought: it is written by whoever wrote the update.
    let writer = with_js_scope(|scope| scope.writer_of(update.as_str()?));
    let registered = match writer {
        Some(writer) => writing_as(&writer, || register(&result)),
        None => register(&result),
    }
    .map_err(|e| e.describe("a reducer"))?;
    note_lineage(current, update, &registered, grown);
    Ok(registered)
}

/// Notes that handle `result` is the list of handle `current` with items appended, when it is
/// (`grown`: where they start, and whether they are `update`'s): a checkpoint can then store the
/// new items alone, as `update`'s text when they are its items.
fn note_lineage(current: &Value, update: &Value, result: &Value, grown: Option<(u32, bool)>) {
    with_js_scope(|scope| {
        let (base, index) = (scope.index_of(current)?, scope.index_of(result)?);
        let (from, same) = grown?;
        let update = same.then(|| scope.index_of(update)).flatten();
        scope.lineage.borrow_mut().insert(index, Grown { base, from, update });
        Some(())
    });
}
