//! Runs: what `runs.create`/`runs.wait`/`runs.stream` and the run listings are asked.

use super::{
    check_depth, given, integer_in, kind, object_body, one_of, opt_bool, opt_count, opt_object, opt_string,
    opt_strings, refuse, MAX_RECURSION_LIMIT,
};
use crate::pregel::{Breakpoints, Command, Durability, Goto, Send, StreamMode};
use crate::server::messages::MessageModes;
use crate::server::{IfNotExists, MultitaskStrategy, OnCompletion, RunStatus, ServerError};
use serde_json::{Map, Value};

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
