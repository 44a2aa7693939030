//! The engine's side of `lib/values.js`: the JS functions that encode state values for storage
//! (LangGraph.js's JsonPlusSerializer format), decode stored JSON back into JS values (classes
//! revived), freeze what enters the state, and fold updates with the built-in reducers. The
//! package installs them once when the engine starts (`installValues`); the crate's own wasm
//! tests run without them, and each caller here then falls back to plain JSON.
//!
//! Handles and run scopes, which decide *which* values get encoded and when, are `handles`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Function;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::interop::{self, NotJson};
use crate::checkpoint::host_text::{self, HostPin, HostText};

thread_local! {
    static HELPERS: RefCell<Option<Helpers>> = const { RefCell::new(None) };
    /// Where a long string's UTF-8 bytes land before they are escaped (see [`splice`]): one
    /// buffer for every save, so its pages are touched once, not at every string.
    static LONG_BYTES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The most [`LONG_BYTES`] keeps between saves.
const LONG_BYTES_KEPT: usize = 1 << 20;

/// The JS functions of `lib/values.js`.
struct Helpers {
    encode: Function,
    encode_into: Function,
    decode: Function,
    freeze: Function,
    freeze_reduced: Function,
    assign: Function,
    register_update: Function,
    begin_save: Function,
    end_save: Function,
    reducers: JsValue,
    /// What the encoder writes, as JSON, where it set a long string aside (see `splice`).
    mark: Vec<u8>,
}

/// Installs `lib/values.js`'s `valueHelpers` (called once by the package when the engine
/// starts).
#[wasm_bindgen(js_name = "installValues")]
pub fn install_values(helpers: JsValue) -> Result<(), JsValue> {
    let function = |name: &str| -> Result<Function, JsValue> {
        interop::get(&helpers, name)
            .dyn_into::<Function>()
            .map_err(|_| super::errors::invalid(format!("installValues: {name} must be a function")))
    };
    let installed = Helpers {
        encode: function("encode")?,
        encode_into: function("encodeInto")?,
        decode: function("decode")?,
        freeze: function("freeze")?,
        freeze_reduced: function("freezeReduced")?,
        assign: function("assign")?,
        register_update: function("registerUpdate")?,
        begin_save: function("beginSave")?,
        end_save: function("endSave")?,
        reducers: interop::get(&helpers, "reducers"),
        mark: interop::get(&helpers, "mark")
            .as_string()
            .filter(|mark| mark.len() > 8)
            .ok_or_else(|| super::errors::invalid("installValues: mark must be a string"))?
            .into_bytes(),
    };
    HELPERS.with(|h| *h.borrow_mut() = Some(installed));
    Ok(())
}

/// The JS implementation of a built-in reducer (`append`, `add`, `merge`, `messages`).
pub(super) fn builtin_reducer(name: &str) -> Option<Function> {
    HELPERS.with(|h| {
        let h = h.borrow();
        interop::get(&h.as_ref()?.reducers, name).dyn_into::<Function>().ok()
    })
}

/// Opens the encoder's memo of texts for one save (values.js `beginSave`).
pub(super) fn begin_save() {
    call_helper(|h| &h.begin_save);
}

/// Drops the encoder's memo of texts, before any node can change what it holds (`endSave`).
pub(super) fn end_save() {
    call_helper(|h| &h.end_save);
}

/// Calls one of the helpers that take no argument and cannot throw (they make or drop a map).
fn call_helper(pick: impl FnOnce(&Helpers) -> &Function) {
    HELPERS.with(|h| {
        if let Some(h) = h.borrow().as_ref() {
            let _ = pick(h).call0(&JsValue::NULL);
        }
    });
}

/// `object[key] = value` (values.js `assign`: `Reflect.set` costs about six times as much in V8);
/// `false` without the helpers, for the caller to use `Reflect.set`. Not for `"__proto__"`.
pub(super) fn assign(object: &JsValue, key: &JsValue, value: &JsValue) -> bool {
    HELPERS.with(|h| match h.try_borrow() {
        Ok(h) => h
            .as_ref()
            .map(|h| h.assign.call3(&JsValue::NULL, object, key, value))
            .is_some(),
        Err(_) => false,
    })
}

/// values.js `registerUpdate(update, values)`: `[key, code, …]` with the update's values
/// appended to `values`, or `None` (no helpers, or the engine must take its general way).
pub(super) fn register_update(update: &JsValue, values: &js_sys::Array) -> Option<js_sys::Array> {
    let answer = HELPERS.with(|h| {
        let h = h.try_borrow().ok()?;
        h.as_ref()?.register_update.call2(&JsValue::NULL, update, values).ok()
    })?;
    answer.dyn_into::<js_sys::Array>().ok()
}

/// Deep-freezes a plain object or array (values.js `freeze`); anything else is left as it is.
pub(super) fn freeze(value: &JsValue) {
    if !value.is_object() {
        return;
    }
    HELPERS.with(|h| {
        if let Some(h) = h.borrow().as_ref() {
            let _ = h.freeze.call1(&JsValue::NULL, value);
        }
    });
}

/// JSON for JS: parsed by `JSON.parse` (so no key becomes a prototype), stored records revived.
pub(super) fn decode(value: &Value) -> JsValue {
    let Ok(text) = serde_json::to_string(value) else {
        return JsValue::NULL;
    };
    let decoded = HELPERS.with(|h| {
        h.borrow()
            .as_ref()
            .map(|h| h.decode.call1(&JsValue::NULL, &JsValue::from_str(&text)))
    });
    match decoded {
        Some(Ok(value)) => value,
        _ => js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL),
    }
}

/// A JS value in the storage format (LangGraph.js's JsonPlusSerializer).
pub(super) fn encode_js(value: &JsValue) -> Result<Value, NotJson> {
    match encoded_text(value, "")? {
        Some(text) => parse_encoded(&text),
        // Not installed (only in the crate's own wasm tests): JSON by `to_json`'s rules.
        None => interop::to_json(value),
    }
}

/// [`encode_js`] as a JSON text value (`checkpoint::json_text`): the text JS wrote, not parsed.
/// The encoder wrote it with `JSON.stringify` and checked its depth (values.js `encode`).
pub(super) fn encode_js_text(value: &JsValue) -> Result<Value, NotJson> {
    // Written after the value's prefix, so that the bytes that arrive are the stored string.
    match encoded_text(value, crate::checkpoint::json_text_prefix())? {
        Some(text) => Ok(Value::String(text)),
        None => interop::to_json(value).map(|json| crate::checkpoint::json_text(&json.to_string())),
    }
}

/// What an encoder's answer that is not what it should be is refused as.
fn unreadable() -> NotJson {
    NotJson {
        path: String::new(),
        found: "a value whose text could not be read".into(),
    }
}

/// The UTF-8 JSON text of `value` in the storage format, after `prefix`, from the JS encoder;
/// `None` when the encoder is not installed.
fn encoded_text(value: &JsValue, prefix: &str) -> Result<Option<String>, NotJson> {
    let kept = match call_encode(value, prefix, false)? {
        None => return Ok(None),
        Some(Answer::Text(text)) => return utf8_of(&text).map(Some).ok_or_else(unreadable),
        Some(Answer::SetAside(encoded)) => JsText::set_aside(&encoded).ok_or_else(unreadable)?,
    };
    // Long strings set aside: written into the text here.
    if let Some(text) = kept.text() {
        return Ok(Some(text));
    }
    // A value holds the mark itself: asked again, with nothing set aside.
    match call_encode(value, prefix, true)? {
        Some(Answer::Text(text)) => utf8_of(&text).map(Some).ok_or_else(unreadable),
        _ => Err(unreadable()),
    }
}

/// [`encode_js_text`] for a saver that keeps host texts (`checkpoint::host_text`): the text JS
/// wrote stays in JS, and the value stored is its token, with the pin that keeps it (`None`
/// without the encoder, whose text is then copied in).
pub(super) fn encode_js_host(value: &JsValue) -> Result<(Value, Option<HostPin>), NotJson> {
    let kept = match call_encode(value, "", false)? {
        None => return encode_js_text(value).map(|stored| (stored, None)),
        Some(Answer::Text(text)) => JsText { text, longs: None },
        // values.js checked that the marks and strings pair up (`answer`).
        Some(Answer::SetAside(encoded)) => JsText::set_aside(&encoded).ok_or_else(unreadable)?,
    };
    let (stored, pin) = host_text::register(Rc::new(kept));
    Ok((stored, Some(pin)))
}

/// A value's JSON text as the encoder answered it, in JS: a string, and the long strings it set
/// aside when it did (written into the text where their marks are when it is copied in).
struct JsText {
    text: JsValue,
    longs: Option<js_sys::Array>,
}

impl JsText {
    /// From the encoder's `{text, longs}`.
    fn set_aside(encoded: &JsValue) -> Option<JsText> {
        let text = interop::get(encoded, "text");
        let longs = interop::get(encoded, "longs").dyn_into::<js_sys::Array>().ok()?;
        text.is_string().then_some(JsText {
            text,
            longs: Some(longs),
        })
    }
}

impl HostText for JsText {
    fn text(&self) -> Option<String> {
        let Some(longs) = &self.longs else {
            return utf8_of(&self.text);
        };
        let mut text = Vec::new();
        utf8_into(&self.text, &mut text)?;
        let mark = HELPERS.with(|h| Some(h.borrow().as_ref()?.mark.clone()))?;
        String::from_utf8(splice(&text, longs, &mark)?).ok()
    }
}

/// What values.js `encode` answers for a value it can store.
enum Answer {
    /// The JSON text.
    Text(JsValue),
    /// `{text, longs}`: the text with marks where the long strings `longs` were set aside.
    SetAside(JsValue),
}

/// values.js `encode(value, prefix, inlineAll)`: its answer, or the refusal it answered
/// (`[path, found]`) as an error; `None` when the encoder is not installed.
fn call_encode(value: &JsValue, prefix: &str, inline_all: bool) -> Result<Option<Answer>, NotJson> {
    let encoded = HELPERS.with(|h| {
        h.borrow().as_ref().map(|h| {
            let prefix = JsValue::from_str(prefix);
            match inline_all {
                false => h.encode.call2(&JsValue::NULL, value, &prefix),
                true => h.encode.call3(&JsValue::NULL, value, &prefix, &JsValue::TRUE),
            }
        })
    });
    match encoded {
        None => Ok(None),
        Some(Ok(answer)) if answer.is_string() => Ok(Some(Answer::Text(answer))),
        Some(Ok(answer)) if js_sys::Array::is_array(&answer) => Err(interop::refusal(&answer)),
        Some(Ok(answer)) => Ok(Some(Answer::SetAside(answer))),
        Some(Err(thrown)) => {
            let thrown = super::errors::describe(&thrown);
            Err(NotJson {
                path: String::new(),
                found: format!("a value that threw while it was read ({thrown})"),
            })
        }
    }
}

/// `text` with each `mark` in it replaced by the next of `longs` as a JSON string: the encoder
/// set long strings aside (values.js `LONG_STRING`), since escaping them here is several times
/// faster than `JSON.stringify` on Node 20. `None` when the marks and strings do not pair up
/// (a value held the mark itself).
fn splice(text: &[u8], longs: &js_sys::Array, mark: &[u8]) -> Option<Vec<u8>> {
    // Room for the strings as they come (ASCII, nothing escaped): most texts need no regrowth.
    let units: usize = longs
        .iter()
        .map(|long| {
            long.dyn_ref::<js_sys::JsString>()
                .map_or(0, |s| s.length() as usize + 2)
        })
        .sum();
    let mut out = Vec::with_capacity(text.len() + units);
    let mut rest = text;
    LONG_BYTES.with(|kept| {
        // Taken (a re-entrant call, which nothing here makes, would find it empty, not panic).
        let mut bytes = kept.take();
        let spliced = longs.iter().try_for_each(|long| {
            let at = find(rest, mark)?;
            out.extend_from_slice(&rest[..at]);
            utf8_into(&long, &mut bytes)?;
            out.reserve(bytes.len() + 2);
            out.push(b'"');
            crate::escape::escape_json(&bytes, &mut out);
            out.push(b'"');
            rest = &rest[at + mark.len()..];
            Some(())
        });
        if bytes.capacity() <= LONG_BYTES_KEPT {
            kept.replace(bytes);
        }
        spliced
    })?;
    if find(rest, mark).is_some() {
        return None;
    }
    out.extend_from_slice(rest);
    Some(out)
}

/// Where `needle` (which starts with a quote) first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, tail) = needle.split_first()?;
    let mut from = 0;
    while let Some(at) = haystack[from..].iter().position(|&b| b == first) {
        let at = from + at;
        if haystack[at + 1..].starts_with(tail) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The UTF-8 bytes of the JS string `text`, written by JS's `TextEncoder` straight into memory
/// set aside here: one native pass, no copy. (A `Uint8Array` made in JS is copied in and left to
/// its garbage collector; a string passed the usual way is copied a char at a time, which for
/// long texts measured twice as slow.)
fn utf8_of(text: &JsValue) -> Option<String> {
    let mut bytes = Vec::new();
    utf8_into(text, &mut bytes)?;
    if bytes.capacity() - bytes.len() > bytes.len() / 4 {
        bytes.shrink_to_fit();
    }
    String::from_utf8(bytes).ok()
}

/// [`utf8_of`] into `bytes` (cleared first, its memory reused).
fn utf8_into(text: &JsValue, bytes: &mut Vec<u8>) -> Option<()> {
    let encode_into = HELPERS.with(|h| Some(h.borrow().as_ref()?.encode_into.clone()))?;
    let units = text.dyn_ref::<js_sys::JsString>()?.length() as usize;
    bytes.clear();
    // ASCII text, most JSON, takes a byte a UTF-16 unit; any text at most three.
    for capacity in [units, units.saturating_mul(3)] {
        bytes.reserve(capacity);
        let spare = bytes.capacity();
        // SAFETY: the view covers the vector's spare capacity and is used only by the call below,
        // during which nothing allocates in wasm memory (the encoder does not call in).
        let view = unsafe { js_sys::Uint8Array::view_mut_raw(bytes.as_mut_ptr(), spare) };
        let written = encode_into.call2(&JsValue::NULL, text, &view).ok()?.as_f64()?;
        if written >= 0.0 && written <= spare as f64 {
            // SAFETY: the encoder wrote that many bytes, within the capacity.
            unsafe { bytes.set_len(written as usize) };
            return Some(());
        }
    }
    None
}

/// The encoder's text as JSON, refused when it nests deeper than storage reads back.
fn parse_encoded(text: &str) -> Result<Value, NotJson> {
    // From `str`, as everywhere: each reader type serde_json parses from is a copy of its parser.
    let parsed: Value = serde_json::from_str(text).map_err(|e| NotJson {
        path: String::new(),
        found: format!("a value JSON cannot hold ({e})"),
    })?;
    if let Some(path) = crate::limits::too_deep(&parsed, crate::limits::MAX_VALUE_DEPTH) {
        return Err(NotJson {
            path,
            found: format!("nesting deeper than {} levels", crate::limits::MAX_VALUE_DEPTH),
        });
    }
    Ok(parsed)
}

/// Freezes a reducer's result, and says, when it is the value `base` it was given with items
/// appended, where they start and whether they are exactly the items of `update` (values.js
/// `freezeReduced`).
pub(super) fn freeze_reduced(result: &JsValue, base: &JsValue, update: &JsValue) -> Option<(u32, bool)> {
    if !result.is_object() {
        return None;
    }
    let code = HELPERS.with(|h| {
        h.borrow()
            .as_ref()
            .and_then(|h| h.freeze_reduced.call3(&JsValue::NULL, result, base, update).ok())
            .and_then(|n| n.as_f64())
    });
    // `2 × from + 1` when the new items are the update's, `2 × from` when not, −1 when not grown.
    code.filter(|n| *n >= 0.0 && *n < f64::from(u32::MAX))
        .map(|n| n as u32)
        .map(|code| (code / 2, code % 2 == 1))
}

/// Messages (plain objects or strings) in LangChain's message shape with ids, as the LangGraph
/// server's `add_messages` makes them (`{role, content}` → `{type, content, id, …}`), for the
/// `messages` reducer of JS graphs when `@langchain/core` is not there to make classes.
#[wasm_bindgen(js_name = "coerceMessagesJson")]
pub fn coerce_messages_json(messages: JsValue) -> Result<JsValue, JsValue> {
    let messages = interop::to_json(&messages)
        .map_err(|e| super::errors::named("InvalidUpdateError", &e.describe("the update")))?;
    let coerced = crate::channels::coerce_messages(messages)
        .map_err(|e| super::errors::named("InvalidUpdateError", &e.to_string()))?;
    Ok(interop::to_js(&Value::Array(coerced)))
}
