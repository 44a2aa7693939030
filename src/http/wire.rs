//! Request bodies in the LangGraph server's JSON shapes (snake_case), read into the server
//! layer's types. The HTTP routes and the JS `Client` (which sends the same shapes to the
//! engine) share these readers. Unknown fields are ignored, as the server's schemas do.

use serde_json::{Map, Value};

use crate::pregel::{Breakpoints, StreamMode};
use crate::server::{
    AssistantSearch, HistoryQuery, IfNotExists, MultitaskStrategy, NamespaceOptions, OnCompletion, RunCreate,
    RunStatus, SearchOptions, ServerError, ThreadCreate, ThreadSearch, ThreadStatus,
};

/// Stream modes the LangGraph server knows that produce nothing here (they stream chat-model
/// tokens and LangChain callbacks, which a graph of plain functions does not make). They are
/// accepted so that clients asking for them (React `useStream` does) still work.
const SILENT_MODES: [&str; 3] = ["messages", "messages-tuple", "events"];

pub fn string(body: &Value, key: &str) -> Option<String> {
    body.get(key).and_then(Value::as_str).map(str::to_string)
}

pub fn object(body: &Value, key: &str) -> Option<Map<String, Value>> {
    body.get(key).and_then(Value::as_object).cloned()
}

pub fn number(body: &Value, key: &str) -> Option<usize> {
    body.get(key)
        .and_then(Value::as_u64)
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
}

/// A list of strings (non-strings are skipped).
pub fn strings(body: &Value, key: &str) -> Option<Vec<String>> {
    body.get(key)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
}

/// `checkpoint_id`, or the id inside `checkpoint`.
pub fn checkpoint_id(body: &Value) -> Option<String> {
    string(body, "checkpoint_id").or_else(|| body.get("checkpoint").and_then(|c| string(c, "checkpoint_id")))
}

/// The namespace inside `checkpoint` (a subgraph's state); `None` for the root.
pub fn checkpoint_ns(body: &Value) -> Option<String> {
    body.get("checkpoint")
        .and_then(|c| string(c, "checkpoint_ns"))
        .filter(|ns| !ns.is_empty())
}

fn one_of<T: Copy>(body: &Value, key: &str, choices: &[(&str, T)], default: T) -> Result<T, ServerError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::String(s)) => choices
            .iter()
            .find(|(name, _)| name == s)
            .map(|(_, v)| *v)
            .ok_or_else(|| {
                let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                ServerError::Unprocessable(format!("{key} must be one of {}; got '{s}'", names.join(", ")))
            }),
        Some(other) => Err(ServerError::Unprocessable(format!(
            "{key} must be a string; got {other}"
        ))),
    }
}

fn breakpoints(body: &Value, key: &str) -> Result<Option<Breakpoints>, ServerError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s == "*" => Ok(Some(Breakpoints::All)),
        Some(Value::Array(items)) => items
            .iter()
            .map(|n| n.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(|names| Some(Breakpoints::nodes(names)))
            .ok_or_else(|| ServerError::Unprocessable(format!("{key} must be \"*\" or a list of node names"))),
        Some(_) => Err(ServerError::Unprocessable(format!(
            "{key} must be \"*\" or a list of node names"
        ))),
    }
}

fn stream_modes(body: &Value) -> Result<Vec<StreamMode>, ServerError> {
    let names = match body.get("stream_mode") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(m)) => vec![m.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        Some(other) => {
            return Err(ServerError::Unprocessable(format!(
                "stream_mode must be a string or a list; got {other}"
            )))
        }
    };
    let mut modes = Vec::new();
    for name in names {
        match StreamMode::parse(name) {
            Some(mode) => modes.push(mode),
            None if SILENT_MODES.contains(&name) => {}
            None => return Err(ServerError::Unprocessable(format!("unsupported stream mode '{name}'"))),
        }
    }
    // Only silent modes asked for: the run streams its default (`values`).
    Ok(modes)
}

/// The body of `runs.create` / `wait` / `stream` (without `assistant_id`).
pub fn run_create(body: &Value) -> Result<RunCreate, ServerError> {
    if !body.is_object() {
        return Err(ServerError::Unprocessable("the run must be a JSON object".into()));
    }
    if let Some(command) = body.get("command").filter(|c| !c.is_null()) {
        crate::server::parse_command(command)?;
    }
    Ok(RunCreate {
        // `input: null` and no input both continue the thread.
        input: body.get("input").filter(|v| !v.is_null()).cloned(),
        command: body.get("command").filter(|v| !v.is_null()).cloned(),
        config: body.get("config").cloned().unwrap_or(Value::Null),
        context: body.get("context").cloned().unwrap_or(Value::Null),
        metadata: object(body, "metadata").unwrap_or_default(),
        checkpoint_id: checkpoint_id(body),
        interrupt_before: breakpoints(body, "interrupt_before")?,
        interrupt_after: breakpoints(body, "interrupt_after")?,
        stream_mode: stream_modes(body)?,
        stream_subgraphs: body.get("stream_subgraphs").and_then(Value::as_bool).unwrap_or(false),
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
    })
}

/// Whether the run should be cancelled when its stream's reader goes away.
pub fn cancel_on_disconnect(body: &Value) -> Result<bool, ServerError> {
    one_of(body, "on_disconnect", &[("cancel", true), ("continue", false)], false)
}

pub fn thread_create(body: &Value) -> ThreadCreate {
    ThreadCreate {
        thread_id: string(body, "thread_id"),
        metadata: object(body, "metadata").unwrap_or_default(),
        if_exists_do_nothing: string(body, "if_exists").as_deref() == Some("do_nothing"),
        graph_id: string(body, "graph_id"),
    }
}

pub fn thread_status(name: &str) -> Result<ThreadStatus, ServerError> {
    serde_json::from_value(Value::String(name.to_string()))
        .map_err(|_| ServerError::Unprocessable(format!("unknown thread status '{name}'")))
}

pub fn run_status(name: &str) -> Result<RunStatus, ServerError> {
    serde_json::from_value(Value::String(name.to_string()))
        .map_err(|_| ServerError::Unprocessable(format!("unknown run status '{name}'")))
}

pub fn thread_search(body: &Value) -> Result<ThreadSearch, ServerError> {
    Ok(ThreadSearch {
        metadata: object(body, "metadata"),
        values: object(body, "values"),
        ids: strings(body, "ids"),
        status: string(body, "status").as_deref().map(thread_status).transpose()?,
        limit: number(body, "limit"),
        offset: number(body, "offset"),
        sort_by: string(body, "sort_by"),
        sort_order: string(body, "sort_order"),
    })
}

/// The body of `threads.getHistory`; `before` is a checkpoint id or a config holding one.
pub fn history_query(body: &Value) -> HistoryQuery {
    HistoryQuery {
        limit: number(body, "limit"),
        before: string(body, "before").or_else(|| {
            body.get("before")
                .and_then(|b| b.get("configurable"))
                .and_then(|c| string(c, "checkpoint_id"))
        }),
        metadata: object(body, "metadata"),
        checkpoint_ns: checkpoint_ns(body),
    }
}

pub fn assistant_search(body: &Value) -> AssistantSearch {
    AssistantSearch {
        graph_id: string(body, "graph_id"),
        name: string(body, "name"),
        metadata: object(body, "metadata"),
        limit: number(body, "limit"),
        offset: number(body, "offset"),
    }
}

pub fn search_options(body: &Value) -> SearchOptions {
    SearchOptions {
        filter: object(body, "filter"),
        limit: number(body, "limit"),
        offset: number(body, "offset"),
        query: string(body, "query"),
    }
}

pub fn namespace_options(body: &Value) -> NamespaceOptions {
    NamespaceOptions {
        prefix: strings(body, "prefix"),
        suffix: strings(body, "suffix"),
        max_depth: number(body, "max_depth"),
        limit: number(body, "limit"),
        offset: number(body, "offset"),
    }
}
