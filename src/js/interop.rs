//! The one place where JS values and engine values meet. State crosses the boundary as JSON:
//! a JS value is walked and checked (functions, symbols, BigInts, non-finite numbers, Maps,
//! Sets, cycles and values nested deeper than storage can read back are refused with the path
//! where they were found — never dropped silently), and engine values are handed back as plain
//! JS objects and arrays built by `JSON.parse`, so no stored key (not even `"__proto__"`) can
//! give an object a prototype.
//!
//! A JS value can run code while it is read (getters, Proxy traps), and that code can throw.
//! A JS exception must never unwind through wasm frames (it would leave the engine's state
//! half-updated and, in a spawned task, kill the module or the Node process), so every read of
//! a value from JS happens inside one JS function with a `try`/`catch`, or through a binding
//! that catches (`Reflect::get`, `Function::call*`).

use js_sys::{Array, Function, Object, Reflect};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::limits::MAX_VALUE_DEPTH;

/// A JS value that is not JSON data, and where it was found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NotJson {
    /// Like `items[2].when`; empty for the value itself.
    pub path: String,
    /// What was found there ("a function", "a cyclic reference", …).
    pub found: String,
}

impl NotJson {
    /// The message for a value produced by `who` (e.g. "node 'agent'").
    pub fn describe(&self, who: &str) -> String {
        if self.path.is_empty() {
            format!("{who} produced a value that is not JSON data: {}", self.found)
        } else {
            format!(
                "{who} produced a value that is not JSON data at '{}': {}",
                self.path, self.found
            )
        }
    }
}

/// What a conversion does with values JSON can hold only approximately.
#[derive(Clone, Copy, PartialEq)]
enum Strictness {
    /// Dates become ISO strings, class instances (and boxed primitives' wrappers) their own
    /// enumerable properties, `undefined` becomes `null` (as for graph state, which is JSON by
    /// contract).
    Lenient,
    /// Those are refused.
    Exact,
}

// Converts a JS value to JSON text by `to_json`'s rules, or says what in it is not JSON data.
// `(value, limit, exact)` → the JSON text as UTF-8 bytes, or `[path, found]`.
// A value that needs no normalising is handed to `JSON.stringify` as it is; otherwise a plain
// copy is built (Dates as ISO strings, objects as their own enumerable properties, `toJSON`
// methods not called) and stringified. Anything that throws while being read is reported
// where it threw.
const TO_JSON_TEXT: &str = r#"
const ancestors = [];
const keys = [];
const utf8 = new TextEncoder();
let limit = 0, exact = false, plain = true;
const path = () => keys.reduce((p, k) => typeof k === "number" ? `${p}[${k}]` : p ? `${p}.${k}` : k, "");
const describe = (e) => {
  try { return e instanceof Error ? `${e.name}: ${e.message}` : String(e); } catch { return "an unprintable value"; }
};
const isPlainObject = (v) => {
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
};
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const wellFormed = (s) => typeof s.toWellFormed === "function" ? s.toWellFormed() : s.replace(LONE, "\ufffd");
class Refused { constructor(found) { this.found = found; } }
const refuse = (found) => { throw new Refused(found); };
// `inProp`: the value of an object's property (where `undefined` means absent).
const walk = (v, inProp) => {
  switch (typeof v) {
    case "boolean": return v;
    case "string": {
      const fixed = wellFormed(v);
      if (fixed !== v) plain = false;
      return fixed;
    }
    case "undefined":
      if (inProp) return undefined;
      if (exact) refuse("undefined");
      return null;
    case "number":
      if (!Number.isFinite(v)) refuse(`the number ${Number.isNaN(v) ? "NaN" : v > 0 ? "inf" : "-inf"}`);
      return v;
    case "function": refuse("a function");
    case "symbol": refuse("a symbol");
    case "bigint": refuse("a BigInt");
  }
  if (v === null) return null;
  if (v instanceof Date) {
    if (exact) refuse("a Date");
    if (Number.isNaN(v.getTime())) refuse("an invalid Date");
    plain = false;
    return v.toISOString();
  }
  if (v instanceof Map || v instanceof Set) refuse("a Map or Set (use an object or an array)");
  if (ancestors.includes(v)) refuse("a cyclic reference");
  if (ancestors.length >= limit) refuse(`nesting deeper than ${limit} levels`);
  ancestors.push(v);
  let out;
  if (Array.isArray(v)) {
    out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      keys.push(i);
      out[i] = walk(v[i], false);
      keys.pop();
    }
  } else {
    if (!isPlainObject(v)) {
      if (exact) {
        const name = v.constructor?.name;
        refuse(`an instance of ${typeof name === "string" && name ? name : "an anonymous class"}`);
      }
      plain = false;
    } else if (typeof v.toJSON === "function") {
      plain = false;
    }
    // No prototype: every key (`__proto__` included) is an own property by plain assignment,
    // and no setter an app put on `Object.prototype` runs (`defineProperty` per key cost ~4x).
    out = Object.create(null);
    for (const k of Object.keys(v)) {
      keys.push(k);
      const item = walk(v[k], true);
      keys.pop();
      if (item !== undefined) out[k] = item;
    }
  }
  ancestors.pop();
  return out;
};
return (v, max, strict) => {
  ancestors.length = 0;
  keys.length = 0;
  limit = max;
  exact = strict;
  plain = true;
  try {
    const copy = walk(v, false);
    // The value itself when nothing needed normalising (what JSON.stringify does with it is
    // then what the walk checked), else the normalised copy.
    const text = JSON.stringify(plain ? v : copy) ?? "null";
    // A long text as UTF-8 bytes, copied into wasm memory at once (a string is copied char by
    // char); a short one as it is (making the bytes would cost more).
    return text.length < 1024 ? text : utf8.encode(text);
  } catch (e) {
    if (e instanceof Refused) return [path(), e.found];
    return [path(), `a value that threw while it was read (${describe(e)})`];
  }
};
"#;

thread_local! {
    static JSON_TEXT: Option<Function> = Function::new_no_args(TO_JSON_TEXT)
        .call0(&JsValue::NULL)
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
}

fn not_json(path: &str, found: impl Into<String>) -> NotJson {
    NotJson {
        path: path.to_string(),
        found: found.into(),
    }
}

fn convert(value: &JsValue, limit: usize, strictness: Strictness) -> Result<Value, NotJson> {
    // Scalars without the JS walk: what it would make of them (a string as UTF-8, lone surrogates
    // replaced, as `toWellFormed` does).
    if value.is_null() || (value.is_undefined() && strictness == Strictness::Lenient) {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64().and_then(json_number) {
        return Ok(Value::Number(n));
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    let result = JSON_TEXT.with(|f| match f {
        Some(f) => f
            .call3(
                &JsValue::NULL,
                value,
                &JsValue::from(limit as u32),
                &JsValue::from_bool(strictness == Strictness::Exact),
            )
            .ok(),
        None => None,
    });
    let Some(result) = result else {
        return Err(not_json("", "a value that could not be read"));
    };
    let parsed = if let Some(text) = result.as_string() {
        serde_json::from_str(&text)
    } else if let Some(bytes) = result.dyn_ref::<js_sys::Uint8Array>() {
        // Parsed from `str`, as everywhere (each reader type is a copy of serde_json's parser).
        match String::from_utf8(bytes.to_vec()) {
            Ok(text) => serde_json::from_str(&text),
            Err(_) => return Err(not_json("", "a value whose text is not UTF-8")),
        }
    } else {
        return Err(refusal(&result));
    };
    parsed.map_err(|e| not_json("", format!("a value JSON cannot hold ({e})")))
}

/// A JS helper's refusal, `[path, found]`, as the error it names.
pub(crate) fn refusal(result: &JsValue) -> NotJson {
    let found = Array::from(result);
    not_json(
        &found.get(0).as_string().unwrap_or_default(),
        found.get(1).as_string().unwrap_or_default(),
    )
}

/// A JS number as the JSON number its text (`JSON.stringify`) parses to, where that is plain:
/// integers below 2^53 as integers, other non-integers as floats. `None` for the rest (NaN,
/// infinities, integers from 2^53 up, which JS writes in shortest digits), left to the JS walk.
fn json_number(n: f64) -> Option<serde_json::Number> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match n.fract() == 0.0 {
        true if n.abs() < EXACT => Some(if n >= 0.0 { (n as u64).into() } else { (n as i64).into() }),
        true => None,
        false => serde_json::Number::from_f64(n),
    }
}

/// Converts a JS value to JSON data, or says what in it is not JSON (or nests deeper than
/// [`MAX_VALUE_DEPTH`]).
pub(crate) fn to_json(value: &JsValue) -> Result<Value, NotJson> {
    convert(value, MAX_VALUE_DEPTH, Strictness::Lenient)
}

/// Like [`to_json`], for a value that wraps what it carries in `extra` levels of its own (a
/// request body such as `{input: {...}}`): the fields inside are checked against
/// [`MAX_VALUE_DEPTH`] by whoever reads them.
pub(crate) fn to_json_wrapped(value: &JsValue, extra: usize) -> Result<Value, NotJson> {
    convert(value, MAX_VALUE_DEPTH + extra, Strictness::Lenient)
}

/// Like [`to_json`], but also refuses what JSON would change rather than keep: class instances
/// (their prototype would be lost), `Date`s (they would come back as strings) and `undefined`
/// outside an object property. For stores that must hand back exactly what they were given
/// (the LangGraph.js checkpointer surface).
pub(crate) fn to_plain_json(value: &JsValue) -> Result<Value, NotJson> {
    convert(value, MAX_VALUE_DEPTH, Strictness::Exact)
}

/// Converts JSON data to a plain JS value (objects, arrays, numbers, strings, booleans, null).
/// Objects and arrays cross as one JSON text for `JSON.parse` (one string copy instead of a JS
/// call per value; and `JSON.parse` makes every key an own property, `"__proto__"` included).
pub(crate) fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => n.as_f64().map_or(JsValue::NULL, JsValue::from_f64),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(_) | Value::Object(_) => serde_json::to_string(value)
            .ok()
            .and_then(|text| js_sys::JSON::parse(&text).ok())
            .unwrap_or(JsValue::NULL),
    }
}

/// Converts any serializable engine value to JS, as [`to_js`] does (through JSON text).
pub(crate) fn to_js_from<T: Serialize>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

/// Reads property `key` of `object` (undefined when absent, not an object, or when reading it
/// threw).
pub(crate) fn get(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() && !object.is_function() {
        return JsValue::UNDEFINED;
    }
    with_key(key, |key| Reflect::get(object, key)).unwrap_or(JsValue::UNDEFINED)
}

/// Reads property `key` of an options object (`what` names it), refusing one whose reading
/// threw (a getter, a Proxy trap) with an `InvalidArgumentError` instead of treating it as absent.
pub(crate) fn field(object: &JsValue, key: &str, what: &str) -> Result<JsValue, JsValue> {
    if !object.is_object() && !object.is_function() {
        return Ok(JsValue::UNDEFINED);
    }
    with_key(key, |key_js| Reflect::get(object, key_js)).map_err(|thrown| {
        super::errors::invalid(format!(
            "{what}.{key} could not be read ({})",
            super::errors::describe(&thrown)
        ))
    })
}

/// Reads a string property.
pub(crate) fn get_string(object: &JsValue, key: &str) -> Option<String> {
    get(object, key).as_string()
}

/// Sets `object[key]` as an own data property, whatever the key (`"__proto__"` included: a
/// plain assignment would replace the object's prototype).
pub(crate) fn set_data(object: &JsValue, key: &str, value: &JsValue) {
    if key == "__proto__" {
        let descriptor = Object::new();
        for (k, v) in [
            ("value", value.clone()),
            ("enumerable", JsValue::TRUE),
            ("writable", JsValue::TRUE),
            ("configurable", JsValue::TRUE),
        ] {
            let _ = Reflect::set(&descriptor, &JsValue::from_str(k), &v);
        }
        let _ = Reflect::define_property(object.unchecked_ref::<Object>(), &JsValue::from_str(key), &descriptor);
    } else {
        set_with_key(object, key, value);
    }
}

thread_local! {
    /// Short keys as JS strings: the same few (state keys, record fields, option names) are set
    /// and read over and over.
    static KEYS: std::cell::RefCell<rustc_hash::FxHashMap<String, JsValue>> = Default::default();
}

/// `f(key as a JS string)`, the string made once for a short key. The cache is only read while
/// `f` runs (a getter, a Proxy trap or a setter the app put on `Object.prototype` may run JS that
/// comes back here: it reads too, and adds nothing while the cache is read).
fn with_key<R>(key: &str, f: impl FnOnce(&JsValue) -> R) -> R {
    const MAX_KEYS: usize = 1024;
    const MAX_KEY_LEN: usize = 64;
    if key.len() > MAX_KEY_LEN {
        return f(&JsValue::from_str(key));
    }
    KEYS.with(|cell| {
        if let Ok(keys) = cell.try_borrow() {
            if let Some(key_js) = keys.get(key) {
                return f(key_js);
            }
        }
        let key_js = JsValue::from_str(key);
        let out = f(&key_js);
        if let Ok(mut keys) = cell.try_borrow_mut() {
            if keys.len() >= MAX_KEYS {
                keys.clear();
            }
            keys.insert(key.to_string(), key_js);
        }
        out
    })
}

/// `object[key] = value`, with `key` made into a JS string once.
fn set_with_key(object: &JsValue, key: &str, value: &JsValue) {
    with_key(key, |key| set_property(object, key, value));
}

/// `object[key] = value` as `Reflect.set` does it, errors ignored (see values.js `assign`).
fn set_property(object: &JsValue, key: &JsValue, value: &JsValue) {
    if !super::values::assign(object, key, value) {
        let _ = Reflect::set(object, key, value);
    }
}

/// A plain object from key/value pairs.
pub(crate) fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let obj = Object::new();
    for (k, v) in entries {
        set_data(&obj, k, v);
    }
    obj.into()
}

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, catching: a revoked Proxy makes it throw.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array_checked(value: &JsValue) -> Result<bool, JsValue>;
    /// `Object.entries`, catching: getters and Proxy traps run, and may throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn entries_checked(value: &JsValue) -> Result<Array, JsValue>;
}

// `await`'s test, without throwing: the value as a promise when it is a thenable (a rejected
// one when reading its `then` threw), else `undefined`.
const AS_PROMISE: &str = r#"
return (v) => {
  try {
    if (v === null || (typeof v !== "object" && typeof v !== "function") || typeof v.then !== "function") return undefined;
    return Promise.resolve(v);
  } catch (e) {
    return Promise.reject(e);
  }
};
"#;

thread_local! {
    static AS_PROMISE_FN: Option<Function> = Function::new_no_args(AS_PROMISE)
        .call0(&JsValue::NULL)
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
}

/// `value` as a promise to await when it is a thenable (as `await` would take it), else `None`.
/// Reading a hostile value's `then` cannot throw past this: it becomes a rejected promise.
pub(crate) fn as_promise(value: &JsValue) -> Option<js_sys::Promise> {
    if !value.is_object() && !value.is_function() {
        return None;
    }
    let result = AS_PROMISE_FN.with(|f| f.as_ref().map(|f| f.call1(&JsValue::NULL, value)));
    match result {
        Some(Ok(promise)) if !promise.is_undefined() => Some(promise.unchecked_into()),
        Some(Err(thrown)) => Some(js_sys::Promise::reject(&thrown)),
        _ => None,
    }
}

/// Whether `value` is a thenable (`false` when asking threw; unlike [`as_promise`] this makes
/// no promise, so nothing is left rejected and unhandled).
pub(crate) fn is_thenable(value: &JsValue) -> bool {
    if !value.is_object() && !value.is_function() {
        return false;
    }
    with_key("then", |then| Reflect::get(value, then)).is_ok_and(|then| then.is_function())
}

/// Whether `value` is a plain object: not an array, and its prototype is `null` or some
/// realm's `Object.prototype` (a prototype whose own prototype is `null`). `false` when asking
/// threw.
pub(crate) fn is_plain_object(value: &JsValue) -> bool {
    plain_object(value).unwrap_or(false)
}

/// [`is_plain_object`], with what was thrown when asking threw (a Proxy trap, a revoked Proxy).
pub(crate) fn plain_object(value: &JsValue) -> Result<bool, JsValue> {
    if !value.is_object() || is_array_checked(value)? {
        return Ok(false);
    }
    let proto: JsValue = Reflect::get_prototype_of(value)?.into();
    Ok(proto.is_null() || JsValue::from(Reflect::get_prototype_of(&proto)?).is_null())
}

/// Whether `value` is an array (`false` when asking threw).
pub(crate) fn is_array(value: &JsValue) -> bool {
    value.is_object() && is_array_checked(value).unwrap_or(false)
}

/// The items of an array, each read with a catching `Reflect.get`; `Err` with what was thrown
/// when reading one threw.
pub(crate) fn array_items(value: &JsValue) -> Result<Vec<JsValue>, JsValue> {
    let length = with_key("length", |length| Reflect::get(value, length))?
        .as_f64()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .unwrap_or(0.0) as u32;
    (0..length).map(|i| Reflect::get_u32(value, i)).collect()
}

/// An object's own enumerable `[key, value]` pairs; `Err` with what was thrown when reading
/// them threw.
pub(crate) fn entries(value: &JsValue) -> Result<Vec<(String, JsValue)>, JsValue> {
    let pairs = entries_checked(value)?;
    Ok(pairs
        .iter()
        .map(|pair| {
            let pair: Array = pair.unchecked_into();
            (pair.get(0).as_string().unwrap_or_default(), pair.get(1))
        })
        .collect())
}

/// What a JS argument is, for refusals: "a number (123)", "an object", "a symbol", …
pub(crate) fn kind(value: &JsValue) -> String {
    if value.is_undefined() {
        "undefined".into()
    } else if value.is_null() {
        "null".into()
    } else if let Some(n) = value.as_f64() {
        format!("a number ({n})")
    } else if value.as_bool().is_some() {
        "a boolean".into()
    } else if value.is_string() {
        "a string".into()
    } else if value.is_symbol() {
        "a symbol".into()
    } else if value.is_bigint() {
        "a BigInt".into()
    } else if value.is_function() {
        "a function".into()
    } else if is_array(value) {
        "an array".into()
    } else {
        "an object".into()
    }
}

/// A string argument (wasm-bindgen would read any other type from raw memory as if it were a
/// string, so every exported function takes `JsValue` and checks here).
pub(crate) fn string_arg(value: &JsValue, name: &str) -> Result<String, String> {
    value
        .as_string()
        .ok_or_else(|| format!("{name} must be a string; got {}", kind(value)))
}

/// An optional string argument: `undefined`/`null` is `None`.
pub(crate) fn opt_string_arg(value: &JsValue, name: &str) -> Result<Option<String>, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    string_arg(value, name).map(Some)
}

/// A list of strings.
pub(crate) fn strings_arg(value: &JsValue, name: &str) -> Result<Vec<String>, String> {
    let bad = || format!("{name} must be an array of strings; got {}", kind(value));
    if !is_array(value) {
        return Err(bad());
    }
    array_items(value)
        .map_err(|_| bad())?
        .iter()
        .map(|item| item.as_string().ok_or_else(bad))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use js_sys::{Function, JSON};
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn js(source: &str) -> JsValue {
        Function::new_no_args(&format!("return ({source});"))
            .call0(&JsValue::NULL)
            .unwrap()
    }

    #[wasm_bindgen_test]
    fn json_data_round_trips() {
        let value = js(r#"{a: 1, b: [true, null, "x", 2.5], c: {d: {}}}"#);
        let converted = to_json(&value).unwrap();
        assert_eq!(converted, json!({"a": 1, "b": [true, null, "x", 2.5], "c": {"d": {}}}));
        let back = to_js(&converted);
        assert_eq!(JSON::stringify(&back).unwrap(), JSON::stringify(&value).unwrap());
    }

    #[wasm_bindgen_test]
    fn a_scalar_converts_as_it_does_inside_a_list() {
        // Scalars skip the JS walk; a list's items go through it: both must agree.
        for source in [
            "0",
            "-0",
            "3",
            "-7",
            "2.5",
            "1e21",
            "-1e-7",
            "2 ** 53 + 2",
            "2 ** 60",
            "-(2 ** 63)",
            "2 ** 64",
            "1.7976931348623157e308",
            "true",
            "false",
            "null",
            "'text'",
            "''",
            "'a\\ud800b'",
            "'\\ud83d\\ude00'",
        ] {
            let alone = to_json(&js(source)).unwrap();
            let listed = to_json(&js(&format!("[{source}]"))).unwrap();
            assert_eq!(
                (&alone, alone.to_string()),
                (&listed[0], listed[0].to_string()),
                "{source}"
            );
        }
        assert_eq!(to_json(&js("undefined")).unwrap(), Value::Null);
        assert_eq!(to_json(&js("NaN")).unwrap_err().found, "the number NaN");
        assert_eq!(to_plain_json(&js("undefined")).unwrap_err().found, "undefined");
    }

    #[wasm_bindgen_test]
    fn non_json_values_are_refused_with_their_path() {
        let cases = [
            ("{a: {b: [1, () => 2]}}", "a.b[1]", "a function"),
            ("{s: Symbol('x')}", "s", "a symbol"),
            ("{n: 10n}", "n", "a BigInt"),
            ("{m: new Map()}", "m", "a Map or Set (use an object or an array)"),
            ("{x: NaN}", "x", "the number NaN"),
        ];
        for (source, path, found) in cases {
            let err = to_json(&js(source)).unwrap_err();
            assert_eq!((err.path.as_str(), err.found.as_str()), (path, found), "{source}");
        }
    }

    #[wasm_bindgen_test]
    fn a_cycle_is_refused_not_followed() {
        let err = to_json(&js("(() => { const o = {k: {}}; o.k.back = o; return o; })()")).unwrap_err();
        assert_eq!(
            (err.path.as_str(), err.found.as_str()),
            ("k.back", "a cyclic reference")
        );
        // The same object twice, without a cycle, is fine.
        let shared = to_json(&js("(() => { const s = {v: 1}; return {a: s, b: s}; })()")).unwrap();
        assert_eq!(shared, json!({"a": {"v": 1}, "b": {"v": 1}}));
    }

    #[wasm_bindgen_test]
    fn dates_become_iso_strings_and_undefined_properties_are_absent() {
        let value = to_json(&js("{when: new Date(0), gone: undefined, list: [undefined]}")).unwrap();
        assert_eq!(value, json!({"when": "1970-01-01T00:00:00.000Z", "list": [null]}));
        let err = to_json(&js("{when: new Date(NaN)}")).unwrap_err();
        assert_eq!((err.path.as_str(), err.found.as_str()), ("when", "an invalid Date"));
    }

    #[wasm_bindgen_test]
    fn exact_conversion_refuses_what_json_would_change() {
        let cases = [
            ("{m: [new (class AIMessage {})()]}", "m[0]", "an instance of AIMessage"),
            ("{when: new Date(0)}", "when", "a Date"),
            ("{bytes: new Uint8Array(2)}", "bytes", "an instance of Uint8Array"),
            ("[1, undefined]", "[1]", "undefined"),
        ];
        for (source, path, found) in cases {
            let err = to_plain_json(&js(source)).unwrap_err();
            assert_eq!((err.path.as_str(), err.found.as_str()), (path, found), "{source}");
        }
        // Plain data, including objects without a prototype, passes unchanged.
        let value = to_plain_json(&js(
            "{a: [1, {b: null}], c: Object.assign(Object.create(null), {d: 'x'})}",
        ));
        assert_eq!(value.unwrap(), json!({"a": [1, {"b": null}], "c": {"d": "x"}}));
    }

    #[wasm_bindgen_test]
    fn class_instances_become_their_own_properties_and_to_json_is_not_called() {
        let value = to_json(&js(
            "{p: new (class P { constructor() { this.x = 1; } toJSON() { return 'called'; } })(), \
              n: new Number(2), lone: '\\ud800x'}",
        ))
        .unwrap();
        assert_eq!(value, json!({"p": {"x": 1}, "n": {}, "lone": "\u{fffd}x"}));
    }

    #[wasm_bindgen_test]
    fn a_value_that_throws_while_read_is_refused_where_it_threw() {
        let cases = [
            (
                "{a: {get b() { throw new TypeError('boom'); }}}",
                "a.b",
                "TypeError: boom",
            ),
            (
                "{p: new Proxy({}, {ownKeys() { throw new Error('trap'); }})}",
                "p",
                "Error: trap",
            ),
            (
                "(() => { const r = Proxy.revocable([], {}); r.revoke(); return {r: r.proxy}; })()",
                "r",
                "TypeError",
            ),
            ("[new Proxy({}, {getPrototypeOf() { throw 'no'; }})]", "[0]", "no"),
        ];
        for (source, path, thrown) in cases {
            let err = to_json(&js(source)).unwrap_err();
            assert_eq!(err.path, path, "{source}");
            assert!(
                err.found.starts_with("a value that threw while it was read") && err.found.contains(thrown),
                "{source}: {}",
                err.found
            );
        }
    }

    #[wasm_bindgen_test]
    fn values_deeper_than_storage_can_read_back_are_refused() {
        let nested = |levels: usize| format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
        assert!(to_json(&js(&nested(MAX_VALUE_DEPTH))).is_ok());
        let err = to_json(&js(&format!("{{data: {}}}", nested(127)))).unwrap_err();
        assert_eq!(err.found, format!("nesting deeper than {MAX_VALUE_DEPTH} levels"));
        assert!(err.path.starts_with("data[0][0]"), "{}", err.path);
        assert!(to_json_wrapped(&js(&format!("{{input: {}}}", nested(MAX_VALUE_DEPTH))), 1).is_ok());
    }

    #[wasm_bindgen_test]
    fn stored_keys_never_become_prototypes() {
        let out = to_js(&json!({"__proto__": {"polluted": true}, "a": 1}));
        let own = |o: &JsValue| Object::has_own(o.unchecked_ref::<Object>(), &JsValue::from_str("__proto__"));
        assert!(get(&Object::get_prototype_of(&out).into(), "polluted").is_undefined());
        assert!(own(&out));
        let made = super::object(&[("__proto__", JsValue::from_str("x"))]);
        assert!(own(&made));
    }

    #[wasm_bindgen_test]
    fn integers_stay_integers() {
        // Beyond 2^53 a JS number is not an exact integer: it keeps the digits JS prints for it,
        // which read back as the same number.
        let value = to_json(&js("{n: 3, f: 0.5, big: 2 ** 60}")).unwrap();
        assert_eq!(value, json!({"n": 3, "f": 0.5, "big": 1152921504606847000u64}));
        assert_eq!(value["big"].as_f64(), Some(2f64.powi(60)));
    }
}
