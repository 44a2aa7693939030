//! The one place where JS values and engine values meet. State crosses the boundary as JSON:
//! a JS value is walked and checked (functions, symbols, BigInts, non-finite numbers, Maps,
//! Sets and cycles are refused with the path where they were found — never dropped silently),
//! and engine values are handed back as plain JS objects and arrays.

use js_sys::{Array, Function, Object, Reflect};
use serde::Serialize;
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

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

/// Deeper nesting than this is reported rather than risking the wasm stack.
const MAX_DEPTH: usize = 512;

/// Converts a JS value to JSON data, or says what in it is not JSON.
///
/// Objects and arrays take the fast path: a JS function checks the whole value by the rules of
/// `convert` (same errors, same paths) and hands it over as one `JSON.stringify` text, which
/// `serde_json` parses. Walking the value from Rust costs several JS calls per value; this costs
/// a few per conversion. Values whose JSON text would not mean the same as `convert`'s result
/// (dates, boxed primitives, `toJSON` methods, integers beyond 2^53, lone surrogates) take the
/// walk from Rust.
pub(crate) fn to_json(value: &JsValue) -> Result<Value, NotJson> {
    if value.is_object() && !value.is_function() {
        // On a throw (a getter or proxy that throws), the walk below meets it the usual way.
        if let Ok(text) = JSON_TEXT.with(|check| check.call1(&JsValue::NULL, value)) {
            if let Some(text) = text.as_string() {
                if let Ok(parsed) = serde_json::from_str(&text) {
                    return Ok(parsed);
                }
            } else if Array::is_array(&text) {
                let found = Array::from(&text);
                return Err(not_json(
                    &found.get(0).as_string().unwrap_or_default(),
                    found.get(1).as_string().unwrap_or_default(),
                ));
            }
        }
    }
    let mut ancestors = Vec::new();
    convert(value, &mut String::new(), &mut ancestors, Strictness::Lenient)
}

/// Like [`to_json`], but also refuses what JSON would change rather than keep: class instances
/// (their prototype would be lost), `Date`s (they would come back as strings) and `undefined`
/// outside an object property. For stores that must hand back exactly what they were given
/// (the LangGraph.js checkpointer surface).
pub(crate) fn to_plain_json(value: &JsValue) -> Result<Value, NotJson> {
    let mut ancestors = Vec::new();
    convert(value, &mut String::new(), &mut ancestors, Strictness::Exact)
}

/// What a conversion does with values JSON can hold only approximately.
#[derive(Clone, Copy, PartialEq)]
enum Strictness {
    /// Dates become ISO strings, class instances their own enumerable properties, `undefined`
    /// becomes `null` (as for graph state, which is JSON by contract).
    Lenient,
    /// Those are refused.
    Exact,
}

/// The constructor name of a class instance, or `None` for a plain object (its prototype is
/// `null` or some realm's `Object.prototype`, i.e. a prototype whose own prototype is `null`).
fn class_name(value: &JsValue) -> Option<String> {
    let proto = Object::get_prototype_of(value);
    if proto.is_null() || Object::get_prototype_of(&proto).is_null() {
        return None;
    }
    let name = Reflect::get(&get(&proto, "constructor"), &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .filter(|n| !n.is_empty());
    Some(name.unwrap_or_else(|| "an anonymous class".to_string()))
}

// `convert`'s rules in JS: returns the value's JSON text, `[path, found]` for the first value
// that is not JSON data, or `0` when only the walk from Rust gives the right result.
const CHECK_AND_STRINGIFY: &str = r#"
const MAX_DEPTH = 512;
const ancestors = [];
const keys = [];
let slow = false;
const path = () => keys.reduce((p, k) => typeof k === "number" ? `${p}[${k}]` : p ? `${p}.${k}` : k, "");
const walk = (v) => {
  switch (typeof v) {
    case "string": case "boolean": case "undefined": return null;
    case "number":
      if (!Number.isFinite(v)) return [path(), `the number ${Number.isNaN(v) ? "NaN" : v > 0 ? "inf" : "-inf"}`];
      if (Number.isInteger(v) && Math.abs(v) > Number.MAX_SAFE_INTEGER) slow = true;
      return null;
    case "function": return [path(), "a function"];
    case "symbol": return [path(), "a symbol"];
    case "bigint": return [path(), "a BigInt"];
  }
  if (v === null) return null;
  if (v instanceof Date || v instanceof Number || v instanceof String || v instanceof Boolean || typeof v.toJSON === "function") {
    slow = true;
    return null;
  }
  if (v instanceof Map || v instanceof Set) return [path(), "a Map or Set (use an object or an array)"];
  if (ancestors.includes(v)) return [path(), "a cyclic reference"];
  if (ancestors.length >= MAX_DEPTH) return [path(), `nesting deeper than ${MAX_DEPTH} levels`];
  ancestors.push(v);
  let found = null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length && !found; i++) {
      keys.push(i);
      found = walk(v[i]);
      keys.pop();
    }
  } else {
    for (const k of Object.keys(v)) {
      const item = v[k];
      if (item === undefined) continue;
      keys.push(k);
      found = walk(item);
      keys.pop();
      if (found) break;
    }
  }
  ancestors.pop();
  return found;
};
return (v) => {
  ancestors.length = 0;
  keys.length = 0;
  slow = false;
  const found = walk(v);
  return found ?? (slow ? 0 : JSON.stringify(v));
};
"#;

thread_local! {
    static JSON_TEXT: Function = Function::new_no_args(CHECK_AND_STRINGIFY)
        .call0(&JsValue::NULL)
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .unwrap_or_else(|| Function::new_no_args("return 0;"));
}

/// Converts `item`, the value of `parent[key]`, as `to_json(parent)` would (paths and cycle
/// checks included), for callers that convert an object's entries one by one.
pub(crate) fn to_json_entry(parent: &JsValue, key: &str, item: &JsValue) -> Result<Value, NotJson> {
    let mut ancestors = vec![parent.clone()];
    convert(item, &mut key.to_string(), &mut ancestors, Strictness::Lenient)
}

fn not_json(path: &str, found: impl Into<String>) -> NotJson {
    NotJson {
        path: path.to_string(),
        found: found.into(),
    }
}

fn convert(
    value: &JsValue,
    path: &mut String,
    ancestors: &mut Vec<JsValue>,
    strictness: Strictness,
) -> Result<Value, NotJson> {
    if value.is_undefined() && strictness == Strictness::Exact {
        return Err(not_json(path, "undefined"));
    }
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return number(n).ok_or_else(|| not_json(path, format!("the number {n}")));
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    if value.is_function() {
        return Err(not_json(path, "a function"));
    }
    if value.is_symbol() {
        return Err(not_json(path, "a symbol"));
    }
    if value.is_bigint() {
        return Err(not_json(path, "a BigInt"));
    }
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        if strictness == Strictness::Exact {
            return Err(not_json(path, "a Date"));
        }
        return Ok(Value::String(date.to_iso_string().into()));
    }
    if value.is_instance_of::<js_sys::Map>() || value.is_instance_of::<js_sys::Set>() {
        return Err(not_json(path, "a Map or Set (use an object or an array)"));
    }
    if !value.is_object() {
        return Err(not_json(path, "a value of an unknown kind"));
    }
    if strictness == Strictness::Exact && !Array::is_array(value) {
        if let Some(name) = class_name(value) {
            return Err(not_json(path, format!("an instance of {name}")));
        }
    }
    if ancestors.iter().any(|a| Object::is(a, value)) {
        return Err(not_json(path, "a cyclic reference"));
    }
    if ancestors.len() >= MAX_DEPTH {
        return Err(not_json(path, format!("nesting deeper than {MAX_DEPTH} levels")));
    }
    ancestors.push(value.clone());
    let result = if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        let mut items = Vec::with_capacity(array.length() as usize);
        for (i, item) in array.iter().enumerate() {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let converted = convert(&item, path, ancestors, strictness);
            path.truncate(len);
            items.push(converted?);
        }
        Ok(Value::Array(items))
    } else {
        let object: &Object = value.unchecked_ref();
        let mut map = Map::new();
        for key in Object::keys(object).iter() {
            let Some(name) = key.as_string() else { continue };
            let item = Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED);
            if item.is_undefined() {
                continue; // as JSON.stringify does: an undefined property is absent
            }
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&name);
            let converted = convert(&item, path, ancestors, strictness);
            path.truncate(len);
            map.insert(name, converted?);
        }
        Ok(Value::Object(map))
    };
    ancestors.pop();
    result
}

fn number(n: f64) -> Option<Value> {
    if !n.is_finite() {
        return None;
    }
    if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0 {
        return Some(Value::Number(Number::from(n as i64)));
    }
    Number::from_f64(n).map(Value::Number)
}

/// Converts JSON data to a plain JS value (objects, arrays, numbers, strings, booleans, null).
/// Objects and arrays cross as one JSON text for `JSON.parse` (one string copy instead of a JS
/// call per value).
pub(crate) fn to_js(value: &Value) -> JsValue {
    if matches!(value, Value::Array(_) | Value::Object(_)) {
        if let Ok(Ok(parsed)) = serde_json::to_string(value).map(|text| js_sys::JSON::parse(&text)) {
            return parsed;
        }
    }
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// Converts any serializable engine value to JS.
pub(crate) fn to_js_from<T: Serialize>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// Reads property `key` of `object` (undefined when absent or not an object).
pub(crate) fn get(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Reads a string property.
pub(crate) fn get_string(object: &JsValue, key: &str) -> Option<String> {
    get(object, key).as_string()
}

/// A plain object from key/value pairs.
pub(crate) fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let obj = Object::new();
    for (k, v) in entries {
        let _ = Reflect::set(&obj, &JsValue::from_str(k), v);
    }
    obj.into()
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
        let value = to_json(&js("{when: new Date(0), gone: undefined}")).unwrap();
        assert_eq!(value, json!({"when": "1970-01-01T00:00:00.000Z"}));
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
    fn the_json_text_path_gives_what_the_walk_gives() {
        let sources = [
            "{a: [1, -0, 2.5, 1e21, 0.1, 1/3, undefined, null, 'x\\u00e9'], b: {c: {}, 'd.e': [[]]}, z: true}",
            "[{x: -Infinity}]",
            "{deep: {list: [0, {y: Infinity}]}}",
            "{lone: '\\ud800'}",
            "{boxed: new Number(2), json: {toJSON() { return 1; }}}",
            "(() => { const a = []; a[2] = 1; return {holes: a}; })()",
        ];
        for source in sources {
            let value = js(source);
            let walked = convert(&value, &mut String::new(), &mut Vec::new(), Strictness::Lenient);
            assert_eq!(to_json(&value), walked, "{source}");
        }
    }

    #[wasm_bindgen_test]
    fn integers_stay_integers() {
        assert_eq!(
            to_json(&js("{n: 3, f: 0.5, big: 2 ** 60}")).unwrap(),
            json!({"n": 3, "f": 0.5, "big": 1152921504606846976.0})
        );
    }
}
