//! Assistants and the store.

use super::{
    check_depth, given, integer_in, kind, object_body, one_of, opt_count, opt_object, opt_string, opt_strings,
    opt_value, refuse, required_string, sort_order, MAX_COUNT, MAX_RECURSION_LIMIT,
};
use crate::server::{AssistantSearch, NamespaceOptions, SearchOptions, ServerError};
use serde_json::{Map, Value};

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
