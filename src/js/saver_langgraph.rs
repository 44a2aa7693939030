//! The LangGraph.js `BaseCheckpointSaver` surface of a saver handle (`getTuple`, `list`, `put`,
//! `putWrites`, `deleteThread`), so a LangGraph.js graph can use our savers as its checkpointer.
//!
//! This module converts LangGraph.js's shapes to our checkpoint types and back:
//! `{configurable: {thread_id, checkpoint_ns, checkpoint_id}}` configs, checkpoints
//! `{v, id, ts, channel_values, channel_versions, versions_seen}`, metadata, pending writes as
//! `[taskId, channel, value]` and list options `{limit, before, filter}`. Values must be exact
//! JSON (`interop::to_plain_json`): the JS wrapper (pkg-template/lib/checkpoint.js) has already
//! turned them into serializer envelopes when the saver was given a `serde`. Channel versions are
//! integers (LangGraph.js's default `getNextVersion`); string versions are refused by name.
//! It does not apply LangGraph.js's read-time migrations (pending sends of `v < 4`
//! checkpoints): the JS wrapper does, on decoded values.

use std::rc::Rc;

use super::future_to_promise;
use js_sys::{Array, Promise};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use super::saver::WasmSaver;
use super::{errors, interop};
use crate::checkpoint::{
    ChannelVersions, Checkpoint, CheckpointConfig, CheckpointError, CheckpointId, CheckpointMetadata, CheckpointTuple,
    Checkpointer, ListQuery,
};

/// The largest integer a JS number holds exactly; larger versions would not round-trip.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

fn saver_error(e: CheckpointError) -> JsValue {
    errors::named(e.name(), &e.to_string())
}

/// A value given to the saver that JSON cannot hold exactly.
fn not_serializable(e: interop::NotJson, what: &str) -> JsValue {
    let detail = if e.path.is_empty() {
        format!("{what} is not JSON data: {}", e.found)
    } else {
        format!("{what} is not JSON data at '{}': {}", e.path, e.found)
    };
    errors::named(
        "NotSerializableError",
        &format!(
            "{detail}. Without a `serde`, the saver stores plain JSON values only; pass one \
             (e.g. `new IndexedDBSaver({{ serde: new JsonPlusSerializer() }})`) to store class \
             instances such as messages"
        ),
    )
}

fn plain_json(value: &JsValue, what: &str) -> Result<Value, JsValue> {
    interop::to_plain_json(value).map_err(|e| not_serializable(e, what))
}

/// What a LangGraph.js `RunnableConfig` names.
struct LgConfig {
    thread_id: Option<String>,
    checkpoint_ns: String,
    /// `Err` for an id that is not a checkpoint id (no checkpoint can have it).
    checkpoint_id: Option<Result<CheckpointId, CheckpointError>>,
}

impl LgConfig {
    /// Reads `config.configurable`; `who` names the method for messages.
    fn read(config: &JsValue, who: &str) -> Result<LgConfig, JsValue> {
        let configurable = interop::get(config, "configurable");
        if !configurable.is_object() {
            return Err(errors::invalid(format!("{who}: config.configurable is missing")));
        }
        let string = |key: &str| -> Result<Option<String>, JsValue> {
            let value = interop::get(&configurable, key);
            if value.is_undefined() || value.is_null() {
                return Ok(None);
            }
            value
                .as_string()
                .map(Some)
                .ok_or_else(|| errors::invalid(format!("{who}: config.configurable.{key} must be a string")))
        };
        Ok(LgConfig {
            thread_id: string("thread_id")?,
            checkpoint_ns: string("checkpoint_ns")?.unwrap_or_default(),
            checkpoint_id: string("checkpoint_id")?
                .filter(|id| !id.is_empty())
                .map(|id| CheckpointId::parse(&id)),
        })
    }

    fn require_thread(&self, who: &str) -> Result<String, JsValue> {
        self.thread_id
            .clone()
            .ok_or_else(|| errors::invalid(format!("{who}: config.configurable.thread_id is missing")))
    }

    fn checkpoint_id(&self) -> Result<Option<CheckpointId>, JsValue> {
        self.checkpoint_id.clone().transpose().map_err(saver_error)
    }
}

/// `{configurable: {thread_id, checkpoint_ns, checkpoint_id}}`.
fn config_to_js(config: &CheckpointConfig) -> JsValue {
    let mut configurable = vec![
        ("thread_id", JsValue::from_str(&config.thread_id)),
        ("checkpoint_ns", JsValue::from_str(&config.checkpoint_ns)),
    ];
    if let Some(id) = &config.checkpoint_id {
        configurable.push(("checkpoint_id", JsValue::from_str(id.as_str())));
    }
    interop::object(&[("configurable", interop::object(&configurable))])
}

/// Checks that every version in `versions` (a JSON object of channel → version) is an integer
/// a JS number holds exactly.
fn check_versions(versions: &Value, what: &str) -> Result<(), JsValue> {
    let Some(map) = versions.as_object() else {
        return Err(errors::invalid(format!("{what} must be an object of channel versions")));
    };
    for (channel, version) in map {
        if version.as_u64().is_none_or(|v| v > MAX_SAFE_INTEGER) {
            return Err(errors::named(
                "UnsupportedVersionError",
                &format!(
                    "{what}: the version of channel '{channel}' is {version}; this saver stores \
                     integer channel versions (LangGraph.js's default `getNextVersion`), not strings \
                     or fractions"
                ),
            ));
        }
    }
    Ok(())
}

fn versions_from_js(value: &JsValue, what: &str) -> Result<ChannelVersions, JsValue> {
    let json = plain_json(value, what)?;
    check_versions(&json, what)?;
    serde_json::from_value(json).map_err(|e| errors::invalid(format!("{what}: {e}")))
}

fn checkpoint_from_js(value: &JsValue) -> Result<Checkpoint, JsValue> {
    if !value.is_object() {
        return Err(errors::invalid("put: the checkpoint must be an object"));
    }
    let mut fields = Map::new();
    for key in ["v", "id", "ts"] {
        fields.insert(
            key.to_string(),
            plain_json(&interop::get(value, key), &format!("checkpoint.{key}"))?,
        );
    }
    // Channel by channel, so that an error names the channel.
    let values = interop::get(value, "channel_values");
    let mut channel_values = Map::new();
    if !values.is_undefined() && !values.is_null() {
        let entries = interop::entries(&values).map_err(|e| {
            errors::invalid(format!(
                "put: checkpoint.channel_values could not be read: {}",
                errors::describe(&e)
            ))
        })?;
        for (channel, value) in entries {
            let what = format!("the value of channel '{channel}'");
            channel_values.insert(channel, plain_json(&value, &what)?);
        }
    }
    fields.insert("channel_values".into(), Value::Object(channel_values));
    let versions = plain_json(&interop::get(value, "channel_versions"), "checkpoint.channel_versions")?;
    check_versions(&versions, "checkpoint.channel_versions")?;
    fields.insert("channel_versions".into(), versions);
    let seen = plain_json(&interop::get(value, "versions_seen"), "checkpoint.versions_seen")?;
    for (node, versions) in seen.as_object().into_iter().flatten() {
        check_versions(versions, &format!("checkpoint.versions_seen['{node}']"))?;
    }
    fields.insert("versions_seen".into(), seen);
    let checkpoint: Checkpoint = serde_json::from_value(Value::Object(fields))
        .map_err(|e| errors::invalid(format!("put: not a LangGraph checkpoint: {e}")))?;
    // The id orders the thread's checkpoints, so it must be one.
    CheckpointId::parse(checkpoint.id.as_str()).map_err(|e| errors::invalid(format!("put: checkpoint.id: {e}")))?;
    Ok(checkpoint)
}

fn metadata_from_js(value: &JsValue) -> Result<CheckpointMetadata, JsValue> {
    let json = plain_json(value, "the checkpoint's metadata")?;
    serde_json::from_value(json).map_err(|e| {
        errors::invalid(format!(
            "put: the metadata must have `source` (\"input\", \"loop\", \"update\" or \"fork\") and \
             `step`: {e}"
        ))
    })
}

/// `{config, checkpoint, metadata, parentConfig, pendingWrites}`.
fn tuple_to_js(tuple: &CheckpointTuple) -> JsValue {
    let writes: Array = tuple
        .pending_writes
        .iter()
        .map(|w| -> JsValue {
            [
                JsValue::from_str(&w.task_id),
                JsValue::from_str(&w.channel),
                interop::to_js(&w.value),
            ]
            .into_iter()
            .collect::<Array>()
            .into()
        })
        .collect();
    let mut fields = vec![
        ("config", config_to_js(&tuple.config)),
        ("checkpoint", checkpoint_to_js(&tuple.checkpoint)),
        ("metadata", interop::to_js(&tuple.metadata.to_value())),
        ("pendingWrites", writes.into()),
    ];
    if let Some(parent) = &tuple.parent_config {
        fields.push(("parentConfig", config_to_js(parent)));
    }
    interop::object(&fields)
}

/// The checkpoint in LangGraph.js's shape (which has no `updated_channels`).
fn checkpoint_to_js(checkpoint: &Checkpoint) -> JsValue {
    let values = js_sys::Object::new();
    for (channel, value) in &checkpoint.channel_values {
        interop::set_data(&values, channel, &interop::to_js(value));
    }
    interop::object(&[
        ("v", JsValue::from_f64(f64::from(checkpoint.v))),
        ("id", JsValue::from_str(checkpoint.id.as_str())),
        ("ts", JsValue::from_str(&checkpoint.ts)),
        ("channel_values", values.into()),
        ("channel_versions", interop::to_js_from(&checkpoint.channel_versions)),
        ("versions_seen", interop::to_js_from(&checkpoint.versions_seen)),
    ])
}

/// `list`'s options: `{limit, before, filter}`.
fn list_query(config: &JsValue, options: &JsValue) -> Result<Option<ListQuery>, JsValue> {
    let mut query = ListQuery::default();
    if !config.is_undefined() && !config.is_null() && interop::get(config, "configurable").is_object() {
        let read = LgConfig::read(config, "list")?;
        query.thread_id = read.thread_id.clone();
        query.checkpoint_ns = interop::get_string(&interop::get(config, "configurable"), "checkpoint_ns");
        match read.checkpoint_id {
            Some(Ok(id)) => query.checkpoint_id = Some(id),
            // A malformed id names no checkpoint: nothing matches.
            Some(Err(_)) => return Ok(None),
            None => {}
        }
    }
    let limit = interop::get(options, "limit");
    if !limit.is_undefined() && !limit.is_null() {
        match limit.as_f64() {
            Some(n) if n.fract() == 0.0 && n >= 0.0 => query.limit = Some(n as usize),
            _ => return Err(errors::invalid("list: options.limit must be a non-negative integer")),
        }
    }
    let before = interop::get(options, "before");
    if !before.is_undefined() && !before.is_null() {
        match LgConfig::read(&before, "list: options.before")?.checkpoint_id {
            Some(Ok(id)) => query.before = Some(id),
            Some(Err(e)) => return Err(errors::invalid(format!("list: options.before: {e}"))),
            None => {}
        }
    }
    let filter = interop::get(options, "filter");
    if !filter.is_undefined() && !filter.is_null() {
        match plain_json(&filter, "list: options.filter")? {
            Value::Object(map) => query.filter = Some(map),
            _ => return Err(errors::invalid("list: options.filter must be an object")),
        }
    }
    Ok(Some(query))
}

/// `[channel, value]` pairs.
fn writes_from_js(writes: &JsValue) -> Result<Vec<(String, Value)>, JsValue> {
    let bad = |what: String| errors::invalid(what);
    if !interop::is_array(writes) {
        return Err(bad("putWrites: writes must be an array of [channel, value]".into()));
    }
    let unreadable = |e: JsValue| bad(format!("putWrites: writes could not be read: {}", errors::describe(&e)));
    interop::array_items(writes)
        .map_err(unreadable)?
        .iter()
        .enumerate()
        .map(|(i, pair)| {
            let pair = interop::is_array(pair)
                .then(|| interop::array_items(pair))
                .transpose()
                .map_err(unreadable)?
                .filter(|p| p.len() == 2)
                .ok_or_else(|| bad(format!("putWrites: writes[{i}] must be [channel, value]")))?;
            let channel = pair[0]
                .as_string()
                .ok_or_else(|| bad(format!("putWrites: writes[{i}] must be [channel, value]")))?;
            let value = plain_json(&pair[1], &format!("the write to '{channel}'"))?;
            Ok((channel, value))
        })
        .collect()
}

#[wasm_bindgen(js_class = "SaverHandle")]
impl WasmSaver {
    /// LangGraph.js `getTuple(config)`: the tuple, or `undefined` when there is none (also when
    /// the config names no thread or an id that is not a checkpoint id).
    #[wasm_bindgen(js_name = "lgGetTuple")]
    pub fn lg_get_tuple(&self, config: JsValue) -> Promise {
        let saver = self.saver();
        future_to_promise(async move {
            let read = LgConfig::read(&config, "getTuple")?;
            let Some(thread_id) = read.thread_id else {
                return Ok(JsValue::UNDEFINED);
            };
            let checkpoint_id = match read.checkpoint_id {
                Some(Ok(id)) => Some(id),
                Some(Err(_)) => return Ok(JsValue::UNDEFINED),
                None => None,
            };
            let config = CheckpointConfig::new(thread_id)
                .with_ns(read.checkpoint_ns)
                .with_id(checkpoint_id);
            let found = saver.get_tuple(&config).await.map_err(saver_error)?;
            Ok(found.as_ref().map_or(JsValue::UNDEFINED, tuple_to_js))
        })
    }

    /// LangGraph.js `list(config, {limit, before, filter})`, newest first, as an array (the JS
    /// wrapper yields it as an async generator).
    #[wasm_bindgen(js_name = "lgList")]
    pub fn lg_list(&self, config: JsValue, options: JsValue) -> Promise {
        let saver = self.saver();
        future_to_promise(async move {
            let Some(query) = list_query(&config, &options)? else {
                return Ok(Array::new().into());
            };
            let tuples = saver.list(&query).await.map_err(saver_error)?;
            Ok(tuples.iter().map(tuple_to_js).collect::<Array>().into())
        })
    }

    /// LangGraph.js `put(config, checkpoint, metadata, newVersions)`: stores the checkpoint as a
    /// child of `config`'s checkpoint (if any), with values only for the channels in
    /// `newVersions`; returns the config naming it.
    #[wasm_bindgen(js_name = "lgPut")]
    pub fn lg_put(&self, config: JsValue, checkpoint: JsValue, metadata: JsValue, new_versions: JsValue) -> Promise {
        let saver = self.saver();
        future_to_promise(async move {
            let read = LgConfig::read(&config, "put")?;
            let parent = CheckpointConfig::new(read.require_thread("put")?)
                .with_ns(read.checkpoint_ns.clone())
                .with_id(read.checkpoint_id()?);
            let checkpoint = checkpoint_from_js(&checkpoint)?;
            let metadata = metadata_from_js(&metadata)?;
            let new_versions = if new_versions.is_undefined() || new_versions.is_null() {
                ChannelVersions::new()
            } else {
                versions_from_js(&new_versions, "put: newVersions")?
            };
            let saved = saver
                .put(&parent, &checkpoint, &metadata, &new_versions)
                .await
                .map_err(saver_error)?;
            Ok(config_to_js(&saved))
        })
    }

    /// LangGraph.js `putWrites(config, writes, taskId, taskPath)`: the writes of one task against
    /// the checkpoint `config` names (which must be given).
    #[wasm_bindgen(js_name = "lgPutWrites")]
    pub fn lg_put_writes(&self, config: JsValue, writes: JsValue, task_id: JsValue, task_path: JsValue) -> Promise {
        let saver = self.saver();
        future_to_promise(async move {
            let read = LgConfig::read(&config, "putWrites")?;
            let thread_id = read.require_thread("putWrites")?;
            let Some(checkpoint_id) = read.checkpoint_id()? else {
                return Err(errors::invalid(
                    "putWrites: config.configurable.checkpoint_id is missing",
                ));
            };
            let task_id = task_id
                .as_string()
                .ok_or_else(|| errors::invalid("putWrites: taskId must be a string"))?;
            let task_path = task_path.as_string().unwrap_or_default();
            let writes = writes_from_js(&writes)?;
            let config = CheckpointConfig::new(thread_id)
                .with_ns(read.checkpoint_ns)
                .with_id(Some(checkpoint_id));
            saver
                .put_writes(&config, &writes, &task_id, &task_path)
                .await
                .map_err(saver_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// LangGraph.js `deleteThread(threadId)`: every checkpoint, value and write of the thread.
    #[wasm_bindgen(js_name = "deleteThread")]
    pub fn delete_thread(&self, thread_id: JsValue) -> Promise {
        let saver: Rc<dyn Checkpointer> = self.saver();
        future_to_promise(async move {
            let thread_id = thread_id
                .as_string()
                .ok_or_else(|| errors::invalid("deleteThread: threadId must be a string"))?;
            saver.delete_thread(&thread_id).await.map_err(saver_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }
}
