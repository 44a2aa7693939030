//! The request model: what the Client and the HTTP API are asked to do, read once from the
//! LangGraph server's JSON shapes (snake_case) into typed, checked values. A field of the wrong
//! type or out of range is refused here — a 422 naming the field and what it got — never
//! quietly replaced by a default. Fields the server does not know are ignored, as its schemas
//! do.
//!
//! What needs the graph or the thread to check (node names, the pending interrupts a resume
//! answers, checkpoint ids) is checked by `Server::runs_create` before anything is recorded.

use serde_json::{Map, Value};

use super::messages::MessageModes;
use super::{
    AssistantSearch, HistoryQuery, IfNotExists, MultitaskStrategy, NamespaceOptions, OnCompletion, RunStatus,
    SearchOptions, ServerError, ThreadCreate, ThreadSearch, ThreadStatus,
};
pub use crate::limits::MAX_RECURSION_LIMIT;
use crate::limits::{too_deep, MAX_VALUE_DEPTH};
use crate::pregel::{Breakpoints, Command, Durability, Goto, Send, StreamMode};

/// The largest `limit`/`offset` a listing accepts.
const MAX_COUNT: u64 = u32::MAX as u64;

/// The longest id a thread may be created with.
const MAX_ID_LENGTH: usize = 256;

fn refuse(message: impl Into<String>) -> ServerError {
    ServerError::Unprocessable(message.into())
}

/// What a JSON value is, for refusals: "a number (42)", "an array", …
pub fn kind(value: &Value) -> String {
    let shown = |v: &Value| {
        let text = v.to_string();
        if text.len() > 40 {
            format!("{}…", text.chars().take(40).collect::<String>())
        } else {
            text
        }
    };
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(_) => format!("a number ({})", shown(value)),
        Value::String(_) => format!("a string ({})", shown(value)),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Refuses a value nested deeper than storage can read back.
pub fn check_depth(what: &str, value: &Value) -> Result<(), ServerError> {
    match too_deep(value, MAX_VALUE_DEPTH) {
        None => Ok(()),
        Some(path) => Err(refuse(format!(
            "{what} nests deeper than {MAX_VALUE_DEPTH} levels (at {what}.{path}); such a value could not be stored"
        ))),
    }
}

/// The body as an object (`what` names it in the refusal).
pub fn object_body<'a>(body: &'a Value, what: &str) -> Result<&'a Map<String, Value>, ServerError> {
    body.as_object()
        .ok_or_else(|| refuse(format!("{what} must be a JSON object; got {}", kind(body))))
}

/// A field that is absent or `null`.
fn given<'a>(body: &'a Value, key: &str) -> Option<&'a Value> {
    body.get(key).filter(|v| !v.is_null())
}

pub fn opt_string(body: &Value, key: &str) -> Result<Option<String>, ServerError> {
    match given(body, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(refuse(format!("{key} must be a string; got {}", kind(other)))),
    }
}

pub fn required_string(body: &Value, key: &str) -> Result<String, ServerError> {
    opt_string(body, key)?.ok_or_else(|| refuse(format!("{key} is required")))
}

/// An object field (its values within the depth limit).
pub fn opt_object(body: &Value, key: &str) -> Result<Option<Map<String, Value>>, ServerError> {
    match given(body, key) {
        None => Ok(None),
        Some(value @ Value::Object(map)) => {
            check_depth(key, value)?;
            Ok(Some(map.clone()))
        }
        Some(other) => Err(refuse(format!("{key} must be an object; got {}", kind(other)))),
    }
}

pub fn opt_bool(body: &Value, key: &str) -> Result<Option<bool>, ServerError> {
    match given(body, key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(refuse(format!("{key} must be true or false; got {}", kind(other)))),
    }
}

/// A whole number from `min` to `max`.
fn integer_in(key: &str, value: &Value, min: u64, max: u64) -> Result<u64, ServerError> {
    let n = value
        .as_u64()
        .or_else(|| {
            value
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= max as f64)
                .map(|f| f as u64)
        })
        .filter(|n| (min..=max).contains(n));
    n.ok_or_else(|| {
        refuse(format!(
            "{key} must be a whole number from {min} to {max}; got {}",
            kind(value)
        ))
    })
}

/// A `limit`/`offset`: a whole number ≥ 0.
pub fn opt_count(body: &Value, key: &str) -> Result<Option<usize>, ServerError> {
    given(body, key)
        .map(|v| integer_in(key, v, 0, MAX_COUNT).map(|n| usize::try_from(n).unwrap_or(usize::MAX)))
        .transpose()
}

/// A `limit`/`offset` from a query string.
pub fn query_count(key: &str, raw: Option<String>) -> Result<Option<usize>, ServerError> {
    match raw {
        None => Ok(None),
        Some(text) => {
            let value = text
                .trim()
                .parse::<u64>()
                .map(Value::from)
                .unwrap_or(Value::String(text));
            Ok(Some(
                integer_in(key, &value, 0, MAX_COUNT).map(|n| usize::try_from(n).unwrap_or(usize::MAX))?,
            ))
        }
    }
}

pub fn opt_strings(body: &Value, key: &str) -> Result<Option<Vec<String>>, ServerError> {
    match given(body, key) {
        None => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(refuse(format!(
                    "{key} must be a list of strings; it holds {}",
                    kind(other)
                ))),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(other) => Err(refuse(format!("{key} must be a list of strings; got {}", kind(other)))),
    }
}

/// A value field of any JSON type (within the depth limit); `None` when absent (`null` is kept).
fn opt_value(body: &Value, key: &str) -> Result<Option<Value>, ServerError> {
    match body.get(key) {
        None => Ok(None),
        Some(value) => {
            check_depth(key, value)?;
            Ok(Some(value.clone()))
        }
    }
}

fn one_of<T: Copy>(body: &Value, key: &str, choices: &[(&str, T)], default: T) -> Result<T, ServerError> {
    match given(body, key) {
        None => Ok(default),
        Some(Value::String(s)) => choices
            .iter()
            .find(|(name, _)| name == s)
            .map(|(_, v)| *v)
            .ok_or_else(|| {
                let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                refuse(format!("{key} must be one of {}; got '{s}'", names.join(", ")))
            }),
        Some(other) => Err(refuse(format!("{key} must be a string; got {}", kind(other)))),
    }
}

/// Whether `id` can name a new thread: not empty, not too long, and reachable in a URL path
/// as the SDKs build it (`/threads/{id}`, unencoded).
pub fn check_new_id(key: &str, id: &str) -> Result<(), ServerError> {
    if id.is_empty() {
        return Err(refuse(format!("{key} must not be empty")));
    }
    if id.chars().count() > MAX_ID_LENGTH {
        return Err(refuse(format!("{key} must be at most {MAX_ID_LENGTH} characters")));
    }
    if let Some(c) = id
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '/' | '\\' | '?' | '#' | '%'))
    {
        return Err(refuse(format!(
            "{key} must not contain {c:?}: an id is a path segment of the HTTP API"
        )));
    }
    Ok(())
}

// --- runs ---------------------------------------------------------------------------------------

/// A run's `config`: `configurable` (the run's own keys; `thread_id` and `checkpoint_ns` are the
/// server's to set), `recursion_limit`, `tags`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunConfigRequest {
    pub configurable: Map<String, Value>,
    /// `configurable.checkpoint_id`: run from this checkpoint.
    pub checkpoint_id: Option<String>,
    pub recursion_limit: Option<usize>,
    pub tags: Vec<String>,
}

pub fn run_config(config: Option<&Value>) -> Result<RunConfigRequest, ServerError> {
    let Some(config) = config.filter(|c| !c.is_null()) else {
        return Ok(RunConfigRequest::default());
    };
    object_body(config, "config")?;
    check_depth("config", config)?;
    let mut configurable = match given(config, "configurable") {
        None => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(other) => {
            return Err(refuse(format!(
                "config.configurable must be an object; got {}",
                kind(other)
            )))
        }
    };
    configurable.remove("thread_id");
    configurable.remove("checkpoint_ns");
    let checkpoint_id = match configurable.remove("checkpoint_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(id),
        Some(other) => {
            return Err(refuse(format!(
                "config.configurable.checkpoint_id must be a string; got {}",
                kind(&other)
            )))
        }
    };
    let recursion_limit = given(config, "recursion_limit")
        .map(|v| integer_in("config.recursion_limit", v, 1, MAX_RECURSION_LIMIT))
        .transpose()?
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let tags = opt_strings(config, "tags")
        .map_err(|e| refuse(format!("config.{e}")))?
        .unwrap_or_default();
    Ok(RunConfigRequest {
        configurable,
        checkpoint_id,
        recursion_limit,
        tags,
    })
}

/// The body of `runs.create` / `runs.wait` / `runs.stream`.
#[derive(Clone, Debug, Default)]
pub struct RunCreate {
    /// New input (an object of state keys), or `None` to continue the thread.
    pub input: Option<Map<String, Value>>,
    /// `{resume?, update?, goto?}`.
    pub command: Option<Command>,
    pub config: RunConfigRequest,
    /// An object, or `Null`.
    pub context: Value,
    pub metadata: Map<String, Value>,
    /// Run from this checkpoint (`checkpoint_id`, `checkpoint.checkpoint_id` or
    /// `config.configurable.checkpoint_id`).
    pub checkpoint_id: Option<String>,
    pub interrupt_before: Option<Breakpoints>,
    pub interrupt_after: Option<Breakpoints>,
    /// Default: `values`. The message modes (`messages`, `messages-tuple`, `events`) appear here
    /// as the engine's `messages` mode, and in `messages` as what the server sends for them.
    pub stream_mode: Vec<StreamMode>,
    pub messages: MessageModes,
    pub stream_subgraphs: bool,
    pub multitask_strategy: MultitaskStrategy,
    pub if_not_exists: IfNotExists,
    pub on_completion: OnCompletion,
    /// Cancel the run when the reader of its stream (or `wait`) goes away.
    pub cancel_on_disconnect: bool,
    /// Start the run this long after it is created (it is `pending` until then).
    pub after_seconds: Option<f64>,
    /// When the run saves its steps (`durability`: `sync`, our default; `async`; `exit`). The
    /// older `checkpoint_during: false` asks for `exit`.
    pub durability: Durability,
    /// What the run's record shows of the request (`Run::kwargs`).
    pub kwargs: Value,
}

pub fn run_create(body: &Value) -> Result<RunCreate, ServerError> {
    object_body(body, "the run")?;
    let input = match given(body, "input") {
        None => None,
        Some(value @ Value::Object(map)) => {
            check_depth("input", value)?;
            Some(map.clone())
        }
        Some(other) => {
            return Err(refuse(format!(
                "input must be an object of state keys (or null to continue the thread); got {}",
                kind(other)
            )))
        }
    };
    let raw_command = given(body, "command");
    let command = raw_command.map(parse_command).transpose()?;
    if input.is_some() && command.is_some() {
        return Err(refuse(
            "give a run either input or a command, not both (resume with command, start over with input)",
        ));
    }
    let config = run_config(body.get("config"))?;
    let context = match given(body, "context") {
        None => Value::Null,
        Some(value @ Value::Object(_)) => {
            check_depth("context", value)?;
            value.clone()
        }
        Some(other) => return Err(refuse(format!("context must be an object; got {}", kind(other)))),
    };
    let checkpoint_id = checkpoint_id(body)?.or_else(|| config.checkpoint_id.clone());
    let kwargs = serde_json::json!({
        "input": input,
        "command": raw_command,
        "config": body.get("config").cloned().unwrap_or(Value::Null),
    });
    Ok(RunCreate {
        input,
        command,
        context,
        metadata: opt_object(body, "metadata")?.unwrap_or_default(),
        checkpoint_id,
        interrupt_before: breakpoints(body, "interrupt_before")?,
        interrupt_after: breakpoints(body, "interrupt_after")?,
        stream_mode: stream_modes(body)?,
        messages: message_modes(body)?,
        stream_subgraphs: opt_bool(body, "stream_subgraphs")?.unwrap_or(false),
        multitask_strategy: one_of(
            body,
            "multitask_strategy",
            &[
                ("reject", MultitaskStrategy::Reject),
                ("interrupt", MultitaskStrategy::Interrupt),
                ("rollback", MultitaskStrategy::Rollback),
                ("enqueue", MultitaskStrategy::Enqueue),
            ],
            MultitaskStrategy::Reject,
        )?,
        if_not_exists: one_of(
            body,
            "if_not_exists",
            &[("reject", IfNotExists::Reject), ("create", IfNotExists::Create)],
            IfNotExists::Reject,
        )?,
        // The SDK's types say complete/continue; the servers take delete/keep.
        on_completion: one_of(
            body,
            "on_completion",
            &[
                ("delete", OnCompletion::Delete),
                ("keep", OnCompletion::Keep),
                ("complete", OnCompletion::Delete),
                ("continue", OnCompletion::Keep),
            ],
            OnCompletion::Delete,
        )?,
        cancel_on_disconnect: one_of(body, "on_disconnect", &[("cancel", true), ("continue", false)], false)?,
        after_seconds: after_seconds(body)?,
        durability: durability(body)?,
        config,
        kwargs,
    })
}

/// `durability`, or what the older `checkpoint_during` means (`false`: save only when the run
/// ends; `true`: save during it, as the default does).
fn durability(body: &Value) -> Result<Durability, ServerError> {
    let choices = [
        ("sync", Durability::Sync),
        ("async", Durability::Async),
        ("exit", Durability::Exit),
    ];
    match (given(body, "durability"), opt_bool(body, "checkpoint_during")?) {
        (None, Some(false)) => Ok(Durability::Exit),
        _ => one_of(body, "durability", &choices, Durability::Sync),
    }
}

/// The longest delay a run may ask for (a day).
const MAX_AFTER_SECONDS: f64 = 86_400.0;

/// `after_seconds`: a number of seconds from 0 to a day (0: start now).
fn after_seconds(body: &Value) -> Result<Option<f64>, ServerError> {
    match given(body, "after_seconds") {
        None => Ok(None),
        Some(value) => match value.as_f64() {
            Some(s) if (0.0..=MAX_AFTER_SECONDS).contains(&s) => Ok((s > 0.0).then_some(s)),
            _ => Err(refuse(format!(
                "after_seconds must be a number of seconds from 0 to {MAX_AFTER_SECONDS}; got {}",
                kind(value)
            ))),
        },
    }
}

/// Reads the SDK's `command`: `{resume?, update?, goto?}`, where `goto` is a node name,
/// `{node, input}` (a `Send`) or a list of them, and `update` an object of state keys or a list
/// of `[key, value]` pairs. A `resume` key counts even when it is `null`.
pub fn parse_command(value: &Value) -> Result<Command, ServerError> {
    let Value::Object(map) = value else {
        return Err(refuse(format!(
            "command must be an object with resume, update or goto; got {}",
            kind(value)
        )));
    };
    for field in ["resume", "update"] {
        if let Some(inner) = map.get(field) {
            check_depth(&format!("command.{field}"), inner)?;
        }
    }
    let goto_one = |v: &Value| -> Result<Goto, ServerError> {
        match v {
            Value::String(name) => Ok(Goto::Node(name.clone())),
            Value::Object(o) => match o.get("node") {
                Some(Value::String(node)) => Ok(Goto::Send(Send::new(
                    node.clone(),
                    o.get("input").cloned().unwrap_or(Value::Null),
                ))),
                _ => Err(refuse("a command.goto object needs a node name: {node, input}")),
            },
            other => Err(refuse(format!(
                "command.goto must be a node name, {{node, input}}, or a list of them; got {}",
                kind(other)
            ))),
        }
    };
    let goto = match map.get("goto") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().map(goto_one).collect::<Result<_, _>>()?,
        Some(other) => vec![goto_one(other)?],
    };
    let update = match map.get("update") {
        None | Some(Value::Null) => None,
        Some(update @ Value::Object(_)) => Some(update.clone()),
        Some(update @ Value::Array(items))
            if items
                .iter()
                .all(|i| i.as_array().is_some_and(|p| p.len() == 2 && p[0].is_string())) =>
        {
            Some(update.clone())
        }
        Some(other) => {
            return Err(refuse(format!(
                "command.update must be an object of state keys (or a list of [key, value] pairs); got {}",
                kind(other)
            )))
        }
    };
    Ok(Command {
        update,
        resume: map.get("resume").cloned(),
        goto,
        ..Default::default()
    })
}

fn breakpoints(body: &Value, key: &str) -> Result<Option<Breakpoints>, ServerError> {
    let bad = || refuse(format!("{key} must be \"*\" or a list of node names"));
    match given(body, key) {
        None => Ok(None),
        Some(Value::String(s)) if s == "*" => Ok(Some(Breakpoints::All)),
        Some(Value::Array(items)) => items
            .iter()
            .map(|n| n.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(|names| Some(Breakpoints::nodes(names)))
            .ok_or_else(bad),
        Some(_) => Err(bad()),
    }
}

/// `stream_mode`: one mode name or a list of them.
pub fn stream_modes(body: &Value) -> Result<Vec<StreamMode>, ServerError> {
    let names: Vec<&Value> = match given(body, "stream_mode") {
        None => Vec::new(),
        Some(one @ Value::String(_)) => vec![one],
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => {
            return Err(refuse(format!(
                "stream_mode must be a mode name or a list of them; got {}",
                kind(other)
            )))
        }
    };
    let mut modes = Vec::new();
    for name in names {
        let Value::String(name) = name else {
            return Err(refuse(format!(
                "stream_mode must hold mode names; it holds {}",
                kind(name)
            )));
        };
        let mode = match name.as_str() {
            // The server's message modes all come from the engine's `messages` events.
            "messages" | "messages-tuple" | "events" => StreamMode::Messages,
            other => StreamMode::parse(other).ok_or_else(|| refuse(format!("unsupported stream mode '{name}'")))?,
        };
        if !modes.contains(&mode) {
            modes.push(mode);
        }
    }
    Ok(modes)
}

/// Which message modes `stream_mode` asks for (checked by [`stream_modes`]).
fn message_modes(body: &Value) -> Result<MessageModes, ServerError> {
    let asked = |name: &str| match given(body, "stream_mode") {
        Some(Value::String(one)) => one == name,
        Some(Value::Array(items)) => items.iter().any(|i| i.as_str() == Some(name)),
        _ => false,
    };
    Ok(MessageModes {
        tuple: asked("messages-tuple"),
        accumulated: asked("messages"),
        events: asked("events"),
    })
}

/// `checkpoint_id`, or the id inside `checkpoint`.
pub fn checkpoint_id(body: &Value) -> Result<Option<String>, ServerError> {
    if let Some(id) = opt_string(body, "checkpoint_id")? {
        return Ok(Some(id));
    }
    match given(body, "checkpoint") {
        None => Ok(None),
        Some(checkpoint @ Value::Object(_)) => {
            opt_string(checkpoint, "checkpoint_id").map_err(|e| refuse(format!("checkpoint.{e}")))
        }
        Some(other) => Err(refuse(format!("checkpoint must be an object; got {}", kind(other)))),
    }
}

/// The namespace inside `checkpoint` (a subgraph's state); `None` for the root.
pub fn checkpoint_ns(body: &Value) -> Result<Option<String>, ServerError> {
    match given(body, "checkpoint") {
        Some(checkpoint @ Value::Object(_)) => Ok(opt_string(checkpoint, "checkpoint_ns")
            .map_err(|e| refuse(format!("checkpoint.{e}")))?
            .filter(|ns| !ns.is_empty())),
        _ => Ok(None),
    }
}

pub fn run_status(name: &str) -> Result<RunStatus, ServerError> {
    serde_json::from_value(Value::String(name.to_string())).map_err(|_| refuse(format!("unknown run status '{name}'")))
}

/// The query of `runs.list`: `limit`, `offset`, `status`.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunList {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    pub status: Option<RunStatus>,
}

pub fn run_list(body: &Value) -> Result<RunList, ServerError> {
    Ok(RunList {
        limit: opt_count(body, "limit")?,
        offset: opt_count(body, "offset")?,
        status: opt_string(body, "status")?.as_deref().map(run_status).transpose()?,
    })
}

// --- threads ------------------------------------------------------------------------------------

pub fn thread_create(body: &Value) -> Result<ThreadCreate, ServerError> {
    object_body(body, "the thread")?;
    let thread_id = opt_string(body, "thread_id")?;
    if let Some(id) = &thread_id {
        check_new_id("thread_id", id)?;
    }
    Ok(ThreadCreate {
        thread_id,
        metadata: opt_object(body, "metadata")?.unwrap_or_default(),
        if_exists_do_nothing: one_of(body, "if_exists", &[("raise", false), ("do_nothing", true)], false)?,
        graph_id: opt_string(body, "graph_id")?,
    })
}

/// One update of `threads.create`'s `supersteps`: `{values, as_node}`.
#[derive(Clone, Debug, PartialEq)]
pub struct SuperstepUpdate {
    pub values: Value,
    pub as_node: Option<String>,
}

/// `supersteps: [{updates: [{values, as_node}]}]`, in order.
pub fn supersteps(body: &Value) -> Result<Vec<SuperstepUpdate>, ServerError> {
    let steps = match given(body, "supersteps") {
        None => return Ok(Vec::new()),
        Some(Value::Array(steps)) => steps,
        Some(other) => return Err(refuse(format!("supersteps must be a list; got {}", kind(other)))),
    };
    let mut updates = Vec::new();
    for step in steps {
        let list = match given(step, "updates") {
            Some(Value::Array(list)) => list,
            _ => return Err(refuse("each superstep must be {updates: [{values, as_node}]}")),
        };
        for update in list {
            object_body(update, "a superstep update")?;
            if given(update, "command").is_some() {
                return Err(refuse(
                    "supersteps with a command are not supported; use values and as_node",
                ));
            }
            updates.push(SuperstepUpdate {
                values: opt_value(update, "values")?.unwrap_or(Value::Null),
                as_node: opt_string(update, "as_node")?,
            });
        }
    }
    Ok(updates)
}

/// `PATCH /threads/{id}`: the metadata to merge in.
pub fn thread_update(body: &Value) -> Result<Map<String, Value>, ServerError> {
    object_body(body, "the thread update")?;
    Ok(opt_object(body, "metadata")?.unwrap_or_default())
}

pub fn thread_status(name: &str) -> Result<ThreadStatus, ServerError> {
    serde_json::from_value(Value::String(name.to_string()))
        .map_err(|_| refuse(format!("unknown thread status '{name}'")))
}

fn sort_order(body: &Value) -> Result<Option<String>, ServerError> {
    Ok(one_of(
        body,
        "sort_order",
        &[("asc", Some("asc")), ("desc", Some("desc"))],
        None,
    )?
    .map(str::to_string))
}

pub fn thread_search(body: &Value) -> Result<ThreadSearch, ServerError> {
    object_body(body, "the search")?;
    Ok(ThreadSearch {
        metadata: opt_object(body, "metadata")?,
        values: opt_object(body, "values")?,
        ids: opt_strings(body, "ids")?,
        status: opt_string(body, "status")?.as_deref().map(thread_status).transpose()?,
        limit: opt_count(body, "limit")?,
        offset: opt_count(body, "offset")?,
        sort_by: one_of(
            body,
            "sort_by",
            &[
                ("thread_id", Some("thread_id")),
                ("created_at", Some("created_at")),
                ("updated_at", Some("updated_at")),
                ("status", Some("status")),
            ],
            None,
        )?
        .map(str::to_string),
        sort_order: sort_order(body)?,
    })
}

/// The body of `threads.getHistory`; `before` is a checkpoint id or a config holding one.
pub fn history_query(body: &Value) -> Result<HistoryQuery, ServerError> {
    object_body(body, "the history query")?;
    let before = match given(body, "before") {
        None => None,
        Some(Value::String(id)) => Some(id.clone()),
        Some(config @ Value::Object(_)) => {
            let configurable = given(config, "configurable").unwrap_or(&Value::Null);
            opt_string(configurable, "checkpoint_id").map_err(|e| refuse(format!("before.configurable.{e}")))?
        }
        Some(other) => {
            return Err(refuse(format!(
                "before must be a checkpoint id or a config; got {}",
                kind(other)
            )))
        }
    };
    Ok(HistoryQuery {
        limit: opt_count(body, "limit")?,
        before,
        metadata: opt_object(body, "metadata")?,
        checkpoint_ns: checkpoint_ns(body)?,
    })
}

/// The body of `threads.updateState`.
#[derive(Clone, Debug, PartialEq)]
pub struct StateUpdate {
    pub values: Value,
    pub as_node: Option<String>,
    pub checkpoint_id: Option<String>,
    pub checkpoint_ns: Option<String>,
}

pub fn state_update(body: &Value) -> Result<StateUpdate, ServerError> {
    object_body(body, "the state update")?;
    Ok(StateUpdate {
        values: opt_value(body, "values")?.unwrap_or(Value::Null),
        as_node: opt_string(body, "as_node")?,
        checkpoint_id: checkpoint_id(body)?,
        checkpoint_ns: checkpoint_ns(body)?,
    })
}

/// `POST /threads/{id}/state/checkpoint`: which checkpoint, and whether to include subgraphs.
pub fn state_at(body: &Value) -> Result<(Option<String>, Option<String>, bool), ServerError> {
    object_body(body, "the state query")?;
    Ok((
        checkpoint_id(body)?,
        checkpoint_ns(body)?,
        opt_bool(body, "subgraphs")?.unwrap_or(false),
    ))
}

// --- assistants and the store ---------------------------------------------------------------------

pub fn assistant_search(body: &Value) -> Result<AssistantSearch, ServerError> {
    object_body(body, "the search")?;
    Ok(AssistantSearch {
        graph_id: opt_string(body, "graph_id")?,
        name: opt_string(body, "name")?,
        metadata: opt_object(body, "metadata")?,
        limit: opt_count(body, "limit")?,
        offset: opt_count(body, "offset")?,
        sort_by: one_of(
            body,
            "sort_by",
            &[
                ("assistant_id", Some("assistant_id")),
                ("graph_id", Some("graph_id")),
                ("name", Some("name")),
                ("created_at", Some("created_at")),
                ("updated_at", Some("updated_at")),
            ],
            None,
        )?
        .map(str::to_string),
        sort_order: sort_order(body)?,
        select: opt_strings(body, "select")?,
    })
}

/// An assistant's `config`: an object whose `configurable` is an object, `recursion_limit` a
/// whole number ≥ 1 and `tags` a list of strings (other keys are kept, as the server does).
pub fn assistant_config(value: &Value, what: &str) -> Result<Map<String, Value>, ServerError> {
    if value.is_null() {
        return Ok(Map::new());
    }
    let map = value
        .as_object()
        .ok_or_else(|| refuse(format!("{what} must be an object; got {}", kind(value))))?;
    check_depth(what, value)?;
    if let Some(c) = given(value, "configurable").filter(|c| !c.is_object()) {
        return Err(refuse(format!(
            "{what}.configurable must be an object; got {}",
            kind(c)
        )));
    }
    if let Some(limit) = given(value, "recursion_limit") {
        integer_in(&format!("{what}.recursion_limit"), limit, 1, MAX_RECURSION_LIMIT)?;
    }
    opt_strings(value, "tags").map_err(|e| refuse(format!("{what}.{e}")))?;
    Ok(map.clone())
}

/// An assistant's `context`: an object.
pub fn assistant_context(value: &Value, what: &str) -> Result<Map<String, Value>, ServerError> {
    match value {
        Value::Null => Ok(Map::new()),
        Value::Object(map) => {
            check_depth(what, value)?;
            Ok(map.clone())
        }
        other => Err(refuse(format!("{what} must be an object; got {}", kind(other)))),
    }
}

/// The body of `assistants.create`.
#[derive(Clone, Debug, Default)]
pub struct AssistantCreate {
    /// A UUID (one is made when absent).
    pub assistant_id: Option<String>,
    pub graph_id: String,
    pub config: Map<String, Value>,
    pub context: Map<String, Value>,
    pub metadata: Map<String, Value>,
    /// `if_exists: "do_nothing"`: return the existing assistant instead of a 409.
    pub if_exists_do_nothing: bool,
    pub name: Option<String>,
    pub description: Option<String>,
}

pub fn assistant_create(body: &Value) -> Result<AssistantCreate, ServerError> {
    object_body(body, "the assistant")?;
    let assistant_id = opt_string(body, "assistant_id")?;
    if let Some(id) = &assistant_id {
        uuid::Uuid::parse_str(id).map_err(|_| refuse(format!("assistant_id must be a UUID; got '{id}'")))?;
    }
    Ok(AssistantCreate {
        assistant_id,
        graph_id: required_string(body, "graph_id")?,
        config: assistant_config(body.get("config").unwrap_or(&Value::Null), "config")?,
        context: assistant_context(body.get("context").unwrap_or(&Value::Null), "context")?,
        metadata: opt_object(body, "metadata")?.unwrap_or_default(),
        if_exists_do_nothing: one_of(body, "if_exists", &[("raise", false), ("do_nothing", true)], false)?,
        name: opt_string(body, "name")?,
        description: opt_string(body, "description")?,
    })
}

/// The body of `assistants.update`: the fields to change (metadata is merged).
#[derive(Clone, Debug, Default)]
pub struct AssistantPatch {
    pub graph_id: Option<String>,
    pub config: Option<Map<String, Value>>,
    pub context: Option<Map<String, Value>>,
    pub metadata: Option<Map<String, Value>>,
    pub name: Option<String>,
    pub description: Option<String>,
}

pub fn assistant_patch(body: &Value) -> Result<AssistantPatch, ServerError> {
    object_body(body, "the assistant update")?;
    Ok(AssistantPatch {
        graph_id: opt_string(body, "graph_id")?,
        config: given(body, "config")
            .map(|c| assistant_config(c, "config"))
            .transpose()?,
        context: given(body, "context")
            .map(|c| assistant_context(c, "context"))
            .transpose()?,
        metadata: opt_object(body, "metadata")?,
        name: opt_string(body, "name")?,
        description: opt_string(body, "description")?,
    })
}

/// The body of `assistants.getVersions`.
#[derive(Clone, Debug, Default)]
pub struct AssistantVersions {
    pub metadata: Option<Map<String, Value>>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

pub fn assistant_versions(body: &Value) -> Result<AssistantVersions, ServerError> {
    object_body(body, "the query")?;
    Ok(AssistantVersions {
        metadata: opt_object(body, "metadata")?,
        limit: opt_count(body, "limit")?,
        offset: opt_count(body, "offset")?,
    })
}

/// `{version}` of `assistants.setLatest`.
pub fn assistant_latest(body: &Value) -> Result<i64, ServerError> {
    object_body(body, "the body")?;
    let version = given(body, "version").ok_or_else(|| refuse("version is required"))?;
    Ok(integer_in("version", version, 1, MAX_COUNT)? as i64)
}

/// `{namespace, key}` of a store item.
pub fn item_id(body: &Value) -> Result<(Vec<String>, String), ServerError> {
    let namespace = opt_strings(body, "namespace")?.ok_or_else(|| refuse("namespace must be a list of strings"))?;
    Ok((namespace, required_string(body, "key")?))
}

/// `{namespace, key, value}` of `store.putItem`.
pub fn item_put(body: &Value) -> Result<(Vec<String>, String, Value), ServerError> {
    object_body(body, "the item")?;
    let (namespace, key) = item_id(body)?;
    let value = opt_value(body, "value")?.unwrap_or(Value::Null);
    Ok((namespace, key, value))
}

pub fn search_options(body: &Value) -> Result<SearchOptions, ServerError> {
    object_body(body, "the search")?;
    Ok(SearchOptions {
        filter: opt_object(body, "filter")?,
        limit: opt_count(body, "limit")?,
        offset: opt_count(body, "offset")?,
        query: opt_string(body, "query")?,
    })
}

pub fn namespace_options(body: &Value) -> Result<NamespaceOptions, ServerError> {
    object_body(body, "the query")?;
    Ok(NamespaceOptions {
        prefix: opt_strings(body, "prefix")?,
        suffix: opt_strings(body, "suffix")?,
        max_depth: opt_count(body, "max_depth")?,
        limit: opt_count(body, "limit")?,
        offset: opt_count(body, "offset")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(result: Result<impl std::fmt::Debug, ServerError>) -> String {
        match result {
            Err(ServerError::Unprocessable(message)) => message,
            other => panic!("expected a 422 refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_run_reads_every_field_it_is_given() {
        let run = run_create(&json!({
            "input": {"some_text": "x"},
            "config": {"configurable": {"user": 1, "thread_id": "ignored"}, "recursion_limit": 7, "tags": ["a"]},
            "context": {"k": 1},
            "metadata": {"m": true},
            "checkpoint": {"checkpoint_id": "c1"},
            "interrupt_before": "*",
            "interrupt_after": ["b"],
            "stream_mode": ["values", "messages"],
            "stream_subgraphs": true,
            "multitask_strategy": "enqueue",
            "if_not_exists": "create",
            "on_completion": "keep",
            "on_disconnect": "cancel",
        }))
        .unwrap();
        assert_eq!(run.input, Some(json!({"some_text": "x"}).as_object().cloned().unwrap()));
        assert_eq!(
            run.config.configurable,
            json!({"user": 1}).as_object().cloned().unwrap()
        );
        assert_eq!(run.config.recursion_limit, Some(7));
        assert_eq!(run.config.tags, vec!["a".to_string()]);
        assert_eq!(run.checkpoint_id.as_deref(), Some("c1"));
        assert_eq!(run.interrupt_before, Some(Breakpoints::All));
        assert_eq!(run.stream_mode, vec![StreamMode::Values, StreamMode::Messages]);
        assert_eq!(
            run.messages,
            MessageModes {
                accumulated: true,
                ..Default::default()
            }
        );
        assert!(run.stream_subgraphs && run.cancel_on_disconnect);
        assert_eq!(run.multitask_strategy, MultitaskStrategy::Enqueue);
        assert_eq!(run.if_not_exists, IfNotExists::Create);
        assert_eq!(run.on_completion, OnCompletion::Keep);
        assert_eq!(run.durability, Durability::Sync, "the default");
    }

    #[test]
    fn durability_is_read_from_durability_or_the_older_checkpoint_during() {
        let durability = |body: Value| run_create(&body).map(|r| r.durability);
        assert_eq!(durability(json!({"durability": "async"})).unwrap(), Durability::Async);
        assert_eq!(durability(json!({"durability": "exit"})).unwrap(), Durability::Exit);
        assert_eq!(
            durability(json!({"checkpoint_during": false})).unwrap(),
            Durability::Exit
        );
        assert_eq!(
            durability(json!({"checkpoint_during": true})).unwrap(),
            Durability::Sync
        );
        let both = json!({"durability": "async", "checkpoint_during": false});
        assert_eq!(durability(both).unwrap(), Durability::Async);
        assert_eq!(
            refused(durability(json!({"durability": "later"}))),
            "durability must be one of sync, async, exit; got 'later'"
        );
        assert!(refused(durability(json!({"checkpoint_during": "no"}))).contains("checkpoint_during"));
    }

    #[test]
    fn values_of_the_wrong_kind_are_refused_with_the_field_named() {
        let cases = [
            (json!(42), "the run must be a JSON object"),
            (json!({"input": 42}), "input must be an object"),
            (json!({"input": "text"}), "input must be an object"),
            (json!({"command": "go"}), "command must be an object"),
            (
                json!({"command": {"update": "str"}}),
                "command.update must be an object",
            ),
            (json!({"command": {"goto": 3}}), "command.goto must be"),
            (json!({"command": {"goto": {"input": 1}}}), "needs a node name"),
            (json!({"input": {}, "command": {"resume": 1}}), "not both"),
            (json!({"config": 3}), "config must be a JSON object"),
            (
                json!({"config": {"configurable": []}}),
                "config.configurable must be an object",
            ),
            (
                json!({"config": {"recursion_limit": -1}}),
                "config.recursion_limit must be a whole number from 1",
            ),
            (json!({"config": {"recursion_limit": 0}}), "config.recursion_limit"),
            (json!({"config": {"recursion_limit": "abc"}}), "config.recursion_limit"),
            (
                json!({"config": {"recursion_limit": 4294967296u64}}),
                "config.recursion_limit",
            ),
            (json!({"config": {"recursion_limit": 2.5}}), "config.recursion_limit"),
            (
                json!({"config": {"tags": "a"}}),
                "config.tags must be a list of strings",
            ),
            (json!({"metadata": [1]}), "metadata must be an object"),
            (json!({"context": 1}), "context must be an object"),
            (json!({"stream_mode": [42]}), "stream_mode must hold mode names"),
            (json!({"stream_mode": "nope"}), "unsupported stream mode 'nope'"),
            (json!({"stream_mode": {}}), "stream_mode must be a mode name"),
            (json!({"interrupt_before": [1]}), "interrupt_before must be"),
            (json!({"interrupt_after": true}), "interrupt_after must be"),
            (
                json!({"multitask_strategy": "later"}),
                "multitask_strategy must be one of",
            ),
            (json!({"checkpoint_id": 7}), "checkpoint_id must be a string"),
            (
                json!({"checkpoint": {"checkpoint_id": 7}}),
                "checkpoint.checkpoint_id must be a string",
            ),
            (
                json!({"stream_subgraphs": "yes"}),
                "stream_subgraphs must be true or false",
            ),
        ];
        for (body, expected) in cases {
            let message = refused(run_create(&body));
            assert!(message.contains(expected), "{body}: {message}");
        }
    }

    #[test]
    fn a_value_too_deep_to_store_is_refused_with_its_path() {
        let deep = (0..127).fold(json!(1), |inner, _| json!([inner]));
        let message = refused(run_create(&json!({"input": {"data": deep.clone()}})));
        assert!(
            message.contains("input nests deeper than 100 levels (at input.data[0]"),
            "{message}"
        );
        let message = refused(run_create(&json!({"command": {"resume": deep}})));
        assert!(message.contains("command.resume nests deeper"), "{message}");
    }

    #[test]
    fn listings_refuse_negative_and_non_numeric_limits() {
        assert!(refused(thread_search(&json!({"limit": -1}))).contains("limit must be a whole number"));
        assert!(refused(thread_search(&json!({"offset": "x"}))).contains("offset must be"));
        assert!(refused(thread_search(&json!({"sort_by": "size"}))).contains("sort_by must be one of"));
        assert!(refused(query_count("limit", Some("-3".into()))).contains("limit must be"));
        assert_eq!(query_count("limit", Some("5".into())).unwrap(), Some(5));
    }

    #[test]
    fn thread_ids_must_be_reachable_over_http() {
        for id in ["", "a/b", "a b", "x?y", "50%", &"x".repeat(300)] {
            refused(thread_create(&json!({ "thread_id": id })));
        }
        refused(thread_create(&json!({ "thread_id": 123 })));
        assert_eq!(
            thread_create(&json!({"thread_id": "user:42-thread"}))
                .unwrap()
                .thread_id
                .as_deref(),
            Some("user:42-thread")
        );
    }
}
