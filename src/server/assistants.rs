//! Assistants, as the LangGraph server has them: a graph with its own `config`, `context` and
//! `metadata`, which runs on it inherit (and override). Created, read, updated (each update is
//! a new version; `setLatest` makes an older one current), deleted, searched and counted.
//!
//! Each registered graph has a system assistant (`metadata.created_by: "system"`) whose id is
//! uuid5 of the graph id, so the graph id works as an assistant id; its config and context are
//! the graph's defaults. Schemas and drawings of an assistant are its graph's.
//!
//! With storage, the assistants users create are kept like threads: the current one (`assistants`)
//! and every version (`assistant_versions`) are written when they change and restored by
//! `Server::load`. Before one is changed it is read again from storage, so that a change another
//! tab made is built on, never overwritten; reads use what this page loaded and changed. System assistants are not stored: they are made from the configured
//! graphs at every start, so the graph's defaults as configured now always win (the LangGraph
//! server instead keeps a stored system assistant as it is, `if_exists: "do_nothing"`; here the
//! configuration is code that ships with the page, and a stale stored copy would hide its
//! changes). A stored assistant whose graph is no longer configured is still listed; building
//! or running its graph is the server's 404 `Graph "…" not found`.

use serde_json::{json, Map, Value};

use super::graphs::GraphDef;
use super::request::{AssistantCreate, AssistantPatch, AssistantVersions};
use super::storage::AssistantRecords;
use super::{new_id, now, Assistant, Server, ServerError};
use crate::graph::CompiledGraph;

/// The LangGraph server's namespace for assistant ids derived from graph ids.
const NAMESPACE_GRAPH: uuid::Uuid = uuid::Uuid::from_u128(0x6ba7b821_9dad_11d1_80b4_00c04fd430c8);

fn not_found() -> ServerError {
    ServerError::NotFound("Assistant not found".into())
}

/// The id of a graph's system assistant.
pub(crate) fn system_id(graph_id: &str) -> String {
    uuid::Uuid::new_v5(&NAMESPACE_GRAPH, graph_id.as_bytes()).to_string()
}

/// The system assistant of each graph (version 1, which is also its only version).
pub(crate) fn system_assistants<'a>(graphs: impl Iterator<Item = (&'a String, &'a GraphDef)>) -> Vec<Assistant> {
    let at = now();
    graphs
        .map(|(graph_id, def)| {
            let mut metadata = Map::new();
            metadata.insert("created_by".into(), Value::String("system".into()));
            Assistant {
                assistant_id: system_id(graph_id),
                graph_id: graph_id.clone(),
                config: Value::Object(def.config.clone()),
                context: Value::Object(def.context.clone()),
                metadata,
                version: 1,
                name: graph_id.clone(),
                description: None,
                created_at: at.clone(),
                updated_at: at.clone(),
            }
        })
        .collect()
}

/// Options of `assistants.search` and `assistants.count`.
#[derive(Clone, Debug, Default)]
pub struct AssistantSearch {
    pub graph_id: Option<String>,
    /// Part of the name, in any case.
    pub name: Option<String>,
    pub metadata: Option<Map<String, Value>>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// `assistant_id`, `graph_id`, `name`, `created_at` (default), `updated_at`.
    pub sort_by: Option<String>,
    /// `desc` (default) or `asc`.
    pub sort_order: Option<String>,
    /// Only these fields of each assistant.
    pub select: Option<Vec<String>>,
}

/// Whether `have` holds every entry of `want`, nested objects by their own entries (the
/// server's JSONB containment).
pub(crate) fn contains(have: &Map<String, Value>, want: &Map<String, Value>) -> bool {
    want.iter().all(|(k, v)| match (have.get(k), v) {
        (Some(Value::Object(h)), Value::Object(w)) => contains(h, w),
        (Some(h), w) => h == w,
        (None, _) => false,
    })
}

/// An assistant (or version) as JSON, keeping only `select`ed fields when given.
fn selected(assistant: &Assistant, select: Option<&[String]>) -> Value {
    let value = serde_json::to_value(assistant).unwrap_or(Value::Null);
    match (value, select) {
        (Value::Object(map), Some(fields)) => {
            Value::Object(map.into_iter().filter(|(k, _)| fields.iter().any(|f| f == k)).collect())
        }
        (value, _) => value,
    }
}

impl Server {
    /// The assistant with this id, or the system assistant of the graph with this id.
    pub fn assistant(&self, id: &str) -> Result<Assistant, ServerError> {
        let assistants = self.inner.assistants.borrow();
        let found = match assistants.get(id) {
            Some(assistant) => Some(assistant),
            None if self.inner.graphs.contains_key(id) => assistants.get(&system_id(id)),
            None => None,
        };
        found.cloned().ok_or_else(not_found)
    }

    /// The id an assistant id or graph id stands for.
    fn resolve_assistant_id(&self, id: &str) -> String {
        if !self.inner.assistants.borrow().contains_key(id) && self.inner.graphs.contains_key(id) {
            return system_id(id);
        }
        id.to_string()
    }

    /// Whether `assistant_id` is the system assistant of a configured graph: made from the
    /// configuration at every start, never stored.
    pub(crate) fn is_system_assistant(&self, assistant_id: &str) -> bool {
        self.inner
            .graphs
            .keys()
            .any(|graph_id| system_id(graph_id) == assistant_id)
    }

    /// The assistant's versions, oldest first.
    fn versions_of(&self, assistant_id: &str) -> Vec<Assistant> {
        self.inner
            .assistant_versions
            .borrow()
            .iter()
            .filter(|((id, _), _)| id == assistant_id)
            .map(|(_, version)| version.clone())
            .collect()
    }

    /// Re-reads an assistant and its versions from storage, where another tab may have created,
    /// changed or deleted it since this page loaded (without this, two tabs updating one
    /// assistant would both write "version 2"). This page's unsaved changes are saved first.
    async fn refresh_assistant(&self, id: &str) -> Result<(), ServerError> {
        let Some(storage) = self.inner.storage.clone() else {
            return Ok(());
        };
        let assistant_id = self.resolve_assistant_id(id);
        if self.is_system_assistant(&assistant_id) {
            return Ok(());
        }
        self.flush().await?;
        let AssistantRecords {
            assistant,
            versions,
            quarantined,
        } = storage.load_assistant(&assistant_id).await?;
        self.inner.quarantined.borrow_mut().extend(quarantined);
        // Read from storage: not changes of ours to write back.
        let mut loaded = self.inner.assistant_versions.borrow_mut();
        let old: Vec<(String, i64)> = loaded.keys().filter(|(a, _)| *a == assistant_id).cloned().collect();
        for key in old {
            loaded.unload(&key);
        }
        match assistant {
            Some(assistant) => {
                self.inner.assistants.borrow_mut().load(assistant_id.clone(), assistant);
                // (Versions of an assistant storage no longer has are left out, as on load.)
                for version in versions.into_iter().filter(|v| v.assistant_id == assistant_id) {
                    loaded.load((assistant_id.clone(), version.version), version);
                }
            }
            None => drop(self.inner.assistants.borrow_mut().unload(&assistant_id)),
        }
        Ok(())
    }

    /// The assistant a run names, with the server's wording when there is none.
    pub(crate) fn run_assistant(&self, id: &str) -> Result<Assistant, ServerError> {
        self.assistant(id).map_err(|_| {
            ServerError::NotFound(format!(
                "No assistant found for \"{id}\". Make sure the assistant ID is for a valid assistant or a valid graph ID."
            ))
        })
    }

    /// Creates an assistant (version 1). With `if_exists: "do_nothing"` an existing one is
    /// returned as it is; otherwise an existing id is a 409.
    pub async fn assistants_create(&self, body: AssistantCreate) -> Result<Assistant, ServerError> {
        let assistant_id = match body.assistant_id {
            Some(id) => {
                // Another tab may have taken the id.
                self.refresh_assistant(&id).await?;
                id
            }
            None => new_id(),
        };
        if let Some(existing) = self.inner.assistants.borrow().get(&assistant_id) {
            return if body.if_exists_do_nothing {
                Ok(existing.clone())
            } else {
                Err(ServerError::Conflict("Assistant already exists".into()))
            };
        }
        // A config the graph's factory cannot build from is refused now, not at the first run.
        self.graph_for(&body.graph_id, &body.config).await?;
        let at = now();
        let assistant = Assistant {
            assistant_id: assistant_id.clone(),
            name: body
                .name
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| body.graph_id.clone()),
            graph_id: body.graph_id,
            config: Value::Object(body.config),
            context: Value::Object(body.context),
            metadata: body.metadata,
            version: 1,
            description: body.description,
            created_at: at.clone(),
            updated_at: at,
        };
        self.inner
            .assistant_versions
            .borrow_mut()
            .insert((assistant_id.clone(), 1), assistant.clone());
        self.inner
            .assistants
            .borrow_mut()
            .insert(assistant_id, assistant.clone());
        Ok(assistant)
    }

    /// Applies `patch` as a new version, which becomes the current one. Metadata is merged;
    /// the other given fields replace the current ones.
    pub async fn assistants_update(&self, id: &str, patch: AssistantPatch) -> Result<Assistant, ServerError> {
        self.refresh_assistant(id).await?;
        let current = self.assistant(id)?;
        let graph_id = patch.graph_id.clone().unwrap_or_else(|| current.graph_id.clone());
        let config = match &patch.config {
            Some(config) => config.clone(),
            None => current.config.as_object().cloned().unwrap_or_default(),
        };
        if patch.graph_id.is_some() || patch.config.is_some() {
            self.graph_for(&graph_id, &config).await?;
        }
        let assistant_id = current.assistant_id;
        let next = self
            .versions_of(&assistant_id)
            .iter()
            .map(|v| v.version)
            .max()
            .unwrap_or(0)
            + 1;
        let mut assistants = self.inner.assistants.borrow_mut();
        let a = assistants.get_mut(&assistant_id).ok_or_else(not_found)?;
        a.graph_id = graph_id;
        a.config = Value::Object(config);
        if let Some(context) = patch.context {
            a.context = Value::Object(context);
        }
        if let Some(name) = patch.name {
            a.name = name;
        }
        if let Some(description) = patch.description {
            a.description = Some(description);
        }
        if let Some(metadata) = patch.metadata {
            a.metadata.extend(metadata);
        }
        let at = now();
        a.version = next;
        a.updated_at = at.clone();
        let mut version = a.clone();
        version.created_at = at;
        let updated = a.clone();
        self.inner
            .assistant_versions
            .borrow_mut()
            .insert((assistant_id, next), version);
        Ok(updated)
    }

    /// Deletes the assistant with its versions and its runs (cancelling those in flight); with
    /// `delete_threads`, also the threads whose metadata names it. Returns the deleted id.
    pub async fn assistants_delete(&self, id: &str, delete_threads: bool) -> Result<Vec<String>, ServerError> {
        self.refresh_assistant(id).await?;
        let assistant_id = self.assistant(id)?.assistant_id;
        self.inner.assistants.borrow_mut().remove(&assistant_id);
        {
            let mut versions = self.inner.assistant_versions.borrow_mut();
            let keys: Vec<(String, i64)> = versions.keys().filter(|(a, _)| *a == assistant_id).cloned().collect();
            for key in keys {
                versions.remove(&key);
            }
        }
        let runs: Vec<String> = self
            .inner
            .runs
            .borrow()
            .values()
            .filter(|e| !e.foreign && e.run.assistant_id == assistant_id)
            .map(|e| e.run.run_id.clone())
            .collect();
        for run_id in runs {
            // A run in flight is cancelled first, so that its thread does not stay busy.
            self.runs_cancel_by_id(&run_id, false).await?;
            self.forget_run(&run_id);
        }
        if delete_threads {
            let threads: Vec<String> = self
                .inner
                .threads
                .borrow()
                .values()
                .filter(|t| t.metadata.get("assistant_id").and_then(Value::as_str) == Some(assistant_id.as_str()))
                .map(|t| t.thread_id.clone())
                .collect();
            for thread_id in threads {
                self.threads_delete(&thread_id).await?;
            }
        }
        Ok(vec![assistant_id])
    }

    fn assistants_matching(&self, query: &AssistantSearch) -> Vec<Assistant> {
        let name = query.name.as_ref().map(|n| n.to_ascii_lowercase());
        let mut found: Vec<Assistant> = self
            .inner
            .assistants
            .borrow()
            .values()
            .filter(|a| query.graph_id.as_ref().is_none_or(|g| *g == a.graph_id))
            .filter(|a| {
                name.as_ref()
                    .is_none_or(|n| a.name.to_ascii_lowercase().contains(n.as_str()))
            })
            .filter(|a| query.metadata.as_ref().is_none_or(|m| contains(&a.metadata, m)))
            .cloned()
            .collect();
        let key = |a: &Assistant| match query.sort_by.as_deref() {
            Some("assistant_id") => a.assistant_id.clone(),
            Some("graph_id") => a.graph_id.clone(),
            Some("name") => a.name.clone(),
            Some("updated_at") => a.updated_at.clone(),
            _ => a.created_at.clone(),
        };
        crate::sorted::sort_by_key(&mut found, key);
        if query.sort_order.as_deref() != Some("asc") {
            found.reverse();
        }
        found
    }

    /// Assistants matching `query`, newest first by default, as JSON (only `select`ed fields).
    pub fn assistants_search(&self, query: &AssistantSearch) -> Vec<Value> {
        self.assistants_matching(query)
            .iter()
            .skip(query.offset.unwrap_or(0))
            .take(query.limit.unwrap_or(10))
            .map(|a| selected(a, query.select.as_deref()))
            .collect()
    }

    pub fn assistants_count(&self, query: &AssistantSearch) -> usize {
        self.assistants_matching(query).len()
    }

    /// The assistant's versions, newest first (404 when there is none to show).
    pub fn assistant_versions(&self, id: &str, query: &AssistantVersions) -> Result<Vec<Value>, ServerError> {
        let assistant_id = self.assistant(id)?.assistant_id;
        let mut versions: Vec<Assistant> = self
            .versions_of(&assistant_id)
            .into_iter()
            .filter(|v| query.metadata.as_ref().is_none_or(|m| contains(&v.metadata, m)))
            .collect();
        crate::sorted::sort_by_key(&mut versions, |v| std::cmp::Reverse(v.version));
        let out: Vec<Value> = versions
            .iter()
            .skip(query.offset.unwrap_or(0))
            .take(query.limit.unwrap_or(10))
            .map(|v| {
                let mut value = selected(v, None);
                if let Value::Object(map) = &mut value {
                    map.remove("updated_at");
                }
                value
            })
            .collect();
        if out.is_empty() {
            return Err(ServerError::NotFound(format!(
                "Assistant \"{assistant_id}\" not found."
            )));
        }
        Ok(out)
    }

    /// Makes version `version` the current one.
    pub async fn assistant_set_latest(&self, id: &str, version: i64) -> Result<Assistant, ServerError> {
        self.refresh_assistant(id).await?;
        let assistant_id = self.assistant(id)?.assistant_id;
        let chosen = self
            .inner
            .assistant_versions
            .borrow()
            .get(&(assistant_id.clone(), version))
            .cloned()
            .ok_or_else(|| ServerError::NotFound("Assistant version not found".into()))?;
        let mut assistants = self.inner.assistants.borrow_mut();
        let a = assistants.get_mut(&assistant_id).ok_or_else(not_found)?;
        a.graph_id = chosen.graph_id;
        a.config = chosen.config;
        a.context = chosen.context;
        a.metadata = chosen.metadata;
        a.name = chosen.name;
        a.description = chosen.description;
        a.version = chosen.version;
        a.updated_at = now();
        Ok(a.clone())
    }

    /// The assistant's graph, built with its config.
    pub(crate) async fn assistant_graph_of(&self, id: &str) -> Result<(Assistant, CompiledGraph), ServerError> {
        let assistant = self.assistant(id)?;
        let config = assistant.config.as_object().cloned().unwrap_or_default();
        let graph = self.graph_for(&assistant.graph_id, &config).await?;
        Ok((assistant, graph))
    }

    /// `{nodes, edges}` of an assistant's graph.
    pub async fn assistant_graph(&self, id: &str) -> Result<Value, ServerError> {
        Ok(self.assistant_graph_of(id).await?.1.get_graph().to_value())
    }

    /// JSON Schemas of what the assistant's graph declares: state, input, output, config and
    /// context.
    pub async fn assistant_schemas(&self, id: &str) -> Result<Value, ServerError> {
        let (assistant, graph) = self.assistant_graph_of(id).await?;
        let schemas = graph.json_schemas();
        Ok(json!({
            "graph_id": assistant.graph_id,
            "input_schema": schemas.input,
            "output_schema": schemas.output,
            "state_schema": schemas.state,
            "config_schema": schemas.config,
            "context_schema": schemas.context,
        }))
    }

    /// The subgraphs of an assistant's graph: namespace → `{state, input, output, config,
    /// context}` schemas. Only those at `namespace` (and, with `recurse`, below it); nested ones
    /// are named `parent|child`.
    pub async fn assistant_subgraphs(
        &self,
        id: &str,
        namespace: Option<&str>,
        recurse: bool,
    ) -> Result<Value, ServerError> {
        let (_, graph) = self.assistant_graph_of(id).await?;
        let mut found = Vec::new();
        graph.find_subgraphs(namespace, recurse, &mut found);
        let out: Map<String, Value> = found
            .into_iter()
            .map(|(ns, sub)| {
                let s = sub.json_schemas();
                let schemas = json!({
                    "state": s.state, "input": s.input, "output": s.output, "config": s.config, "context": s.context,
                });
                (ns, schemas)
            })
            .collect();
        Ok(Value::Object(out))
    }
}
